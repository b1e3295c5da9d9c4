"""Property-test someone else's deadline function against kyluat (``kyluat[testing]``).

[`check_deadline_function`][kyluat.conformance.check_deadline_function] draws receipts and limits
with hypothesis, calls the function under test and kyluat's
[`compute_deadline`][kyluat.compute_deadline] with the same inputs, and on the first difference lets
hypothesis shrink it to the smallest counterexample, then raises a
[`ConformanceError`][kyluat.conformance.ConformanceError] that shows it with kyluat's trace.

Examples:
    A function that forgets the receipt day is not counted fails at once:

    >>> from kyluat import default_calendar
    >>> def naive(received, limit):
    ...     return default_calendar().add_working_days(received, int(limit.amount) - 1)
    >>> check_deadline_function(naive, max_examples=50)
    Traceback (most recent call last):
    ...
    kyluat.conformance.ConformanceError: the function under test gives ... where kyluat gives ...
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyluat.calendar import WorkCalendar
from kyluat.deadline import Deadline, DeadlinePolicy, compute_deadline
from kyluat.duration import Duration, Unit
from kyluat.errors import ProvisionalDataWarning
from kyluat.office_hours import OfficeHours
from kyluat.strategies import dates, durations

__all__ = ["ConformanceError", "check_deadline_function"]


class ConformanceError(AssertionError):
    """The function under test disagrees with kyluat; the message shows the smallest case."""


class _DifferenceError(Exception):
    """Carries one differing case out of the hypothesis run."""

    def __init__(
        self, received: date | datetime, limit: Duration, found: object, expected: Deadline
    ) -> None:
        super().__init__(received, limit)
        self.received = received
        self.limit = limit
        self.found = found
        self.expected = expected


def check_deadline_function(
    fn: Callable[[date | datetime, Duration], date | datetime],
    *,
    receipts: st.SearchStrategy[date] | st.SearchStrategy[datetime] | None = None,
    limits: st.SearchStrategy[Duration] | None = None,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
    compare: str = "due_date",
    max_examples: int = 200,
) -> None:
    """Check that ``fn(received, limit)`` gives kyluat's deadline for every drawn case.

    Args:
        fn: The function under test; it returns the due date (or the due moment with
            ``compare="due_at"``).
        receipts: Receipt dates or moments (default: dates of the decided years).
        limits: Limits (default: whole working days 1–30).
        calendar: Calendar kyluat uses (default: the public sector's).
        office_hours: Office sessions kyluat uses.
        policy: Deadline policy kyluat uses.
        compare: ``"due_date"`` or ``"due_at"``.
        max_examples: How many cases hypothesis tries before giving up looking.

    Raises:
        ConformanceError: A case where the function differs, shrunk to the smallest one, with
            kyluat's trace.
    """
    if compare not in ("due_date", "due_at"):
        raise ValueError("compare must be 'due_date' or 'due_at'")
    receipts = dates() if receipts is None else receipts
    limits = (
        durations(units=(Unit.WORKING_DAYS,), max_working_days=30, quarter_days=False).filter(
            lambda d: d.amount > 0
        )
        if limits is None
        else limits
    )

    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
    )
    @given(receipts, limits)
    def compare_one(received: date | datetime, limit: Duration) -> None:
        with warnings.catch_warnings():  # deadlines in provisional years are compared too
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            expected = compute_deadline(
                received, limit, calendar=calendar, office_hours=office_hours, policy=policy
            )
            found = fn(received, limit)
        if found != getattr(expected, compare):
            raise _DifferenceError(received, limit, found, expected)

    try:
        compare_one()
    except _DifferenceError as diff:
        steps = "\n".join(
            f"  {n}. {s.rule_en} [{s.source}]" for n, s in enumerate(diff.expected.trace, 1)
        )
        wanted = getattr(diff.expected, compare)
        raise ConformanceError(
            f"the function under test gives {diff.found!r} where kyluat gives {wanted!r} "
            f"for received={diff.received!r}, limit={diff.limit}\nkyluat's trace:\n{steps}"
        ) from None
