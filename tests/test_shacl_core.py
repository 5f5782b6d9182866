"""SHACL Core compiled to SPARQL (``newskg.shacl.core``) gives pySHACL's results and report.

``validate(graph)`` runs SHACL Core as compiled SPARQL over Oxigraph;
``validate(graph, engine="pyshacl")`` runs it in pySHACL, the reference.
They must report the same results (shape, focus node, path, value, component,
severity, message) and write the same report, byte for byte: on every shape's
valid and invalid example, on the committed sample graph, on copies of it
broken in many ways, and on hand-made shapes using every compiled component.
``validate_store`` must give, over a store, what pySHACL gives on the graph
the store exports. A shape the compiler does not handle is left to pySHACL.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH, XSD

from newskg.config import DEFAULT_BASE_IRI
from newskg.errors import InputError
from newskg.namespaces import NKG, SHAPES
from newskg.rdf.export import serialize_turtle
from newskg.resources import ontology_path, shapes_dir
from newskg.shacl import (
    SUPPORTED,
    CoreShapes,
    Engine,
    ValidationResult,
    _compiled_data_shapes,
    load_data,
    load_graph,
    run_core,
    store_data,
    validate,
    validate_store,
)
from newskg.shacl.core.compiler import Compiler
from newskg.shacl.core.run import _context
from newskg.shacl.report import _path_text
from newskg.store import GraphStore

EXAMPLES = Path(__file__).resolve().parent / "data" / "shapes"
CONTEXT = EXAMPLES / "context.ttl"
COMMITTED = Path(__file__).resolve().parent.parent / "output" / "graph.ttl"
ONTOLOGY = Graph().parse(ontology_path(), format="turtle")
EX = "https://example.org/test/"

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/test/> .
@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def data_examples() -> list[Path]:
    shapes = Graph()
    for name in ("data.ttl", "rules.ttl"):
        shapes.parse(shapes_dir() / name, format="turtle")
    names = sorted(
        str(s).removeprefix(str(SHAPES)) for s in shapes.subjects(RDF.type, SH.NodeShape)
    )
    return [EXAMPLES / f"{n}-{kind}.ttl" for n in names for kind in ("valid", "invalid")]


def example(path: Path) -> Graph:
    return Graph().parse(CONTEXT, format="turtle").parse(path, format="turtle")


def keys(result: ValidationResult) -> set[tuple[str, ...]]:
    """(shape, focus, path, value, component, severity, message) of each result, paths spelt."""
    nm = result.report_graph
    return {
        (
            str(v.shape),
            str(v.focus),
            _path_text(nm, v.path) if v.path is not None else "",
            v.value.n3() if v.value is not None else "",
            str(v.component),
            str(v.severity),
            v.message,
        )
        for v in result.violations
    }


def same(compiled: ValidationResult, reference: ValidationResult) -> ValidationResult:
    """Assert the same results, violations and report bytes; return ``compiled``."""
    assert keys(compiled) - keys(reference) == set(), "only the compiled engine reports these"
    assert keys(reference) - keys(compiled) == set(), "only pySHACL reports these"
    assert compiled.conforms == reference.conforms
    assert compiled.violations == reference.violations
    assert serialize_turtle(compiled.report_graph) == serialize_turtle(reference.report_graph)
    return compiled


def same_as_pyshacl(data: Graph, shapes: Graph | None = None, **options) -> ValidationResult:
    compiled = validate(data, shapes=shapes)
    return same(compiled, validate(data, shapes=shapes, engine="pyshacl", **options))


def broken(graph: Graph, seed: int) -> Graph:
    """``graph`` broken in many ways, the same ways for the same seed.

    A claim keeps the article it is derived from (the build's store files the
    claim under it), and every kind of literal and link may break.
    """
    out = Graph()
    for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), t[2].n3())):
        k = zlib.crc32(f"{seed} {s} {p} {o}".encode()) % 97
        if p == PROV.wasDerivedFrom:
            k = 96
        if k < 4:
            continue  # a missing label, quote, date...
        if k < 8 and isinstance(o, Literal):
            o = Literal(str(o))  # a plain string
        elif k < 10 and isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.upper())
        elif k < 12 and isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
            o = Literal(("-" if k == 10 else "") + str(o), datatype=XSD.nonNegativeInteger)
        elif k < 14 and isinstance(o, URIRef) and p != RDF.type:
            o = URIRef(str(o) + "-gone")
        elif k < 16 and p == RDF.type:
            o = NKG.Meeting
        elif k < 18:
            out.add((s, p, Literal("extra")))
        elif k < 19 and isinstance(o, Literal) and o.datatype is not None:
            o = Literal("not a value", datatype=o.datatype)
        out.add((s, p, o))
    return out


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def in_store(graph: Graph) -> tuple[ox.Store, Graph]:
    """``graph`` in a store, spread over named graphs, and the graph the store gives back."""
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(
            *(ox.BlankNode(t) if isinstance(t, BNode) else _ox(t) for t in (s, p, o)),
            ox.NamedNode(f"urn:graph:{zlib.crc32(str(s).encode()) % 3}"),
        )
        for s, p, o in graph
    )
    back = Graph()
    for q in store:
        back.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return store, back


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if term.language:
        return ox.Literal(term, language=term.language)
    return ox.Literal(term, datatype=ox.NamedNode(term.datatype or XSD.string))


# ---------------------------------------------------------------- newskg's shapes
def test_every_bundled_shape_compiles():
    compiled = _compiled_data_shapes()
    assert compiled.reasons == {}
    shapes = Graph()
    for name in ("data.ttl", "rules.ttl"):  # rules.ttl's shapes keep their targets
        shapes.parse(shapes_dir() / name, format="turtle")
    assert {s.node for s in compiled.top} == set(shapes.subjects(RDF.type, SH.NodeShape))
    outcome = run_core(compiled, load_data(load_graph(COMMITTED), ONTOLOGY)[0])
    assert outcome.fallback == () and outcome.results == ()


@pytest.mark.parametrize("path", data_examples(), ids=lambda p: p.stem)
def test_examples_give_pyshacls_results(path: Path):
    """Against pySHACL alone: SHACL Core and the SPARQL-based shapes."""
    same_as_pyshacl(example(path), fast_sparql=False)


def test_the_committed_sample_graph():
    assert same_as_pyshacl(load_graph(COMMITTED)).conforms


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_sample_graph_broken(seed: int):
    result = same_as_pyshacl(broken(load_graph(COMMITTED), seed))
    assert len({v.shape for v in result.violations}) > 20


def test_values_are_the_literals_as_written():
    """Oxigraph stores "+00:00" as "Z" and lower-cases language tags; the report does not."""
    result = same_as_pyshacl(example(EXAMPLES / "BuildTimeShape-invalid.ttl"))
    assert Literal("2026-01-01T10:00:00+00:00", datatype=XSD.dateTime) in {
        v.value for v in result.violations
    }
    data = example(EXAMPLES / "EntityLabelShape-valid.ttl")
    entity = next(data.subjects(RDF.type, NKG.State))
    data.add((entity, RDFS.label, Literal("Autre nom", lang="FR")))
    assert not same_as_pyshacl(data).conforms


def test_subclasses_declared_in_the_data_count():
    data = example(EXAMPLES / "EventActorRoleShape-valid.ttl")
    data.add((URIRef(EX + "Militia"), RDFS.subClassOf, NKG.ArmedForce))
    data.add((URIRef(EX + "militia"), RDF.type, URIRef(EX + "Militia")))
    data.add((URIRef(EX + "militia"), RDFS.label, Literal("Milice", lang="fr")))
    event = next(data.subjects(NKG.agent, None))
    data.add((event, NKG.agent, URIRef(EX + "militia")))
    assert same_as_pyshacl(data).conforms


# ---------------------------------------------------------------- the build's store
@pytest.mark.parametrize("on_disk", [False, True], ids=["in memory", "on disk"])
@pytest.mark.parametrize("seed", [None, 0, 1])
def test_the_store_gives_what_its_export_gives(tmp_path, seed, on_disk):
    graph = load_graph(COMMITTED)
    if seed is not None:
        graph = broken(graph, seed)
    with GraphStore(tmp_path / "store") as store:
        store.replace(graph)  # one named graph per article, as a build writes it
        exported = store.graph(DEFAULT_BASE_IRI)
        reference = validate(exported, engine="pyshacl")
        result = same(validate_store(store.oxigraph, on_disk=on_disk), reference)
        data = store_data(store.oxigraph, ontology=ONTOLOGY, on_disk=on_disk)
        outcome = run_core(_compiled_data_shapes(), data)
        assert outcome.fallback == ()
    assert result.conforms == (seed is None)


@pytest.mark.parametrize("on_disk", [False, True], ids=["in memory", "on disk"])
def test_the_store_examples(tmp_path, on_disk):
    with GraphStore(tmp_path / "store") as store:
        for path in data_examples():
            store.replace(example(path))
            reference = validate(store.graph(DEFAULT_BASE_IRI), engine="pyshacl")
            same(validate_store(store, on_disk=on_disk), reference)


def test_one_graph_of_the_store(tmp_path):
    graph = broken(load_graph(COMMITTED), 0)
    with GraphStore(tmp_path / "store") as store:
        store.replace(graph)
        article = min(graph.subjects(RDF.type, NKG.Article))
        alone = Graph()
        for q in store.quads():
            if q.graph_name == ox.NamedNode(article):
                alone.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        result = validate_store(store, graph_name=URIRef(article))
    same(result, validate(alone, engine="pyshacl"))
    # the undeclared-term check reports the undeclared term itself (nkg:Asserted-gone);
    # every other violation is about a node of the article's graph
    nkg = "https://w3id.org/newskg/ontology#"
    for v in result.violations:
        if str(v.shape).endswith("undeclared-term-violation"):
            assert str(v.focus).startswith(nkg), v.focus
        else:
            assert v.focus in set(alone.subjects()), v.focus


# ---------------------------------------------------------------- every compiled component
SHAPES_USING_EVERYTHING = """
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ; sh:message "person" ;
    sh:property
        [ sh:path ex:name ; sh:minCount 1 ; sh:minLength 2 ; sh:maxLength 10 ;
          sh:pattern "^[a-z]+$" ; sh:flags "i" ; sh:message "name" ] ,
        [ sh:path ex:age ; sh:datatype xsd:int ; sh:minExclusive 0 ; sh:maxExclusive 150 ;
          sh:maxCount 1 ; sh:message "age" ] ,
        [ sh:path ex:nick ; sh:uniqueLang true ; sh:datatype rdf:langString ; sh:message "nick" ] ,
        [ sh:path ( ex:knows ex:name ) ; sh:minCount 1 ; sh:message "a friend with a name" ] ,
        [ sh:path [ sh:zeroOrMorePath ex:parent ] ; sh:nodeKind sh:IRI ; sh:message "kin" ] ,
        [ sh:path [ sh:oneOrMorePath ex:parent ] ; sh:not [ sh:class ex:Robot ] ;
          sh:message "no robot" ] ,
        [ sh:path [ sh:alternativePath ( ex:knows [ sh:inversePath ex:knows ] ) ] ;
          sh:class ex:Person ; sh:message "knows people" ] ,
        [ sh:path ex:born ; sh:lessThanOrEquals ex:died ; sh:lessThan ex:buried ;
          sh:message "dates" ] ,
        [ sh:path ex:code ; sh:in ( "a" "b"@en 1 ex:C ) ; sh:severity sh:Warning ;
          sh:message "code"@en , "code"@fr ] ,
        [ sh:path ex:pet ; sh:or ( [ sh:class ex:Cat ] [ sh:node ex:DogShape ] ) ;
          sh:message "pet" ] ,
        [ sh:path ex:home ; sh:and ( [ sh:nodeKind sh:IRI ]
            [ sh:property [ sh:path ex:city ; sh:minCount 1 ; sh:maxCount 2 ] ] ) ;
          sh:message "home" ] ,
        [ sh:path ex:child ; sh:message "child" ;
          sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "child's name" ] ] ,
        [ sh:path [ sh:zeroOrOnePath ex:alias ] ; sh:nodeKind sh:BlankNodeOrIRI ;
          sh:message "alias" ] ,
        [ sh:path ex:flag ; sh:datatype xsd:boolean ; sh:message "flag" ] ,
        [ sh:path ex:tag ; sh:or ( [ sh:pattern "^x" ] [ sh:datatype xsd:integer ] ) ;
          sh:message "tag" ] ,
        [ sh:path ex:ratio ; sh:minInclusive 0.0 ; sh:maxInclusive 1 ; sh:message "ratio" ] ,
        [ sh:path ex:vet ; sh:or ( [ sh:class ex:Cat ] [ sh:class ex:Robot ] ) ;
          sh:message "vet" ] ,
        [ sh:path ex:sitter ; sh:or ( [ sh:class ex:Cat ; sh:nodeKind sh:IRI ]
            [ sh:class ex:Robot ] ) ; sh:message "sitter" ] ,
        [ sh:path ex:email ; sh:minCount 2 ; sh:maxCount 3 ; sh:message "emails" ] ,
        [ sh:path [ sh:inversePath ex:ghostOf ] ; sh:maxCount 0 ; sh:message "no ghost" ] ,
        [ sh:path ex:off ; sh:deactivated true ; sh:minCount 1 ; sh:message "never" ] .
