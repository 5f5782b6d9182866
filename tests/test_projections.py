"""Projections (RDF -> networkx) on a small graph built here from rdflib terms."""

from __future__ import annotations

import doctest
import importlib
import json
from decimal import Decimal

import networkx as nx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from newskg import projections as P
from newskg.namespaces import NKG
from newskg.projections._rdf import Period, label

ID = Namespace("https://example.org/id/")
ARMY, A, B, C, X = ID.army, ID.alpha, ID.beta, ID.gamma, ID.speaker
ART1, ART2, ART3 = ID.article1, ID.article2, ID.article3
DEPLOY, TRANSFER, OP, MEET, CASUALTIES, PERIOD_OP, SELF = (
    ID.deploy,
    ID.transfer,
    ID.op,
    ID.meet,
    ID.casualties,
    ID.periodop,
    ID.self,
)


def _claim(g, name, event, article, modality=NKG.Asserted, claimant=None, start=0):
    from rdflib.namespace import XSD  # not at module level: pytest probes module attributes

    node = ID[f"claim/{name}"]
    g.add((node, RDF.type, NKG.Claim))
    g.add((node, NKG.asserts, event))
    g.add((node, PROV.wasDerivedFrom, article))
    g.add((node, NKG.modality, modality))
    g.add((node, NKG.confidence, Literal(Decimal("0.8"), datatype=XSD.decimal)))
    g.add((node, NKG.quote, Literal(f"quote {name}", lang="fr")))
    g.add((node, NKG.quoteStart, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((node, NKG.quoteEnd, Literal(start + 10, datatype=XSD.nonNegativeInteger)))
    if claimant is not None:
        g.add((node, NKG.claimant, claimant))


@pytest.fixture(scope="module")
def graph() -> Graph:
    """Three states, an army, a spokesperson, three articles, seven events."""
    from rdflib.namespace import XSD  # not at module level: pytest probes module attributes

    g = Graph()
    for node, cls, fr, en in (
        (A, NKG.State, "Alpha", "Alpha-en"),
        (B, NKG.State, "Bêta", "Beta"),
        (C, NKG.State, "Gamma", None),
        (ARMY, NKG.ArmedForce, "Armée d'Alpha", "Alpha Army"),
        (X, NKG.Person, "Porte-parole", None),
    ):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(fr, lang="fr")))
        if en:
            g.add((node, RDFS.label, Literal(en, lang="en")))
    g.add((ARMY, NKG.affiliation, A))
    for art, ident, issued, dtype in (
        (ART1, "a1.txt", "2024-11-20", XSD.date),
        (ART2, "a2.txt", "2025-01", XSD.gYearMonth),
        (ART3, "a3.txt", None, None),
    ):
        g.add((art, RDF.type, NKG.Article))
        g.add((art, DCTERMS.identifier, Literal(ident)))
        if issued:
            g.add((art, DCTERMS.issued, Literal(issued, datatype=dtype)))
    for art, ents in ((ART1, [ARMY, B, X]), (ART2, [A, B, C]), (ART3, [A, B])):
        for e in ents:
            g.add((art, NKG.mentions, e))

    # deployment army -> B, November 2024, 3000 troops: 2 asserted claims, 1 denied
    g.add((DEPLOY, RDF.type, NKG.Deployment))
    g.add((DEPLOY, NKG.agent, ARMY))
    g.add((DEPLOY, NKG.recipient, B))
    g.add((DEPLOY, NKG.date, Literal("2024-11", datatype=XSD.gYearMonth)))
    q = ID["deploy/q/troops"]
    g.add((DEPLOY, NKG.quantity, q))
    g.add((q, RDF.type, NKG.Quantity))
    g.add((q, NKG.measure, NKG.Troops))
    g.add((q, NKG.qualifier, NKG.Exact))
    g.add((q, NKG.value, Literal(3000, datatype=XSD.integer)))
    _claim(g, "d1", DEPLOY, ART1, claimant=X, start=0)
    _claim(g, "d2", DEPLOY, ART2, start=0)
    _claim(g, "d3", DEPLOY, ART3, modality=NKG.Denied, start=0)
    # arms transfer A -> B, undated, only a "possible" claim from a January 2025 article
    g.add((TRANSFER, RDF.type, NKG.ArmsTransfer))
    g.add((TRANSFER, NKG.agent, A))
    g.add((TRANSFER, NKG.recipient, B))
    _claim(g, "t1", TRANSFER, ART2, modality=NKG.Possible, start=20)
    # operation B -> C, February 2025
    g.add((OP, RDF.type, NKG.MilitaryOperation))
    g.add((OP, NKG.agent, B))
    g.add((OP, NKG.opponent, C))
    g.add((OP, NKG.date, Literal("2025-02-03", datatype=XSD.date)))
    _claim(g, "o1", OP, ART2, claimant=X, start=40)
    # operation C -> B over a period, June to September 2024
    g.add((PERIOD_OP, RDF.type, NKG.MilitaryOperation))
    g.add((PERIOD_OP, NKG.agent, C))
    g.add((PERIOD_OP, NKG.opponent, B))
    g.add((PERIOD_OP, NKG.startDate, Literal("2024-06", datatype=XSD.gYearMonth)))
    g.add((PERIOD_OP, NKG.endDate, Literal("2024-09", datatype=XSD.gYearMonth)))
    _claim(g, "p1", PERIOD_OP, ART3, start=60)
    # meeting of A, B and C
    g.add((MEET, RDF.type, NKG.Meeting))
    for e in (A, B, C):
        g.add((MEET, NKG.participant, e))
    _claim(g, "m1", MEET, ART3, start=80)
    # casualties of the army: one actor, no edge; killed at least 100
    g.add((CASUALTIES, RDF.type, NKG.Casualties))
    g.add((CASUALTIES, NKG.affected, ARMY))
    q = ID["casualties/q/killed"]
    g.add((CASUALTIES, NKG.quantity, q))
    g.add((q, RDF.type, NKG.Quantity))
    g.add((q, NKG.measure, NKG.Killed))
    g.add((q, NKG.qualifier, NKG.AtLeast))
    g.add((q, NKG.value, Literal(100, datatype=XSD.integer)))
    _claim(g, "k1", CASUALTIES, ART1, claimant=X, start=0)
    # an agent that is also its recipient: no self-loop
    g.add((SELF, RDF.type, NKG.Deployment))
    g.add((SELF, NKG.agent, A))
    g.add((SELF, NKG.recipient, A))
    _claim(g, "s1", SELF, ART3, start=100)
    return g


