"""Every public constructor and function, fed hostile values, raises only kyluat's errors.

Huge integers, NaN and infinities, wrong types, empty and very long strings, naive datetimes:
a call either succeeds or raises a `KyluatError` (which is also a `ValueError` or
`PermissionError`); no third-party or builtin exception escapes.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kyluat
from kyluat import (
    Actor,
    DeadlinePolicy,
    Dossier,
    Duration,
    OfficeHours,
    Override,
    SlaClock,
    WorkCalendar,
    compute_deadline,
    read_limit,
    regime_on,
)
from kyluat.errors import KyluatError
from kyluat.ratings import DisbursementRating, Nd90Rating

HOSTILE = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([10**30, -1, 0, 2**63, float("nan"), float("inf"), -float("inf")]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1e30"), Decimal("1e-999"), Decimal("-0"), Decimal("sNaN")]),
    st.none(),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(["", " ", "x" * 100_000, "1e28", "99999999999", "5 ngày", "\x00\x1b[31m"]),
    st.just([]),
    st.just({}),
    st.just(object()),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.just(time(15, 0)),
)

CAL = kyluat.default_calendar()
AT = datetime(2026, 3, 3, 9, 0, tzinfo=kyluat.VIETNAM)
ACTOR = Actor(id="cd-1", role="applicant", unit="Công dân")

CALLS: dict[str, Callable[[object], object]] = {
    "Duration.working_days": Duration.working_days,  # type: ignore[dict-item]
    "Duration.working_hours": Duration.working_hours,  # type: ignore[dict-item]
    "Duration.days": Duration.days,  # type: ignore[dict-item]
    "Duration.weeks": Duration.weeks,  # type: ignore[dict-item]
    "Duration.months": Duration.months,  # type: ignore[dict-item]
    "Duration.years": Duration.years,  # type: ignore[dict-item]
    "Duration.hours": Duration.hours,  # type: ignore[dict-item]
    "Duration(unit)": lambda x: Duration(x, Decimal(5)),  # type: ignore[arg-type]
    "Duration(amount)": lambda x: Duration(kyluat.Unit.DAYS, x),  # type: ignore[arg-type]
    "Duration.parse": Duration.parse,  # type: ignore[dict-item]
    "read_limit": read_limit,  # type: ignore[dict-item]
    "compute_deadline(received)": lambda x: compute_deadline(x, "5 ngày làm việc"),  # type: ignore[arg-type]
    "compute_deadline(limit)": lambda x: compute_deadline(AT, x),  # type: ignore[arg-type]
    "WorkCalendar(last_year)": lambda x: WorkCalendar(last_year=x),  # type: ignore[arg-type]
    "add_working_days(d)": lambda x: CAL.add_working_days(x, 5),  # type: ignore[arg-type]
    "add_working_days(n)": lambda x: CAL.add_working_days(date(2026, 3, 3), x),  # type: ignore[arg-type]
    "is_working_day": CAL.is_working_day,  # type: ignore[dict-item]
    "day_info": CAL.day_info,  # type: ignore[dict-item]
    "year_info": CAL.year_info,  # type: ignore[dict-item]
    "working_days_between": lambda x: CAL.working_days_between(date(2026, 1, 1), x),  # type: ignore[arg-type]
    "regime_on": regime_on,  # type: ignore[dict-item]
    "OfficeHours.parse": OfficeHours.parse,  # type: ignore[dict-item]
    "DeadlinePolicy(cutoff)": lambda x: DeadlinePolicy(cutoff=x),  # type: ignore[arg-type]
    "DeadlinePolicy(hours_per_day)": lambda x: DeadlinePolicy(hours_per_day=x),  # type: ignore[arg-type]
    "Override(date)": lambda x: Override(x, False, "Nghỉ", "Closed", "QĐ 1"),  # type: ignore[arg-type]
    "SlaClock.start(received)": lambda x: SlaClock.start(x, "5 ngày làm việc"),  # type: ignore[arg-type]
    "SlaClock.start(limit)": lambda x: SlaClock.start(AT, x),  # type: ignore[arg-type]
    "SlaClock.pause": lambda x: SlaClock.start(AT, "5 ngày làm việc").pause(
        x,  # type: ignore[arg-type]
        reason="other",
        note="n",
    ),
    "Actor(id)": lambda x: Actor(id=x, role="r", unit="u"),  # type: ignore[arg-type]
    "Dossier.submit(limit)": lambda x: Dossier.submit(
        id="HS",
        procedure="P",
        limit=x,
        actor=ACTOR,
        at=AT,  # type: ignore[arg-type]
    ),
    "Dossier.submit(at)": lambda x: Dossier.submit(
        id="HS",
        procedure="P",
        limit="5 ngày làm việc",
        actor=ACTOR,
        at=x,  # type: ignore[arg-type]
    ),
    "Nd90Rating.rate": lambda x: Nd90Rating().rate(tasks=x, not_on_schedule=0),  # type: ignore[arg-type]
    "DisbursementRating.rate": DisbursementRating().rate,  # type: ignore[dict-item]
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_only_kyluat_errors_come_out(name: str) -> None:
    call = CALLS[name]

    @settings(max_examples=60, deadline=None)
    @given(HOSTILE)
    def run(value: object) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", kyluat.KyluatWarning)
            with contextlib.suppress(KyluatError):
                call(value)

    run()
