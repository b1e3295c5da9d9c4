"""The statutory deadline engine: from "received at this moment, limit N" to the due moment.

:func:`compute_deadline` applies, in order, the rules a Vietnamese agency's deadline follows and
records each one, with Vietnamese and English text and its source, in :attr:`Deadline.trace`:

1. the one-stop regime in force on the receipt date (NĐ 61/2018 as amended, or NĐ 118/2025);
2. deemed receipt: a dossier received on a non-working day, after a configured cut-off, or after
   office hours counts as received on the next working day (LAW.md §9.3);
3. the receipt day is not counted for day limits (BLDS 2015 Art. 147(2)); hour limits start at
   the stated moment (Art. 147(1)), at the next office session when outside one;
4. the count itself: working days on the calendar, working hours on the office-hours sessions
   (1 working day = 8 working hours, fractions of a day counted in hours from the opening of the
   day they fall in), or calendar periods per Art. 148(1)–(4) with the roll of Art. 148(5);
5. the closing moment of a day limit: close of business (default) or 24:00 (Art. 148(6)).

Examples:
    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from kyluat import Duration, OfficeHours
    >>> compute_deadline(date(2026, 3, 3), Duration.working_days(5)).due_date
    datetime.date(2026, 3, 10)
    >>> received = datetime(2026, 3, 6, 15, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    >>> d = compute_deadline(received, Duration.working_hours(4),
    ...                      office_hours=OfficeHours.parse("07:30-12:00,13:00-16:30"))
    >>> d.due_at.isoformat()
    '2026-03-09T10:00:00+07:00'
    >>> d.trace[0].source
    'NĐ 118/2025/NĐ-CP — hiệu lực 01/07/2025; TT 03/2025/TT-VPCP [secondary]'
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from kyluat._worktime import WorkTimeIndex, worktime_index
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.data import rules
from kyluat.data.rules import REGIMES, Regime
from kyluat.duration import Duration, Unit
from kyluat.errors import (
    CoverageError,
    InvalidInputError,
    ProvisionalDataError,
    ProvisionalDataWarning,
)
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from kyluat.sources import Source, cite

__all__ = [
    "VIETNAM",
    "Deadline",
    "DeadlinePolicy",
    "EndOfDay",
    "TraceStep",
    "compute_deadline",
    "regime_on",
]

VIETNAM: Final = ZoneInfo("Asia/Ho_Chi_Minh")
"""Local time of Vietnamese agencies (UTC+7, no daylight saving)."""


class EndOfDay(StrEnum):
    """The closing moment of a deadline expressed as a day."""

    OFFICE = "office"
    """Close of business: the end of the day's last office session (kyluat default, §9.2)."""
    MIDNIGHT = "midnight"
    """24:00, the end of the day under the Civil Code (BLDS 2015 Art. 148(6))."""


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """The choices the law leaves to the agency; defaults from LAW.md §9.

    Attributes:
        count_receipt_day: Count the receipt day as the first day (default ``False``: BLDS 147).
            Applies to day and working-day limits.
        cutoff: Receipt after this local time counts as receipt on the next working day
            (``None``: no cut-off besides the end of office hours). Often 15:00.
        same_day_cutoff: For same-day procedures, receipt after this time moves the result to
            the next working day (default 15:00).
        end_of_day: Closing moment of a day limit: ``"office"`` (default) or ``"midnight"``.
        hours_per_day: Working hours in one working day, for fractional day limits (default 8).
        defer_after_hours: Receipt after the day's last session counts as receipt on the next
            working day (default ``True``).

    Raises:
        InvalidInputError: A value has the wrong type or is out of range.
    """

    count_receipt_day: bool = False
    cutoff: time | None = None
    same_day_cutoff: time = time(15, 0)
    end_of_day: EndOfDay = EndOfDay.OFFICE
    hours_per_day: int = 8
    defer_after_hours: bool = True

    def __post_init__(self) -> None:
        for name in ("count_receipt_day", "defer_after_hours"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidInputError("must be True or False", field=name)
        for name in ("cutoff", "same_day_cutoff"):
            value = getattr(self, name)
            if value is None and name == "cutoff":
                continue
            if not isinstance(value, time) or value.tzinfo is not None:
                raise InvalidInputError("expected a local clock time without zone", field=name)
        try:
            object.__setattr__(self, "end_of_day", EndOfDay(self.end_of_day))
        except ValueError:
            raise InvalidInputError(
                f"expected 'office' or 'midnight', got {self.end_of_day!r}", field="end_of_day"
            ) from None
        if type(self.hours_per_day) is not int or not 1 <= self.hours_per_day <= 24:
            raise InvalidInputError("must be a whole number from 1 to 24", field="hours_per_day")


DEFAULT_POLICY: Final = DeadlinePolicy()


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One rule applied, in Vietnamese and English, with the source that decides it."""

    rule_vi: str
    rule_en: str
    source: str

    def to_dict(self) -> dict[str, str]:
        """JSON form ``{"rule_vi", "rule_en", "source"}`` (public contract)."""
        return {"rule_vi": self.rule_vi, "rule_en": self.rule_en, "source": self.source}


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline and how it was reached.

    Attributes:
        received: The receipt as given (an aware datetime, or a date when no time was known).
        duration: The limit applied.
        counted_from: The moment counting starts (local time): the opening of the first counted
            working day, the stated moment for hour limits, 00:00 of the day after the event for
            calendar periods.
        due_date: The last day of the limit (local date).
        due_at: The closing moment (aware, Asia/Ho_Chi_Minh). For ``end_of_day="midnight"`` it
            is 00:00 of the day after ``due_date``, i.e. 24:00 of the due date.
        provisional: Whether a date involved lies in a year not yet officially announced.
        regime: The one-stop regime in force on the receipt date.
        trace: The rules applied, in order.
    """

    received: datetime | date
    duration: Duration
    counted_from: datetime
    due_date: date
    due_at: datetime
    provisional: bool
    regime: Regime
    trace: tuple[TraceStep, ...] = field(repr=False)

    def to_dict(self) -> dict[str, object]:
        """JSON form (public contract): ``received``, ``counted_from``, ``due_date``, ``due_at``,
        ``provisional``, ``regime``, ``trace``, plus ``limit`` and ``regime_name``."""  # noqa: D205, D209
        vi, en = self.duration.label()
        return {
            "received": self.received.isoformat(),
            "counted_from": self.counted_from.isoformat(),
            "due_date": self.due_date.isoformat(),
            "due_at": self.due_at.isoformat(),
            "provisional": self.provisional,
            "regime": self.regime.code,
            "regime_name": {"vi": self.regime.name_vi, "en": self.regime.name_en},
            "limit": {
                "unit": self.duration.unit.value,
                "amount": f"{self.duration.amount:f}",
                "vi": vi,
                "en": en,
            },
            "trace": [step.to_dict() for step in self.trace],
        }


def regime_on(day: date) -> Regime:
    """The one-stop regime in force on ``day`` (LAW.md §4; kept for the dossier's whole life).

    Raises:
        CoverageError: No regime in kyluat's data covers ``day``.

    Examples:
        >>> regime_on(date(2025, 6, 30)).code, regime_on(date(2025, 7, 1)).code
        ('nd61_2018', 'nd118_2025')
    """
    for regime in REGIMES:
        if regime.effective_from <= day and (
            regime.effective_to is None or day <= regime.effective_to
        ):
            return regime
    raise CoverageError(f"no one-stop regime in kyluat's data covers {day}", field="received_at")


# --- Formatting helpers (only called when building the trace) -------------------------------

_WD_VI: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WD_EN: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _vi(d: date) -> str:
    return f"{_WD_VI[d.weekday()]} {d.day:02d}/{d.month:02d}/{d.year}"


def _en(d: date) -> str:
    return f"{_WD_EN[d.weekday()]} {d.day:02d}/{d.month:02d}/{d.year}"


def _hm(second: int) -> str:
    return f"{second // 3600:02d}:{second % 3600 // 60:02d}"


def _step(vi: str, en: str, *sources: Source) -> TraceStep:
    return TraceStep(vi, en, cite(sources))


# --- The engine -------------------------------------------------------------------------------


def _local(received_at: datetime | date) -> tuple[date, int | None]:
    """Local date and second of day of the receipt (``None`` when only a date is known)."""
    if isinstance(received_at, datetime):
        if received_at.tzinfo is None or received_at.utcoffset() is None:
            raise InvalidInputError(
                f"naive datetime {received_at.isoformat()}: the moment of receipt needs a time "
                "zone (e.g. tzinfo=ZoneInfo('Asia/Ho_Chi_Minh'))",
                field="received_at",
            )
        local = received_at.astimezone(VIETNAM)
        return local.date(), local.hour * 3600 + local.minute * 60 + local.second
    if isinstance(received_at, date):
        return received_at, None
    raise InvalidInputError(
        f"expected an aware datetime or a date, got {type(received_at).__name__}",
        field="received_at",
    )


def _at(day: date, second: int) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=VIETNAM) + timedelta(seconds=second)


