"""Every SHACL shape against its hand-written valid and invalid examples.

For a shape ``nkg-shapes:X`` of ``shapes/<file>.ttl`` the examples are
``tests/data/shapes/X-valid.ttl`` and ``X-invalid.ttl``. Data-shape examples
(``data.ttl``, SHACL Core, and ``rules.ttl``, SHACL-SPARQL) are merged with
``context.ttl`` (an article, a build, two states) and checked with all data
shapes; ontology-lint examples are small ontology fragments checked with all
ontology shapes. A valid example conforms; an invalid one
has results, and all of them come from shape X.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from newskg.namespaces import SHAPES
from newskg.resources import shapes_dir
from newskg.shacl import lint_ontology, validate

EXAMPLES = Path(__file__).resolve().parent / "data" / "shapes"
CONTEXT = EXAMPLES / "context.ttl"


def _shapes_in(path: Path) -> list[tuple[str, str]]:
    g = Graph().parse(path, format="turtle")
    named = {s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    named |= {s for s in g.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
    return sorted((path.stem, str(s).removeprefix(str(SHAPES))) for s in named)


SHAPE_FILES = sorted(shapes_dir().glob("*.ttl"))
ALL_SHAPES = [item for path in SHAPE_FILES for item in _shapes_in(path)]


def _check(kind: str, example: Path):
    data = Graph().parse(example, format="turtle")
    if kind == "ontology":
        return lint_ontology(data)
    assert kind in {"data", "rules"}, f"no example runner for shapes/{kind}.ttl"
    return validate(data + Graph().parse(CONTEXT, format="turtle"))


def test_shape_files_are_found():
    assert {p.stem for p in SHAPE_FILES} == {"data", "ontology", "rules"}
    assert len(ALL_SHAPES) > 40


def test_every_shape_has_an_iri_in_the_shapes_namespace_and_a_message():
    for path in SHAPE_FILES:
        g = Graph().parse(path, format="turtle")
        for shape in g.subjects(RDF.type, SH.NodeShape):
            assert isinstance(shape, URIRef), f"{path.name}: an anonymous node shape"
            assert str(shape).startswith(str(SHAPES)), shape
            assert g.value(shape, SH.message) is not None, f"{shape} has no sh:message"
        for prop in g.objects(None, SH.property):
            owner = next(g.subjects(SH.property, prop))
            # property shapes directly under a named shape carry its message
            if (owner, RDF.type, SH.NodeShape) in g:
                assert g.value(prop, SH.message) is not None, f"a property of {owner}"
        for shape, constraint in g.subject_objects(SH.sparql):
            assert (shape, RDF.type, SH.NodeShape) in g, f"{shape}: sh:sparql on a node shape"
            assert (constraint, RDF.type, SH.SPARQLConstraint) in g, shape
            # results carry the constraint's message: the shape's, repeated
            assert g.value(constraint, SH.message) == g.value(shape, SH.message), shape
            assert g.value(constraint, SH.select) is not None, shape
            assert g.value(constraint, SH.prefixes) is not None, shape


def test_context_conforms():
    result = validate(Graph().parse(CONTEXT, format="turtle"))
    assert result.conforms, result.violations


def test_every_example_file_names_a_shape():
    names = {name for _, name in ALL_SHAPES}
    for example in EXAMPLES.glob("*.ttl"):
        if example == CONTEXT:
            continue
        stem, _, kind = example.stem.rpartition("-")
        assert kind in {"valid", "invalid"}, example.name
        assert stem in names, f"{example.name} names no shape"


@pytest.mark.parametrize(("kind", "name"), ALL_SHAPES, ids=[n for _, n in ALL_SHAPES])
def test_shape_examples(kind: str, name: str):
    valid, invalid = EXAMPLES / f"{name}-valid.ttl", EXAMPLES / f"{name}-invalid.ttl"
    assert valid.exists() and invalid.exists(), f"{name} needs {valid.name} and {invalid.name}"

    ok = _check(kind, valid)
    assert ok.conforms, f"{valid.name} should conform:\n{ok.violations}"

    bad = _check(kind, invalid)
    assert not bad.conforms, f"{invalid.name} should not conform"
    shapes = {str(v.shape) for v in bad.violations}
    assert shapes == {str(SHAPES[name])}, f"{invalid.name} violates other shapes: {shapes}"
