"""Outcomes and statuses of deadlines (private kernel; light: no pydantic).

Shared by clocks, processes, lifecycles and ``kyluat check``; the public names are
[`kyluat.Outcome`][kyluat.Outcome] and [`kyluat.ClockStatus`][kyluat.ClockStatus].
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

__all__ = ["ClockStatus", "Outcome"]


class Outcome(StrEnum):
    """How a finished piece of work compares with its deadline day (docs: SLA clocks).

    Values are stable (stored and exchanged).
    """

    EARLY = "early"
    """Trước hạn: finished before the deadline day."""
    ON_TIME = "on_time"
    """Đúng hạn: finished on the deadline day."""
    LATE = "late"
    """Quá hạn: finished after the deadline day."""

    @classmethod
    def of(cls, finished: date, due: date) -> Outcome:
        """The outcome of work finished on day ``finished`` with deadline day ``due``.

        Examples:
            >>> Outcome.of(date(2026, 3, 20), date(2026, 3, 20)).value
            'on_time'
        """
        if finished < due:
            return cls.EARLY
        return cls.ON_TIME if finished == due else cls.LATE


class ClockStatus(StrEnum):
    """State of open work at a moment: within the deadline or overdue."""

    WITHIN = "within"
    """Trong hạn (always while a clock is paused)."""
    OVERDUE = "overdue"
    """Quá hạn."""
