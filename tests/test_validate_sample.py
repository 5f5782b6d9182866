"""The sample corpus's graph passes every shape: the committed one and a fresh build.

(Validation speed is measured by ``bench/bench_validate.py``, not here.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.shacl import load_graph, summarize, validate

COMMITTED = Path(__file__).resolve().parent.parent / "output" / "graph.ttl"


def test_committed_graph_conforms():
    result = validate(load_graph(COMMITTED))
    assert result.conforms, summarize(result)


@pytest.mark.model
def test_sample_build_conforms(sample_build):
    out, report = sample_build
    assert report.validation is not None
    assert report.validation.conforms, summarize(report.validation)
    assert (out / "validation.ttl").exists()
    result = CliRunner().invoke(app, ["validate", str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
