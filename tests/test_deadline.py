"""The deadline engine against golden answers worked out by hand from LAW.md and CALENDAR.md."""

from __future__ import annotations

import csv
import warnings
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kyluat import (
    VIETNAM,
    CoverageError,
    DeadlinePolicy,
    Duration,
    InvalidInputError,
    OfficeHours,
    ProvisionalDataError,
    ProvisionalDataWarning,
    Season,
    compute_deadline,
    default_calendar,
    regime_on,
)

DATA = Path(__file__).parent / "data"
with (DATA / "deadlines.csv").open(encoding="utf-8", newline="") as f:
    GOLDEN = list(csv.DictReader(f))


def _received(text: str) -> datetime | date:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


@pytest.mark.parametrize("row", GOLDEN, ids=lambda r: f"{r['received']} {r['limit']}")
def test_golden_deadlines(row):
    policy = DeadlinePolicy(
        cutoff=time.fromisoformat(row["cutoff"]) if row["cutoff"] else None,
        end_of_day=row["end_of_day"] or "office",
        count_receipt_day=row["count_receipt_day"] == "yes",
    )
    hours = OfficeHours.parse(row["office_hours"]) if row["office_hours"] else None
    deadline = compute_deadline(
        _received(row["received"]), Duration.parse(row["limit"]), office_hours=hours, policy=policy
    )
    assert deadline.due_date == date.fromisoformat(row["due_date"])
    assert deadline.due_at == datetime.fromisoformat(row["due_at"])
    assert deadline.due_at.isoformat() == row["due_at"]
    assert deadline.regime.code == row["regime"]
    assert not deadline.provisional
    assert all(step.source for step in deadline.trace)


def test_trace_explains_in_both_languages_with_sources():
    received = datetime(2026, 3, 6, 15, 0, tzinfo=VIETNAM)
    deadline = compute_deadline(received, Duration.working_hours(4))
    trace = deadline.trace
    assert "118/2025" in trace[0].source
    assert any("147" in step.source for step in trace)
    assert all(step.rule_vi and step.rule_en for step in trace)
    assert trace == deadline.trace  # rendering is repeatable


def test_roll_and_closing_moment_are_traced():
    deadline = compute_deadline(date(2025, 3, 10), Duration.days(5))
    sources = " | ".join(step.source for step in deadline.trace)
    assert "Điều 148 khoản 5" in sources
    assert "Điều 147 khoản 2" in sources


def test_json_contract():
    deadline = compute_deadline(date(2026, 3, 3), "5 ngày làm việc")
    data = deadline.to_dict()
    assert {
        "received",
        "counted_from",
        "due_date",
        "due_at",
        "provisional",
        "regime",
        "trace",
    } <= set(data)
    assert data["due_date"] == "2026-03-10"
    assert data["due_at"] == "2026-03-10T16:30:00+07:00"
    assert data["counted_from"] == "2026-03-04T07:30:00+07:00"
    assert data["regime"] == "nd118_2025"
    assert set(data["trace"][0]) == {"rule_vi", "rule_en", "source"}


def test_instants_in_other_zones_are_converted():
    # 08:00 UTC is 15:00 in Vietnam: the LAW.md §4 hour example.
    received = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    deadline = compute_deadline(received, Duration.working_hours(4))
    assert deadline.due_at == datetime(2026, 3, 9, 10, 0, tzinfo=VIETNAM)
    assert deadline.due_at.utcoffset().total_seconds() == 7 * 3600


def test_seasonal_office_hours():
    vinh_phuc = OfficeHours.parse(
        "07:30-12:00,13:00-16:30", seasons=[Season("16/04", "15/10", "07:00-11:30,13:30-17:00")]
    )
    summer = compute_deadline(
        datetime(2026, 7, 3, 16, 0, tzinfo=VIETNAM), "4 giờ làm việc", office_hours=vinh_phuc
    )
    assert summer.due_at == datetime(2026, 7, 6, 10, 0, tzinfo=VIETNAM)
    winter = compute_deadline(
        datetime(2026, 3, 6, 15, 0, tzinfo=VIETNAM), "4 giờ làm việc", office_hours=vinh_phuc
    )
    assert winter.due_at == datetime(2026, 3, 9, 10, 0, tzinfo=VIETNAM)
    # A day limit closes at that season's close of business.
    assert compute_deadline(date(2026, 7, 1), "1 ngày làm việc", office_hours=vinh_phuc).due_at == (
        datetime(2026, 7, 2, 17, 0, tzinfo=VIETNAM)
    )


