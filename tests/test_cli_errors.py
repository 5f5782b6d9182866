"""Issue 18: a build never empties a graph silently; every user error exits 2 with one clear
line and no traceback; errors of the tool itself still exit 1.

Every command runs in a subprocess (``python -m newskg``), as a user runs it. The
output folders are made by hand (:mod:`store_helpers`): no spaCy, no build.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newskg.config import DEFAULT_BASE_IRI
from newskg.store import GraphStore, write_store_turtle
from store_helpers import assemble, results

SRC = Path(__file__).resolve().parent.parent / "src"


def newskg(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m newskg ARGS`` and capture its output (text)."""
    environment = {**os.environ, "PYTHONPATH": str(SRC), **env}
    environment.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "newskg", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def hand_output(folder: Path) -> Path:
    """An output folder as a build leaves it: OUTPUT/store and OUTPUT/graph.ttl."""
    with GraphStore(folder / "store") as store:
        store.replace(assemble(results()))
        write_store_turtle(store.oxigraph, folder / "graph.ttl", base=DEFAULT_BASE_IRI)
    return folder


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return hand_output(tmp_path_factory.mktemp("hand-output"))


def _digests(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (but the lock) and the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def _clean(done: subprocess.CompletedProcess[str]) -> None:
    """No traceback, no worker crash: the error is one of newskg's own messages."""
    assert "Traceback" not in done.stderr, done.stderr
    assert "worker stopped" not in done.stderr, done.stderr


# ---------------------------------------------------------------- no silent data loss
def test_a_build_of_an_empty_folder_leaves_every_output_as_it_was(tmp_path):
    out = hand_output(tmp_path / "out")
    before = _digests(out)
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    done = newskg("build", str(empty), "-o", str(out), "--no-validate")
    assert done.returncode == 1, done.stderr
    _clean(done)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "no article could be built" in errors[0]
    assert "--allow-empty" in errors[0]
    assert _digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".store")], "a new store was left"


def test_a_build_whose_inputs_are_all_skipped_names_them_and_changes_nothing(tmp_path):
    out = hand_output(tmp_path / "out")
    before = _digests(out)
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n\n", encoding="utf-8")
    done = newskg("build", str(blank), "-o", str(out), "--no-validate")
    assert done.returncode == 1, done.stderr
    _clean(done)
    assert "skipped" in done.stderr and "blank.txt" in done.stderr
    assert "all 1 input(s) were skipped" in done.stderr
    assert _digests(out) == before


