"""Office hours that change on dates (issue 17): the schedule in force on each counted day.

Golden deadlines worked by hand from the schedules' sources (docs: "Configure a province's office
hours"): Bình Thuận and Đắk Nông 07:00–11:30, 13:30–17:00 until 31/10/2025, Lâm Đồng
07:30–11:30, 13:30–17:30 from 01/11/2025; Vĩnh Phúc (QĐ 873/QĐ-UBND, 2020) summer 16/04–15/10
07:00–11:30, 13:30–17:00, winter 07:30–12:00, 13:00–16:30.
"""

from __future__ import annotations

import pickle
from datetime import date, datetime

import pytest

from kyluat import VIETNAM, Duration, InvalidInputError, OfficeHours, compute_deadline
from kyluat.office_hours import PROVINCES, provincial_office_hours


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def test_an_hour_limit_counts_each_day_on_its_own_schedule():
    # Fri 31/10/2025 15:00 → 17:00 is 2 h (old schedule); Mon 03/11 from 07:30 (new) 2 h more.
    deadline = compute_deadline(
        at(2025, 10, 31, 15, 0),
        Duration.working_hours(4),
        office_hours=provincial_office_hours("lam_dong"),
    )
    assert deadline.due_at == at(2025, 11, 3, 9, 30)


def test_a_season_boundary_inside_a_version():
    # Wed 15/10/2025 16:00 (summer, closes 17:00): 1 h; Thu 16/10 (winter, opens 07:30): 1 h.
    deadline = compute_deadline(
        at(2025, 10, 15, 16, 0),
        Duration.working_hours(2),
        office_hours=provincial_office_hours("vinh_phuc_2020"),
    )
    assert deadline.due_at == at(2025, 10, 16, 8, 30)


def test_a_day_limit_closes_at_the_close_of_the_schedule_in_force():
    # Received Thu 30/10/2025, 2 working days: Fri 31/10, Mon 03/11 — closes 17:30 (new).
    deadline = compute_deadline(
        date(2025, 10, 30),
        Duration.working_days(2),
        office_hours=provincial_office_hours("lam_dong"),
    )
    assert deadline.due_at == at(2025, 11, 3, 17, 30)


def test_versions_are_values():
    hours = provincial_office_hours("lam_dong")
    assert hours == provincial_office_hours("lam_dong")
    assert hash(hours) == hash(provincial_office_hours("lam_dong"))
    assert pickle.loads(pickle.dumps(hours)) == hours
    assert hours.in_force(date(2025, 10, 31)) is hours
    assert hours.in_force(date(2025, 11, 1)).sessions[0].start.hour == 7
    assert hours.in_force(date(2025, 11, 1)) != hours


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: OfficeHours("07:30-11:30", versions=[("2026-01-01", OfficeHours("08:00-12:00"))]),
         "versions"),
        (lambda: OfficeHours("07:30-11:30", versions=[(date(2026, 1, 1), "08:00-12:00")]),
         "versions"),
        (lambda: OfficeHours("07:30-11:30").from_date(date(2026, 1, 1), OfficeHours("08:00-12:00"))
         .from_date(date(2026, 1, 1), OfficeHours("09:00-12:00")), "versions"),
        (lambda: provincial_office_hours("hue"), "province"),
    ],
)  # fmt: skip
def test_bad_versions_name_their_field(build, field):
    with pytest.raises(InvalidInputError) as caught:
        build()
    assert caught.value.field == field


def test_every_carried_province_builds():
    for key in PROVINCES:
        assert provincial_office_hours(key).sessions