ex:DogShape a sh:NodeShape ;
    sh:property [ sh:path ex:barks ; sh:minCount 1 ; sh:datatype xsd:boolean ] .
ex:ThingShape a rdfs:Class , sh:NodeShape ; sh:message "thing" ; sh:nodeKind sh:IRI ;
    sh:xone ( [ sh:path ex:a ; sh:minCount 1 ] [ sh:path ex:b ; sh:minCount 2 ] ) .
ex:TargetShape a sh:NodeShape ; sh:targetNode ex:n1 , ex:n2 ; sh:targetObjectsOf ex:pet ;
    sh:message "an animal" ; sh:class ex:Animal .
ex:ScoreShape a sh:NodeShape ; sh:targetObjectsOf ex:score ; sh:message "score" ;
    sh:datatype xsd:decimal ; sh:maxInclusive 10 .
ex:Cat rdfs:subClassOf ex:Animal .
"""

DATA_BREAKING_EVERYTHING = """
ex:alice a ex:Person ; ex:name "Alice" ; ex:age "30"^^xsd:int ; ex:nick "Al"@en , "Ali"@EN ;
    ex:knows ex:bob ; ex:parent ex:carol ; ex:born "1990-01-01"^^xsd:date ;
    ex:died "1980-01-01"^^xsd:date ; ex:buried "2000-01-01"^^xsd:date , "later" ;
    ex:code "a" , "c" , 1 , "b"@EN , ex:C , ex:D ; ex:pet ex:rex , ex:tom , ex:fish ;
    ex:home ex:h1 , [ ex:city "x" ] ; ex:child ex:kid ; ex:flag "yes"^^xsd:boolean , true ;
    ex:alias "not a node" ; ex:tag "xa" , "ya" , 5 , 2.5 ; ex:ratio 0.5 , 2 , "half" ;
    ex:vet ex:tom , _:robot , ex:rex , "a vet" ; ex:sitter ex:tom , _:robot , ex:fish ;
    ex:email "a@x" .
