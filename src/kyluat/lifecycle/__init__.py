"""Lifecycles of dossiers and assigned tasks, with an audit trail and permissions.

The directive this library serves demands that every task names who leads, who co-operates,
who is personally responsible and by when, and that work is chased to its final result
(NĐ 30/2020/NĐ-CP Art. 23–24). A [`Dossier`][kyluat.lifecycle.Dossier] follows an
administrative dossier through the national portal's statuses 1–10; a
[`Task`][kyluat.lifecycle.Task] follows an assigned task from assignment to its result.

Each lifecycle is a table with one row per trigger
([`DOSSIER_LIFECYCLE`][kyluat.lifecycle.DOSSIER_LIFECYCLE],
[`TASK_LIFECYCLE`][kyluat.lifecycle.TASK_LIFECYCLE]): the states it leads from and to, the roles
allowed by default, the guard and the effect on the SLA clock. A ``transitions`` state machine
built once from the rows computes the next state (this package is the only one that imports
``transitions``); the default permission policies and the diagrams come from the same rows.

A record's clock counts from its acceptance (a dossier's ``accept``, thụ lý for complaints and
denunciations) or its receipt (a dossier's ``submit``, a task's ``assign``): by default a
dossier from acceptance and a task from assignment, a limit text that counts from thụ lý from
acceptance, and the ``counted_from`` option ([`ClockStart`][kyluat.lifecycle.ClockStart]) over
both; the entry that starts the clock for another reason than the default says why.

Every transition takes the actor (id, role, unit), the moment (passed in, never read from the
system clock), a reason and a reference, and appends an [`AuditEntry`][kyluat.lifecycle.AuditEntry]
to an append-only log. Each entry carries the hash of the previous one, so
[`verify_log`][kyluat.lifecycle.verify_log] finds the first tampered entry, and the current state
is what [`Dossier.replay`][kyluat.lifecycle.Record.replay] gives from the log.

Records are immutable values: a transition returns a new record and a refused one (not allowed
from the state, or not permitted to the actor's role) raises and changes nothing; they compare,
hash, copy and pickle by their log and configuration. They can be shared between threads
freely; concurrent writers of one dossier must serialise their updates, for example by checking
that the log's last hash is the one they read (optimistic locking).

Examples:
    >>> from datetime import datetime
    >>> from kyluat import VIETNAM, Duration
    >>> at = lambda *a: datetime(*a, tzinfo=VIETNAM)
    >>> citizen = Actor(id="cd-1", role="applicant", unit="Công dân")
    >>> desk = Actor(id="nv-7", role="one_stop_desk", unit="Bộ phận một cửa")
    >>> d = Dossier.submit(id="HS-001", procedure="Cấp giấy phép xây dựng",
    ...                    limit=Duration.working_days(10), actor=citizen, at=at(2026, 3, 3, 8))
    >>> d = d.fire("accept", actor=desk, at=at(2026, 3, 3, 9), reference="Giấy tiếp nhận 01")
    >>> d.state.value, d.state.portal_code, d.clock.due_date
    ('accepted', 2, datetime.date(2026, 3, 17))
    >>> d
    Dossier(id='HS-001', state='accepted', entries=2)
    >>> d.fire("return_result", actor=desk, at=at(2026, 3, 4, 9))
    Traceback (most recent call last):
    ...
    kyluat.errors.InvalidTransitionError: trigger: 'return_result' is not allowed from 'accepted'; allowed: refuse, request_supplement, start_processing, withdraw

References:
    NĐ 30/2020/NĐ-CP Art. 23–24; NĐ 61/2018/NĐ-CP and NĐ 118/2025/NĐ-CP (one-stop); Luật
    Khiếu nại 2011 and Luật Tố cáo 2018 (limits counted from thụ lý); national portal status
    codes 1–10 (docs: reference/lifecycles.md).
"""  # noqa: E501 - the doctest's expected line is long

from __future__ import annotations

from kyluat.lifecycle._audit import GENESIS, AuditEntry, verify_log
from kyluat.lifecycle._definitions import (
    DOSSIER_LIFECYCLE,
    TASK_LIFECYCLE,
    LifecycleDefinition,
    Transition,
)
from kyluat.lifecycle._permissions import (
    DEFAULT_DOSSIER_PERMISSIONS,
    DEFAULT_TASK_PERMISSIONS,
    Actor,
    PermissionPolicy,
)
from kyluat.lifecycle._record import Record
from kyluat.lifecycle._records import Dossier, Task
from kyluat.lifecycle._snapshots import DossierSnapshot, TaskSnapshot
from kyluat.lifecycle._states import (
    ClockStart,
    DossierState,
    DossierTrigger,
    TaskState,
    TaskTrigger,
)
from kyluat.lifecycle.diagrams import json_schemas, mermaid

__all__ = [
    "DEFAULT_DOSSIER_PERMISSIONS",
    "DEFAULT_TASK_PERMISSIONS",
    "DOSSIER_LIFECYCLE",
    "GENESIS",
    "TASK_LIFECYCLE",
    "Actor",
    "AuditEntry",
    "ClockStart",
    "Dossier",
    "DossierSnapshot",
    "DossierState",
    "DossierTrigger",
    "LifecycleDefinition",
    "PermissionPolicy",
    "Record",
    "Task",
    "TaskSnapshot",
    "TaskState",
    "TaskTrigger",
    "Transition",
    "json_schemas",
    "mermaid",
    "verify_log",
]
