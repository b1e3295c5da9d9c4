"""The text of each rule the deadline engine applies, in Vietnamese and English, with its source.

Private kernel of [`kyluat.deadline`][kyluat.deadline]: the engine records each rule as a render
function and its arguments, and [`Deadline.trace`][kyluat.deadline.Deadline.trace] calls them only
when read (rendering text costs more than computing the deadline). Citations are formatted once, at
import.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from functools import lru_cache
from typing import Final

from kyluat._text import WEEKDAY_EN_SHORT, WEEKDAY_VI
from kyluat._values import Value
from kyluat.calendar import Sector, WorkCalendar
from kyluat.data import rules
from kyluat.data.rules import REGIMES, Regime
from kyluat.duration import Duration, Unit
from kyluat.office_hours import OfficeHours
from kyluat.sources import Source, cite

Step = tuple[Callable[..., "TraceStep"], tuple[object, ...]]


class TraceStep(Value):
    """One rule applied, in Vietnamese and English, with the source that decides it.

    Attributes:
        rule_vi: The rule as applied, in Vietnamese.
        rule_en: The same in English.
        source: The document, article and clause that decide it.
    """

    # One slot holding a tuple, like Deadline: traces are rendered in bulk.
    __slots__ = ("_v",)
    _v: tuple[str, str, str]

    def __init__(self, rule_vi: str, rule_en: str, source: str) -> None:
        _set_fields(self, (rule_vi, rule_en, source))

    @property
    def rule_vi(self) -> str:
        """The rule as applied, in Vietnamese."""
        return self._v[0]

    @property
    def rule_en(self) -> str:
        """The same in English."""
        return self._v[1]

    @property
    def source(self) -> str:
        """The document, article and clause that decide it."""
        return self._v[2]

    def __repr__(self) -> str:
        return (
            f"TraceStep(rule_vi={self.rule_vi!r}, rule_en={self.rule_en!r}, source={self.source!r})"
        )

    def to_dict(self) -> dict[str, str]:
        """JSON form ``{"rule_vi", "rule_en", "source"}`` (public contract)."""
        vi, en, source = self._v
        return {"rule_vi": vi, "rule_en": en, "source": source}


_set_fields = TraceStep.__dict__["_v"].__set__  # the slot descriptor's own setter
_new = object.__new__


def _step(rule_vi: str, rule_en: str, source: str) -> TraceStep:
    """A trace step without the constructor's call overhead (the renderers' hot path)."""
    step = _new(TraceStep)
    _set_fields(step, (rule_vi, rule_en, source))
    return step


# Formatting dates and times dominates rendering a trace; the same few recur, so memoise them.
@lru_cache(maxsize=8192)
def day_vi(d: date) -> str:
    return f"{WEEKDAY_VI[d.weekday()]} {d.day:02d}/{d.month:02d}/{d.year}"


@lru_cache(maxsize=8192)
def day_en(d: date) -> str:
    return f"{WEEKDAY_EN_SHORT[d.weekday()]} {d.day:02d}/{d.month:02d}/{d.year}"


@lru_cache(maxsize=2048)
def clock(second: int) -> str:
    return f"{second // 3600:02d}:{second % 3600 // 60:02d}"


# Citations are formatted once, at import: rendering a trace only formats its dates and times.
S_DEFAULTS: Final = cite((rules.KYLUAT_DEFAULTS,))
_S_147_START: Final = cite((rules.BLDS_147_START,))
S_HOURS: Final = cite((rules.BLDS_147_HOURS,))
S_HOURS_ON_SESSIONS: Final = cite((rules.BLDS_147_HOURS, rules.OFFICE_HOURS_PROVINCIAL))
S_FRACTION: Final = cite(
    (rules.WORKING_DAY_HOURS, rules.OFFICE_HOURS_PROVINCIAL, rules.KYLUAT_DEFAULTS)
)
S_SAME_DAY: Final = cite((rules.CUTOFF_SAME_DAY,))
S_ROLL: Final = cite((rules.BLDS_148_ROLL,))
S_MIDNIGHT: Final = cite((rules.BLDS_148_END_OF_DAY,))
S_OFFICE_CLOSE: Final = cite((rules.KYLUAT_DEFAULTS, rules.OFFICE_HOURS_PROVINCIAL))
S_REGIME: Final = {regime.code: cite(regime.sources) for regime in REGIMES}
S_PERIOD: Final = {
    (unit, counted): cite((rules.KYLUAT_DEFAULTS if counted else rules.BLDS_147_START, source))
    for unit, source in (
        (Unit.DAYS, rules.BLDS_148_DAYS),
        (Unit.WEEKS, rules.BLDS_148_WEEKS),
        (Unit.MONTHS, rules.BLDS_148_MONTHS),
        (Unit.YEARS, rules.BLDS_148_YEARS),
    )
    for counted in (False, True)
}
CALENDAR_BASIS: Final = (
    "Lịch làm việc kyluat (QĐ 188/1999/QĐ-TTg; BLLĐ 2019 Điều 111–112; thông báo nghỉ lễ)"
)
S_WORKING_DAYS: Final = {
    sector: cite((rules.PROCEDURE_LIMIT, Source(CALENDAR_BASIS, note=f"{sector.value} sector")))
    for sector in Sector
}


def regime(regime: Regime, day: date) -> TraceStep:
    return _step(
        f"Áp dụng {regime.name_vi} (quy định có hiệu lực vào ngày nhận {day_vi(day)})",
        f"Rules in force on the receipt date {day_en(day)}: {regime.name_en}",
        S_REGIME[regime.code],
    )


def non_working(day: date, deemed: date) -> TraceStep:
    return _step(
        f"Nhận vào ngày nghỉ {day_vi(day)}: coi như nhận ngày làm việc tiếp theo {day_vi(deemed)}",
        f"Received on a non-working day ({day_en(day)}): deemed received on the next working day, "
        f"{day_en(deemed)}",
        S_DEFAULTS,
    )


def cutoff(cutoff: time, deemed: date, source: str) -> TraceStep:
    return _step(
        f"Nhận sau {cutoff:%H:%M}: coi như nhận ngày làm việc tiếp theo {day_vi(deemed)}",
        f"Received after the {cutoff:%H:%M} cut-off: deemed received on the next working day, "
        f"{day_en(deemed)}",
        source,
    )


def after_hours(closing: int, deemed: date) -> TraceStep:
    return _step(
        f"Nhận sau giờ làm việc ({clock(closing)}): coi như nhận ngày làm việc tiếp theo "
        f"{day_vi(deemed)}",
        f"Received after office hours ({clock(closing)}): deemed received on the next working "
        f"day, {day_en(deemed)}",
        S_DEFAULTS,
    )


def receipt_counted(deemed: date) -> TraceStep:
    return _step(
        f"Tính cả ngày nhận {day_vi(deemed)} (chính sách của cơ quan)",
        f"The receipt day {day_en(deemed)} is counted (agency policy)",
        S_DEFAULTS,
    )


def receipt_not_counted(first_counted: date) -> TraceStep:
    return _step(
        f"Không tính ngày nhận; bắt đầu tính từ {day_vi(first_counted)}",
        f"The receipt day is not counted; counting starts on {day_en(first_counted)}",
        _S_147_START,
    )


def working_days(duration: Duration, due: date, calendar: WorkCalendar) -> TraceStep:
    vi, en = duration.label()
    return _step(
        f"Cộng {vi} theo lịch làm việc: ngày hết hạn {day_vi(due)}",
        f"Add {en} on the working calendar: last day {day_en(due)}",
        S_WORKING_DAYS[calendar.sector],
    )


@lru_cache(maxsize=1024)
def length_vi(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours} giờ {minutes:02d} phút" + (f" {secs:02d} giây" if secs else "")


@lru_cache(maxsize=1024)
def length_en(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours} h {minutes:02d} min" + (f" {secs:02d} s" if secs else "")


def fraction(
    duration: Duration, hours: OfficeHours, day: date, counted: int, length: int, second: int
) -> TraceStep:
    vi, en = duration.label()
    amount = duration.amount
    part = f"{amount - int(amount):f}"
    part_vi = part.replace(".", ",")
    return _step(
        f"Cộng {vi}: phần lẻ {part_vi} ngày = {part_vi} × thời gian làm việc của ngày "
        f"{day_vi(day)} ({length_vi(counted)} trên {length_vi(length)}, theo giờ làm việc "
        f"{hours}), tính từ đầu ngày: hạn {clock(second)} {day_vi(day)}",
        f"Add {en}: the fraction {part} of a day = {part} × the office time of {day_en(day)} "
        f"({length_en(counted)} of {length_en(length)}, on the sessions {hours}), counted from "
        f"its opening: due {clock(second)} {day_en(day)}",
        S_FRACTION,
    )


def hours_start(second: int) -> TraceStep:
    return _step(
        f"Thời hạn tính theo giờ bắt đầu từ thời điểm nhận {clock(second)}",
        f"An hour limit starts at the moment of receipt, {clock(second)}",
        S_HOURS,
    )


def hours_deferred(start: date, second: int) -> TraceStep:
    return _step(
        f"Nhận ngoài giờ làm việc: bắt đầu tính từ {clock(second)} {day_vi(start)}",
        f"Received outside office hours: counting starts at {clock(second)} on {day_en(start)}",
        S_DEFAULTS,
    )


def hours(duration: Duration, hours: OfficeHours, due: date, second: int) -> TraceStep:
    vi, en = duration.label()
    return _step(
        f"Cộng {vi} trên các ca làm việc {hours} (không tính nghỉ trưa, ngày nghỉ): "
        f"hạn {clock(second)} {day_vi(due)}",
        f"Add {en} on the office sessions {hours} (lunch breaks and days off not counted): "
        f"due {clock(second)} {day_en(due)}",
        S_HOURS_ON_SESSIONS,
    )


def clock_hours(duration: Duration, due: date, second: int) -> TraceStep:
    vi, en = duration.label()
    return _step(
        f"Cộng {vi} liên tục từ thời điểm nhận (kể cả ngoài giờ và ngày nghỉ): hạn "
        f"{clock(second)} {day_vi(due)}",
        f"Add {en} continuously from the moment of receipt (nights and days off included): "
        f"due {clock(second)} {day_en(due)}",
        S_HOURS,
    )


def same_day(due: date) -> TraceStep:
    return _step(
        f"Giải quyết trong ngày: trả kết quả trong ngày {day_vi(due)}",
        f"Same-day procedure: result due on {day_en(due)}",
        S_SAME_DAY,
    )


def period(
    duration: Duration, event: date, last: date, counted: bool, short_month: bool
) -> TraceStep:
    vi, en = duration.label()
    source = S_PERIOD[duration.unit, counted]
    note_vi = " (tháng cuối không có ngày tương ứng: lấy ngày cuối tháng)" if short_month else ""
    note_en = " (the last month has no such day: its last day)" if short_month else ""
    if counted:
        return _step(
            f"Tính cả ngày xảy ra sự kiện {day_vi(event)} (chính sách của cơ quan): thời hạn "
            f"{vi} bắt đầu từ ngày đó và kết thúc vào ngày {day_vi(last)}{note_vi}",
            f"The day of the event, {day_en(event)}, is counted (agency policy): the period "
            f"of {en} starts on it and ends on {day_en(last)}{note_en}",
            source,
        )
    return _step(
        f"Không tính ngày xảy ra sự kiện; {vi} kết thúc vào ngày {day_vi(last)}{note_vi}",
        f"The day of the event is not counted; {en} end on {day_en(last)}{note_en}",
        source,
    )


def roll(last: date, rolled: date) -> TraceStep:
    return _step(
        f"Ngày cuối {day_vi(last)} là ngày nghỉ: chuyển sang ngày làm việc tiếp theo "
        f"{day_vi(rolled)}",
        f"The last day {day_en(last)} is not a working day: the period ends on the next working "
        f"day, {day_en(rolled)}",
        S_ROLL,
    )


def close_midnight(due: date) -> TraceStep:
    return _step(
        f"Hạn chót: 24:00 ngày {day_vi(due)}",
        f"Closing moment: 24:00 on {day_en(due)}",
        S_MIDNIGHT,
    )


def close_office(due: date, closing: int) -> TraceStep:
    return _step(
        f"Hạn chót: hết giờ làm việc ({clock(closing)}) ngày {day_vi(due)}",
        f"Closing moment: close of business ({clock(closing)}) on {day_en(due)}",
        S_OFFICE_CLOSE,
    )


def provisional(last_announced: int) -> TraceStep:
    return _step(
        f"Tạm tính: lịch nghỉ các năm sau {last_announced} chưa được công bố",
        f"Provisional: the schedule of years after {last_announced} is not announced yet",
        S_DEFAULTS,
    )