def test_regimes_by_receipt_date():
    assert regime_on(date(2025, 6, 30)).code == "nd61_2018"
    assert regime_on(date(2025, 7, 1)).code == "nd118_2025"
    assert regime_on(date(2018, 6, 21)).code == "nd61_2018"
    assert regime_on(date(2018, 6, 20)).code == "qd09_2015"


# --- Bad input -------------------------------------------------------------------------------


def test_naive_datetime_is_refused():
    with pytest.raises(InvalidInputError) as err:
        compute_deadline(datetime(2026, 3, 3, 9, 0), Duration.working_days(5))
    assert err.value.field == "received_at"


@pytest.mark.parametrize("limit", [Duration.working_hours(4), Duration.same_day()])
def test_hour_and_same_day_limits_need_a_moment(limit):
    with pytest.raises(InvalidInputError) as err:
        compute_deadline(date(2026, 3, 3), limit)
    assert err.value.field == "received_at"


@pytest.mark.parametrize(
    "build",
    [
        lambda: Duration.working_days(-1),
        lambda: Duration.working_hours(-0.5),
        lambda: Duration.days(-3),
        lambda: Duration.days(1.5),
        lambda: Duration.months(0.5),
        lambda: Duration.working_days(float("nan")),
        lambda: Duration.working_days(True),
        lambda: Duration.working_days("abc"),
    ],
)
def test_bad_limits_are_refused(build):
    with pytest.raises(InvalidInputError):
        build()


def test_dates_outside_the_data():
    with pytest.raises(CoverageError):
        compute_deadline(date(2017, 6, 1), Duration.working_days(5))
    with pytest.raises(CoverageError):
        compute_deadline(date(2030, 12, 20), Duration.working_days(30))
    with pytest.raises(CoverageError):
        compute_deadline(date(2030, 12, 20), Duration.months(2))


def test_wrong_argument_types():
    with pytest.raises(InvalidInputError) as err:
        compute_deadline("2026-03-03", Duration.working_days(5))  # type: ignore[arg-type]
    assert err.value.field == "received_at"
    with pytest.raises(InvalidInputError) as err:
        compute_deadline(date(2026, 3, 3), 5)  # type: ignore[arg-type]
    assert err.value.field == "duration"
    with pytest.raises(InvalidInputError) as err:
        DeadlinePolicy(end_of_day="noon")  # type: ignore[arg-type]
    assert err.value.field == "end_of_day"
    with pytest.raises(InvalidInputError):
        DeadlinePolicy(cutoff="15:00")  # type: ignore[arg-type]


def test_fraction_not_expressible_in_seconds():
    with pytest.raises(InvalidInputError):
        compute_deadline(datetime(2026, 3, 3, 9, tzinfo=VIETNAM), Duration.working_hours("0.0001"))


# --- Provisional years -------------------------------------------------------------------------


def test_provisional_deadline_is_flagged_and_warns():
    with pytest.warns(ProvisionalDataWarning):
        deadline = compute_deadline(date(2026, 12, 30), Duration.working_days(5))
    assert deadline.provisional
    assert deadline.due_date == date(2027, 1, 7)
    assert "Provisional" in deadline.trace[-1].rule_en


def test_strict_calendar_refuses_provisional_deadline():
    with pytest.raises(ProvisionalDataError):
        compute_deadline(
            date(2026, 12, 30),
            Duration.working_days(5),
            calendar=default_calendar().replace(strict=True),
        )


def test_decided_years_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not compute_deadline(date(2026, 12, 1), Duration.working_days(5)).provisional


def test_other_zone_names_the_same_instant():
    tokyo = datetime(2026, 3, 6, 17, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 15:00 in Hanoi
    assert compute_deadline(tokyo, "4 giờ làm việc").due_at.hour == 10


def test_receipt_day_counted_with_a_fraction_of_a_day_is_refused():
    with pytest.raises(InvalidInputError) as err:
        compute_deadline(
            datetime(2026, 3, 3, 16, tzinfo=VIETNAM),
            Duration.working_days("0.5"),
            policy=DeadlinePolicy(count_receipt_day=True),
        )
    assert err.value.field == "policy"


def test_zero_limits():
    received = datetime(2026, 3, 3, 12, 30, tzinfo=VIETNAM)
    assert compute_deadline(received, Duration.working_hours(0)).due_at == datetime(
        2026, 3, 3, 13, 0, tzinfo=VIETNAM
    )
    assert compute_deadline(received, Duration.working_days(0)).due_date == date(2026, 3, 3)
    assert compute_deadline(received, Duration.days(0)).due_date == date(2026, 3, 3)
