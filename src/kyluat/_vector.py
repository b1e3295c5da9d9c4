"""Deadlines for whole arrays of receipts at once: the rules of `compute_deadline`, in NumPy.

The working-time index of a (calendar, office hours) pair (`kyluat._worktime`) is laid out as
dense arrays once (`IndexArrays`); each rule of [compute_deadline][kyluat.compute_deadline] is
then a few gathers and comparisons over a column of receipts:

- working days: the deemed receipt (a day off, the cut-off, after the day's last session) and
  the n-th working day after it, gathered from the cumulative count of working days; n + f days
  (0 < f < 1) are due on the day n + 1 days are (the fraction is a share of that day's office
  time, so it never leaves the day);
- working hours: the receipt's position in working seconds, plus the limit, found again in the
  cumulative working seconds with ``searchsorted``;
- same-day limits (the earlier of the general and the same-day cut-off), clock hours (BLDS 2015
  Art. 147(1)), and calendar periods (days, weeks, months with the month-end rule of
  Art. 148(3), years; counted from the day before the event when the event day is counted)
  rolled to the next working day (Art. 148(5)).

A receipt is a day index of the working-time index and a second of the local day (``-1``: the
date alone is known). Every result comes with a mask: ``False`` where the kernel does not give
the answer `compute_deadline` gives (a receipt or deadline outside the data, a date where a
moment is needed, a strict calendar's provisional year, a combination `compute_deadline` refuses
such as a counted receipt day with a fraction of a day or an hour limit): those receipts are left
to `compute_deadline` itself, which explains or refuses them. Needs NumPy (the ``numpy``
extra); ``import kyluat`` never imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from kyluat._moments import EPOCH_ORDINAL, VIETNAM
from kyluat._worktime import WorkTimeIndex
from kyluat.deadline import DeadlinePolicy
from kyluat.duration import Duration, Unit

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

__all__ = ["IndexArrays", "due_days", "index_arrays", "receipt"]

_DAY: Final = 86_400


@dataclass(frozen=True, slots=True, eq=False)
class IndexArrays:
    """A working-time index as dense arrays; day ``i`` is ``first_ordinal + i``."""

    first_ordinal: int
    days: int
    """Days covered."""
    working: Bools
    """Whether day i is a working day."""
    counts: Ints
    """counts[i] = working days before day i (``days + 1`` entries)."""
    working_days: Ints
    """Day index of each working day, ascending."""
    cumulative: Ints
    """cumulative[i] = working seconds of the days before day i (``days + 1`` entries)."""
    starts: Ints
    """starts[i, s]: start second of day i's session s (0 for a missing session)."""
    ends: Ints
    """ends[i, s]: end second of day i's session s (0 for a missing session)."""
    closing: Ints
    """End second of day i's last session (0 on a day off)."""
    provisional_day: int
    """Day index of 1 January of the first provisional year."""

    def next_working(self, days: Ints) -> tuple[Ints, Bools]:
        """The first working day after each day, and where it lies in the data."""
        return self.nth_after(days, 1)

    def nth_after(self, days: Ints, n: int | Ints) -> tuple[Ints, Bools]:
        """The n-th working day after each day (n >= 1), and where it lies in the data."""
        import numpy as np

        rank = self.counts[days + 1] + n - 1
        inside = rank < len(self.working_days)
        return self.working_days[np.where(inside, rank, 0)], inside


