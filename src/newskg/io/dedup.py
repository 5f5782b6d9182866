"""Duplicates: the same text again is refused; a near-duplicate is recorded on the article."""

from __future__ import annotations

import dataclasses
import hashlib
import re

from newskg.errors import InputError
from newskg.model import Article

__all__ = ["Deduplicator", "content_hash", "jaccard", "shingles"]

_WORD = re.compile(r"\w+")


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` with whitespace collapsed: the identity of an article's text.

    >>> content_hash("a  b\\n\\nc") == content_hash("a b c")
    True
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 5) -> frozenset[tuple[str, ...]]:
    """The set of ``size``-word sequences of ``text`` (case-folded words)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) <= size:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Jaccard similarity of two shingle sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


class Deduplicator:
    """Remembers the articles seen in one read and checks each new one against them.

    An article whose ``content_hash`` was seen before becomes an
    ``InputError(..., "duplicate", ...)``; one whose shingle Jaccard similarity
    with an earlier article is at least ``threshold`` is kept, with the earlier
    identifiers in ``near_duplicate_of``. Comparison is pairwise, which suits
    batches of news articles (thousands), not web-scale corpora.
    """

    def __init__(self, *, threshold: float = 0.8, size: int = 5) -> None:
        self.threshold = threshold
        self.size = size
        self._by_hash: dict[str, str] = {}
        self._seen: list[tuple[str, frozenset[tuple[str, ...]]]] = []

    def check(self, article: Article, label: str) -> Article | InputError:
        """``article`` (possibly with ``near_duplicate_of`` set) or a ``duplicate`` error."""
        earlier = self._by_hash.get(article.content_hash)
        if earlier is not None:
            return InputError(label, "duplicate", f"same text as {earlier}")
        self._by_hash[article.content_hash] = article.identifier
        mine = shingles(article.text, self.size)
        near = tuple(
            identifier
            for identifier, theirs in self._seen
            if jaccard(mine, theirs) >= self.threshold
        )
        self._seen.append((article.identifier, mine))
        if near:
            article = dataclasses.replace(article, near_duplicate_of=near)
        return article
