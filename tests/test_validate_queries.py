"""The SPARQL ``*-violation.rq`` checks: no row on good input, rows on bad input.

``queries/ontology-*-violation.rq`` run on an ontology (the real one must give
no row); ``queries/data-*-violation.rq`` run on instance data merged with the
ontology. Each has a hand-written pair in ``tests/data/queries/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from newskg.namespaces import SHAPES
from newskg.resources import ontology_path, queries_dir, shapes_dir

EXAMPLES = Path(__file__).resolve().parent / "data" / "queries"
SHAPE_EXAMPLES = Path(__file__).resolve().parent / "data" / "shapes"
QUERIES = sorted(queries_dir().glob("*-violation.rq"))


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def rows(query: Path, graph: Graph) -> list:
    return list(graph.query(query.read_text(encoding="utf-8")))


def subject(query: Path, example: Path, onto: Graph) -> Graph:
    g = Graph().parse(example, format="turtle")
    return g + onto if query.name.startswith("data-") else g


def test_violation_queries_exist():
    kinds = {q.name.split("-", 1)[0] for q in QUERIES}
    assert kinds == {"data", "ontology"}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_violation_query_examples(query: Path, onto: Graph):
    valid = EXAMPLES / f"{query.stem}-valid.ttl"
    invalid = EXAMPLES / f"{query.stem}-invalid.ttl"
    assert valid.exists() and invalid.exists(), f"{query.name} needs a valid and an invalid example"
    assert rows(query, subject(query, valid, onto)) == []
    assert rows(query, subject(query, invalid, onto)), f"{query.name} found nothing in {invalid}"


@pytest.mark.parametrize(
    "query", [q for q in QUERIES if q.name.startswith("ontology-")], ids=lambda q: q.stem
)
def test_ontology_has_no_violation(query: Path, onto: Graph):
    assert rows(query, onto) == []


def test_undeclared_terms_are_named(onto: Graph):
    query = queries_dir() / "data-undeclared-term-violation.rq"
    found = rows(query, subject(query, EXAMPLES / f"{query.stem}-invalid.ttl", onto))
    names = sorted(str(r[0]).rsplit("#", 1)[1] for r in found)
    assert names == ["Deploymnet", "Soldiers", "agnet"]


def data_shape_examples() -> list[Path]:
    shapes = Graph()
    for name in ("data.ttl", "rules.ttl"):
        shapes.parse(shapes_dir() / name, format="turtle")
    names = {str(s).removeprefix(str(SHAPES)) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    return [SHAPE_EXAMPLES / f"{name}-valid.ttl" for name in sorted(names)]


def test_valid_shape_examples_use_declared_terms(onto: Graph):
    query = queries_dir() / "data-undeclared-term-violation.rq"
    merged = Graph().parse(SHAPE_EXAMPLES / "context.ttl", format="turtle")
    for example in data_shape_examples():
        merged.parse(example, format="turtle")
    assert rows(query, merged + onto) == []


def test_valid_shape_examples_have_one_quantity_per_measure():
    query = queries_dir() / "data-duplicate-measure-violation.rq"
    for example in data_shape_examples():
        assert rows(query, Graph().parse(example, format="turtle")) == [], example.name
