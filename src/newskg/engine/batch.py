"""The per-article stage as one function of a batch of articles: :func:`extract_batch`.

It is what every engine runs (in this process, in a worker process, on a
Dask worker): parse the batch with spaCy, extract each article, and return
each article's result in the extraction cache's JSON form
(:func:`newskg.cache.result_to_json`), which is small, picklable and what
the build caches anyway. The knowledge base and the spaCy pipeline are
prepared once per process and reused by every batch.

An article longer than ``settings.piece_chars`` is parsed and extracted in
pieces, one after the other (:mod:`newskg.engine.pieces`), so that memory
stays bounded whatever the article's size; shorter articles are parsed
together in the batch, as one Doc each.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newskg.engine.pieces import cut_pieces, extract_in_pieces, piece_chars
from newskg.kb import KnowledgeBase
from newskg.model import Article, ArticleResult

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    # One article after parse_batch: its Doc, the exception parsing it raised,
    # or None for an article parsed in pieces (later, by extract_parsed).
    Parsed = Doc | Exception | None

__all__ = ["ExtractSettings", "Outcome", "extract_batch", "extract_parsed", "parse_batch"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """What the per-article stage needs, sent once to every worker."""

    model: str
    kb: KnowledgeBase
    batch_size: int = 32
    max_entities: int = 500
    # Articles longer than this many characters are parsed and extracted in pieces
    # (default 100,000, or $NEWSKG_PIECE_CHARS, read where the settings are made).
    piece_chars: int = field(default_factory=piece_chars)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One article's result (the cache's JSON form), or why it failed."""

    identifier: str
    result: dict[str, Any] | None
    error: str | None = None
    model: tuple[str, str] = ("", "")


def extract_batch(articles: Sequence[Article], settings: ExtractSettings) -> list[Outcome]:
    """Parse and extract ``articles``; one :class:`Outcome` per article, in order.

    A failure is isolated to its article: if spaCy fails on the batch, the
    articles are parsed again one by one, and an extraction that raises
    gives an outcome with ``error`` set.
    """
    return extract_parsed(articles, parse_batch(articles, settings), settings)


def parse_batch(articles: Sequence[Article], settings: ExtractSettings) -> list[Parsed]:
    """Parse the articles of ``articles`` that are parsed whole, together: one item each.

    Each item is the article's Doc, the exception that parsing it raised, or
    ``None`` for an article longer than ``settings.piece_chars`` (parsed
    piece by piece by :func:`extract_parsed`). It only reads the shared
    pipeline, so it may run in a thread while :func:`extract_parsed` reads
    the previous batch's Docs (see :func:`newskg.engine.run.run_engine`).
    """
    from newskg.nlp import load_pipeline, parse  # noqa: PLC0415

    nlp, _ = load_pipeline(settings.model, settings.kb)
    bound = settings.piece_chars
    texts = [a.text for a in articles if len(a.text) <= bound]  # parsed together, one Doc each
    docs: list[Doc | Exception]
    try:
        docs = list(parse(nlp, texts))
    except Exception:  # one text broke the batch: parse them alone to find it
        log.exception("batch parse failed; parsing its %d articles one by one", len(texts))
        docs = []
        for text in texts:
            try:
                docs.extend(parse(nlp, [text]))
            except Exception as exc:  # reported with the article's name below
                docs.append(exc)
    parsed = iter(docs)
    return [next(parsed) if len(a.text) <= bound else None for a in articles]


def extract_parsed(
    articles: Sequence[Article], parsed: Sequence[Parsed], settings: ExtractSettings
) -> list[Outcome]:
    """Extract each article of ``articles`` from its item of ``parsed`` (:func:`parse_batch`)."""
    from newskg.cache import result_to_json  # noqa: PLC0415
    from newskg.extract.article import extract_article  # noqa: PLC0415  (spaCy-heavy)
    from newskg.nlp import load_pipeline  # noqa: PLC0415

    nlp, info = load_pipeline(settings.model, settings.kb)
    model = (info.name, info.version)
    out = []
    for article, doc in zip(articles, parsed, strict=True):
        if doc is None:
            out.append(_extract_long(article, nlp, settings, model))
            continue
        if isinstance(doc, Exception):
            out.append(Outcome(article.identifier, None, f"parse failed: {doc!r}", model))
            continue
        try:
            result = extract_article(article, doc, settings.kb, max_entities=settings.max_entities)
        except Exception as exc:  # isolate one article's failure; report it by name
            log.exception("extraction failed for %s", article.identifier)
            out.append(Outcome(article.identifier, None, f"extraction failed: {exc!r}", model))
            continue
        out.append(Outcome(article.identifier, result_to_json(result), None, model))
    return out


def _extract_long(
    article: Article, nlp: Language, settings: ExtractSettings, model: tuple[str, str]
) -> Outcome:
    """An article longer than the piece bound, parsed and extracted piece by piece."""
    from newskg.cache import result_to_json  # noqa: PLC0415
    from newskg.extract.article import extract_article  # noqa: PLC0415  (spaCy-heavy)
    from newskg.extract.timing import Timeline  # noqa: PLC0415
    from newskg.nlp import parse  # noqa: PLC0415

    stage = "parse"
    count = 0
    total = len(cut_pieces(article.text, settings.piece_chars))
    timeline = Timeline()  # the story's date, carried from piece to piece

    def extract_piece(piece: Article) -> ArticleResult:
        nonlocal stage, count
        count += 1
        log.info(
            "%s: piece %d/%d (%d characters)", article.identifier, count, total, len(piece.text)
        )
        stage = "parse"
        (doc,) = parse(nlp, [piece.text])
        stage = "extraction"
        result = extract_article(piece, doc, settings.kb, max_entities=None, timeline=timeline)
        del doc  # the next piece's Doc is not built while this one is held
        return result

    try:
        result = extract_in_pieces(
            article, settings.piece_chars, extract_piece, max_entities=settings.max_entities
        )
    except Exception as exc:  # isolate one article's failure; report it by name
        log.exception("%s failed for %s", stage, article.identifier)
        return Outcome(article.identifier, None, f"{stage} failed: {exc!r}", model)
    return Outcome(article.identifier, result_to_json(result), None, model)
