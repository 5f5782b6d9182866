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
