"""Who reports on whom, and what they say: the claims behind the events.

:func:`claims_graph` is the claimant -> subject "reports on" network;
:func:`claims_table` and :func:`figures_table` list claims and their figures
as rows (dicts of plain values) for tables and the timeline plot, so that
conflicting estimates stand side by side.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx
from rdflib import Graph, URIRef

from newskg.namespaces import NKG
from newskg.projections._rdf import (
    ACTOR_ROLES,
    SEP,
    ClaimInfo,
    EventInfo,
    Period,
    entity_attributes,
    force_states,
    label,
    local_name,
    read_events,
)

__all__ = ["claims_graph", "claims_table", "figures_table"]

Row = dict[str, str | int | float | None]


def claims_graph(
    graph: Graph,
    *,
    kinds: Iterable[URIRef] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    asserted_only: bool = False,
    merge_forces: bool = False,
    article_claimants: bool = False,
    lang: str = "fr",
) -> nx.MultiDiGraph:
    """The "reports on" graph: claimant -> each actor of the event it reports.

    Parameters
    ----------
    graph : rdflib.Graph
        A newskg graph.
    kinds, since, until, asserted_only, merge_forces, lang
        As in :func:`~newskg.projections.actor_graph`. ``merge_forces``
        applies to the subjects only: a claimant stays who said it (the JCS
        is not rewritten as South Korea).
    article_claimants : bool
        Claims without ``nkg:claimant`` (the article itself asserts them) are
        left out by default; with ``True`` the article is their claimant (a
        node of class ``Article`` labelled with its identifier).

    Returns
    -------
    networkx.MultiDiGraph
        Edges keyed by claim IRI, with ``claim``, ``event``, ``relation``,
        ``role`` (the subject's role in the event), ``article``, ``modality``,
        ``confidence``, ``quote``, ``date``, ``reported`` and ``figures``.

    Examples
    --------
    >>> from newskg.projections import claims_graph, example_graph
    >>> C = claims_graph(example_graph())
    >>> for u, v, d in C.edges(data=True):
    ...     print(C.nodes[u]["label"], "->", C.nodes[v]["label"], d["relation"], d["role"])
    JCS -> Armée populaire de Corée Deployment agent
    JCS -> Armée populaire de Corée Casualties affected
    JCS -> Russie Deployment recipient
    JCS -> Russie ArmsTransfer recipient
    JCS -> Corée du Nord ArmsTransfer agent
    Volodymyr Zelensky -> Russie MilitaryOperation agent
    Volodymyr Zelensky -> Ukraine MilitaryOperation opponent
    Volodymyr Zelensky -> Armée populaire de Corée Casualties affected
    """
    merged = force_states(graph) if merge_forces else {}
    events = read_events(graph, kinds=kinds, since=since, until=until, asserted_only=asserted_only)
    nodes: dict[str, dict[str, str]] = {}
    edges: dict[tuple[str, str, str], dict[str, str | int | float]] = {}
    for ev in events:
        for c in ev.claims:
            if c.claimant is not None:
                source = c.claimant
                nodes.setdefault(str(source), entity_attributes(graph, source, lang))
            elif article_claimants and c.article is not None:
                source = c.article
                nodes.setdefault(str(source), {"label": c.article_id, "class": "Article"})
            else:
                continue
            for role, entity in ev.roles:
                if role not in ACTOR_ROLES:
                    continue
                subject = merged.get(entity, entity)
                if subject == source:
                    continue
                nodes.setdefault(str(subject), entity_attributes(graph, subject, lang))
                key = (str(source), str(subject), str(c.iri))
                if key in edges:
                    roles = set(str(edges[key]["role"]).split(SEP)) | {local_name(role)}
                    edges[key]["role"] = SEP.join(sorted(roles))
                else:
                    edges[key] = _claim_edge(ev, c, local_name(role))
    C = nx.MultiDiGraph()
    for node in sorted(nodes):
        C.add_node(node, **nodes[node])
    for (u, v, k), attrs in sorted(edges.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1])):
        C.add_edge(u, v, key=k, **attrs)
    return C


def _claim_edge(ev: EventInfo, c: ClaimInfo, role: str) -> dict[str, str | int | float]:
    attrs: dict[str, str | int | float] = {
        "claim": str(c.iri),
        "event": str(ev.iri),
        "relation": ev.relation,
        "role": role,
        "article": c.article_id,
        "modality": c.modality,
        "quote": c.quote,
        "figures": "; ".join(a.text for a in ev.amounts),
        "claims": 1,
    }
    if c.confidence is not None:
        attrs["confidence"] = c.confidence
    if ev.when is not None:
        attrs["date"] = ev.when
    if c.issued is not None:
        attrs["reported"] = c.issued
    return attrs


def _subjects(graph: Graph, ev: EventInfo, merged: dict, lang: str) -> str:
    parts = []
    for role, entity in ev.roles:
        if role in ACTOR_ROLES:
            name = label(graph, merged.get(entity, entity), lang)
            item = f"{local_name(role)} {name}"
            if item not in parts:
                parts.append(item)
    return "; ".join(parts)


def _claim_row(graph: Graph, ev: EventInfo, c: ClaimInfo, merged: dict, lang: str) -> Row:
    claimant = c.claimant
    return {
        "claim": str(c.iri),
        "event": str(ev.iri),
        "relation": ev.relation,
        "subjects": _subjects(graph, ev, merged, lang),
        "claimant": label(graph, claimant, lang) if claimant is not None else None,
        "article": c.article_id,
        "date": ev.when,
        "reported": c.issued,
        "modality": c.modality,
        "confidence": c.confidence,
        "figures": "; ".join(a.text for a in ev.amounts),
        "quote": c.quote,
    }


def claims_table(
    graph: Graph,
    *,
    kinds: Iterable[URIRef] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    asserted_only: bool = False,
    merge_forces: bool = False,
    lang: str = "fr",
) -> list[Row]:
    """One row per claim: the event it asserts, who says so, where, with which modality.

    Rows are dicts with ``claim``, ``event``, ``relation``, ``subjects``
    (``"agent Corée du Nord; recipient Russie"``), ``claimant`` (``None`` when
    the article itself asserts it), ``article``, ``date`` (the event's),
    ``reported`` (the article's), ``modality``, ``confidence``, ``figures``
    and ``quote``; ordered by event, then claim. ``pandas.DataFrame(rows)``
    makes a table of them. ``merge_forces`` rewrites the subjects (an army
    becomes its state), never the claimant: who said it stays as stated.

    Examples
    --------
    An arms transfer that one source denies:

    >>> from newskg.namespaces import NKG
    >>> from newskg.projections import claims_table, example_graph
    >>> rows = claims_table(example_graph(), kinds=[NKG.ArmsTransfer])
    >>> for r in rows:
    ...     print(r["subjects"], "|", r["modality"], "|", r["claimant"])
    agent Corée du Sud; recipient Ukraine | Denied | None
    agent Corée du Nord; recipient Russie | Asserted | JCS
    """
    merged = force_states(graph) if merge_forces else {}
    events = read_events(graph, kinds=kinds, since=since, until=until, asserted_only=asserted_only)
    return [_claim_row(graph, ev, c, merged, lang) for ev in events for c in ev.claims]


def figures_table(
    graph: Graph,
    *,
    measures: Iterable[URIRef] | None = None,
    subject: URIRef | None = None,
    kinds: Iterable[URIRef] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    asserted_only: bool = False,
    merge_forces: bool = False,
    lang: str = "fr",
) -> list[Row]:
    """One row per claim and figure: the estimates side by side, by date.

    A figure is paired with the claims whose quote states it (``nkg:states``),
    not with every claim of its event: an event reported by several claims
    carries the figures of all of them.

    Parameters
    ----------
    graph : rdflib.Graph
        A newskg graph.
    measures : iterable of URIRef, optional
        Keep these measures (``NKG.Troops``, ``NKG.Killed``...). Default: all.
    subject : URIRef, optional
        Keep events where this entity has an actor role (with
        ``merge_forces``, its armed forces count as itself).
    kinds, since, until, asserted_only, merge_forces, lang
        As in :func:`~newskg.projections.actor_graph`.

    Returns
    -------
    list of dict
        The :func:`claims_table` columns plus ``measure``, ``qualifier``,
        ``value``, ``min_value``, ``max_value``, ``figure`` (``"≥100"``) and
        ``when`` (the event's date, else the article's: what a timeline
        places it at; ``None`` if neither is known). Sorted by measure, then
        ``when`` (undated last), then claimant.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from newskg.namespaces import NKG
    >>> from newskg.projections import example_graph, figures_table
    >>> north_korea = URIRef("https://w3id.org/newskg/id/entity/north-korea")
    >>> rows = figures_table(example_graph(), subject=north_korea, merge_forces=True,
    ...                      measures=[NKG.Killed, NKG.KilledOrWounded])
    >>> for r in rows:
    ...     print(r["measure"], r["figure"], r["claimant"], r["when"])
    Killed ≥100 JCS 2024-12
    KilledOrWounded 4000 Volodymyr Zelensky 2024-12-19
    """
    wanted = {local_name(m) for m in measures} if measures is not None else None
    merged = force_states(graph) if merge_forces else {}
    events = read_events(graph, kinds=kinds, since=since, until=until, asserted_only=asserted_only)
    rows: list[tuple[tuple, Row]] = []
    for ev in events:
        if subject is not None and subject not in {
            merged.get(e, e) for e in ev.entities(ACTOR_ROLES)
        }:
            continue
        for a in ev.amounts:
            if wanted is not None and a.measure not in wanted:
                continue
            # A figure goes with the claims whose quote states it (nkg:states); a figure
            # no claim states (a graph written without nkg:states) goes with every claim.
            stated = a.iri is not None and (None, NKG.states, a.iri) in graph
            for c in ev.claims:
                if stated and a.iri not in c.states:
                    continue
                row = _claim_row(graph, ev, c, merged, lang)
                when = ev.when or c.issued
                row.update(
                    measure=a.measure,
                    qualifier=a.qualifier,
                    value=a.value,
                    min_value=a.min_value,
                    max_value=a.max_value,
                    figure=a.text.removeprefix(a.measure).strip(),
                    when=when,
                )
                period = Period.parse(when.split("/")[0]) if when and when[0] != "." else None
                order = (
                    a.measure,
                    period is None,
                    period or Period(date.min, date.min),
                    row["claimant"] or "",
                    str(c.iri),
                )
                rows.append((order, row))
    return [row for _, row in sorted(rows, key=lambda r: r[0])]