def relations(G: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(G.nodes[u]["label"], G.nodes[v]["label"], r) for u, v, r in G.edges(data="relation")}


# ----------------------------------------------------------------- actor graph
def test_actor_graph_nodes_are_iris_with_label_and_class(graph):
    G = P.actor_graph(graph)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G) == {str(ARMY), str(A), str(B), str(C)}
    assert G.nodes[str(ARMY)] == {"label": "Armée d'Alpha", "class": "ArmedForce"}
    assert G.nodes[str(B)]["class"] == "State"
    assert P.actor_graph(graph, lang="en").nodes[str(B)]["label"] == "Beta"
    # no English label: the French one
    assert P.actor_graph(graph, lang="en").nodes[str(C)]["label"] == "Gamma"


def test_edges_follow_roles(graph):
    assert relations(P.actor_graph(graph)) == {
        ("Armée d'Alpha", "Bêta", "Deployment"),
        ("Alpha", "Bêta", "ArmsTransfer"),
        ("Bêta", "Gamma", "MilitaryOperation"),
        ("Gamma", "Bêta", "MilitaryOperation"),
        ("Alpha", "Bêta", "Meeting"),
        ("Bêta", "Alpha", "Meeting"),
        ("Alpha", "Gamma", "Meeting"),
        ("Gamma", "Alpha", "Meeting"),
        ("Bêta", "Gamma", "Meeting"),
        ("Gamma", "Bêta", "Meeting"),
    }


def test_edge_carries_the_events_provenance(graph):
    G = P.actor_graph(graph)
    d = G.edges[str(ARMY), str(B), str(DEPLOY)]
    assert d == {
        "event": str(DEPLOY),
        "relation": "Deployment",
        "label": "Deployment",
        "claims": 3,
        "articles": "a1.txt|a2.txt|a3.txt",
        "claimants": "Porte-parole",
        "modalities": "Asserted|Denied",
        "confidence": 0.8,
        "figures": "Troops 3000",
        "troops": 3000,
        "date": "2024-11",
        "reported": "2024-11-20",
        "symmetric": False,
    }
    period = G.edges[str(C), str(B), str(PERIOD_OP)]
    assert period["date"] == "2024-06/2024-09"
    assert "reported" not in period  # its only article is undated
    assert all(G.edges[e]["symmetric"] for e in G.edges(keys=True) if e[2] == str(MEET))


