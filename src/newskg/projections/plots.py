"""Plots of the projections (matplotlib, Agg canvas): the actor network and the figures' timeline.

Functions return a :class:`matplotlib.figure.Figure` built without pyplot
(no global state, no display needed); :func:`save_figure` writes it as PNG
and SVG, the same figure always giving the same bytes.

Labels come from the data, so they are drawn as written: no mathtext (``"$x$"``
and backslashes stay literal), no LaTeX even under ``text.usetex``, and
control and invisible characters (which have no glyph and make the SVG invalid
XML) removed.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from newskg.projections import actor_graph, example_graph, figures_table
>>> from newskg.projections.plots import plot_actor_network, plot_figures_timeline, save_figure
>>> network = plot_actor_network(actor_graph(example_graph(), merge_forces=True, lang="en"))
>>> timeline = plot_figures_timeline(figures_table(example_graph(), lang="en"))
>>> with tempfile.TemporaryDirectory() as folder:
...     written = save_figure(network, Path(folder) / "actors")
...     written += save_figure(timeline, Path(folder) / "figures", formats=("png",))
...     [p.name for p in written]
['actors.png', 'actors.svg', 'figures.png']
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

import matplotlib as mpl
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from newskg.projections._rdf import Period
from newskg.projections.actors import weighted_graph
from newskg.rdf.export import write_atomic

__all__ = ["plot_actor_network", "plot_figures_timeline", "save_figure"]

RELATION_COLORS = {
    "Deployment": "#c0392b",
    "ArmsTransfer": "#e67e22",
    "MilitaryOperation": "#2c3e50",
    "Casualties": "#7f8c8d",
    "Cooperation": "#27ae60",
    "Meeting": "#8e44ad",
    "TreatySigning": "#2980b9",
    "TreatyRatification": "#5dade2",
    "TreatyEntryIntoForce": "#1f618d",
    "WeaponTest": "#b7950b",
}
CLASS_COLORS = {
    "State": "#4c72b0",
    "ArmedForce": "#dd8452",
    "Agency": "#937860",
    "GovernmentBody": "#937860",
    "IntelligenceService": "#8172b3",
    "NewsAgency": "#da8bc3",
    "Person": "#55a868",
    "Article": "#bbbbbb",
}
_OTHER = "#999999"
_CLAIMANT_COLORS = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
)  # fmt: skip
_MEASURE_ORDER = ("Troops", "Killed", "Wounded", "KilledOrWounded", "Units")
NO_CLAIMANT = "(the article itself)"
UNDATED = "undated"


# Characters a plot cannot show: controls (XML 1.0 forbids most of them in the SVG),
# invisible format characters (bidi controls, zero-width), noncharacters, lone surrogates.
_UNSHOWABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufffe\uffff\ud800-\udfff]"
)


def _shown(value: object) -> str:
    """``value`` as a label: one line, without characters that have no glyph.

    >>> _shown("Kim\\u202e\\nJong\\x00 Un")
    'Kim Jong Un'
    """
    return " ".join(_UNSHOWABLE.sub("", str(value)).split())


def _literal_text(fig: Figure) -> Figure:
    """Draw every text of ``fig`` as written: no mathtext, no LaTeX.

    >>> fig = _literal_text(_new_figure(2, 2))
    >>> t = fig.text(0.5, 0.5, "$x$")
    >>> all(not t.get_parse_math() for t in _literal_text(fig).findobj(Text))
    True
    """
    for text in fig.findobj(Text):
        text.set_usetex(False)
        text.set_parse_math(False)
    return fig


def _words(name: str) -> str:
    """``"Killed or wounded"`` for ``KilledOrWounded``."""
    parts = re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", name) or [name]
    return " ".join([parts[0], *(p.lower() for p in parts[1:])])


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def save_figure(
    fig: Figure, path: str | Path, *, formats: Iterable[str] = ("png", "svg"), dpi: int = 150
) -> list[Path]:
    """Write ``fig`` as ``path.png`` and ``path.svg`` (any suffix of ``path`` is replaced).

    Files are written atomically; SVG ids and metadata are fixed so the bytes
    do not change between runs. Texts are drawn as written (no mathtext).
    """
    _literal_text(fig)
    stem = Path(path)
    out = []
    for fmt in formats:
        target = stem.with_suffix(f".{fmt}")
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {}
        with mpl.rc_context({"svg.hashsalt": "newskg", "svg.fonttype": "path"}):
            fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
        write_atomic(target, buf.getvalue())
        out.append(target)
    return out


# ------------------------------------------------------------------- network
def _relation_edges(G: nx.Graph, weight: str) -> list[tuple[str, str, str, float, bool]]:
    """``(u, v, relation, weight, symmetric)`` per node pair and relation."""
    multi = G.is_multigraph()
    edges = list(G.edges(keys=True, data=True) if multi else G.edges(data=True))
    if edges and all("weight" in e[-1] and "relation" in e[-1] for e in edges):
        W = G
    else:
        W = weighted_graph(G if multi else nx.MultiDiGraph(G), weight=weight)
    out = []
    for u, v, d in W.edges(data=True):
        out.append((u, v, str(d.get("relation", "")), float(d["weight"]), bool(d["symmetric"])))
    return out


def _layout(nodes: Sequence[str], pairs: Iterable[tuple[str, str, float]], seed: int) -> dict:
    U = nx.Graph()
    U.add_nodes_from(nodes)
    for u, v, w in pairs:
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    if U.number_of_nodes() <= 2:
        return nx.circular_layout(U)
    if nx.is_connected(U):
        pos = nx.kamada_kawai_layout(U, weight=None)
    else:
        pos = nx.spring_layout(U, seed=seed, k=1.6 / math.sqrt(len(U)), iterations=300)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def plot_actor_network(
    G: nx.Graph,
    *,
    weight: str = "claims",
    title: str | None = None,
    seed: int = 7,
    figsize: tuple[float, float] = (12.0, 8.0),
) -> Figure:
    """Draw an actor network: nodes by class, one coloured arc per relation, width by weight.

    Parameters
    ----------
    G : networkx.Graph
        :func:`~newskg.projections.actor_graph` (one edge per event),
        :func:`~newskg.projections.weighted_graph`, or a claims graph.
    weight : {"claims", "events"}
        What edge width and the numbers on edges count (per-event graphs).
    title : str, optional
        Figure title; default says what is drawn.
    seed : int
        Seed of the layout (for graphs that are not connected).
    figsize : (float, float)
        Size in inches.

    Returns
    -------
    matplotlib.figure.Figure
        Directed relations are arrows, symmetric ones (meetings, treaties,
        cooperation) plain arcs; each arc is labelled with its weight; node
        size grows with the node's total weight. Legends give relations and
        classes.
    """
    edges = _relation_edges(G, weight)
    nodes = sorted(G.nodes)
    fig = _new_figure(*figsize)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if not nodes:
        ax.text(0.5, 0.5, "no relation to draw", ha="center", va="center", transform=ax.transAxes)
        return _literal_text(fig)
    strength = dict.fromkeys(nodes, 0.0)
    for u, v, _, w, _ in edges:
        strength[u] += w
        strength[v] += w
    pos = _layout(nodes, [(u, v, w) for u, v, _, w, _ in edges], seed)
    top = max(strength.values()) or 1.0
    sizes = {n: 500 + 2300 * math.sqrt(strength[n] / top) for n in nodes}
    classes = {n: _shown(G.nodes[n].get("class", "")) for n in nodes}

    # one arc per (pair, relation); parallel arcs fan out, symmetric ones drawn once
    drawn = [(u, v, r, w, s) for u, v, r, w, s in edges if not s or u < v]
    by_pair: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for u, v, r, _, _ in drawn:
        by_pair.setdefault(tuple(sorted((u, v))), []).append((r, u, v))
    wmax = max((w for *_, w, _ in drawn), default=1.0) or 1.0
    D = nx.MultiDiGraph()
    D.add_nodes_from(nodes)
    for u, v, r, w, s in drawn:
        pair = tuple(sorted((u, v)))
        group = sorted(by_pair[pair])
        i = group.index((r, u, v))
        k = len(group)
        rad = 0.1 + 0.22 * (i - (k - 1) / 2) if k > 1 else 0.08
        if (u, v) != pair:
            rad = -rad
        color = RELATION_COLORS.get(r, _OTHER)
        style = f"arc3,rad={rad:.3f}"
        width = 1.2 + 5.0 * w / wmax
        nx.draw_networkx_edges(
            D,
            pos,
            edgelist=[(u, v)],
            ax=ax,
            edge_color=color,
            width=width,
            alpha=0.85,
            arrows=True,
            arrowstyle="-" if s else "-|>",
            arrowsize=14 + 6 * w / wmax,
            connectionstyle=style,
            node_size=[sizes[u], sizes[v]] if u != v else sizes[u],
            nodelist=[u, v],
        )
        nx.draw_networkx_edge_labels(
            D,
            pos,
            edge_labels={(u, v, 0): f"{w:g}"},
            ax=ax,
            font_size=9,
            font_weight="bold",
            font_color=color,
            rotate=False,
            connectionstyle=style,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    nx.draw_networkx_nodes(
        D,
        pos,
        nodelist=nodes,
        node_size=[sizes[n] for n in nodes],
        node_color=[CLASS_COLORS.get(classes[n], _OTHER) for n in nodes],
        edgecolors="white",
        linewidths=1.5,
        ax=ax,
    )
    neighbours: dict[str, set[str]] = {n: set() for n in nodes}
    for u, v, *_ in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    span = max((math.dist(pos[a], pos[b]) for a in nodes for b in nodes if a < b), default=1.0)
    for n in nodes:
        x, y = pos[n]
        # put the label on the side away from the node's links, so arrowheads stay visible
        dx = sum(pos[m][0] - x for m in neighbours[n])
        dy = sum(pos[m][1] - y for m in neighbours[n])
        norm = math.hypot(dx, dy)
        ux, uy = (-dx / norm, -dy / norm) if norm > 1e-6 * span else (0.0, 1.0)
        offset = math.sqrt(sizes[n]) / 2 + 4
        ax.annotate(
            textwrap.fill(_shown(G.nodes[n].get("label", n)), 22),
            (x, y),
            xytext=(ux * offset, uy * offset),
            textcoords="offset points",
            ha="center" if abs(ux) < 0.5 else ("left" if ux > 0 else "right"),
            va="center" if abs(uy) < 0.5 else ("bottom" if uy > 0 else "top"),
            fontsize=11,
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#cccccc", "alpha": 0.92},
            zorder=5,
        )
    ax.margins(0.15)
    relations = sorted({r for _, _, r, _, _ in drawn})
    symmetric = {r for _, _, r, _, s in drawn if s}
    rel_handles = [
        Line2D(
            [0],
            [0],
            color=RELATION_COLORS.get(r, _OTHER),
            lw=3,
            label=f"{_shown(_words(r))}{' (mutual)' if r in symmetric else ''}",
        )
        for r in relations
    ]
    class_handles = [
        Line2D(
            [0],
            [0],
            marker="o",
            ls="",
            markersize=11,
            markerfacecolor=CLASS_COLORS.get(c, _OTHER),
            markeredgecolor="white",
            label=_shown(_words(c)) if c else "other",
        )
        for c in sorted(set(classes.values()))
    ]
    for handles, name, where in (
        (rel_handles, "relation", "outside right upper"),
        (class_handles, "actor class", "outside right lower"),
    ):
        fig.legend(
            handles=handles,
            title=name,
            loc=where,
            frameon=False,
            fontsize=10,
            title_fontsize=11,
            alignment="left",
        )
    unit = "claims" if weight == "claims" else "events"
    ax.set_title(
        _shown(title) if title else f"Actor network (numbers and widths: {unit} per relation)",
        fontsize=13,
    )
    return _literal_text(fig)


# ------------------------------------------------------------------ timeline
def _when_key(when: str | None) -> tuple:
    if not when:
        return (1, date.max, 0, "")
    head = when.split("/")[0]
    try:
        return (0, Period.parse(head).first, -len(head), when)
    except ValueError:
        return (1, date.max, 0, when)


def plot_figures_timeline(
    rows: Sequence[Mapping[str, object]],
    *,
    measures: Iterable[str] | None = None,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Plot figures by claimant over time: one panel per measure, one colour per claimant.

    Parameters
    ----------
    rows : sequence of dict
        :func:`~newskg.projections.figures_table` rows.
    measures : iterable of str, optional
        Measures to draw (``"Troops"``, ``"Killed"``, ``"Units"``...); default
        troops and casualties (``Troops``, ``Killed``, ``Wounded``,
        ``KilledOrWounded``).
    title : str, optional
        Figure title.
    figsize : (float, float), optional
        Size in inches; default grows with the number of panels.

    Returns
    -------
    matplotlib.figure.Figure
        The x axis lists the dates at their precision (``2024-12`` before
        ``2024-12-19``), then "undated"; each point is one claimant's figure,
        labelled as stated (``≥100``, ``~1000``); a range is a vertical bar.
    """
    wanted = set(measures) if measures is not None else set(_MEASURE_ORDER[:4])
    present = {str(r["measure"]) for r in rows if r["measure"] in wanted}
    order = [m for m in _MEASURE_ORDER if m in present] + sorted(present - set(_MEASURE_ORDER))
    claimants = sorted({str(r["claimant"] or NO_CLAIMANT) for r in rows if r["measure"] in present})
    colors = {
        c: ("#555555" if c == NO_CLAIMANT else _CLAIMANT_COLORS[i % len(_CLAIMANT_COLORS)])
        for i, c in enumerate(x for x in claimants if x != NO_CLAIMANT)
    }
    colors[NO_CLAIMANT] = "#555555"
    whens = sorted({r["when"] for r in rows if r["measure"] in present}, key=_when_key)
    xs = {w: i for i, w in enumerate(whens)}
    ncols = 2 if len(order) > 1 else 1
    nrows = max(1, math.ceil(len(order) / ncols))
    fig = _new_figure(*(figsize or (6.5 * ncols, 3.6 * nrows + 1.2)))
    if not order:
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no figure to draw", ha="center", va="center", transform=ax.transAxes)
        return _literal_text(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
    for ax in axes.flat[len(order) :]:
        ax.set_visible(False)
    for ax, measure in zip(axes.flat, order, strict=False):
        points: dict[tuple, Mapping[str, object]] = {}
        for r in rows:
            if r["measure"] != measure:
                continue
            who = str(r["claimant"] or NO_CLAIMANT)
            points.setdefault((r["when"], who, r["value"], r["min_value"], r["max_value"]), r)
        top = 0.0
        labels: dict[tuple, tuple[float, float, set[str]]] = {}
        for (when, who, value, low, high), r in sorted(
            points.items(), key=lambda kv: (_when_key(kv[0][0]), kv[0][1])
        ):
            same = sorted({k[1] for k in points if k[0] == when})
            x = xs[when] + 0.14 * (same.index(who) - (len(same) - 1) / 2)
            color = colors[who]
            if value is not None:
                y = float(value)
                ax.scatter([x], [y], s=70, color=color, zorder=3, edgecolors="white")
            else:
                lo = float(low) if low is not None else 0.0
                hi = float(high) if high is not None else lo
                ax.vlines(x, lo, hi, color=color, lw=3, zorder=3)
                ax.scatter([x, x], [lo, hi], s=25, color=color, marker="_", zorder=3)
                y = hi
            top = max(top, y)
            # one label per figure and date, right of its rightmost point
            key = (when, str(r["figure"]))
            old_x, _, whos = labels.get(key, (x, y, set()))
            labels[key] = (max(x, old_x), y, whos | {who})
        for (_, figure), (x, y, whos) in sorted(labels.items(), key=lambda kv: kv[1][:2]):
            ax.annotate(
                _shown(figure),
                (x, y),
                xytext=(7, 3),
                textcoords="offset points",
                fontsize=10,
                color=colors[next(iter(whos))] if len(whos) == 1 else "#333333",
            )
        ax.set_title(_shown(_words(measure)), fontsize=12, loc="left")
        ax.set_ylim(0, top * 1.25 if top else 1)
        ax.grid(axis="y", color="#e5e5e5")
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
        ax.set_xlim(-0.6, len(whens) - 0.4)
    for ax in axes.flat[: len(order)]:
        ax.set_xticks(range(len(whens)), [_shown(w) if w else UNDATED for w in whens])
        ax.tick_params(axis="x", labelbottom=True, labelrotation=30)
    handles = [
        Line2D(
            [0],
            [0],
            marker="o",
            ls="",
            markersize=9,
            color=colors[c],
            label=textwrap.shorten(_shown(c), 45, placeholder="…") or "?",
        )
        for c in claimants
    ]
    fig.legend(
        handles=handles,
        title="claimant (who says so)",
        loc="outside lower center",
        ncols=min(3, len(handles)) or 1,
        frameon=False,
        fontsize=10,
    )
    fig.suptitle(
        _shown(title)
        if title
        else "Figures by claimant over time (event date, else publication date)",
        fontsize=13,
    )
    return _literal_text(fig)
