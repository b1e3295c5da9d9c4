"""The statutory deadline engine: from "received at this moment, limit N" to the due moment.

[`compute_deadline`][kyluat.deadline.compute_deadline] applies, in order, the rules a Vietnamese
agency's deadline follows and records each one, with Vietnamese and English text and its source, in
[`Deadline.trace`][kyluat.deadline.Deadline.trace]:

1. the one-stop regime in force on the receipt date (NĐ 61/2018 as amended, or NĐ 118/2025);
2. deemed receipt: a dossier received on a non-working day, after a configured cut-off, or after
   office hours counts as received on the next working day (the docs' legal basis);
3. the receipt day is not counted for day limits (BLDS 2015 Art. 147(2)); hour limits start at
   the stated moment (Art. 147(1)), at the next office session when outside one;
4. the count itself: working days on the calendar (a whole day ends at that day's close; a
   fraction of a day is that share of the office time of the day it falls in, which is the
   one-stop convention of 8 hours a day on an 8-hour day), working hours on the office-hours
   sessions, or calendar periods per Art. 148(1)–(4) with the roll of Art. 148(5);
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
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Final

from kyluat import _trace as trace
from kyluat._moments import EPOCH_ORDINAL, UTC_OFFSET, VIETNAM, local, second_of_day
from kyluat._trace import TraceStep
from kyluat._validate import require_date
from kyluat._values import Value
from kyluat._worktime import WorkTimeIndex, cached_index
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.data.rules import REGIMES, Regime
from kyluat.duration import Duration, Unit
from kyluat.errors import (
    CoverageError,
    InvalidInputError,
    ProvisionalDataError,
    ProvisionalDataWarning,
)
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours

__all__ = [
    "VIETNAM",
    "Deadline",
    "DeadlinePolicy",
    "EndOfDay",
    "TraceStep",
    "compute_deadline",
    "regime_on",
    "with_published_cutoff",
]


class EndOfDay(StrEnum):
    """The closing moment of a deadline expressed as a day."""

    OFFICE = "office"
    """Close of business: the end of the day's last office session (kyluat default, §9.2)."""
    MIDNIGHT = "midnight"
    """24:00, the end of the day under the Civil Code (BLDS 2015 Art. 148(6))."""


