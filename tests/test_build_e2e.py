"""End-to-end: build the sample corpus and check what a user gets.

These tests run the real spaCy pipeline (marked ``model``); the pipeline is
loaded once per process.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF
from typer.testing import CliRunner

from newskg.cli import app
from newskg.config import BuildConfig
from newskg.namespaces import NKG
from newskg.pipeline import build

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
COMMITTED = ROOT / "output"


def _committed_epoch() -> str:
    """The SOURCE_DATE_EPOCH the committed graph was built with (its activity's start)."""
    g = Graph().parse(COMMITTED / "graph.ttl")
    (started,) = set(g.objects(None, PROV.startedAtTime))
    return str(int(datetime.fromisoformat(str(started)).timestamp()))


def test_committed_output_equals_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _committed_epoch())
    build([CORPUS], BuildConfig(output_dir=tmp_path))
    fresh = (tmp_path / "graph.ttl").read_bytes()
    committed = (COMMITTED / "graph.ttl").read_bytes()
    assert fresh == committed, (
        "output/graph.ttl is stale: rebuild it with "
        "`SOURCE_DATE_EPOCH=<epoch> newskg build` (see README)"
    )
    manifest = json.loads((tmp_path / "build.json").read_text())
    assert manifest == json.loads((COMMITTED / "build.json").read_text())


def test_graph_parses_with_rdflib_and_oxigraph(sample_build):
    import pyoxigraph

    out, report = sample_build
    data = (out / "graph.ttl").read_bytes()
    g = Graph().parse(data=data, format="turtle")
    assert len(g) == report.triples > 0
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(g)


def test_sample_graph_has_articles_entities_events_and_claims(sample_build):
    out, report = sample_build
    g = Graph().parse(out / "graph.ttl")
    assert len(set(g.subjects(RDF.type, NKG.Article))) == 5
    assert report.built == 5 and not report.skipped
    assert report.entities >= 20 and report.events >= 15 and report.claims >= report.events
    for claim in g.subjects(RDF.type, NKG.Claim):
        assert g.value(claim, NKG.asserts) is not None
        assert g.value(claim, NKG.quote) is not None
        assert g.value(claim, PROV.wasGeneratedBy) is not None


def test_two_builds_in_a_row_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    config = BuildConfig(output_dir=tmp_path / "out", validate=False)
    first = build([CORPUS], config)
    before = (tmp_path / "out" / "graph.ttl").read_bytes()
    second = build([CORPUS], config)
    assert first.graph_changed and not second.graph_changed
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == before


def test_builds_with_a_fixed_epoch_are_byte_identical_across_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build([CORPUS], BuildConfig(output_dir=tmp_path / "a", validate=False))
    build([CORPUS], BuildConfig(output_dir=tmp_path / "b", validate=False))
    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (
        tmp_path / "b" / "graph.ttl"
    ).read_bytes()


def test_bad_inputs_are_named_skipped_and_the_rest_is_built(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    good = sorted(CORPUS.glob("*.txt"))[0]
    shutil.copy(good, corpus / good.name)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "latin1.txt").write_bytes(
        "Séoul affirme que des soldats nord-coréens sont arrivés. Été çà où".encode("cp1252")
        + b"\xff\xfe\x00\x81"
    )
    result = CliRunner().invoke(
        app, ["build", str(corpus), "-o", str(tmp_path / "out"), "--no-validate", "-q"]
    )
    assert result.exit_code == 3, result.output
    stderr = result.stderr
    assert "empty.txt" in stderr and "binary.txt" in stderr
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    identifiers = {str(o) for o in g.objects(None, DCTERMS.identifier)}
    assert good.name in identifiers
    assert "empty.txt" not in identifiers and "binary.txt" not in identifiers


def test_an_interrupted_write_leaves_no_half_written_graph(tmp_path, monkeypatch):
    from newskg.rdf import export

    out = tmp_path / "out"
    build([CORPUS], BuildConfig(output_dir=out, validate=False))
    before = (out / "graph.ttl").read_bytes()

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(export.os, "replace", boom)
    (out / "build.json").unlink()  # force a rewrite
    with pytest.raises(KeyboardInterrupt):
        build([CORPUS], BuildConfig(output_dir=out, validate=False))
    assert (out / "graph.ttl").read_bytes() == before
    leftovers = [p for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    assert [p.name for p in leftovers] == [".lock"]  # the build lock stays, nothing else


def test_casualty_query_shows_conflicting_estimates_side_by_side(sample_build):
    from rdflib import URIRef

    out, _ = sample_build
    g = Graph().parse(out / "graph.ttl")
    query = (ROOT / "queries" / "casualty-estimates.rq").read_text(encoding="utf-8")
    north_korea = URIRef("https://w3id.org/newskg/id/entity/north-korea")
    rows = list(g.query(query, initBindings={"affectedState": north_korea}))
    by_source = {}
    for r in rows:
        source = str(r.claimant).rsplit("/", 1)[-1] if r.claimant else None
        by_source.setdefault(source, set()).add(int(r.value) if r.value is not None else None)
    assert 1100 in by_source.get("jcs", set())
    assert 300 in by_source.get("nis", set())
    assert 4000 in by_source.get("volodymyr-zelensky", set())
    events = {r.event for r in rows}
    assert len(events) >= 4  # different figures are different events


def test_txt_jsonl_and_html_of_one_article_build_the_same_entities_and_events(tmp_path):
    same = ROOT / "tests" / "data" / "io" / "same"
    found = {}
    for name in ("article.txt", "article.jsonl", "article.html"):
        out = tmp_path / name
        build([same / name], BuildConfig(output_dir=out, validate=False))
        g = Graph().parse(out / "graph.ttl")
        entities = set(g.objects(None, NKG.mentions))
        events = set(g.objects(None, NKG.asserts))
        found[name] = (entities, events)
    assert found["article.txt"][0], "the fixture article mentions entities"
    assert found["article.txt"] == found["article.jsonl"] == found["article.html"]


def test_hostile_inputs_build_a_valid_graph(tmp_path):
    import pyoxigraph

    hostile = ROOT / "tests" / "data" / "hostile"
    long_article = tmp_path / "in" / "long.txt"
    long_article.parent.mkdir()
    long_article.write_text(
        "La Russie a livré des chars à la Biélorussie. " * 300, encoding="utf-8"
    )
    report = build([hostile, long_article.parent], BuildConfig(output_dir=tmp_path / "out"))
    skipped = {e.source: e.reason for e in report.skipped}
    assert skipped == {"ctrl.txt": "binary", "weird.jsonl:2": "malformed"}
    assert report.built == 4
    assert report.validation is not None and not report.validation.violations
    data = (tmp_path / "out" / "graph.ttl").read_bytes()
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(data=data, format="turtle"))