def _calendar_source(calendar: WorkCalendar) -> Source:
    return Source(
        "Lịch làm việc kyluat (QĐ 188/1999/QĐ-TTg; BLLĐ 2019 Điều 111–112; thông báo nghỉ lễ)",
        note=f"{calendar.sector.value} sector",
    )


def compute_deadline(
    received_at: datetime | date,
    duration: Duration | str,
    *,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
) -> Deadline:
    """Compute the deadline of a limit from the moment of receipt, and explain it.

    Args:
        received_at: The moment of receipt (an aware datetime), or the date when only the day is
            known (then no cut-off or office-hours rule can apply; hour and same-day limits
            refuse it).
        duration: The limit, a :class:`Duration` or published text such as "5 ngày làm việc".
        calendar: The working-day calendar (default: :func:`~kyluat.default_calendar`).
        office_hours: The agency's sessions (default: :data:`~kyluat.DEFAULT_OFFICE_HOURS`).
        policy: The choices left to the agency (default: LAW.md §9).

    Returns:
        The :class:`Deadline`, with its trace.

    Raises:
        InvalidInputError: A naive datetime, a date for an hour or same-day limit, a limit that
            cannot be read, or an argument of the wrong type (the error names the field).
        CoverageError: The receipt or the deadline falls outside the calendar's data.
        ProvisionalDataError: A strict calendar and a deadline in a year not yet announced.

    Warns:
        ProvisionalDataWarning: The deadline depends on a year not yet officially announced.

    References:
        BLDS 2015 (91/2015/QH13) Art. 147–148; NĐ 61/2018/NĐ-CP, NĐ 118/2025/NĐ-CP;
        QĐ 188/1999/QĐ-TTg; LAW.md §9.
    """
    if isinstance(duration, str):
        duration = Duration.parse(duration)
    elif not isinstance(duration, Duration):
        raise InvalidInputError(
            f"expected a Duration or text, got {type(duration).__name__}", field="duration"
        )
    calendar = default_calendar() if calendar is None else calendar
    if not isinstance(calendar, WorkCalendar):
        raise InvalidInputError("expected a WorkCalendar", field="calendar")
    hours = DEFAULT_OFFICE_HOURS if office_hours is None else office_hours
    if not isinstance(hours, OfficeHours):
        raise InvalidInputError("expected OfficeHours", field="office_hours")
    policy = DEFAULT_POLICY if policy is None else policy
    if not isinstance(policy, DeadlinePolicy):
        raise InvalidInputError("expected a DeadlinePolicy", field="policy")

    day, second = _local(received_at)
    regime = regime_on(day)
    index = worktime_index(calendar, hours)
    i = index.day(day)
    trace = [
        _step(
            f"Áp dụng {regime.name_vi} (quy định có hiệu lực vào ngày nhận {_vi(day)})",
            f"Rules in force on the receipt date {_en(day)}: {regime.name_en}",
            *regime.sources,
        )
    ]
    unit = duration.unit
    if unit in (Unit.DAYS, Unit.WEEKS, Unit.MONTHS, Unit.YEARS):
        counted_from, due_date, due_at = _calendar_period(
            day, duration, calendar, index, policy, trace
        )
    elif unit is Unit.SAME_DAY:
        counted_from, due_date, due_at = _same_day(day, second, index, policy, trace)
    elif unit is Unit.WORKING_HOURS:
        counted_from, due_date, due_at = _working_hours(
            day, second, i, duration.amount, index, hours, policy, trace
        )
    else:
        counted_from, due_date, due_at = _working_days(
            day, second, i, duration.amount, calendar, index, hours, policy, trace
        )

    last_announced = calendar.last_announced_year
    provisional = due_date.year > last_announced or day.year > last_announced
    if provisional:
        message = (
            f"the deadline {due_date.isoformat()} depends on a year after {last_announced}, "
            "whose official schedule is not announced yet: it may change"
        )
        if calendar.strict:
            raise ProvisionalDataError(message, field="received_at")
        trace.append(
            _step(
                f"Tạm tính: lịch nghỉ các năm sau {last_announced} chưa được công bố",
                f"Provisional: the schedule of years after {last_announced} is not announced",
                rules.KYLUAT_DEFAULTS,
            )
        )
        warnings.warn(message, ProvisionalDataWarning, stacklevel=2)
    return Deadline(
        received=received_at,
        duration=duration,
        counted_from=counted_from,
        due_date=due_date,
        due_at=due_at,
        provisional=provisional,
        regime=regime,
        trace=tuple(trace),
    )


