"""Actor -> actor networks from events: who deploys to, supplies, fights or meets whom.

An edge is drawn from the event's roles, whatever its class:

============================  ===========================  ==============================
roles                         edge                         typical events
============================  ===========================  ==============================
``nkg:agent``, ``recipient``  agent -> recipient           Deployment, ArmsTransfer
``nkg:agent``, ``opponent``   agent -> opponent            MilitaryOperation
``nkg:participant`` (>= 2)    every pair, both ways,       Meeting, Cooperation, Treaty*
                              ``symmetric=True``
============================  ===========================  ==============================

Events with a single actor (casualties, weapon tests) give no edge. Edges
from an actor to itself are left out, and so are the participant pairs in
which one party belongs to the other (``nkg:affiliation``, followed up the
chain): when Kim Jong-un and North Korea both take part in a cooperation
with Putin and Russia, the parties are linked to each other, but Kim does
not "cooperate" with the state he leads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from itertools import permutations

import networkx as nx
from rdflib import Graph, URIRef

from newskg.namespaces import NKG
from newskg.projections._rdf import (
    SEP,
    EventInfo,
    entity_attributes,
    event_attributes,
    force_states,
    read_events,
)

__all__ = ["actor_graph", "actor_pairs", "affiliations", "weighted_graph"]

_DIRECTED = ((NKG.agent, NKG.recipient), (NKG.agent, NKG.opponent))


def affiliations(graph: Graph) -> dict[URIRef, frozenset[URIRef]]:
    """Each entity -> every entity it belongs to, up the ``nkg:affiliation`` chain.

    A unit belongs to its army and to the army's state; a person to the
    state (or agency) the knowledge base affiliates them with.
    """
    direct: dict[URIRef, set[URIRef]] = {}
    for s, o in graph.subject_objects(NKG.affiliation):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            direct.setdefault(s, set()).add(o)
    out: dict[URIRef, frozenset[URIRef]] = {}
    for start in direct:
        seen: set[URIRef] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen and node != start:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        out[start] = frozenset(seen)
    return out


def actor_pairs(
    ev: EventInfo, belongs: Mapping[URIRef, frozenset[URIRef]] | None = None
) -> list[tuple[URIRef, URIRef, bool]]:
    """``(source, target, symmetric)`` for each actor -> actor relation of one event.

    ``belongs`` (from :func:`affiliations`) leaves out the participant pairs
    in which one party belongs to the other: a person and the state they
    lead or serve, an army and its state, take part on the same side.
    """
    belongs = belongs or {}
    pairs: list[tuple[URIRef, URIRef, bool]] = []
    for source_role, target_role in _DIRECTED:
        for s in ev.entities([source_role]):
            pairs.extend((s, t, False) for t in ev.entities([target_role]))
    parts = ev.entities([NKG.participant])
    pairs.extend(
        (a, b, True)
        for a, b in permutations(parts, 2)
        if b not in belongs.get(a, ()) and a not in belongs.get(b, ())
    )
    return pairs


def actor_graph(
    graph: Graph,
    *,
    kinds: Iterable[URIRef] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    asserted_only: bool = False,
    merge_forces: bool = False,
    lang: str = "fr",
) -> nx.MultiDiGraph:
    """The actor -> actor multigraph of a newskg graph: one edge per event and actor pair.

    Parameters
    ----------
    graph : rdflib.Graph
        A newskg graph (``newskg build``'s ``graph.ttl``).
    kinds : iterable of URIRef, optional
        Keep events of these classes (and their subclasses), e.g.
        ``[NKG.Deployment, NKG.ArmsTransfer]``. Default: every event.
    since, until : str or datetime.date, optional
        Keep events whose date overlaps the window (``"2024-12"`` is the whole
        month). An undated event is placed at the publication date of its
        earliest report; with neither, it is left out when a bound is given.
    asserted_only : bool
        Count only claims of modality ``nkg:Asserted``; events left without
        claims (only denied, planned or possible) are dropped.
    merge_forces : bool
        Replace each armed force by the state it is affiliated with
        (``nkg:affiliation``): the Korean People's Army becomes North Korea.
    lang : str
        Language of the ``label`` attributes (falls back to English, then any).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs (strings) with ``label`` and ``class``. Edges
        are keyed by event IRI and carry the event's provenance as strings and
        numbers: ``relation`` (event class), ``symmetric``, ``claims``,
        ``articles``, ``claimants``, ``modalities``, ``confidence``, ``date``,
        ``reported``, ``figures`` and one number per measure (``troops``...).

    Examples
    --------
    >>> from newskg.projections import actor_graph, example_graph
    >>> G = actor_graph(example_graph())
    >>> for u, v, d in G.edges(data=True):
    ...     print(G.nodes[u]["label"], "->", G.nodes[v]["label"], d["relation"], d["claims"])
    Corée du Nord -> Russie Meeting 1
    Corée du Nord -> Russie ArmsTransfer 1
    Armée populaire de Corée -> Russie Deployment 2
    Russie -> Corée du Nord Meeting 1
    Russie -> Ukraine MilitaryOperation 1
    Corée du Sud -> Ukraine ArmsTransfer 1
    >>> d = G.edges["https://w3id.org/newskg/id/entity/north-korean-army",
    ...             "https://w3id.org/newskg/id/entity/russia",
    ...             "https://w3id.org/newskg/id/event/deployment"]
    >>> d["troops"], d["date"], d["articles"], d["claimants"]
    (3000, '2024-11', 'a1.txt|a2.txt', 'JCS')

    Asserted deployments and arms transfers only, armies merged into their state:

    >>> from newskg.namespaces import NKG
    >>> H = actor_graph(example_graph(), kinds=[NKG.Deployment, NKG.ArmsTransfer],
    ...                 asserted_only=True, merge_forces=True, lang="en")
    >>> sorted((H.nodes[u]["label"], H.nodes[v]["label"], r)
    ...        for u, v, r in H.edges(data="relation"))
    [('North Korea', 'Russia', 'ArmsTransfer'), ('North Korea', 'Russia', 'Deployment')]
    """
    events = read_events(graph, kinds=kinds, since=since, until=until, asserted_only=asserted_only)
    merged = force_states(graph) if merge_forces else {}
    belongs = affiliations(graph)
    G = nx.MultiDiGraph()
    edges = []
    for ev in events:
        attrs = event_attributes(graph, ev, lang)
        seen = set()
        for s, t, symmetric in actor_pairs(ev, belongs):
            s, t = merged.get(s, s), merged.get(t, t)
            if s == t or (s, t) in seen:
                continue
            seen.add((s, t))
            edges.append((str(s), str(t), str(ev.iri), {**attrs, "symmetric": symmetric}))
    for node in sorted({n for e in edges for n in e[:2]}):
        G.add_node(node, **entity_attributes(graph, URIRef(node), lang))
    for s, t, key, attrs in sorted(edges, key=lambda e: e[:3]):
        G.add_edge(s, t, key=key, **attrs)
    return G


def weighted_graph(G: nx.MultiDiGraph, *, weight: str = "events") -> nx.MultiDiGraph:
    """Collapse a projection to one edge per node pair and relation, weighted.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection with one edge per event (:func:`actor_graph`) or per claim
        (:func:`~newskg.projections.claims_graph`).
    weight : {"events", "claims"}
        What ``weight`` counts: distinct events, or the claims behind them.

    Returns
    -------
    networkx.MultiDiGraph
        Edges keyed by ``relation`` with ``weight``, ``events``, ``claims``,
        ``articles`` (``|``-joined identifiers), ``symmetric``, and the
        ``first`` / ``last`` known dates. Nodes keep their attributes.

    Examples
    --------
    >>> from newskg.projections import actor_graph, example_graph, weighted_graph
    >>> W = weighted_graph(actor_graph(example_graph(), merge_forces=True), weight="claims")
    >>> for u, v, r, d in W.edges(keys=True, data=True):
    ...     print(W.nodes[u]["label"], "->", W.nodes[v]["label"], r, d["weight"], d["events"])
    Corée du Nord -> Russie ArmsTransfer 1 1
    Corée du Nord -> Russie Deployment 2 1
    Corée du Nord -> Russie Meeting 1 1
    Russie -> Corée du Nord Meeting 1 1
    Russie -> Ukraine MilitaryOperation 1 1
    Corée du Sud -> Ukraine ArmsTransfer 1 1
    """
    if weight not in ("events", "claims"):
        raise ValueError(f"weight must be 'events' or 'claims', not {weight!r}")
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for u, v, d in G.edges(data=True):
        groups.setdefault((u, v, str(d.get("relation", ""))), []).append(d)
    W = nx.MultiDiGraph()
    W.add_nodes_from(sorted(G.nodes(data=True)))
    for (u, v, relation), items in sorted(groups.items()):
        events = {d.get("event", "") for d in items}
        claims_by_event: dict[str, int] = {}
        for d in items:
            claims_by_event[d.get("event", "")] = int(d.get("claims", 1))
        n_claims = (
            len({d["claim"] for d in items})
            if all("claim" in d for d in items)
            else sum(claims_by_event.values())
        )
        articles = sorted(
            {a for d in items for a in str(d.get("articles", d.get("article", ""))).split(SEP) if a}
        )
        dates = sorted(str(d.get("date") or d.get("reported") or "") for d in items)
        dates = [x for x in dates if x]
        attrs: dict[str, str | int | bool] = {
            "relation": relation,
            "weight": len(events) if weight == "events" else n_claims,
            "events": len(events),
            "claims": n_claims,
            "articles": SEP.join(articles),
            "symmetric": all(bool(d.get("symmetric", False)) for d in items),
        }
        if dates:
            attrs["first"], attrs["last"] = dates[0], dates[-1]
        W.add_edge(u, v, key=relation, **attrs)
    return W