@lru_cache(maxsize=16)  # per index object (an index lives as long as its calendar's cache)
def index_arrays(index: WorkTimeIndex) -> IndexArrays:
    """The dense arrays of a working-time index, built once."""
    import numpy as np

    days = len(index.spans)
    width = max((len(spans) for spans in index.spans), default=1) or 1
    starts = np.zeros((days, width), dtype=np.int64)
    ends = np.zeros((days, width), dtype=np.int64)
    for i, spans in enumerate(index.spans):
        for s, (start, end) in enumerate(spans):
            starts[i, s] = start
            ends[i, s] = end
    working = np.array([bool(spans) for spans in index.spans], dtype=np.bool_)
    closing = np.array([spans[-1][1] if spans else 0 for spans in index.spans], dtype=np.int64)
    return IndexArrays(
        first_ordinal=index.first_ordinal,
        days=days,
        working=working,
        counts=np.asarray(index.counts, dtype=np.int64),
        working_days=np.asarray(index.working, dtype=np.int64),
        cumulative=np.asarray(index.cumulative, dtype=np.int64),
        starts=starts,
        ends=ends,
        closing=closing,
        provisional_day=index.provisional_day,
    )


def receipt(days: int, second: int) -> date | datetime:
    """A receipt as compute_deadline takes it, from days since 1970-01-01 and the second of the
    local day (``-1``: the date alone): a date, or a moment in Vietnam time."""  # noqa: D205, D209
    day = date.fromordinal(days + EPOCH_ORDINAL)
    if second < 0:
        return day
    hour, rest = divmod(second, 3600)
    return datetime(day.year, day.month, day.day, hour, rest // 60, rest % 60, tzinfo=VIETNAM)


def _second_of(value: object) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second  # type: ignore[attr-defined, no-any-return]


def _deemed(
    arrays: IndexArrays, day: Ints, second: Ints, cutoff: int | None, defer: bool
) -> tuple[Ints, Bools]:
    """The day of the deemed receipt (`deadline._deemed_receipt`), and where it is known."""
    import numpy as np

    following, inside = arrays.next_working(day)
    working = arrays.working[day]
    timed = second >= 0
    move = ~working
    if cutoff is not None:
        move |= working & timed & (second > cutoff)
    if defer:
        move |= working & timed & (second >= arrays.closing[day])
    return np.where(move, following, day), inside | ~move


def _working_days(
    arrays: IndexArrays,
    day: Ints,
    second: Ints,
    whole: int,
    fractional: bool,
    policy: DeadlinePolicy,
) -> tuple[Ints, Bools]:
    """`deadline._working_days`: a fraction of a day falls on the day after the whole days."""
    import numpy as np

    cutoff = None if policy.cutoff is None else _second_of(policy.cutoff)
    deemed, known = _deemed(arrays, day, second, cutoff, policy.defer_after_hours)
    if policy.count_receipt_day:
        if fractional:  # refused by compute_deadline
            return deemed, np.zeros(len(day), dtype=np.bool_)
        offset = whole - 1
    else:
        offset = whole + 1 if fractional else whole
        _, first_known = arrays.next_working(deemed)  # the counting start must be in the data
        known &= first_known
    if offset <= 0:
        return deemed, known
    due, inside = arrays.nth_after(deemed, offset)
    return np.where(inside, due, 0), known & inside


def _position(arrays: IndexArrays, day: Ints, second: Ints) -> Ints:
    """Working seconds from the start of the data to (day, second) (`WorkTimeIndex.position`)."""
    import numpy as np

    starts = arrays.starts[day]
    lengths = arrays.ends[day] - starts
    worked = np.clip(second[:, None] - starts, 0, lengths).sum(axis=1)
    result: Ints = arrays.cumulative[day] + worked
    return result


def _working_hours(
    arrays: IndexArrays, day: Ints, second: Ints, seconds: int, policy: DeadlinePolicy
) -> tuple[Ints, Bools]:
    import numpy as np

    known = second >= 0
    position = _position(arrays, day, np.where(known, second, 0))
    if policy.cutoff is not None:
        following, inside = arrays.next_working(day)
        late = arrays.working[day] & (second > _second_of(policy.cutoff))
        position = np.where(late, arrays.cumulative[following], position)
        known &= inside | ~late
    target = position + seconds
    k = np.searchsorted(arrays.cumulative, target, side="left")
    inside = k < len(arrays.cumulative)
    return np.where(inside, k - 1, 0), known & inside


def _calendar_period(
    arrays: IndexArrays, day: Ints, n: int, unit: Unit, policy: DeadlinePolicy
) -> tuple[Ints, Bools]:
    """`deadline.period_last_day`, then the roll to a working day (BLDS 2015 Art. 148)."""
    import numpy as np

    anchor = day - 1 if policy.count_receipt_day else day  # the period starts after the anchor
    if unit is Unit.DAYS:
        last = anchor + n
    elif unit is Unit.WEEKS:
        last = anchor + 7 * n
    else:
        months = n if unit is Unit.MONTHS else 12 * n
        dates = (anchor + (arrays.first_ordinal - EPOCH_ORDINAL)).astype("datetime64[D]")
        month = dates.astype("datetime64[M]")
        day_of_month = (dates - month.astype("datetime64[D]")).astype(np.int64)
        target = month + months
        length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
            np.int64
        )
        ends = target.astype("datetime64[D]") + np.minimum(day_of_month, length - 1)
        last = ends.astype(np.int64) - (arrays.first_ordinal - EPOCH_ORDINAL)
    last = np.maximum(last, day)
    inside = (last >= 0) & (last < arrays.days)
    last = np.where(inside, last, 0)
    rolled, rolled_inside = arrays.next_working(last)
    off = ~arrays.working[last]
    return np.where(off, rolled, last), inside & (rolled_inside | ~off)


