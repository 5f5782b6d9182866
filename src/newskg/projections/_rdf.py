"""Reading a newskg graph for the projections: events, claims, labels, dates.

Everything here reads the RDF through rdflib triple patterns over the
data model's terms (``docs/data-model.md``); the projection modules turn
the records into networkx graphs. Records are sorted by IRI so that the
same graph always gives the same networkx graph, in the same order.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from newskg.namespaces import NKG, NKG_IRI
from newskg.rdf.load import load_graph as read_graph
from newskg.resources import ontology_path

__all__ = [
    "ACTOR_ROLES",
    "SEP",
    "Amount",
    "ClaimInfo",
    "EventInfo",
    "Period",
    "Window",
    "entity_attributes",
    "entity_class",
    "event_attributes",
    "force_states",
    "label",
    "local_name",
    "read_events",
    "read_graph",
    "subclasses",
    "window",
]

ACTOR_ROLES: tuple[URIRef, ...] = (
    NKG.agent,
    NKG.recipient,
    NKG.affected,
    NKG.opponent,
    NKG.participant,
)
"""The roles whose values are actors (the other roles point to weapons, treaties, places)."""

ENTITY_ROLES: tuple[URIRef, ...] = (*ACTOR_ROLES, NKG.weapon, NKG.treaty, NKG.place)

_QUALIFIER_SIGNS = {
    "Exact": "",
    "Approximately": "~",
    "AtLeast": "≥",
    "MoreThan": ">",
    "AtMost": "≤",
}
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# ---------------------------------------------------------------------- dates
@dataclass(frozen=True, slots=True, order=True)
class Period:
    """The days a partial date covers: ``2024-12`` is 2024-12-01 .. 2024-12-31."""

    first: date
    last: date

    @classmethod
    def parse(cls, lexical: str) -> Period:
        """The period of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``ValueError`` otherwise."""
        m = _PARTIAL_DATE.match(lexical.strip())
        if m is None:
            raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {lexical!r}")
        year, month, day = m.groups()
        y = int(year)
        if month is None:
            return cls(date(y, 1, 1), date(y, 12, 31))
        mo = int(month)
        if day is None:
            return cls(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]))
        d = date(y, mo, int(day))
        return cls(d, d)

    def overlaps(self, other: Period) -> bool:
        return self.first <= other.last and other.first <= self.last


@dataclass(frozen=True, slots=True)
class Window:
    """A closed time window; ``None`` bounds are open."""

    since: date | None = None
    until: date | None = None

    @property
    def is_open(self) -> bool:
        return self.since is None and self.until is None

    def admits(self, period: Period | None) -> bool:
        """Whether ``period`` overlaps the window (an unknown period only fits an open one)."""
        if self.is_open:
            return True
        if period is None:
            return False
        return (self.since is None or period.last >= self.since) and (
            self.until is None or period.first <= self.until
        )


def window(since: str | date | None = None, until: str | date | None = None) -> Window:
    """A :class:`Window` from partial dates: ``since`` from its first day, ``until`` to its last.

    >>> window("2024-12", "2025").until
    datetime.date(2025, 12, 31)
    """

    def bound(value: str | date | None, *, last: bool) -> date | None:
        if value is None or isinstance(value, date):
            return value
        p = Period.parse(value)
        return p.last if last else p.first

    w = Window(bound(since, last=False), bound(until, last=True))
    if w.since and w.until and w.since > w.until:
        raise ValueError(f"empty time window: since {since} is after until {until}")
    return w


def _period(lit: Node | None) -> Period | None:
    if lit is None:
        return None
    try:
        return Period.parse(str(lit))
    except ValueError:
        return None


# --------------------------------------------------------------- vocabulary
@cache
def _ontology() -> Graph:
    try:
        return Graph().parse(ontology_path(), format="turtle")
    except FileNotFoundError:
        return Graph()


def subclasses(classes: Iterable[URIRef], graph: Graph | None = None) -> frozenset[URIRef]:
    """``classes`` and all their subclasses, per the ontology (and ``graph``, if it has any)."""
    out: set[URIRef] = set()
    for g in (_ontology(), graph):
        if g is None:
            continue
        for cls in classes:
            out.update(
                c for c in g.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)
            )
    out.update(classes)
    return frozenset(out)


def local_name(term: Node) -> str:
    """``Deployment`` for ``nkg:Deployment``; the last path segment of other IRIs."""
    text = str(term)
    if text.startswith(NKG_IRI):
        return text[len(NKG_IRI) :]
    return re.split(r"[/#]", text.rstrip("/#"))[-1]


def label(graph: Graph, node: Node, lang: str = "fr") -> str:
    """The ``rdfs:label`` of ``node`` in ``lang``, else English, French, any; else its IRI's end."""
    labels = {
        (lit.language or ""): str(lit)
        for lit in sorted(graph.objects(node, RDFS.label))
        if isinstance(lit, Literal)
    }
    for want in (lang, "en", "fr", ""):
        if want in labels:
            return labels[want]
    if labels:
        return labels[min(labels)]
    return local_name(node)


