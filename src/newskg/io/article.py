"""A raw record in, an Article out: normalise, then title, date, language and hash."""

from __future__ import annotations

from newskg.errors import InputError, UnsupportedLanguageError
from newskg.io.dedup import content_hash
from newskg.io.language import detect_language
from newskg.io.normalize import clean_line, headline, normalize, storable
from newskg.io.published import find_published
from newskg.io.record import Record
from newskg.model import Article

__all__ = ["build_article"]


def _declared_language(value: str | None) -> str | None:
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0].casefold()
    # An ISO 639 code: ASCII letters only ("ру" is alphabetic, but not a language tag).
    return primary if primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3 else None


def build_article(record: Record, *, language: str | None = "fr") -> Article | InputError:
    """The :class:`Article` of ``record``, or the error that keeps it out.

    A language declared in the record is trusted; otherwise it is detected, and
    an article reliably detected in another language than ``language`` is an
    :class:`UnsupportedLanguageError`. A short or uncertain text is not refused.

    Strings kept verbatim (identifier, original text) have NUL and
    noncharacters replaced (:func:`~newskg.io.normalize.storable`); title, URL
    and publisher are cleaned to one line (:func:`~newskg.io.normalize.clean_line`).
    """
    normalized = normalize(record.original)
    if not normalized.text:
        return InputError(record.label, "empty", "no article text (empty, or only boilerplate)")
    declared = _declared_language(record.language)
    if declared is not None:
        code, reliable, note = declared, True, "declared"
    else:
        detected = detect_language(normalized.text)
        code, reliable = detected.code, detected.reliable
        note = f"detected, p={detected.probability:.2f}"
    if language is not None and reliable and code != language:
        return UnsupportedLanguageError(
            record.label,
            "language",
            f"article in {code!r} ({note}); the pipeline reads {language!r}",
        )
    agencies = normalized.removed_of("agency")
    original = storable(record.original)  # same length: offsets stay valid
    return Article(
        identifier=storable(record.identifier),
        text=normalized.text,
        original=original,
        source=record.source,
        content_hash=content_hash(normalized.text),
        title=clean_line(record.title) or headline(normalized.text),
        published=find_published(
            record.date,
            normalized.removed_of("header-date"),
            normalized.removed_of("dateline"),
            normalized.text,
        ),
        language=code if reliable or language is None else language,
        url=clean_line(record.url),
        publisher=clean_line(record.publisher) or (agencies[0].strip("()") if agencies else None),
        encoding=record.encoding,
        offset_runs=() if normalized.text == original else normalized.offsets.runs,
    )
