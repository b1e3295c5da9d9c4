"""Vectorised deadline arithmetic for batch checks (needs the optional ``numpy``).

[`add_working_days`][kyluat.batch.add_working_days] gives the answers of
[`WorkCalendar.add_working_days`][kyluat.calendar.WorkCalendar.add_working_days], and
[`due_dates`][kyluat.batch.due_dates] those of [compute_deadline][kyluat.compute_deadline] for
every kind of limit (working days, working hours, same day, clock hours, calendar periods), for
whole arrays at once: the calendar's cumulative indexes are gathered with NumPy, so a million
deadlines take milliseconds and, unlike ``numpy.busday_offset``, make-up working Saturdays are
honoured. Install with ``pip install kyluat[numpy]``; ``import kyluat`` never imports this module.

Examples:
    >>> import numpy as np
    >>> from kyluat import default_calendar
    >>> from kyluat.batch import add_working_days
    >>> starts = np.array(["2025-12-31", "2026-01-08", "2026-02-13"], dtype="datetime64[D]")
    >>> add_working_days(default_calendar(), starts, np.array([5, 2, 1]))
    array(['2026-01-09', '2026-01-10', '2026-02-23'], dtype='datetime64[D]')
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from kyluat._moments import EPOCH_ORDINAL
from kyluat.calendar import WorkCalendar, default_calendar
from kyluat.deadline import DEFAULT_POLICY, DeadlinePolicy, compute_deadline, with_published_cutoff
from kyluat.duration import Duration
from kyluat.errors import (
    CoverageError,
    InvalidInputError,
    KyluatError,
    ProvisionalDataError,
    ProvisionalDataWarning,
)
from kyluat.limits import PublishedLimit, resolve
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["add_working_days", "due_dates"]

_EPOCH = EPOCH_ORDINAL


@dataclass(frozen=True, slots=True, eq=False)
class _Arrays:
    first: int  # days since 1970-01-01 of the first date covered
    cumulative: np.ndarray
    working_days: np.ndarray  # days since 1970-01-01 of each working day, ascending
    provisional_day: int
    provisional_rank: int


@lru_cache(maxsize=16)
def _arrays(calendar: WorkCalendar) -> _Arrays:
    import numpy as np  # optional dependency, imported on use

    first, cumulative = calendar.working_day_index()
    counts = np.asarray(cumulative, dtype=np.int64)
    offsets = np.flatnonzero(np.diff(counts))  # day index of each working day
    base = first.toordinal() - _EPOCH
    provisional_day = date(calendar.last_announced_year + 1, 1, 1).toordinal() - first.toordinal()
    provisional_day = min(provisional_day, len(counts) - 1)
    return _Arrays(
        first=base,
        cumulative=counts,
        working_days=offsets + base,
        provisional_day=provisional_day,
        provisional_rank=int(counts[provisional_day]),
    )


def add_working_days(
    calendar: WorkCalendar,
    starts: npt.ArrayLike,
    n: npt.ArrayLike,
) -> np.ndarray:
    """Add working days to many start dates at once.

    Args:
        calendar: The calendar to count on.
        starts: Start dates, anything NumPy reads as ``datetime64[D]``.
        n: Whole numbers of working days, one per start or one for all.

    Returns:
        The resulting working days as a ``datetime64[D]`` array.

    Raises:
        InvalidInputError: ``starts`` are not dates or ``n`` not whole numbers.
        CoverageError: A start or a result lies outside the calendar's data.
        ProvisionalDataError: A strict calendar and a result in a provisional year.
    """
    import numpy as np  # optional dependency, imported on use

    try:
        days = np.asarray(starts, dtype="datetime64[D]").astype(np.int64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"cannot read as dates: {exc}", field="starts") from None
    amounts = np.asarray(n)
    if amounts.dtype.kind not in "iu":
        raise InvalidInputError(f"expected whole numbers, got dtype {amounts.dtype}", field="n")
    amounts = amounts.astype(np.int64)
    arrays = _arrays(calendar)
    index = days - arrays.first
    n_days = len(arrays.cumulative) - 1
    if index.size and (index.min() < 0 or index.max() >= n_days):
        bad = int(np.flatnonzero((index < 0) | (index >= n_days))[0])
        raise CoverageError(
            f"row {bad}: {np.datetime64(int(days.flat[bad]), 'D')} is outside the calendar's data",
            field="starts",
        )
    before = arrays.cumulative[index]
    through = arrays.cumulative[index + 1]
    rank = np.where(amounts > 0, through + amounts - 1, before + amounts)
    if rank.size and (rank.min() < 0 or rank.max() >= len(arrays.working_days)):
        bad = int(np.flatnonzero((rank < 0) | (rank >= len(arrays.working_days)))[0])
        raise CoverageError(f"row {bad}: the result falls outside the calendar's data", field="n")
    if rank.size and (
        rank.max() >= arrays.provisional_rank or index.max() >= arrays.provisional_day
    ):
        message = (
            f"some results depend on a year after {calendar.last_announced_year}, whose "
            "official schedule is not announced yet"
        )
        if calendar.strict:
            raise ProvisionalDataError(message)
        warnings.warn(message, ProvisionalDataWarning, stacklevel=2)
    result: np.ndarray = arrays.working_days[rank].astype("datetime64[D]")
    return result


Limit = Duration | str | PublishedLimit


def _receipts(received: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days since 1970-01-01 and second of the day (``-1``: a date) of each receipt."""
    import numpy as np

    try:
        moments = np.asarray(received)
        if moments.dtype.kind != "M":
            moments = moments.astype("datetime64")
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"cannot read as dates or moments: {exc}", field="received"
        ) from None
    if np.isnat(moments).any():
        bad = int(np.flatnonzero(np.isnat(moments))[0])
        raise InvalidInputError(f"row {bad}: not a date or moment (NaT)", field="received")
    unit = np.datetime_data(moments.dtype)[0]
    if unit in ("Y", "M", "W"):
        raise InvalidInputError(
            f"expected days or moments, got datetime64[{unit}]", field="received"
        )
    days = moments.astype("datetime64[D]")
    day_numbers = days.astype(np.int64)
    if unit == "D":
        return moments, day_numbers, np.full(day_numbers.shape, -1, dtype=np.int64)
    seconds = (moments - days).astype("timedelta64[s]").astype(np.int64)
    return moments, day_numbers, seconds


