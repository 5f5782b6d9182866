"""``newskg serve``: the SPARQL 1.1 Protocol over HTTP, its guard and its limits."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.errors import StoreError
from newskg.sparql import Limits, ServerBusyError, SparqlServer, WorkerPool
from newskg.store import GraphStore, lock_output
from store_helpers import assemble, crowded_store, results

SRC = Path(__file__).resolve().parent.parent / "src"
CLAIMS = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/newskg/ontology#Claim> }"
EVERYTHING = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
# A three-way cross product: billions of rows over a few thousand triples.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_ROWS = 20


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """An output folder as a build leaves it (OUTPUT/store)."""
    out = tmp_path_factory.mktemp("serve")
    with GraphStore(out / "store") as store:
        store.replace(assemble(results()))
    return out


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> Path:
    """A store of 3,000 generated triples, for queries that take too long."""
    return crowded_store(tmp_path_factory.mktemp("crowded"))


class Running:
    """A :class:`SparqlServer` answering in a thread, and a small HTTP client for it."""

    def __init__(self, server: SparqlServer) -> None:
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.close()

    def request(
        self,
        path: str,
        *,
        query: dict[str, str] | None = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        url = self.server.url.rstrip("/") + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, sparql: str, accept: str = "application/sparql-results+json"):
        return self.request("/query", query={"query": sparql}, headers={"Accept": accept})


@pytest.fixture(scope="module")
def http(out):
    running = Running(SparqlServer(out / "store", port=0, limits=Limits(max_rows=MAX_ROWS)))
    yield running
    running.stop()


def _json_rows(body: bytes) -> list[dict[str, str]]:
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


# ---------------------------------------------------------------- queries and formats
def test_select_answers_in_json_over_every_graph(http):
    status, headers, body = http.get(CLAIMS)
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json"
    assert _json_rows(body) == [{"n": "3"}]  # claims live in the articles' named graphs


def test_select_answers_in_csv_to_a_form_post(http):
    form = urllib.parse.urlencode({"query": CLAIMS}).encode()
    status, headers, body = http.request(
        "/query",
        data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"},
    )
    assert status == 200
    assert headers["Content-Type"].startswith("text/csv")
    assert body.decode().splitlines() == ["n", "3"]


@pytest.mark.parametrize(
    ("accept", "media", "expected"),
    [
        ("text/tab-separated-values", "text/tab-separated-values", b"?n\n"),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
        ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results", b"{"),
        ("*/*", "application/sparql-results+json", b"{"),
    ],
)
def test_a_query_body_and_content_negotiation(http, accept, media, expected):
    status, headers, body = http.request(
        "/query",
        data=CLAIMS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert status == 200
    assert headers["Content-Type"].startswith(media)
    assert body.startswith(expected)


def test_construct_answers_turtle_or_n_triples(http):
    construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c }"
    status, headers, body = http.get(construct, accept="text/turtle")
    assert status == 200 and headers["Content-Type"] == "text/turtle"
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    status, headers, body = http.get(construct, accept="application/n-triples")
    assert headers["Content-Type"] == "application/n-triples"
    assert set(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)) == set(triples)


def test_ask_answers_a_boolean(http):
    status, _, body = http.get("ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_no_acceptable_format_is_406(http):
    status, _, body = http.get(CLAIMS, accept="image/png")
    assert status == 406 and b"application/sparql-results+json" in body


# ---------------------------------------------------------------- the guard
@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }", b"SERVICE"),
        ("LOAD <http://example.com/data.ttl>", b"LOAD"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", b"read-only"),
        ("DELETE WHERE { ?s ?p ?o }", b"read-only"),
        ("SELECT WHERE", b"invalid SPARQL"),
    ],
)
def test_refused_or_malformed_requests_are_400(http, sparql, message):
    status, headers, body = http.get(sparql)
    assert status == 400, body
    assert message in body and headers["Content-Type"].startswith("text/plain")


def test_service_in_a_literal_is_a_plain_query(http):
    status, _, body = http.get("SELECT ('SERVICE <http://example.com/sparql> {}' AS ?x) {}")
    assert status == 200
    assert _json_rows(body) == [{"x": "SERVICE <http://example.com/sparql> {}"}]


def test_a_read_only_server_refuses_updates(http):
    update = b"INSERT DATA { <http://a> <http://b> <http://c> }"
    status, _, body = http.request(
        "/update", data=update, headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and b"read-only" in body
    assert http.request("/update")[0] == 405
    assert http.get("ASK { <http://a> ?p ?o }")[2] == b'{"head":{},"boolean":false}'


def test_missing_query_and_unknown_paths(http):
    assert http.request("/query")[0] == 400
    assert http.request("/sparql")[0] == 404
    status, _, _ = http.request(
        "/query", data=b"x", headers={"Content-Type": "application/octet-stream"}
    )
    assert status == 415


# ---------------------------------------------------------------- limits
def test_results_are_cut_at_the_row_limit_and_say_so(http):
    status, headers, body = http.get(EVERYTHING)
    assert status == 200
    assert len(_json_rows(body)) == MAX_ROWS
    assert headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    status, headers, body = http.get("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == MAX_ROWS
    assert headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    status, headers, body = http.get(CLAIMS)
    assert "X-SPARQL-MaxRows" not in headers


def test_a_query_past_the_time_limit_is_stopped_with_504(crowded):
    running = Running(SparqlServer(crowded / "store", port=0, limits=Limits(timeout=1), workers=1))
    try:
        status, _, body = running.get(SLOW)
        assert status == 504, body
        assert b"stopped" in body
        # The killed worker is replaced: the next query is answered.
        status, _, body = running.get("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert status == 200 and _json_rows(body) == [{"n": "3000"}]
    finally:
        running.stop()


class _Stuck:
    """A stand-in worker that keeps its caller until released."""

    def __init__(self) -> None:
        self.busy = threading.Event()
        self.release = threading.Event()

    def run(self, sparql, **options):
        self.busy.set()
        self.release.wait(10)

    def close(self, timeout=None):
        pass


def test_a_request_that_finds_no_idle_worker_in_time_is_refused():
    stuck = _Stuck()
    pool = WorkerPool(lambda: stuck, 1)
    holder = threading.Thread(target=pool.run, args=("ASK {}",), kwargs={"limits": Limits()})
    holder.start()
    try:
        assert stuck.busy.wait(10)
        with pytest.raises(ServerBusyError):
            pool.run("ASK {}", limits=Limits(timeout=0.05))
    finally:
        stuck.release.set()
        holder.join(10)


# ---------------------------------------------------------------- the query page
def test_the_query_page_escapes_everything_it_shows(http):
    status, headers, body = http.request("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<textarea" in body and b"read-only" in body
    sparql = "SELECT ('<script>alert(1)</script>' AS ?x) WHERE {}"
    status, _, body = http.request("/", query={"query": sparql})
    assert status == 200
    assert b"<script>" not in body
    assert body.count(b"&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # the query and its result
    status, _, body = http.request("/", query={"query": "SELECT * { SERVICE <x:<b>> {} }"})
    assert status == 400 and b"<b>" not in body


# ---------------------------------------------------------------- read-write
def test_a_read_write_server_runs_updates_but_never_load(out, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    running = Running(SparqlServer(copy / "store", lock_dir=copy, port=0, allow_update=True))
    try:
        sparql_update = {"Content-Type": "application/sparql-update"}
        insert = b"INSERT DATA { <http://example.com/a> <http://example.com/p> 1 }"
        assert running.request("/update", data=insert, headers=sparql_update)[0] == 204
        assert json.loads(running.get("ASK { <http://example.com/a> ?p ?o }")[2])["boolean"]
        load = b"LOAD <http://example.com/data.ttl>"
        status, _, body = running.request("/update", data=load, headers=sparql_update)
        assert status == 400 and b"LOAD" in body
        status, _, body = running.request("/update", data=b"ASK {}", headers=sparql_update)
        assert status == 400 and b"where an update is expected" in body
        status, _, body = running.get("DELETE WHERE { ?s ?p ?o }")  # updates only at /update
        assert status == 400 and b"where a query is expected" in body
        foreign = {**sparql_update, "Origin": "http://evil.example.com"}
        assert running.request("/update", data=insert, headers=foreign)[0] == 403
        with pytest.raises(StoreError):  # noqa: SIM117
            with lock_output(copy, exclusive=False):  # a read-write server excludes readers
                pass
    finally:
        running.stop()


# ---------------------------------------------------------------- the command
def _wait_for_url(log: Path, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        for line in text.splitlines():
            if line.startswith("SPARQL endpoint "):
                return line.split()[2].removesuffix("query")
        assert server.poll() is None, text
        time.sleep(0.1)
    raise AssertionError("the server did not start")


def test_serve_binds_127_0_0_1_holds_the_lock_and_stops_on_sigterm(out, tmp_path):
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with open(log, "wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "newskg", "serve", "-o", str(out), "--port", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        url = _wait_for_url(log, server)
        assert url.startswith("http://127.0.0.1:")
        query = urllib.parse.urlencode({"query": CLAIMS})
        request = urllib.request.Request(f"{url}query?{query}", headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.read().decode().splitlines() == ["n", "3"]
        # While the server reads the store, a build of the same folder is refused.
        with pytest.raises(StoreError):  # noqa: SIM117
            with lock_output(out, exclusive=True):
                pass
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert "stopped" in log.read_text(encoding="utf-8")
    with lock_output(out, exclusive=True):  # released
        pass


def test_serve_without_a_store_exits_1(tmp_path):
    from typer.testing import CliRunner

    from newskg.cli import app

    result = CliRunner().invoke(app, ["serve", "-o", str(tmp_path / "nothing"), "--port", "0"])
    assert result.exit_code == 1 and "no graph store" in result.stderr
    assert not (tmp_path / "nothing").exists()
