"""Issue 18: results that read well, predeclared prefixes, and ``validate`` running the
build's checks.

Commands run in a subprocess (``python -m newskg``) on small hand-made graphs:
a Turtle file (``--graph``) and an output folder made without spaCy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from newskg.config import DEFAULT_BASE_IRI
from newskg.store import GraphStore, write_store_turtle
from store_helpers import assemble, results

SRC = Path(__file__).resolve().parent.parent / "src"
NKG = "https://w3id.org/newskg/ontology#"

# Two entities with labels, one article, and a claim whose quote is far wider
# than any terminal.
LONG_QUOTE = (
    "Le ministre a déclaré devant la commission que les deux pays avaient signé un accord "
    "de coopération militaire couvrant la formation des officiers, l'échange de "
    "renseignements et la livraison de pièces détachées pour les blindés déjà en service."
)
TURTLE = f"""\
@prefix nkg: <{NKG}> .
@prefix ent: <{DEFAULT_BASE_IRI}entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ent:pays-a a nkg:State ; rdfs:label "Pays A"@fr, "Country A"@en .
ent:pays-b a nkg:State ; rdfs:label "Country B"@en .
ent:sans-nom a nkg:State .
<{DEFAULT_BASE_IRI}claim/c1> a nkg:Claim ; nkg:quote "{LONG_QUOTE}" ;
    nkg:claimant ent:pays-a .
