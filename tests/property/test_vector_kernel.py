"""The NumPy deadline rules (`kyluat._vector`) give `compute_deadline`'s due day, or stand aside.

For random receipts (days across the calendar's whole data and beyond it, dates alone and
moments at every second, the sessions' edges and the cut-offs), every limit kind and the
policies: where the kernel says it knows the due day, it is the one `compute_deadline` gives,
with the same provisional flag; where `compute_deadline` refuses, the kernel never claims to know.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kyluat import Duration, KyluatError, compute_deadline, default_calendar
from kyluat._moments import VIETNAM
from kyluat._vector import due_days, index_arrays
from kyluat._worktime import cached_index
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import ProvisionalDataWarning
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours

LIMITS = [
    "0 working days",
    "1 working day",
    "3 working days",
    "15 working days",
    "400 working days",
    "0.5 working days",
    "1 working hour",
    "4 working hours",
    "8 working hours",
    "12.5 working hours",
    "same day",
    "24 hours",
    "36 hours",
    "0 days",
    "1 day",
    "30 days",
    "2 weeks",
    "1 month",
    "6 months",
    "1 year",
]
H = 3600
EDGES = [
    0,
    7 * H,
    7 * H + 1800,
    8 * H,
    10 * H,
    11 * H,
    11 * H + 1800,
    12 * H,
    13 * H,
    13 * H + 1800,
    15 * H,
    15 * H + 1,
    16 * H + 1800,
    16 * H + 1801,
    16 * H + 2700,
    17 * H,
    86399,
]  # the sessions' and the cut-offs' edges

policies = st.builds(
    DeadlinePolicy,
    count_receipt_day=st.booleans(),
    cutoff=st.one_of(st.none(), st.sampled_from([time(15, 0), time(11, 30), time(16, 45)])),
    same_day_cutoff=st.sampled_from([time(15, 0), time(10, 0)]),
    end_of_day=st.sampled_from(["office", "midnight"]),
    defer_after_hours=st.booleans(),
)
office_hours = st.sampled_from(
    [None, OfficeHours.parse("08:00-12:00,13:30-17:00"), OfficeHours.parse("07:00-11:00")]
)


@settings(max_examples=60, deadline=None)
@given(
    policies,
    office_hours,
    st.booleans(),
    st.lists(
        st.tuples(
            st.integers(-3, 2_000),
            st.one_of(
                st.just(-1), st.sampled_from(EDGES), st.sampled_from(EDGES), st.integers(0, 86_399)
            ),
        ),
        min_size=1,
        max_size=40,
    ),
    st.data(),
)
def test_the_kernel_knows_only_what_compute_deadline_says(policy, hours, strict, receipts, data):
    calendar = default_calendar().replace(strict=True) if strict else default_calendar()
    index = cached_index(calendar, hours or DEFAULT_OFFICE_HOURS)
    arrays = index_arrays(index)
    shift = data.draw(st.sampled_from([0, arrays.days - 1_000]))  # the data's start or end
    # ... and every edge of every day of a fortnight, somewhere in the data
    grid = data.draw(st.integers(0, arrays.days - 14))
    receipts = [(day + shift, second) for day, second in receipts] + [
        (grid + day, second) for day in range(14) for second in [-1, *EDGES]
    ]
    days = np.array([day for day, _ in receipts], dtype=np.int64)
    seconds = np.array([second for _, second in receipts], dtype=np.int64)
    for limit in LIMITS:
        _compare(calendar, hours, policy, Duration.parse(limit), arrays, days, seconds, strict)


def _compare(calendar, hours, policy, duration, arrays, days, seconds, strict):
    limit = str(duration)
    due, known, provisional = due_days(arrays, days, seconds, duration, policy, strict=strict)
    for i, second, d, k, p in zip(days, seconds, due, known, provisional, strict=True):
        try:
            day = date.fromordinal(arrays.first_ordinal + int(i))
        except ValueError:
            assert not k
            continue
        if second < 0:
            received: date | datetime = day
        else:
            clock = time(int(second) // 3600, int(second) % 3600 // 60, int(second) % 60)
            received = datetime.combine(day, clock, VIETNAM)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ProvisionalDataWarning)
                deadline = compute_deadline(
                    received, duration, calendar=calendar, office_hours=hours, policy=policy
                )
        except KyluatError:
            assert not k, (received, limit)
            continue
        if k:
            assert (int(d), bool(p)) == (
                deadline.due_date.toordinal() - arrays.first_ordinal,
                deadline.provisional,
            ), (received, limit, policy)


def test_the_kernel_knows_the_usual_receipts():
    """Standing aside is allowed only for what the kernel does not do: not for the usual."""
    arrays = index_arrays(cached_index(default_calendar(), DEFAULT_OFFICE_HOURS))
    day = date(2026, 3, 3).toordinal() - arrays.first_ordinal
    days = np.array([day, day, day + 4], dtype=np.int64)
    seconds = np.array([-1, 9 * 3600, 16 * 3600], dtype=np.int64)
    for limit in ["5 working days", "8 working hours", "same day", "30 days", "1 month"]:
        due, known, _ = due_days(
            arrays, days, seconds, Duration.parse(limit), DeadlinePolicy(cutoff=time(15, 0))
        )
        expected = [False, True, True] if limit in ("8 working hours", "same day") else [True] * 3
        assert known.tolist() == expected, limit
    due, _, _ = due_days(
        arrays, days[1:2], seconds[1:2], Duration.parse("5 working days"), DeadlinePolicy()
    )
    assert date.fromordinal(arrays.first_ordinal + int(due[0])) == date(2026, 3, 10)
