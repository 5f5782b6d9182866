"""Long articles in pieces: parse and extract an article of any size in bounded memory.

spaCy's memory grows with the text it holds as one :class:`~spacy.tokens.Doc`,
and so does the extraction's (the mentions of the whole article are resolved
together, the claims of the whole article are merged pairwise): a 1 MB
article used about 1 GB, a 20 MB one more than 2 GB. An article longer than
a bound (:data:`DEFAULT_PIECE_CHARS` characters) is therefore cut into
pieces at paragraph boundaries (:func:`cut_pieces`; a paragraph longer than
the bound at sentence ends), and each piece is parsed and extracted on its
own as a sub-:class:`~newskg.model.Article` (:func:`piece_article`), one
after the other, its Doc dropped before the next one is parsed. The pieces'
results are folded, one at a time, into the article's (:func:`combine_results`):
quote offsets shifted back into the whole article, entities united by key,
the entity limit applied to the whole article.

An article no longer than the bound is one piece and is extracted exactly
as before. In a longer one, what links sentences of different pieces is not
seen: a name shortened in a later piece ("le Nord" for a state named in an
earlier piece), a recipient elided after a piece boundary, and the looser
merge of reports within one article (two claims of one event in different
pieces stay two claims; the build's cross-article merge still joins them
when they report the same event). A piece is some fifteen thousand words,
so these losses are rare and local.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from newskg.model import Article, ArticleResult, Claim, EntityRef

__all__ = [
    "DEFAULT_PIECE_CHARS",
    "PIECE_CHARS_ENV",
    "combine_results",
    "cut_pieces",
    "extract_in_pieces",
    "piece_article",
    "piece_chars",
    "watch_pieces",
]

#: Characters of article text parsed as one spaCy Doc at most. Measured on
#: generated AFP-like copy (bench/bench_big_article.py): a piece of this size
#: peaks at a few hundred MB above the loaded model, whatever the article's size.
DEFAULT_PIECE_CHARS = 100_000

#: Environment variable that overrides :data:`DEFAULT_PIECE_CHARS` (for
#: benchmarks: a huge value parses every article whole, as before pieces).
PIECE_CHARS_ENV = "NEWSKG_PIECE_CHARS"

# Paragraphs end after a blank line, as newskg.nlp.boundaries.split_paragraphs
# cuts them for spaCy (kept in step with it: a piece boundary is always one of
# the parser's paragraph boundaries, so a piece parses as it would within the
# whole article).
_PARAGRAPH = re.compile(r".*?(?:\n[^\S\n]*\n\s*|\Z)", re.S)

# A sentence end: final punctuation (and closing quotes or brackets), white
# space, then what starts a sentence (a capital, possibly after an opening
# quote or a dash). The cut falls after the white space.
_SENTENCE_END = re.compile(r"[.!?…][»\"”’)\]]*\s+(?=[«\"“(\[—–-]?\s*[A-ZÀ-ÖØ-Þ])")
# A full stop after these is an abbreviation before a name ("M. Zelensky"), not
# a sentence end; so is one after a lone capital (an initial: "J. Biden").
_ABBREVIATIONS = frozenset((
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "mgr", "st", "ste", "gén", "gal",
    "col", "cdt", "lt", "sgt", "cap", "adm", "art", "av", "bd", "etc", "cf", "vol", "no",
    "env", "min", "max",
))  # fmt: skip
_LAST_WORD = re.compile(r"(\w+)$")


#: Told ``(identifier, pieces done, pieces in all)`` before an article's first piece
#: (done 0) and after each piece: how a progress display follows a long article.
PieceWatcher = Callable[[str, int, int], None]

_WATCHERS: list[PieceWatcher] = []


@contextmanager
def watch_pieces(watcher: PieceWatcher) -> Iterator[None]:
    """Call ``watcher`` as the articles cut into pieces progress, within the ``with`` block.

    Only articles extracted in this process are seen (the build's default, one
    worker); pieces parsed by worker processes or on Dask are not reported.
    """
    _WATCHERS.append(watcher)
    try:
        yield
    finally:
        _WATCHERS.remove(watcher)


def _tell(identifier: str, done: int, total: int) -> None:
    for watcher in tuple(_WATCHERS):
        watcher(identifier, done, total)


def piece_chars(default: int = DEFAULT_PIECE_CHARS) -> int:
    """The piece bound: ``$NEWSKG_PIECE_CHARS`` when set to a positive integer, else ``default``."""
    value = os.environ.get(PIECE_CHARS_ENV, "").strip().replace("_", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return default


def _paragraph_spans(text: str) -> Iterable[tuple[int, int]]:
    for m in _PARAGRAPH.finditer(text):
        if m.end() > m.start():
            yield m.start(), m.end()


def _sentence_spans(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """``text[start:end]`` cut after each sentence end (the white space stays with the sentence)."""
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, max(start, m.start() - 12), m.start()):
            continue
        if m.end() < end:
            yield pos, m.end()
            pos = m.end()
    if pos < end:
        yield pos, end


def _is_abbreviation(text: str, start: int, end: int) -> bool:
    word = _LAST_WORD.search(text, start, end)
    if word is None:
        return False
    w = word.group(1)
    return (len(w) == 1 and w.isupper()) or w.lower() in _ABBREVIATIONS


def _hard_spans(text: str, start: int, end: int, bound: int) -> Iterable[tuple[int, int]]:
    """A sentence longer than ``bound`` (no punctuation: a list, a table) cut at white space."""
    pos = start
    while end - pos > bound:
        cut = pos + bound
        space = text.rfind(" ", pos + 1, cut)
        newline = text.rfind("\n", pos + 1, cut)
        best = max(space, newline)
        cut = best + 1 if best > pos else cut
        yield pos, cut
        pos = cut
    if pos < end:
        yield pos, end


def _segments(text: str, bound: int) -> Iterable[tuple[int, int]]:
    """Paragraphs; a paragraph longer than ``bound`` as its sentences (or smaller)."""
    for start, end in _paragraph_spans(text):
        if end - start <= bound:
            yield start, end
            continue
        for s, e in _sentence_spans(text, start, end):
            if e - s <= bound:
                yield s, e
            else:
                yield from _hard_spans(text, s, e, bound)


def cut_pieces(text: str, bound: int) -> list[tuple[int, int]]:
    """``[start, end)`` spans of ``text``, each at most ``bound`` characters, that tile it.

    Pieces are whole paragraphs packed in order while they fit; a paragraph
    longer than ``bound`` is cut at sentence ends (final punctuation, white
    space, a capital), and only a sentence longer than ``bound`` is cut at
    white space. The spans are contiguous and cover the whole text, so
    ``"".join(text[s:e] for s, e in spans) == text``. A text no longer than
    ``bound`` is one piece.
    """
    if bound < 1:
        raise ValueError(f"the piece bound must be positive, not {bound}")
    if len(text) <= bound:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    start = end = 0
    for s, e in _segments(text, bound):
        if e - start > bound and end > start:
            spans.append((start, end))
            start = s
        end = e
    if end > start:
        spans.append((start, end))
    return spans


def piece_article(article: Article, start: int, end: int) -> tuple[Article, int]:
    """The piece ``article.text[start:end]`` as an article, and where its original starts.

    The sub-article keeps the article's identifier, date, title and the other
    fields extraction reads; its ``original`` is the slice of the article's
    original that the piece's text comes from (with its offset map cut to the
    piece and rebased to that slice: :meth:`~newskg.io.offsets.OffsetMap.window`),
    so a claim's quote in the piece is the same text as in the article and its
    offsets only need the returned shift added.
    """
    text = article.text
    if not article.offset_runs:
        return replace(article, text=text[start:end], original=article.original[start:end]), start
    offsets = article.offsets
    o_start = offsets[start] if start < len(offsets) else len(article.original)
    o_end = offsets[end] if end < len(offsets) else len(article.original)
    sub = replace(
        article,
        text=text[start:end],
        original=article.original[o_start:o_end],
        offset_runs=offsets.window(start, end, o_start).runs,
    )
    return sub, o_start


def _first_seen(ref: EntityRef, text: str) -> int:
    """Where ``ref`` is first named in ``text`` (for the order of first mention)."""
    found = [i for i in (text.find(n) for n in ref.names if n) if i >= 0]
    return min(found) if found else len(text)


def _involves(claim: Claim, keys: set[str]) -> bool:
    return claim.claimant in keys or any(k in keys for _, k in claim.event.roles)


class _Combined:
    """The pieces' results folded one at a time into the article's.

    Only what the article's result needs is kept (claims, entities, where
    each entity is first named, warnings); a piece's result, its text and
    its sub-article are dropped once folded, so a long article's pieces are
    never held together.
    """

    __slots__ = ("claims", "entities", "first", "warnings")

    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self.entities: dict[str, EntityRef] = {}
        self.first: dict[str, tuple[int, int]] = {}
        self.warnings: list[str] = []

    def add(self, index: int, result: ArticleResult, shift: int) -> None:
        """Fold piece ``index``'s result, its original starting at ``shift`` in the article's."""
        for claim in result.claims:
            self.claims.append(
                replace(claim, start=claim.start + shift, end=claim.end + shift) if shift else claim
            )
        for ref in result.entities:
            seen = self.entities.get(ref.key)
            if seen is None:
                self.entities[ref.key] = ref
                self.first[ref.key] = (index, _first_seen(ref, result.article.text))
            elif not set(ref.names) <= set(seen.names):
                names = tuple(sorted({*seen.names, *ref.names}))
                self.entities[ref.key] = replace(seen, names=names)
        self.warnings.extend(w for w in result.warnings if w not in self.warnings)

    def result(self, article: Article, max_entities: int | None) -> ArticleResult:
        """The article's result, the entity limit applied to the whole article."""
        claims, warnings = self.claims, self.warnings
        first = self.first
        keys = sorted(self.entities, key=lambda k: (first[k], k))  # in order of first mention
        if max_entities is not None and len(keys) > max_entities:
            dropped = set(keys[max_entities:])
            kept_claims = [c for c in claims if not _involves(c, dropped)]
            warnings.append(
                f"entity limit: {len(keys)} entities, kept the first {max_entities} "
                f"and {len(claims) - len(kept_claims)} claims involving the others were dropped"
            )
            claims = kept_claims
            keys = keys[:max_entities]
        return ArticleResult(
            article=article,
            entities=tuple(self.entities[k] for k in sorted(keys)),
            claims=tuple(claims),
            warnings=tuple(warnings),
        )