@dataclass(frozen=True, slots=True)
class DeadlinePolicy(Value):
    """The choices the law leaves to the agency; defaults as the docs' legal basis sets out.

    Attributes:
        count_receipt_day: Count the receipt (event) day (default ``False``: BLDS 2015
            Art. 147(2)): the first of N working days; days, weeks, months and years start on it.
            Refused with a fraction of a day and with hour limits, which start at the moment
            (Art. 147(1)); a same-day limit counts its receipt day anyway.
        cutoff: Receipt after this local time counts as receipt on the next working day
            (``None``: no cut-off besides the end of office hours). Often 15:00. For same-day
            limits too, where the earlier of it and ``same_day_cutoff`` decides.
        same_day_cutoff: For same-day procedures, receipt after this time moves the result to
            the next working day (default 15:00).
        end_of_day: Closing moment of a day limit: ``"office"`` (default) or ``"midnight"``.
        hours_per_day: Working hours one working day stands for where days and hours mix with
            no particular day (extending a working-day SLA clock by hours, process step budgets;
            default 8). A fraction of a day in a deadline is that share of its day's office time.
        defer_after_hours: Receipt after the day's last session counts as receipt on the next
            working day (default ``True``).

    Raises:
        InvalidInputError: A value has the wrong type or is out of range.

    References:
        BLDS 2015 (91/2015/QH13) Art. 145(1), 147, 148(6); QĐ 188/1999/QĐ-TTg Art. 1; the docs
        page "How a deadline is computed".
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

_DeadlineFields = tuple[
    "datetime | date", Duration, datetime, date, datetime, bool, Regime, "tuple[trace.Step, ...]"
]


class Deadline(Value):
    """A computed deadline and how it was reached, from [compute_deadline][kyluat.compute_deadline].

    Attributes:
        received: The receipt as given (an aware datetime, or a date when no time was known).
        duration: The limit applied.
        counted_from: The moment counting starts (local time): the opening of the first counted
            working day, the stated moment for hour limits, 00:00 of the day after the event for
            calendar periods (of the event day when it is counted).
        due_date: The last day of the limit (local date).
        due_at: The closing moment (aware, Asia/Ho_Chi_Minh). For ``end_of_day="midnight"`` it
            is 00:00 of the day after ``due_date``, i.e. 24:00 of the due date.
        provisional: Whether a date involved lies in a year not yet officially announced.
        regime: The one-stop regime in force on the receipt date.
        trace: The rules applied, in order.
    """

    # One slot holding a tuple: batch checks build millions of deadlines, and this is the
    # cheapest immutable object to construct (cheaper than a named tuple). The trace is kept as
    # data and rendered only when read: rendering text costs more than computing the deadline.
    __slots__ = ("_v",)
    _v: _DeadlineFields

    def __init__(
        self,
        received: datetime | date,
        duration: Duration,
        counted_from: datetime,
        due_date: date,
        due_at: datetime,
        provisional: bool,
        regime: Regime,
        steps: tuple[trace.Step, ...] = (),
    ) -> None:
        _set_fields(
            self,
            (received, duration, counted_from, due_date, due_at, provisional, regime, steps),
        )

    @property
    def received(self) -> datetime | date:
        """The receipt as given."""
        return self._v[0]

    @property
    def duration(self) -> Duration:
        """The limit applied."""
        return self._v[1]

    @property
    def counted_from(self) -> datetime:
        """The moment counting starts (local time)."""
        return self._v[2]

    @property
    def due_date(self) -> date:
        """The last day of the limit (local date)."""
        return self._v[3]

    @property
    def due_at(self) -> datetime:
        """The closing moment (aware, Asia/Ho_Chi_Minh)."""
        return self._v[4]

    @property
    def provisional(self) -> bool:
        """Whether a date involved lies in a year not yet officially announced."""
        return self._v[5]

    @property
    def regime(self) -> Regime:
        """The one-stop regime in force on the receipt date."""
        return self._v[6]

    def __repr__(self) -> str:
        return (
            f"Deadline(received={self.received!r}, duration={self.duration!r}, "
            f"due_at={self.due_at.isoformat()!r}, provisional={self.provisional}, "
            f"regime={self.regime.code!r})"
        )

    @property
    def trace(self) -> tuple[TraceStep, ...]:
        """The rules applied, in order, with Vietnamese and English text and their sources."""
        return tuple(render(*args) for render, args in self._v[7])

    def to_dict(self) -> dict[str, object]:
        """JSON form (public contract).

        Keys ``received``, ``counted_from``, ``due_date``, ``due_at``, ``provisional``,
        ``regime``, ``trace``, plus ``limit`` and ``regime_name``.
        """
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


_set_fields = Deadline.__dict__["_v"].__set__  # the slot descriptor's own setter
_new = object.__new__


def regime_on(day: date) -> Regime:
    """The one-stop regime in force on ``day``, kept for the dossier's whole life.

    Raises:
        CoverageError: No regime in kyluat's data covers ``day``.

    Examples:
        >>> regime_on(date(2025, 6, 30)).code, regime_on(date(2025, 7, 1)).code
        ('nd61_2018', 'nd118_2025')
    """
    day = require_date(day, "received_at")
    latest = REGIMES[-1]
    if day >= latest.effective_from:
        return latest
    for regime in REGIMES:
        if regime.effective_from <= day and (
            regime.effective_to is None or day <= regime.effective_to
        ):
            return regime
    raise CoverageError(f"no one-stop regime in kyluat's data covers {day}", field="received_at")


# --- The engine -------------------------------------------------------------------------------

_LATEST_REGIME: Final = REGIMES[-1]


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
        duration: The limit: a [`Duration`][kyluat.Duration], published text such as
            "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", or a
            [`PublishedLimit`][kyluat.limits.PublishedLimit]. A cut-off the text states
            ("sau 15 giờ") applies; a compound text is refused (choose its case).
        calendar: The working-day calendar (default:
            [`default_calendar`][kyluat.default_calendar]).
        office_hours: The agency's sessions (default:
            [`DEFAULT_OFFICE_HOURS`][kyluat.DEFAULT_OFFICE_HOURS]).
        policy: The choices left to the agency (default: the defaults of the docs page
            "How a deadline is computed").

    Returns:
        The [`Deadline`][kyluat.deadline.Deadline], with its trace.

    Raises:
        InvalidInputError: A naive datetime, a date for an hour or same-day limit, a limit that
            cannot be read, ``count_receipt_day`` with an hour limit or a fraction of a day, or
            an argument of the wrong type (the error names the field).
        CoverageError: The receipt or the deadline falls outside the calendar's data.
        ProvisionalDataError: A strict calendar and a deadline in a year not yet announced.

    Warns:
        ProvisionalDataWarning: The deadline depends on a year not yet officially announced.

    References:
        BLDS 2015 (91/2015/QH13) Art. 145(1), 147–148; NĐ 61/2018/NĐ-CP, NĐ 118/2025/NĐ-CP;
        QĐ 188/1999/QĐ-TTg; the docs page "How a deadline is computed"
    """
    cutoff: time | None = None
    if type(duration) is not Duration:
        duration, cutoff = _resolve(duration)
    if calendar is None:
        calendar = default_calendar()
    elif not isinstance(calendar, WorkCalendar):
        raise InvalidInputError("expected a WorkCalendar", field="calendar")
    if office_hours is None:
        hours = DEFAULT_OFFICE_HOURS
    elif isinstance(office_hours, OfficeHours):
        hours = office_hours
    else:
        raise InvalidInputError("expected OfficeHours", field="office_hours")
    if policy is None:
        policy = DEFAULT_POLICY
    elif not isinstance(policy, DeadlinePolicy):
        raise InvalidInputError("expected a DeadlinePolicy", field="policy")
    if cutoff is not None:
        policy = with_published_cutoff(policy, duration, cutoff)

    day, second = local(received_at)
    regime = _LATEST_REGIME if day >= _LATEST_REGIME.effective_from else regime_on(day)
    index = cached_index(calendar, hours)
    i = day.toordinal() - index.first_ordinal
    if not 0 <= i < len(index.spans):
        index.day(day)  # raises the coverage error
    steps: list[trace.Step] = [(trace.regime, (regime, day))]
    unit = duration.unit
    if unit is Unit.WORKING_DAYS:
        start, due, due_second = _working_days(
            i, second, duration, calendar, index, hours, policy, steps
        )
    elif unit is Unit.WORKING_HOURS:
        start, due, due_second = _working_hours(i, second, duration, index, hours, policy, steps)
    elif unit is Unit.SAME_DAY:
        start, due, due_second = _same_day(i, second, index, policy, steps)
    elif unit is Unit.HOURS:
        start, due, due_second = _clock_hours(i, second, duration, index, policy, steps)
    else:
        start, due, due_second = _calendar_period(i, duration, calendar, index, policy, steps)

    due_date = date.fromordinal(index.first_ordinal + due)
    provisional = due >= index.provisional_day or i >= index.provisional_day
    if provisional:
        last_announced = calendar.last_announced_year
        message = _provisional_message(due_date, last_announced)
        if calendar.strict:
            raise ProvisionalDataError(message, field="received_at")
        steps.append((trace.provisional, (last_announced,)))
        warnings.warn(message, ProvisionalDataWarning, stacklevel=2)
    # Positional: the field order of Deadline (measurably faster than keywords on this path).
    base = (index.first_ordinal - EPOCH_ORDINAL) * 86400 - UTC_OFFSET
    deadline = _new(Deadline)
    _set_fields(
        deadline,
        (
            received_at,
            duration,
            datetime.fromtimestamp(base + start[0] * 86400 + start[1], VIETNAM),
            due_date,
            datetime.fromtimestamp(base + due * 86400 + due_second, VIETNAM),
            provisional,
            regime,
            tuple(steps),
        ),
    )
    return deadline