ex:casper ex:ghostOf ex:alice .
ex:bob a ex:Person ; ex:name "B" , "bob2" ; ex:age "200"^^xsd:int , 5 ; ex:knows ex:dan ;
    ex:born ex:carol ; ex:died ex:dan .
ex:eve a ex:Person ; ex:name "Evelyn-the-first" ; ex:age "-3"^^xsd:int ;
    ex:email "e@x" , "f@x" , "g@x" , "h@x" .
ex:carol ex:parent _:robot . _:robot a ex:Robot ; ex:serial "R2" .
ex:rex ex:barks true . ex:tom a ex:Cat . ex:fish ex:barks "no" .
ex:h1 ex:city "a" , "b" , "c" .
ex:kid ex:age 3 .
ex:thing1 a ex:ThingShape ; ex:a 1 ; ex:b 2 , 3 .
ex:thing2 a ex:ThingShape ; ex:a 1 .
ex:thing3 a ex:ThingShape ; ex:b 1 .
ex:n1 a ex:Cat .
ex:x ex:score 5.5 , 11 , "abc" , 3 , "12"^^xsd:decimal .
ex:dan ex:name "Dan" .
"""


def test_every_compiled_component_gives_pyshacls_results():
    shapes, data = turtle(SHAPES_USING_EVERYTHING), turtle(DATA_BREAKING_EVERYTHING)
    outcome = run_core(CoreShapes(shapes), load_data(data)[0])
    assert outcome.fallback == (), outcome.reasons
    result = same_as_pyshacl(data, shapes)
    components = {v.component for v in result.violations}
    used = SUPPORTED - {SH.property, SH.node}  # no results of their own
    names = {str(c).removeprefix(str(SH)).removesuffix("ConstraintComponent") for c in components}
    assert {n.lower() for n in names} >= {str(p).removeprefix(str(SH)).lower() for p in used}
    assert {v.severity for v in result.violations} == {SH.Violation, SH.Warning}
    assert any(isinstance(v.value, BNode) for v in result.violations)  # the robot


@pytest.mark.parametrize("on_disk", [False, True], ids=["in memory", "on disk"])
def test_every_compiled_component_over_a_store(on_disk: bool):
    shapes, data = turtle(SHAPES_USING_EVERYTHING), turtle(DATA_BREAKING_EVERYTHING)
    store, exported = in_store(data)
    reference = validate(exported, shapes=shapes, engine="pyshacl")
    result = same(validate_store(store, shapes=shapes, on_disk=on_disk), reference)
    assert not result.conforms
    found = {(str(v.focus), str(v.value)) for v in result.violations}
    assert {(EX + "alice", EX + "rex"), (EX + "alice", "a vet")} <= found  # ex:vet, an sh:or
    assert (EX + "alice", EX + "fish") in found  # ex:sitter
    assert {(EX + "alice", "None"), (EX + "eve", "None")} <= found  # emails, and the ghost
    outcome = run_core(CoreShapes(shapes), store_data(store, ontology=ONTOLOGY, on_disk=on_disk))
    assert outcome.fallback == ()


def _compiled_texts(shapes: Graph, store: ox.Store, *, on_disk: bool) -> list[str]:
    compiled = CoreShapes(shapes)
    context = _context(store_data(store, ontology=ONTOLOGY, on_disk=on_disk))
    return [q.text for shape in compiled.top for q in Compiler(compiled, context).top(shape)]


def test_on_disk_a_path_is_read_before_the_focus_nodes():
    """On disk each path's triples come first (a scan), the focus nodes joined after."""
    shapes = turtle(SHAPES_USING_EVERYTHING)
    store, _ = in_store(turtle(DATA_BREAKING_EVERYTHING))
    memory = _compiled_texts(shapes, store, on_disk=False)
    disk = _compiled_texts(shapes, store, on_disk=True)
    assert len(memory) == len(disk)
    age = f"SELECT ?this WHERE {{ ?this <{EX}age> "
    assert not any(age in q for q in memory)
    assert any(q.startswith(f"SELECT DISTINCT ?this WHERE {{ {{ {age}") for q in disk)
    name = f"{{ ?this <{EX}name> "
    assert any(f"FILTER NOT EXISTS {name}" in q for q in memory)
    assert not any(f"MINUS {name}" in q for q in memory)
    assert any(f"MINUS {name}" in q for q in disk)
    # a closure path is still read from the focus nodes
    parent = f"?this <{EX}parent>* ?value"
    assert [q.index(parent) > q.index("VALUES") for q in disk if parent in q] == [True]
    # sh:class and an sh:or of classes: the instances taken away at once, in both
    for texts in (memory, disk):
        assert sum(f"?this <{EX}vet> ?value . MINUS" in q for q in texts) == 1
        assert sum(f"?this <{EX}sitter> ?value . MINUS" in q for q in texts) == 0


