"""``newskg query``, ``newskg export`` and ``newskg serve`` on a small hand-made store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from newskg.cli import app
from newskg.config import DEFAULT_BASE_IRI
from newskg.resources import queries_dir
from newskg.sparql import named_queries, parse_binding
from newskg.store import ExportFormat, GraphStore, write_store_turtle
from store_helpers import assemble, crowded_store, results

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """An output folder as a build leaves it: OUTPUT/store and OUTPUT/graph.ttl."""
    out = tmp_path_factory.mktemp("hand-build")
    graph = assemble(results())
    with GraphStore(out / "store") as store:
        store.replace(graph)
        write_store_turtle(store.oxigraph, out / "graph.ttl", base=DEFAULT_BASE_IRI)
    return out


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _json_rows(output: str) -> list[dict[str, str]]:
    data = json.loads(output)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_named_queries_have_a_description_and_skip_the_checks():
    found = named_queries()
    names = [q.name for q in found]
    assert len(found) >= 11 and names == sorted(names)
    assert not [n for n in names if n.endswith("-violation")]
    assert len(list(queries_dir().glob("*-violation.rq"))) >= 1
    for q in found:
        assert q.description and not q.description.startswith("#"), q.name
        assert q.description.endswith("."), q.name


def test_list_prints_one_name_per_line_with_its_description(runner):
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(named_queries())
    name, description = lines[0].split(None, 1)
    assert name == named_queries()[0].name and description == named_queries()[0].description


_CASUALTIES_JSON = ("query", "-n", "casualty-estimates", "--format", "json", "-o")
_NORTH_KOREA = "<https://w3id.org/newskg/id/entity/north-korea>"


def test_query_text_prints_a_table_or_a_results_format(runner, out):
    russia = "<https://w3id.org/newskg/id/entity/russia>"
    q = f"SELECT ?label WHERE {{ {russia} rdfs:label ?label }} ORDER BY ?label"
    q = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + q
    table = runner.invoke(app, ["query", q, "-o", str(out)])
    assert table.exit_code == 0, table.output
    assert "Russie" in table.output and "1 row" not in table.output and "2 rows" in table.output
    as_json = runner.invoke(app, ["query", q, "-o", str(out), "--format", "json"])
    assert [r["label"] for r in _json_rows(as_json.stdout)] == ["Russia", "Russie"]
    as_csv = runner.invoke(app, ["query", q, "-o", str(out), "--format", "csv"])
    assert as_csv.stdout.splitlines() == ["label", "Russia", "Russie"]
    as_tsv = runner.invoke(app, ["query", q, "-o", str(out), "--format", "tsv"])
    assert as_tsv.stdout.splitlines() == ["?label", '"Russia"@en', '"Russie"@fr']


def test_ask_and_construct(runner, out):
    ask = runner.invoke(app, ["query", "ASK { ?s ?p ?o }", "-o", str(out)])
    assert ask.stdout == "true\n"
    construct = runner.invoke(
        app,
        [
            "query",
            "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3",
            "-o",
            str(out),
            "--format",
            "ntriples",
        ],
    )
    assert construct.exit_code == 0
    assert len(list(ox.parse(construct.stdout.encode(), format=ox.RdfFormat.N_TRIPLES))) == 3


def test_query_from_a_file_and_by_name_with_a_binding(runner, out, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/newskg/ontology#Claim> }")
    result = runner.invoke(app, ["query", "--file", str(rq), "-o", str(out), "--format", "csv"])
    assert result.stdout.splitlines() == ["n", "3"]
    all_rows = runner.invoke(
        app, ["query", "--name", "casualty-estimates", "-o", str(out), "--format", "json"]
    )
    assert {r["value"] for r in _json_rows(all_rows.stdout)} == {"1100", "4000"}
    ru = runner.invoke(
        app,
        [*_CASUALTIES_JSON, str(out), "--bind", "affectedState=id:entity/russia"],
    )
    assert ru.exit_code == 0, ru.output
    assert _json_rows(ru.stdout) == []
    nk = runner.invoke(
        app,
        [*_CASUALTIES_JSON, str(out), "-b", f"affectedState={_NORTH_KOREA}"],
    )
    assert {r["value"] for r in _json_rows(nk.stdout)} == {"1100", "4000"}


def test_graph_option_queries_a_file_instead_of_the_store(runner, out, tmp_path):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    from_file = runner.invoke(
        app, ["query", q, "--graph", str(out / "graph.ttl"), "-o", str(tmp_path / "none")]
    )
    from_store = runner.invoke(app, ["query", q, "-o", str(out)])
    assert from_file.exit_code == 0, from_file.output
    assert from_file.stdout == from_store.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["DELETE WHERE { ?s ?p ?o }"], "read-only"),
        (["SELECT WHERE"], "invalid SPARQL"),
        (["--name", "no-such-query"], "no named query"),
        (["--name", "data-duplicate-measure-violation"], "no named query"),
        ([], "exactly one"),
        (["ASK {}", "--name", "treaties"], "exactly one"),
        (["ASK {}", "--bind", "nonsense"], "NAME=VALUE"),
    ],
)
def test_usage_errors_exit_2(runner, out, args, message):
    result = runner.invoke(app, ["query", *args, "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_store_exits_1(runner, tmp_path):
    result = runner.invoke(app, ["query", "ASK {}", "-o", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "no graph store" in result.stderr
    assert not (tmp_path / "nothing").exists()


def test_updates_need_allow_update(runner, out, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    update = "INSERT DATA { <http://example.com/a> <http://example.com/p> 1 }"
    refused = runner.invoke(app, ["query", update, "-o", str(copy)])
    assert refused.exit_code == 2
    done = runner.invoke(app, ["query", update, "-o", str(copy), "--allow-update"])
    assert done.exit_code == 0, done.output
    ask = runner.invoke(app, ["query", "ASK { <http://example.com/a> ?p ?o }", "-o", str(copy)])
    assert ask.stdout == "true\n"


def test_parse_binding():
    prefixes = {"id": "https://w3id.org/newskg/id/", "nkg": "https://w3id.org/newskg/ontology#"}
    assert parse_binding("?a=nkg:Casualties", prefixes)[1] == ox.NamedNode(
        "https://w3id.org/newskg/ontology#Casualties"
    )
    assert parse_binding("a=https://example.com/x", prefixes)[1] == ox.NamedNode(
        "https://example.com/x"
    )
    assert parse_binding("a=Corée du Nord", prefixes)[1] == ox.Literal("Corée du Nord")


def test_query_does_not_load_spacy(out):
    """`newskg query` answers in a fresh process without importing spaCy."""
    code = (
        "import sys\n"
        "from newskg.cli import app\n"
        "args = ['query', '--name', 'articles-per-entity', '--format', 'csv', '-o']\n"
        "try:\n"
        f"    app([*args, {str(out)!r}])\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "assert 'spacy' not in sys.modules, 'spaCy was imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "north-korea" in done.stdout


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_writes_each_format(runner, out, tmp_path, fmt):
    dest = tmp_path / f"graph{fmt.suffix}"
    result = runner.invoke(app, ["export", str(dest), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = dest.read_bytes()
    ox_format = ox.RdfFormat.from_extension(fmt.suffix.lstrip("."))
    assert len(list(ox.parse(data, format=ox_format))) == len(assemble(results()))
    if fmt is ExportFormat.TURTLE:
        assert data == (out / "graph.ttl").read_bytes()


def test_export_to_stdout_with_an_explicit_format(runner, out):
    result = runner.invoke(app, ["export", "-", "--format", "nquads", "-o", str(out)])
    assert result.exit_code == 0
    quads = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    assert any(isinstance(q.graph_name, ox.NamedNode) for q in quads)
    turtle = runner.invoke(app, ["export", "-", "-o", str(out)])
    assert isomorphic(
        Graph().parse(data=turtle.stdout, format="turtle"), Graph().parse(out / "graph.ttl")
    )


def test_export_without_a_store_exits_1(runner, tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path / "x.ttl"), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "no graph store" in result.stderr


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> Path:
    """An output folder whose store holds 3,000 generated triples."""
    return crowded_store(tmp_path_factory.mktemp("crowded"))


def test_max_rows_cuts_the_results_with_a_warning(runner, crowded):
    everything = "SELECT ?s WHERE { ?s ?p ?o }"
    cut = runner.invoke(app, ["query", everything, "-o", str(crowded), "--format", "csv"])
    assert cut.exit_code == 0, cut.output
    assert len(cut.stdout.splitlines()) == 1 + 3000 and not cut.stderr  # under the default
    cut = runner.invoke(
        app, ["query", everything, "-o", str(crowded), "--format", "csv", "--max-rows", "5"]
    )
    assert cut.exit_code == 0
    assert len(cut.stdout.splitlines()) == 1 + 5
    assert "warning: only the first 5 results" in cut.stderr
    table = runner.invoke(app, ["query", everything, "-o", str(crowded), "--max-rows", "5"])
    assert "5 rows (cut at the row limit)" in " ".join(table.stdout.split())
    construct = runner.invoke(
        app,
        ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "-o", str(crowded), "--max-rows", "7"],
    )
    assert construct.exit_code == 0
    assert len(list(ox.parse(construct.stdout_bytes, format=ox.RdfFormat.TURTLE))) == 7
    unlimited = runner.invoke(
        app, ["query", everything, "-o", str(crowded), "--format", "tsv", "--max-rows", "0"]
    )
    assert len(unlimited.stdout.splitlines()) == 1 + 3000 and not unlimited.stderr


def test_a_query_past_the_timeout_is_stopped_and_exits_1(runner, crowded):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = runner.invoke(app, ["query", slow, "-o", str(crowded), "--timeout", "1"])
    assert result.exit_code == 1
    assert "ran longer than 1 s and was stopped" in result.stderr


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("LOAD <http://example.com/data.ttl>", "LOAD"),
    ],
)
def test_service_and_load_exit_2_even_with_allow_update(runner, out, tmp_path, sparql, message):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    for extra in ([], ["--allow-update"]):
        result = runner.invoke(app, ["query", sparql, "-o", str(copy), *extra])
        assert result.exit_code == 2 and message in result.stderr


def test_service_as_text_is_a_plain_query(runner, out):
    q = "SELECT ('SERVICE <http://example.com/sparql> { }' AS ?x) WHERE {}"
    result = runner.invoke(app, ["query", q, "-o", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["x", "SERVICE <http://example.com/sparql> { }"]


@pytest.mark.parametrize("command", ["build", "query", "export", "serve"])
def test_every_command_is_documented_with_an_example(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    top = runner.invoke(app, ["--help"]).output
    assert command in top
    assert "Exit codes" in top and "refused update" in top
