"""The ``queries/data-*-violation.rq`` checks, run with the shapes over the data.

Each row such a query returns is a violation of the shape named after the
query (``nkg-shapes:data-undeclared-term-violation``), added to the SHACL
report as a ``sh:SPARQLConstraintComponent`` result. They run over the data
merged with the ontology (a check such as the undeclared ``nkg:`` terms
needs its declarations), in the build and in ``newskg validate`` alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from newskg.namespaces import SHAPES
from newskg.resources import queries_dir
from newskg.shacl.oxigraph import OxigraphData, load_store
from newskg.shacl.parallel import Mapper

__all__ = [
    "ONTOLOGY_GRAPH",
    "QueryCheck",
    "add_query_results",
    "ontology_beside",
    "run_violation_queries",
    "violation_queries",
    "with_ontology",
]


@dataclass(frozen=True, slots=True)
class QueryCheck:
    """A ``queries/data-*-violation.rq`` check: each row it returns is a violation.

    ``shape`` names it in reports (``nkg-shapes:`` + the file's stem);
    ``message`` is the first sentence of its leading comment.
    """

    shape: URIRef
    message: str
    sparql: str


@cache
def violation_queries() -> tuple[QueryCheck, ...]:
    """The data checks of ``queries/``: ``data-*-violation.rq``, sorted by name.

    They run with the shapes, in the build and in ``newskg validate`` alike,
    on the data merged with the ontology (a check such as the undeclared
    ``nkg:`` terms needs its declarations). The ``ontology-*`` checks are the
    ontology's, run by its tests.
    """
    checks = []
    for path in sorted(queries_dir().glob("data-*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        joined = " ".join(comment)
        end = joined.find(". ")
        message = joined[: end + 1] if end >= 0 else joined
        checks.append(QueryCheck(URIRef(f"{SHAPES}{path.stem}"), message or path.stem, text))
    return tuple(checks)


def run_violation_queries(
    data: OxigraphData, *, mapper: Mapper = map
) -> list[tuple[QueryCheck, Node, Node | None]]:
    """Each row of each :func:`violation_queries` check over ``data``: (check, focus, value).

    The focus is the row's first bound term, the value its second (``?term``;
    ``?event`` and ``?measure``). ``mapper`` runs the checks (a thread pool's
    ``map`` runs them side by side); the rows keep the checks' order.
    """
    found = mapper(lambda check: _check_rows(check, data), violation_queries())
    return [row for rows in found for row in rows]


Row = tuple[QueryCheck, Node, Node | None]


def _check_rows(check: QueryCheck, data: OxigraphData) -> list[Row]:
    """One check's rows over ``data``."""
    rows = []
    for row in data.query(check.sparql):
        terms = [_from_ox(t) for t in row if t is not None]
        if terms:
            rows.append((check, terms[0], terms[1] if len(terms) > 1 else None))
    return rows


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def add_query_results(raw: Graph, found: list[tuple[QueryCheck, Node, Node | None]]) -> bool:
    """Add the checks' rows to the report as SHACL results; whether there were none."""
    if not found:
        return True
    report = raw.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        report = BNode()
        raw.add((report, RDF.type, SH.ValidationReport))
    raw.set((report, SH.conforms, Literal(False)))
    for check, focus, value in found:
        node = BNode()
        raw.add((report, SH.result, node))
        raw.add((node, RDF.type, SH.ValidationResult))
        raw.add((node, SH.focusNode, focus))
        raw.add((node, SH.resultSeverity, SH.Violation))
        raw.add((node, SH.sourceShape, check.shape))
        raw.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        raw.add((node, SH.resultMessage, Literal(check.message)))
        if value is not None:
            raw.add((node, SH.value, value))
    return False


# The named graph that holds the ontology beside the data while the checks run.
ONTOLOGY_GRAPH = ox.NamedNode("urn:newskg:validation:ontology")


@contextmanager
def ontology_beside(data: OxigraphData, ontology: Graph) -> Iterator[OxigraphData]:
    """``data`` with the ontology in a named graph of its own store, taken out on exit.

    For a store that may be written while it is checked (the build's new
    store, before it is committed): adding the ontology costs the same
    whatever the data's size, where :func:`with_ontology` copies every quad
    (about 10 s per million).
    """
    terms = data.terms
    data.store.bulk_extend(
        ox.Quad(terms(s), terms.named(p), terms(o), ONTOLOGY_GRAPH)
        for s, p, o in ontology.triples((None, None, None))
    )
    try:
        if data.union:
            yield OxigraphData(data.store, terms, union=True)
        else:
            graphs = data.default_graph or (ox.DefaultGraph(),)
            yield OxigraphData(data.store, terms, (*graphs, ONTOLOGY_GRAPH))
    finally:
        data.store.remove_graph(ONTOLOGY_GRAPH)


def with_ontology(data: OxigraphData, ontology: Graph) -> OxigraphData:
    """An in-memory copy of ``data``'s triples with the ontology's, for the query checks.

    A store the build wrote holds no ontology, and is not to be changed.
    """
    copy = load_store(ontology)
    if data.union:
        quads = data.store.quads_for_pattern(None, None, None)
    else:
        graphs = data.default_graph or (ox.DefaultGraph(),)
        quads = (q for g in graphs for q in data.store.quads_for_pattern(None, None, None, g))
    copy.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return copy