@lru_cache(maxsize=1024)  # bounded; a hit costs a fifth of formatting the text again
def _provisional_message(due_date: date, last_announced: int) -> str:
    """The provisional-year warning's text (one string per due date, not one per call)."""
    return (
        f"the deadline {due_date.isoformat()} depends on a year after {last_announced}, "
        "whose official schedule is not announced yet: it may change"
    )


# Each rule below returns (counting start as (day, second), due day, due second) and appends
# the steps it applied. Day indexes are positions in the working-time index.
_Result = tuple[tuple[int, int], int, int]


def _resolve(limit: object) -> tuple[Duration, time | None]:
    """A limit given as text or a reading: its duration and the cut-off its text states."""
    from kyluat.limits import PublishedLimit, resolve  # only limits given as text need it

    if not isinstance(limit, str | PublishedLimit):
        raise InvalidInputError(
            f"expected a Duration, limit text or PublishedLimit, got {type(limit).__name__}",
            field="duration",
        )
    duration, reading = resolve(limit)
    return duration, None if reading is None else reading.cutoff


def with_published_cutoff(
    policy: DeadlinePolicy, duration: Duration, cutoff: time
) -> DeadlinePolicy:
    """The policy with the cut-off a published limit states ("nhận hồ sơ sau 15 giờ …").

    It is the same-day cut-off for a same-day limit and the receipt cut-off for others; the
    procedure's own text wins over the agency's general choice, which it replaces (for a
    same-day limit, the general ``cutoff`` is cleared: it would otherwise apply too).

    References:
        the docs page "How a deadline is computed", section "Cut-offs of same-day limits".
    """
    if duration.unit is Unit.SAME_DAY:
        return replace(policy, same_day_cutoff=cutoff, cutoff=None)
    return replace(policy, cutoff=cutoff)