"""


def newskg(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m newskg ARGS`` (stdout is a pipe, not a terminal); bytes out."""
    environment = {**os.environ, "PYTHONPATH": str(SRC)}
    environment.pop("COLUMNS", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "newskg", *args],
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("turtle") / "small.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """An output folder as a build leaves it (hand-made: no spaCy)."""
    folder = tmp_path_factory.mktemp("hand-output")
    with GraphStore(folder / "store") as store:
        store.replace(assemble(results()))
        write_store_turtle(store.oxigraph, folder / "graph.ttl", base=DEFAULT_BASE_IRI)
    return folder


def _vars(stdout: bytes) -> list[str]:
    return json.loads(stdout)["head"]["vars"]


# ---------------------------------------------------------------- prefixes and bindings
def test_predeclared_prefixes_need_no_prefix_line(graph):
    sparql = (
        "SELECT ?s WHERE { ?s a nkg:State ; rdfs:label ?l "
        "FILTER(?s = IRI(CONCAT(STR(id:), 'entity/pays-a'))) }"
    )
    done = newskg("query", sparql, "--graph", str(graph), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().split() == ["s"] + [f"{DEFAULT_BASE_IRI}entity/pays-a"] * 2


def test_a_prefix_the_query_declares_keeps_its_own_iri(graph):
    sparql = "PREFIX nkg: <http://example.com/other#> SELECT ?s WHERE { ?s a nkg:State }"
    done = newskg("query", sparql, "--graph", str(graph), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"]["bindings"] == []


def test_bind_reads_kb_names_and_hints_at_bare_keys(out):
    base = ("query", "-n", "casualty-estimates", "--format", "csv", "-o", str(out))
    by_iri = newskg(*base, "--bind", "affectedState=id:entity/north-korea")
    by_kb = newskg(*base, "--bind", "affectedState=kb:north-korea")
    assert by_iri.returncode == by_kb.returncode == 0
    assert len(by_iri.stdout.splitlines()) > 1
    assert by_kb.stdout == by_iri.stdout
    bare = newskg(*base, "--bind", "affectedState=north-korea")
    assert bare.returncode == 0
    assert bare.stdout.splitlines() == by_iri.stdout.splitlines()[:1]  # a string: no row
    assert "did you mean affectedState=id:entity/north-korea?" in bare.stderr.decode()
    # No hint for a string that names no entity.
    other = newskg(*base, "--bind", "affectedState=atlantide")
    assert "did you mean" not in other.stderr.decode()


# ---------------------------------------------------------------- formats
@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_results_formats_end_with_a_newline(graph, fmt):
    done = newskg(
        "query", "SELECT ?s WHERE { ?s a nkg:State }", "--graph", str(graph), "--format", fmt
    )
    assert done.returncode == 0
    assert done.stdout.endswith(b"\n")


def test_ask_in_json_ends_with_a_newline(graph):
    done = newskg("query", "ASK { ?s a nkg:State }", "--graph", str(graph), "--format", "json")
    assert json.loads(done.stdout) == {"head": {}, "boolean": True}
    assert done.stdout.endswith(b"\n")


def test_select_star_keeps_the_query_order(graph):
    sparql = "SELECT * WHERE { ?zone a nkg:State OPTIONAL { ?zone rdfs:label ?alias } }"
    done = newskg("query", sparql, "--graph", str(graph), "--format", "json")
    assert _vars(done.stdout) == ["zone", "alias"]
    table = newskg("query", sparql, "--graph", str(graph))
    assert table.stdout.decode().split()[:2] == ["zone", "alias"]


@pytest.mark.parametrize(
    ("sparql", "fmt"),
    [
        ("CONSTRUCT { ?s a nkg:State } WHERE { ?s a nkg:State }", "csv"),
        ("CONSTRUCT { ?s a nkg:State } WHERE { ?s a nkg:State }", "json"),
        ("SELECT ?s WHERE { ?s a nkg:State }", "turtle"),
        ("ASK { ?s a nkg:State }", "csv"),
    ],
)
def test_a_format_that_does_not_fit_the_query_exits_2(graph, sparql, fmt):
    done = newskg("query", sparql, "--graph", str(graph), "--format", fmt)
    assert done.returncode == 2
    assert not done.stdout
    assert f"--format {fmt} " in done.stderr.decode()


def test_construct_prints_turtle_or_n_triples(graph):
    sparql = "CONSTRUCT { ?s a nkg:State } WHERE { ?s a nkg:State }"
    for fmt, rdf in (("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES)):
        done = newskg("query", sparql, "--graph", str(graph), "--format", fmt)
        assert done.returncode == 0, done.stderr
        assert len(list(ox.parse(done.stdout, format=rdf))) == 3


def test_export_refuses_a_suffix_it_does_not_write(out, tmp_path):
    dest = tmp_path / "graph.xml"
    done = newskg("export", str(dest), "-o", str(out))
    assert done.returncode == 2
    assert "graph.xml" in done.stderr.decode() and ".ttl" in done.stderr.decode()
    assert not dest.exists()


@pytest.mark.parametrize(
    ("suffix", "rdf"),
    [
        (".turtle", ox.RdfFormat.TURTLE),
        (".json", ox.RdfFormat.JSON_LD),
        (".jsonld", ox.RdfFormat.JSON_LD),
        (".nt", ox.RdfFormat.N_TRIPLES),
        (".nq", ox.RdfFormat.N_QUADS),
    ],
)
def test_export_picks_the_format_from_each_documented_suffix(out, tmp_path, suffix, rdf):
    dest = tmp_path / f"graph{suffix}"
    done = newskg("export", str(dest), "-o", str(out))
    assert done.returncode == 0, done.stderr
    written = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(dest), format=rdf)}
    assert len(written) == len(Graph().parse(out / "graph.ttl"))


# ---------------------------------------------------------------- the table
def test_the_table_shows_labels_and_never_cuts_a_cell_when_piped(graph):
    sparql = "SELECT ?claimant ?quote WHERE { ?c nkg:claimant ?claimant ; nkg:quote ?quote }"
    done = newskg("query", sparql, "--graph", str(graph))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert lines[0].split() == ["claimant", "quote"]
    row = lines[2]
    assert row.startswith("Pays A  ") and row.endswith(LONG_QUOTE)  # French label, whole quote
    assert "…" not in done.stdout.decode() and "pays-a" not in done.stdout.decode()
    assert lines[-1] == "1 row"


def test_labels_fall_back_to_english_then_to_the_iri(graph):
    sparql = "SELECT ?s WHERE { ?s a nkg:State } ORDER BY ?s"
    done = newskg("query", sparql, "--graph", str(graph))
    cells = [line.strip() for line in done.stdout.decode().splitlines()[2:5]]
    assert cells == ["Pays A", "Country B", "id:entity/sans-nom"]


def test_a_row_wider_than_the_terminal_prints_as_a_record(graph):
    sparql = "SELECT ?claimant ?quote WHERE { ?c nkg:claimant ?claimant ; nkg:quote ?quote }"
    done = newskg("query", sparql, "--graph", str(graph), COLUMNS="60")
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert lines[0].startswith("-[ row 1 ]")
    assert all(len(line) <= 60 for line in lines), lines
    assert lines[1] == "claimant  Pays A"
    quote = " ".join(line[len("claimant  ") :].strip() for line in lines[2:-2])
    assert quote == LONG_QUOTE
    assert lines[-1] == "1 row"


# ---------------------------------------------------------------- the endpoint
def test_serve_predeclares_prefixes_and_explains_syntax_errors(out):
    from newskg.sparql import SparqlServer

    server = SparqlServer(out / "store", port=0)
    import threading

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:

        def get(sparql: str) -> tuple[int, bytes]:
            url = f"{server.url}query?" + urllib.parse.urlencode({"query": sparql})
            request = urllib.request.Request(url, headers={"Accept": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read()

        status, body = get(
            "ASK { ?c a nkg:Claim ; nkg:claimant ?x . ?x rdfs:label ?l "
            "FILTER(STRSTARTS(STR(?x), STR(id:))) }"
        )
        assert status == 200 and json.loads(body)["boolean"] is True
        status, body = get("SELECT ?x WHERE { ?x ?p ?o } LIMT 3")
        assert status == 400
        assert b"line 1, column 30: unexpected 'LIMT'" in body
    finally:
        server.shutdown()
        server.close()


# ---------------------------------------------------------------- validate = the build's checks
def test_validate_reports_an_undeclared_nkg_term(out, tmp_path):
    typo = tmp_path / "typo.ttl"
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    typo.write_text(
        text + f"\n<{DEFAULT_BASE_IRI}entity/russia> <{NKG}typoProperty> 1 .\n", encoding="utf-8"
    )
    clean = newskg("validate", str(out / "graph.ttl"))
    assert b"typoProperty" not in clean.stdout and b"undeclared" not in clean.stdout
    done = newskg("validate", str(typo))
    assert done.returncode == 4
    report = done.stdout.decode()
    assert "nkg-shapes:data-undeclared-term-violation (1)" in report
    assert "nkg:typoProperty" in report
    pyshacl = newskg("validate", str(typo), "--engine", "pyshacl")
    assert pyshacl.returncode == 4 and "nkg:typoProperty" in pyshacl.stdout.decode()


def test_the_build_validation_runs_the_same_query_checks(out):
    """``validate_store`` (the build's validation) finds what ``newskg validate`` finds."""
    from newskg.shacl import validate_store

    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    before = set(validate_store(store).violations)
    typo = ox.NamedNode(f"{NKG}typoProperty")
    store.add(ox.Quad(ox.NamedNode(f"{DEFAULT_BASE_IRI}entity/russia"), typo, ox.Literal("1")))
    result = validate_store(store)
    assert not result.conforms
    [added] = set(result.violations) - before
    assert str(added.focus) == typo.value
    assert str(added.shape).endswith("data-undeclared-term-violation")


# ---------------------------------------------------------------- progress totals
def test_the_progress_total_counts_articles_of_files_and_json_lines(tmp_path):
    from newskg.cli.build_cmd import count_records

    (tmp_path / "un.txt").write_text("Un article.", encoding="utf-8")
    (tmp_path / "deux.html").write_text("<p>Un autre.</p>", encoding="utf-8")
    lines = tmp_path / "lot.jsonl"
    lines.write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("pas un article", encoding="utf-8")
    assert count_records([tmp_path], max_bytes=1_000) == 5
    assert count_records([tmp_path], max_bytes=20) == 2  # lot.jsonl is over the limit
    (tmp_path / "tableau.json").write_text('[{"text": "a"}]', encoding="utf-8")
    assert count_records([tmp_path], max_bytes=1_000) is None
