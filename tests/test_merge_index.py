"""The across-article merge's index gives the same merges as comparing every report of a block.

``merge_claims(..., names=...)`` compares a report only with the groups that
share a name in each role and a year (or are both undated); the rule it
applies is unchanged, so on any set of reports the result must be the one
of the plain scan (``names=None``). Hypothesis draws the reports from small
alphabets so that many of them do merge: armed forces and their states,
points, periods, wide periods, undated reports with and without figures.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.extract.merge import EntityEquivalence, merge_claims
from newskg.model import Claim, Event, EventKind, Measure, PartialDate, Quantity, TimeValue


class _NoKb:
    """A knowledge base that knows nothing: affiliations come from the articles."""

    def get(self, key: str) -> None:
        return None


# an army and a navy of each state: the same as their state, not as each other
_AFFILIATIONS = {"army-a": "a", "navy-a": "a", "army-b": "b"}
_EQUIV = EntityEquivalence(_NoKb(), _AFFILIATIONS)  # type: ignore[arg-type]
_ENTITIES = ["a", "b", "c", "army-a", "navy-a", "army-b"]

_dates = st.builds(
    PartialDate,
    st.sampled_from([2023, 2024, 2025]),
    st.one_of(st.none(), st.integers(1, 12)),
)


def _time(kind: str, d1: PartialDate, d2: PartialDate) -> TimeValue | None:
    if kind == "none":
        return None
    if kind == "point":
        return TimeValue(date=d1)
    if kind == "since":
        return TimeValue(start=d1)  # open: a wide time
    lo, hi = sorted([d1, d2], key=lambda d: (d.year, d.month or 0))
    return TimeValue(start=lo, end=hi)


_times = st.builds(_time, st.sampled_from(["none", "point", "since", "period"]), _dates, _dates)
_roles = st.lists(
    st.tuples(st.sampled_from(["agent", "recipient"]), st.sampled_from(_ENTITIES)),
    max_size=3,
).map(lambda rs: tuple(sorted(set(rs))))
_quantities = st.sampled_from(
    [(), (Quantity(Measure.TROOPS, value=100),), (Quantity(Measure.TROOPS, value=200),)]
)
_events = st.builds(
    Event, st.sampled_from([EventKind.DEPLOYMENT, EventKind.MEETING]), _roles, _quantities, _times
)


def _signature(claims: list[Claim]) -> list[tuple]:
    return [(c.article, c.start, c.event) for c in claims]


@settings(max_examples=300, deadline=None)
@given(st.lists(_events, max_size=25))
def test_the_index_merges_as_the_scan_does(events: list[Event]) -> None:
    claims = [Claim(ev, f"art-{i % 7}", "q", i, i + 1) for i, ev in enumerate(events)]
    indexed = merge_claims(claims, _EQUIV, within_article=False, names=_EQUIV.names)
    scanned = merge_claims(claims, _EQUIV, within_article=False)
    assert _signature(indexed) == _signature(scanned)


def test_an_army_and_its_state_share_a_name_but_two_services_do_not_merge() -> None:
    assert set(_EQUIV.names("army-a")) & set(_EQUIV.names("a"))
    assert _EQUIV("army-a", "a") and not _EQUIV("army-a", "navy-a")
    when = TimeValue(date=PartialDate(2024, 5, 2))
    army = Event(EventKind.DEPLOYMENT, (("agent", "army-a"),), (), when)
    state = Event(EventKind.DEPLOYMENT, (("agent", "a"),), (), when)
    out = merge_claims(
        [Claim(army, "x", "q", 0, 1), Claim(state, "y", "q", 0, 1)],
        _EQUIV,
        within_article=False,
        names=_EQUIV.names,
    )
    assert len({c.event for c in out}) == 1


def test_undated_reports_without_figures_are_never_compared_across_articles() -> None:
    ev = Event(EventKind.MEETING, (("participant", "a"), ("participant", "b")))
    out = merge_claims(
        [Claim(ev, "x", "q", 0, 1), Claim(ev, "y", "q", 0, 1)],
        _EQUIV,
        within_article=False,
        names=_EQUIV.names,
    )
    assert len(out) == 2 and all(c.event == ev for c in out)


def _joins_across_in_writing_order(gev: Event, ev: Event) -> bool:
    """The strict rule across articles as merged_groups first wrote it, test by test."""
    from newskg.extract import merge as m

    return (
        m._roles_compatible(gev, ev, _EQUIV, across=True)
        and m._figures_join(gev, ev)
        and m._role_names(gev) == m._role_names(ev)
        and m._quantities_compatible(gev, ev, union=False)
        and m._times_compatible(gev.time, ev.time)
        and m._same_across_articles(gev, ev)
    )


@settings(max_examples=500, deadline=None)
@given(_events, _events)
def test_the_cheap_tests_first_decide_as_the_tests_in_writing_order(gev: Event, ev: Event):
    from newskg.extract.merge import _joins_across

    assert _joins_across(gev, ev, _EQUIV) == _joins_across_in_writing_order(gev, ev)


@settings(max_examples=200, deadline=None)
@given(st.lists(_events, max_size=20))
def test_each_report_joins_the_first_group_the_rule_admits(events: list[Event]) -> None:
    """A plain greedy scan with the rule in writing order gives the merge's groups."""
    claims = [Claim(ev, f"art-{i % 7}", "q", i, i + 1) for i, ev in enumerate(events)]
    groups: list[tuple[Event, list[int]]] = []
    for i, c in enumerate(claims):
        for g, (gev, members) in enumerate(groups):
            first = claims[members[0]]
            if (
                gev.kind is c.event.kind
                and first.modality is c.modality
                and _joins_across_in_writing_order(gev, c.event)
            ):
                from newskg.extract.merge import _merge_events

                groups[g] = (_merge_events(gev, c.event), [*members, i])
                break
        else:
            groups.append((c.event, [i]))
    merged = merge_claims(claims, _EQUIV, within_article=False)
    expected = [(claims[i].article, claims[i].start, gev) for gev, ms in groups for i in ms]
    assert _signature(merged) == expected
