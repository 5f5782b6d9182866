"""``newskg project`` and ``newskg plot``: formats, filters, exit codes, no spaCy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.projections import example_graph


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    example_graph().serialize(path, format="turtle")
    return path


@pytest.mark.parametrize(
    ("kind", "name", "reader"),
    [
        ("actors", "actors.graphml", nx.read_graphml),
        ("bipartite", "bipartite.gexf", nx.read_gexf),
        ("claims", "claims.graphml", nx.read_graphml),
        ("comention", "comention.gexf", nx.read_gexf),
    ],
)
def test_project_writes_each_kind(runner, graph_file, tmp_path, kind, name, reader):
    out = tmp_path / name
    result = runner.invoke(
        app, ["project", "--kind", kind, "--graph", str(graph_file), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"-> {out}" in result.output
    assert reader(out).number_of_edges() > 0


def test_project_filters_and_weights(runner, graph_file, tmp_path):
    out = tmp_path / "supply.json"
    args = ["project", "--graph", str(graph_file), "-o", str(out), "--class", "Deployment"]
    args += ["--class", "ArmsTransfer", "--asserted-only", "--merge-forces", "--weighted", "claims"]
    args += ["--since", "2024-11", "--until", "2024-12", "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {
        (labels[e["source"]], labels[e["target"]], e["key"], e["weight"]) for e in data["edges"]
    }
    # the denied South Korean transfer is gone; the army is North Korea
    assert edges == {
        ("North Korea", "Russia", "Deployment", 2),
        ("North Korea", "Russia", "ArmsTransfer", 1),
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "x.csv"], 2, "unknown graph format"),
        (["-o", "x.json", "--class", "Deploymnt"], 2, "unknown class"),
        (["-o", "x.json", "--since", "2025", "--until", "2024"], 2, "after"),
        (["-o", "x.json", "--graph", "missing.ttl"], 2, "missing.ttl: no such file"),
    ],
)
def test_project_errors(runner, graph_file, tmp_path, args, code, message):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    if "--graph" not in args:
        args += ["--graph", str(graph_file)]
    result = runner.invoke(app, ["project", *args])
    assert result.exit_code == code
    assert message in result.output


def test_plot_writes_png_and_svg(runner, graph_file, tmp_path):
    result = runner.invoke(app, ["plot", "--graph", str(graph_file), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "actor-network.png",
        "actor-network.svg",
        "figures-timeline.png",
        "figures-timeline.svg",
    ]
    result = runner.invoke(
        app,
        [
            "plot",
            "timeline",
            "--format",
            "png",
            "--graph",
            str(graph_file),
            "-o",
            str(tmp_path / "t"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "t").iterdir()] == ["figures-timeline.png"]


@pytest.mark.parametrize("command", ["project", "plot"])
def test_help_documents_the_command(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: newskg " + command in result.output


def test_project_does_not_load_spacy_or_matplotlib(graph_file, tmp_path):
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from newskg.cli import app\n"
        f"r = CliRunner().invoke(app, ['project', '--graph', {str(graph_file)!r}, "
        f"'-o', {str(tmp_path / 'a.json')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'thinc', 'matplotlib'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