@pytest.mark.parametrize("on_disk", [False, True], ids=["in memory", "on disk"])
def test_a_store_reads_the_ontology_individuals(on_disk: bool):
    """nkg:Killed is a nkg:Measure in the ontology, which is not in the store."""
    shapes = turtle("""
        ex:MeasureShape a sh:NodeShape ; sh:targetClass nkg:Quantity ; sh:message "m" ;
            sh:property [ sh:path nkg:measure ; sh:class nkg:Measure ; sh:message "m" ] .
        ex:Measures a sh:NodeShape ; sh:targetClass nkg:Measure ; sh:message "labelled" ;
            sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "labelled" ] .
        """)
    data = turtle("""
        ex:q1 a nkg:Quantity ; nkg:measure nkg:Killed .
        ex:q2 a nkg:Quantity ; nkg:measure ex:Dead .
        ex:odd a nkg:Measure .
        """)
    store, exported = in_store(data)
    result = same(
        validate_store(store, shapes=shapes, on_disk=on_disk),
        validate(exported, shapes=shapes, engine="pyshacl"),
    )
    assert {(str(v.focus), str(v.value)) for v in result.violations} == {
        (EX + "q2", EX + "Dead"),
        (EX + "odd", "None"),
    }
    # the second shape's targets reach the ontology's individuals: pySHACL checks it
    outcome = run_core(CoreShapes(shapes), store_data(store, ontology=ONTOLOGY))
    assert outcome.fallback == (URIRef(EX + "Measures"),)
    same_as_pyshacl(data, shapes)


