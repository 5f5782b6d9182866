"""What the web pages show, read from the store through the endpoint's workers and limits.

Every read goes through :class:`Reader`, which hands SPARQL to the server's
worker pool exactly as ``/query`` does: checked by
:mod:`newskg.sparql.guard`, read-only whatever the server allows (a page
never writes), stopped at the time limit and cut at the row limit. IRIs
taken from a request are validated by :class:`pyoxigraph.NamedNode` and
written in their N-Triples form, and strings as N-Triples literals, so
nothing a visitor types can change a query's shape.

:func:`describe` gathers one IRI's description (its triples both ways) and
:func:`event_details` the roles, figures and claims of events, for the
entity, event, article and claim pages of :mod:`newskg.web.pages`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus
from typing import Any, Protocol

import pyoxigraph as ox

from newskg.errors import QueryError, QueryTimeoutError
from newskg.resources import ontology_path
from newskg.sparql import (
    Answer,
    Limits,
    Operation,
    check_bindings,
    declare_prefixes,
    explain_syntax_error,
)

__all__ = [
    "NKG",
    "Description",
    "EventInfo",
    "PageError",
    "Reader",
    "Timed",
    "describe",
    "event_details",
    "ontology_labels",
    "resource_rdf",
    "search_entities",
]

NKG = "https://w3id.org/newskg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS_TITLE = "http://purl.org/dc/terms/title"
DCTERMS_IDENTIFIER = "http://purl.org/dc/terms/identifier"
_LABEL_BATCH = 300
Term = ox.NamedNode | ox.Literal | ox.BlankNode


class PageError(Exception):
    """A request a page cannot answer: the HTTP status and a message for the visitor."""

    def __init__(self, status: HTTPStatus, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers


class _Pool(Protocol):
    def run(self, sparql: str, *, limits: Limits, **options: Any) -> Answer: ...


class _Server(Protocol):
    pool: _Pool
    limits: Limits


@dataclass(frozen=True, slots=True)
class Timed:
    """An answer and the seconds it took (checks, worker and transfer included)."""

    answer: Answer
    seconds: float


class Reader:
    """Runs the pages' SPARQL on a :class:`~newskg.sparql.SparqlServer`'s workers, read-only.

    ``prefixes`` are declared for every query that does not declare them
    (:func:`~newskg.sparql.declare_prefixes`). Errors become :class:`PageError`:
    400 for a malformed or refused query, 504 past the time limit, 503 when
    every worker stayed busy, 500 when the store failed.
    """

    def __init__(self, server: _Server, base: str, prefixes: dict[str, str]) -> None:
        self.server = server
        self.base = base
        self.prefixes = prefixes

    @property
    def limits(self) -> Limits:
        return self.server.limits

    def run(
        self,
        sparql: str,
        *,
        bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
        limits: Limits | None = None,
    ) -> Timed:
        """Run a query (never an update) under the server's limits (or ``limits``)."""
        from newskg.sparql import refusal_of  # noqa: PLC0415  (the server imports this package)

        if not sparql.strip():
            raise PageError(HTTPStatus.BAD_REQUEST, explain_syntax_error("", sparql))
        text = declare_prefixes(sparql, self.prefixes)
        started = time.perf_counter()
        try:
            check_bindings(text, bindings)
            answer = self.server.pool.run(
                text,
                limits=limits or self.server.limits,
                allow_update=False,
                expect=Operation.QUERY,
                bindings=bindings or {},
            )
        except (QueryError, QueryTimeoutError, OSError) as exc:  # StoreError is an OSError
            status, message, headers = refusal_of(exc, sparql, text)
            raise PageError(status, message, **headers) from exc
        return Timed(answer, time.perf_counter() - started)

    def select(self, sparql: str) -> list[dict[str, Term]]:
        """The solutions of a SELECT as dicts (unbound variables left out)."""
        results = self.run(sparql).answer.results()
        if not isinstance(results, ox.QuerySolutions):
            raise PageError(HTTPStatus.INTERNAL_SERVER_ERROR, "a page query is not a SELECT")
        names = [v.value for v in results.variables]
        return [{n: t for n, t in zip(names, row, strict=True) if t is not None} for row in results]

    def labels(self, iris: Iterable[str], *, lang: str = "fr") -> dict[str, str]:
        """The ``rdfs:label`` of each IRI that has one: in ``lang``, else English, else any;
        else its ``dcterms:title``, else its ``dcterms:identifier`` (an article's).

        Ontology terms are labelled from the bundled ontology (in English, the
        pages' language) without a query.
        """
        onto = ontology_labels()
        found = {i: onto[i] for i in iris if i in onto}
        wanted = [i for i in dict.fromkeys(iris) if i not in found and _valid(i)]
        preference = {lang: 0, "en": 1, "": 2}
        rank: dict[str, tuple[int, int, str]] = {}
        unlimited = Limits(timeout=self.limits.timeout, max_rows=None)
        for start in range(0, len(wanted), _LABEL_BATCH):
            values = " ".join(str(ox.NamedNode(i)) for i in wanted[start : start + _LABEL_BATCH])
            sparql = (
                f"SELECT ?s ?l ?k WHERE {{ VALUES ?s {{ {values} }} "
                f"{{ ?s <{RDFS_LABEL}> ?l BIND(0 AS ?k) }} UNION "
                f"{{ ?s <{DCTERMS_TITLE}> ?l BIND(1 AS ?k) }} UNION "
                f"{{ ?s <{DCTERMS_IDENTIFIER}> ?l BIND(2 AS ?k) }} }}"
            )
            results = self.run(sparql, limits=unlimited).answer.results()
            assert isinstance(results, ox.QuerySolutions)
            for subject, label, kind in results:
                if isinstance(label, ox.Literal):
                    key = (int(kind.value), preference.get(label.language or "", 3), label.value)
                    if subject.value not in rank or key < rank[subject.value]:
                        rank[subject.value] = key
        found.update({iri: key[-1] for iri, key in rank.items()})
        return found


