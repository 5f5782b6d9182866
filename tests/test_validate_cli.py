"""``newskg validate``: exit codes 0 / 4 / 2, the summary, the optional report."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from typer.testing import CliRunner

from newskg.cli import app
from newskg.namespaces import NKG, SHAPES
from newskg.shacl import load_graph, validate

EXAMPLES = Path(__file__).resolve().parent / "data" / "shapes"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def graph_file(tmp_path: Path, *names: str) -> Path:
    g = Graph().parse(EXAMPLES / "context.ttl", format="turtle")
    for name in names:
        g.parse(EXAMPLES / f"{name}.ttl", format="turtle")
    path = tmp_path / "graph.ttl"
    g.serialize(path, format="turtle")
    return path


def test_conforming_graph_exits_0(runner, tmp_path):
    result = runner.invoke(app, ["validate", str(graph_file(tmp_path, "EventClaimShape-valid"))])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_violations_exit_4_and_are_summarised(runner, tmp_path):
    path = graph_file(tmp_path, "ClaimModalityShape-invalid")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 4
    assert "3 violations of 1 shape" in result.output
    assert "nkg-shapes:ClaimModalityShape (3)" in result.output
    assert "A claim has exactly one nkg:modality" in result.output


def test_report_option_writes_the_report(runner, tmp_path):
    path = graph_file(tmp_path, "ClaimModalityShape-invalid")
    report = tmp_path / "out" / "validation.ttl"
    result = runner.invoke(app, ["validate", str(path), "--report", str(report)])
    assert result.exit_code == 4
    assert len(Graph().parse(report, format="turtle")) > 0


def test_missing_graph_exits_2(runner, tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2
    assert "nope.ttl: no such file" in result.output


def test_malformed_graph_exits_2(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix nkg: <https://w3id.org/newskg/ontology#> .\nnkg:a nkg:b .\n")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "bad.ttl: not valid turtle" in result.output


def test_custom_shapes(runner, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
        "<urn:test:NoMeetings> a sh:NodeShape ; sh:targetClass nkg:Meeting ;\n"
        '    sh:message "no meetings" ;\n'
        "    sh:property [ sh:path nkg:participant ; sh:maxCount 0 ; "
        'sh:message "no participants" ] .\n'
    )
    path = graph_file(tmp_path, "EventClaimShape-valid")
    result = runner.invoke(app, ["validate", str(path), "--shapes", str(shapes)])
    assert result.exit_code == 4, result.output
    assert "<urn:test:NoMeetings>" in result.output
    assert "no participants" in result.output


def test_shapes_that_are_not_shacl_exit_2(runner, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:test:Bad> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:maxCount 0 .\n"
    )
    path = graph_file(tmp_path, "EventClaimShape-valid")
    result = runner.invoke(app, ["validate", str(path), "--shapes", str(shapes)])
    assert result.exit_code == 2
    assert "shapes.ttl: not valid SHACL" in result.output


def test_unreadable_shapes_exit_2(runner, tmp_path):
    path = graph_file(tmp_path, "EventClaimShape-valid")
    result = runner.invoke(app, ["validate", str(path), "--shapes", str(tmp_path / "x.ttl")])
    assert result.exit_code == 2
    assert "x.ttl: no such file" in result.output


def test_both_engines_print_the_same_report(runner, tmp_path):
    path = graph_file(tmp_path, "ClaimModalityShape-invalid", "EventActorRoleShape-invalid")
    outputs = []
    for engine in ("compiled", "pyshacl"):
        report = tmp_path / engine / "validation.ttl"
        args = ["validate", str(path), "--engine", engine, "--report", str(report)]
        result = runner.invoke(app, args)
        assert result.exit_code == 4, result.output
        outputs.append((result.output, report.read_bytes()))
    assert outputs[0] == outputs[1]


def test_an_unknown_engine_exits_2(runner, tmp_path):
    path = graph_file(tmp_path, "EventClaimShape-valid")
    result = runner.invoke(app, ["validate", str(path), "--engine", "jena"])
    assert result.exit_code == 2
    assert "unknown --engine 'jena': use compiled, pyshacl" in result.output


def test_help_documents_the_command(runner):
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Exit code 0 when the graph conforms, 4 when it has violations" in text
    assert "validate" in runner.invoke(app, ["--help"]).output


# ---------------------------------------------------------------- the real graph, broken
COMMITTED = Path(__file__).resolve().parent.parent / "output" / "graph.ttl"


def broken_on_purpose(tmp_path: Path) -> tuple[Path, set[tuple[URIRef, URIRef]]]:
    """The committed sample graph without a claim's quote and with a weapon made a person.

    Returns the file and the (shape, node) pairs the changes must add.
    """
    g = Graph().parse(COMMITTED, format="turtle")
    claim = min(g.subjects(RDF.type, NKG.Claim))
    g.remove((claim, NKG.quote, None))
    weapon = min(g.objects(None, NKG.weapon))
    g.remove((weapon, RDF.type, NKG.WeaponSystem))
    g.add((weapon, RDF.type, NKG.Person))
    expected = {(SHAPES.ClaimQuoteShape, claim)}
    expected |= {(SHAPES.EventWeaponShape, e) for e in g.subjects(NKG.weapon, weapon)}
    if (weapon, NKG.origin, None) in g:
        expected.add((SHAPES.WeaponOriginShape, weapon))
    path = tmp_path / "broken.ttl"
    g.serialize(path, format="turtle")
    return path, expected


def test_a_broken_graph_exits_4_naming_shapes_and_nodes(runner, tmp_path):
    path, expected = broken_on_purpose(tmp_path)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 4, result.output
    for shape in {shape for shape, _ in expected}:
        assert f"nkg-shapes:{shape.removeprefix(str(SHAPES))} (" in result.output
    claim = next(node for shape, node in expected if shape == SHAPES.ClaimQuoteShape)
    assert f"<{claim}> nkg:quote\n" in result.output
    events = {node for shape, node in expected if shape == SHAPES.EventWeaponShape}
    assert any(f"<{event}> nkg:weapon value <" in result.output for event in events)


def test_a_broken_graph_adds_exactly_the_expected_violations(tmp_path):
    path, expected = broken_on_purpose(tmp_path)
    before = {(v.shape, v.focus) for v in validate(load_graph(COMMITTED)).violations}
    after = {(v.shape, v.focus) for v in validate(load_graph(path)).violations}
    assert after - before == expected
    assert before <= after
