"""Claims filed on disk by merge block (newskg.rdf.claim_spill): merged file by file, they give
the events and the graph one merge of all the claims in memory gives."""

from __future__ import annotations

import subprocess
import sys
import zlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF

from newskg.config import DEFAULT_BASE_IRI
from newskg.extract.merge import EntityEquivalence, merge_block, merge_claims, merged_groups
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
    Modality,
    PartialDate,
    Qualifier,
    Quantity,
    TimeValue,
)
from newskg.namespaces import NKG
from newskg.rdf.claim_spill import ClaimSpill
from newskg.rdf.convert import BuildActivity, GraphAssembler

_EQUIV = EntityEquivalence(KnowledgeBase.load(), {})
_JAN = TimeValue(date=PartialDate(2025, 1, 6))


def _claim(article: str, quote: str, kind: EventKind, roles: dict[str, str], **kw) -> Claim:
    event = Event(
        kind,
        tuple(sorted(roles.items())),
        tuple(kw.pop("quantities", ())),
        kw.pop("time", None),
    )
    return Claim(event, article, quote, 0, len(quote), **kw)


def _troops(n: int, qualifier: Qualifier = Qualifier.EXACT) -> Quantity:
    return Quantity(Measure.TROOPS, value=n, qualifier=qualifier)


def _corpus() -> dict[str, list[Claim]]:
    """Reports of several blocks, some of which merge across articles, in three articles."""
    deploy = {"agent": "north-korea", "recipient": "russia"}
    return {
        "c.txt": [
            _claim(
                "c.txt",
                "Pyongyang a envoyé 12 000 soldats en Russie le 6 janvier.",
                EventKind.DEPLOYMENT,
                deploy,
                quantities=[_troops(12000)],
                time=_JAN,
                claimant="south-korea",
            ),
            _claim(
                "c.txt",
                "Le président français a rencontré le chancelier allemand.",
                EventKind.MEETING,
                {"participant": "france"},
            ),
            _claim(
                "c.txt",
                "Moscou dément la présence de 12 000 soldats nord-coréens le 6 janvier.",
                EventKind.DEPLOYMENT,
                deploy,
                quantities=[_troops(12000)],
                time=_JAN,
                modality=Modality.DENIED,
                claimant="russia",
            ),
        ],
        "a.txt": [
            _claim(
                "a.txt",
                "Environ 12 000 soldats nord-coréens sont arrivés en Russie le 6 janvier.",
                EventKind.DEPLOYMENT,
                deploy,
                quantities=[_troops(12000, Qualifier.APPROXIMATELY)],
                time=_JAN,
            ),
        ],
        "b.txt": [
            _claim(
                "b.txt",
                "La Corée du Nord a déployé 12 000 hommes en Russie le 6 janvier.",
                EventKind.DEPLOYMENT,
                deploy,
                quantities=[_troops(12000)],
                time=_JAN,
            ),
            _claim(
                "b.txt",
                "Selon Séoul, 3 000 soldats ont été tués.",
                EventKind.CASUALTIES,
                {"affected": "north-korea"},
                quantities=[Quantity(Measure.KILLED, value=3000)],
                claimant="south-korea",
            ),
        ],
    }


def test_the_merge_block_is_shared_by_reports_that_may_merge_and_differs_otherwise():
    a = _corpus()["a.txt"][0]
    c, _, b = _corpus()["c.txt"]
    assert merge_block(a) == merge_block(c)  # same class, modality, roles and figures
    assert merge_block(a) != merge_block(b)  # denied: never merged with an asserted report
    other_figure = replace(c, event=replace(c.event, quantities=(_troops(11000),)))
    assert merge_block(other_figure) != merge_block(c)
    reordered = replace(c, event=replace(c.event, roles=tuple(reversed(c.event.roles))))
    assert merge_block(reordered) == merge_block(c)
    assert "0x" not in merge_block(c)  # no object address: the same text in every process


def test_merge_claims_is_merged_groups_flattened():
    claims = [c for _, cs in sorted(_corpus().items()) for c in cs]
    groups = merged_groups(claims, _EQUIV, within_article=False)
    flat = merge_claims(claims, _EQUIV, within_article=False)
    assert flat == [replace(m, event=ev) for ev, members in groups for m in members]
    assert len(groups) < len(claims)  # the three asserted deployments are one event


