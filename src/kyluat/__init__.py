"""kyluat: Vietnamese administrative deadlines and workflow rules.

An immutable Vietnamese working-day calendar with official data and sources, and (as the
library grows) a statutory deadline engine, SLA clocks, lifecycles and compliance checks.

Examples:
    >>> from datetime import date
    >>> import kyluat
    >>> kyluat.default_calendar().add_working_days(date(2026, 3, 3), 5)
    datetime.date(2026, 3, 10)
"""

from __future__ import annotations

from kyluat.calendar import (
    EVERY_DAY,
    MON_FRI,
    MON_SAT,
    DayInfo,
    DayKind,
    Direction,
    Override,
    Reason,
    Sector,
    WorkCalendar,
    YearInfo,
    default_calendar,
    private_sector_calendar,
)
from kyluat.deadline import (
    VIETNAM,
    Deadline,
    DeadlinePolicy,
    EndOfDay,
    TraceStep,
    compute_deadline,
    regime_on,
)
from kyluat.duration import Duration, Unit
from kyluat.errors import (
    CoverageError,
    DataError,
    InvalidInputError,
    KyluatError,
    KyluatWarning,
    ProvisionalDataError,
    ProvisionalDataWarning,
)
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours, Season, Session
from kyluat.sources import Source, Status


def __getattr__(name: str) -> str:
    # The version is read from the package metadata on first use: importlib.metadata is slow
    # to import and most programs never ask.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("kyluat")
        except PackageNotFoundError:  # pragma: no cover - source tree without install
            return "0+unknown"
    raise AttributeError(f"module 'kyluat' has no attribute {name!r}")


__all__ = [
    # Calendar
    "EVERY_DAY",
    "MON_FRI",
    "MON_SAT",
    "DayInfo",
    "DayKind",
    "Direction",
    "Override",
    "Reason",
    "Sector",
    "WorkCalendar",
    "YearInfo",
    "default_calendar",
    "private_sector_calendar",
    # Deadlines
    "DEFAULT_OFFICE_HOURS",
    "VIETNAM",
    "Deadline",
    "DeadlinePolicy",
    "Duration",
    "EndOfDay",
    "OfficeHours",
    "Season",
    "Session",
    "TraceStep",
    "Unit",
    "compute_deadline",
    "regime_on",
    # Sources
    "Source",
    "Status",
    # Errors and warnings
    "CoverageError",
    "DataError",
    "InvalidInputError",
    "KyluatError",
    "KyluatWarning",
    "ProvisionalDataError",
    "ProvisionalDataWarning",
    "__version__",
]
