"""The three ways a clock counts, each a small object behind the one public clock.

A clock keeps its counting start and its deadline as positions on an *axis*:

* `WorkingDayAxis` — whole working days and same-day limits:
  positions are working-day ranks; a pause on day P counts P, a resumption on day R resumes on
  the next working day (R is not counted, as a receipt day is not: BLDS 2015 Art. 147);
* `OfficeSecondAxis` — working hours and fractions of a day:
  positions are seconds of office time, so exactly the paused office time is excluded;
* `CalendarDayAxis` — calendar periods (days, weeks, months,
  years): positions are calendar days; the last day moves by the days paused and rolls to the
  next working day (BLDS 2015 Art. 148(5)); extensions are in days.

Every axis also maps its positions to office seconds, which is how elapsed and remaining working
time are measured whatever the axis.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

from kyluat._moments import VIETNAM, instant, local, second_of_day
from kyluat._values import Value
from kyluat._worktime import WorkTimeIndex
from kyluat.deadline import Deadline, DeadlinePolicy, EndOfDay, period_last_day
from kyluat.duration import Duration, Unit
from kyluat.errors import CoverageError, InvalidInputError

__all__ = ["Axis", "CalendarDayAxis", "OfficeSecondAxis", "WorkingDayAxis", "axis_for", "day_of"]

_PERIODS = frozenset({Unit.DAYS, Unit.WEEKS, Unit.MONTHS, Unit.YEARS})


class Axis(Value):
    """What a clock counts on, given its working-time index and the agency's policy."""

    __slots__ = ("index", "policy")
    index: WorkTimeIndex
    policy: DeadlinePolicy

    counts_in_days: ClassVar[bool] = True
    """Whether positions are whole days (a pause counts its own day) rather than seconds."""

    def __init__(self, index: WorkTimeIndex, policy: DeadlinePolicy) -> None:
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "policy", policy)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # --- Positions ------------------------------------------------------------------------

    def span(self, deadline: Deadline) -> tuple[int, int]:
        """Counting start and deadline end of a computed deadline."""
        raise NotImplementedError

    def point(self, i: int, second: int | None, field: str) -> tuple[int, int]:
        """A moment (day index, second or ``None``) as a position and in office seconds.

        Day axes take the end of the moment's day.
        """
        raise NotImplementedError

    def end_point(self, i: int, second: int | None) -> int:
        """The position of a new deadline given as a moment (``extend(to=...)``)."""
        raise NotImplementedError

    def start_seconds(self, start: int) -> int:
        """Office-second position of the counting start."""
        raise NotImplementedError

    def due_day(self, due: int) -> int:
        """Day index of the deadline at position ``due``."""
        raise NotImplementedError

    def due_point(self, due: int) -> tuple[int, int]:
        """Day index and closing second of the deadline at position ``due``."""
        i = self.due_day(due)
        if self.policy.end_of_day is EndOfDay.MIDNIGHT:
            return i, 86400
        return i, self.index.closing(i)

    def due_seconds(self, due: int) -> int:
        """Office-second position of the end of the deadline at position ``due``."""
        return self.index.cumulative[self.due_day(due) + 1]

    def extended(self, due: int, by: Duration) -> int:
        """The deadline position after an extension ``by`` (working days or hours)."""
        if by.unit not in (Unit.WORKING_DAYS, Unit.WORKING_HOURS):
            raise InvalidInputError("an extension is in working days or hours", field="by")
        return due + self._extension(
            by.amount
            * (3600 if by.unit is Unit.WORKING_HOURS else self.policy.hours_per_day * 3600)
        )

    def _extension(self, seconds: Decimal) -> int:
        """Positions an extension of ``seconds`` working seconds adds."""
        raise NotImplementedError

    def within_data(self, due: int) -> bool:
        """Whether a deadline position lies inside the calendar's data."""
        return True

    def is_late(self, as_of: datetime, due: int) -> bool:
        """Whether ``as_of`` is after the deadline at ``due`` (day axes: after its day)."""
        return as_of.astimezone(VIETNAM).date() > self.index.date(self.due_day(due))


class WorkingDayAxis(Axis):
    """Whole working days (and same-day limits): positions are working-day ranks."""

    __slots__ = ()

    def span(self, deadline: Deadline) -> tuple[int, int]:
        index = self.index
        first = deadline.counted_from.astimezone(VIETNAM).date().toordinal() - index.first_ordinal
        due = deadline.due_date.toordinal() - index.first_ordinal
        start = index.counts[first]
        return start, max(index.counts[due + 1], start)

    def point(self, i: int, second: int | None, field: str) -> tuple[int, int]:
        return self.index.counts[i + 1], self.index.cumulative[i + 1]

    def end_point(self, i: int, second: int | None) -> int:
        return self.index.counts[i + 1]

    def start_seconds(self, start: int) -> int:
        return self.index.cumulative[self.index.working[start]]

    def due_day(self, due: int) -> int:
        return self.index.working[due - 1]

    def _extension(self, seconds: Decimal) -> int:
        days = seconds / (self.policy.hours_per_day * 3600)
        if days != int(days):
            raise InvalidInputError(
                "this clock counts whole working days; extend by whole days", field="by"
            )
        return int(days)

    def within_data(self, due: int) -> bool:
        return due <= len(self.index.working)