# ---------------------------------------------------------------- left to pySHACL
UNSUPPORTED = {
    "hasValue": "sh:property [ sh:path ex:p ; sh:hasValue 1 ; sh:message 'm' ]",
    "languageIn": "sh:property [ sh:path ex:p ; sh:languageIn ( 'en' ) ; sh:message 'm' ]",
    "equals": "sh:property [ sh:path ex:p ; sh:equals ex:q ; sh:message 'm' ]",
    "closed": "sh:closed true ; sh:property [ sh:path ex:p ]",
    "qualified": (
        "sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:datatype xsd:string ] ; "
        "sh:qualifiedMinCount 2 ; sh:message 'm' ]"
    ),
    "no message": "sh:property [ sh:path ex:p ; sh:minCount 3 ]",
    "node": "sh:property [ sh:path ex:p ; sh:node ex:Other ; sh:message 'm' ]",
    "regex": "sh:property [ sh:path ex:p ; sh:pattern '\\\\w+x' ; sh:message 'm' ]",
    "flags": "sh:property [ sh:path ex:p ; sh:pattern 'x' ; sh:flags 's' ; sh:message 'm' ]",
    "path": "sh:property [ sh:path [ sh:inversePath ( ex:p ex:q ) ] ; sh:minCount 1 ; "
    "sh:message 'm' ]",
    "many": "sh:property [ sh:path ex:p ; sh:or ( [ sh:path ex:q ; sh:minCount 9 ] ) ; "
    "sh:message 'm' ]",
}


