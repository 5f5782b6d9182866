"""The actor-event bipartite graph: which actors take part in which events, in which role."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx
from rdflib import Graph, URIRef

from newskg.projections._rdf import (
    ACTOR_ROLES,
    SEP,
    entity_attributes,
    event_attributes,
    force_states,
    local_name,
    read_events,
)

__all__ = ["actor_event_graph"]


def actor_event_graph(
    graph: Graph,
    *,
    kinds: Iterable[URIRef] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    asserted_only: bool = False,
    merge_forces: bool = False,
    roles: Iterable[URIRef] = ACTOR_ROLES,
    lang: str = "fr",
) -> nx.Graph:
    """Actors on one side, events on the other, an edge per actor taking part in an event.

    Parameters
    ----------
    graph : rdflib.Graph
        A newskg graph.
    kinds, since, until, asserted_only, merge_forces, lang
        As in :func:`~newskg.projections.actor_graph`.
    roles : iterable of URIRef
        The roles that make an edge; default the actor roles (``nkg:agent``,
        ``recipient``, ``affected``, ``opponent``, ``participant``). Add
        ``NKG.weapon``, ``NKG.place`` or ``NKG.treaty`` to bring those in.

    Returns
    -------
    networkx.Graph
        Entity nodes have ``bipartite=0``, ``label`` and ``class``; event nodes
        have ``bipartite=1``, ``class="Event"`` and the event's attributes
        (``relation``, ``label``, ``claims``, ``articles``, ``date``...). Edges
        carry ``role`` (``|``-joined when an actor has several).

    Examples
    --------
    >>> from networkx.algorithms import bipartite
    >>> from newskg.projections import actor_event_graph, example_graph
    >>> B = actor_event_graph(example_graph(), lang="en")
    >>> actors = {n for n, side in B.nodes(data="bipartite") if side == 0}
    >>> sorted(B.nodes[n]["label"] for n in actors)
    ["Korean People's Army", 'North Korea', 'Russia', 'South Korea', 'Ukraine']
    >>> army = "https://w3id.org/newskg/id/entity/north-korean-army"
    >>> sorted((B.nodes[e]["relation"], r) for _, e, r in B.edges(army, data="role"))
    [('Casualties', 'affected'), ('Casualties', 'affected'), ('Deployment', 'agent')]
    >>> P = bipartite.weighted_projected_graph(B, actors)
    >>> P["https://w3id.org/newskg/id/entity/russia"]["https://w3id.org/newskg/id/entity/ukraine"]
    {'weight': 1}
    """
    wanted = set(roles)
    merged = force_states(graph) if merge_forces else {}
    events = read_events(graph, kinds=kinds, since=since, until=until, asserted_only=asserted_only)
    B = nx.Graph()
    edges: dict[tuple[str, str], set[str]] = {}
    for ev in events:
        for role, entity in ev.roles:
            if role in wanted:
                entity = merged.get(entity, entity)
                edges.setdefault((str(entity), str(ev.iri)), set()).add(local_name(role))
    entities = sorted({a for a, _ in edges})
    for node in entities:
        B.add_node(node, bipartite=0, **entity_attributes(graph, URIRef(node), lang))
    linked = {e for _, e in edges}
    for ev in events:
        if str(ev.iri) in linked:
            attrs = {**event_attributes(graph, ev, lang), "class": "Event"}
            B.add_node(str(ev.iri), bipartite=1, **attrs)
    for (a, e), names in sorted(edges.items()):
        B.add_edge(a, e, role=SEP.join(sorted(names)))
    return B