class OfficeSecondAxis(Axis):
    """Working hours and fractions of a day: positions are seconds of office time."""

    __slots__ = ()
    counts_in_days = False

    def span(self, deadline: Deadline) -> tuple[int, int]:
        start = self._position(deadline.counted_from)
        return start, max(self._position(deadline.due_at), start)

    def _position(self, moment: datetime) -> int:
        local_moment = moment.astimezone(VIETNAM)
        index = self.index
        i = local_moment.date().toordinal() - index.first_ordinal
        return index.position(i, second_of_day(local_moment))

    def point(self, i: int, second: int | None, field: str) -> tuple[int, int]:
        if second is None:
            raise InvalidInputError(
                "this clock counts working hours: give the moment, not only the date", field=field
            )
        seconds = self.index.position(i, second)
        return seconds, seconds

    def end_point(self, i: int, second: int | None) -> int:
        if second is None:
            return self.index.cumulative[i + 1]
        return self.index.position(i, second)

    def start_seconds(self, start: int) -> int:
        return start

    def due_day(self, due: int) -> int:
        return self.index.moment(due)[0]

    def due_point(self, due: int) -> tuple[int, int]:
        return self.index.moment(due)

    def due_seconds(self, due: int) -> int:
        return due

    def extended(self, due: int, by: Duration) -> int:
        """An extension in working hours adds office seconds; one in working days moves the
        deadline by that many days, a fraction being a share of the day it falls in.

        The deadline's place in its day (the share of the day's office time before it) is kept:
        extending a 0.5-day clock by 1 working day gives the deadline of 1.5 working days,
        whatever the days' lengths (docs: "How a deadline is computed", "Fractions of a day").
        """  # noqa: D205 - two-line summary
        if by.unit is not Unit.WORKING_DAYS:
            return super().extended(due, by)
        index = self.index
        cumulative = index.cumulative
        i = index.moment(due)[0] if due > 0 else index.working[0]
        # The deadline as a count of working days: whole days before day i, plus its share.
        days = index.counts[i] + Fraction(due - cumulative[i], index.length(i))
        days += Fraction(by.amount)
        whole = int(days)  # floor: days is positive
        part = days - whole
        if whole - (part == 0) >= len(index.working):
            raise InvalidInputError("the extended deadline is outside the data", field="by")
        if part == 0:  # the end of a whole working day: its close
            return cumulative[index.working[whole - 1] + 1]
        counted, _ = index.share(index.working[whole], part)
        return cumulative[index.working[whole]] + counted

    def _extension(self, seconds: Decimal) -> int:
        if seconds != int(seconds):
            raise InvalidInputError("not a whole number of seconds", field="by")
        return int(seconds)

    def is_late(self, as_of: datetime, due: int) -> bool:
        i, second = self.due_point(due)
        return as_of > instant(self.index.first_ordinal + i, second)


class CalendarDayAxis(Axis):
    """Calendar periods: positions are calendar days; a last day off rolls forward."""

    __slots__ = ()

    def span(self, deadline: Deadline) -> tuple[int, int]:
        index = self.index
        first = deadline.counted_from.astimezone(VIETNAM).date().toordinal() - index.first_ordinal
        received = deadline.received
        event = received.astimezone(VIETNAM).date() if isinstance(received, datetime) else received
        last, _, _ = period_last_day(event, deadline.duration, self.policy)
        return first, max(last.toordinal() - index.first_ordinal + 1, first)

    def point(self, i: int, second: int | None, field: str) -> tuple[int, int]:
        return i + 1, self.index.cumulative[i + 1]

    def end_point(self, i: int, second: int | None) -> int:
        return i + 1

    def start_seconds(self, start: int) -> int:
        return self.index.cumulative[start]

    def due_day(self, due: int) -> int:
        # BLDS 2015 Art. 148(5): a last day off rolls to the next working day.
        index = self.index
        i = due - 1
        if i >= len(index.spans):
            raise CoverageError("the deadline falls after the data", field="duration")
        return i if index.spans[i] else index.next_working(i)

    def extended(self, due: int, by: Duration) -> int:
        if by.unit is not Unit.DAYS:
            raise InvalidInputError(
                "this clock counts calendar days; extend by days ('5 ngày')", field="by"
            )
        return due + int(by.amount)

    def within_data(self, due: int) -> bool:
        return due <= len(self.index.spans)


def axis_for(duration: Duration, index: WorkTimeIndex, policy: DeadlinePolicy) -> Axis:
    """The axis a limit is counted on.

    Raises:
        InvalidInputError: A limit in clock hours, which no clock counts (yet).
    """
    if duration.unit is Unit.HOURS:
        raise InvalidInputError(
            "an SLA clock counts working days, working hours or calendar periods; a limit in "
            f"clock hours ({duration}) is not supported",
            field="duration",
        )
    if duration.unit in _PERIODS:
        return CalendarDayAxis(index, policy)
    if duration.unit is Unit.SAME_DAY or (
        duration.unit is Unit.WORKING_DAYS and duration.amount == int(duration.amount)
    ):
        return WorkingDayAxis(index, policy)
    return OfficeSecondAxis(index, policy)


def day_of(index: WorkTimeIndex, moment: datetime | date, field: str) -> tuple[int, int | None]:
    """Day index and local second (``None`` for a date) of a moment on the index."""
    day, second = local(moment, field)
    return index.day(day, field=field), second
