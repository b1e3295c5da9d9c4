"""`kyluat.batch.due_dates` gives `compute_deadline`'s due day for arrays of every limit kind.

Random receipts (dates alone and moments to the second, across the official years and the
provisional one), one limit for all or one per receipt, published texts with a cut-off among
them: every due day equals the one `compute_deadline` gives; a receipt outside the data raises
with its row named.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyluat import CoverageError, compute_deadline
from kyluat._moments import VIETNAM
from kyluat.batch import due_dates
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import ProvisionalDataWarning

LIMITS = [
    "5 ngày làm việc",
    "0,5 ngày làm việc",
    "8 giờ làm việc",
    "trong ngày",
    "Trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu "
    "sau 15 giờ hàng ngày.",
    "24 giờ làm việc",
    "36 hours",
    "30 ngày",
    "01 tháng",
    "2 tuần",
    "1 năm",
]

receipts = st.lists(
    st.tuples(st.dates(date(2025, 1, 1), date(2027, 6, 30)), st.times()),
    min_size=1,
    max_size=30,
)


def _expected(day, clock, limit, policy):
    received = (
        day if clock is None else datetime.combine(day, clock.replace(microsecond=0), VIETNAM)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        return compute_deadline(received, limit, policy=policy).due_date


@settings(max_examples=60, deadline=None)
@given(
    receipts,
    st.booleans(),
    st.sampled_from([None, DeadlinePolicy(cutoff=time(15, 0))]),
    st.data(),
)
def test_due_dates_are_compute_deadlines(rows, timed, policy, data):
    if timed:
        moments = np.array(
            [np.datetime64(datetime.combine(d, c.replace(microsecond=0)), "s") for d, c in rows]
        )
        limits = data.draw(
            st.lists(st.sampled_from(LIMITS), min_size=len(rows), max_size=len(rows))
        )
    else:
        moments = np.array([np.datetime64(d, "D") for d, _ in rows])
        rows = [(d, None) for d, _ in rows]
        limits = data.draw(
            st.lists(
                st.sampled_from(["5 ngày làm việc", "30 ngày", "01 tháng", "1 năm"]),
                min_size=len(rows),
                max_size=len(rows),
            )
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        got = due_dates(moments, limits, policy=policy)
        single = due_dates(moments, limits[0], policy=policy)
    expected = [_expected(d, c, limit, policy) for (d, c), limit in zip(rows, limits, strict=True)]
    assert got.tolist() == expected
    assert single.tolist() == [_expected(d, c, limits[0], policy) for d, c in rows]


def test_a_receipt_outside_the_data_names_its_row():
    moments = np.array(["2026-03-03", "1990-01-01"], dtype="datetime64[D]")
    with pytest.raises(CoverageError) as caught:
        due_dates(moments, "5 ngày làm việc")
    assert "row 1" in caught.value.__notes__


def test_a_provisional_year_warns_once():
    moments = np.array(["2027-03-03", "2027-03-04"], dtype="datetime64[D]")
    with pytest.warns(ProvisionalDataWarning, match="2 deadlines") as caught:
        due_dates(moments, "5 ngày làm việc")
    assert len(caught) == 1


def test_moments_in_minutes_and_a_limit_per_row():
    moments = np.array(["2026-03-03T09:00", "2026-03-06T16:45"], dtype="datetime64[m]")
    got = due_dates(moments, ["8 giờ làm việc", "5 ngày làm việc"])
    assert got.tolist() == [date(2026, 3, 4), date(2026, 3, 16)]