def _deemed_receipt(
    day: date,
    second: int | None,
    i: int,
    index: WorkTimeIndex,
    policy: DeadlinePolicy,
    trace: list[TraceStep],
    *,
    cutoff: time | None,
    cutoff_source: Source,
) -> int:
    """Day index of the deemed receipt: the receipt day, or the next working day (§9.3)."""
    if not index.spans[i]:
        j = index.next_working(i)
        trace.append(
            _step(
                f"Nhận vào ngày nghỉ {_vi(day)}: coi như nhận ngày làm việc tiếp theo "
                f"{_vi(_day(index, j))}",
                f"Received on a non-working day ({_en(day)}): deemed received on the next "
                f"working day, {_en(_day(index, j))}",
                rules.KYLUAT_DEFAULTS,
            )
        )
        return j
    if second is None:
        return i
    if cutoff is not None and second > cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second:
        j = index.next_working(i)
        trace.append(
            _step(
                f"Nhận sau {cutoff:%H:%M}: coi như nhận ngày làm việc tiếp theo "
                f"{_vi(_day(index, j))}",
                f"Received after the {cutoff:%H:%M} cut-off: deemed received on the next working "
                f"day, {_en(_day(index, j))}",
                cutoff_source,
            )
        )
        return j
    if policy.defer_after_hours and second >= index.closing(i):
        j = index.next_working(i)
        trace.append(
            _step(
                f"Nhận sau giờ làm việc ({_hm(index.closing(i))}): coi như nhận ngày làm việc "
                f"tiếp theo {_vi(_day(index, j))}",
                f"Received after office hours ({_hm(index.closing(i))}): deemed received on the "
                f"next working day, {_en(_day(index, j))}",
                rules.KYLUAT_DEFAULTS,
            )
        )
        return j
    return i


