"""The provisional-year warning of `compute_deadline`: emitted on every call, worded as before.

A deadline that depends on a year after the latest official announcement is flagged
(``Deadline.provisional``), ends its trace with the provisional step, and warns with
[`ProvisionalDataWarning`][kyluat.errors.ProvisionalDataWarning] on every call that the filters
let through; a strict calendar raises instead. The message texts below are the ones the library
gave before its text was cached per due date: the cache must never change a word or mix dates.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime

import pytest

from kyluat import (
    VIETNAM,
    Duration,
    ProvisionalDataError,
    ProvisionalDataWarning,
    TraceStep,
    compute_deadline,
    default_calendar,
)

FIVE = Duration.working_days(5)


def _message(due: str) -> str:
    return (
        f"the deadline {due} depends on a year after 2026, whose official schedule is not "
        "announced yet: it may change"
    )


PROVISIONAL_STEP = TraceStep(
    "Tạm tính: lịch nghỉ các năm sau 2026 chưa được công bố",
    "Provisional: the schedule of years after 2026 is not announced yet",
    "kyluat, lựa chọn mặc định (tài liệu: How a deadline is computed) — mặc định có thể cấu hình",
)

# (receipt, due date as the message writes it): due in 2027 from 2026, and from 2027.
CASES = [
    (date(2026, 12, 30), "2027-01-07"),
    (date(2027, 3, 2), "2027-03-09"),
    (datetime(2027, 3, 2, 9, 0, tzinfo=VIETNAM), "2027-03-09"),
    (date(2030, 6, 3), "2030-06-10"),
]


def test_each_call_warns_once_with_its_own_due_date() -> None:
    # Alternating dates: a message cached for one due date never answers for another.
    calls = [*CASES, *CASES, CASES[0]]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always", ProvisionalDataWarning)  # what pytest.warns sets
        for received, _ in calls:
            compute_deadline(received, FIVE)
    assert [str(w.message) for w in record] == [_message(due) for _, due in calls]
    assert all(type(w.message) is ProvisionalDataWarning for w in record)
    assert len({id(w.message) for w in record}) == len(calls)  # a new warning every call
    assert {w.filename for w in record} == {__file__}  # attributed to the caller


@pytest.mark.parametrize(("received", "due"), CASES)
def test_trace_and_flag_do_not_depend_on_the_filter(received: date, due: str) -> None:
    with pytest.warns(ProvisionalDataWarning):
        shown = compute_deadline(received, FIVE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        hidden = compute_deadline(received, FIVE)
    assert shown == hidden
    assert shown.provisional
    assert hidden.provisional
    assert shown.due_date.isoformat() == due
    assert shown.trace == hidden.trace
    assert shown.trace[-1] == PROVISIONAL_STEP
    assert [step for step in shown.trace if step == PROVISIONAL_STEP] == [PROVISIONAL_STEP]


def test_an_error_filter_raises_a_new_warning_on_every_call() -> None:
    raised = []
    for _ in range(3):
        with warnings.catch_warnings():
            warnings.simplefilter("error", ProvisionalDataWarning)
            with pytest.raises(ProvisionalDataWarning) as caught:
                compute_deadline(date(2026, 12, 30), FIVE)
        raised.append(caught.value)
    assert [str(w) for w in raised] == [_message("2027-01-07")] * 3
    # A shared instance would carry the tracebacks of every earlier raise.
    assert len({id(w) for w in raised}) == 3


@pytest.mark.parametrize(("received", "due"), CASES)
def test_strict_calendar_raises_with_the_same_message_and_does_not_warn(
    received: date, due: str
) -> None:
    strict = default_calendar().replace(strict=True)
    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # any warning would fail the test
            with pytest.raises(ProvisionalDataError) as caught:
                compute_deadline(received, FIVE, calendar=strict)
        assert caught.value.message == _message(due)
        assert caught.value.field == "received_at"


def test_decided_year_neither_warns_nor_flags() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        deadline = compute_deadline(date(2026, 12, 1), FIVE)
    assert not deadline.provisional
    assert PROVISIONAL_STEP not in deadline.trace
