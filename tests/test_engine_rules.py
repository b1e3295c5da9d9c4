"""Engine rules from an independent check (issue 17), as regression tests.

Each expected value is worked out by hand under the rules of the docs page "How a deadline is
computed", section "Fractions of a day, cut-offs of same-day limits, counting the receipt day":

- a whole working day ends at that day's close; a fraction f of a day is the share f of the office
  time of the day it falls in, from its opening, rounded up to a whole second;
- the general cut-off applies to same-day limits; the earlier of the two cut-offs decides;
- ``count_receipt_day`` makes a period of days, weeks, months or years start on the event day
  (it ends where the same period from the day before would); hour limits refuse it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pytest

from kyluat import (
    VIETNAM,
    DeadlinePolicy,
    Duration,
    InvalidInputError,
    OfficeHours,
    SlaClock,
    compute_deadline,
)
from kyluat.batch import due_dates
from kyluat.deadline import with_published_cutoff


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


# 07:30-12:00 (4 h 30) and 13:00-16:30 (3 h 30) = 8 h, but Friday 07:30-11:30 = 4 h.
SHORT_FRIDAY = OfficeHours("07:30-12:00,13:00-16:30", by_weekday={4: "07:30-11:30"})
# A 7-hour day: 07:15-11:15 (4 h) and 13:30-16:30 (3 h).
SEVEN_HOURS = OfficeHours.parse("07:15-11:15,13:30-16:30")
THU_10 = at(2026, 3, 5, 10, 0)  # Thursday 05/03/2026
WED_10 = at(2026, 3, 4, 10, 0)  # Wednesday 04/03/2026


def due(received, amount, hours, policy=None):
    return compute_deadline(
        received, Duration.working_days(amount), office_hours=hours, policy=policy
    ).due_at


# --- Fractions of a day ------------------------------------------------------------------------


def test_a_fraction_on_a_short_friday_is_a_share_of_friday():
    # Received Thu 10:00, not counted: counting starts on Fri 06/03 (4 office hours).
    # 0.75 day = 0.75 x 4 h = 3 h from 07:30 -> Fri 10:30 (was Mon 09/03 09:30: 6 h of 8).
    assert due(THU_10, "0.75", SHORT_FRIDAY) == at(2026, 3, 6, 10, 30)
    # 1 day = the whole Friday -> its close, 11:30.
    assert due(THU_10, 1, SHORT_FRIDAY) == at(2026, 3, 6, 11, 30)
    # 0.5 day = 2 h -> 09:30; 1.25 days = Friday, then 0.25 x 8 h = 2 h of Monday -> Mon 09:30.
    assert due(THU_10, "0.5", SHORT_FRIDAY) == at(2026, 3, 6, 9, 30)
    assert due(THU_10, "1.25", SHORT_FRIDAY) == at(2026, 3, 9, 9, 30)
    amounts = ["0.5", "0.75", "1", "1.25"]
    moments = [due(THU_10, a, SHORT_FRIDAY) for a in amounts]
    assert moments == sorted(moments)


def test_a_fraction_of_a_seven_hour_day_is_a_share_of_seven_hours():
    # Received Wed 10:00: counting starts on Thu 05/03 (7 office hours = 25,200 s).
    # 0.9 day = 0.9 x 25,200 = 22,680 s = 6 h 18 min: 4 h to 11:15, then 2 h 18 min from 13:30
    # -> Thu 15:48 (was Fri 06/03 07:27: 7.2 h of the 8-hour convention).
    assert due(WED_10, "0.9", SEVEN_HOURS) == at(2026, 3, 5, 15, 48)
    # 1 day = the whole Thursday -> 16:30.
    assert due(WED_10, 1, SEVEN_HOURS) == at(2026, 3, 5, 16, 30)
    # 1.5 days = Thursday, then 0.5 x 7 h = 3 h 30 min of Friday from 07:15 -> Fri 10:45
    # (was 11:15: 4 hours).
    assert due(WED_10, "1.5", SEVEN_HOURS) == at(2026, 3, 6, 10, 45)


def test_the_due_day_of_n_plus_a_fraction_is_the_due_day_of_n_plus_one():
    for amount in ["0.1", "0.9", "2.5", "4.999999"]:
        whole = int(float(amount)) + 1
        assert due(WED_10, amount, SEVEN_HOURS).date() == due(WED_10, whole, SEVEN_HOURS).date()


def test_a_share_is_rounded_up_to_a_whole_second():
    # 0.000001 x 25,200 s = 0.0252 s -> 1 s after Thursday's 07:15 opening (was refused: not a
    # whole number of seconds at 8 hours a day).
    assert due(WED_10, "0.000001", SEVEN_HOURS) == at(2026, 3, 5, 7, 15, 1)


def test_eight_hour_days_keep_the_one_stop_convention():
    # The golden half day: Tue 03/03/2026 09:00 + 0.5 day = 4 h of Wednesday from 07:30 = 11:30.
    assert due(at(2026, 3, 3, 9, 0), "0.5", None) == at(2026, 3, 4, 11, 30)


def test_the_fraction_trace_states_the_share_and_its_source():
    deadline = compute_deadline(WED_10, Duration.working_days("1.5"), office_hours=SEVEN_HOURS)
    step = deadline.trace[-1]
    assert "0.5 × the office time of Fri 06/03/2026 (3 h 30 min of 7 h 00 min" in step.rule_en
    assert "0,5 × thời gian làm việc của ngày Thứ Sáu 06/03/2026" in step.rule_vi
    assert "How a deadline is computed" in step.source
    assert "QĐ 188/1999/QĐ-TTg" in step.source


def test_a_clock_of_one_and_a_half_seven_hour_days_counts_ten_and_a_half_hours():
    # Thursday's 7 h + 3 h 30 min of Friday = 10 h 30 min (was 7 h + 4 h = 11 h).
    clock = SlaClock.start(WED_10, Duration.working_days("1.5"), office_hours=SEVEN_HOURS)
    assert clock.due_at == at(2026, 3, 6, 10, 45)
    limit = timedelta(hours=10, minutes=30)
    for moment, elapsed in [
        (at(2026, 3, 4, 11, 0), timedelta(0)),  # before counting starts
        (at(2026, 3, 5, 9, 0), timedelta(hours=1, minutes=45)),  # 07:15-09:00
        (at(2026, 3, 5, 14, 0), timedelta(hours=4, minutes=30)),  # 4 h + 13:30-14:00
        (at(2026, 3, 6, 8, 0), timedelta(hours=7, minutes=45)),  # Thursday + 07:15-08:00
    ]:
        assert clock.elapsed(moment) == elapsed
        assert clock.elapsed(moment) + clock.remaining(moment) == limit


def test_extending_a_clock_by_days_keeps_its_share_of_the_day():
    # A 0.5-day clock (Thu 07:15 + 3 h 30 = Thu 10:45) extended by 1 working day is due when a
    # 1.5-day clock is: Fri 10:45.
    half = SlaClock.start(WED_10, Duration.working_days("0.5"), office_hours=SEVEN_HOURS)
    assert half.due_at == at(2026, 3, 5, 10, 45)
    longer = half.extend(by="1 ngày làm việc", approved_by="GĐ", reference="CV 1")
    assert longer.due_at == at(2026, 3, 6, 10, 45)
    # 4 working hours from Wed 10:00: 1 h 15 to 11:15, 2 h 45 from 13:30 -> Wed 16:15, i.e.
    # 6 h 45 of Wednesday's 7 h; one more working day -> 6 h 45 of Thursday -> Thu 16:15.
    hours = SlaClock.start(WED_10, Duration.working_hours(4), office_hours=SEVEN_HOURS)
    assert hours.due_at == at(2026, 3, 4, 16, 15)
    assert hours.extend(by="1 working day", approved_by="GĐ", reference="CV 2").due_at == at(
        2026, 3, 5, 16, 15
    )


# --- Cut-offs of same-day limits ---------------------------------------------------------------

ELEVEN = DeadlinePolicy(cutoff=time(11, 0))


def test_the_general_cutoff_applies_to_same_day_limits():
    received = at(2026, 3, 5, 12, 0)  # Thu 12:00, after the 11:00 cut-off
    same_day = compute_deadline(received, Duration.same_day(), policy=ELEVEN)
    # Deemed received Fri 06/03 -> the result is due that day, at its close (was Thu 05/03).
    assert same_day.due_at == at(2026, 3, 6, 16, 30)
    assert "11:00 cut-off" in same_day.trace[1].rule_en
    assert "How a deadline is computed" in same_day.trace[1].source
    # A 1-working-day limit received at the same moment is deemed received on the same Friday,
    # and counts Monday 09/03.
    one_day = compute_deadline(received, Duration.working_days(1), policy=ELEVEN)
    assert "Fri 06/03/2026" in one_day.trace[1].rule_en
    assert one_day.due_date == date(2026, 3, 9)
    # Before both cut-offs: the same day.
    early = compute_deadline(at(2026, 3, 5, 10, 30), Duration.same_day(), policy=ELEVEN)
    assert early.due_date == date(2026, 3, 5)


def test_the_earlier_cutoff_decides_and_is_cited():
    received = at(2026, 3, 5, 15, 30)
    for general in (time(16, 0), time(15, 0)):  # later than, equal to the 15:00 same-day rule
        deadline = compute_deadline(
            received, Duration.same_day(), policy=DeadlinePolicy(cutoff=general)
        )
        assert deadline.due_date == date(2026, 3, 6)
        assert "15:00 cut-off" in deadline.trace[1].rule_en
        assert "Thủ tục giải quyết trong ngày" in deadline.trace[1].source


def test_a_published_same_day_cutoff_replaces_the_general_one():
    text = (
        "Trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu "
        "sau 15 giờ hàng ngày."
    )
    # The procedure's text (15:00) wins over the agency's 11:00: received 12:00 -> same day.
    deadline = compute_deadline(at(2026, 3, 5, 12, 0), text, policy=ELEVEN)
    assert deadline.due_date == date(2026, 3, 5)
    policy = with_published_cutoff(ELEVEN, Duration.same_day(), time(15, 0))
    assert (policy.cutoff, policy.same_day_cutoff) == (None, time(15, 0))
    assert with_published_cutoff(ELEVEN, Duration.working_days(1), time(15, 0)).cutoff == time(15)


# --- Counting the receipt day ------------------------------------------------------------------

COUNTED = DeadlinePolicy(count_receipt_day=True)


@pytest.mark.parametrize(
    ("event", "limit", "not_counted", "counted"),
    [
        # 5 days: 10/03 + 5 = Sat 15/03 -> Mon 17/03; counted: 09/03 + 5 = Fri 14/03.
        (date(2025, 3, 10), "5 ngày", date(2025, 3, 17), date(2025, 3, 14)),
        # 2 weeks from Wed 05/03: Wed 19/03; counted: from Tue 04/03 -> Tue 18/03.
        (date(2025, 3, 5), "2 tuần", date(2025, 3, 19), date(2025, 3, 18)),
        # 1 month from 10/03: Thu 10/04; counted: from 09/03 -> Wed 09/04.
        (date(2025, 3, 10), "1 tháng", date(2025, 4, 10), date(2025, 4, 9)),
        # 1 month from 31/01: 28/02 (no 31/02); counted: from 30/01 -> 28/02 (no 30/02).
        (date(2025, 1, 31), "1 tháng", date(2025, 2, 28), date(2025, 2, 28)),
        # 1 year from 10/03/2025: Tue 10/03/2026; counted: from 09/03/2025 -> Mon 09/03/2026.
        (date(2025, 3, 10), "1 năm", date(2026, 3, 10), date(2026, 3, 9)),
        # 0 weeks: the event day itself either way.
        (date(2025, 3, 5), "0 tuần", date(2025, 3, 5), date(2025, 3, 5)),
    ],
)
def test_counting_the_event_day_starts_every_period_on_it(event, limit, not_counted, counted):
    default = compute_deadline(event, limit)
    policy = compute_deadline(event, limit, policy=COUNTED)
    assert (default.due_date, policy.due_date) == (not_counted, counted)
    assert policy.counted_from == at(event.year, event.month, event.day, 0, 0)
    assert f"{event:%d/%m/%Y}, is counted (agency policy)" in policy.trace[1].rule_en
    assert "is not counted" not in " ".join(step.rule_en for step in policy.trace)
    # The NumPy kernel applies the same rule.
    days = np.array([event.isoformat()], dtype="datetime64[D]")
    assert due_dates(days, limit, policy=COUNTED)[0] == np.datetime64(counted.isoformat())


def test_counting_the_event_day_with_a_short_month_says_so():
    trace = compute_deadline(date(2025, 1, 31), "1 tháng", policy=COUNTED).trace
    assert "the last month has no such day" in trace[1].rule_en


@pytest.mark.parametrize("limit", [Duration.working_hours(4), Duration.hours(24)])
def test_hour_limits_refuse_a_counted_receipt_day(limit):
    with pytest.raises(InvalidInputError) as err:
        compute_deadline(at(2026, 3, 5, 10, 0), limit, policy=COUNTED)
    assert err.value.field == "count_receipt_day"
    assert "Art. 147(1)" in str(err.value)


def test_the_kernel_leaves_refused_hour_limits_to_the_engine():
    moments = np.array(["2026-03-05T10:00"], dtype="datetime64[s]")
    with pytest.raises(InvalidInputError) as err:
        due_dates(moments, "4 giờ làm việc", policy=COUNTED)
    assert err.value.field == "count_receipt_day"


def test_a_same_day_limit_counts_its_receipt_day_either_way():
    received = at(2026, 3, 5, 10, 0)
    assert (
        compute_deadline(received, Duration.same_day(), policy=COUNTED).due_at
        == compute_deadline(received, Duration.same_day()).due_at
        == at(2026, 3, 5, 16, 30)
    )


def test_whole_working_days_still_count_the_receipt_day_first():
    # The golden case: Tue 03/03/2026 10:00, 5 working days, receipt day counted -> Mon 09/03.
    deadline = compute_deadline(at(2026, 3, 3, 10, 0), Duration.working_days(5), policy=COUNTED)
    assert deadline.due_date == date(2026, 3, 9)
    assert "is counted" in deadline.trace[1].rule_en