def entity_class(graph: Graph, node: Node) -> str:
    """The local name of the entity's ``nkg:`` class (the most specific one); ``""`` if none."""
    types = sorted(t for t in graph.objects(node, RDF.type) if str(t).startswith(NKG_IRI))
    if not types:
        return ""
    # prefer a class that has no subclass among the others
    for t in types:
        if not any(o != t and o in subclasses([t]) for o in types):
            return local_name(t)
    return local_name(types[0])


def force_states(graph: Graph) -> dict[URIRef, URIRef]:
    """Each armed force (``nkg:ArmedForce``, subclasses too) -> the state it is affiliated with."""
    forces = subclasses([NKG.ArmedForce], graph)
    states = subclasses([NKG.State], graph)
    out: dict[URIRef, URIRef] = {}
    for cls in forces:
        for force in graph.subjects(RDF.type, cls):
            for aff in sorted(graph.objects(force, NKG.affiliation)):
                is_state = any((aff, RDF.type, s) in graph for s in states)
                if isinstance(force, URIRef) and isinstance(aff, URIRef) and is_state:
                    out[force] = aff
                    break
    return out


# ------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class Amount:
    """One ``nkg:Quantity`` of an event."""

    measure: str
    qualifier: str
    value: int | None
    min_value: int | None
    max_value: int | None
    iri: URIRef | None = None

    @property
    def text(self) -> str:
        """``"Troops ~3000"``, ``"Killed ≥100"``, ``"Troops 1000-3000"``."""
        if self.value is not None:
            figure = f"{_QUALIFIER_SIGNS.get(self.qualifier, '')}{self.value}"
        elif self.min_value is not None and self.max_value is not None:
            figure = f"{self.min_value}-{self.max_value}"
        elif self.min_value is not None:
            figure = f"≥{self.min_value}"
        elif self.max_value is not None:
            figure = f"≤{self.max_value}"
        else:
            figure = "?"
        return f"{self.measure} {figure}"


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    """One ``nkg:Claim``: where it comes from and who says so."""

    iri: URIRef
    article: URIRef | None
    article_id: str
    issued: str | None
    claimant: URIRef | None
    modality: str
    confidence: float | None
    quote: str
    start: int | None
    end: int | None
    states: frozenset[URIRef] = frozenset()


