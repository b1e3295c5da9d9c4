"""Working-second index of a calendar and office hours: working-hour arithmetic in constant time.

For each day of the calendar's coverage the index holds the office sessions (as seconds from
midnight, empty on non-working days) and the cumulative working seconds before it. Adding H
working hours is then a bisection over the cumulative counts and a walk over one day's (two or
three) sessions, whatever H. Built once per (calendar, office hours) pair and cached.

A fraction of a working day is a share of the office time of the day it falls in
([`share`][kyluat._worktime.WorkTimeIndex.share]; the docs page "How a deadline is computed",
section "Fractions of a day").
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from functools import lru_cache

from kyluat.calendar import WorkCalendar
from kyluat.errors import CoverageError
from kyluat.office_hours import OfficeHours

__all__ = ["WorkTimeIndex", "cached_index", "worktime_index"]

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True, eq=False)
class WorkTimeIndex:
    """Read-only working-second index; day ``i`` is ``first_ordinal + i``."""

    first_ordinal: int
    spans: tuple[Spans, ...]
    """Sessions of each day as (start, end) seconds from midnight; empty when not working."""
    cumulative: tuple[int, ...]
    """cumulative[i] = working seconds of the days before day i (one entry more than days)."""
    last_date: date
    counts: tuple[int, ...]
    """counts[i] = working days among the days before day i (the calendar's own index)."""
    working: tuple[int, ...]
    """Day index of each working day, ascending."""
    provisional_day: int
    """Day index of 1 January of the first provisional year."""

    def day(self, d: date, field: str = "received_at") -> int:
        """Day index of ``d``; raises the coverage error outside the data."""
        i = d.toordinal() - self.first_ordinal
        if not 0 <= i < len(self.spans):
            raise CoverageError(
                f"{d.isoformat()} is outside the calendar's data "
                f"({date.fromordinal(self.first_ordinal).isoformat()} to "
                f"{self.last_date.isoformat()})",
                field=field,
            )
        return i

    def date(self, i: int) -> date:
        """The date of day index ``i``."""
        return date.fromordinal(self.first_ordinal + i)

    def nth_working_after(self, i: int, n: int) -> int:
        """Index of the n-th working day after day i (n >= 1; day i itself not counted)."""
        rank = self.counts[i + 1] + n - 1
        if rank >= len(self.working):
            raise CoverageError(
                f"the deadline falls after {self.last_date.isoformat()}, the end of the data",
                field="duration",
            )
        return self.working[rank]

    def start_of_counting(self, i: int, second: int) -> tuple[int, int]:
        """The first office moment at or after (day i, second): itself, a session start, or the
        next working day's opening."""  # noqa: D205, D209 - short two-line summary
        for start, end in self.spans[i]:
            if second < end:
                return i, max(second, start)
        j = self.next_working(i)
        return j, self.spans[j][0][0]

    def next_working(self, i: int) -> int:
        """Index of the first working day after day i."""
        return self.nth_working_after(i, 1)

    def position(self, i: int, second: int) -> int:
        """Working seconds from the start of the coverage to (day i, second)."""
        worked = 0
        for start, end in self.spans[i]:
            if second <= start:
                break
            worked += min(second, end) - start
        return self.cumulative[i] + worked

    def moment(self, target: int) -> tuple[int, int]:
        """The earliest (day, second) at which ``target`` working seconds have elapsed (> 0)."""
        k = bisect_left(self.cumulative, target)
        if k >= len(self.cumulative):
            raise CoverageError(
                f"the deadline falls after {self.last_date.isoformat()}, the end of the data",
                field="duration",
            )
        i = k - 1
        remaining = target - self.cumulative[i]
        for start, end in self.spans[i]:
            if remaining <= end - start:
                return i, start + remaining
            remaining -= end - start
        raise AssertionError(
            "unreachable: cumulative counts and spans disagree"
        )  # pragma: no cover

    def advance(self, i: int, second: int, seconds: int) -> tuple[int, int, int, int]:
        """Start counting at (day i, second) and add ``seconds`` (> 0) of office time.

        Returns:
            The counting start and the due moment, as (start day, start second, due day,
            due second). One pass: the hot path of every hour limit.
        """
        spans = self.spans
        start_day, start_second = i, second
        for begin, end in spans[i]:
            if second < end:
                start_second = second if second > begin else begin
                break
        else:
            start_day = self.next_working(i)
            start_second = spans[start_day][0][0]
        worked = 0
        for begin, end in spans[start_day]:
            if start_second <= begin:
                break
            worked += (start_second if start_second < end else end) - begin
        cumulative = self.cumulative
        target = cumulative[start_day] + worked + seconds
        k = bisect_left(cumulative, target)
        if k >= len(cumulative):
            raise CoverageError(
                f"the deadline falls after {self.last_date.isoformat()}, the end of the data",
                field="duration",
            )
        remaining = target - cumulative[k - 1]
        for begin, end in spans[k - 1]:
            if remaining <= end - begin:
                return start_day, start_second, k - 1, begin + remaining
            remaining -= end - begin
        raise AssertionError(
            "unreachable: cumulative counts and spans disagree"
        )  # pragma: no cover

    def length(self, i: int) -> int:
        """Office seconds of day i (0 on a day off)."""
        return self.cumulative[i + 1] - self.cumulative[i]

    def share(self, i: int, fraction: Decimal | Fraction) -> tuple[int, int]:
        """The part ``fraction`` (0 < fraction < 1) of working day i's office time.

        The office seconds it stands for, rounded up to a whole second (never less than the
        exact share), and the second of day i at which they have elapsed, counted from the day's
        opening over its sessions (lunch breaks not counted). Always inside day i, at its close
        at the latest.

        References:
            the docs page "How a deadline is computed", section "Fractions of a day"
            (QĐ 188/1999/QĐ-TTg Art. 1: 8 hours a day; provincial office hours).
        """
        exact = fraction * self.length(i)  # exact: a limit has at most 6 decimals
        if isinstance(exact, Decimal):
            counted = int(exact.to_integral_value(rounding=ROUND_CEILING))
        else:
            counted = -(-exact.numerator // exact.denominator)  # rounded up
        remaining = counted
        for start, end in self.spans[i]:
            if remaining <= end - start:
                return counted, start + remaining
            remaining -= end - start
        raise AssertionError("unreachable: a share of a day within the day")  # pragma: no cover

    def closing(self, i: int) -> int:
        """Second of day i at which the last session ends."""
        return self.spans[i][-1][1]

    def opening(self, i: int) -> int:
        """Second of day i at which the first session starts."""
        return self.spans[i][0][0]


@lru_cache(maxsize=32)
def worktime_index(calendar: WorkCalendar, office_hours: OfficeHours) -> WorkTimeIndex:
    """The index of a (calendar, office hours) pair, built on first use and cached."""
    first = calendar.first_date
    last = calendar.last_date
    first_ordinal = first.toordinal()
    shared: dict[tuple[object, ...], Spans] = {}
    spans: list[Spans] = []
    cumulative = [0]
    total = 0
    _, counts = calendar.working_day_index()
    for i in range(last.toordinal() - first_ordinal + 1):
        if counts[i + 1] != counts[i]:  # a working day
            sessions = office_hours.sessions_on(date.fromordinal(first_ordinal + i))
            day_spans = shared.get(sessions)
            if day_spans is None:
                day_spans = tuple((s.start_second, s.end_second) for s in sessions)
                shared[sessions] = day_spans
            spans.append(day_spans)
            total += sum(end - start for start, end in day_spans)
        else:
            spans.append(())
        cumulative.append(total)
    return WorkTimeIndex(
        first_ordinal=first_ordinal,
        spans=tuple(spans),
        cumulative=tuple(cumulative),
        last_date=last,
        counts=counts,
        working=tuple(i for i, day_spans in enumerate(spans) if day_spans),
        provisional_day=date(calendar.last_announced_year + 1, 1, 1).toordinal() - first_ordinal,
    )


_memo: tuple[WorkCalendar, OfficeHours, WorkTimeIndex] | None = None
_recent: dict[tuple[int, int], tuple[WorkCalendar, OfficeHours, WorkTimeIndex]] = {}
_RECENT_SIZE = 8


def cached_index(calendar: WorkCalendar, office_hours: OfficeHours) -> WorkTimeIndex:
    """`worktime_index` behind memos keyed by identity.

    Hashing a calendar and office hours on every call would cost more than a deadline; callers
    almost always pass the same few objects. The last pair is one tuple, swapped atomically;
    the last few pairs are kept by identity (holding the objects, so an id is never reused while
    remembered); anything else goes to the cached builder. Thread-safe: a race only rebuilds a
    memo entry.
    """
    global _memo  # a cache, not state
    memo = _memo
    if memo is not None and memo[0] is calendar and memo[1] is office_hours:
        return memo[2]
    key = (id(calendar), id(office_hours))
    found = _recent.get(key)
    if found is not None and found[0] is calendar and found[1] is office_hours:
        index = found[2]
    else:
        index = worktime_index(calendar, office_hours)
        if len(_recent) >= _RECENT_SIZE:
            _recent.clear()
        _recent[key] = (calendar, office_hours, index)
    _memo = (calendar, office_hours, index)
    return index
