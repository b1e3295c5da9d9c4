from datetime import date, time

import pytest

from kyluat import DEFAULT_OFFICE_HOURS, InvalidInputError, OfficeHours, Season, Session


def test_parse_common_form():
    hours = OfficeHours.parse("7:30-12:00, 13:00-16:30")
    assert hours.sessions == (Session(time(7, 30), time(12)), Session(time(13), time(16, 30)))
    assert hours.seconds_on(date(2026, 3, 3)) == 8 * 3600


def test_default_is_eight_hours():
    assert DEFAULT_OFFICE_HOURS.seconds_on(date(2026, 3, 3)) == 8 * 3600


@pytest.mark.parametrize(
    "spec", ["", "07:30", "12:00-07:30", "07:30-12:00,11:00-16:30", "25:00-26:00", "ab-cd"]
)
def test_bad_specs_are_refused(spec):
    with pytest.raises(InvalidInputError) as err:
        OfficeHours.parse(spec)
    assert err.value.field == "office_hours"


def test_seasons_wrap_over_the_new_year():
    winter = Season("16/10", "15/04", "07:30-12:00,13:00-16:30")
    assert winter.contains(date(2026, 1, 5))
    assert winter.contains(date(2026, 10, 16))
    assert not winter.contains(date(2026, 4, 16))
    with pytest.raises(InvalidInputError):
        Season("31/02", "15/04", "07:30-12:00")


def test_by_weekday_and_make_up_saturday_fallback():
    hours = OfficeHours("07:30-12:00,13:00-16:30", by_weekday={4: "07:30-11:30"})
    assert hours.seconds_on(date(2026, 3, 6)) == 4 * 3600  # Friday
    assert hours.seconds_on(date(2026, 1, 10)) == 8 * 3600  # Saturday uses the default
    with pytest.raises(InvalidInputError):
        OfficeHours("07:30-12:00", by_weekday={7: "07:30-12:00"})


def test_office_hours_are_hashable_values():
    assert OfficeHours.parse("07:30-12:00") == OfficeHours.parse("07:30-12:00")
    assert len({OfficeHours.parse("07:30-12:00"), OfficeHours.parse("07:30-12:00")}) == 1
