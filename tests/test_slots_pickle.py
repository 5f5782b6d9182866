"""The model's tuple pickling (``newskg.slots_pickle``) and the merge's day ranges.

The claim spill pickles claims to temporary files and reads them back; what
comes back must equal what went in, whatever the event holds. The merge
compares times as tuples of integers; they must order as the ISO dates did.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskg.extract.merge import _range, _times_compatible
from newskg.model import (
    Claim,
    Event,
    EventKind,
    Measure,
    Modality,
    PartialDate,
    Qualifier,
    Quantity,
    TimeValue,
)
from newskg.rdf.claim_spill import Spilled, SpilledGroup
from newskg.rdf.convert import quote_figures
from newskg.slots_pickle import tuple_state


def _claim() -> Claim:
    event = Event(
        EventKind.DEPLOYMENT,
        (("agent", "north-korea"), ("place", "kursk-oblast"), ("recipient", "russia")),
        (
            Quantity(
                Measure.TROOPS,
                min_value=10_000,
                max_value=12_000,
                qualifier=Qualifier.APPROXIMATELY,
            ),
        ),
        TimeValue(start=PartialDate(2024, 10), end=PartialDate(2024, 11, 4)),
    )
    quote = (
        "Entre 10 000 et 12 000 soldats nord-coréens seraient déployés dans la région de Koursk."
    )
    return Claim(
        event, "art-1", quote, 0, len(quote), "ukraine", Modality.POSSIBLE, 0.6, "déployés"
    )


def test_a_claim_and_its_spill_records_read_back_equal():
    claim = _claim()
    record = Spilled(("art-1", 0, 3), claim, quote_figures(claim.quote))
    group = SpilledGroup(record.order, claim.event, (record, record))
    for value in (claim, claim.event, claim.event.time, claim.event.quantities[0], record, group):
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == value
        assert type(back) is type(value)


def test_the_state_is_the_fields_in_order():
    assert PartialDate(2024, 6).__getstate__() == (2024, 6, None)
    claim = _claim()
    assert claim.__getstate__()[:3] == (claim.event, "art-1", claim.quote)


def test_a_state_of_the_wrong_length_is_refused():
    date = PartialDate(2024)
    with pytest.raises(ValueError):
        date.__setstate__((2024, 6))


def test_only_dataclasses_are_decorated():
    class Plain:
        pass

    with pytest.raises(TypeError, match="not a dataclass"):
        tuple_state(Plain)


@tuple_state
@dataclass(frozen=True, slots=True)
class Pair:
    a: int
    b: str = "x"


@tuple_state
@dataclass(frozen=True)
class Loose:  # no slots: its fields live in the instance's __dict__
    a: int
    b: tuple[int, ...] = ()


def test_a_class_without_slots_reads_back_too():
    loose = pickle.loads(pickle.dumps(Loose(1, (2, 3))))
    assert loose == Loose(1, (2, 3)) and loose.__dict__ == {"a": 1, "b": (2, 3)}
    with pytest.raises(ValueError, match="a state of 2 values, not 3"):
        Loose(1).__setstate__((1, 2, 3))


def test_a_frozen_class_stays_frozen():
    pair = pickle.loads(pickle.dumps(Pair(1)))
    assert pair == Pair(1, "x")
    with pytest.raises(AttributeError):
        pair.a = 2  # type: ignore[misc]


_dates = st.builds(
    lambda y, m, d: PartialDate(y, m, None if m is None else d),
    st.integers(1, 9999),
    st.one_of(st.none(), st.integers(1, 12)),
    st.one_of(st.none(), st.integers(1, 28)),
)
_times = st.one_of(
    st.builds(lambda d: TimeValue(date=d), _dates),
    st.builds(lambda s: TimeValue(start=s), _dates),
    st.builds(lambda e: TimeValue(end=e), _dates),
    st.builds(lambda s, e: TimeValue(start=s, end=e), _dates, _dates),
)


def _iso_range(t: TimeValue) -> tuple[str, str]:
    """The merge's ranges as they were written before: ISO strings, open ends as 0000/9999."""

    def span(d: PartialDate) -> tuple[str, str]:
        lo = d.lexical + ("-01-01" if d.month is None else ("-01" if d.day is None else ""))
        hi = d.lexical + ("-12-31" if d.month is None else ("-31" if d.day is None else ""))
        return lo, hi

    if t.date is not None:
        return span(t.date)
    return (span(t.start)[0] if t.start else "0000", span(t.end)[1] if t.end else "9999")


@given(_times, _times)
def test_day_tuples_order_as_iso_dates(a, b):
    (alo, ahi), (blo, bhi) = _range(a), _range(b)
    (slo, shi), (tlo, thi) = _iso_range(a), _iso_range(b)
    assert (alo <= blo, ahi <= bhi, alo <= bhi, blo <= ahi) == (
        slo <= tlo,
        shi <= thi,
        slo <= thi,
        tlo <= shi,
    )


def test_a_day_lies_within_its_month_not_the_next():
    june = TimeValue(date=PartialDate(2024, 6))
    assert _times_compatible(june, TimeValue(date=PartialDate(2024, 6, 30)))
    assert not _times_compatible(june, TimeValue(date=PartialDate(2024, 7, 1)))
    assert _times_compatible(
        TimeValue(start=PartialDate(2024, 5)), TimeValue(date=PartialDate(2025))
    )