@pytest.mark.parametrize("what", sorted(UNSUPPORTED))
def test_what_is_not_compiled_is_left_to_pyshacl(what: str):
    shapes = turtle(f"""
        ex:Left a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "left" ;
            {UNSUPPORTED[what]} .
        ex:Other a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .
        ex:Compiled a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:message "compiled" ;
            sh:property [ sh:path ex:p ; sh:maxCount 1 ; sh:message "one p" ] .
        """)
    data = turtle("""
        ex:a ex:p 1 , 2 ; ex:q 2 . ex:b ex:p "x"@fr ; ex:r 3 . ex:c ex:p ex:a .
        """)
    outcome = run_core(CoreShapes(shapes), load_data(data)[0])
    assert outcome.fallback == (URIRef(EX + "Left"),)
    assert outcome.reasons[URIRef(EX + "Left")]
    result = same_as_pyshacl(data, shapes)
    # pySHACL nests the results of ex:Other under sh:node's, and lists them too
    nested = {EX + "Other"} if what == "node" else set()
    assert {str(v.shape) for v in result.violations} == {EX + "Compiled", EX + "Left", *nested}


def test_shapes_pyshacl_rejects_are_input_errors():
    shapes = turtle("ex:Bad a sh:NodeShape ; sh:targetNode ex:x ; sh:maxCount 0 .")
    with pytest.raises(InputError, match="not valid SHACL"):
        validate(Graph(), shapes=shapes)
    with pytest.raises(InputError, match="not valid SHACL"):
        validate_store(ox.Store(), shapes=shapes)


def test_engines():
    assert [e.value for e in Engine] == ["compiled", "pyshacl"]
    data = example(EXAMPLES / "ClaimModalityShape-invalid.ttl")
    same(validate(data, engine="compiled"), validate(data, engine=Engine.PYSHACL))
    with pytest.raises(ValueError, match="unknown SHACL engine 'jena'"):
        validate(data, engine="jena")


def test_docstring_examples_run():
    import doctest

    import newskg.shacl.core

    failures, tried = doctest.testmod(newskg.shacl.core)
    assert tried and not failures


@pytest.mark.parametrize("seed", [0, 1])
def test_a_writable_store_lends_a_graph_to_the_ontology_and_gets_it_back(tmp_path, seed):
    from newskg.shacl.checks import ONTOLOGY_GRAPH

    graph = broken(load_graph(COMMITTED), seed)
    article = min(graph.subjects(RDF.type, NKG.Article))
    with GraphStore(tmp_path / "store") as store:
        store.replace(graph)
        before = sorted(str(q) for q in store.quads())
        for name in (None, URIRef(article)):  # the union, then one named graph
            copied = validate_store(store, graph_name=name)
            lent = validate_store(store, graph_name=name, writable=True)
            assert lent.conforms is False
            assert set(lent.violations) == set(copied.violations)
            assert any("undeclared" in str(v.shape) for v in lent.violations)
        assert sorted(str(q) for q in store.quads()) == before
        assert not list(store.oxigraph.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH))
