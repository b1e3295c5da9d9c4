"""The working-day calendar against official data transcribed by hand (tests/data/)."""

from __future__ import annotations

import csv
import pickle
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kyluat import (
    EVERY_DAY,
    MON_SAT,
    CoverageError,
    DayKind,
    InvalidInputError,
    Override,
    ProvisionalDataError,
    ProvisionalDataWarning,
    Sector,
    WorkCalendar,
    default_calendar,
    private_sector_calendar,
)
from kyluat.data import decisions

DATA = Path(__file__).parent / "data"
CAL = default_calendar()


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


GOLDEN = {date.fromisoformat(r["date"]): r for r in _rows("public_sector_calendar_2018_2026.csv")}
ADDITIONS = _rows("working_day_additions.csv")


def _days(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


# --- Golden: CALENDAR.md, day by day ----------------------------------------------------------


def test_golden_file_is_plausible():
    # The transcription itself: weekday column agrees with the date, Saturdays only are worked.
    assert len(GOLDEN) > 80
    for d, row in GOLDEN.items():
        assert d.strftime("%a") == row["weekday"], d
        if row["working"] == "1":
            assert d.weekday() == 5, d
        else:
            assert d.weekday() < 5, d


@pytest.mark.parametrize("year", range(2018, 2027))
def test_every_day_matches_calendar_md(year):
    wrong = []
    for d in _days(date(year, 1, 1), date(year, 12, 31)):
        row = GOLDEN.get(d)
        expected = row["working"] == "1" if row else d.weekday() < 5
        if CAL.is_working_day(d) != expected:
            wrong.append(d)
    assert wrong == []


@pytest.mark.parametrize("row", ADDITIONS, ids=lambda r: f"{r['start']}{int(r['n']):+d}")
def test_golden_additions(row):
    start = date.fromisoformat(row["start"])
    n = int(row["n"])
    expected = date.fromisoformat(row["expected"])
    assert CAL.add_working_days(start, n) == expected
    assert CAL.working_days_between(start, expected) == n


def test_holidays_package_alone_is_wrong_on_2026_01_02():
    # CALENDAR.md: holidays 0.109 lacks the 2/1 day off and the 10/1 worked Saturday.
    info = CAL.day_info(date(2026, 1, 2))
    assert not info.working
    assert info.reasons[0].kind is DayKind.SWAPPED_DAY_OFF
    assert "12729/VPCP-KGVX" in info.reasons[0].source
    info = CAL.day_info(date(2026, 1, 10))
    assert info.working
    assert info.reasons[0].kind is DayKind.MAKE_UP_WORKING_DAY


def test_every_swap_of_the_holidays_package_is_in_the_official_table():
    from kyluat import _statutory

    days, workdays = _statutory.load(2018, decisions.LAST_ANNOUNCED_YEAR)
    offs = {s.day_off for s in decisions.SWAPS}
    worked = {s.working_day for s in decisions.SWAPS}
    assert {d.date for d in days if d.kind is _statutory.LibKind.SWAP} <= offs
    assert workdays <= worked


def test_proposed_unconfirmed_swap_is_not_in_the_data():
    # CALENDAR.md: 23/11 off ↔ 28/11/2026 worked was only proposed.
    assert CAL.is_working_day(date(2026, 11, 23))
    assert not CAL.is_working_day(date(2026, 11, 28))


# --- Reasons and sources ----------------------------------------------------------------------


@pytest.mark.parametrize("year", range(2018, 2031))
def test_every_departing_day_carries_sourced_reasons(year):
    for d in _days(date(year, 1, 1), date(year, 12, 31)):
        info = CAL.day_info(d)
        plain = info.working == (d.weekday() < 5)
        if not plain:
            assert info.reasons, d
        for reason in info.reasons:
            assert reason.source.strip(), d
            assert reason.name_vi.strip()
            assert reason.name_en.strip()


def test_reasons_name_the_kind_of_day():
    assert CAL.day_info(date(2026, 2, 17)).reasons[0].kind is DayKind.HOLIDAY
    assert CAL.day_info(date(2026, 4, 27)).reasons[0].kind is DayKind.COMPENSATORY
    sunday = CAL.day_info(date(2026, 4, 26))
    assert [r.kind for r in sunday.reasons] == [DayKind.WEEKEND, DayKind.HOLIDAY]
    assert CAL.day_info(date(2026, 3, 7)).reasons[0].kind is DayKind.WEEKEND
    assert CAL.day_info(date(2026, 3, 9)).reasons == ()
    culture = CAL.day_info(date(2026, 11, 24)).reasons[0]
    assert culture.kind is DayKind.HOLIDAY
    assert "28/2026/QH16" in culture.source


def test_sources_follow_the_labor_code_in_force():
    assert "2012" in CAL.day_info(date(2020, 9, 2)).reasons[0].source
    assert "45/2019/QH14" in CAL.day_info(date(2021, 9, 2)).reasons[0].source


def test_year_info_lists_departures_only():
    info = CAL.year_info(2026)
    assert not info.provisional
    listed = {d.date for d in info.days}
    expected_off = {d for d, r in GOLDEN.items() if d.year == 2026}
    assert expected_off <= listed
    assert date(2026, 4, 26) in listed  # Hùng Kings on a Sunday
    assert date(2026, 3, 7) not in listed  # plain Saturday
    assert all(d.reasons for d in info.days)


def test_json_contract_of_a_day():
    data = CAL.day_info(date(2026, 1, 2)).to_dict()
    assert set(data) == {"date", "working", "provisional", "reasons"}
    assert data["date"] == "2026-01-02"
    assert data["working"] is False
    assert set(data["reasons"][0]) == {"kind", "name_vi", "name_en", "source"}
    assert data["reasons"][0]["kind"] == "swapped_day_off"


# --- Coverage and provisional years -----------------------------------------------------------


def test_dates_outside_coverage_raise():
    with pytest.raises(CoverageError) as err:
        CAL.is_working_day(date(2017, 12, 31))
    assert err.value.field == "d"
    with pytest.raises(CoverageError):
        CAL.day_info(date(2031, 1, 1))
    with pytest.raises(CoverageError) as err:
        CAL.add_working_days(date(2018, 1, 3), -5)
    assert err.value.field == "n"
    with pytest.raises(CoverageError):
        CAL.add_working_days(date(2030, 12, 20), 30)
    with pytest.raises(CoverageError):
        CAL.year_info(2017)


def test_negative_index_never_wraps_around():
    # 2018-01-02 is the first working day: one before it does not exist in the data.
    with pytest.raises(CoverageError):
        CAL.add_working_days(date(2018, 1, 2), -1)


def test_provisional_year_is_marked_and_warns():
    info = CAL.day_info(date(2027, 2, 9))
    assert info.provisional
    assert not info.working
    assert CAL.year_info(2027).provisional
    assert not CAL.year_info(2026).provisional
    with pytest.warns(ProvisionalDataWarning):
        CAL.is_working_day(date(2027, 3, 1))
    with pytest.warns(ProvisionalDataWarning):
        CAL.add_working_days(date(2026, 12, 30), 5)
    with pytest.warns(ProvisionalDataWarning):
        CAL.working_days_between(date(2026, 12, 1), date(2027, 1, 5))


def test_decided_years_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CAL.add_working_days(date(2026, 12, 1), 20)
        CAL.is_working_day(date(2026, 12, 31))


def test_strict_calendar_refuses_provisional_years():
    strict = CAL.replace(strict=True)
    assert strict.strict
    with pytest.raises(ProvisionalDataError):
        strict.add_working_days(date(2026, 12, 30), 5)
    assert strict.add_working_days(date(2026, 3, 3), 5) == date(2026, 3, 10)


def test_last_year_is_configurable():
    short = WorkCalendar(last_year=2027)
    assert short.last_date == date(2027, 12, 31)
    with pytest.raises(CoverageError):
        short.is_working_day(date(2028, 1, 3))
    with pytest.raises(CoverageError):
        WorkCalendar(last_year=2020)


# --- Input checks -----------------------------------------------------------------------------


def test_datetime_is_refused_where_a_date_is_needed():
    moment = datetime(2026, 3, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with pytest.raises(InvalidInputError) as err:
        CAL.add_working_days(moment, 1)  # type: ignore[arg-type]
    assert err.value.field == "d"


@pytest.mark.parametrize("n", [1.0, True, "1", None])
def test_n_must_be_a_whole_number(n):
    with pytest.raises(InvalidInputError) as err:
        CAL.add_working_days(date(2026, 3, 3), n)
    assert err.value.field == "n"


def test_strings_are_not_dates():
    with pytest.raises(InvalidInputError):
        CAL.is_working_day("2026-03-03")  # type: ignore[arg-type]


# --- Arithmetic semantics ---------------------------------------------------------------------


def test_zero_days_is_the_day_itself_or_the_next_working_day():
    assert CAL.add_working_days(date(2026, 3, 3), 0) == date(2026, 3, 3)
    assert CAL.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 23)


def test_next_previous_and_roll():
    assert CAL.next_working_day(date(2026, 4, 29)) == date(2026, 5, 4)
    assert CAL.previous_working_day(date(2026, 5, 4)) == date(2026, 4, 29)
    assert CAL.roll(date(2026, 5, 1), direction="next") == date(2026, 5, 4)
    assert CAL.roll(date(2026, 5, 1), direction="previous") == date(2026, 4, 29)
    assert CAL.roll(date(2026, 5, 4), direction="none") == date(2026, 5, 4)
    with pytest.raises(InvalidInputError):
        CAL.roll(date(2026, 5, 1), direction="none")
    with pytest.raises(InvalidInputError) as err:
        CAL.roll(date(2026, 5, 1), direction="sideways")  # type: ignore[arg-type]
    assert err.value.field == "direction"


def test_between_is_half_open_and_antisymmetric():
    a, b = date(2026, 3, 2), date(2026, 3, 6)  # Monday, Friday
    assert CAL.working_days_between(a, b) == 4
    assert CAL.working_days_between(b, a) == -4
    assert CAL.working_days_between(a, a) == 0


def test_iteration_over_working_days():
    days = list(CAL.working_days(date(2026, 1, 1), date(2026, 1, 12)))
    assert days == [
        date(2026, 1, 5),
        date(2026, 1, 6),
        date(2026, 1, 7),
        date(2026, 1, 8),
        date(2026, 1, 9),
        date(2026, 1, 10),
        date(2026, 1, 12),
    ]
    assert list(CAL.working_days(date(2026, 1, 12), date(2026, 1, 1))) == []


# --- Variants ---------------------------------------------------------------------------------


def test_private_sector_has_no_swaps_but_has_holidays():
    private = private_sector_calendar()
    assert private.sector is Sector.PRIVATE
    assert private.is_working_day(date(2026, 1, 2))
    assert not private.is_working_day(date(2026, 1, 10))
    assert private.is_working_day(date(2018, 12, 31))
    assert not private.is_working_day(date(2019, 1, 5))
    assert not private.is_working_day(date(2026, 1, 1))
    assert not private.is_working_day(date(2026, 2, 17))
    assert not private.is_working_day(date(2026, 4, 27))  # compensatory day is statutory
    assert private.is_working_day(date(2026, 8, 31))


def test_six_day_and_every_day_units():
    six = CAL.with_working_weekdays(MON_SAT)
    assert six.is_working_day(date(2026, 3, 7))
    assert not six.is_working_day(date(2026, 3, 8))
    assert not six.is_working_day(date(2026, 2, 17))  # holidays still apply
    assert six.day_info(date(2026, 3, 7)).reasons[0].kind is DayKind.WEEKLY_WORKING_DAY
    assert six.is_working_day(date(2026, 1, 2))  # swaps bind Saturday-Sunday bodies only
    every = CAL.with_working_weekdays(EVERY_DAY)
    assert every.is_working_day(date(2026, 3, 8))
    with pytest.raises(InvalidInputError):
        CAL.with_working_weekdays([7])
    with pytest.raises(InvalidInputError):
        CAL.with_working_weekdays([])


def test_overrides_change_only_the_days_they_name():
    storm = Override(
        date(2024, 9, 9),
        working=False,
        name_vi="Nghỉ tránh bão Yagi",
        name_en="Closed for typhoon Yagi",
        source="Công điện (giả định) 01/CĐ-UBND",
    )
    extra = Override(
        date(2024, 9, 14),
        working=True,
        name_vi="Làm việc thứ Bảy",
        name_en="Saturday worked",
        source="QĐ (giả định) 02/QĐ-UBND",
    )
    cal = CAL.with_overrides(storm, extra)
    assert not cal.is_working_day(date(2024, 9, 9))
    assert cal.is_working_day(date(2024, 9, 14))
    kinds = [r.kind for r in cal.day_info(date(2024, 9, 14)).reasons]
    assert kinds == [DayKind.WEEKEND, DayKind.EXTRA_WORKING_DAY]
    assert cal.day_info(date(2024, 9, 9)).reasons[0].source == storm.source
    for d in _days(date(2024, 1, 1), date(2024, 12, 31)):
        if d not in (storm.date, extra.date):
            assert cal.is_working_day(d) == CAL.is_working_day(d)
    assert cal.overrides == (storm, extra)
    assert CAL.overrides == ()


def test_override_validation():
    with pytest.raises(InvalidInputError) as err:
        Override(date(2026, 3, 3), working=False, name_vi="", name_en="x", source="y")
    assert err.value.field == "name_vi"
    with pytest.raises(InvalidInputError):
        Override(date(2026, 3, 3), working=False, name_vi="x", name_en="x", source=" ")
    with pytest.raises(CoverageError):
        CAL.with_overrides(
            Override(date(2040, 1, 2), working=False, name_vi="x", name_en="x", source="y")
        )
    a = Override(date(2026, 3, 3), working=False, name_vi="x", name_en="x", source="y")
    b = Override(date(2026, 3, 3), working=True, name_vi="x", name_en="x", source="y")
    with pytest.raises(InvalidInputError):
        CAL.with_overrides(a, b)


# --- Value semantics --------------------------------------------------------------------------


def test_calendars_are_immutable_hashable_values():
    assert default_calendar() is CAL
    assert WorkCalendar() == CAL
    assert hash(WorkCalendar()) == hash(CAL)
    assert CAL.replace(strict=True) != CAL
    assert len({CAL, WorkCalendar(), private_sector_calendar()}) == 2
    with pytest.raises(AttributeError):
        CAL.strict = True  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(CAL)) == CAL


def test_unknown_sector_is_refused():
    with pytest.raises(InvalidInputError) as err:
        WorkCalendar(sector="army")
    assert err.value.field == "sector"


def test_index_export_agrees_with_counts():
    first, cumulative = CAL.working_day_index()
    assert first == date(2018, 1, 1)
    i = date(2026, 3, 10).toordinal() - first.toordinal()
    j = date(2026, 3, 3).toordinal() - first.toordinal()
    assert cumulative[i + 1] - cumulative[j + 1] == 5
