"""Caches stay bounded and never change an answer (groundwork of issue 13's row-path fixes)."""

from __future__ import annotations

import gc
from datetime import date

from kyluat import Override, WorkCalendar
from kyluat._calendar_index import build_index
from kyluat.check._rows import status_of


def test_dropped_calendars_do_not_stay_cached() -> None:
    for day in range(1, 41):
        closure = Override(date(2026, 3, day % 28 + 1), False, "Nghỉ", "Closed", f"QĐ {day}")
        cal = WorkCalendar(overrides=(closure,), last_year=2027 + day % 3)
        assert not cal.is_working_day(closure.date)
    gc.collect()
    assert build_index.cache_info().currsize <= 16
    assert WorkCalendar() == WorkCalendar()


def test_status_words_are_folded_once() -> None:
    status_of.cache_clear()
    for _ in range(1_000):
        assert status_of("Đúng hạn").value == "on_time"
    info = status_of.cache_info()
    assert info.misses == 1
    assert info.hits == 999


def test_equal_office_hours_in_turn_share_one_index_and_answer_alike() -> None:
    from datetime import datetime

    import kyluat
    from kyluat._worktime import cached_index

    a = kyluat.OfficeHours.parse("07:30-12:00,13:00-16:30")
    b = kyluat.OfficeHours.parse("07:30-12:00,13:00-16:30")
    cal = kyluat.default_calendar()
    assert a is not b
    assert cached_index(cal, a) is cached_index(cal, b) is cached_index(cal, a)
    received = datetime(2026, 3, 6, 15, 0, tzinfo=kyluat.VIETNAM)
    dues = {
        kyluat.compute_deadline(received, "4 giờ làm việc", office_hours=hours).due_at
        for hours in (a, b, a, b)
    }
    assert dues == {datetime(2026, 3, 9, 10, 0, tzinfo=kyluat.VIETNAM)}
