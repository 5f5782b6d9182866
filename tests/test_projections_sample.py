"""Projections of the sample corpus: North Korea -> Russia, with its claims (builds the corpus)."""

from __future__ import annotations

import pytest

from newskg.namespaces import NKG
from newskg.projections import actor_graph, figures_table, read_graph

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sample_graph(sample_build):
    out, _report = sample_build
    return read_graph(out / "graph.ttl")


def test_north_korea_deploys_to_and_supplies_russia(sample_graph):
    G = actor_graph(sample_graph, merge_forces=True, lang="en")
    by_label = {d["label"]: n for n, d in G.nodes(data=True)}
    nk, ru = by_label["North Korea"], by_label["Russia"]
    edges = [d for _, v, d in G.out_edges(nk, data=True) if v == ru]
    for relation in ("Deployment", "ArmsTransfer"):
        found = [d for d in edges if d["relation"] == relation]
        assert found, f"no {relation} edge North Korea -> Russia"
        assert all(d["claims"] >= 1 and d["articles"] for d in found)
        assert sum(d["claims"] for d in found) >= 2
        assert len({a for d in found for a in d["articles"].split("|")}) >= 2
    assert any(d.get("troops") for d in edges if d["relation"] == "Deployment")
    assert any("Koksan" in d.get("weapons", "") for d in edges if d["relation"] == "ArmsTransfer")


def test_sample_plots_are_written(sample_graph, tmp_path):
    from newskg.projections.plots import plot_actor_network, plot_figures_timeline, save_figure

    written = save_figure(
        plot_actor_network(actor_graph(sample_graph, merge_forces=True)), tmp_path / "net"
    )
    rows = figures_table(sample_graph, measures=[NKG.Troops, NKG.Killed, NKG.KilledOrWounded])
    assert {r["measure"] for r in rows} == {"Troops", "Killed", "KilledOrWounded"}
    written += save_figure(plot_figures_timeline(rows), tmp_path / "timeline")
    assert all(p.stat().st_size > 10_000 for p in written)