def due_dates(
    received: npt.ArrayLike,
    limit: Limit | npt.ArrayLike,
    *,
    calendar: WorkCalendar | None = None,
    office_hours: OfficeHours | None = None,
    policy: DeadlinePolicy | None = None,
) -> np.ndarray:
    """The due day of many receipts at once, as [compute_deadline][kyluat.compute_deadline] does.

    Args:
        received: Dates (``datetime64[D]``: the day alone is known) or moments (``datetime64``
            in seconds or finer, read as Vietnam time: NumPy moments carry no zone).
        limit: One limit for all (a [`Duration`][kyluat.Duration], published text, or a
            [`PublishedLimit`][kyluat.limits.PublishedLimit]), or one per receipt.
        calendar: The working-day calendar (default: the public sector's).
        office_hours: The agency's sessions (default: kyluat's).
        policy: The choices left to the agency (default: kyluat's).

    Returns:
        The due days as a ``datetime64[D]`` array. Receipts the NumPy rules do not cover (a
        receipt or deadline outside the data, a combination the engine refuses…) are computed
        one at a time, so every answer is [compute_deadline][kyluat.compute_deadline]'s.

    Raises:
        InvalidInputError: Not dates or moments, or a limit that cannot be read (with the row).
        CoverageError: A receipt or a deadline outside the calendar's data (with the row).
        ProvisionalDataError: A strict calendar and a deadline in a provisional year.

    Warns:
        ProvisionalDataWarning: Once, when some deadlines depend on a year not yet announced.

    Examples:
        >>> import numpy as np
        >>> from kyluat.batch import due_dates
        >>> moments = np.array(["2026-03-03T09:00", "2026-03-06T16:45"], dtype="datetime64[s]")
        >>> due_dates(moments, "8 giờ làm việc")
        array(['2026-03-04', '2026-03-09'], dtype='datetime64[D]')
        >>> due_dates(np.array(["2026-01-30"], dtype="datetime64[D]"), "1 tháng")
        array(['2026-03-02'], dtype='datetime64[D]')
    """
    import numpy as np

    from kyluat._vector import due_days, index_arrays, receipt
    from kyluat._worktime import cached_index

    moments, days, seconds = _receipts(received)
    days, seconds = days.ravel(), seconds.ravel()
    calendar = default_calendar() if calendar is None else calendar
    hours = DEFAULT_OFFICE_HOURS if office_hours is None else office_hours
    base = DEFAULT_POLICY if policy is None else policy
    if isinstance(limit, Duration | str | PublishedLimit):
        groups = np.zeros(len(days), dtype=np.int64)
        kinds: list[Limit] = [limit]
    else:
        each = np.asarray(limit, dtype=object).ravel()
        if len(each) != len(days):
            raise InvalidInputError(
                f"expected one limit or {len(days)}, got {len(each)}", field="limit"
            )
        kinds = []
        seen: dict[object, int] = {}
        groups = np.empty(len(days), dtype=np.int64)
        for k, item in enumerate(each.tolist()):
            key = (type(item), item) if isinstance(item, str | Duration) else id(item)
            if key not in seen:
                seen[key] = len(kinds)
                kinds.append(item)
            groups[k] = seen[key]
    index = cached_index(calendar, hours)
    arrays = index_arrays(index)
    day_index = days + (EPOCH_ORDINAL - arrays.first_ordinal)
    due = np.zeros(len(days), dtype=np.int64)
    known = np.zeros(len(days), dtype=np.bool_)
    provisional = np.zeros(len(days), dtype=np.bool_)
    for number, item in enumerate(kinds):
        rows = np.flatnonzero(groups == number)
        try:
            duration, reading = resolve(item)
        except KyluatError as exc:
            exc.add_note(f"row {int(rows[0])}")
            raise
        rule = base
        if reading is not None and reading.cutoff is not None:
            rule = with_published_cutoff(base, duration, reading.cutoff)
        group_due, group_known, group_provisional = due_days(
            arrays, day_index[rows], seconds[rows], duration, rule, strict=calendar.strict
        )
        due[rows] = group_due + arrays.first_ordinal - EPOCH_ORDINAL
        known[rows] = group_known
        provisional[rows] = group_provisional
        for k in rows[~group_known].tolist():  # one at a time: compute_deadline's answer
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ProvisionalDataWarning)
                try:
                    deadline = compute_deadline(
                        receipt(int(days[k]), int(seconds[k])),
                        duration,
                        calendar=calendar,
                        office_hours=hours,
                        policy=rule,
                    )
                except KyluatError as exc:
                    exc.add_note(f"row {k}")
                    raise
            due[k] = deadline.due_date.toordinal() - EPOCH_ORDINAL
            provisional[k] = deadline.provisional
    if provisional.any():
        warnings.warn(
            f"{int(provisional.sum()):,} deadlines depend on a year after "
            f"{calendar.last_announced_year}, whose official schedule is not announced yet",
            ProvisionalDataWarning,
            stacklevel=2,
        )
    result: np.ndarray = due.astype("datetime64[D]").reshape(np.shape(moments))
    return result
