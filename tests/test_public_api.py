import subprocess
import sys

import kyluat

EXPECTED = {
    "EVERY_DAY",
    "MON_FRI",
    "MON_SAT",
    "CoverageError",
    "DataError",
    "DayInfo",
    "DayKind",
    "Direction",
    "InvalidInputError",
    "KyluatError",
    "KyluatWarning",
    "Override",
    "ProvisionalDataError",
    "ProvisionalDataWarning",
    "Reason",
    "Sector",
    "Source",
    "Status",
    "WorkCalendar",
    "YearInfo",
    "DECISIONS_ENV",
    "Decisions",
    "load_decisions",
    "__version__",
    "default_calendar",
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
    "Regime",
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
    "ProcessBudgetError",
    "InvalidTransitionError",
    "PermissionDeniedError",
    "DEFAULT_DOSSIER_PERMISSIONS",
    "DEFAULT_TASK_PERMISSIONS",
    "Actor",
    "AuditEntry",
    "Dossier",
    "ClockStart",
    "DossierSnapshot",
    "DossierState",
    "PermissionPolicy",
    "Task",
    "TaskSnapshot",
    "TaskState",
    "verify_log",
    "DossierTrigger",
    "TaskTrigger",
    "DOSSIER_LIFECYCLE",
    "AmbiguousLimitError",
    "CompoundLimitError",
    "CountedFrom",
    "Exclusion",
    "LimitCase",
    "PublishedLimit",
    "Uncertainty",
    "read_limit",
    "TASK_LIFECYCLE",
    "private_sector_calendar",
}


def test_all_is_pinned():
    assert set(kyluat.__all__) == EXPECTED
    assert len(kyluat.__all__) == len(EXPECTED)
    for name in kyluat.__all__:
        assert hasattr(kyluat, name), name


def test_version_comes_from_metadata():
    from importlib.metadata import version

    assert kyluat.__version__ == version("kyluat")


def test_import_is_light():
    code = (
        "import sys, kyluat; "
        "heavy = ('holidays', 'pydantic', 'transitions', 'numpy', 'dateutil'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_dir_lists_the_lazy_names():
    listed = dir(kyluat)
    for name in kyluat.__all__:
        assert name in listed, name


def test_strategies_import_first_in_a_fresh_interpreter():
    # hypothesis's entry point runs while kyluat.strategies imports hypothesis: it must not
    # need kyluat.strategies itself (it once failed with a circular import).
    code = "from kyluat import strategies; print(strategies.durations().example() is not None)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"
