"""The Oxigraph store: layout, exact round trip, transactional replacement, exports, locks."""

from __future__ import annotations

import doctest
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import PROV, RDF

import newskg.sparql.queries
import newskg.store
from newskg.config import DEFAULT_BASE_IRI
from newskg.errors import QueryError, StoreError
from newskg.namespaces import NKG
from newskg.rdf.export import serialize_turtle
from newskg.store import ExportFormat, GraphStore, is_update, lock_output, open_store, partition
from store_helpers import assemble, edited, results


def _explain(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    return f"only in the first:\n{only_a.serialize()}\nonly in the second:\n{only_b.serialize()}"


@pytest.fixture
def graph() -> Graph:
    return assemble(results())


@pytest.fixture
def store(tmp_path, graph):
    with GraphStore(tmp_path / "store") as s:
        s.replace(graph)
        yield s


def test_the_store_gives_back_exactly_what_the_build_assembled(store, graph):
    back = store.graph(DEFAULT_BASE_IRI)
    assert isomorphic(back, graph), _explain(back, graph)
    # Oxigraph folds xsd:nonNegativeInteger into xsd:integer; reading restores it.
    assert serialize_turtle(back) == serialize_turtle(graph)
    exported = Graph().parse(
        data=store.export(ExportFormat.TURTLE, base=DEFAULT_BASE_IRI), format="turtle"
    )
    assert isomorphic(exported, graph), _explain(exported, graph)  # datatypes restored too


def test_each_article_has_its_own_named_graph_with_its_claims(store, graph):
    articles = set(graph.subjects(RDF.type, NKG.Article))
    names = {URIRef(g.value) for g in store.oxigraph.named_graphs()}
    assert names == articles
    for q in store.oxigraph:
        s = URIRef(q.subject.value)
        if isinstance(q.graph_name, ox.DefaultGraph):
            assert s not in articles
            if (s, RDF.type, NKG.Claim) in graph:
                assert q.predicate.value == str(PROV.wasGeneratedBy)
        else:
            home = URIRef(q.graph_name.value)
            assert s == home or (s, PROV.wasDerivedFrom, home) in graph


def test_partition_keeps_every_triple_once(graph):
    quads = list(partition(graph))
    assert len(quads) == len(graph) == len(set(quads))


def test_replacing_with_the_same_graph_writes_nothing(store, graph):
    assert not store.replace(graph).changed


def test_a_change_of_timestamps_alone_is_not_written(store):
    later = assemble(results(), started="2026-02-01T00:00:00")
    assert not store.replace(later).changed
    started = store.oxigraph.query(
        "SELECT ?t WHERE { ?a <http://www.w3.org/ns/prov#startedAtTime> ?t }"
    )
    assert [s["t"].value for s in started] == ["2026-01-01T00:00:00Z"]


def test_a_changed_article_replaces_its_own_graph_only(store):
    a, b = results()
    before = {g: set(store.oxigraph.quads_for_pattern(None, None, None, g)) for g in _graphs(store)}
    a2 = edited(a, a.article.text + " Rien de neuf.")
    update = store.replace(assemble([a2, b]))
    assert update.changed
    after = {g: set(store.oxigraph.quads_for_pattern(None, None, None, g)) for g in _graphs(store)}
    article_b = ox.NamedNode(str(newskg.store._to_ox(URIRef(_article_iri(b)))).strip("<>"))
    assert after[article_b] == before[article_b]
    article_a = next(g for g in after if g != article_b)
    assert after[article_a] != before[article_a]
    assert len(store) == len(assemble([a2, b]))


def test_entities_and_events_without_claims_disappear(store):
    a, _ = results()
    store.replace(assemble([a]))
    iris = {q.subject.value for q in store.oxigraph} | {
        q.object.value for q in store.oxigraph if isinstance(q.object, ox.NamedNode)
    }
    assert not any(i.endswith("entity/volodymyr-zelensky") for i in iris)
    assert not any(i.endswith("entity/unite-x") for i in iris)
    assert len(list(store.oxigraph.named_graphs())) == 1
    assert isomorphic(store.graph(DEFAULT_BASE_IRI), assemble([a]))


def test_a_failed_update_changes_nothing(store, graph):
    before = set(store.oxigraph)
    with pytest.raises(QueryError):
        store.update("INSERT DATA { <http://a> <http://b> <http://c> } ; DELETE WHERE { ?s ")
    assert set(store.oxigraph) == before


def test_the_store_persists_and_reopens_read_only(tmp_path, graph):
    with GraphStore(tmp_path / "s") as s:
        s.replace(graph)
    with GraphStore(tmp_path / "s", read_only=True) as s:
        assert len(s) == len(graph)
        with pytest.raises(QueryError):
            s.update("INSERT DATA { <http://a> <http://b> <http://c> }")


def test_a_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no graph store"):
        GraphStore(tmp_path / "nothing", read_only=True)
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_exports_are_deterministic_and_complete(store, graph, fmt):
    data = store.export(fmt, base=DEFAULT_BASE_IRI)
    assert data == store.export(fmt, base=DEFAULT_BASE_IRI)
    ox_format = {
        ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
        ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
        ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
        ExportFormat.TRIG: ox.RdfFormat.TRIG,
        ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
    }[fmt]
    quads = list(ox.parse(data, format=ox_format))
    assert len(set(quads)) == len(quads) == len(graph)
    named = {URIRef(q.graph_name.value) for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    if fmt in (ExportFormat.NQUADS, ExportFormat.TRIG, ExportFormat.JSONLD):
        assert named == set(graph.subjects(RDF.type, NKG.Article))
    else:
        assert not named
    if fmt is ExportFormat.JSONLD:
        json.loads(data)


def test_queries_see_every_graph_and_updates_are_refused(store):
    rows = store.query("SELECT ?claim WHERE { ?claim a <https://w3id.org/newskg/ontology#Claim> }")
    assert len(list(rows)) == 3
    with pytest.raises(QueryError, match="update"):
        store.query("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="invalid SPARQL"):
        store.query("SELECT WHERE")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("ASK {}", False),
        ("PREFIX ex: <http://e/#> BASE <http://b/> # DELETE\nCONSTRUCT WHERE { ?s ?p ?o }", False),
        ("prefix ex: <http://e/#>\ninsert data { ex:a ex:b ex:c }", True),
        ("# comment\nDELETE WHERE { ?s ?p ?o }", True),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
        ("CLEAR ALL", True),
        ("LOAD <http://example.com/x.ttl>", True),
    ],
)
def test_is_update_reads_the_first_keyword_after_the_prologue(text, expected):
    assert is_update(text) is expected


def test_a_writer_and_a_reader_exclude_each_other(tmp_path):
    with (
        lock_output(tmp_path, exclusive=False),
        lock_output(tmp_path, exclusive=False),
        pytest.raises(StoreError, match="try again"),
        lock_output(tmp_path, exclusive=True),
    ):
        pass
    with (
        lock_output(tmp_path, exclusive=True),
        pytest.raises(StoreError, match="being built"),
        open_store(tmp_path / "store", lock_dir=tmp_path),
    ):
        pass


def test_doctests():
    for module in (newskg.store, newskg.sparql.queries):
        assert doctest.testmod(module).failed == 0


def _graphs(store: GraphStore) -> list:
    return [*store.oxigraph.named_graphs(), ox.DefaultGraph()]


def _article_iri(result) -> str:
    from newskg.rdf.iris import IriMinter

    return str(IriMinter(DEFAULT_BASE_IRI).article(result.article.identifier))


def test_the_shared_pieces_are_the_same_whatever_their_size():
    """Cutting the events and entities into small pieces loses and repeats nothing."""
    from newskg.rdf.convert import GraphAssembler
    from store_helpers import _kb

    def union(chunk: int) -> list:
        assembler = GraphAssembler(DEFAULT_BASE_IRI, _kb())
        for r in results():
            assembler.add(r)
        return sorted(t for _, part in assembler.shared_graphs(chunk=chunk) for t in part)

    small, whole = union(3), union(1_000_000)
    assert len(whole) > 20
    assert small == whole


def test_the_shared_quads_floor_is_a_lower_bound_met_by_a_bare_claim():
    """Every merged claim gives at least CLAIM_TRIPLES triples (one more with the activity);
    a claim with none of its optional fields gives exactly that many."""
    from datetime import datetime

    from newskg.model import Claim, Event, EventKind
    from newskg.rdf.convert import CLAIM_TRIPLES, BuildActivity, GraphAssembler, Triples
    from store_helpers import _kb

    activity = BuildActivity("d" * 64, datetime(2026, 1, 1), datetime(2026, 1, 1), "0", "m", "1")
    assembler = GraphAssembler(DEFAULT_BASE_IRI, _kb())
    for r in results():
        assembler.add(r)
    floor = assembler.shared_quads_floor(activity)
    made = sum(len(part) for _, part in assembler.shared_graphs(activity))
    assert assembler._merged is None  # the merged claims are not held once the pieces are made
    assert floor == 3 * (CLAIM_TRIPLES + 1)  # the sample's three claims, none merged
    assert floor < made
    assert assembler.shared_quads_floor() == 3 * CLAIM_TRIPLES

    bare = Claim(Event(EventKind.MEETING, ()), "a.txt", "Ils se sont vus.", 0, 16)
    g = Triples()
    assembler._claim(g, bare)
    assert len(g) == CLAIM_TRIPLES


def test_the_floor_follows_articles_added_after_it():
    """The merge behind the floor is made again when an article is added after it."""
    from newskg.rdf.convert import CLAIM_TRIPLES, GraphAssembler
    from store_helpers import _kb

    first, second = results()
    assembler = GraphAssembler(DEFAULT_BASE_IRI, _kb())
    assembler.add(first)
    assert assembler.shared_quads_floor() == 2 * CLAIM_TRIPLES
    assembler.add(second)
    assert assembler.shared_quads_floor() == 3 * CLAIM_TRIPLES


def test_the_added_floor_is_a_lower_bound_known_without_a_merge():
    """As articles are added: a mention per entity, CLAIM_TRIPLES per span and claimant;
    no merge is made for it, and the graph made at the end holds at least that many."""
    from dataclasses import replace

    from newskg.rdf.convert import CLAIM_TRIPLES, GraphAssembler
    from store_helpers import _kb

    first, second = results()
    assembler = GraphAssembler(DEFAULT_BASE_IRI, _kb())
    assert assembler.added_quads_floor == 0
    assembler.add(first)
    assert assembler.added_quads_floor == 4 + 2 * CLAIM_TRIPLES  # 4 entities, 2 claims
    # the same claim said twice (same span and claimant, another event) counts once
    again = replace(first.claims[1], event=first.claims[0].event)
    assembler.add(replace(second, claims=(*second.claims, replace(again, article="b.txt"))))
    third = replace(second, article=replace(second.article, identifier="c.txt"), claims=())
    assembler.add(third)  # no claim: only its mentions
    assert assembler._merged is None
    floor = assembler.added_quads_floor
    assert floor == (4 + 2 * CLAIM_TRIPLES) + (3 + 2 * CLAIM_TRIPLES) + 3
    made = sum(len(part) for _, part in assembler.shared_graphs())
    assert floor <= made


def test_the_added_floor_counts_a_repeated_span_once():
    from dataclasses import replace

    from newskg.rdf.convert import CLAIM_TRIPLES, GraphAssembler
    from store_helpers import _kb

    first, _ = results()
    twice = replace(first, claims=(first.claims[0], replace(first.claims[0], confidence=0.5)))
    assembler = GraphAssembler(DEFAULT_BASE_IRI, _kb())
    assembler.add(twice)
    assert assembler.added_quads_floor == 4 + CLAIM_TRIPLES
    assert assembler.added_quads_floor <= sum(len(p) for _, p in assembler.shared_graphs())