def _day(index: WorkTimeIndex, i: int) -> date:
    return date.fromordinal(index.first_ordinal + i)


def _close(
    index: WorkTimeIndex, i: int, policy: DeadlinePolicy, trace: list[TraceStep]
) -> datetime:
    """Closing moment of day i as a deadline (§9.2 / BLDS 148(6))."""
    d = _day(index, i)
    if policy.end_of_day is EndOfDay.MIDNIGHT:
        trace.append(
            _step(
                f"Hạn chót: 24:00 ngày {_vi(d)}",
                f"Closing moment: 24:00 on {_en(d)}",
                rules.BLDS_148_END_OF_DAY,
            )
        )
        return _at(d, 86400)
    spans = index.spans[i]
    closing = spans[-1][1] if spans else 86400
    trace.append(
        _step(
            f"Hạn chót: hết giờ làm việc ({_hm(closing)}) ngày {_vi(d)}",
            f"Closing moment: close of business ({_hm(closing)}) on {_en(d)}",
            rules.KYLUAT_DEFAULTS,
            rules.OFFICE_HOURS_PROVINCIAL,
        )
    )
    return _at(d, closing)


def _working_days(
    day: date,
    second: int | None,
    i: int,
    amount: Decimal,
    calendar: WorkCalendar,
    index: WorkTimeIndex,
    hours: OfficeHours,
    policy: DeadlinePolicy,
    trace: list[TraceStep],
) -> tuple[datetime, date, datetime]:
    deemed = _deemed_receipt(
        day,
        second,
        i,
        index,
        policy,
        trace,
        cutoff=policy.cutoff,
        cutoff_source=rules.KYLUAT_DEFAULTS,
    )
    deemed_day = _day(index, deemed)
    whole = int(amount)
    fraction = amount - whole
    if policy.count_receipt_day:
        first_counted = deemed_day
        trace.append(
            _step(
                f"Tính cả ngày nhận {_vi(deemed_day)} (chính sách của cơ quan)",
                f"The receipt day {_en(deemed_day)} is counted (agency policy)",
                rules.KYLUAT_DEFAULTS,
            )
        )
        offset = whole - 1 if fraction == 0 else whole
    else:
        first_counted, _ = calendar._shift(deemed_day, 1)
        trace.append(
            _step(
                f"Không tính ngày nhận; bắt đầu tính từ {_vi(first_counted)}",
                f"The receipt day is not counted; counting starts on {_en(first_counted)}",
                rules.BLDS_147_START,
            )
        )
        offset = whole if fraction == 0 else whole + 1
    counted_from = _at(first_counted, index.opening(index.day(first_counted)))
    vi, en = Duration.working_days(amount).label()
    if fraction == 0 and whole == 0:
        due_date = deemed_day
    elif fraction == 0:
        due_date, _ = calendar._shift(deemed_day, offset)
    else:
        day_of_fraction, _ = (
            (deemed_day, False) if offset == 0 else calendar._shift(deemed_day, offset)
        )
        seconds = fraction * policy.hours_per_day * 3600
        if seconds != seconds.to_integral_value():
            raise InvalidInputError(
                f"{amount} working days is not a whole number of seconds", field="duration"
            )
        j = index.day(day_of_fraction)
        start = index.position(j, index.opening(j))
        due_index, due_second = index.moment(start + int(seconds))
        due_date = _day(index, due_index)
        trace.append(
            _step(
                f"Cộng {vi} (1 ngày = {policy.hours_per_day} giờ; phần lẻ tính theo giờ làm việc "
                f"{hours} từ đầu ngày {_vi(day_of_fraction)}): "
                f"hạn {_hm(due_second)} {_vi(due_date)}",
                f"Add {en} (1 day = {policy.hours_per_day} hours; the fraction counted in working "
                f"hours of {hours} from the opening of {_en(day_of_fraction)}): due "
                f"{_hm(due_second)} {_en(due_date)}",
                rules.WORKING_DAY_HOURS,
                _calendar_source(calendar),
            )
        )
        return counted_from, due_date, _at(due_date, due_second)
    trace.append(
        _step(
            f"Cộng {vi} theo lịch làm việc: ngày hết hạn {_vi(due_date)}",
            f"Add {en} on the working calendar: last day {_en(due_date)}",
            rules.PROCEDURE_LIMIT,
            _calendar_source(calendar),
        )
    )
    return counted_from, due_date, _close(index, index.day(due_date), policy, trace)


