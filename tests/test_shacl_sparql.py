"""SPARQL-based shapes run the fast way (one Oxigraph query each) give pySHACL's results.

``validate(graph)`` runs SHACL Core in pySHACL and each ``sh:select`` once over
an Oxigraph store; ``validate(graph, fast_sparql=False)`` leaves the
SPARQL-based shapes to pySHACL, which runs them once per focus node. Both
must report the same violations, in the same report graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import RDF, SH

from newskg.errors import InputError
from newskg.namespaces import SHAPES
from newskg.resources import shapes_dir
from newskg.shacl import load_store, run_constraints, split_shapes, validate

EXAMPLES = Path(__file__).resolve().parent / "data" / "shapes"
EX = "https://example.org/test/"
RULES = Graph().parse(shapes_dir() / "rules.ttl", format="turtle")
SPARQL_SHAPES = sorted(
    str(s).removeprefix(str(SHAPES)) for s in set(RULES.subjects(SH.sparql, None))
)

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/test/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


# the sh:prefixes of the hand-made shapes below
DECLARE_EX = """
ex:prefixes sh:declare [
    sh:prefix "ex" ; sh:namespace "https://example.org/test/"^^xsd:anyURI ] .
"""


def example(name: str) -> Graph:
    g = Graph().parse(EXAMPLES / "context.ttl", format="turtle")
    return g.parse(EXAMPLES / f"{name}.ttl", format="turtle")


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def same_both_ways(data: Graph, shapes: Graph | None = None):
    """Validate fast and with pySHACL only; assert the same violations and report."""
    fast = validate(data, shapes=shapes)
    slow = validate(data, shapes=shapes, fast_sparql=False)
    assert fast.conforms == slow.conforms
    assert fast.violations == slow.violations
    if not isomorphic(fast.report_graph, slow.report_graph):
        _, only_fast, only_slow = graph_diff(fast.report_graph, slow.report_graph)
        pytest.fail(
            "reports differ\nonly fast:\n"
            + only_fast.serialize(format="turtle")
            + "\nonly pySHACL:\n"
            + only_slow.serialize(format="turtle")
        )
    return fast


def test_rules_hold_only_sparql_shapes():
    assert len(SPARQL_SHAPES) >= 5
    core, constraints = split_shapes(RULES)
    assert {c.shape for c in constraints} == {SHAPES[n] for n in SPARQL_SHAPES}
    assert not set(core.objects(None, SH.sparql))
    assert not set(core.subjects(RDF.type, SH.SPARQLConstraint))
    assert not set(core.objects(None, SH.select))
    # each runs as one query over the whole graph
    assert not [c.shape for c in constraints if c.per_focus_node]


def test_prefixes_come_from_the_declarations():
    _, constraints = split_shapes(RULES)
    for c in constraints:
        prefixes = dict(c.prefixes)
        assert prefixes["nkg"] == "https://w3id.org/newskg/ontology#"
        assert prefixes["schema"] == "https://schema.org/"
        assert "nkg:" in c.select and "PREFIX" not in c.select  # the text is the shapes'


# What each invalid example breaks: one focus node per way (see its first comment).
INVALID_FOCUS = {
    "AssertedEventDateShape": {"event-1", "event-2", "event-3", "event-4"},
    "CasualtyTotalShape": {"event", "event-2"},
    "ClaimQuoteInArticleShape": {"claim-1", "claim-2", "claim-3"},
    "ClaimQuoteSpanShape": {"claim-1", "claim-2", "claim-3"},
    "ClaimStatesShape": {"claim-2"},
    "EventFigureStatedShape": {"event", "event-2", "event-3"},
    "EventRoleConflictShape": {"event", "event-2"},
    "QuantityRangeOrderShape": {"event-killed"},
}


def test_every_sparql_shape_has_its_expected_focus_nodes():
    assert set(INVALID_FOCUS) == set(SPARQL_SHAPES)


@pytest.mark.parametrize("name", SPARQL_SHAPES)
def test_fast_and_pyshacl_agree_on_the_invalid_examples(name: str):
    result = same_both_ways(example(f"{name}-invalid"))
    assert not result.conforms
    assert {v.component for v in result.violations} == {SH.SPARQLConstraintComponent}
    assert {v.shape for v in result.violations} == {SHAPES[name]}
    assert {str(v.focus).removeprefix(EX) for v in result.violations} == INVALID_FOCUS[name]
    assert all(v.value is not None and v.value != v.focus for v in result.violations)


def test_casualty_total_names_the_total_it_exceeds():
    result = validate(example("CasualtyTotalShape-invalid"))
    assert {(v.focus, v.value) for v in result.violations} == {
        (URIRef(EX + "event"), Literal(1000)),
        (URIRef(EX + "event-2"), Literal(1000)),
    }


# ---------------------------------------------------------------- the engine
def test_constraints_run_on_focus_nodes_only():
    """sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf and an implicit class target."""
    shapes = turtle(
        """
        ex:Flagged a rdfs:Class , sh:NodeShape ;
            sh:targetNode ex:n1 ; sh:targetSubjectsOf ex:p ; sh:targetObjectsOf ex:q ;
            sh:sparql [ sh:message "flagged" ; sh:prefixes ex:prefixes ;
                sh:select "SELECT $this WHERE { $this ex:flag true }" ] .
        """
        + DECLARE_EX
    )
    data = turtle("""
        ex:n1 ex:flag true .
        ex:n2 ex:flag true ; ex:p 1 .
        ex:n3 ex:flag true . ex:x ex:q ex:n3 .
        ex:n4 ex:flag true ; a ex:Flagged .
        ex:n5 ex:flag true .
        ex:n6 ex:p 1 .
        """)
    result = same_both_ways(data, shapes)
    assert {str(v.focus) for v in result.violations} == {EX + f"n{i}" for i in (1, 2, 3, 4)}
    # no ?value selected: a node shape's value is the focus node
    assert all(v.value == v.focus for v in result.violations)


def test_focus_nodes_are_read_once_per_target_and_only_for_solutions(monkeypatch):
    """Three constraints on one class, two with solutions: its instances are read once;
    with no solution anywhere they are never read, and the results are the same."""
    from newskg.shacl import sparql  # noqa: PLC0415

    shapes = turtle(
        """
        ex:Thing a rdfs:Class .
        ex:Big a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:sparql [ sh:message "big" ; sh:prefixes ex:prefixes ;
            sh:select "SELECT $this ?value WHERE { $this ex:size ?value FILTER (?value > 9) }"
            ] .
        ex:Small a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:sparql [ sh:message "small" ; sh:prefixes ex:prefixes ;
            sh:select "SELECT $this ?value WHERE { $this ex:size ?value FILTER (?value < 1) }"
            ] .
        ex:Odd a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:sparql [ sh:message "odd" ; sh:prefixes ex:prefixes ;
                sh:select "SELECT $this WHERE { $this ex:odd true }" ] .
        """
        + DECLARE_EX
    )
    _, constraints = split_shapes(shapes)
    reads: list[object] = []
    real = sparql._focus_nodes

    def counted(targets, store):
        reads.append(targets)
        return real(targets, store)

    monkeypatch.setattr(sparql, "_focus_nodes", counted)
    data = turtle("ex:a a ex:Thing ; ex:size 10 . ex:b a ex:Thing ; ex:size 0 . ex:c ex:size 99 .")
    found = run_constraints(constraints, load_store(data))
    # ex:c is not a Thing: its solution is dropped
    assert sorted((str(r.focus), str(r.value)) for r in found) == [
        (EX + "a", "10"),
        (EX + "b", "0"),
    ]
    assert len(reads) == 1
    reads.clear()
    assert run_constraints(constraints, load_store(turtle("ex:a a ex:Thing ; ex:size 5 ."))) == ()
    assert reads == []


def test_a_query_that_needs_this_pre_bound_runs_per_focus_node():
    """$this only inside FILTER NOT EXISTS: unbound in one query, so one query per node."""
    shapes = turtle("""
        ex:Labelled a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
            sh:sparql [ sh:message "no label" ;
                sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this rdfs:label ?l } }" ;
                sh:prefixes ex:prefixes ] .
        ex:prefixes sh:declare [ sh:prefix "rdfs" ;
            sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^xsd:anyURI ] .
        """)
    data = turtle('ex:a ex:p 1 ; rdfs:label "a" . ex:b ex:p 2 .')
    assert [c.per_focus_node for c in split_shapes(shapes)[1]] == [True]
    result = same_both_ways(data, shapes)
    assert [str(v.focus) for v in result.violations] == [EX + "b"]


def test_messages_fill_in_selected_variables_and_keep_languages():
    shapes = turtle(
        """
        ex:Range a sh:NodeShape ; sh:targetSubjectsOf ex:min ;
            sh:message "range"@en ;
            sh:sparql [ sh:message "{$this}: {?value} > {?max}"@en ;
                sh:select '''SELECT $this ?value ?max WHERE {
                    $this ex:min ?value ; ex:max ?max FILTER (?value > ?max) }''' ;
                sh:prefixes ex:prefixes ] .
        """
        + DECLARE_EX
    )
    data = turtle("ex:a ex:min 5 ; ex:max 2 . ex:b ex:min 1 ; ex:max 2 .")
    _, constraints = split_shapes(shapes)
    (found,) = run_constraints(constraints, load_store(data))
    assert found.focus == URIRef(EX + "a") and found.value == Literal(5)
    assert set(found.messages) == {
        Literal("range", lang="en"),
        Literal(f"{EX}a: 5 > 2", lang="en"),
    }


def test_shapes_the_engine_leaves_to_pyshacl():
    """Property shapes, shapes other shapes use, deactivated ones and $currentShape stay whole."""
    shapes = turtle("""
        ex:Property a sh:PropertyShape ; sh:targetNode ex:a ; sh:path ex:p ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this $PATH ?v }" ] .
        ex:Used a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] .
        ex:User a sh:NodeShape ; sh:targetNode ex:a ; sh:node ex:Used .
        ex:Off a sh:NodeShape ; sh:targetNode ex:a ; sh:deactivated true ;
            sh:sparql [ sh:select "SELECT $this WHERE { }" ] .
        ex:Current a sh:NodeShape ; sh:targetNode ex:a ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p $currentShape }" ] .
        ex:Fast a sh:NodeShape ; sh:targetNode ex:a ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this <https://example.org/test/p> 1 }" ] .
        """)
    core, constraints = split_shapes(shapes)
    assert [c.shape for c in constraints] == [URIRef(EX + "Fast")]
    assert not constraints[0].per_focus_node
    assert len(set(core.objects(None, SH.sparql))) == 4
    assert len(core) == len(shapes) - 2  # ex:Fast's sh:sparql and the constraint's sh:select


def test_a_blank_node_focus_and_an_iri_oxigraph_rejects():
    shapes = turtle(
        """
        ex:Flag a sh:NodeShape ; sh:targetSubjectsOf ex:flag ;
            sh:sparql [ sh:message "flagged" ;
                sh:select "SELECT $this ?value WHERE { $this ex:flag ?value }" ;
                sh:prefixes ex:prefixes ] .
        """
        + DECLARE_EX
    )
    data = Graph()
    blank, odd = BNode("focus1"), URIRef("https://example.org/test/a b")
    data.add((blank, URIRef(EX + "flag"), odd))
    _, constraints = split_shapes(shapes)
    (found,) = run_constraints(constraints, load_store(data))
    assert (found.focus, found.value) == (blank, odd)


@pytest.mark.parametrize(
    ("select", "detail"),
    [
        ("SELECT $this WHERE { $this ?p }", "not valid SHACL: the sh:select of"),
        ("SELECT ?x WHERE { ?x ?p ?o }", "?this"),
        ("ASK { ?s ?p ?o }", "not valid SHACL: the sh:select of"),
        ("SELECT $this ?failure WHERE { $this ?p ?o BIND (true AS ?failure) }", "failed"),
    ],
)
def test_bad_queries_are_input_errors(select: str, detail: str):
    shapes = Graph()
    shape, constraint = URIRef(EX + "Bad"), BNode()
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetNode, URIRef(EX + "a")))
    shapes.add((shape, SH.sparql, constraint))
    shapes.add((constraint, SH.select, Literal(select)))
    data = turtle("ex:a ex:p 1 .")
    with pytest.raises(InputError) as err:
        validate(data, shapes=shapes)
    assert err.value.reason == "shapes"
    assert detail in str(err.value)


def test_two_selects_are_an_input_error():
    shapes = turtle("""
        ex:Two a sh:NodeShape ; sh:targetNode ex:a ;
            sh:sparql [ sh:select "SELECT $this WHERE { }" , "SELECT $this { $this ?p ?o }" ] .
        """)
    with pytest.raises(InputError, match="exactly one sh:select"):
        split_shapes(shapes)


def test_docstring_examples_run():
    import doctest

    import newskg.shacl
    import newskg.shacl.sparql

    for module in (newskg.shacl.sparql, newskg.shacl):
        failures, tried = doctest.testmod(module)
        assert tried and not failures, module.__name__
