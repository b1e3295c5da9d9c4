"""Invariants of working-day arithmetic, over decided and provisional years alike."""

from __future__ import annotations

import warnings
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from kyluat import DayKind, Override, default_calendar

CAL = default_calendar()
# Stay clear of the coverage edges so that results of moderate additions stay inside the data.
DATES = st.dates(min_value=date(2018, 6, 1), max_value=date(2030, 6, 1))
AMOUNTS = st.integers(min_value=-40, max_value=40)
POSITIVE = st.integers(min_value=1, max_value=40)


def _quiet(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args)


def _walk(d: date, n: int) -> date:
    """Reference: step day by day, counting working days (the start is not counted)."""
    step = timedelta(days=1 if n >= 0 else -1)
    if n == 0:
        while not _quiet(CAL.is_working_day, d):
            d += step
        return d
    remaining = abs(n)
    while remaining:
        d += step
        if _quiet(CAL.is_working_day, d):
            remaining -= 1
    return d


@given(DATES, AMOUNTS)
def test_result_is_a_working_day(d, n):
    result = _quiet(CAL.add_working_days, d, n)
    assert _quiet(CAL.is_working_day, result)


@given(DATES, AMOUNTS)
def test_index_agrees_with_walking_day_by_day(d, n):
    assert _quiet(CAL.add_working_days, d, n) == _walk(d, n)


@given(DATES, POSITIVE, POSITIVE)
def test_adding_a_then_b_is_adding_a_plus_b(d, a, b):
    assert _quiet(CAL.add_working_days, _quiet(CAL.add_working_days, d, a), b) == _quiet(
        CAL.add_working_days, d, a + b
    )
    assert _quiet(CAL.add_working_days, _quiet(CAL.add_working_days, d, -a), -b) == _quiet(
        CAL.add_working_days, d, -a - b
    )


@given(DATES, AMOUNTS)
def test_adding_n_then_minus_n_returns_to_a_working_start(d, n):
    assume(_quiet(CAL.is_working_day, d))
    there = _quiet(CAL.add_working_days, d, n)
    assert _quiet(CAL.add_working_days, there, -n) == d


@given(DATES, AMOUNTS)
def test_counts_and_additions_agree(d, n):
    assume(n != 0)
    result = _quiet(CAL.add_working_days, d, n)
    if n > 0 or _quiet(CAL.is_working_day, d):
        assert _quiet(CAL.working_days_between, d, result) == n


@given(DATES, DATES, DATES)
def test_counts_add_up(a, b, c):
    between = CAL.working_days_between
    assert _quiet(between, a, b) + _quiet(between, b, c) == _quiet(between, a, c)


@given(DATES, st.integers(min_value=0, max_value=200))
def test_count_equals_iteration(start, span):
    end = start + timedelta(days=span)
    days = _quiet(lambda: list(CAL.working_days(start + timedelta(days=1), end)))
    assert len(days) == _quiet(CAL.working_days_between, start, end)


@given(DATES, POSITIVE)
def test_additions_are_monotonic(d, n):
    assert _quiet(CAL.add_working_days, d, n) > d
    assert _quiet(CAL.add_working_days, d, -n) < d
    later = d + timedelta(days=1)
    assert _quiet(CAL.add_working_days, later, n) >= _quiet(CAL.add_working_days, d, n)


@given(
    st.lists(
        st.tuples(DATES, st.booleans()),
        min_size=1,
        max_size=5,
        unique_by=lambda t: t[0],
    ),
    DATES,
)
def test_overrides_only_change_the_days_they_name(decided, probe):
    overrides = [
        Override(d, working=w, name_vi="Quyết định", name_en="Decision", source="Số 1/QĐ-UBND")
        for d, w in decided
    ]
    cal = CAL.with_overrides(*overrides)
    named = {o.date: o for o in overrides}
    for d in (probe, *named):
        if d in named:
            assert _quiet(cal.is_working_day, d) is named[d].working
            kinds = [r.kind for r in cal.day_info(d).reasons]
            assert kinds[-1] in (DayKind.AGENCY_CLOSURE, DayKind.EXTRA_WORKING_DAY)
        else:
            assert _quiet(cal.is_working_day, d) == _quiet(CAL.is_working_day, d)
            assert cal.day_info(d) == CAL.day_info(d)
