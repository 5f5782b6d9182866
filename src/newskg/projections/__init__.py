"""RDF -> networkx: actor networks, bipartite, claims and co-mention graphs, with provenance.

Every projection is a plain function ``f(graph, *, filters...) -> networkx graph``
whose node ids are entity IRIs (strings) with a ``label``, and whose edge
attributes are strings and numbers only (so GraphML and GEXF writers accept
them), carrying where each relation comes from: the event, its claims, the
articles, the claimants.

==========================  ==============================================
:func:`actor_graph`         actor -> actor, one edge per event (``MultiDiGraph``)
:func:`weighted_graph`      one edge per actor pair and relation, weighted
:func:`actor_event_graph`   actors and events, bipartite
:func:`claims_graph`        claimant -> subject, "reports on"
:func:`comention_graph`     entities named in the same article or sentence
:func:`actor_metrics`       degree, strength, betweenness, PageRank, community
:func:`claims_table`        claims as rows; :func:`figures_table` their figures
:func:`write_graph`         GraphML, GEXF, node-link JSON
``newskg.projections.plots``  the network and the figures' timeline (matplotlib)
==========================  ==============================================

The plots live in :mod:`newskg.projections.plots`, imported on demand
(matplotlib is slow to import).
"""

from __future__ import annotations

from newskg.projections._rdf import read_graph, window
from newskg.projections.actors import actor_graph, actor_pairs, weighted_graph
from newskg.projections.bipartite import actor_event_graph
from newskg.projections.claims import claims_graph, claims_table, figures_table
from newskg.projections.comention import comention_graph
from newskg.projections.examples import example_graph
from newskg.projections.export import GraphFormat, node_link, plain, write_graph
from newskg.projections.metrics import actor_metrics, communities, simple_graph

__all__ = [
    "GraphFormat",
    "actor_event_graph",
    "actor_graph",
    "actor_metrics",
    "actor_pairs",
    "claims_graph",
    "claims_table",
    "comention_graph",
    "communities",
    "example_graph",
    "figures_table",
    "node_link",
    "plain",
    "read_graph",
    "simple_graph",
    "weighted_graph",
    "window",
    "write_graph",
]
