"""Labels from the data are shown as written, by every renderer (issue 10).

Entity names, claimants and figures are data: ``<script>``, ``$\\frac{a}{b}$``,
a newline, NUL and control characters, RTL marks. Plots (matplotlib, PNG and
SVG) draw them literally, without mathtext or LaTeX; GraphML, GEXF and JSON
exports stay parseable and keep every character XML can hold; the notebooks'
tables are escaped HTML that MathJax leaves alone. (The endpoint's HTML page is
covered by ``tests/test_serve.py``.)
"""

from __future__ import annotations

import json
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib as mpl
import networkx as nx
import pandas as pd
import pytest
from matplotlib.text import Text

from newskg.projections import (
    actor_graph,
    claims_graph,
    example_graph,
    figures_table,
    plain,
    write_graph,
)
from newskg.projections.plots import plot_actor_network, plot_figures_timeline, save_figure

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))

HOSTILE = [
    "<script>alert(1)</script>",
    "$\\frac{a}{b}$",
    "a\nb",
    "nul\x00ctl\x07\x1b\x7f",
    "\u202eRTL\u200f mark\u2066",
    "$x$ & 100 %_# \\ {}",
    'Kim "Jong" Un\'s -- <b>',
]
#: What a plot shows of each label: control and invisible characters gone, one line.
SHOWN = [
    "<script>alert(1)</script>",
    "$\\frac{a}{b}$",
    "a b",
    "nulctl",
    "RTL mark",
    "$x$ & 100 %_# \\ {}",
    'Kim "Jong" Un\'s -- <b>',
]


def _hostile_actor_graph() -> nx.MultiDiGraph:
    G = actor_graph(example_graph(), merge_forces=True, lang="en")
    nodes = sorted(G.nodes)
    for i, node in enumerate(nodes):  # every hostile label on some node
        G.nodes[node]["label"] = " / ".join(HOSTILE[i :: len(nodes)])
    return G


def _hostile_figures() -> list[dict]:
    rows = figures_table(example_graph(), lang="en")
    return [
        dict(r, claimant=HOSTILE[i % len(HOSTILE)], figure=HOSTILE[(i + 3) % len(HOSTILE)])
        for i, r in enumerate(rows)
    ]


def _texts(fig) -> list[str]:
    """Every text of ``fig`` as drawn (wrapped lines joined)."""
    return [t.get_text().replace("\n", " ") for t in fig.findobj(Text) if t.get_text()]


_PLOTS = {
    "network": lambda: plot_actor_network(_hostile_actor_graph(), title=HOSTILE[1]),
    "timeline": lambda: plot_figures_timeline(_hostile_figures(), title=HOSTILE[5]),
}


