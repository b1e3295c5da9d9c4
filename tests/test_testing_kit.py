"""The testing kit: strategies, the conformance helper and conformance vectors."""

from __future__ import annotations

import json
import warnings
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyluat import (
    VIETNAM,
    Duration,
    InvalidInputError,
    OfficeHours,
    ProvisionalDataWarning,
    SlaClock,
    WorkCalendar,
    compute_deadline,
    default_calendar,
)
from kyluat import strategies as ks
from kyluat.cli import main
from kyluat.conformance import ConformanceError, check_deadline_function
from kyluat.vectors import generate

CAL = default_calendar()


@given(ks.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)))
def test_dates_stay_in_bounds(day):
    assert date(2025, 1, 1) <= day <= date(2025, 12, 31)


@given(ks.working_days())
def test_working_days_are_working_days(day):
    assert CAL.is_working_day(day)
    assert day.year <= CAL.last_announced_year


@given(ks.moments())
def test_moments_are_aware_and_local(moment):
    assert moment.utcoffset().total_seconds() == 7 * 3600


@given(st.from_type(Duration))
def test_from_type_duration_is_registered(limit):
    assert isinstance(limit, Duration)


@given(ks.published_limits())
def test_published_limits_are_readable(text):
    Duration.parse(text)


@given(ks.office_hours())
def test_office_hours_are_valid(hours):
    assert isinstance(hours, OfficeHours)
    assert hours.seconds_on(date(2026, 3, 3)) > 0


@settings(max_examples=20)
@given(ks.calendars())
def test_calendars_with_overrides(cal):
    assert isinstance(cal, WorkCalendar)
    assert len(cal.overrides) <= 5


@settings(max_examples=30)
@given(ks.clock_events())
def test_clock_event_logs_replay(events):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        clock = SlaClock.replay(events)
    assert clock.outcome is not None


@given(ks.lifecycle_triggers("task"))
def test_lifecycle_trigger_names(triggers):
    assert all(isinstance(t, str) for t in triggers)


@pytest.mark.parametrize(
    "build",
    [
        lambda: ks.dates(min_value=date(2017, 1, 1)),
        lambda: ks.dates(max_value=date(2027, 6, 1)),  # provisional, decided_only by default
        lambda: ks.dates(min_value=date(2026, 2, 1), max_value=date(2026, 1, 1)),
        lambda: ks.working_days(min_value=date(2026, 2, 16), max_value=date(2026, 2, 20)),
        lambda: ks.durations(units=()),
        lambda: ks.durations(max_working_days=-1),
        lambda: ks.office_hours(max_sessions=0),
        lambda: ks.calendars(max_overrides=-1),
        lambda: ks.lifecycle_triggers("contract"),
    ],
)
def test_bounds_are_checked_when_the_strategy_is_built(build):
    with pytest.raises(InvalidInputError):
        build()


def test_conformance_finds_the_holidays_2026_bug():
    import holidays

    vn = holidays.VN(years=range(2018, 2028))

    def with_holidays(received, limit):
        return vn.get_nth_working_day(received, int(limit.amount))

    with pytest.raises(ConformanceError) as err:
        check_deadline_function(
            with_holidays,
            receipts=ks.working_days(min_value=date(2025, 12, 15), max_value=date(2026, 1, 9)),
            max_examples=300,
        )
    message = str(err.value)
    assert "kyluat gives" in message
    assert "trace" in message


def test_conformance_passes_a_correct_function():
    def correct(received, limit):
        return compute_deadline(received, limit).due_date

    check_deadline_function(correct, max_examples=50)


def test_conformance_compares_moments():
    def off_by_an_hour(received, limit):
        return compute_deadline(received, limit).due_at.replace(hour=9)

    with pytest.raises(ConformanceError):
        check_deadline_function(
            off_by_an_hour,
            receipts=ks.moments(min_value=date(2026, 3, 2), max_value=date(2026, 3, 6)),
            limits=st.just(Duration.working_hours(2)),
            compare="due_at",
            max_examples=30,
        )


def test_vectors_are_deterministic_and_complete(tmp_path, capsys):
    a = list(generate(count=200, seed=11))
    b = list(generate(count=200, seed=11))
    assert a == b
    assert a != list(generate(count=200, seed=12))
    units = {case["unit"] for case in a}
    assert {"working_days", "working_hours", "days", "months", "same_day"} <= units
    for case in a:
        assert {"start", "unit", "amount", "due_date", "due_at", "trace"} <= set(case)
        assert case["trace"][0]["source"]
    assert any("policy" in case for case in a)
    assert not all("policy" in case for case in a)


@pytest.mark.filterwarnings("ignore::kyluat.ProvisionalDataWarning")
def test_vectors_agree_with_the_engine():
    for case in generate(count=100, seed=3):
        start = case["start"]
        received = datetime.fromisoformat(start) if "T" in start else date.fromisoformat(start)
        assert (
            compute_deadline(received, case["limit"]).due_date.isoformat() == case["due_date"]
            or "policy" in case
        )


def test_vectors_command_writes_json_lines(tmp_path, capsys):
    out = tmp_path / "vectors.jsonl"
    assert main(["vectors", "--count", "25", "--seed", "9", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 25
    assert json.loads(lines[0]) == next(generate(count=1, seed=9))
    assert "25" in capsys.readouterr().out
    assert main(["vectors", "--count", "-3"]) == 2
    assert VIETNAM.key == "Asia/Ho_Chi_Minh"
