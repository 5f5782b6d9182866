"""Model objects -> RDF triples, under the data model's terms (``docs/data-model.md``).

:class:`GraphAssembler` collects the :class:`~newskg.model.ArticleResult` s of a
build, merges the same event reported by several articles into one node
(each report keeps its own claim), and emits articles, entities, events,
quantities, claims and the build's ``prov:Activity`` as rdflib terms.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from newskg.extract.merge import entity_equivalence
from newskg.extract.numbers import find_numbers
from newskg.io.normalize import normalize
from newskg.kb import KnowledgeBase
from newskg.model import (
    Article,
    ArticleResult,
    Claim,
    EntityKind,
    EntityRef,
    Event,
    PartialDate,
    Quantity,
)
from newskg.namespaces import NKG, SCHEMA, WD
from newskg.rdf.claim_spill import BUCKETS, ClaimSpill, MergedClaims, Order, SpilledGroup
from newskg.rdf.export import bind_prefixes
from newskg.rdf.iris import IriMinter
from newskg.slots_pickle import tuple_state

__all__ = [
    "CLAIM_TRIPLES",
    "BuildActivity",
    "GraphAssembler",
    "QuoteFigures",
    "Triples",
    "date_literal",
    "figure_text",
    "quote_figures",
    "stated_quantities",
]

# The triples every claim has, whatever it says: its type, the event it asserts, its
# article, its quote with the quote's start and end, its modality and its confidence.
CLAIM_TRIPLES = 8

_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


@lru_cache(maxsize=4096)
def date_literal(d: PartialDate) -> Literal:
    """A typed literal at the date's precision (``xsd:date`` / ``gYearMonth`` / ``gYear``).

    Literals do not change once made, so the same few thousand dates and
    numbers are made once (rdflib checks a typed literal's lexical form as it
    makes it, which was a fifth of the time of writing the claims' triples).
    """
    return Literal(d.lexical, datatype=_DATATYPES[d.precision])


@lru_cache(maxsize=8192)
def _typed(value: int, datatype: URIRef) -> Literal:
    """An integer literal of ``datatype`` (made once: see :func:`date_literal`)."""
    return Literal(value, datatype=datatype)


@lru_cache(maxsize=1024)
def _decimal(value: float) -> Literal:
    """``value`` as an ``xsd:decimal`` literal, as written (``0.75``, not ``0.75000001``)."""
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


_QUALIFIER_SIGNS = {
    "Exact": "",
    "Approximately": "~",
    "AtLeast": "≥",
    "MoreThan": ">",
    "AtMost": "≤",
}


def figure_text(q: Quantity) -> str:
    """A figure for labels, as stated: ``Troops ≥2000``, ``Troops 2000–9000``, ``Killed ~300``.

    A bare number reads as an exact count, so the qualifier and the range
    are kept: "plusieurs milliers" (2000 to 9000) is not "2000".

    >>> from newskg.model import Measure, Qualifier
    >>> figure_text(Quantity(Measure.TROOPS, min_value=2000, max_value=9000))
    'Troops 2000–9000'
    >>> figure_text(Quantity(Measure.KILLED, value=300, qualifier=Qualifier.APPROXIMATELY))
    'Killed ~300'
    >>> figure_text(Quantity(Measure.TROOPS, value=3000, increment=True))
    'Troops +3000'
    """
    sign = _QUALIFIER_SIGNS.get(q.qualifier.value, "")
    if q.value is not None:
        figure = f"{sign}{q.value}"
    elif q.min_value is not None and q.max_value is not None:
        figure = f"{q.min_value}–{q.max_value}"
    elif q.min_value is not None:
        # a lower bound alone: "au moins" / "plus de" keep their sign, a vague amount is ≥
        figure = f"{sign if sign in ('>', '≥') else '≥'}{q.min_value}"
    else:
        figure = f"≤{q.max_value}"
    return f"{q.measure.value} {'+' if q.increment else ''}{figure}"


# The number reader never takes a lone "un"/"une" for 1 (it is an article far more
# often than a count), but the extractor counts one victim named with it ("un
# général a été tué", "ont abattu un hélicoptère"): such a quote states a figure of 1.
_INDEFINITE = re.compile(r"\b(?:un|une)\b", re.IGNORECASE)


# A figure a quote states: (value, min_value, max_value) of one number mention.
_Figure = tuple[int | None, int | None, int | None]


@tuple_state
@dataclass(frozen=True, slots=True)
class QuoteFigures:
    """The figures a quote states, read once (see :func:`stated_quantities`)."""

    figures: frozenset[_Figure]
    one: bool  # "un"/"une" in the quote: it may state a figure of 1

    def states(self, q: Quantity) -> bool:
        """Whether the quote states ``q``."""
        if q.value is not None:
            return (self.one and q.value == 1) or any(f[0] == q.value for f in self.figures)
        return (None, q.min_value, q.max_value) in self.figures


def quote_figures(quote: str) -> QuoteFigures:
    """Read the figures ``quote`` states, in digits or in words, with the French number
    reader of the extraction, on the quote as written and as normalised (a thousands
    separator broken by a line break, "1.\n\n100", is one figure)."""
    mentions = find_numbers(quote)
    cleaned = normalize(quote).text
    if cleaned != quote:
        mentions += find_numbers(cleaned)
    return QuoteFigures(
        frozenset((m.value, m.min_value, m.max_value) for m in mentions),
        _INDEFINITE.search(quote) is not None,
    )


def stated_quantities(
    quote: str, quantities: Iterable[Quantity], figures: QuoteFigures | None = None
) -> tuple[Quantity, ...]:
    """The figures among ``quantities`` that ``quote`` states, in digits or in words.

    An event reported by several claims carries the figures of all of them
    (``merge_claims`` unites them), so a claim's quote may state only some
    of them: this tells which, so that every figure travels with the
    statement that gives it (``nkg:states``). ``figures``, when given, are
    the quote's figures already read (:func:`quote_figures`).

    >>> from newskg.model import Measure
    >>> killed = Quantity(Measure.KILLED, value=100)
    >>> wounded = Quantity(Measure.WOUNDED, value=1000)
    >>> stated_quantities("environ mille soldats ont été blessés", [killed, wounded]) == (wounded,)
    True
    >>> one = Quantity(Measure.KILLED, value=1)
    >>> stated_quantities("un officier a été tué", [one, killed]) == (one,)
    True
    """
    quantities = tuple(quantities)
    if not quantities:  # most claims: an event without figures, nothing to read
        return ()
    read = figures if figures is not None else quote_figures(quote)
    return tuple(q for q in quantities if read.states(q))


@dataclass(frozen=True, slots=True)
class BuildActivity:
    """What the build's ``prov:Activity`` records."""

    digest: str
    started: datetime
    ended: datetime
    software_version: str
    model_name: str
    model_version: str


class Triples(list):
    """A list of triples with rdflib's ``add``: what the emitters write into.

    An rdflib :class:`~rdflib.Graph` indexes every triple it is given; a
    streaming build only passes the triples on to the store, so a plain list
    does (``graph += triples`` still works).
    """

    add = list.append


Sink = Graph | Triples


@dataclass(slots=True)
class _EntityAcc:
    ref: EntityRef
    names: set[str]


@dataclass(frozen=True, slots=True)
class _Compact:
    """What the cross-article steps need of one article in memory: not its text, nor its
    claims (on disk, :class:`~newskg.rdf.claim_spill.ClaimSpill`)."""

    identifier: str
    entity_keys: tuple[str, ...]  # sorted, each once (a tuple: a fifth of a frozenset's memory)


class GraphAssembler:
    """Collect article results, merge events across articles, emit the graph.

    Two ways to use it:

    - small graphs: :meth:`add` every result, then :meth:`graph` gives one
      rdflib :class:`~rdflib.Graph`;
    - streaming builds: :meth:`add` with ``keep_article=False`` and write
      :meth:`article_graph` of each result as it arrives (the article's own
      node: text, title, date...), then :meth:`shared_graphs` gives the rest
      in small pieces, each with the named graph it belongs to (see
      :mod:`newskg.store`). Only the entity names of each article are held
      in memory, not the articles' text, claims (filed on disk until the
      merge, :mod:`newskg.rdf.claim_spill`) or any triples.
    """

    def __init__(self, base: str, kb: KnowledgeBase, *, claim_files: int = BUCKETS) -> None:
        self.iris = IriMinter(base)
        self.base = base
        self.kb = kb
        self._compact: list[_Compact] = []
        self._kept: list[ArticleResult] = []
        self._entities: dict[str, _EntityAcc] = {}
        # the claims, filed on disk by merge block with the figures of their quotes
        # (read as the articles come, so that the steps after the last article do not)
        self._claims = ClaimSpill(claim_files)
        # the articles sorted and their claims merged across articles, once all are added
        self._merged: tuple[list[_Compact], MergedClaims] | None = None
        self.counts: dict[str, int] = {}
        self._added_floor = 0

    def add(self, result: ArticleResult, *, keep_article: bool = True) -> None:
        self._forget_merge()
        identifier = result.article.identifier
        keys = tuple(sorted({sys.intern(e.key) for e in result.entities}))
        self._compact.append(_Compact(identifier, keys))
        # one mention per entity key; a claim per span and claimant (the merge keeps one
        # of each, and its IRI differs from the others' whatever event it asserts)
        spans = {(c.start, c.end, c.claimant) for c in result.claims}
        self._added_floor += len(keys) + CLAIM_TRIPLES * len(spans)
        if keep_article:
            self._kept.append(result)
        read: dict[str, QuoteFigures] = {}

        def figures(c: Claim) -> QuoteFigures | None:
            if not c.event.quantities:
                return None
            if c.quote not in read:
                read[c.quote] = quote_figures(c.quote)
            return read[c.quote]

        self._claims.add(identifier, result.claims, figures)
        for ref in result.entities:
            acc = self._entities.get(ref.key)
            if acc is None:
                self._entities[ref.key] = _EntityAcc(ref, set(ref.names))
            else:
                acc.names.update(ref.names)

    # ------------------------------------------------------------------ output
    def graph(self, activity: BuildActivity | None = None) -> Graph:
        """The whole graph of the results added with ``keep_article=True``, in one Graph."""
        g = bind_prefixes(Graph(), self.base)
        for r in self._kept:
            g += self.article_graph(r)
        for _, part in self.shared_graphs(activity):
            g += part
        return g

    def article_graph(self, result: ArticleResult) -> Triples:
        """The article's own node, which no other article changes (its named graph's core)."""
        g = Triples()
        self._article(g, result.article)
        return g

    def shared_graphs(
        self, activity: BuildActivity | None = None, *, chunk: int = 2000
    ) -> Iterator[tuple[URIRef | None, Triples]]:
        """Merge events across the articles, then yield the rest of the graph in pieces.

        Each piece comes with the name of the graph it belongs to in the
        store: an article's IRI for its mentions and claims, ``None`` (the
        default graph) for events, entities, the build activity and the
        claims' link to it. The pieces are disjoint and come in a fixed order.
        """
        compact, merged = self._merge()
        self._merged = None  # held while the pieces are made, not after
        shared = Triples()
        activity_iri = self._activity(shared, activity) if activity else None
        claim_keys: dict[str, set[str]] = {}
        events: dict[str, tuple[tuple[str, Order], Event]] = {}
        claim_nodes: set[URIRef] = set()
        try:
            for groups in merged.buckets():  # one merge block's file at a time
                by_article = _claims_by_article(groups, events)
                del groups
                links = Triples()
                for article in sorted(by_article):
                    g = Triples()
                    mine = by_article[article]
                    for c, figures, key in mine:
                        claim = self._claim(g, c, figures, key)
                        claim_nodes.add(claim)
                        if activity_iri is not None:
                            links.add((claim, PROV.wasGeneratedBy, activity_iri))
                    claim_keys.setdefault(article, set()).update(_claim_keys(c for c, _, _ in mine))
                    yield self.iris.article(article), g
                if links:
                    yield None, links
        finally:
            merged.close()
        used: set[str] = set()
        for r in compact:
            keys = set(r.entity_keys) | claim_keys.get(r.identifier, set())
            g = Triples()
            node = self.iris.article(r.identifier)
            for key in sorted(keys):
                g.add((node, NKG.mentions, self.iris.entity(key)))
            used |= keys
            yield node, g
        self.counts = {"claims": len(claim_nodes), "events": len(events), "entities": len(used)}
        piece = Triples()
        for key in sorted(events):
            self._event(piece, events[key][1])
            if len(piece) >= chunk:
                yield None, piece
                piece = Triples()
        for _ in self._describe_entities(piece, used):
            if len(piece) >= chunk:  # the describer keeps writing into this list: hand a copy
                yield None, Triples(piece)
                piece.clear()
        yield None, piece
        yield None, shared

    @property
    def added_quads_floor(self) -> int:
        """A lower bound on the triples :meth:`shared_graphs` will give, without a merge.

        Kept as the articles are added (articles of distinct identifiers):
        each gives a mention triple per entity it names and
        :data:`CLAIM_TRIPLES` per distinct span and claimant of its claims,
        which no merge takes away. Lower than :meth:`shared_quads_floor`,
        but known at every article: a build uses it to drop, as soon as it
        is sure, the copy of its store it could not validate in memory.
        """
        return self._added_floor

    def shared_quads_floor(self, activity: BuildActivity | None = None) -> int:
        """A lower bound on the number of triples :meth:`shared_graphs` will give.

        Every claim left after the merge gives :data:`CLAIM_TRIPLES` triples
        whatever it says (one more with the build's ``activity``), so the
        bound is known before any triple is made: the build uses it to tell,
        as the cross-article stage starts, whether its graph will pass the
        bound of the copy it keeps in memory for the validation.
        """
        _, merged = self._merge()
        return merged.claims * (CLAIM_TRIPLES + (1 if activity is not None else 0))

    def _merge(self) -> tuple[list[_Compact], MergedClaims]:
        """The articles in identifier order and the claims merged across them (once)."""
        if self._merged is None:
            compact = sorted(self._compact, key=lambda c: c.identifier)
            affiliations = {k: a.ref.affiliation for k, a in self._entities.items()}
            equiv = entity_equivalence(self.kb, affiliations)
            self._merged = (compact, self._claims.merge(equiv, names=equiv.names))
        return self._merged

    def _forget_merge(self) -> None:
        if self._merged is not None:
            self._merged[1].close()
            self._merged = None

    def _activity(self, g: Sink, a: BuildActivity) -> URIRef:
        node = self.iris.build(a.digest)
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, RDFS.label, Literal(f"newskg {a.software_version} build")))
        g.add((node, PROV.startedAtTime, Literal(a.started.isoformat(), datatype=XSD.dateTime)))
        g.add((node, PROV.endedAtTime, Literal(a.ended.isoformat(), datatype=XSD.dateTime)))
        g.add((node, NKG.softwareVersion, Literal(a.software_version)))
        g.add((node, NKG.modelName, Literal(a.model_name)))
        g.add((node, NKG.modelVersion, Literal(a.model_version)))
        return node

    def _article(self, g: Sink, a: Article) -> None:
        node = self.iris.article(a.identifier)
        g.add((node, RDF.type, NKG.Article))
        g.add((node, DCTERMS.identifier, Literal(a.identifier)))
        if a.title:
            g.add((node, DCTERMS.title, Literal(a.title, lang=a.language or "fr")))
        if a.language:
            g.add((node, DCTERMS.language, Literal(a.language)))
        if a.published is not None:
            g.add((node, DCTERMS.issued, date_literal(a.published)))
        if a.publisher:
            g.add((node, DCTERMS.publisher, Literal(a.publisher)))
        if a.url:
            g.add((node, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI)))
        g.add((node, SCHEMA.articleBody, Literal(a.original)))
        g.add((node, NKG.contentHash, Literal(a.content_hash)))
        for other in a.near_duplicate_of:
            g.add((node, NKG.nearDuplicateOf, self.iris.article(other)))

    def _event(self, g: Sink, ev: Event) -> None:
        node = self.iris.event(ev)
        g.add((node, RDF.type, NKG[ev.kind.value]))
        g.add((node, RDFS.label, Literal(self._event_label(ev))))
        for role, key in ev.roles:
            g.add((node, NKG[role], self.iris.entity(key)))
        for q in ev.quantities:
            qn = self.iris.quantity(ev, q, event_iri=node)
            g.add((node, NKG.quantity, qn))
            g.add((qn, RDF.type, NKG.Quantity))
            g.add((qn, NKG.measure, NKG[q.measure.value]))
            g.add((qn, NKG.qualifier, NKG[q.qualifier.value]))
            if q.increment:
                g.add((qn, NKG.scope, NKG.Increment))
            if q.value is not None:
                g.add((qn, NKG.value, _typed(q.value, XSD.integer)))
            if q.min_value is not None:
                g.add((qn, NKG.minValue, _typed(q.min_value, XSD.integer)))
            if q.max_value is not None:
                g.add((qn, NKG.maxValue, _typed(q.max_value, XSD.integer)))
        t = ev.time
        if t is not None:
            if t.date is not None:
                g.add((node, NKG.date, date_literal(t.date)))
            if t.start is not None:
                g.add((node, NKG.startDate, date_literal(t.start)))
            if t.end is not None:
                g.add((node, NKG.endDate, date_literal(t.end)))

    def _event_label(self, ev: Event) -> str:
        def name(key: str) -> str:
            acc = self._entities.get(key)
            if acc is not None:
                return acc.ref.label
            ent = self.kb.get(key)
            return ent.label("fr") if ent is not None else key

        parts = [f"{role} {name(k)}" for role, k in ev.roles]
        figures = [figure_text(q) for q in ev.quantities]
        when = [ev.time.key] if ev.time else []
        return f"{ev.kind.value}: " + "; ".join(parts + figures + when)

    def _claim(
        self, g: Sink, c: Claim, figures: QuoteFigures | None = None, key: str | None = None
    ) -> URIRef:
        """Write the claim's triples: the :data:`CLAIM_TRIPLES` always, the others when set
        (``figures``: its quote's, if already read; ``key``: its event's, if known)."""
        if key is None:
            key = c.event.key  # made once for the claim's IRI, its event's and its figures'
        node = self.iris.claim(c, event_key=key)
        event = self.iris.event(c.event, key=key)
        g.add((node, RDF.type, NKG.Claim))
        g.add((node, NKG.asserts, event))
        g.add((node, PROV.wasDerivedFrom, self.iris.article(c.article)))
        if c.claimant:
            g.add((node, NKG.claimant, self.iris.entity(c.claimant)))
        g.add((node, NKG.quote, Literal(c.quote, lang="fr")))
        g.add((node, NKG.quoteStart, _typed(c.start, XSD.nonNegativeInteger)))
        g.add((node, NKG.quoteEnd, _typed(c.end, XSD.nonNegativeInteger)))
        g.add((node, NKG.modality, NKG[c.modality.value]))
        g.add((node, NKG.confidence, _decimal(c.confidence)))
        if c.trigger:
            g.add((node, NKG.trigger, Literal(c.trigger)))
        for q in stated_quantities(c.quote, c.event.quantities, figures):
            g.add((node, NKG.states, self.iris.quantity(c.event, q, event_iri=event)))
        return node

    def _describe_entities(self, g: Sink, used: set[str]) -> Iterator[str]:
        """Describe ``used`` and every entity they point to (affiliation, party...) in ``g``.

        Yields each key once it is described, so the caller can cut ``g``
        into pieces as it grows.
        """
        todo = sorted(used, reverse=True)
        done: set[str] = set()
        while todo:
            key = todo.pop()
            if key in done:
                continue
            done.add(key)
            todo.extend(k for k in self._entity(g, key) if k not in done)
            yield key

    def _entity(self, g: Sink, key: str) -> list[str]:
        """Describe one entity in ``g``; return the keys of the entities it points to."""
        node = self.iris.entity(key)
        ent = self.kb.get(key)
        acc = self._entities.get(key)
        refs: list[str] = []
        if ent is not None:
            kind = ent.kind
            labels = dict(ent.labels)
            g.add((node, RDF.type, NKG[kind.value]))
            for lang, label in sorted(labels.items()):
                g.add((node, RDFS.label, Literal(label, lang=lang)))
            if ent.wikidata:
                g.add((node, OWL.sameAs, WD[ent.wikidata]))
            for pred, target in (
                (NKG.affiliation, ent.affiliation),
                (NKG.origin, ent.origin),
                (NKG.seatOf, ent.seat_of),
                (NKG.locatedIn, ent.located_in),
            ):
                if target:
                    g.add((node, pred, self.iris.entity(target)))
                    refs.append(target)
            for party in ent.parties:
                g.add((node, NKG.party, self.iris.entity(party)))
                refs.append(party)
            seen_labels = set(labels.values())
            alt = set(ent.aliases) - seen_labels
        elif acc is not None:
            kind = acc.ref.kind
            g.add((node, RDF.type, NKG[kind.value]))
            g.add((node, RDFS.label, Literal(acc.ref.label, lang="fr")))
            if acc.ref.label_en:
                g.add((node, RDFS.label, Literal(acc.ref.label_en, lang="en")))
            if acc.ref.affiliation:
                g.add((node, NKG.affiliation, self.iris.entity(acc.ref.affiliation)))
                refs.append(acc.ref.affiliation)
            seen_labels = {acc.ref.label}
            alt = set()
        else:
            return refs
        if acc is not None:
            alt |= {n for n in acc.names if n not in seen_labels}
        for name in sorted(alt):
            if name.strip():
                g.add((node, SKOS.altLabel, Literal(" ".join(name.split()), lang="fr")))
        return refs