def test_edge_attributes_are_strings_and_numbers(graph):
    for G in (P.actor_graph(graph), P.claims_graph(graph), P.actor_event_graph(graph)):
        for *_, d in G.edges(data=True):
            assert all(isinstance(v, str | int | float) for v in d.values()), d
        for _, d in G.nodes(data=True):
            assert all(isinstance(v, str | int | float) for v in d.values()), d


def test_filter_by_event_class(graph):
    G = P.actor_graph(graph, kinds=[NKG.Deployment, NKG.ArmsTransfer])
    assert {r for *_, r in G.edges(data="relation")} == {"Deployment", "ArmsTransfer"}
    # a superclass keeps its subclasses
    assert len(P.actor_graph(graph, kinds=[NKG.Event]).edges) == len(P.actor_graph(graph).edges)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        # the undated transfer counts at its article's date (2025-01)
        ("2025", None, {"ArmsTransfer", "MilitaryOperation"}),
        (None, "2024-12", {"Deployment", "MilitaryOperation"}),
        ("2024-08", "2024-08", {"MilitaryOperation"}),  # inside the June-September period
        ("2024-11-30", "2024-11-30", {"Deployment"}),  # "2024-11" covers the whole month
        ("2023", "2023", set()),
    ],
)
def test_filter_by_time_window(graph, since, until, expected):
    G = P.actor_graph(graph, since=since, until=until)
    assert {r for *_, r in G.edges(data="relation")} == expected
    # the undated meeting is left out of every window
    assert "Meeting" not in {r for *_, r in G.edges(data="relation")}


def test_bad_time_window_is_a_value_error(graph):
    with pytest.raises(ValueError, match="after"):
        P.actor_graph(graph, since="2025", until="2024")
    with pytest.raises(ValueError, match="not a date"):
        P.actor_graph(graph, since="last week")


def test_asserted_only_counts_asserted_claims_and_drops_the_rest(graph):
    G = P.actor_graph(graph, asserted_only=True)
    assert G.edges[str(ARMY), str(B), str(DEPLOY)]["claims"] == 2
    assert G.edges[str(ARMY), str(B), str(DEPLOY)]["modalities"] == "Asserted"
    assert "ArmsTransfer" not in {r for *_, r in G.edges(data="relation")}


def test_merge_forces_collapses_an_army_into_its_state(graph):
    G = P.actor_graph(graph, merge_forces=True)
    assert str(ARMY) not in G
    assert G.has_edge(str(A), str(B), key=str(DEPLOY))
    # the army is still a node without the option
    assert str(ARMY) in P.actor_graph(graph)


def test_weighted_graph_one_edge_per_pair_and_relation(graph):
    G = P.actor_graph(graph, merge_forces=True)
    by_events = P.weighted_graph(G)
    by_claims = P.weighted_graph(G, weight="claims")
    assert by_events.edges[str(A), str(B), "Deployment"]["weight"] == 1
    d = by_claims.edges[str(A), str(B), "Deployment"]
    assert (d["weight"], d["events"], d["claims"]) == (3, 1, 3)
    assert d["articles"] == "a1.txt|a2.txt|a3.txt"
    assert (d["first"], d["last"]) == ("2024-11", "2024-11")
    assert set(by_claims.edges(keys=True)) >= {(str(A), str(B), "Meeting")}
    assert by_claims.nodes[str(A)]["label"] == "Alpha"
    with pytest.raises(ValueError):
        P.weighted_graph(G, weight="articles")


# -------------------------------------------------------- other projections
def test_actor_event_graph_is_bipartite_with_roles(graph):
    B_ = P.actor_event_graph(graph)
    actors = {n for n, side in B_.nodes(data="bipartite") if side == 0}
    events = {n for n, side in B_.nodes(data="bipartite") if side == 1}
    assert actors == {str(ARMY), str(A), str(B), str(C)}
    assert str(CASUALTIES) in events  # single-actor events belong here
    assert B_.edges[str(ARMY), str(CASUALTIES)]["role"] == "affected"
    assert B_.edges[str(A), str(SELF)]["role"] == "agent|recipient"
    assert B_.nodes[str(DEPLOY)]["relation"] == "Deployment"
    assert nx.is_bipartite(B_)


