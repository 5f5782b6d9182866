"""Run the extractor on a sentence written for a test: one in-memory article, no files."""

from __future__ import annotations

from dataclasses import dataclass, field

from newskg.model import Article, ArticleResult, EventKind, Measure, Modality, PartialDate


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


@dataclass(frozen=True)
class EventCase:
    """A text and the event one of its claims must assert (empty fields unchecked).

    A role value "a|b" accepts either key (a state or its armed force).
    """

    text: str
    kind: EventKind
    roles: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    figures: dict[Measure, int | tuple[int, int]] = field(default_factory=dict)
    absent: tuple[tuple[str, str], ...] = ()  # roles that must not be filled so
    date: tuple[int, ...] = ()  # (year, month, day) prefix
    modality: Modality | None = None


def has_role(event, role: str, want: str) -> bool:
    """Whether ``event``'s ``role`` holds ``want`` or one of its "a|b" alternatives."""
    return any(alt in event.role(role) for alt in want.split("|"))


def claim_matches(claim, case: EventCase) -> bool:
    """Whether ``claim`` asserts the event ``case`` describes (kind, roles, figures,
    absent roles, date prefix, modality)."""
    ev = claim.event
    if ev.kind is not case.kind:
        return False
    for role, want in case.roles.items():
        for w in (want,) if isinstance(want, str) else want:
            if not has_role(ev, role, w):
                return False
    if any(value in ev.role(role) for role, value in case.absent):
        return False
    values = {
        q.measure: q.value if q.value is not None else (q.min_value, q.max_value)
        for q in ev.quantities
    }
    if any(values.get(m) != v for m, v in case.figures.items()):
        return False
    if case.date:
        time = ev.time
        got = (time.date or time.start or time.end) if time is not None else None
        if got is None or (got.year, got.month, got.day)[: len(case.date)] != case.date:
            return False
    return case.modality is None or claim.modality is case.modality