def _deemed_receipt(
    i: int,
    second: int | None,
    index: WorkTimeIndex,
    policy: DeadlinePolicy,
    steps: list[trace.Step],
    cutoff: time | None,
    cutoff_source: str,
) -> int:
    """Day of the deemed receipt: the receipt day, or the next working day."""
    spans = index.spans[i]
    if not spans:
        j = index.next_working(i)
        steps.append((trace.non_working, (index.date(i), index.date(j))))
        return j
    if second is None:
        return i
    if cutoff is not None and second > second_of_day(cutoff):
        j = index.next_working(i)
        steps.append((trace.cutoff, (cutoff, index.date(j), cutoff_source)))
        return j
    if policy.defer_after_hours and second >= spans[-1][1]:
        j = index.next_working(i)
        steps.append((trace.after_hours, (spans[-1][1], index.date(j))))
        return j
    return i


def _close(index: WorkTimeIndex, i: int, policy: DeadlinePolicy, steps: list[trace.Step]) -> int:
    """Closing second of day i as a deadline (the docs' legal basis; BLDS 2015 Art. 148(6))."""
    if policy.end_of_day is EndOfDay.MIDNIGHT:
        steps.append((trace.close_midnight, (index.date(i),)))
        return 86400
    spans = index.spans[i]
    closing = spans[-1][1] if spans else 86400
    steps.append((trace.close_office, (index.date(i), closing)))
    return closing


