"""Frozen model objects: the seam between the NLP stage and the RDF stage.

Everything the extractors find is expressed with these plain dataclasses, so
that the RDF layer never sees a spaCy object and the extractors never build a
triple. All classes are immutable and hashable; collections are tuples.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from newskg.slots_pickle import tuple_state

if TYPE_CHECKING:
    from newskg.io.offsets import OffsetMap

__all__ = [
    "Article",
    "ArticleResult",
    "Claim",
    "EntityKind",
    "EntityRef",
    "Event",
    "EventKind",
    "Measure",
    "Modality",
    "PartialDate",
    "Qualifier",
    "Quantity",
    "TimeValue",
]


@tuple_state
@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to year, month or day precision.

    >>> PartialDate(2024, 12).lexical
    '2024-12'
    >>> PartialDate(2024, 12, 17).precision
    'day'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"day out of range: {self.year}-{self.month}-{self.day}")

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def lexical(self) -> str:
        """The XSD lexical form: ``2024``, ``2024-06`` or ``2024-06-19``."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` otherwise."""
        parts = text.strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"not a partial ISO date: {text!r}")
        if len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
            raise ValueError(f"not a partial ISO date: {text!r}")
        nums = [int(p) for p in parts] + [None, None]
        return cls(nums[0], nums[1], nums[2])  # type: ignore[arg-type]

    def __str__(self) -> str:
        return self.lexical


@tuple_state
@dataclass(frozen=True, slots=True)
class TimeValue:
    """When an event happened: a point (``date``) or a period (``start``/``end``)."""

    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.date is not None and (self.start is not None or self.end is not None):
            raise ValueError("a TimeValue is a point or a period, not both")
        if self.date is None and self.start is None and self.end is None:
            raise ValueError("an empty TimeValue")

    @property
    def key(self) -> str:
        """A short stable text form, used in event keys."""
        if self.date is not None:
            return self.date.lexical
        return f"{self.start or ''}/{self.end or ''}"