def test_claims_graph_links_claimants_to_subjects(graph):
    C_ = P.claims_graph(graph)
    assert set(C_.successors(str(X))) == {str(ARMY), str(B), str(C)}
    d = C_.edges[str(X), str(ARMY), str(ID["claim/d1"])]
    assert (d["relation"], d["role"], d["article"], d["modality"]) == (
        "Deployment",
        "agent",
        "a1.txt",
        "Asserted",
    )
    assert d["quote"] == "quote d1"
    # claims without a claimant: left out, or the article speaks
    assert str(ART2) not in C_
    with_articles = P.claims_graph(graph, article_claimants=True)
    assert with_articles.nodes[str(ART2)] == {"label": "a2.txt", "class": "Article"}
    # merging forces rewrites subjects, never the claimant
    merged = P.claims_graph(graph, merge_forces=True)
    assert set(merged.successors(str(X))) == {str(A), str(B), str(C)}


@pytest.mark.parametrize(
    ("level", "pair", "weight"),
    [
        ("article", (A, B), 2),
        ("article", (ARMY, X), 1),
        ("sentence", (A, B), 2),  # the transfer's and the meeting's sentences
        ("sentence", (ARMY, X), 1),  # two claims quoting the same sentence count once
    ],
)
def test_comention_graph(graph, level, pair, weight):
    M = P.comention_graph(graph, level=level)
    assert M.edges[str(pair[0]), str(pair[1])]["weight"] == weight


def test_comention_filters(graph):
    states = P.comention_graph(graph, classes=[NKG.State])
    assert set(states) == {str(A), str(B), str(C)}
    actors = P.comention_graph(graph, classes=[NKG.Actor])  # subclasses via the ontology
    assert str(ARMY) in actors and str(X) in actors
    recent = P.comention_graph(graph, since="2025")
    assert recent.edges[str(A), str(B)]["articles"] == "a2.txt"
    with pytest.raises(ValueError):
        P.comention_graph(graph, level="paragraph")


# --------------------------------------------------------------- metrics
def test_actor_metrics_table(graph):
    rows = P.actor_metrics(P.actor_graph(graph, merge_forces=True), weight="claims")
    by_label = {r["label"]: r for r in rows}
    assert set(by_label) == {"Alpha", "Bêta", "Gamma"}
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1, abs=1e-3)
    assert by_label["Bêta"]["degree"] == 2
    # into Bêta: deployment (3 claims), transfer (1), meeting from Alpha and Gamma, op from Gamma
    assert by_label["Bêta"]["in_strength"] == 3 + 1 + 1 + 1 + 1
    assert by_label["Alpha"]["out_strength"] == 3 + 1 + 1 + 1
    assert rows[0]["pagerank"] >= rows[-1]["pagerank"]
    assert {"betweenness", "community", "strength", "class"} <= set(rows[0])


def test_communities_cover_every_node(graph):
    G = P.actor_graph(graph)
    for method in ("louvain", "label_propagation"):
        groups = P.communities(G, method=method)
        assert sorted(n for g in groups for n in g) == sorted(G)
    with pytest.raises(ValueError):
        P.communities(G, method="girvan")


def test_metrics_of_an_empty_graph():
    assert P.actor_metrics(nx.MultiDiGraph()) == []


# ------------------------------------------------------------------ tables
def test_claims_table(graph):
    rows = P.claims_table(graph, kinds=[NKG.Deployment])
    assert [r["claim"] for r in rows[:3]] == [str(ID[f"claim/d{i}"]) for i in (1, 2, 3)]
    first = rows[0]
    assert first["subjects"] == "agent Armée d'Alpha; recipient Bêta"
    assert (first["claimant"], first["article"], first["reported"]) == (
        "Porte-parole",
        "a1.txt",
        "2024-11-20",
    )
    assert rows[1]["claimant"] is None
    merged = P.claims_table(graph, kinds=[NKG.Deployment], merge_forces=True)
    assert merged[0]["subjects"] == "agent Alpha; recipient Bêta"