def _flat(spill: ClaimSpill) -> list[tuple]:
    merged = spill.merge(_EQUIV, _EQUIV.names)
    try:
        return sorted(
            (m.order, replace(m.claim, event=g.event), g.first)
            for groups in merged.buckets()
            for g in groups
            for m in g.members
        )
    finally:
        merged.close()


def _spill(buckets: int, corpus: dict[str, list[Claim]]) -> ClaimSpill:
    spill = ClaimSpill(buckets)
    for name, claims in corpus.items():  # in the order they come, not sorted
        spill.add(name, claims, lambda c: None)
    return spill


def test_the_spill_merges_as_one_merge_of_the_sorted_claims_whatever_the_files():
    corpus = _corpus()
    in_order = [c for _, cs in sorted(corpus.items()) for c in cs]
    expected = sorted(
        (c.article, c.quote, c.event) for c in merge_claims(in_order, _EQUIV, within_article=False)
    )
    for buckets in (1, 2, 3, 32):
        got = _flat(_spill(buckets, corpus))
        assert sorted((c.article, c.quote, c.event) for _, c, _ in got) == expected
    one = _flat(_spill(1, corpus))
    merged_deployment = [c for _, c, _ in one if c.event.kind is EventKind.DEPLOYMENT]
    assert len({c.event for c in merged_deployment if c.modality is Modality.ASSERTED}) == 1


def test_the_spill_can_be_merged_again_after_more_articles():
    corpus = _corpus()
    spill = ClaimSpill(3)
    spill.add("c.txt", corpus["c.txt"], lambda c: None)
    first = _flat(spill)
    assert len(first) == 3
    spill.add("a.txt", corpus["a.txt"], lambda c: None)
    spill.add("b.txt", corpus["b.txt"], lambda c: None)
    assert _flat(spill) == _flat(_spill(3, corpus))
    assert spill.claims == 6
    spill.close()


def _results() -> list[ArticleResult]:
    out = []
    for name, claims in _corpus().items():
        text = " ".join(c.quote for c in claims)
        article = Article(name, text, text, name, name, title=name)
        keys = sorted({k for c in claims for _, k in c.event.roles} | {"south-korea"})
        refs = tuple(EntityRef(k, EntityKind.STATE, k, names=(k,), in_kb=True) for k in keys)
        out.append(ArticleResult(article, entities=refs, claims=tuple(claims)))
    return out


def _graph(buckets: int):
    assembler = GraphAssembler(DEFAULT_BASE_IRI, KnowledgeBase.load(), claim_files=buckets)
    for r in _results():
        assembler.add(r)
    activity = BuildActivity("d" * 64, datetime(2026, 1, 1), datetime(2026, 1, 1), "0", "m", "1")
    return assembler.graph(activity), assembler.counts


def test_the_graph_does_not_depend_on_how_the_claims_are_filed():
    """The same triples and counts with one file as with several."""
    one, counts = _graph(1)
    for buckets in (2, 3, 32):
        many, other = _graph(buckets)
        assert to_isomorphic(many) == to_isomorphic(one)
        assert other == counts
    assert counts == {"claims": 6, "events": 3, "entities": 4}  # one IRI for two blocks


def test_an_event_iri_of_two_blocks_is_written_as_the_last_report_in_one_merge_gives_it():
    """A denial of 12,000 troops (in the last article) has the event IRI of the asserted
    deployment of about 12,000 (the qualifier is not in the key) but another merge
    block: the event is written as the last claim asserting it in one merge of the
    corpus (articles by identifier, then groups as they opened) has it, even when
    the two blocks are merged from different files."""
    asserted = _corpus()["a.txt"][0]
    denied = _corpus()["c.txt"][2]
    sizes = [
        n
        for n in (2, 3, 32)
        if len({zlib.crc32(merge_block(c).encode()) % n for c in (asserted, denied)}) == 2
    ]
    assert sizes  # the two blocks are in different files for some of the sizes tested
    claims = [c for _, cs in sorted(_corpus().items()) for c in cs]
    last: dict[str, Event] = {}
    merged = merge_claims(claims, _EQUIV, within_article=False)
    for article in sorted({c.article for c in merged}):
        for c in merged:
            if c.article == article:
                last[c.event.key] = c.event
    expected = last[asserted.event.key].quantities[0].qualifier
    assert expected is Qualifier.EXACT  # the denial's, not the first report's
    for buckets in (1, *sizes):
        graph, _ = _graph(buckets)
        written = {
            str(q).rsplit("#", 1)[-1]
            for s in graph.subjects(RDF.type, NKG.Quantity)
            if (s, NKG.measure, NKG.Troops) in graph
            for q in graph.objects(s, NKG.qualifier)
        }
        assert written == {expected.value}


