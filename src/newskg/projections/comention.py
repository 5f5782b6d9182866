"""Co-mention graphs: which entities appear together, in an article or in one reported sentence."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import combinations

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from newskg.namespaces import NKG
from newskg.projections._rdf import (
    ENTITY_ROLES,
    SEP,
    Period,
    entity_attributes,
    subclasses,
    window,
)

__all__ = ["comention_graph"]

LEVELS = ("article", "sentence")


def _issued(graph: Graph, article: URIRef) -> Period | None:
    issued = graph.value(article, DCTERMS.issued)
    try:
        return Period.parse(str(issued)) if issued is not None else None
    except ValueError:
        return None


def _units(graph: Graph, level: str) -> dict[tuple[URIRef, int, int], set[URIRef]]:
    """(article, start, end) -> entities: whole articles, or the quoted sentences of claims."""
    units: dict[tuple[URIRef, int, int], set[URIRef]] = {}
    if level == "article":
        for article in graph.subjects(RDF.type, NKG.Article):
            if isinstance(article, URIRef):
                units[(article, 0, 0)] = {
                    e for e in graph.objects(article, NKG.mentions) if isinstance(e, URIRef)
                }
        return units
    for claim in graph.subjects(RDF.type, NKG.Claim):
        article = graph.value(claim, PROV.wasDerivedFrom)
        event = graph.value(claim, NKG.asserts)
        if not isinstance(article, URIRef) or event is None:
            continue
        start = graph.value(claim, NKG.quoteStart)
        end = graph.value(claim, NKG.quoteEnd)
        key = (article, int(start or 0), int(end or 0))
        found = units.setdefault(key, set())
        for _, role, entity in graph.triples((event, None, None)):
            if role in ENTITY_ROLES and isinstance(entity, URIRef):
                found.add(entity)
        claimant = graph.value(claim, NKG.claimant)
        if isinstance(claimant, URIRef):
            found.add(claimant)
    return units


def comention_graph(
    graph: Graph,
    *,
    level: str = "article",
    classes: Iterable[URIRef] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    lang: str = "fr",
) -> nx.Graph:
    """Entities linked when they are mentioned together.

    Parameters
    ----------
    graph : rdflib.Graph
        A newskg graph.
    level : {"article", "sentence"}
        ``"article"``: entities an article mentions (``nkg:mentions``).
        ``"sentence"``: entities of one quoted sentence: the roles of the
        events its claims assert, and their claimants.
    classes : iterable of URIRef, optional
        Keep entities of these classes (and subclasses), e.g. ``[NKG.Actor]``.
    since, until : str or datetime.date, optional
        Keep articles published in the window (undated ones are then left out).
    lang : str
        Language of the ``label`` attributes.

    Returns
    -------
    networkx.Graph
        Nodes have ``label``, ``class`` and ``mentions`` (articles or
        sentences naming them); edges have ``weight`` (how many together) and
        ``articles`` (``|``-joined identifiers).

    Examples
    --------
    >>> from newskg.namespaces import NKG
    >>> from newskg.projections import comention_graph, example_graph
    >>> M = comention_graph(example_graph(), level="sentence", classes=[NKG.State], lang="en")
    >>> for u, v, w in sorted(M.edges(data="weight")):
    ...     print(M.nodes[u]["label"], "--", M.nodes[v]["label"], w)
    North Korea -- Russia 2
    Russia -- Ukraine 1
    South Korea -- Ukraine 1
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    win = window(since, until)
    keep = subclasses(classes, graph) if classes is not None else None
    mentions: dict[URIRef, int] = {}
    pairs: dict[tuple[URIRef, URIRef], set[str]] = {}
    weights: dict[tuple[URIRef, URIRef], int] = {}
    for (article, _, _), found in sorted(_units(graph, level).items()):
        if not win.admits(_issued(graph, article)):
            continue
        if keep is not None:
            found = {e for e in found if any((e, RDF.type, c) in graph for c in keep)}
        identifier = str(graph.value(article, DCTERMS.identifier) or "")
        for e in found:
            mentions[e] = mentions.get(e, 0) + 1
        for a, b in combinations(sorted(found), 2):
            weights[(a, b)] = weights.get((a, b), 0) + 1
            pairs.setdefault((a, b), set()).add(identifier)
    M = nx.Graph()
    for e in sorted(mentions):
        M.add_node(str(e), **entity_attributes(graph, e, lang), mentions=mentions[e])
    for (a, b), w in sorted(weights.items()):
        M.add_edge(str(a), str(b), weight=w, articles=SEP.join(sorted(pairs[(a, b)] - {""})))
    return M