def test_figures_table(graph):
    rows = P.figures_table(graph)
    assert [(r["measure"], r["figure"], r["when"]) for r in rows] == [
        ("Killed", "≥100", "2024-11-20"),
        ("Troops", "3000", "2024-11"),
        ("Troops", "3000", "2024-11"),
        ("Troops", "3000", "2024-11"),
    ]
    assert P.figures_table(graph, measures=[NKG.Killed])[0]["value"] == 100
    assert P.figures_table(graph, subject=A) == []
    assert len(P.figures_table(graph, subject=A, merge_forces=True)) == 4
    assert len(P.figures_table(graph, asserted_only=True, measures=[NKG.Troops])) == 2


# ----------------------------------------------------------------- exports
@pytest.mark.parametrize("ext", ["graphml", "gexf", "json"])
def test_exports_round_trip_and_are_stable(graph, tmp_path, ext):
    G = P.actor_graph(graph)
    path = P.write_graph(G, tmp_path / f"actors.{ext}")
    first = path.read_bytes()
    assert P.write_graph(G, tmp_path / f"actors.{ext}").read_bytes() == first
    if ext == "graphml":
        H = nx.read_graphml(path, force_multigraph=True)
    elif ext == "gexf":
        H = nx.read_gexf(path)
    else:
        H = nx.node_link_graph(json.loads(first), edges="edges")
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    label_key = "label"
    assert {d[label_key] for _, d in H.nodes(data=True)} == {
        "Armée d'Alpha",
        "Alpha",
        "Bêta",
        "Gamma",
    }


def test_export_needs_a_known_extension(graph, tmp_path):
    with pytest.raises(ValueError, match="unknown graph format"):
        P.write_graph(P.actor_graph(graph), tmp_path / "actors.csv")


def test_plain_converts_rdflib_terms():
    G = nx.MultiDiGraph()
    G.add_edge(URIRef("https://example.org/a"), "b", key=URIRef("https://example.org/k"))
    G.add_edge("b", "c", n=Literal(2), d=Literal(Decimal("0.5")), s=Literal("x", lang="fr"))
    H = P.plain(G)
    assert list(H.edges(keys=True)) == [
        ("https://example.org/a", "b", "https://example.org/k"),
        ("b", "c", 0),
    ]
    assert H.edges["b", "c", 0] == {"n": 2, "d": 0.5, "s": "x"}


# ------------------------------------------------------------------- plots
def test_plots_are_written(graph, tmp_path):
    from newskg.projections.plots import plot_actor_network, plot_figures_timeline, save_figure

    net = save_figure(plot_actor_network(P.actor_graph(graph)), tmp_path / "net")
    line = save_figure(plot_figures_timeline(P.figures_table(graph)), tmp_path / "line.png")
    assert [p.name for p in net + line] == ["net.png", "net.svg", "line.png", "line.svg"]
    assert net[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in net[1].read_bytes()[:500]
    again = save_figure(plot_actor_network(P.actor_graph(graph)), tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in net]


def test_plots_of_nothing_do_not_fail(tmp_path):
    from newskg.projections.plots import plot_actor_network, plot_figures_timeline, save_figure

    assert save_figure(plot_actor_network(nx.MultiDiGraph()), tmp_path / "a", formats=["png"])
    assert save_figure(plot_figures_timeline([]), tmp_path / "b", formats=["png"])


# ------------------------------------------------------------------- misc
def test_label_falls_back_to_english_then_the_iri(graph):
    g = Graph()
    g.add((ID.q, RDFS.label, Literal("Only English", lang="en")))
    assert label(g, ID.q, "fr") == "Only English"
    assert label(g, ID.nothing) == "nothing"
    assert label(graph, B, "en") == "Beta"


@pytest.mark.parametrize(
    ("lexical", "first", "last"),
    [("2024", "2024-01-01", "2024-12-31"), ("2024-02", "2024-02-01", "2024-02-29")],
)
def test_partial_dates_cover_their_period(lexical, first, last):
    p = Period.parse(lexical)
    assert (p.first.isoformat(), p.last.isoformat()) == (first, last)


def test_public_surface_is_sorted_and_importable():
    assert P.__all__ == sorted(P.__all__)
    for name in P.__all__:
        assert getattr(P, name)


MODULES = ["_rdf", "actors", "bipartite", "claims", "comention", "examples", "export", "metrics"]


@pytest.mark.parametrize("name", [*MODULES, "plots"])
def test_docstring_examples_run(name):
    """The numpydoc Examples of every projections module are doctests."""
    module = importlib.import_module(f"newskg.projections.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
