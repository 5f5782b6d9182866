"""Token-level name keys, so multi-token names can be looked up by n-gram.

:func:`newskg.text.name_key` of a name equals the space-joined
:func:`token_key` of its tokens, which lets the mention finder look up every
token n-gram of a document in a dictionary of KB names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from spacy.attrs import ORTH
from spacy.tokens import Doc

from newskg.text import name_key

__all__ = ["NgramIndex", "token_key", "token_keys"]


@lru_cache(maxsize=1 << 16)
def token_key(text: str) -> str:
    """The name key of one token (may hold several words: ``état-major`` -> ``etat major``).

    Cached: a corpus repeats the same few thousand words, and every token of
    every article is keyed.
    """
    return name_key(text)


def token_keys(doc: Doc) -> list[str]:
    """:func:`token_key` of every token of ``doc``, read from its array of texts.

    The same as ``[token_key(t.text) for t in doc]`` without making a
    :class:`~spacy.tokens.Token` object per token (the mention layer keys
    every token of every article).
    """
    strings = doc.vocab.strings
    return [token_key(strings[orth]) for orth in doc.to_array(ORTH).tolist()]


class NgramIndex:
    """Longest-match lookup of token n-grams in a ``{name key: values}`` table.

    The n-grams grown from a token stop as soon as they are no longer the
    beginning of some name (every word prefix of every key is indexed), so
    a name of any length is found ("Cadre stratégique permanent pour la
    défense du peuple de l'Azawad", twelve tokens) at the cost of the few
    words that can still begin a name. ``max_tokens`` only bounds a match
    when given (``None``: as long as the longest name).
    """

    def __init__(
        self, table: Mapping[str, Sequence[str]], *, max_tokens: int | None = None
    ) -> None:
        self._table = dict(table)
        self._prefixes: set[str] = set()
        for k in self._table:
            words = k.split(" ")
            for n in range(1, len(words) + 1):
                self._prefixes.add(" ".join(words[:n]))
        self._first_words = {k.split(" ", 1)[0] for k in self._table if k}
        # a token may key to several words ("état-major"), never to fewer than one,
        # and punctuation tokens (empty keys) sit between words: twice the words bound it
        longest = max((len(k.split(" ")) for k in self._table), default=1)
        self._max = max_tokens if max_tokens is not None else 2 * longest + 1

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def get(self, key: str) -> Sequence[str]:
        return self._table.get(key, ())

    def matches(
        self, doc: Doc, keys: Sequence[str] | None = None
    ) -> Iterable[tuple[int, int, Sequence[str]]]:
        """Yield ``(start, end, values)`` for the longest match starting at each token.

        ``keys`` are the tokens' :func:`token_keys`, if the caller has them.
        """
        if keys is None:
            keys = token_keys(doc)
        n = len(doc)
        for i in range(n):
            if not keys[i] or keys[i].split(" ", 1)[0] not in self._first_words:
                continue
            best: tuple[int, Sequence[str]] | None = None
            parts: list[str] = []
            for j in range(i, min(n, i + self._max)):
                if keys[j]:
                    parts.append(keys[j])
                    joined = " ".join(parts)
                    if joined not in self._prefixes:
                        break  # no name goes on like this
                    found = self._table.get(joined)
                    if found:  # a match never ends on punctuation
                        best = (j + 1, found)
                elif j == i:
                    break
                if doc[j].is_sent_end and j > i:
                    break
            if best is not None:
                yield i, best[0], best[1]