def due_days(
    arrays: IndexArrays,
    day: Ints,
    second: Ints,
    duration: Duration,
    policy: DeadlinePolicy,
    *,
    strict: bool = False,
) -> tuple[Ints, Bools, Bools]:
    """The due day of each receipt under one limit, as `compute_deadline` gives it.

    Args:
        arrays: The index's arrays.
        day: Day index of each receipt (any integer: outside the data is not known).
        second: Second of the local day of each receipt, ``-1`` when only the date is known.
        duration: The limit.
        policy: The policy (with any cut-off the limit's text states).
        strict: The calendar refuses provisional years (such receipts are not known).

    Returns:
        The due day index of each receipt, whether the kernel knows it (``False``: ask
        `compute_deadline`), and whether it depends on a provisional year.
    """
    import numpy as np

    inside = (day >= 0) & (day < arrays.days)
    day = np.where(inside, day, 0)
    timed = second >= 0
    unit = duration.unit
    amount = duration.amount
    whole = int(amount)
    integral = amount == whole
    due = day
    known = np.zeros(len(day), dtype=np.bool_)
    hours_refused = policy.count_receipt_day  # compute_deadline refuses it with hour limits
    if unit is Unit.WORKING_DAYS:
        due, known = _working_days(arrays, day, second, whole, not integral, policy)
    elif unit is Unit.SAME_DAY:
        cutoff = _second_of(policy.same_day_cutoff)
        if policy.cutoff is not None:  # the earlier cut-off decides (`deadline._same_day`)
            cutoff = min(cutoff, _second_of(policy.cutoff))
        due, known = _deemed(arrays, day, second, cutoff, policy.defer_after_hours)
        known &= timed
    elif unit is Unit.WORKING_HOURS and duration._seconds and not hours_refused:
        due, known = _working_hours(arrays, day, second, duration._seconds, policy)
    elif unit is Unit.HOURS and amount * 3600 == int(amount * 3600) and not hours_refused:
        total = day * _DAY + np.where(timed, second, 0) + int(amount * 3600)
        due = total // _DAY
        known = timed & (due < arrays.days)
    elif unit in (Unit.DAYS, Unit.WEEKS, Unit.MONTHS, Unit.YEARS) and integral:
        due, known = _calendar_period(arrays, day, whole, unit, policy)
    known &= inside
    due = np.where(known, due, 0)
    provisional = (due >= arrays.provisional_day) | (day >= arrays.provisional_day)
    if strict:
        known &= ~provisional
    return due, known, provisional & known
