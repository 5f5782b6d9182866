"""Every named query on the sample corpus: the expected rows, and the same rows in rdflib.

The store answers through ``newskg query --name NAME --format json``; the
same query text then runs in rdflib over ``graph.ttl``, and both engines
must return the same rows (the benchmark compares their speed, so they must
agree on the answers).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL
from typer.testing import CliRunner

from newskg.cli import app
from newskg.sparql import named_queries

pytestmark = [pytest.mark.model, pytest.mark.e2e]

ID = "https://w3id.org/newskg/id/entity/"
NORTH_KOREA = ID + "north-korea"
JCS = "comité des chefs d'état-major interarmées"
NIS = "Service national du renseignement"
ZELENSKY = "Volodymyr Zelensky"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def graph(sample_build) -> Graph:
    out, _ = sample_build
    return Graph().parse(out / "graph.ttl")


def rows(sample_build, name: str, *bind: str) -> list[dict[str, str]]:
    out, _ = sample_build
    args = ["query", "--name", name, "-o", str(out), "--format", "json"]
    for b in bind:
        args += ["--bind", b]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.mark.parametrize("query", named_queries(), ids=lambda q: q.name)
def test_the_store_and_rdflib_give_the_same_rows(sample_build, graph, query):
    from_store = rows(sample_build, query.name)
    assert from_store, f"{query.name} returns no row on the sample corpus"
    result = graph.query(query.text)
    names = [str(v) for v in result.vars]
    from_rdflib = [
        {n: str(v) for n, v in zip(names, row, strict=True) if v is not None} for row in result
    ]
    key = lambda r: tuple(sorted(r.items()))  # noqa: E731
    assert Counter(map(key, from_store)) == Counter(map(key, from_rdflib))


def test_weapon_transfers(sample_build):
    found = rows(sample_build, "weapon-transfers")
    triples = {(r.get("supplier"), r.get("weapon"), r.get("recipient")) for r in found}
    assert ("Corée du Nord", "M1978 Koksan", "Russie") in triples
    # the JCS gives 220 for the guns and rocket launchers together, not 220 of each
    assert any(r.get("unitsAllWeapons") == "220" and r.get("claimantName") == JCS for r in found)
    assert not any("units" in r and "unitsAllWeapons" in r for r in found)
    assert {r["modality"] for r in found} <= {"Asserted", "Planned", "Possible", "Denied"}
    assert {r["article"] for r in found} <= {p.name for p in CORPUS.iterdir()}


def test_troop_deployments_over_time(sample_build):
    found = rows(sample_build, "troop-deployments")
    figures = {
        (r.get("sender"), r.get("destination"), r.get("troops")) for r in found if "troops" in r
    }
    assert ("Corée du Nord", "Russie", "11000") in figures
    assert ("Corée du Nord", "Russie", "3000") in figures
    dated = [r["when"] for r in found if "when" in r]
    assert dated and dated == sorted(dated)
    assert all("when" not in r for r in found[: len(found) - len(dated)])  # undated first


def test_casualty_estimates_by_claimant(sample_build):
    found = rows(sample_build, "casualty-estimates-by-claimant")
    by = {(r["claimantName"], r["measure"]): r for r in found}

    def spans(claimant: str, measure: str, figure: int) -> bool:
        r = by.get((claimant, measure))
        return r is not None and int(r["lowest"]) <= figure <= int(r["highest"])

    assert spans(JCS, "KilledOrWounded", 1100)
    assert spans(NIS, "Killed", 300)
    assert spans(ZELENSKY, "KilledOrWounded", 4000)
    assert all(int(r["estimates"]) >= 1 for r in found)


def test_conflicting_figures(sample_build):
    found = rows(sample_build, "conflicting-figures")
    assert all(int(r["lowFigure"]) < int(r["highFigure"]) for r in found)
    pairs = {
        (r["kind"], r["measure"], r["lowFigure"], r.get("lowClaimant"), r["highFigure"])
        for r in found
    }
    assert ("Casualties", "KilledOrWounded", "1100", JCS, "4000") in pairs
    assert any(r.get("lowClaimant") == JCS and r.get("highClaimant") == ZELENSKY for r in found)
    assert {r["relation"] for r in found} <= {"revision", "disagreement", "undated"}
    # the JCS's own later figure (December 2024, then March 2025) revises the earlier one
    assert any(
        r["relation"] == "revision"
        and r["lowClaimant"] == r.get("highClaimant") == JCS
        and (r["lowFigure"], r["highFigure"]) == ("1100", "4000")
        for r in found
    )


def test_events_per_actor(sample_build):
    found = rows(sample_build, "events-per-actor")
    agents = {r["actor"]: int(r["events"]) for r in found if r["role"] == "agent"}
    assert max(agents, key=agents.get) == NORTH_KOREA
    assert agents[NORTH_KOREA] >= 4
    assert any(r["actor"] == ID + "russia" and r["role"] == "recipient" for r in found)
    counts = [int(r["events"]) for r in found]
    assert counts == sorted(counts, reverse=True)


def test_actor_timeline(sample_build):
    everyone = rows(sample_build, "actor-timeline")
    assert len({r["actor"] for r in everyone}) >= 3
    found = rows(sample_build, "actor-timeline", "actor=id:entity/north-korea")
    assert found and {r["actor"] for r in found} == {NORTH_KOREA}
    assert [r["when"] for r in found] == sorted(r["when"] for r in found)
    assert "Deployment" in {r["kind"] for r in found}
    assert [r for r in everyone if r["actor"] == NORTH_KOREA] == found


def test_claims_per_source(sample_build):
    _, report = sample_build
    found = rows(sample_build, "claims-per-source")
    assert {r["article"] for r in found} == {p.name for p in CORPUS.glob("*.txt")}
    assert sum(int(r["claims"]) for r in found) == report.claims
    assert any(r["claimantName"] == JCS for r in found)
    assert any(r["claimantName"] == "(unattributed)" for r in found)


def test_treaties_with_parties_and_milestones(sample_build):
    found = rows(sample_build, "treaties")
    treaty = ID + "russia-dprk-treaty"
    parties = {r["party"] for r in found if r["treaty"] == treaty and "party" in r}
    assert parties == {"Corée du Nord", "Russie"}
    milestones = {(r["milestone"], r.get("when")) for r in found if "milestone" in r}
    assert ("TreatySigning", "2024-06") in milestones
    assert {m for m, _ in milestones} <= {
        "TreatySigning",
        "TreatyRatification",
        "TreatyEntryIntoForce",
    }


def test_entities_without_wikidata(sample_build, graph):
    found = rows(sample_build, "entities-without-wikidata")
    assert found
    for r in found:
        assert graph.value(URIRef(r["entity"]), OWL.sameAs) is None, r
    assert NORTH_KOREA not in {r["entity"] for r in found}


def test_articles_per_entity(sample_build):
    found = {r["entity"]: int(r["articles"]) for r in rows(sample_build, "articles-per-entity")}
    assert found[NORTH_KOREA] == 5
    assert found[ID + "russia"] == 5
    assert all(1 <= n <= 5 for n in found.values())


def test_estimate_history(sample_build):
    found = rows(
        sample_build,
        "estimate-history",
        "side=id:entity/north-korea",
        "measure=KilledOrWounded",
    )
    assert {r["sideName"] for r in found} == {"Corée du Nord"}
    assert {r["measured"] for r in found} == {"KilledOrWounded"}
    assert {"1100", "4000"} <= {r["value"] for r in found}
    dated = [r["when"] for r in found if "when" in r]
    assert dated == sorted(dated) and found[: len(dated)] == [r for r in found if "when" in r]


def test_casualty_estimates_for_one_state(sample_build):
    everything = rows(sample_build, "casualty-estimates")
    north_korea = rows(sample_build, "casualty-estimates", "affectedState=id:entity/north-korea")
    values = {r.get("value") for r in north_korea}
    assert {"1100", "300", "4000"} <= values
    assert {r["affectedState"] for r in north_korea} == {NORTH_KOREA}
    strip = lambda r: {k: v for k, v in r.items() if k != "affectedState"}  # noqa: E731
    assert all(strip(r) in everything for r in north_korea)
    assert rows(sample_build, "casualty-estimates", "affectedState=id:entity/ukraine") == []
