"""Hypothesis strategies for testing deadline code against kyluat (``pip install kyluat[testing]``).

Every strategy checks its bounds when it is built (a bad bound raises
[`InvalidInputError`][kyluat.errors.InvalidInputError] at once, not in the middle of a test run) and
its docstring says where failing examples shrink to. The package registers
[`durations`][kyluat.strategies.durations] for [`Duration`][kyluat.Duration] through the
``hypothesis`` entry point, so ``st.from_type(Duration)`` works.

Examples:
    >>> from hypothesis import given, settings
    >>> from kyluat import default_calendar
    >>> @settings(max_examples=20, database=None)
    ... @given(working_days(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))
    ... def test_is_working(day):
    ...     assert default_calendar().is_working_day(day)
    >>> test_is_working()
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from hypothesis import strategies as st

from kyluat.calendar import DayKind, Override, WorkCalendar, default_calendar
from kyluat.deadline import VIETNAM
from kyluat.duration import Duration, Unit
from kyluat.errors import InvalidInputError
from kyluat.office_hours import OfficeHours, Session

__all__ = [
    "calendars",
    "clock_events",
    "dates",
    "decorated_limits",
    "durations",
    "lifecycle_triggers",
    "moments",
    "office_hours",
    "published_limits",
    "working_days",
]


def _bounds(
    calendar: WorkCalendar | None,
    min_value: date | None,
    max_value: date | None,
    decided_only: bool,
) -> tuple[WorkCalendar, date, date]:
    cal = default_calendar() if calendar is None else calendar
    low = cal.first_date if min_value is None else min_value
    last = date(cal.last_announced_year, 12, 31) if decided_only else cal.last_date
    high = last if max_value is None else max_value
    for name, value in (("min_value", low), ("max_value", high)):
        if type(value) is not date:
            raise InvalidInputError("expected a date", field=name)
        if not cal.first_date <= value <= last:
            raise InvalidInputError(
                f"{value} is outside the calendar's {'decided ' if decided_only else ''}data "
                f"({cal.first_date} to {last})",
                field=name,
            )
    if low > high:
        raise InvalidInputError(f"{low} is after max_value {high}", field="min_value")
    return cal, low, high


def dates(
    *,
    calendar: WorkCalendar | None = None,
    min_value: date | None = None,
    max_value: date | None = None,
    decided_only: bool = True,
) -> st.SearchStrategy[date]:
    """Dates the calendar covers (by default only officially decided years).

    Shrinks towards ``min_value`` (by default the calendar's first date, 2018-01-01).

    Raises:
        InvalidInputError: A bound outside the data, or ``min_value`` after ``max_value``.
    """
    _, low, high = _bounds(calendar, min_value, max_value, decided_only)
    return st.integers(0, (high - low).days).map(lambda n: low + timedelta(days=n))


def working_days(
    *,
    calendar: WorkCalendar | None = None,
    min_value: date | None = None,
    max_value: date | None = None,
    decided_only: bool = True,
) -> st.SearchStrategy[date]:
    """Working days of the calendar; drawn by rank, so no example is ever filtered out.

    Shrinks towards the first working day on or after ``min_value``.

    Raises:
        InvalidInputError: A bound outside the data, or no working day between the bounds.
    """
    cal, low, high = _bounds(calendar, min_value, max_value, decided_only)
    days = list(cal.working_days(low, high))
    if not days:
        raise InvalidInputError(f"no working day from {low} to {high}", field="min_value")
    return st.sampled_from(days)


def moments(
    *,
    calendar: WorkCalendar | None = None,
    min_value: date | None = None,
    max_value: date | None = None,
    decided_only: bool = True,
) -> st.SearchStrategy[datetime]:
    """Aware moments (Asia/Ho_Chi_Minh, whole minutes) on the covered days.

    Shrinks towards midnight at the start of ``min_value``.
    """
    return st.builds(
        lambda day, minute: (
            datetime(day.year, day.month, day.day, tzinfo=VIETNAM) + timedelta(minutes=minute)
        ),
        dates(
            calendar=calendar, min_value=min_value, max_value=max_value, decided_only=decided_only
        ),
        st.integers(0, 24 * 60 - 1),
    )


def durations(
    *,
    units: tuple[Unit, ...] = (Unit.WORKING_DAYS, Unit.WORKING_HOURS),
    max_working_days: int = 30,
    max_working_hours: int = 80,
    max_days: int = 60,
    max_weeks: int = 8,
    max_months: int = 12,
    max_years: int = 2,
    max_hours: int = 72,
    quarter_days: bool = True,
) -> st.SearchStrategy[Duration]:
    """Limits as published procedures set them: working days (with 0.25 steps when
    ``quarter_days``), working hours (0.5 steps), calendar days, weeks, months, years, same day,
    clock hours.

    Shrinks towards the first unit listed with amount 0 (``working_days(0)`` by default).

    Raises:
        InvalidInputError: No unit, an unknown unit, or a negative maximum.
    """  # noqa: D205
    if not units:
        raise InvalidInputError("at least one unit", field="units")
    maxima = {
        "max_working_days": max_working_days,
        "max_working_hours": max_working_hours,
        "max_days": max_days,
        "max_weeks": max_weeks,
        "max_months": max_months,
        "max_years": max_years,
        "max_hours": max_hours,
    }
    for name, value in maxima.items():
        if type(value) is not int or value < 0:
            raise InvalidInputError("must be a whole number >= 0", field=name)
    branches: list[st.SearchStrategy[Duration]] = []
    for unit in units:
        unit = Unit(unit)
        if unit is Unit.WORKING_DAYS:
            step = 4 if quarter_days else 1
            branches.append(
                st.integers(0, max_working_days * step).map(partial(_days_in, step=step))
            )
        elif unit is Unit.WORKING_HOURS:
            branches.append(
                st.integers(0, max_working_hours * 2).map(
                    lambda h: Duration.working_hours(f"{h / 2}")
                )
            )
        elif unit is Unit.SAME_DAY:
            branches.append(st.just(Duration.same_day()))
        elif unit is Unit.HOURS:
            branches.append(st.integers(0, max_hours).map(Duration.hours))
        else:
            top = {
                Unit.DAYS: max_days,
                Unit.WEEKS: max_weeks,
                Unit.MONTHS: max_months,
                Unit.YEARS: max_years,
            }[unit]
            branches.append(st.integers(0, top).map(partial(_period, unit)))
    return st.one_of(branches)


def _days_in(parts: int, step: int) -> Duration:
    return Duration.working_days(f"{parts / step}")


def _period(unit: Unit, n: int) -> Duration:
    return Duration(unit, Decimal(n))


_VI_FORMS = ["ngày làm việc", "ngay lam viec", "giờ làm việc", "ngày", "tháng"]


def published_limits() -> st.SearchStrategy[str]:
    """Limit texts as published: clean forms ("05 ngày làm việc", "0,5 ngày làm việc", "trong
    ngày", "5 working days" …) and decorated ones (labels, bullets, "Không quá", numerals in
    words, the starting event, an excluded period; see [`decorated_limits`][kyluat.strategies.decorated_limits]).
    [`read_limit`][kyluat.limits.read_limit] reads each to a single, certain limit.

    Shrinks towards ``"0 ngày làm việc"``.
    """  # noqa: D205, E501
    vietnamese = st.tuples(st.integers(0, 30), st.booleans(), st.sampled_from(_VI_FORMS)).map(
        lambda t: f"{t[0]:0{2 if t[1] else 1}d} {t[2]}"
    )
    english = st.builds(
        lambda n, unit: f"{n} {unit}",
        st.integers(0, 30),
        st.sampled_from(["working days", "working hours", "days", "months"]),
    )
    halves = st.sampled_from(["0,5 ngày làm việc", "1,5 ngày làm việc", "0.25 working days"])
    return st.one_of(
        vietnamese,
        english,
        halves,
        st.sampled_from(["trong ngày", "same day"]),
        # A minus glued to the figure ("-03 ngày") is a bullet to read_limit but a sign to
        # Duration.parse: left out here, drawn by decorated_limits.
        decorated_limits()
        .map(lambda pair: pair[0])
        .filter(lambda text: text[:1] != "-" or not text[1:2].isdigit()),
    )


_NUMERAL_WORDS = ("", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")
_LABELS = ("", "Thời hạn giải quyết: ", "Thời gian giải quyết:", "B. THỜI GIAN GIẢI QUYẾT: ")
_BULLETS = ("", "- ", "+ ", "-")
_PREFIXES = ("", "Không quá ", "Tối đa không quá ", "trong vòng ", "Trong thời hạn ")
_EVENTS = (
    "",
    " kể từ ngày nhận đủ hồ sơ hợp lệ",
    ", kể từ ngày nhận được hồ sơ",
    " kể từ ngày thụ lý",
    " kể từ khi nhận được yêu cầu",
)
_EXCLUDED = ("", " (không kể thời gian thực hiện nghĩa vụ tài chính)")
_UNITS_VI = (
    (Unit.WORKING_DAYS, ("ngày làm việc", "Ngày làm việc", "ngày, làm việc")),
    (Unit.DAYS, ("ngày",)),
    (Unit.MONTHS, ("tháng",)),
    (Unit.WORKING_HOURS, ("giờ làm việc",)),
)


def decorated_limits() -> st.SearchStrategy[tuple[str, Duration]]:
    """A single published limit with the decorations of real procedure pages, and its limit.

    Labels ("Thời hạn giải quyết:"), bullets ("- ", "+ ", "-03"), prefixes ("Không quá"),
    zero padding, numerals in words ("05 (năm)"), decimal commas, the starting event ("kể từ
    ngày nhận đủ hồ sơ hợp lệ"), an excluded period, a final full stop. For round-trip tests
    of a limit reader: the text must read to exactly the limit drawn.

    Shrinks towards ``("1 ngày làm việc", Duration.working_days(1))``.
    """

    def build(
        unit_forms: tuple[Unit, tuple[str, ...]],
        n: int,
        half: bool,
        form: int,
        padded: bool,
        words: bool,
        label: str,
        bullet: str,
        prefix: str,
        event: str,
        excluded: str,
        stop: bool,
    ) -> tuple[str, Duration]:
        unit, forms = unit_forms
        half = half and unit is Unit.WORKING_DAYS
        amount = f"{n},5" if half else f"{n:02d}" if padded else str(n)
        if words and not half and n <= 10:
            amount += f" ({_NUMERAL_WORDS[n]})"
        if bullet == "-" and not amount[0].isdigit():
            bullet = "- "
        text = f"{bullet}{label}{prefix}{amount} {forms[form % len(forms)]}{event}{excluded}"
        duration = Duration(unit, Decimal(f"{n}.5" if half else n))
        return text + ("." if stop else ""), duration

    return st.builds(
        build,
        st.sampled_from(_UNITS_VI),
        st.integers(1, 60),
        st.booleans(),
        st.integers(0, 2),
        st.booleans(),
        st.booleans(),
        st.sampled_from(_LABELS),
        st.sampled_from(_BULLETS),
        st.sampled_from(_PREFIXES),
        st.sampled_from(_EVENTS),
        st.sampled_from(_EXCLUDED),
        st.booleans(),
    )


def office_hours(*, max_sessions: int = 3) -> st.SearchStrategy[OfficeHours]:
    """Office schedules of 1 to ``max_sessions`` ordered sessions between 06:00 and 20:00, in
    quarter hours.

    Shrinks towards one session 06:00–06:15.

    Raises:
        InvalidInputError: ``max_sessions`` outside 1–4.
    """  # noqa: D205
    if type(max_sessions) is not int or not 1 <= max_sessions <= 4:
        raise InvalidInputError("must be 1 to 4", field="max_sessions")
    slots = 14 * 4  # quarter hours from 06:00 to 20:00

    def build(points: list[int]) -> OfficeHours:
        points = sorted(points)
        sessions = []
        for start, end in zip(points[::2], points[1::2], strict=True):
            if start < end:
                sessions.append(Session(_quarter(start), _quarter(end)))
        return OfficeHours(sessions or [Session(time(6), time(6, 15))])

    return st.integers(1, max_sessions).flatmap(
        lambda n: st.lists(st.integers(0, slots), min_size=2 * n, max_size=2 * n, unique=True).map(
            build
        )
    )


def _quarter(n: int) -> time:
    minutes = 6 * 60 + 15 * n
    return time(minutes // 60, minutes % 60)


def calendars(
    *, base: WorkCalendar | None = None, max_overrides: int = 5
) -> st.SearchStrategy[WorkCalendar]:
    """``base`` (default: the public-sector calendar) with random agency overrides in decided
    years: extra days off and extra working days, each with a reason and reference.

    Shrinks towards ``base`` itself (no override).

    Raises:
        InvalidInputError: ``max_overrides`` negative.
    """  # noqa: D205
    if type(max_overrides) is not int or max_overrides < 0:
        raise InvalidInputError("must be a whole number >= 0", field="max_overrides")
    cal = default_calendar() if base is None else base

    def build(picked: list[tuple[date, bool]]) -> WorkCalendar:
        return cal.with_overrides(
            *(
                Override(
                    d,
                    working=w,
                    name_vi="Quyết định của cơ quan",
                    name_en="Agency decision",
                    source="QĐ (thử nghiệm)",
                    kind=DayKind.EXTRA_WORKING_DAY if w else DayKind.AGENCY_CLOSURE,
                )
                for d, w in picked
            )
        )

    return st.lists(
        st.tuples(dates(calendar=cal), st.booleans()),
        max_size=max_overrides,
        unique_by=lambda t: t[0],
    ).map(build)


def clock_events(
    *, max_pauses: int = 3, min_value: date | None = None, max_value: date | None = None
) -> st.SearchStrategy[list[Any]]:
    """Valid event logs for [`replay`][kyluat.sla.SlaClock.replay]: a start (working days or hours),
    up to ``max_pauses`` pause/resume pairs in time order, and a stop.

    Shrinks towards a start and a stop on the same moment.
    """  # noqa: D205
    from kyluat.sla import ClockEvent, EventKind  # needs pydantic: imported on use

    if type(max_pauses) is not int or max_pauses < 0:
        raise InvalidInputError("must be a whole number >= 0", field="max_pauses")
    high = max_value or date(2026, 6, 30)

    def build(start: datetime, limit: Duration, gaps: list[int]) -> list[Any]:
        events = [ClockEvent(kind=EventKind.START, at=start, limit=str(limit))]
        moment = start
        for n, gap in enumerate(gaps):
            moment += timedelta(hours=gap)
            kind = EventKind.PAUSE if n % 2 == 0 else EventKind.RESUME
            reason = "supplement_request" if kind is EventKind.PAUSE else None
            events.append(ClockEvent(kind=kind, at=moment, reason=reason))
        if len(gaps) % 2:
            moment += timedelta(hours=1)
            events.append(ClockEvent(kind=EventKind.RESUME, at=moment))
        events.append(ClockEvent(kind=EventKind.STOP, at=moment))
        return events

    return st.builds(
        build,
        moments(min_value=min_value or date(2018, 6, 1), max_value=high),
        durations(max_working_days=20, max_working_hours=40, quarter_days=False).filter(
            lambda d: d.amount > 0
        ),
        st.lists(st.integers(0, 72), max_size=2 * max_pauses),
    )


def lifecycle_triggers(
    kind: str = "dossier", *, max_size: int = 20
) -> st.SearchStrategy[list[str]]:
    """Sequences of trigger names for a ``"dossier"`` or ``"task"`` (not necessarily valid:
    replaying them must refuse the invalid ones and change nothing).

    Shrinks towards the empty sequence.
    """  # noqa: D205
    from kyluat.lifecycle import DOSSIER_LIFECYCLE, TASK_LIFECYCLE  # needs transitions: on use

    definitions = {"dossier": DOSSIER_LIFECYCLE, "task": TASK_LIFECYCLE}
    if kind not in definitions:
        raise InvalidInputError("expected 'dossier' or 'task'", field="kind")
    triggers = sorted({str(row.trigger) for row in definitions[kind].transitions})
    return st.lists(st.sampled_from(triggers), max_size=max_size)
