"""Regression tests for issue 12's API items: each failed before the fix (as the issue says)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

import kyluat
from kyluat import Actor, Duration, InvalidInputError, ProvisionalDataError
from kyluat._moments import parse_moment
from kyluat.check import check_stream
from kyluat.cli import main


@pytest.mark.parametrize(
    "build",
    [
        lambda: Duration.days(10**30),  # decimal.InvalidOperation before
        lambda: Duration.working_days("1e30"),  # decimal.InvalidOperation before
        lambda: Duration.days(10**12),  # OverflowError at compute time before
        lambda: Duration.months(10**6),  # bare ValueError at compute time before
        lambda: Duration("bogus", 5),  # bare ValueError before
        lambda: Duration.working_days("1e-9999"),
        lambda: Actor(id=" ", role="head", unit="Sở"),  # pydantic ValidationError before
    ],
)
def test_bad_values_are_invalid_input_errors(build) -> None:
    with pytest.raises(InvalidInputError):
        build()


def test_the_bound_is_stated_once_and_generous() -> None:
    assert Duration.days(40_000).amount == 40_000
    assert Duration.years(110).amount == 110
    with pytest.raises(InvalidInputError) as err:
        Duration.days(40_001)
    assert err.value.field == "amount"
    assert "largest limit" in err.value.message


@pytest.mark.parametrize("text", ["5 đây", "5 dày", "5 đẫys"])
def test_vietnamese_words_are_not_folded_into_english_units(text: str) -> None:
    with pytest.raises(InvalidInputError):
        Duration.parse(text)
    assert kyluat.read_limit(text).duration is None


def test_english_units_still_read() -> None:
    assert Duration.parse("5 days") == Duration.days(5)
    assert Duration.parse("5 Working Days") == Duration.working_days(5)


@pytest.mark.parametrize("text", ["20260306", "2026-03-10garbage", "2026-3-6"])
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_moment(text)


def test_huge_limits_in_a_file_are_erroneous_rows_not_a_crash() -> None:
    rows = (
        "id,received_at,limit,due_date\n"
        "A,2026-03-03,99999999999 ngày,2026-03-10\n"
        "B,2026-03-03,10000000000000000000000000000 ngày làm việc,2026-03-10\n"
        "C,2026-03-03,5 ngày làm việc,2026-03-10\n"
    )
    seen = []
    report = check_stream(io.StringIO(rows), "csv", on_row=seen.append)
    assert [r.error is not None for r in seen] == [True, True, False]
    assert report.checked == 1


def test_strict_calendars_refuse_unannounced_years() -> None:
    strict = kyluat.default_calendar().replace(strict=True)
    assert strict.day_info(date(2026, 1, 2)).working is False
    with pytest.raises(ProvisionalDataError):
        strict.day_info(date(2027, 1, 4))
    with pytest.raises(ProvisionalDataError):
        strict.year_info(2027)
    assert kyluat.default_calendar().day_info(date(2027, 1, 4)).provisional


def test_kyluat_day_strict_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["day", "2027-01-04", "--strict"]) == 2
    assert "provisional_data" in capsys.readouterr().err
    assert main(["day", "2027-01-04"]) == 0


@pytest.mark.parametrize(
    "option",
    [
        ["--working-days", "1e28"],
        ["--days", "99999999999"],
        ["--months", "96000"],
        ["--years", "99999999999"],
    ],
)
def test_kyluat_deadline_refuses_huge_limits_with_exit_2(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deadline", "2026-03-03", *option]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_the_license_is_the_mit_text() -> None:
    text = (Path(__file__).resolve().parents[1] / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text


def test_a_due_date_with_trailing_junk_is_an_erroneous_row() -> None:
    rows = (
        "id,received_at,limit,due_date\n"
        "A,2026-03-03,5 ngày làm việc,2026-03-10garbage\n"
        "B,2026-03-03,5 ngày làm việc,2026-03-10 17:00\n"
        "C,2026-03-03,5 ngày làm việc,2026-03-10T01:00+08:00\n"
    )
    seen = []
    check_stream(io.StringIO(rows), "csv", on_row=seen.append)
    assert [r.error is not None for r in seen] == [True, False, False]
    assert all(not r.mismatches for r in seen)