@dataclass(frozen=True, slots=True)
class EventInfo:
    """One event with its (filtered) claims."""

    iri: URIRef
    cls: URIRef
    label: str
    roles: tuple[tuple[URIRef, URIRef], ...]
    when: str | None
    period: Period | None
    amounts: tuple[Amount, ...]
    claims: tuple[ClaimInfo, ...]

    @property
    def relation(self) -> str:
        return local_name(self.cls)

    @property
    def reported(self) -> str | None:
        """The earliest publication date of the articles its claims come from."""
        issued = [(Period.parse(c.issued), c.issued) for c in self.claims if c.issued]
        return min(issued)[1] if issued else None

    @property
    def time(self) -> Period | None:
        """The event's own period, else that of its earliest report."""
        if self.period is not None:
            return self.period
        reported = self.reported
        return Period.parse(reported) if reported else None

    def entities(self, roles: Iterable[URIRef]) -> list[URIRef]:
        wanted = set(roles)
        return [e for r, e in self.roles if r in wanted]


def _int(lit: Node | None) -> int | None:
    if isinstance(lit, Literal):
        try:
            return int(lit.toPython())
        except (TypeError, ValueError):
            return None
    return None


def _claim(graph: Graph, claim: URIRef) -> ClaimInfo:
    article = graph.value(claim, PROV.wasDerivedFrom)
    identifier = graph.value(article, DCTERMS.identifier) if article is not None else None
    issued = graph.value(article, DCTERMS.issued) if article is not None else None
    claimant = graph.value(claim, NKG.claimant)
    modality = graph.value(claim, NKG.modality)
    confidence = graph.value(claim, NKG.confidence)
    quote = graph.value(claim, NKG.quote)
    return ClaimInfo(
        iri=claim,
        article=article if isinstance(article, URIRef) else None,
        article_id=str(identifier) if identifier is not None else "",
        issued=str(issued) if issued is not None and _period(issued) else None,
        claimant=claimant if isinstance(claimant, URIRef) else None,
        modality=local_name(modality) if modality is not None else "",
        confidence=float(confidence.toPython()) if isinstance(confidence, Literal) else None,
        quote=str(quote) if quote is not None else "",
        start=_int(graph.value(claim, NKG.quoteStart)),
        end=_int(graph.value(claim, NKG.quoteEnd)),
        states=frozenset(q for q in graph.objects(claim, NKG.states) if isinstance(q, URIRef)),
    )


def _amounts(graph: Graph, event: URIRef) -> tuple[Amount, ...]:
    out = []
    for q in graph.objects(event, NKG.quantity):
        measure = graph.value(q, NKG.measure)
        qualifier = graph.value(q, NKG.qualifier)
        out.append(
            Amount(
                measure=local_name(measure) if measure is not None else "",
                qualifier=local_name(qualifier) if qualifier is not None else "",
                value=_int(graph.value(q, NKG.value)),
                min_value=_int(graph.value(q, NKG.minValue)),
                max_value=_int(graph.value(q, NKG.maxValue)),
                iri=q if isinstance(q, URIRef) else None,
            )
        )
    return tuple(sorted(out, key=lambda a: (a.measure, a.qualifier, a.value or 0)))


def _when(graph: Graph, event: URIRef) -> tuple[str | None, Period | None]:
    point = graph.value(event, NKG.date)
    if point is not None:
        return str(point), _period(point)
    start, end = graph.value(event, NKG.startDate), graph.value(event, NKG.endDate)
    if start is None and end is None:
        return None, None
    first, last = _period(start), _period(end)
    text = f"{start if start is not None else '..'}/{end if end is not None else '..'}"
    period = Period(
        first.first if first else date.min,
        last.last if last else date.max,
    )
    return text, period


def _event_class(graph: Graph, event: URIRef, event_classes: frozenset[URIRef]) -> URIRef:
    types = sorted(t for t in graph.objects(event, RDF.type) if t in event_classes)
    specific = [t for t in types if t != NKG.Event]
    return (specific or types or [NKG.Event])[0]


