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

from importlib.metadata import PackageNotFoundError, version

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
from kyluat.errors import (
    CoverageError,
    DataError,
    InvalidInputError,
    KyluatError,
    KyluatWarning,
    ProvisionalDataError,
    ProvisionalDataWarning,
)
from kyluat.sources import Source, Status

try:
    __version__ = version("kyluat")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

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