@dataclass(frozen=True, slots=True)
class Article:
    """One input record, decoded and normalised.

    ``text`` is what the NLP stage reads; ``original`` is the decoded input as
    the user has it. ``offsets`` maps each character of ``text`` to its
    position in ``original`` (same length as ``text``; empty when the two are
    identical), so quotes and offsets can refer to text the user can find. It
    is stored as ``offset_runs``, the runs of a
    :class:`~newskg.io.offsets.OffsetMap` (a few integers per paragraph, not
    one per character: a 10 MB article's map would otherwise take hundreds of
    megabytes).
    """

    identifier: str
    text: str
    original: str
    source: str
    content_hash: str
    title: str | None = None
    published: PartialDate | None = None
    language: str | None = None
    url: str | None = None
    publisher: str | None = None
    encoding: str = "utf-8"
    offset_runs: tuple[int, ...] = ()
    near_duplicate_of: tuple[str, ...] = ()

    @property
    def offsets(self) -> OffsetMap:
        """The position in ``original`` of each character of ``text`` (empty: the same)."""
        from newskg.io.offsets import OffsetMap  # noqa: PLC0415  (newskg.io imports this module)

        return OffsetMap(self.offset_runs)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` to the matching span of ``original``."""
        if not self.offset_runs:
            return start, end
        offsets = self.offsets
        if start >= end:
            pos = offsets[start] if start < len(offsets) else len(self.original)
            return pos, pos
        return offsets[start], offsets[end - 1] + 1


class EntityKind(StrEnum):
    """The entity classes of the contract, plus the Agency subclasses we use."""

    STATE = "State"
    AGENCY = "Agency"
    ARMED_FORCE = "ArmedForce"
    INTELLIGENCE_SERVICE = "IntelligenceService"
    NEWS_AGENCY = "NewsAgency"
    GOVERNMENT_BODY = "GovernmentBody"
    ARMED_GROUP = "ArmedGroup"
    PERSON = "Person"
    WEAPON_SYSTEM = "WeaponSystem"
    TREATY = "Treaty"
    PLACE = "Place"

    @property
    def is_actor(self) -> bool:
        return self not in (EntityKind.WEAPON_SYSTEM, EntityKind.TREATY, EntityKind.PLACE)

    @property
    def is_agency(self) -> bool:
        return self in AGENCY_KINDS


AGENCY_KINDS = frozenset(
    {
        EntityKind.AGENCY,
        EntityKind.ARMED_FORCE,
        EntityKind.INTELLIGENCE_SERVICE,
        EntityKind.NEWS_AGENCY,
        EntityKind.GOVERNMENT_BODY,
        EntityKind.ARMED_GROUP,
    }
)


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A resolved entity as seen from one article.

    ``key`` identifies the entity across the whole graph (a KB key such as
    ``north-korea``, or a key derived from the normalised canonical name);
    ``names`` are the surface forms it was seen under in this article;
    ``label_en`` an English canonical name for an entity the KB does not know
    when one can be composed (a state's generated ministry: "Polish Ministry
    of Defence"), else ``None``.
    """

    key: str
    kind: EntityKind
    label: str
    names: tuple[str, ...] = ()
    in_kb: bool = False
    affiliation: str | None = None
    label_en: str | None = None


class EventKind(StrEnum):
    DEPLOYMENT = "Deployment"
    CASUALTIES = "Casualties"
    ARMS_TRANSFER = "ArmsTransfer"
    TREATY_SIGNING = "TreatySigning"
    TREATY_RATIFICATION = "TreatyRatification"
    TREATY_ENTRY_INTO_FORCE = "TreatyEntryIntoForce"
    MILITARY_OPERATION = "MilitaryOperation"
    WEAPON_TEST = "WeaponTest"
    MEETING = "Meeting"
    COOPERATION = "Cooperation"
    WITHDRAWAL = "Withdrawal"
    TREATY_WITHDRAWAL = "TreatyWithdrawal"


class Measure(StrEnum):
    TROOPS = "Troops"
    KILLED = "Killed"
    WOUNDED = "Wounded"
    KILLED_OR_WOUNDED = "KilledOrWounded"
    UNITS = "Units"
    CAPTURED = "Captured"
    DESTROYED = "Destroyed"


class Qualifier(StrEnum):
    EXACT = "Exact"
    APPROXIMATELY = "Approximately"
    AT_LEAST = "AtLeast"
    MORE_THAN = "MoreThan"
    AT_MOST = "AtMost"


class Modality(StrEnum):
    ASSERTED = "Asserted"
    PLANNED = "Planned"
    POSSIBLE = "Possible"
    DENIED = "Denied"


@tuple_state
@dataclass(frozen=True, slots=True, order=True)
class Quantity:
    """One measure of an event: an exact figure or a vague range.

    ``increment``: the figure adds to an earlier one ("3 000 soldats
    supplémentaires"), so it is no estimate of the same total
    (``nkg:scope nkg:Increment`` in the graph).
    """

    measure: Measure
    value: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    qualifier: Qualifier = Qualifier.EXACT
    increment: bool = False

    def __post_init__(self) -> None:
        if self.value is None and self.min_value is None and self.max_value is None:
            raise ValueError("a Quantity needs a value or a range")
        for v in (self.value, self.min_value, self.max_value):
            if v is not None and v < 0:
                raise ValueError("quantities are non-negative")
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValueError("min_value > max_value")

    @property
    def key(self) -> str:
        plus = "+" if self.increment else ""
        if self.value is not None:
            return f"{self.measure}={plus}{self.value}"
        return f"{self.measure}={plus}{self.min_value or ''}..{self.max_value or ''}"


@tuple_state
@dataclass(frozen=True, slots=True)
class Event:
    """An event as read from one sentence: class, roles, figures and time.

    ``roles`` holds ``(role, entity key)`` pairs, sorted; role names are the
    contract's (``agent``, ``recipient``, ``affected``, ``opponent``,
    ``participant``, ``weapon``, ``treaty``, ``place``).
    """

    kind: EventKind
    roles: tuple[tuple[str, str], ...]
    quantities: tuple[Quantity, ...] = ()
    time: TimeValue | None = None

    def role(self, name: str) -> tuple[str, ...]:
        return tuple(k for r, k in self.roles if r == name)

    @property
    def key(self) -> str:
        """What makes two reports the same event (used for the IRI and merging)."""
        parts = [self.kind.value]
        parts += [f"{r}:{k}" for r, k in sorted(set(self.roles))]
        parts += sorted(q.key for q in self.quantities)
        if self.time is not None:
            parts.append(f"t:{self.time.key}")
        return "|".join(parts)


@tuple_state
@dataclass(frozen=True, slots=True)
class Claim:
    """Who says an event happened, where, and how surely."""

    event: Event
    article: str
    quote: str
    start: int
    end: int
    claimant: str | None = None
    modality: Modality = Modality.ASSERTED
    confidence: float = 0.8
    trigger: str = ""


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[EntityRef, ...] = ()
    claims: tuple[Claim, ...] = ()
    warnings: tuple[str, ...] = field(default=())
