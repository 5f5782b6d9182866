"""Incremental builds: unchanged articles are not parsed again, and the result equals a fresh build.

Each test starts from a copy of the session's sample build (its store and
extraction cache) and of ``corpus/``, so only what a test changes is parsed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg import pipeline
from newskg.config import DEFAULT_BASE_IRI, DEFAULT_MODEL, BuildConfig
from newskg.pipeline import build, installed_model
from newskg.rdf.iris import IriMinter
from newskg.store import ExportFormat, GraphStore

pytestmark = [pytest.mark.model, pytest.mark.e2e]

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
EDITED = "004_b8c0da63dde58ba3.txt"
REMOVED = "003_508add9b65c0fc47.txt"


@pytest.fixture
def work(tmp_path, sample_build, monkeypatch):
    """(corpus copy, config of an output folder that already holds the corpus's build)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    out, _ = sample_build
    shutil.copytree(CORPUS, tmp_path / "corpus")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "corpus", BuildConfig(output_dir=tmp_path / "out", validate=False)


def graphs(config: BuildConfig) -> dict[str, set[ox.Quad]]:
    """The store's quads by graph name ("" for the default graph)."""
    with GraphStore(config.store_path, read_only=True) as store:
        out: dict[str, set[ox.Quad]] = {}
        for q in store.oxigraph:
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
            out.setdefault(name, set()).add(q)
        return out


def article_graph(identifier: str) -> str:
    return str(IriMinter(DEFAULT_BASE_IRI).article(identifier))


def fresh(corpus: Path, tmp_path: Path) -> bytes:
    config = BuildConfig(output_dir=tmp_path / "fresh", validate=False)
    report = build([corpus], config)
    assert report.parsed == report.built and report.cached == 0
    return config.graph_path.read_bytes()


def test_building_twice_parses_each_article_once(work, monkeypatch):
    corpus, config = work
    before = config.graph_path.read_bytes()

    def no_spacy(*args, **kwargs):
        raise AssertionError("spaCy was loaded although every article is cached")

    monkeypatch.setattr("newskg.engine.run.extract_batch", no_spacy)
    monkeypatch.setattr("newskg.nlp.load_pipeline", no_spacy)
    report = build([corpus], config)
    assert (report.parsed, report.cached, report.built) == (0, 5, 5)
    assert not report.store_changed and not report.graph_changed
    assert config.graph_path.read_bytes() == before


def test_an_edited_article_replaces_its_own_claims_only(work, tmp_path):
    corpus, config = work
    before = graphs(config)
    path = corpus / EDITED
    text = path.read_text(encoding="utf-8")
    assert "En novembre, Kim" in text
    path.write_text(text.replace("En novembre, Kim", "En octobre, Kim"), encoding="utf-8")

    report = build([corpus], config)
    assert (report.parsed, report.cached) == (1, 4)
    assert report.store_changed and report.graph_changed
    after = graphs(config)
    edited = article_graph(EDITED)
    assert after[edited] != before[edited]
    for name in before.keys() - {"", edited}:
        assert after[name] == before[name], f"{name} changed although its article did not"
    assert config.graph_path.read_bytes() == fresh(corpus, tmp_path)


def test_a_removed_article_leaves_the_store_with_what_only_it_said(work, tmp_path):
    corpus, config = work
    with GraphStore(config.store_path, read_only=True) as store:
        mentioned = store.query(
            "SELECT ?doc ?e WHERE { ?doc <https://w3id.org/newskg/ontology#mentions> ?e }"
        )
        by_entity: dict[str, set[str]] = {}
        for row in mentioned:
            by_entity.setdefault(row["e"].value, set()).add(row["doc"].value)
    gone = article_graph(REMOVED)
    only_there = {e for e, docs in by_entity.items() if docs == {gone}}
    (corpus / REMOVED).unlink()

    report = build([corpus], config)
    assert (report.parsed, report.cached, report.built) == (0, 4, 4)
    after = graphs(config)
    assert gone not in after
    iris = {t.value for quads in after.values() for q in quads for t in (q.subject, q.object)}
    assert gone not in iris
    assert not only_there & iris, "entities only the removed article mentioned are gone"
    assert config.graph_path.read_bytes() == fresh(corpus, tmp_path)


def test_a_build_interrupted_after_the_store_write_recovers(work, tmp_path, monkeypatch):
    corpus, config = work
    path = corpus / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\nFin.", encoding="utf-8")
    old_graph = config.graph_path.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(pipeline, "_replace_graph", interrupted)
        with pytest.raises(KeyboardInterrupt):
            build([corpus], config)
    assert config.graph_path.read_bytes() == old_graph
    expected = fresh(corpus, tmp_path)
    with GraphStore(config.store_path, read_only=True) as store:  # committed, whole
        assert store.export(ExportFormat.TURTLE, base=DEFAULT_BASE_IRI) == expected

    report = build([corpus], config)
    assert report.parsed == 0 and not report.store_changed and report.graph_changed
    assert config.graph_path.read_bytes() == expected


def test_graph_ttl_is_the_store_exported(sample_build):
    out, _ = sample_build
    with GraphStore(out / "store", read_only=True) as store:
        exported = store.export(ExportFormat.TURTLE, base=DEFAULT_BASE_IRI)
    assert exported == (out / "graph.ttl").read_bytes()


def test_the_model_is_identified_without_loading_spacy(kb):
    from newskg.nlp import load_pipeline

    _, info = load_pipeline(DEFAULT_MODEL, kb)
    assert installed_model(DEFAULT_MODEL) == (info.name, info.version)
    assert installed_model("no_such_spacy_pipeline") is None


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_a_build_leaves_no_store_open_in_its_process(work):
    """The build's stores are closed when it returns (a second build in one process works)."""
    import dataclasses
    import os

    from newskg import shacl as validate

    corpus, config = work
    config = dataclasses.replace(config, validate=True)
    validate._split_data_shapes.cache_clear()  # compiled during this build, as in a new process
    validate._compiled_data_shapes.cache_clear()
    path = corpus / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\nFin.", encoding="utf-8")
    report = build([corpus], config)  # validation on: it reads the new store
    assert report.store_changed and report.validation is not None

    def open_in_output() -> list[str]:
        found = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.startswith(str(config.output_dir.resolve())) and ".lock" not in target:
                found.append(target)
        return found

    assert open_in_output() == []


def test_a_fixed_source_date_epoch_rewrites_outputs_stamped_with_other_times(work, monkeypatch):
    """graph.ttl stamped with today's times (a build whose content changed) is rewritten by
    the README's `SOURCE_DATE_EPOCH=… newskg build`; a second such build leaves it alone."""
    corpus, config = work
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    config.graph_path.unlink()  # as if the last build had changed the content
    build([corpus], config)
    today = config.graph_path.read_bytes()
    assert b'"2026-01-01T00:00:00Z"' not in today
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    report = build([corpus], config)
    assert report.graph_changed
    fixed = config.graph_path.read_bytes()
    assert fixed.count(b'"2026-01-01T00:00:00Z"^^xsd:dateTime') == 2
    again = build([corpus], config)
    assert not again.graph_changed and not again.store_changed
    assert config.graph_path.read_bytes() == fixed


def test_an_unchanged_build_keeps_outputs_built_with_a_fixed_epoch(work, monkeypatch):
    """A plain build of unchanged content leaves a reproducible graph.ttl as it is (a fresh
    clone's `newskg build` leaves the committed output/ untouched)."""
    corpus, config = work
    before = config.graph_path.read_bytes()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    report = build([corpus], config)
    assert not report.graph_changed
    assert config.graph_path.read_bytes() == before