def _working_hours(
    day: date,
    second: int | None,
    i: int,
    amount: Decimal,
    index: WorkTimeIndex,
    hours: OfficeHours,
    policy: DeadlinePolicy,
    trace: list[TraceStep],
) -> tuple[datetime, date, datetime]:
    if second is None:
        raise InvalidInputError(
            "a limit in working hours needs the moment of receipt, not only its date",
            field="received_at",
        )
    seconds = amount * 3600
    if seconds != seconds.to_integral_value():
        raise InvalidInputError(
            f"{amount} working hours is not a whole number of seconds", field="duration"
        )
    if policy.cutoff is not None and index.spans[i] and second > _seconds(policy.cutoff):
        j = index.next_working(i)
        start_day, start_second = j, index.opening(j)
        trace.append(
            _step(
                f"Nhận sau {policy.cutoff:%H:%M}: bắt đầu tính từ đầu giờ làm việc "
                f"{_vi(_day(index, j))}",
                f"Received after the {policy.cutoff:%H:%M} cut-off: counting starts at the "
                f"opening of {_en(_day(index, j))}",
                rules.KYLUAT_DEFAULTS,
            )
        )
    else:
        start_day, start_second = index.start_of_counting(i, second)
        if (start_day, start_second) != (i, second):
            trace.append(
                _step(
                    f"Nhận ngoài giờ làm việc: bắt đầu tính từ {_hm(start_second)} "
                    f"{_vi(_day(index, start_day))}",
                    f"Received outside office hours: counting starts at {_hm(start_second)} "
                    f"on {_en(_day(index, start_day))}",
                    rules.KYLUAT_DEFAULTS,
                )
            )
        else:
            trace.append(
                _step(
                    f"Thời hạn tính theo giờ bắt đầu từ thời điểm nhận {_hm(second)}",
                    f"An hour limit starts at the moment of receipt, {_hm(second)}",
                    rules.BLDS_147_HOURS,
                )
            )
    start_date = _day(index, start_day)
    counted_from = _at(start_date, start_second)
    if seconds == 0:
        return counted_from, start_date, counted_from
    due_index, due_second = index.moment(index.position(start_day, start_second) + int(seconds))
    due_date = _day(index, due_index)
    vi, en = Duration.working_hours(amount).label()
    trace.append(
        _step(
            f"Cộng {vi} trên các ca làm việc {hours} (không tính giờ nghỉ trưa, ngày nghỉ): "
            f"hạn {_hm(due_second)} {_vi(due_date)}",
            f"Add {en} on the office sessions {hours} (lunch breaks and days off not counted): "
            f"due {_hm(due_second)} {_en(due_date)}",
            rules.BLDS_147_HOURS,
            rules.OFFICE_HOURS_PROVINCIAL,
        )
    )
    return counted_from, due_date, _at(due_date, due_second)


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _same_day(
    day: date,
    second: int | None,
    index: WorkTimeIndex,
    policy: DeadlinePolicy,
    trace: list[TraceStep],
) -> tuple[datetime, date, datetime]:
    if second is None:
        raise InvalidInputError(
            "a same-day limit needs the moment of receipt (the cut-off depends on it)",
            field="received_at",
        )
    i = index.day(day)
    deemed = _deemed_receipt(
        day,
        second,
        i,
        index,
        policy,
        trace,
        cutoff=policy.same_day_cutoff,
        cutoff_source=rules.CUTOFF_SAME_DAY,
    )
    due_date = _day(index, deemed)
    trace.append(
        _step(
            f"Giải quyết trong ngày: trả kết quả trong ngày {_vi(due_date)}",
            f"Same-day procedure: result due on {_en(due_date)}",
            rules.CUTOFF_SAME_DAY,
        )
    )
    counted_from = _at(day, second) if deemed == i else _at(due_date, index.opening(deemed))
    return counted_from, due_date, _close(index, deemed, policy, trace)