@pytest.mark.parametrize("kind", sorted(_PLOTS))
def test_plots_draw_hostile_labels_literally(kind, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph (a control character) is an error
        fig = _PLOTS[kind]()
        written = save_figure(fig, tmp_path / kind)
    for text in fig.findobj(Text):
        assert not text.get_parse_math() and not text.get_usetex(), text.get_text()
    shown = " ".join(_texts(fig))
    if kind == "network":  # the actors' labels, and the title
        wanted = SHOWN
    else:  # claimants in the legend, figures on the points, the title
        wanted = sorted({SHOWN[i % len(SHOWN)] for i in range(len(_hostile_figures()))})
    for label in wanted:
        assert label in shown or label.replace(" ", "") in shown.replace(" ", ""), label
    assert "\x00" not in shown and "\u202e" not in shown
    svg = next(p for p in written if p.suffix == ".svg")
    ET.parse(svg)  # well-formed XML: no control character got into it
    assert {p.suffix for p in written} == {".png", ".svg"}


def test_plots_ignore_text_usetex(tmp_path):
    # A user's matplotlibrc with text.usetex would hand "<script>" and "%" to LaTeX.
    with mpl.rc_context({"text.usetex": True}):
        fig = plot_actor_network(_hostile_actor_graph())
        save_figure(fig, tmp_path / "network", formats=("png",))
    assert not any(t.get_usetex() for t in fig.findobj(Text))


def test_a_label_starting_with_an_underscore_stays_in_the_legend():
    rows = [dict(r, claimant="_NIS") for r in figures_table(example_graph(), lang="en")]
    fig = plot_figures_timeline(rows)
    legend_texts = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "_NIS" in legend_texts


# --------------------------------------------------------------------------- graph files

_READERS = {
    "graphml": nx.read_graphml,
    "gexf": nx.read_gexf,
    "json": lambda p: nx.node_link_graph(json.loads(p.read_text("utf-8")), edges="edges"),
}
_NOT_XML = {"\x00", "\x07", "\x1b", "\ufffe", "\ud800"}


def _xml_safe(text: str) -> str:
    return "".join("\ufffd" if c in _NOT_XML else c for c in text)


def _hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="actors <&> $x$\x00")
    labels = [*HOSTILE, "\ufffe\ud800 \U0001f600 emoji"]
    for i, label in enumerate(labels):
        G.add_node(f"https://w3id.org/newskg/id/entity/{i}", label=label, note=label)
    for i, label in enumerate(labels[:-1]):
        source, target = (f"https://w3id.org/newskg/id/entity/{j}" for j in (i, i + 1))
        G.add_edge(source, target, key=f"k{i}", relation="Meeting", quote=label, claims=i)
    return G


@pytest.mark.parametrize("fmt", sorted(_READERS))
def test_graph_files_keep_hostile_labels_and_parse(fmt, tmp_path):
    G = _hostile_graph()
    path = write_graph(G, tmp_path / f"actors.{fmt}")
    if fmt != "json":
        ET.parse(path)  # well-formed XML 1.0
    H = _READERS[fmt](path)
    expected = _xml_safe if fmt != "json" else (lambda s: s.replace("\ud800", "\ufffd"))
    for node, data in plain(G).nodes(data=True):
        want = expected(data["label"])
        if fmt == "graphml":
            want = want.replace("\r", "\n")  # XML reads a CR in text as a line feed
        assert H.nodes[node]["label"] == want
    quotes = sorted(d["quote"] for *_, d in H.edges(data=True))
    assert quotes == sorted(expected(label) for label in HOSTILE)


def test_projections_of_a_graph_with_hostile_labels_export(tmp_path):
    # The same through the RDF projections: labels and identifiers as the graph states them.
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, RDFS

    g = example_graph()
    hostile = iter(HOSTILE * 10)
    for s, o in list(g.subject_objects(RDFS.label)):
        g.set((s, RDFS.label, Literal(next(hostile), lang=o.language)))
    for doc in g.subjects(DCTERMS.identifier, None):
        g.set((doc, DCTERMS.identifier, Literal(next(hostile))))
    for name, projection in (("actors", actor_graph(g)), ("claims", claims_graph(g))):
        for fmt in _READERS:
            path = write_graph(projection, tmp_path / f"{name}.{fmt}")
            H = _READERS[fmt](path)
            assert H.number_of_nodes() == projection.number_of_nodes()


# --------------------------------------------------------------------------- notebooks


def test_notebook_tables_are_escaped_html_that_mathjax_leaves_alone():
    frame = pd.DataFrame({"label": HOSTILE, "claimant": list(reversed(HOSTILE))})
    with pd.option_context("display.html.use_mathjax", False):
        html = frame._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "tex2jax_ignore" in html  # MathJax skips the table: "$x$" is shown, not typeset
    assert "<b>" not in html


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_turn_mathjax_off_for_tables(path):
    cells = [c for c in json.loads(path.read_text("utf-8"))["cells"] if c["cell_type"] == "code"]
    first = "".join(cells[0]["source"])
    assert 'pd.set_option("display.html.use_mathjax", False)' in first, path.name
