"""Network metrics per actor: degree, strength, betweenness, PageRank, community."""

from __future__ import annotations

import networkx as nx

__all__ = ["actor_metrics", "communities", "simple_graph"]

METHODS = ("louvain", "label_propagation")


def simple_graph(G: nx.Graph, *, weight: str | None = None) -> nx.DiGraph:
    """Sum the (multi)edges of ``G`` into a weighted ``DiGraph`` (``weight`` on each edge).

    Each edge counts ``d[weight]`` (1 when ``weight`` is ``None`` or the edge
    lacks it). An undirected ``G`` gives both directions.

    Examples
    --------
    >>> from newskg.projections import actor_graph, example_graph, simple_graph
    >>> D = simple_graph(actor_graph(example_graph()), weight="claims")
    >>> D.number_of_edges(), D.size(weight="weight")
    (5, 7.0)
    """
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    edges = G.edges(data=True)
    for u, v, d in edges:
        w = d.get(weight, 1) if weight is not None else 1
        pairs = [(u, v)] if G.is_directed() else [(u, v), (v, u)]
        for a, b in pairs:
            if D.has_edge(a, b):
                D[a][b]["weight"] += w
            else:
                D.add_edge(a, b, weight=w)
    return D


def _undirected(D: nx.DiGraph) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(D.nodes)
    for u, v, w in D.edges(data="weight"):
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    return U


def communities(
    G: nx.Graph, *, weight: str | None = None, method: str = "louvain", seed: int = 0
) -> list[list[str]]:
    """Communities of ``G`` (direction ignored), largest first, each sorted.

    Parameters
    ----------
    G : networkx.Graph
        Any projection (multi-, directed or not).
    weight : str, optional
        Edge attribute summed as the link strength (``"claims"``, ``"weight"``);
        default 1 per edge.
    method : {"louvain", "label_propagation"}
        networkx's Louvain modularity (seeded, so reproducible) or its
        asynchronous-free label propagation.
    seed : int
        Seed of Louvain's random order.

    Examples
    --------
    >>> from newskg.projections import actor_graph, communities, example_graph
    >>> G = actor_graph(example_graph(), merge_forces=True, lang="en")
    >>> [[G.nodes[n]["label"] for n in c] for c in communities(G)]
    [['North Korea', 'Russia'], ['South Korea', 'Ukraine']]
    """
    U = _undirected(simple_graph(G, weight=weight))
    if method == "louvain":
        found = nx.community.louvain_communities(U, weight="weight", seed=seed)
    elif method == "label_propagation":
        found = nx.community.label_propagation_communities(U)
    else:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    groups = [sorted(c) for c in found]
    return sorted(groups, key=lambda c: (-len(c), c))


def actor_metrics(
    G: nx.Graph, *, weight: str | None = None, method: str = "louvain", seed: int = 0
) -> list[dict[str, str | int | float]]:
    """A table of metrics, one row per node, most central (PageRank) first.

    Parameters
    ----------
    G : networkx.Graph
        A projection: :func:`~newskg.projections.actor_graph` (one edge per
        event), :func:`~newskg.projections.weighted_graph`, a claims or
        co-mention graph.
    weight : str, optional
        Edge attribute to sum as strength: ``"claims"`` weighs each event by
        its claims, ``"weight"`` reads a weighted graph; default 1 per edge.
    method, seed
        How communities are found; see :func:`communities`.

    Returns
    -------
    list of dict
        ``id``, ``label``, ``class``, ``degree`` (distinct neighbours),
        ``in_strength`` / ``out_strength`` / ``strength`` (summed weights),
        ``betweenness`` (normalised, on the unweighted directed graph),
        ``pagerank`` (weighted), ``community`` (0 = the largest). Floats are
        rounded to 4 places.

    Examples
    --------
    >>> from newskg.projections import actor_graph, actor_metrics, example_graph
    >>> rows = actor_metrics(actor_graph(example_graph(), merge_forces=True), weight="claims")
    >>> for r in rows:
    ...     print(r["label"], r["in_strength"], r["out_strength"], r["pagerank"], r["community"])
    Ukraine 2 0 0.3346 1
    Russie 4 2 0.3145 0
    Corée du Nord 1 4 0.2423 0
    Corée du Sud 0 1 0.1086 1
    """
    D = simple_graph(G, weight=weight)
    if D.number_of_nodes() == 0:
        return []
    between = nx.betweenness_centrality(nx.DiGraph(D.edges()), normalized=True)
    rank = nx.pagerank(D, weight="weight") if D.number_of_edges() else {}
    community = {
        n: i
        for i, c in enumerate(communities(G, weight=weight, method=method, seed=seed))
        for n in c
    }
    rows = []
    for n, attrs in D.nodes(data=True):
        ins = D.in_degree(n, weight="weight")
        outs = D.out_degree(n, weight="weight")
        rows.append(
            {
                "id": n,
                "label": str(attrs.get("label", n)),
                "class": str(attrs.get("class", "")),
                "degree": len(set(D.predecessors(n)) | set(D.successors(n))),
                "in_strength": ins,
                "out_strength": outs,
                "strength": ins + outs,
                "betweenness": round(between.get(n, 0.0), 4),
                "pagerank": round(rank.get(n, 0.0), 4),
                "community": community.get(n, -1),
            }
        )
    return sorted(rows, key=lambda r: (-r["pagerank"], -r["strength"], r["label"]))
