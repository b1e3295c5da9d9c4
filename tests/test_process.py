"""Internal process budgets and the control slip (LAW.md §4, §9.10)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kyluat import (
    VIETNAM,
    Duration,
    Handover,
    InvalidInputError,
    Outcome,
    Process,
    ProcessBudgetError,
    Step,
)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


STEPS = [
    Step("Tiếp nhận hồ sơ", "Bộ phận một cửa", Duration.working_days("0.5")),
    Step("Thẩm định", "Phòng chuyên môn", Duration.working_days("1.5")),
    Step("Phê duyệt", "Lãnh đạo Sở", Duration.working_days(1)),
    Step("Trả kết quả", "Bộ phận một cửa", Duration.working_days(0)),
]


def test_steps_over_the_published_limit_are_an_error_listing_each_step():
    with pytest.raises(ProcessBudgetError) as err:
        Process("Cấp phép", Duration.working_days("2.5"), STEPS)
    message = str(err.value)
    assert err.value.code == "process_over_limit"
    for step in STEPS:
        assert step.name in message
        assert step.responsible in message
    assert "3 working days" in message


def test_steps_within_the_limit():
    process = Process("Cấp phép", Duration.working_days(3), STEPS)
    assert process.steps == tuple(STEPS)


def test_control_slip_deadlines_outcomes_and_carried_slip():
    process = Process("Cấp phép", Duration.working_days(3), STEPS)
    results = process.track(
        at(2026, 3, 3, 8, 0),
        [
            Handover("Bộ phận một cửa", "Phòng chuyên môn", at(2026, 3, 3, 14, 0)),
            Handover("Phòng chuyên môn", "Lãnh đạo Sở", at(2026, 3, 5, 10, 0)),
            Handover("Lãnh đạo Sở", "Bộ phận một cửa", at(2026, 3, 6, 9, 0)),
            Handover("Bộ phận một cửa", "Công dân", at(2026, 3, 6, 9, 30)),
        ],
    )
    first, second, third, last = results
    # Step 1: 4 h from Tue 08:00 -> 12:00; handed over 14:00 the same day: on time, 1 h late.
    assert first.due_at == at(2026, 3, 3, 12, 0)
    assert first.outcome is Outcome.ON_TIME
    assert first.slip == timedelta(hours=1)
    # Step 2 starts 14:00 with 1 h carried; 12 h -> Tue 14:00-16:30 (2.5), Wed (8), Thu 1.5 h
    # -> Thu 09:00; handed over Thu 10:00: on time (same day), 1 h late.
    assert second.carried_slip == timedelta(hours=1)
    assert second.due_at == at(2026, 3, 5, 9, 0)
    assert second.outcome is Outcome.ON_TIME
    # Step 3: 8 h from Thu 10:00 -> Fri 10:00; done Fri 09:00: on time, 1 h ahead.
    assert third.due_at == at(2026, 3, 6, 10, 0)
    assert third.slip == timedelta(hours=-1)
    # Step 4: zero budget from Fri 09:00; returned 09:30 the same day.
    assert last.due_at == at(2026, 3, 6, 9, 0)
    assert last.outcome is Outcome.ON_TIME
    assert last.planned_due_at == at(2026, 3, 6, 8, 0)  # Tue 08:00 + 24 working hours


def test_a_step_finished_the_next_day_is_late_and_open_steps_are_listed():
    process = Process("Cấp phép", Duration.working_days(3), STEPS)
    results = process.track(
        at(2026, 3, 3, 8, 0),
        [Handover("Bộ phận một cửa", "Phòng chuyên môn", at(2026, 3, 4, 8, 0))],
    )
    assert [r.outcome for r in results] == [Outcome.LATE, None]
    assert results[1].finished_at is None


def test_bad_control_slips():
    process = Process("Cấp phép", Duration.working_days(3), STEPS)
    with pytest.raises(InvalidInputError):
        process.track(
            at(2026, 3, 3, 8, 0),
            [
                Handover("A", "B", at(2026, 3, 3, 14, 0)),
                Handover("B", "C", at(2026, 3, 3, 13, 0)),
            ],
        )
    with pytest.raises(InvalidInputError):
        Handover("A", "B", datetime(2026, 3, 3, 14, 0))
    with pytest.raises(InvalidInputError):
        process.track(at(2026, 3, 3, 8, 0), [Handover("A", "B", at(2026, 3, 3, 9, 0))] * 5)
    with pytest.raises(InvalidInputError):
        Step("", "Bộ phận", Duration.working_days(1))
    with pytest.raises(InvalidInputError):
        Step("Bước", "Bộ phận", Duration.days(1))