def _valid(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


@cache
def ontology_labels() -> dict[str, str]:
    """``IRI -> label`` of the bundled ontology's terms (English first, else French)."""
    best: dict[str, tuple[int, str]] = {}
    order = {"en": 0, "fr": 1}
    for triple in ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value != RDFS_LABEL or not isinstance(triple.object, ox.Literal):
            continue
        key = (order.get(triple.object.language or "", 2), triple.object.value)
        subject = triple.subject.value
        if subject not in best or key < best[subject]:
            best[subject] = key
    return {iri: label for iri, (_, label) in best.items()}


# ---------------------------------------------------------------- descriptions
@dataclass
class Description:
    """An IRI's triples: ``outgoing`` (predicate, object) and ``incoming`` (subject, predicate)."""

    iri: str
    outgoing: list[tuple[ox.NamedNode, Term]]
    incoming: list[tuple[Term, ox.NamedNode]]
    incoming_cut: bool = False

    @property
    def types(self) -> list[str]:
        return [o.value for p, o in self.outgoing if p.value == RDF_TYPE]

    def values(self, predicate: str) -> list[Term]:
        return [o for p, o in self.outgoing if p.value == predicate]

    def first(self, predicate: str) -> Term | None:
        found = self.values(predicate)
        return found[0] if found else None


_INCOMING_LIMIT = 500


def describe(reader: Reader, iri: str) -> Description | None:
    """``iri``'s description, or ``None`` when no triple has it as subject (an unknown IRI).

    Raises :class:`PageError` (404) when ``iri`` is not a valid IRI.
    """
    node = _node(iri)
    out = reader.select(f"SELECT ?p ?o WHERE {{ {node} ?p ?o }} ORDER BY ?p ?o")
    if not out:
        return None
    inc = reader.select(
        f"SELECT ?s ?p WHERE {{ ?s ?p {node} }} ORDER BY ?p ?s LIMIT {_INCOMING_LIMIT + 1}"
    )
    return Description(
        iri,
        [(r["p"], r["o"]) for r in out if isinstance(r["p"], ox.NamedNode)],
        [(r["s"], r["p"]) for r in inc[:_INCOMING_LIMIT] if isinstance(r["p"], ox.NamedNode)],
        incoming_cut=len(inc) > _INCOMING_LIMIT,
    )


def _node(iri: str) -> str:
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        raise PageError(HTTPStatus.NOT_FOUND, f"not a valid IRI: {iri}") from None


def resource_rdf(reader: Reader, iri: str) -> list[ox.Triple]:
    """The triples that describe ``iri``: its own, and those of the nodes minted under it
    (an event's quantities, ``<event>/q/<measure>``)."""
    node = _node(iri)
    sparql = (
        f"CONSTRUCT {{ {node} ?p ?o . ?o ?p2 ?o2 }} WHERE {{ {node} ?p ?o "
        f'OPTIONAL {{ FILTER(isIRI(?o) && STRSTARTS(STR(?o), CONCAT(STR({node}), "/"))) '
        "?o ?p2 ?o2 } }"
    )
    results = reader.run(sparql).answer.results()
    return list(results) if isinstance(results, list) else []


@dataclass
class Figure:
    """A quantity of an event: its measure, value (or range) and qualifier."""

    measure: str
    value: Term | None = None
    minimum: Term | None = None
    maximum: Term | None = None
    qualifier: str | None = None


@dataclass
class ClaimInfo:
    """A claim asserting an event, with its article's identifier, title and date."""

    claim: str
    article: str | None = None
    claimant: str | None = None
    quote: Term | None = None
    modality: str | None = None
    confidence: Term | None = None
    title: Term | None = None
    identifier: Term | None = None
    issued: Term | None = None


@dataclass
class EventInfo:
    """An event as the pages show it: class, dates, roles, figures and claims."""

    iri: str
    classes: list[str] = field(default_factory=list)
    date: Term | None = None
    start: Term | None = None
    end: Term | None = None
    roles: list[tuple[str, str]] = field(default_factory=list)  # (role IRI, entity IRI)
    figures: list[Figure] = field(default_factory=list)
    claims: list[ClaimInfo] = field(default_factory=list)

    @property
    def when(self) -> Term | None:
        return self.date or self.start

    def sort_key(self) -> tuple[int, str, str, str]:
        """Dated events first, by date, then by class; undated ones after."""
        when = self.when
        kinds = ",".join(sorted(self.classes))
        return (0, when.value, kinds, self.iri) if when is not None else (1, "", kinds, self.iri)


def _values(iris: Iterable[str]) -> str:
    return " ".join(_node(i) for i in iris)


def event_details(reader: Reader, events: Iterable[str]) -> dict[str, EventInfo]:
    """The roles, figures, dates and claims of ``events`` (IRIs), in a few queries."""
    wanted = list(dict.fromkeys(events))
    infos = {e: EventInfo(e) for e in wanted}
    for start in range(0, len(wanted), _LABEL_BATCH):
        batch = _values(wanted[start : start + _LABEL_BATCH])
        _fill(reader, infos, batch)
    for info in infos.values():
        info.claims.sort(key=lambda c: (c.issued.value if c.issued else "", c.claim))
    return infos


def _fill(reader: Reader, infos: dict[str, EventInfo], values: str) -> None:
    for r in reader.select(
        f"SELECT ?e ?p ?o WHERE {{ VALUES ?e {{ {values} }} ?e ?p ?o "
        "FILTER(?p IN (rdf:type, nkg:date, nkg:startDate, nkg:endDate) || "
        "(isIRI(?o) && ?p NOT IN (nkg:quantity, rdf:type, owl:sameAs))) }"
    ):
        info, p, o = infos[r["e"].value], r["p"].value, r["o"]
        if p == RDF_TYPE:
            info.classes.append(o.value)
        elif p == f"{NKG}date":
            info.date = o
        elif p == f"{NKG}startDate":
            info.start = o
        elif p == f"{NKG}endDate":
            info.end = o
        else:
            info.roles.append((p, o.value))
    for r in reader.select(
        f"SELECT ?e ?m ?v ?min ?max ?qual WHERE {{ VALUES ?e {{ {values} }} "
        "?e nkg:quantity ?q . ?q nkg:measure ?m "
        "OPTIONAL { ?q nkg:value ?v } OPTIONAL { ?q nkg:minValue ?min } "
        "OPTIONAL { ?q nkg:maxValue ?max } OPTIONAL { ?q nkg:qualifier ?qual } } ORDER BY ?m"
    ):
        infos[r["e"].value].figures.append(
            Figure(
                r["m"].value,
                r.get("v"),
                r.get("min"),
                r.get("max"),
                r["qual"].value if "qual" in r else None,
            )
        )
    for r in reader.select(
        f"SELECT ?e ?c ?doc ?who ?quote ?mod ?conf ?title ?ident ?issued "
        f"WHERE {{ VALUES ?e {{ {values} }} ?c nkg:asserts ?e "
        "OPTIONAL { ?c prov:wasDerivedFrom ?doc "
        "  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:identifier ?ident } "
        "  OPTIONAL { ?doc dcterms:issued ?issued } } "
        "OPTIONAL { ?c nkg:claimant ?who } OPTIONAL { ?c nkg:quote ?quote } "
        "OPTIONAL { ?c nkg:modality ?mod } OPTIONAL { ?c nkg:confidence ?conf } } ORDER BY ?c"
    ):
        info = infos[r["e"].value]
        if any(c.claim == r["c"].value for c in info.claims):
            continue  # a second title or date of the same article
        info.claims.append(
            ClaimInfo(
                r["c"].value,
                article=r["doc"].value if "doc" in r else None,
                claimant=r["who"].value if "who" in r else None,
                quote=r.get("quote"),
                modality=r["mod"].value if "mod" in r else None,
                confidence=r.get("conf"),
                title=r.get("title"),
                identifier=r.get("ident"),
                issued=r.get("issued"),
            )
        )


def entity_events(reader: Reader, iri: str) -> list[tuple[str, str]]:
    """(event, role) for every event that names ``iri`` in a role (asserted by a claim)."""
    node = _node(iri)
    rows = reader.select(
        f"SELECT DISTINCT ?e ?role WHERE {{ ?e ?role {node} . ?c nkg:asserts ?e }} ORDER BY ?e"
    )
    return [(r["e"].value, r["role"].value) for r in rows]


def article_claims(reader: Reader, iri: str) -> list[tuple[str, str]]:
    """(claim, event) for every claim read from the article ``iri``."""
    node = _node(iri)
    rows = reader.select(
        f"SELECT ?c ?e WHERE {{ ?c prov:wasDerivedFrom {node} ; nkg:asserts ?e }} ORDER BY ?c"
    )
    return [(r["c"].value, r["e"].value) for r in rows]


def claimant_claims(reader: Reader, iri: str) -> list[tuple[str, str]]:
    """(claim, event) for every claim whose claimant is ``iri`` (what it says happened)."""
    node = _node(iri)
    rows = reader.select(
        f"SELECT ?c ?e WHERE {{ ?c nkg:claimant {node} ; nkg:asserts ?e }} ORDER BY ?c"
    )
    return [(r["c"].value, r["e"].value) for r in rows]


_SEARCH_LIMIT = 100
_SPACE = re.compile(r"\s+")


# Letters a search folds to their base letter, on both sides (the SPARQL and Python
# versions are built from this one table, so they agree): "coree" finds "Corée".
_FOLDS = (
    ("[àâäáãå]", "a"),
    ("[éèêë]", "e"),
    ("[îïíì]", "i"),
    ("[ôöóòõ]", "o"),
    ("[ùûüú]", "u"),
    ("ç", "c"),
    ("ÿ", "y"),
    ("ñ", "n"),
    ("œ", "oe"),
    ("æ", "ae"),
    ("[’‘`]", "'"),
)


def fold(text: str) -> str:
    """``text`` lowercased, accents and curly apostrophes folded as the search folds names.

    >>> fold("Corée du Nord’s Œuvre")
    "coree du nord's oeuvre"
    """
    folded = text.lower()
    for pattern, plain in _FOLDS:
        folded = re.sub(pattern, plain, folded)
    return folded


def _fold_sparql(expression: str) -> str:
    for pattern, plain in _FOLDS:
        expression = f"REPLACE({expression}, {ox.Literal(pattern)}, {ox.Literal(plain)})"
    return expression


def search_entities(reader: Reader, text: str) -> list[dict[str, Term]]:
    """Entities whose label or other name contains ``text``, best first.

    Case and accents do not count (:func:`fold`). Each row: ``e`` the entity,
    ``name`` a matching name, ``class`` one of its classes. Exact names come
    first, then names that start with the text, then the others.
    """
    words = _SPACE.sub(" ", text).strip()
    if not words:
        return []
    needle = str(ox.Literal(fold(words)))
    prefix = str(ox.Literal(f"{reader.base}entity/"))
    folded = _fold_sparql("LCASE(STR(?n))")
    return reader.select(
        "SELECT ?e (SAMPLE(?n) AS ?name) (SAMPLE(?k) AS ?class) (MIN(?score) AS ?rank) WHERE { "
        "?e rdfs:label|skos:altLabel ?n . "
        f"FILTER(STRSTARTS(STR(?e), {prefix})) "
        f"BIND({folded} AS ?f) FILTER(CONTAINS(?f, {needle})) "
        "OPTIONAL { ?e a ?k } "
        f"BIND(IF(?f = {needle}, 0, IF(STRSTARTS(?f, {needle}), 1, 2)) AS ?score) }} "
        f"GROUP BY ?e ORDER BY ?rank ?e LIMIT {_SEARCH_LIMIT}"
    )
