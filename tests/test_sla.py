"""SLA clocks against LAW.md §4 (supplement example, outcomes, apology and re-appointment)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kyluat import (
    VIETNAM,
    ClockStatus,
    DataError,
    Duration,
    InvalidInputError,
    KyluatError,
    Outcome,
    SlaClock,
)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


# LAW.md §4: received Tue 03/03/2026, limit 10 working days (due Tue 17/03); supplement
# requested Fri 06/03 after 3 days used; supplied Wed 11/03. Pause-and-resume: Fri 20/03/2026;
# restart: Wed 25/03/2026.
RECEIVED = date(2026, 3, 3)
CLOCK = SlaClock.start(RECEIVED, Duration.working_days(10))
PAUSED = CLOCK.pause(date(2026, 3, 6), reason="supplement_request")
RESUMED = PAUSED.resume(date(2026, 3, 11))
RESTARTED = PAUSED.restart(date(2026, 3, 11), reason="hồ sơ nộp lại")


def test_supplement_example_pause_and_resume():
    assert CLOCK.due_date == date(2026, 3, 17)
    assert RESUMED.due_date == date(2026, 3, 20)
    assert RESUMED.due_at == at(2026, 3, 20, 16, 30)
    assert RESUMED.original_due_at == at(2026, 3, 17, 16, 30)


def test_supplement_example_restart():
    assert RESTARTED.due_date == date(2026, 3, 25)


def test_supplement_example_with_moments():
    # The same events at office-hour moments: the request at 16:00 on Friday counts Friday,
    # the supplement at 09:00 on Wednesday leaves Wednesday uncounted.
    clock = SlaClock.start(at(2026, 3, 3, 9, 0), "10 ngày làm việc")
    clock = clock.pause(at(2026, 3, 6, 16, 0), reason="supplement_request")
    assert clock.resume(at(2026, 3, 11, 9, 0)).due_date == date(2026, 3, 20)
    assert clock.restart(at(2026, 3, 11, 9, 0), reason="nộp lại").due_date == date(2026, 3, 25)


def test_hour_clock_excludes_the_paused_office_time_exactly():
    clock = SlaClock.start(at(2026, 3, 6, 15, 0), Duration.working_hours(4))
    assert clock.due_at == at(2026, 3, 9, 10, 0)  # LAW.md §4 hour example
    resumed = clock.pause(at(2026, 3, 6, 16, 0), reason="financial_obligation").resume(
        at(2026, 3, 9, 9, 0)
    )
    # 1 h used on Friday; 3 h left from Monday 09:00.
    assert resumed.due_at == at(2026, 3, 9, 12, 0)
    assert resumed.elapsed(at(2026, 3, 9, 10, 0)) == timedelta(hours=2)
    assert resumed.remaining(at(2026, 3, 9, 10, 0)) == timedelta(hours=2)


def test_paused_time_is_not_counted_and_the_due_date_is_suspended():
    assert PAUSED.paused
    assert PAUSED.due_at is None
    assert PAUSED.due_date is None
    frozen = PAUSED.elapsed(at(2026, 3, 9, 10, 0))
    assert frozen == timedelta(hours=24)  # Wed, Thu, Fri
    assert PAUSED.elapsed(at(2026, 3, 10, 15, 0)) == frozen
    assert PAUSED.remaining(at(2026, 3, 10, 15, 0)) == timedelta(hours=56)


def test_never_overdue_while_paused():
    long_pause = CLOCK.pause(date(2026, 3, 16), reason="supplement_request")
    assert long_pause.status(at(2026, 4, 30, 9, 0)) is ClockStatus.WITHIN
    assert CLOCK.status(at(2026, 3, 17, 16, 45)) is ClockStatus.WITHIN  # still the due day
    assert CLOCK.status(at(2026, 3, 18, 8, 0)) is ClockStatus.OVERDUE


@pytest.mark.parametrize(
    ("finished", "outcome"),
    [
        (date(2026, 3, 19), Outcome.EARLY),
        (date(2026, 3, 20), Outcome.ON_TIME),
        (at(2026, 3, 20, 17, 30), Outcome.ON_TIME),  # the day decides, not the minute (§9.8)
        (date(2026, 3, 23), Outcome.LATE),
    ],
)
def test_outcomes_on_the_deadline_day_and_either_side(finished, outcome):
    stopped = RESUMED.stop(finished)
    assert stopped.outcome is outcome
    assert RESUMED.outcome is None


def test_reappointed_dossier_still_counts_late():
    slip = RESUMED.reappoint(
        date(2026, 3, 27), reason="cần xác minh thực địa", at=date(2026, 3, 18)
    )
    assert slip.reappointment is not None
    assert slip.reappointment.new_due == date(2026, 3, 27)
    assert slip.reappointment.findings == ()
    assert slip.due_date == date(2026, 3, 20)  # the deadline for statistics does not move
    assert slip.stop(date(2026, 3, 26)).outcome is Outcome.LATE


def test_reappointment_rules_are_reported_or_enforced():
    late_slip = RESUMED.reappoint(date(2026, 3, 27), reason="x", at=date(2026, 3, 20))
    assert late_slip.reappointment is not None
    assert any("one working day" in f for f in late_slip.reappointment.findings)
    with pytest.raises(InvalidInputError):
        RESUMED.reappoint(date(2026, 3, 27), reason="x", at=date(2026, 3, 20), enforce=True)
    twice = RESUMED.reappoint(date(2026, 3, 27), reason="x", at=date(2026, 3, 16)).reappoint(
        date(2026, 3, 30), reason="y", at=date(2026, 3, 17)
    )
    assert twice.reappointment is not None
    assert any("only once" in f for f in twice.reappointment.findings)
    with pytest.raises(InvalidInputError) as err:
        RESUMED.reappoint(date(2026, 3, 19), reason="x", at=date(2026, 3, 16))
    assert err.value.field == "new_due"


def test_extensions_need_approval():
    extended = RESUMED.extend(by="2 ngày làm việc", approved_by="Giám đốc Sở", reference="CV 12")
    assert extended.due_date == date(2026, 3, 24)
    assert RESUMED.extend(
        to=date(2026, 3, 31), approved_by="Giám đốc Sở", reference="CV 12"
    ).due_date == date(2026, 3, 31)
    for bad in (
        {"by": "2 working days", "approved_by": "", "reference": "CV"},
        {"by": "2 working days", "approved_by": "GĐ", "reference": " "},
        {"approved_by": "GĐ", "reference": "CV"},
        {"by": "1 working day", "to": date(2026, 4, 1), "approved_by": "GĐ", "reference": "CV"},
        {"to": date(2026, 3, 19), "approved_by": "GĐ", "reference": "CV"},
        {"by": "4 working hours", "approved_by": "GĐ", "reference": "CV"},
    ):
        with pytest.raises(InvalidInputError):
            RESUMED.extend(**bad)


@pytest.mark.parametrize(
    "event",
    [
        lambda c: c.resume(date(2026, 3, 12)),  # resume without pause
        lambda c: c.pause(date(2026, 3, 1), reason="other", note="x"),  # out of order
        lambda c: c.pause(date(2026, 3, 12), reason="holiday"),  # unknown reason
        lambda c: c.pause(date(2026, 3, 12), reason="force_majeure"),  # no approver
        lambda c: c.pause(date(2026, 3, 12), reason="other"),  # no note
        lambda c: c.pause(datetime(2026, 3, 12, 9, 0), reason="other", note="x"),  # naive
        lambda c: c.restart(date(2026, 3, 12), reason=""),
        lambda c: c.stop(date(2026, 3, 19)).pause(date(2026, 3, 20), reason="stopped"),
        lambda c: c.stop(date(2026, 3, 19)).stop(date(2026, 3, 20)),
    ],
)
def test_invalid_events_raise_and_change_nothing(event):
    before = RESUMED.events
    with pytest.raises(KyluatError):
        event(RESUMED)
    assert RESUMED.events == before
    assert RESUMED.due_date == date(2026, 3, 20)


def test_pause_while_paused_is_refused():
    with pytest.raises(InvalidInputError):
        PAUSED.pause(date(2026, 3, 9), reason="supplement_request")


def test_force_majeure_is_a_recorded_act():
    clock = CLOCK.pause(
        date(2026, 3, 9),
        reason="force_majeure",
        approved_by="Chủ tịch UBND tỉnh",
        reference="Công điện 3/CĐ-UBND",
    )
    assert clock.events[-1].approved_by == "Chủ tịch UBND tỉnh"


def test_json_round_trip_replays_to_the_same_clock():
    clock = RESUMED.extend(by="1 working day", approved_by="GĐ", reference="CV 1").reappoint(
        date(2026, 3, 30), reason="x", at=date(2026, 3, 16)
    )
    text = clock.to_json()
    again = SlaClock.from_json(text)
    assert again == clock
    assert again.due_at == clock.due_at
    assert again.reappointment == clock.reappointment
    assert SlaClock.replay(clock.events) == clock


def test_malformed_logs_are_data_errors():
    with pytest.raises(DataError):
        SlaClock.from_json("[]")
    with pytest.raises(DataError) as err:
        SlaClock.from_json('[{"kind": "start", "at": "2026-03-03T09:00:00", "limit": "1 day"}]')
    assert "events" in (err.value.field or "")
    with pytest.raises(DataError):
        SlaClock.from_json('[{"kind": "explode", "at": "2026-03-03"}]')


def test_zero_limits_are_not_clocks():
    with pytest.raises(InvalidInputError):
        SlaClock.start(RECEIVED, Duration.working_days(0))
    with pytest.raises(InvalidInputError):
        SlaClock.start(RECEIVED, Duration.days(0))


def test_calendar_day_clock_pauses_by_calendar_days():
    # LAW.md §1: event Mon 10/03/2025 + 5 days -> last day Sat 15/03 -> Mon 17/03 (148(5)).
    clock = SlaClock.start(date(2025, 3, 10), Duration.days(5))
    assert clock.due_date == date(2025, 3, 17)
    assert clock.counts_in_days
    # Paused on Tue 11/03 (counted), resumed Fri 14/03 (not counted): 3 calendar days
    # (12, 13, 14) are added to the last day: Sat 15/03 -> Tue 18/03, a working day.
    resumed = clock.pause(date(2025, 3, 11), reason="supplement_request").resume(date(2025, 3, 14))
    assert resumed.due_date == date(2025, 3, 18)
    # Paused 11/03, resumed 12/03: one day -> last day Sun 16/03 -> rolls to Mon 17/03.
    short = clock.pause(date(2025, 3, 11), reason="supplement_request").resume(date(2025, 3, 12))
    assert short.due_date == date(2025, 3, 17)
    assert resumed.stop(date(2025, 3, 18)).outcome is Outcome.ON_TIME


def test_calendar_day_clock_extensions_and_restart():
    clock = SlaClock.start(date(2025, 1, 31), Duration.months(1))
    assert clock.due_date == date(2025, 2, 28)  # LAW.md §1: the month has no 31st
    assert clock.extend(by="5 ngày", approved_by="GĐ", reference="CV").due_date == date(2025, 3, 5)
    with pytest.raises(InvalidInputError):
        clock.extend(by="2 working days", approved_by="GĐ", reference="CV")
    restarted = clock.pause(date(2025, 2, 10), reason="supplement_request").restart(
        date(2025, 2, 14), reason="nộp lại"
    )
    assert restarted.due_date == date(2025, 3, 14)  # 14/02 + 1 month


def test_hour_clock_needs_moments():
    clock = SlaClock.start(at(2026, 3, 6, 15, 0), Duration.working_hours(4))
    with pytest.raises(InvalidInputError):
        clock.pause(date(2026, 3, 9), reason="supplement_request")


def test_stop_while_paused_is_early_or_on_time():
    assert PAUSED.stop(date(2026, 4, 20)).outcome is Outcome.EARLY


def test_clocks_are_immutable():
    with pytest.raises(AttributeError):
        CLOCK._due = 3  # type: ignore[misc]
