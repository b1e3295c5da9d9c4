"""Invariants of the deadline engine (decided years, default policy and office hours)."""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from kyluat import VIETNAM, Duration, ProvisionalDataWarning, compute_deadline, default_calendar

CAL = default_calendar()
DAYS = st.dates(min_value=date(2018, 7, 1), max_value=date(2026, 6, 30))
MOMENTS = st.builds(
    lambda d, s: datetime(d.year, d.month, d.day, tzinfo=VIETNAM) + timedelta(seconds=s),
    DAYS,
    st.integers(min_value=0, max_value=86399),
)
WHOLE_DAYS = st.integers(min_value=0, max_value=60)
QUARTER_DAYS = st.integers(min_value=0, max_value=80).map(lambda q: Duration.working_days(q / 4))
HOURS = st.integers(min_value=0, max_value=120)  # in half hours
PERIODS = st.one_of(
    st.integers(0, 60).map(Duration.days),
    st.integers(0, 12).map(Duration.weeks),
    st.integers(0, 24).map(Duration.months),
    st.integers(0, 3).map(Duration.years),
)


@given(MOMENTS, WHOLE_DAYS)
def test_working_day_deadlines_fall_on_working_days(received, n):
    deadline = compute_deadline(received, Duration.working_days(n))
    assert CAL.is_working_day(deadline.due_date)
    assert deadline.due_at.date() == deadline.due_date


@given(MOMENTS, QUARTER_DAYS, QUARTER_DAYS)
def test_more_working_time_never_moves_the_deadline_earlier(received, a, b):
    small, large = sorted((a, b), key=lambda d: d.amount)
    assert compute_deadline(received, small).due_at <= compute_deadline(received, large).due_at


@given(MOMENTS, st.integers(min_value=0, max_value=5 * 86400), QUARTER_DAYS)
def test_a_later_receipt_never_moves_the_deadline_earlier(received, delay, limit):
    later = received + timedelta(seconds=delay)
    assert compute_deadline(received, limit).due_at <= compute_deadline(later, limit).due_at


@given(MOMENTS, HOURS, HOURS)
def test_hours_are_additive_across_sessions_and_days(received, a, b):
    assume(a > 0 and b > 0)  # a zero limit ends where counting starts (the next session)
    first = compute_deadline(received, Duration.working_hours(a / 2))
    both = compute_deadline(received, Duration.working_hours((a + b) / 2))
    then = compute_deadline(first.due_at, Duration.working_hours(b / 2))
    assert then.due_at == both.due_at


@given(DAYS, st.integers(min_value=1, max_value=28799), st.integers(min_value=1, max_value=40))
def test_n_working_days_and_8n_hours_agree_on_an_8_hour_schedule(day, offset, n):
    # Received strictly inside a working day (after the 07:30 opening, before the 16:30 close):
    # N working days end on the N-th working day after it, and so do 8N working hours.
    assume(CAL.is_working_day(day))
    start = datetime(day.year, day.month, day.day, 7, 30, tzinfo=VIETNAM)
    moment = start + timedelta(seconds=offset + (3600 if offset > 4.5 * 3600 else 0))
    assume(moment.hour < 16 or (moment.hour == 16 and moment.minute < 30))
    days = compute_deadline(moment, Duration.working_days(n))
    hours = compute_deadline(moment, Duration.working_hours(8 * n))
    assert days.due_date == hours.due_date


@given(MOMENTS, PERIODS)
def test_calendar_periods_end_on_working_days_after_the_event(received, limit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        deadline = compute_deadline(received, limit)
        assert CAL.is_working_day(deadline.due_date)
    assert deadline.due_date >= received.date()


@given(MOMENTS, st.one_of(QUARTER_DAYS, HOURS.map(lambda h: Duration.working_hours(h / 2))))
def test_the_trace_always_names_a_source(received, limit):
    trace = compute_deadline(received, limit).trace
    assert len(trace) >= 2
    for step in trace:
        assert step.source.strip()
        assert step.rule_vi.strip()
        assert step.rule_en.strip()