def read_events(
    graph: Graph,
    *,
    kinds: Iterable[URIRef] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    asserted_only: bool = False,
) -> list[EventInfo]:
    """The events asserted by claims in ``graph``, filtered, sorted by IRI.

    ``kinds`` keeps events of these classes (or their subclasses);
    ``asserted_only`` keeps the claims of modality ``nkg:Asserted`` (an event
    left without claims is dropped); ``since`` / ``until`` keep events whose
    date or period overlaps the window, placing an undated event at the
    publication date of its earliest report (an event with neither is
    dropped when a bound is given).
    """
    win = window(since, until)
    event_classes = subclasses([NKG.Event], graph)
    wanted = subclasses(kinds, graph) if kinds is not None else None
    by_event: dict[URIRef, list[URIRef]] = {}
    for claim, event in graph.subject_objects(NKG.asserts):
        if isinstance(claim, URIRef) and isinstance(event, URIRef):
            by_event.setdefault(event, []).append(claim)
    out: list[EventInfo] = []
    for event in sorted(by_event):
        cls = _event_class(graph, event, event_classes)
        if wanted is not None and not any((event, RDF.type, c) in graph for c in wanted):
            continue
        claims = [_claim(graph, c) for c in sorted(by_event[event])]
        if asserted_only:
            claims = [c for c in claims if c.modality == "Asserted"]
        if not claims:
            continue
        when, period = _when(graph, event)
        roles = sorted(
            (role, entity)
            for role in ENTITY_ROLES
            for entity in graph.objects(event, role)
            if isinstance(entity, URIRef)
        )
        lab = graph.value(event, RDFS.label)
        info = EventInfo(
            iri=event,
            cls=cls,
            label=str(lab) if lab is not None else local_name(cls),
            roles=tuple(roles),
            when=when,
            period=period,
            amounts=_amounts(graph, event),
            claims=tuple(claims),
        )
        if win.admits(info.time):
            out.append(info)
    return out


# ------------------------------------------------------------ edge attributes
SEP = "|"
"""Separator of the several values of one string attribute (``articles``, ``claimants``...)."""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def event_attributes(graph: Graph, ev: EventInfo, lang: str = "fr") -> dict[str, str | int | float]:
    """An event's provenance and content as plain attributes (strings and numbers only).

    ``event`` (IRI), ``relation`` (class), ``label``, ``claims`` (count),
    ``articles`` / ``claimants`` / ``modalities`` (``|``-joined, sorted),
    ``confidence`` (the highest), ``figures`` (``"Troops ~3000"``), one number
    per measure (``troops``, ``killed``...), ``date`` (the event's, ``start/end``
    for a period), ``reported`` (earliest publication), ``weapons`` / ``treaties``
    / ``places`` (labels).
    """
    claims = ev.claims
    attrs: dict[str, str | int | float] = {
        "event": str(ev.iri),
        "relation": ev.relation,
        "label": ev.label,
        "claims": len(claims),
        "articles": SEP.join(sorted({c.article_id for c in claims if c.article_id})),
        "claimants": SEP.join(
            sorted({label(graph, c.claimant, lang) for c in claims if c.claimant is not None})
        ),
        "modalities": SEP.join(sorted({c.modality for c in claims if c.modality})),
        "figures": "; ".join(a.text for a in ev.amounts),
    }
    confidences = [c.confidence for c in claims if c.confidence is not None]
    if confidences:
        attrs["confidence"] = max(confidences)
    if ev.when is not None:
        attrs["date"] = ev.when
    if ev.reported is not None:
        attrs["reported"] = ev.reported
    for a in ev.amounts:
        figure = a.value if a.value is not None else a.min_value
        if figure is not None and a.measure:
            attrs[_snake(a.measure)] = figure
    for role, key in ((NKG.weapon, "weapons"), (NKG.treaty, "treaties"), (NKG.place, "places")):
        names = sorted({label(graph, e, lang) for e in ev.entities([role])})
        if names:
            attrs[key] = SEP.join(names)
    return attrs


def entity_attributes(graph: Graph, node: URIRef, lang: str = "fr") -> dict[str, str]:
    """``label`` and ``class`` of an entity node."""
    return {"label": label(graph, node, lang), "class": entity_class(graph, node)}