def _calendar_period(
    day: date,
    duration: Duration,
    calendar: WorkCalendar,
    index: WorkTimeIndex,
    policy: DeadlinePolicy,
    trace: list[TraceStep],
) -> tuple[datetime, date, datetime]:
    n = int(duration.amount)
    unit = duration.unit
    start = day + timedelta(days=1)
    counted_from = _at(start, 0)
    vi, en = duration.label()
    if unit is Unit.DAYS:
        if policy.count_receipt_day:
            last = day + timedelta(days=max(n - 1, 0))
            source = rules.KYLUAT_DEFAULTS
            counted_from = _at(day, 0)
        else:
            last = day + timedelta(days=n)
            source = rules.BLDS_148_DAYS
        trace.append(
            _step(
                f"Không tính ngày xảy ra sự kiện; {vi} kết thúc vào cuối ngày {_vi(last)}"
                if not policy.count_receipt_day
                else f"Tính cả ngày nhận; {vi} kết thúc vào cuối ngày {_vi(last)}",
                f"The day of the event is not counted; {en} end at the end of {_en(last)}"
                if not policy.count_receipt_day
                else f"The receipt day is counted; {en} end at the end of {_en(last)}",
                rules.BLDS_147_START if not policy.count_receipt_day else rules.KYLUAT_DEFAULTS,
                source,
            )
        )
    else:
        from dateutil.relativedelta import relativedelta

        if unit is Unit.WEEKS:
            last, source = day + timedelta(weeks=n), rules.BLDS_148_WEEKS
        elif unit is Unit.MONTHS:
            last, source = day + relativedelta(months=n), rules.BLDS_148_MONTHS
        else:
            last, source = day + relativedelta(years=n), rules.BLDS_148_YEARS
        note_vi = note_en = ""
        if unit is not Unit.WEEKS and last.day != day.day:
            note_vi = " (tháng cuối không có ngày tương ứng: ngày cuối tháng)"
            note_en = " (the last month has no such day: its last day)"
        trace.append(
            _step(
                f"Thời hạn {vi} tính từ ngày sau sự kiện, kết thúc ngày {_vi(last)}{note_vi}",
                f"{en} counted from the day after the event end on {_en(last)}{note_en}",
                rules.BLDS_147_START,
                source,
            )
        )
    if index.day(last) >= 0 and not calendar._is_working(last):
        rolled, _ = calendar._shift(last, 0)
        trace.append(
            _step(
                f"Ngày cuối {_vi(last)} là ngày nghỉ: chuyển sang ngày làm việc tiếp theo "
                f"{_vi(rolled)}",
                f"The last day {_en(last)} is not a working day: the period ends on the next "
                f"working day, {_en(rolled)}",
                rules.BLDS_148_ROLL,
            )
        )
        last = rolled
    return counted_from, last, _close(index, index.day(last), policy, trace)