def combine_results(
    article: Article,
    parts: Sequence[tuple[ArticleResult, int]],
    *,
    max_entities: int | None = None,
) -> ArticleResult:
    """One article's result from its pieces' results, each given with its original offset.

    Claims keep their order (the pieces' order) with ``start``/``end``
    shifted by the piece's offset into the article's original text; an
    entity seen in several pieces is one entity (the first piece's kind,
    label and affiliation, every piece's names); ``max_entities`` keeps the
    entities first mentioned first, in the whole article, and drops the
    claims involving the others, with the same warning a whole article gets.
    The pieces must have been extracted without an entity limit.
    """
    combined = _Combined()
    for index, (result, shift) in enumerate(parts):
        combined.add(index, result, shift)
    return combined.result(article, max_entities)


def extract_in_pieces(
    article: Article,
    bound: int,
    extract_piece: Callable[[Article], ArticleResult],
    *,
    max_entities: int | None = None,
) -> ArticleResult:
    """Extract ``article`` piece by piece with ``extract_piece`` and combine the results.

    ``extract_piece`` parses one sub-article and extracts it without an
    entity limit; it is called on one piece at a time, and each piece's
    result is folded into the article's before the next piece is cut, so
    only one piece's Doc, sub-article and result exist at once (as
    :func:`combine_results` would combine them all). Watchers
    (:func:`watch_pieces`) are told of each piece done. An article no longer
    than ``bound`` is not cut: the caller extracts it whole, as before (this
    function is for longer ones).
    """
    combined = _Combined()
    spans = cut_pieces(article.text, bound)
    _tell(article.identifier, 0, len(spans))
    for index, (start, end) in enumerate(spans):
        sub, shift = piece_article(article, start, end)
        combined.add(index, extract_piece(sub), shift)
        _tell(article.identifier, index + 1, len(spans))
    return combined.result(article, max_entities)
