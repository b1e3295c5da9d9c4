"""kyluat: Vietnamese administrative deadlines and workflow rules.

An immutable Vietnamese working-day calendar with official data and sources, a statutory
deadline engine, SLA clocks, dossier and task lifecycles, and compliance checks. The public API
is what this module exports (``__all__``); modules whose names start with an underscore are
private kernels shared by the public ones.

Examples:
    >>> from datetime import date
    >>> import kyluat
    >>> kyluat.default_calendar().add_working_days(date(2026, 3, 3), 5)
    datetime.date(2026, 3, 10)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kyluat.calendar import (
    DECISIONS_ENV,
    EVERY_DAY,
    MON_FRI,
    MON_SAT,
    DayInfo,
    DayKind,
    Decisions,
    Direction,
    Override,
    Reason,
    Sector,
    WorkCalendar,
    YearInfo,
    default_calendar,
    load_decisions,
    private_sector_calendar,
)
from kyluat.data.rules import Regime
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
    AmbiguousLimitError,
    CompoundLimitError,
    CoverageError,
    DataError,
    InvalidInputError,
    InvalidTransitionError,
    KyluatError,
    KyluatWarning,
    PermissionDeniedError,
    ProcessBudgetError,
    ProvisionalDataError,
    ProvisionalDataWarning,
)
from kyluat.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours, Season, Session
from kyluat.sources import Source, Status

if TYPE_CHECKING:  # imported on first use: they need pydantic, which `import kyluat` avoids
    from kyluat.lifecycle import (
        DEFAULT_DOSSIER_PERMISSIONS,
        DEFAULT_TASK_PERMISSIONS,
        DOSSIER_LIFECYCLE,
        TASK_LIFECYCLE,
        Actor,
        AuditEntry,
        ClockStart,
        Dossier,
        DossierSnapshot,
        DossierState,
        DossierTrigger,
        PermissionPolicy,
        Task,
        TaskSnapshot,
        TaskState,
        TaskTrigger,
        verify_log,
    )
    from kyluat.limits import (
        CountedFrom,
        Exclusion,
        LimitCase,
        PublishedLimit,
        Uncertainty,
        read_limit,
    )
    from kyluat.process import Handover, Process, Step, StepResult
    from kyluat.sla import (
        ClockEvent,
        ClockStatus,
        EventKind,
        LateNoticeKind,
        Outcome,
        PauseReason,
        Reappointment,
        SlaClock,
    )

_LAZY = {
    "CountedFrom": "kyluat.limits",
    "Exclusion": "kyluat.limits",
    "LimitCase": "kyluat.limits",
    "PublishedLimit": "kyluat.limits",
    "Uncertainty": "kyluat.limits",
    "read_limit": "kyluat.limits",
    "ClockEvent": "kyluat.sla",
    "ClockStatus": "kyluat.sla",
    "EventKind": "kyluat.sla",
    "Outcome": "kyluat.sla",
    "PauseReason": "kyluat.sla",
    "Reappointment": "kyluat.sla",
    "SlaClock": "kyluat.sla",
    "LateNoticeKind": "kyluat.sla",
    "ClockStart": "kyluat.lifecycle",
    "DEFAULT_DOSSIER_PERMISSIONS": "kyluat.lifecycle",
    "DEFAULT_TASK_PERMISSIONS": "kyluat.lifecycle",
    "DOSSIER_LIFECYCLE": "kyluat.lifecycle",
    "TASK_LIFECYCLE": "kyluat.lifecycle",
    "DossierTrigger": "kyluat.lifecycle",
    "TaskTrigger": "kyluat.lifecycle",
    "Actor": "kyluat.lifecycle",
    "AuditEntry": "kyluat.lifecycle",
    "Dossier": "kyluat.lifecycle",
    "DossierSnapshot": "kyluat.lifecycle",
    "DossierState": "kyluat.lifecycle",
    "PermissionPolicy": "kyluat.lifecycle",
    "Task": "kyluat.lifecycle",
    "TaskSnapshot": "kyluat.lifecycle",
    "TaskState": "kyluat.lifecycle",
    "verify_log": "kyluat.lifecycle",
    "Handover": "kyluat.process",
    "Process": "kyluat.process",
    "Step": "kyluat.process",
    "StepResult": "kyluat.process",
}


def __getattr__(name: str) -> object:
    # Clocks and processes load pydantic; the version needs importlib.metadata: both are
    # imported on first use so that `import kyluat` stays light.
    module = _LAZY.get(name)
    if module is not None:
        import importlib  # only for the lazily imported names

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("kyluat")
        except PackageNotFoundError:  # pragma: no cover - source tree without install
            return "0+unknown"
    raise AttributeError(f"module 'kyluat' has no attribute {name!r}")


def __dir__() -> list[str]:
    # The lazily imported names are part of the module's surface too (tab completion, dir()).
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})


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
    "DECISIONS_ENV",
    "Decisions",
    "load_decisions",
    # Deadlines
    "DEFAULT_OFFICE_HOURS",
    "VIETNAM",
    "Deadline",
    "DeadlinePolicy",
    "Duration",
    "EndOfDay",
    "OfficeHours",
    "Regime",
    "Season",
    "Session",
    "TraceStep",
    "Unit",
    "compute_deadline",
    "regime_on",
    # Published limits
    "CountedFrom",
    "Exclusion",
    "LimitCase",
    "PublishedLimit",
    "Uncertainty",
    "read_limit",
    # Clocks and processes
    "ClockEvent",
    "ClockStatus",
    "EventKind",
    "Handover",
    "Outcome",
    "PauseReason",
    "Process",
    "Reappointment",
    "SlaClock",
    "LateNoticeKind",
    "Step",
    "StepResult",
    # Lifecycles
    "DEFAULT_DOSSIER_PERMISSIONS",
    "DEFAULT_TASK_PERMISSIONS",
    "DOSSIER_LIFECYCLE",
    "TASK_LIFECYCLE",
    "Actor",
    "AuditEntry",
    "Dossier",
    "ClockStart",
    "DossierSnapshot",
    "DossierState",
    "DossierTrigger",
    "PermissionPolicy",
    "Task",
    "TaskSnapshot",
    "TaskState",
    "TaskTrigger",
    "verify_log",
    # Sources
    "Source",
    "Status",
    # Errors and warnings
    "AmbiguousLimitError",
    "CompoundLimitError",
    "CoverageError",
    "DataError",
    "InvalidInputError",
    "KyluatError",
    "KyluatWarning",
    "InvalidTransitionError",
    "PermissionDeniedError",
    "ProcessBudgetError",
    "ProvisionalDataError",
    "ProvisionalDataWarning",
    "__version__",
]
