"""The model objects: partial dates, quantities, event keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskg.model import Event, EventKind, Measure, PartialDate, Quantity, TimeValue


@given(st.dates(), st.sampled_from(["day", "month", "year"]))
def test_partial_date_lexical_round_trips(d, precision):
    pd = PartialDate(
        d.year, d.month if precision != "year" else None, d.day if precision == "day" else None
    )
    assert pd.precision == precision
    assert PartialDate.parse(pd.lexical) == pd


@pytest.mark.parametrize("bad", ["2024-13", "2024-02-30", "24-01", "2024/01", "", "2024-1"])
def test_partial_date_rejects_malformed(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


def test_quantity_needs_a_figure_and_a_sane_range():
    with pytest.raises(ValueError):
        Quantity(Measure.TROOPS)
    with pytest.raises(ValueError):
        Quantity(Measure.TROOPS, min_value=10, max_value=5)
    with pytest.raises(ValueError):
        Quantity(Measure.KILLED, value=-1)


def test_event_key_ignores_role_order_and_counts_figures_and_time():
    a = Event(EventKind.DEPLOYMENT, (("agent", "x"), ("recipient", "y")))
    b = Event(EventKind.DEPLOYMENT, (("recipient", "y"), ("agent", "x")))
    assert a.key == b.key
    c = Event(a.kind, a.roles, (Quantity(Measure.TROOPS, value=3000),))
    assert c.key != a.key
    d = Event(a.kind, a.roles, (), TimeValue(date=PartialDate(2025, 1)))
    assert d.key != a.key


def test_time_value_is_a_point_or_a_period():
    with pytest.raises(ValueError):
        TimeValue()
    with pytest.raises(ValueError):
        TimeValue(date=PartialDate(2024), start=PartialDate(2023))