def _working_days(
    i: int,
    second: int | None,
    duration: Duration,
    calendar: WorkCalendar,
    index: WorkTimeIndex,
    hours: OfficeHours,
    policy: DeadlinePolicy,
    steps: list[trace.Step],
) -> _Result:
    """N days end at the N-th working day's close; N + f at share f of the (N + 1)-th's office time.

    References:
        BLDS 2015 Art. 147(2); QĐ 188/1999/QĐ-TTg Art. 1; docs: "Fractions of a day".
    """
    deemed = _deemed_receipt(i, second, index, policy, steps, policy.cutoff, trace.S_DEFAULTS)
    amount = duration.amount
    whole = int(amount)
    fraction = amount - whole
    if policy.count_receipt_day:
        if fraction:
            # The receipt day counts whole whatever the hour; a fraction of a day counted from
            # it could fall before the receipt itself. Refuse rather than guess.
            raise InvalidInputError(
                f"count_receipt_day applies to whole working days, not {amount}",
                field="policy",
            )
        first = deemed
        steps.append((trace.receipt_counted, (index.date(deemed),)))
        offset = whole - 1
    else:
        first = index.next_working(deemed)
        steps.append((trace.receipt_not_counted, (index.date(first),)))
        offset = whole if fraction == 0 else whole + 1
    start = (first, index.opening(first))
    day_n = deemed if offset <= 0 else index.nth_working_after(deemed, offset)
    if fraction == 0:
        steps.append((trace.working_days, (duration, index.date(day_n), calendar)))
        return start, day_n, _close(index, day_n, policy, steps)
    # A share of the day it falls in never ends after the whole day does, whatever its length
    # (on an 8-hour day it is the one-stop convention, 0.5 day = 4 hours).
    counted, due_second = index.share(day_n, fraction)
    steps.append(
        (
            trace.fraction,
            (duration, hours, index.date(day_n), counted, index.length(day_n), due_second),
        )
    )
    return start, day_n, due_second


def _working_hours(
    i: int,
    second: int | None,
    duration: Duration,
    index: WorkTimeIndex,
    hours: OfficeHours,
    policy: DeadlinePolicy,
    steps: list[trace.Step],
) -> _Result:
    if policy.count_receipt_day:
        _refuse_receipt_day(duration)
    if second is None:
        raise InvalidInputError(
            "a limit in working hours needs the moment of receipt, not only its date",
            field="received_at",
        )
    seconds = duration._seconds
    if seconds is None:
        raise InvalidInputError(
            f"{duration.amount} working hours is not a whole number of seconds", field="duration"
        )
    cutoff = policy.cutoff
    if cutoff is not None and index.spans[i] and second > second_of_day(cutoff):
        j = index.next_working(i)
        start = (j, index.opening(j))
        steps.append((trace.cutoff, (cutoff, index.date(j), trace.S_DEFAULTS)))
        if seconds == 0:
            return start, start[0], start[1]
        due, due_second = index.moment(index.position(*start) + seconds)
    elif seconds == 0:
        start = index.start_of_counting(i, second)
        _trace_hours_start(i, second, start, index, steps)
        return start, start[0], start[1]
    else:
        start_day, start_second, due, due_second = index.advance(i, second, seconds)
        start = (start_day, start_second)
        _trace_hours_start(i, second, start, index, steps)
    steps.append((trace.hours, (duration, hours, index.date(due), due_second)))
    return start, due, due_second


def _trace_hours_start(
    i: int, second: int, start: tuple[int, int], index: WorkTimeIndex, steps: list[trace.Step]
) -> None:
    if start == (i, second):
        steps.append((trace.hours_start, (second,)))
    else:
        steps.append((trace.hours_deferred, (index.date(start[0]), start[1])))


def _same_day(
    i: int,
    second: int | None,
    index: WorkTimeIndex,
    policy: DeadlinePolicy,
    steps: list[trace.Step],
) -> _Result:
    """Due on the deemed receipt day; the earlier of the cut-offs decides (docs: "Cut-offs of
    same-day limits"; same-day procedures: "nhận sau 15 giờ thì trả kết quả ... tiếp theo")."""  # noqa: D205, D209 - short two-line summary
    if second is None:
        raise InvalidInputError(
            "a same-day limit needs the moment of receipt (the cut-off depends on it)",
            field="received_at",
        )
    # The general cut-off is a deemed-receipt rule like any other. On a tie the same-day rule,
    # the more specific, is cited.
    cutoff, source = policy.same_day_cutoff, trace.S_SAME_DAY
    general = policy.cutoff
    if general is not None and second_of_day(general) < second_of_day(cutoff):
        cutoff, source = general, trace.S_DEFAULTS
    deemed = _deemed_receipt(i, second, index, policy, steps, cutoff, source)
    steps.append((trace.same_day, (index.date(deemed),)))
    start = (i, second) if deemed == i else (deemed, index.opening(deemed))
    return start, deemed, _close(index, deemed, policy, steps)


