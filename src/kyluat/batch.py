"""Vectorised working-day arithmetic for batch checks (needs the optional ``numpy``).

Same answers as [`WorkCalendar.add_working_days`][kyluat.calendar.WorkCalendar.add_working_days],
for whole arrays at once: the calendar's cumulative index is gathered with NumPy, so a million
additions take milliseconds and, unlike ``numpy.busday_offset``, make-up working Saturdays are
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
from kyluat.calendar import WorkCalendar
from kyluat.errors import (
    CoverageError,
    InvalidInputError,
    ProvisionalDataError,
    ProvisionalDataWarning,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["add_working_days"]

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