def _claims_by_article(
    groups: list[SpilledGroup], events: dict[str, tuple[tuple[str, Order], Event]]
) -> dict[str, list[tuple[Claim, QuoteFigures | None, str]]]:
    """The claims of one file's ``groups`` by article, each with its quote's figures and
    its event's key (the merge gave each claim its group's event); each group's event is
    recorded in ``events``.

    ``events`` keeps, for each event IRI, the event as the last claim to assert it in
    one merge of the corpus has it: articles by identifier, then groups as they
    opened (the claims of one group share its event, so the group's first claim
    ranks them). An IRI may be asserted from two blocks (a denial and an assertion
    of the same figure, another qualifier), hence from two files.
    """
    by_article: dict[str, list[tuple[Claim, QuoteFigures | None, str]]] = {}
    for group in groups:
        ev = group.event
        key = ev.key
        for m in group.members:
            c = m.claim
            figures = cast("QuoteFigures | None", m.extra)  # as GraphAssembler.add filed it
            by_article.setdefault(c.article, []).append((c, figures, key))
            rank = (c.article, group.first)
            held = events.get(key)
            if held is None or held[0] < rank:
                events[key] = (rank, ev)
    return by_article


def _claim_keys(claims: Iterable[Claim]) -> set[str]:
    keys: set[str] = set()
    for c in claims:
        keys.update(k for _, k in c.event.roles)
        if c.claimant:
            keys.add(c.claimant)
    return keys


def entity_kinds() -> tuple[EntityKind, ...]:
    return tuple(EntityKind)