def _refuse_receipt_day(duration: Duration) -> None:
    """Refuse ``count_receipt_day`` with hours: they start at the moment (BLDS 2015 147(1))."""
    raise InvalidInputError(
        f"count_receipt_day applies to limits in days, weeks, months or years; a limit in hours "
        f"({duration}) starts at the moment of receipt (BLDS 2015 Art. 147(1)), so there is no "
        "receipt day to count",
        field="count_receipt_day",
    )


def _clock_hours(
    i: int,
    second: int | None,
    duration: Duration,
    index: WorkTimeIndex,
    policy: DeadlinePolicy,
    steps: list[trace.Step],
) -> _Result:
    """Clock hours run from the moment, nights and days off included (BLDS 2015 Art. 147(1))."""
    if policy.count_receipt_day:
        _refuse_receipt_day(duration)
    if second is None:
        raise InvalidInputError(
            "a limit in hours needs the moment of receipt, not only its date", field="received_at"
        )
    seconds = duration.amount * 3600
    if seconds != seconds.to_integral_value():
        raise InvalidInputError(
            f"{duration.amount} hours is not a whole number of seconds", field="duration"
        )
    due, due_second = divmod(i * 86400 + second + int(seconds), 86400)
    if due >= len(index.spans):
        index.day(index.date(due), field="duration")  # raises the coverage error
    steps.append((trace.clock_hours, (duration, index.date(due), due_second)))
    return (i, second), due, due_second


def period_last_day(
    event: date, duration: Duration, policy: DeadlinePolicy
) -> tuple[date, bool, bool]:
    """Last day of a calendar period before the roll of BLDS 2015 Art. 148(5).

    When the policy counts the event day, the period starts on it and ends where the same
    period from the day before the event would, for every unit (a week from a Wednesday ends on
    the Tuesday after, a month from 10/03 on 09/04); a period of 0 ends on the event day.

    Returns:
        The last day, whether the event day was counted (the policy's ``count_receipt_day``),
        and whether the last month had no corresponding day (Art. 148(3)).

    References:
        BLDS 2015 (91/2015/QH13) Art. 145(1), 147(2), 148(1)–(4); the docs page "How a
        deadline is computed", section "Counting the receipt day".
    """
    n = int(duration.amount)
    unit = duration.unit
    counted = policy.count_receipt_day
    anchor = event - timedelta(days=1) if counted else event
    if unit is Unit.DAYS:
        last = anchor + timedelta(days=n)
    elif unit is Unit.WEEKS:
        last = anchor + timedelta(weeks=n)
    else:
        from dateutil.relativedelta import relativedelta  # only months and years need it

        step = relativedelta(months=n) if unit is Unit.MONTHS else relativedelta(years=n)
        last = anchor + step
    short_month = unit in (Unit.MONTHS, Unit.YEARS) and last.day != anchor.day
    return max(last, event), counted, short_month


def _calendar_period(
    i: int,
    duration: Duration,
    calendar: WorkCalendar,
    index: WorkTimeIndex,
    policy: DeadlinePolicy,
    steps: list[trace.Step],
) -> _Result:
    day = index.date(i)
    last, counted, short_month = period_last_day(day, duration, policy)
    start = (i, 0) if counted else (i + 1, 0)
    steps.append((trace.period, (duration, day, last, counted, short_month)))
    j = index.day(last, field="duration")
    if not index.spans[j]:
        rolled = index.next_working(j)
        steps.append((trace.roll, (last, index.date(rolled))))
        j = rolled
    return start, j, _close(index, j, policy, steps)