def test_allow_empty_writes_an_empty_graph_on_purpose(tmp_path):
    out = hand_output(tmp_path / "a-rather-long-output-folder-name-so-that-lines-pass-80-columns")
    assert "Article" in (out / "graph.ttl").read_text(encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = newskg("build", str(empty), "-o", str(out), "--no-validate", "--allow-empty")
    assert done.returncode == 0, done.stderr
    assert "nkg:Article" not in (out / "graph.ttl").read_text(encoding="utf-8")
    # Not a terminal: one summary line per fact, never wrapped at 80 columns.
    graph_line = next(line for line in done.stdout.splitlines() if line.startswith("graph:"))
    assert len(graph_line) > 80
    assert "(updated)" in graph_line and "(written)" in graph_line


# ---------------------------------------------------------------- usage errors: exit 2
@pytest.mark.parametrize(
    ("args", "path"),
    [
        (["query", "--file", "{tmp}/absent.rq", "-o", "{out}"], "absent.rq"),
        (["query", "ASK {}", "--graph", "{tmp}/absent.ttl"], "absent.ttl"),
        (["build", "{tmp}", "--kb", "{tmp}/absent-kb.ttl", "-o", "{tmp}/o"], "absent-kb.ttl"),
        (["build", "{tmp}/absent-corpus", "-o", "{tmp}/o"], "absent-corpus"),
        (["project", "--graph", "{tmp}/absent.ttl", "-o", "{tmp}/x.json"], "absent.ttl"),
        (["plot", "--graph", "{tmp}/absent.ttl", "-o", "{tmp}/plots"], "absent.ttl"),
        (["validate", "{tmp}/absent.ttl"], "absent.ttl"),
    ],
    ids=["query-file", "query-graph", "build-kb", "build-path", "project", "plot", "validate"],
)
def test_a_missing_file_of_any_option_exits_2_naming_it(out, tmp_path, args, path):
    done = newskg(*(a.replace("{tmp}", str(tmp_path)).replace("{out}", str(out)) for a in args))
    assert done.returncode == 2, (done.returncode, done.stderr)
    _clean(done)
    assert path in done.stderr
    assert not (tmp_path / "o").exists(), "nothing is written"


def test_an_unknown_bind_variable_exits_2_listing_the_query_variables(out):
    done = newskg(
        "query", "-n", "casualty-estimates", "--bind", "foo=id:entity/north-korea", "-o", str(out)
    )
    assert done.returncode == 2, done.stderr
    _clean(done)
    [line] = done.stderr.splitlines()
    assert "?foo" in line and "?affectedState" in line and "?quote" in line


def test_malformed_sparql_gives_line_column_text_and_caret(out):
    sparql = "SELECT ?x\nWHERE { ?x ?p ?o . ?x madeup:thing ?y }"
    done = newskg("query", sparql, "-o", str(out))
    assert done.returncode == 2, done.stderr
    _clean(done)
    assert "\\u{" not in done.stderr and "'0' ..= '9'" not in done.stderr
    headline, shown, caret = done.stderr.splitlines()
    column = sparql.splitlines()[1].index("madeup:thing") + 1
    assert headline == (
        f"error: invalid SPARQL query at line 2, column {column}: "
        "unknown prefix 'madeup:' (declare it: PREFIX madeup: <IRI>)"
    )
    assert shown.strip() == sparql.splitlines()[1]
    # The caret stands under the column named (both lines are indented alike).
    assert caret.index("^") - shown.index("W") == column - 1


def test_a_syntax_error_names_what_was_found(out):
    done = newskg("query", "SELECT ?x WHERE { ?x ?p ?o } LIMT 3", "-o", str(out))
    assert done.returncode == 2
    _clean(done)
    headline = done.stderr.splitlines()[0]
    assert "line 1, column 30" in headline and "'LIMT'" in headline


@pytest.mark.parametrize("sparql", ["", "   \n "])
def test_an_empty_query_exits_2(out, sparql):
    done = newskg("query", sparql, "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: the query is empty: give a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)"
    )


@pytest.mark.parametrize("command", ["project", "plot"])
def test_an_unknown_class_exits_2_listing_the_classes(out, tmp_path, command):
    target = str(tmp_path / ("x.json" if command == "project" else "plots"))
    done = newskg(command, "--class", "Invasion", "--graph", str(out / "graph.ttl"), "-o", target)
    assert done.returncode == 2
    _clean(done)
    assert "unknown class 'Invasion'" in done.stderr
    assert "Deployment" in done.stderr and "ArmsTransfer" in done.stderr


def test_a_class_matches_whatever_its_case(out, tmp_path):
    target = tmp_path / "x.json"
    done = newskg(
        "project", "--class", "armstransfer", "--graph", str(out / "graph.ttl"), "-o", str(target)
    )
    assert done.returncode == 0, done.stderr
    assert target.exists()


def test_an_unknown_kind_exits_2_listing_the_kinds(out, tmp_path):
    done = newskg("project", "--kind", "everything", "-o", str(tmp_path / "x.json"))
    assert done.returncode == 2
    assert "actors" in done.stderr and "comention" in done.stderr


def test_a_busy_port_exits_2_naming_it_and_suggesting_port(out):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = newskg("serve", "-o", str(out), "--port", str(port))
    assert done.returncode == 2, done.stderr
    _clean(done)
    [line] = done.stderr.splitlines()
    assert f"port {port} is already in use" in line and "--port" in line


# ---------------------------------------------------------------- errors of the tool: exit 1
def test_a_missing_store_is_not_a_usage_error(tmp_path):
    done = newskg("query", "ASK {}", "-o", str(tmp_path / "never-built"))
    assert done.returncode == 1
    _clean(done)
    assert "no graph store" in done.stderr


def test_a_slash_in_a_prefixed_name_gets_its_escape(out):
    done = newskg("query", "ASK { id:entity/russia ?p ?o }", "-o", str(out))
    assert done.returncode == 2
    assert "written '\\/' (id:entity\\/...)" in done.stderr.splitlines()[0]
    fixed = newskg("query", "ASK { id:entity\\/russia ?p ?o }", "-o", str(out))
    assert fixed.returncode == 0 and fixed.stdout == "true\n"
