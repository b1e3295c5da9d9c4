from decimal import Decimal

import pytest

from kyluat import Duration, InvalidInputError, Unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05 ngày làm việc", Duration.working_days(5)),
        ("5 ngày làm việc", Duration.working_days(5)),
        ("5 ngay lam viec", Duration.working_days(5)),
        ("Không quá 05 ngày làm việc", Duration.working_days(5)),
        ("0,5 ngày làm việc", Duration.working_days("0.5")),
        ("8 giờ làm việc", Duration.working_hours(8)),
        ("không quá 8 giờ làm việc", Duration.working_hours(8)),
        ("15 ngày", Duration.days(15)),
        ("01 tháng", Duration.months(1)),
        ("2 tuần", Duration.weeks(2)),
        ("1 năm", Duration.years(1)),
        ("trong ngày", Duration.same_day()),
        ("Trong ngày làm việc", Duration.same_day()),
        ("5 working days", Duration.working_days(5)),
        ("1 working day", Duration.working_days(1)),
        ("2 working hours", Duration.working_hours(2)),
        ("within 30 days", Duration.days(30)),
        ("same day", Duration.same_day()),
    ],
)
def test_parse_published_forms(text, expected):
    assert Duration.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "soon", "8 giờ", "5", "ngày làm việc", "-5 ngày làm việc", "1,5 tháng", "5 or 6 days"],
)
def test_unreadable_text_is_an_error_naming_it(text):
    with pytest.raises(InvalidInputError) as err:
        Duration.parse(text)
    assert err.value.field == "limit"


def test_equal_amounts_compare_equal():
    assert Duration.working_days(5) == Duration.working_days("5.0") == Duration.working_days(5.0)
    assert hash(Duration.working_days(0.5)) == hash(Duration.working_days("0.50"))
    assert Duration.working_days(5).amount == Decimal(5)


def test_labels_and_repr():
    assert Duration.working_days("0.5").label() == ("0,5 ngày làm việc", "0.5 working days")
    assert Duration.months(1).label() == ("1 tháng", "1 month")
    assert repr(Duration.working_hours(4)) == "Duration.working_hours(4)"
    assert Duration.same_day().unit is Unit.SAME_DAY


def test_duration_is_immutable():
    with pytest.raises(AttributeError):
        Duration.working_days(5).amount = Decimal(6)  # type: ignore[misc]
