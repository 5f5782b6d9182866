"""Run the extractor on a sentence written for a test: one in-memory article, no files."""

from __future__ import annotations

from newskg.model import Article, ArticleResult, PartialDate


def text_article(
    text: str, *, published: PartialDate | None = None, identifier: str = "t.txt"
) -> Article:
    """An article whose text is ``text`` as given (no reading, no normalisation)."""
    return Article(
        identifier=identifier,
        text=text,
        original=text,
        source=identifier,
        content_hash="x",
        published=published,
        language="fr",
    )


def extract_text(nlp, kb, text: str, *, published: PartialDate | None = None) -> ArticleResult:
    """Parse ``text`` with ``nlp`` and extract its entities and claims with ``kb``."""
    from newskg.extract.article import extract_article  # noqa: PLC0415  (spaCy-heavy)
    from newskg.nlp import parse  # noqa: PLC0415

    article = text_article(text, published=published)
    return extract_article(article, next(parse(nlp, [text])), kb)


# The publication date the event tests read their sentences under.
PUBLISHED = PartialDate(2025, 3, 20)


def events_of(nlp, kb, text: str, kind, *, published: PartialDate | None = PUBLISHED) -> list:
    """The events of kind ``kind`` that the claims of ``text`` assert, in order."""
    result = extract_text(nlp, kb, text, published=published)
    return [c.event for c in result.claims if c.event.kind is kind]


def figure_of(event, measure) -> int | None:
    """The value of ``event``'s figure of ``measure``, if any."""
    return next((q.value for q in event.quantities if q.measure is measure), None)
