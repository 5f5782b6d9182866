"""Model objects -> RDF triples, under the contract's terms (``../shared/CONTRACT.md``).

:class:`GraphAssembler` collects the :class:`~newskg.model.ArticleResult` s of a
build, merges the same event reported by several articles into one node
(each report keeps its own claim), and emits articles, entities, events,
quantities, claims and the build's ``prov:Activity`` as rdflib terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from newskg.extract.merge import entity_equivalence, merge_claims
from newskg.kb import KnowledgeBase
from newskg.model import (
    ArticleResult,
    Claim,
    EntityKind,
    EntityRef,
    Event,
    PartialDate,
)
from newskg.namespaces import NKG, SCHEMA, WD
from newskg.rdf.export import bind_prefixes
from newskg.rdf.iris import IriMinter

__all__ = ["BuildActivity", "GraphAssembler", "date_literal"]

_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(d: PartialDate) -> Literal:
    """A typed literal at the date's precision (``xsd:date`` / ``gYearMonth`` / ``gYear``)."""
    return Literal(d.lexical, datatype=_DATATYPES[d.precision])


@dataclass(frozen=True, slots=True)
class BuildActivity:
    """What the build's ``prov:Activity`` records."""

    digest: str
    started: datetime
    ended: datetime
    software_version: str
    model_name: str
    model_version: str


@dataclass(slots=True)
class _EntityAcc:
    ref: EntityRef
    names: set[str]


class GraphAssembler:
    """Accumulate article results, then emit the whole graph with :meth:`graph`."""

    def __init__(self, base: str, kb: KnowledgeBase) -> None:
        self.iris = IriMinter(base)
        self.base = base
        self.kb = kb
        self._results: list[ArticleResult] = []
        self._entities: dict[str, _EntityAcc] = {}

    def add(self, result: ArticleResult) -> None:
        self._results.append(result)
        for ref in result.entities:
            acc = self._entities.get(ref.key)
            if acc is None:
                self._entities[ref.key] = _EntityAcc(ref, set(ref.names))
            else:
                acc.names.update(ref.names)

    # ------------------------------------------------------------------ output
    def graph(self, activity: BuildActivity | None = None) -> Graph:
        g = bind_prefixes(Graph(), self.base)
        results = sorted(self._results, key=lambda r: r.article.identifier)
        affiliations = {k: a.ref.affiliation for k, a in self._entities.items()}
        claims = merge_claims(
            [c for r in results for c in r.claims],
            entity_equivalence(self.kb, affiliations),
            within_article=False,
        )
        activity_iri = self._activity(g, activity) if activity else None
        by_article: dict[str, list[Claim]] = {}
        for c in claims:
            by_article.setdefault(c.article, []).append(c)
        used: set[str] = set()
        for r in results:
            mine = by_article.get(r.article.identifier, [])
            keys = {e.key for e in r.entities} | _claim_keys(mine)
            self._article(g, r, sorted(keys))
            used |= keys
        events: dict[str, Event] = {}
        for c in claims:
            events[c.event.key] = c.event
            self._claim(g, c, activity_iri)
        for key in sorted(events):
            self._event(g, events[key])
        self._entities_out(g, used)
        return g

    def _activity(self, g: Graph, a: BuildActivity) -> URIRef:
        node = self.iris.build(a.digest)
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, RDFS.label, Literal(f"newskg {a.software_version} build")))
        g.add((node, PROV.startedAtTime, Literal(a.started.isoformat(), datatype=XSD.dateTime)))
        g.add((node, PROV.endedAtTime, Literal(a.ended.isoformat(), datatype=XSD.dateTime)))
        g.add((node, NKG.softwareVersion, Literal(a.software_version)))
        g.add((node, NKG.modelName, Literal(a.model_name)))
        g.add((node, NKG.modelVersion, Literal(a.model_version)))
        return node

    def _article(self, g: Graph, r: ArticleResult, keys: Iterable[str]) -> None:
        a = r.article
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
        for key in keys:
            g.add((node, NKG.mentions, self.iris.entity(key)))

    def _event(self, g: Graph, ev: Event) -> None:
        node = self.iris.event(ev)
        g.add((node, RDF.type, NKG[ev.kind.value]))
        g.add((node, RDFS.label, Literal(self._event_label(ev))))
        for role, key in ev.roles:
            g.add((node, NKG[role], self.iris.entity(key)))
        for q in ev.quantities:
            qn = self.iris.quantity(ev, q)
            g.add((node, NKG.quantity, qn))
            g.add((qn, RDF.type, NKG.Quantity))
            g.add((qn, NKG.measure, NKG[q.measure.value]))
            g.add((qn, NKG.qualifier, NKG[q.qualifier.value]))
            if q.value is not None:
                g.add((qn, NKG.value, Literal(q.value, datatype=XSD.integer)))
            if q.min_value is not None:
                g.add((qn, NKG.minValue, Literal(q.min_value, datatype=XSD.integer)))
            if q.max_value is not None:
                g.add((qn, NKG.maxValue, Literal(q.max_value, datatype=XSD.integer)))
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
        figures = [
            f"{q.measure.value} {q.value if q.value is not None else q.min_value}"
            for q in ev.quantities
        ]
        when = [ev.time.key] if ev.time else []
        return f"{ev.kind.value}: " + "; ".join(parts + figures + when)

    def _claim(self, g: Graph, c: Claim, activity: URIRef | None) -> None:
        node = self.iris.claim(c)
        g.add((node, RDF.type, NKG.Claim))
        g.add((node, NKG.asserts, self.iris.event(c.event)))
        g.add((node, PROV.wasDerivedFrom, self.iris.article(c.article)))
        if c.claimant:
            g.add((node, NKG.claimant, self.iris.entity(c.claimant)))
        g.add((node, NKG.quote, Literal(c.quote, lang="fr")))
        g.add((node, NKG.quoteStart, Literal(c.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NKG.quoteEnd, Literal(c.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NKG.modality, NKG[c.modality.value]))
        g.add((node, NKG.confidence, Literal(Decimal(str(c.confidence)), datatype=XSD.decimal)))
        if c.trigger:
            g.add((node, NKG.trigger, Literal(c.trigger)))
        if activity is not None:
            g.add((node, PROV.wasGeneratedBy, activity))

    def _entities_out(self, g: Graph, used: set[str]) -> None:
        todo = sorted(used)
        done: set[str] = set()
        while todo:
            key = todo.pop()
            if key in done:
                continue
            done.add(key)
            todo.extend(k for k in self._entity(g, key) if k not in done)

    def _entity(self, g: Graph, key: str) -> list[str]:
        """Describe one entity; return the keys of the entities it points to."""
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


def _claim_keys(claims: Iterable[Claim]) -> set[str]:
    keys: set[str] = set()
    for c in claims:
        keys.update(k for _, k in c.event.roles)
        if c.claimant:
            keys.add(c.claimant)
    return keys


def entity_kinds() -> tuple[EntityKind, ...]:
    return tuple(EntityKind)