def _buckets(spill: ClaimSpill, **kw) -> tuple[list, int]:
    merged = spill.merge(_EQUIV, _EQUIV.names, **kw)
    try:
        return list(merged.buckets()), merged.claims
    finally:
        merged.close()


def test_a_helper_process_merges_some_files_to_the_same_groups_in_the_same_order(caplog):
    for buckets in (3, 32):
        spill = _spill(buckets, _corpus())
        alone = _buckets(spill, helper=False)
        shared = _buckets(spill, helper=True)
        assert shared == alone
        assert "helper" not in caplog.text  # it ran, and nothing was merged here instead
        assert len(alone[0]) == len([f for f in spill._files if f is not None])
        spill.close()


def test_the_files_go_larger_first_to_whichever_process_has_less():
    from newskg.rdf.claim_spill import _shares

    assert _shares([10, 1, 5, 5]) == ([0, 1], [2, 3])
    assert _shares([3]) == ([0], [])
    mine, theirs = _shares([7, 7, 7, 7, 7, 7])
    assert len(mine) == len(theirs) == 3


def test_a_helper_that_fails_leaves_its_files_to_this_process(monkeypatch, caplog):
    spill = _spill(32, _corpus())
    alone = _buckets(spill, helper=False)
    # the helper's interpreter finds no such module: it exits with an error
    monkeypatch.setattr("newskg.rdf.claim_spill._HELPER_MODULE", "newskg.rdf.no_such_module")
    assert _buckets(spill, helper=True) == alone
    assert "helper failed" in caplog.text
    spill.close()


def test_the_helper_runs_as_a_module_not_as_a_child_of_the_callers_script(tmp_path):
    """A script without a __main__ guard that merges is not run again by the helper."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_claim_spill import _EQUIV, _buckets, _corpus, _spill\n"
        "print('RUN', flush=True)\n"
        "spill = _spill(32, _corpus())\n"
        "assert _buckets(spill, helper=True) == _buckets(spill, helper=False)\n"
        "print('SAME', flush=True)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["RUN", "SAME"]


def test_an_error_while_this_process_merges_ends_the_helper(monkeypatch):
    import newskg.rdf.claim_spill as cs

    started = []
    real_start = cs._start_helper

    def start(*args, **kwargs):
        run = real_start(*args, **kwargs)
        started.append(run)
        return run

    def broken(*args, **kwargs):
        raise RuntimeError("the merge failed here")

    monkeypatch.setattr(cs, "_start_helper", start)
    monkeypatch.setattr(cs, "_merged", broken)
    spill = _spill(32, _corpus())
    try:
        spill.merge(_EQUIV, _EQUIV.names, helper=True)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the error was not raised")
    assert started and started[0] is not None
    assert started[0]._process.poll() is not None  # ended, not left running
    spill.close()


def test_the_merged_claims_assert_their_group_s_event_pickled_once_per_group():
    """Read back, every member of a group asserts the group's event, the very object (one
    copy in the pickle per group, not one report's event per claim), alone or with the
    merge's helper."""
    for helper in (False, True):
        buckets, kept = _buckets(_spill(2, _corpus()), helper=helper)
        members = [(g, m) for groups in buckets for g in groups for m in g.members]
        assert len(members) == kept == 6
        assert all(m.claim.event is g.event for g, m in members)
    merged_deployments = [
        g for groups in buckets for g in groups if g.event.kind is EventKind.DEPLOYMENT
    ]
    assert any(len(g.members) > 1 for g in merged_deployments)  # reports of other events
