"""Dossiers and tasks: the two records, each bound to its lifecycle's table.

A [`Dossier`][kyluat.lifecycle.Dossier] is created by ``submit`` and a
[`Task`][kyluat.lifecycle.Task] by ``assign``; both then change only through
[`fire`][kyluat.lifecycle.Record.fire], which returns a new record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Self

from kyluat._validate import require_text
from kyluat.calendar import WorkCalendar
from kyluat.deadline import DeadlinePolicy
from kyluat.duration import Duration, Unit
from kyluat.errors import InvalidInputError
from kyluat.lifecycle._definitions import DOSSIER_LIFECYCLE, TASK_LIFECYCLE
from kyluat.lifecycle._effects import parse_clock_start
from kyluat.lifecycle._permissions import (
    DEFAULT_DOSSIER_PERMISSIONS,
    DEFAULT_TASK_PERMISSIONS,
    Actor,
    PermissionPolicy,
)
from kyluat.lifecycle._record import Data, Record
from kyluat.lifecycle._snapshots import DossierSnapshot, TaskSnapshot
from kyluat.lifecycle._states import ClockStart, DossierState, TaskState, TaskTrigger
from kyluat.limits import PublishedLimit, resolve
from kyluat.office_hours import OfficeHours

__all__ = ["Dossier", "Task"]


def _check_clock_limit(limit: object) -> None:
    """Refuse a limit a lifecycle's clock cannot count, at creation rather than later."""
    if not isinstance(limit, Duration):
        raise InvalidInputError("expected a Duration or limit text", field="limit")
    if limit.unit is not Unit.SAME_DAY and limit.amount <= 0:
        raise InvalidInputError(f"a clock needs a positive limit, not {limit}", field="limit")
    if limit.unit is Unit.HOURS:
        raise InvalidInputError(
            f"a clock does not count clock hours ({limit}); use working hours", field="limit"
        )


def _limit(limit: object) -> tuple[Duration, PublishedLimit | None]:
    """The limit a record is created with: a Duration, clean or published text, or a reading."""
    if not isinstance(limit, Duration | str | PublishedLimit):
        raise InvalidInputError("expected a Duration or limit text", field="limit")
    duration, reading = resolve(limit)
    _check_clock_limit(duration)
    return duration, reading


class Dossier(Record):
    """An administrative dossier (hồ sơ thủ tục hành chính) through portal statuses 1–10.

    Acceptance starts the clock (or submission, for a dossier counted from receipt: see
    ``counted_from``); supplement and financial-obligation requests and a stop pause it;
    resubmission resumes it, or restarts it when the procedure says so; finishing the processing
    stops it. ``apologize`` records the apology with its new date: the apology and
    re-appointment slip under NĐ 61/2018/NĐ-CP, or, for a dossier received from 01/07/2025, the
    apology and extension request (form 04 of TT 03/2025/TT-VPCP), named in the entry's data
    (``notice``, ``form``, and ``findings`` when it breaks a rule). The rows:
    [`DOSSIER_LIFECYCLE`][kyluat.lifecycle.DOSSIER_LIFECYCLE].

    References:
        NĐ 61/2018/NĐ-CP and NĐ 118/2025/NĐ-CP (one-stop processing); TT 03/2025/TT-VPCP Mẫu
        số 04 [secondary]; Luật Khiếu nại 2011 and Luật Tố cáo 2018 (thụ lý); docs:
        reference/lifecycles.md, explanation/sla-clocks.md.
    """

    _definition = DOSSIER_LIFECYCLE
    _default_permissions = DEFAULT_DOSSIER_PERMISSIONS
    __slots__ = ()

    @classmethod
    def submit(
        cls,
        *,
        id: str,
        procedure: str,
        limit: Duration | str | PublishedLimit,
        actor: Actor,
        at: datetime,
        restart_on_resubmission: bool = False,
        counted_from: ClockStart | str | None = None,
        reason: str = "",
        reference: str = "",
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
        permissions: PermissionPolicy | None = None,
    ) -> Self:
        """Create a dossier (portal status 1) with its procedure's limit.

        Args:
            id: The dossier's id.
            procedure: The procedure's name.
            limit: The limit: a Duration, or the published text ("30 ngày kể từ ngày thụ lý").
            actor: Who submits it.
            at: When (an aware datetime).
            restart_on_resubmission: The limit restarts when a supplement is supplied.
            counted_from: The event the clock counts from: ``"acceptance"``, the ``accept``
                transition (thụ lý; for one-stop procedures, the desk's acceptance of the
                complete dossier), or ``"receipt"``, this submission (the clock then starts
                now). Default: acceptance (also what a limit text counting from thụ lý says).
                Given, it is kept in the entry's data.
            reason: Why.
            reference: The document that records it.
            calendar: The working calendar (default: the official one).
            office_hours: The office hours (default: the national ones).
            policy: The deadline policy (default: the statutory one).
            permissions: The permission policy (default: the lifecycle's).

        Raises:
            InvalidInputError: A required field is empty, a limit a clock cannot count, or a
                ``counted_from`` that is neither ``receipt`` nor ``acceptance``.
            PermissionDeniedError: The actor may not submit (default: the applicant or the
                one-stop desk).

        References:
            Luật Khiếu nại 2011 (02/2011/QH13) Art. 28, 37; Luật Tố cáo 2018 (25/2018/QH14)
            Art. 30 [secondary]; docs: explanation/sla-clocks.md, "When the clock starts".
        """
        limit, reading = _limit(limit)
        data: Data = {
            "id": require_text(id, "id"),
            "procedure": require_text(procedure, "procedure"),
            "limit": str(limit) if reading is None else reading.text,
            "restart_on_resubmission": "true" if restart_on_resubmission else "false",
        }
        if counted_from is not None:
            data["counted_from"] = parse_clock_start(counted_from).value
        return cls._create(
            actor=actor,
            at=at,
            reason=reason,
            reference=reference,
            data=data,
            calendar=calendar,
            office_hours=office_hours,
            policy=policy,
            permissions=permissions,
        )

    @property
    def state(self) -> DossierState:
        """The current status."""
        return DossierState(self._state)

    def snapshot(self) -> DossierSnapshot:
        """The dossier as a pydantic model (state, deadline, log)."""
        clock = self._clock
        return DossierSnapshot(
            id=self.id,
            procedure=str(self._log[0].data["procedure"]),
            state=self.state,
            portal_code=self.state.portal_code,
            due_at=clock.due_at if clock else None,
            original_due_at=clock.original_due_at if clock else None,
            paused=clock.paused if clock else False,
            outcome=clock.outcome.value if clock and clock.outcome else None,
            log=self._log,
        )


class Task(Record):
    """An assigned task (nhiệm vụ được giao) from assignment to its result.

    It names the lead and co-operating units, the person responsible, the source document and
    the deadline; its clock starts at assignment, or at the assignee's acknowledgement when its
    limit counts from acceptance (thụ lý, e.g. a complaint to resolve) or ``counted_from`` says
    so. The rows: [`TASK_LIFECYCLE`][kyluat.lifecycle.TASK_LIFECYCLE].

    References:
        NĐ 30/2020/NĐ-CP Art. 23–24; Luật Khiếu nại 2011 and Luật Tố cáo 2018 (thụ lý).
    """

    _definition = TASK_LIFECYCLE
    _default_permissions = DEFAULT_TASK_PERMISSIONS
    __slots__ = ()

    @classmethod
    def assign(
        cls,
        *,
        id: str,
        title: str,
        source_document: str,
        assigning_unit: str,
        lead_unit: str,
        responsible: str,
        limit: Duration | str | PublishedLimit,
        actor: Actor,
        at: datetime,
        co_units: Sequence[str] = (),
        counted_from: ClockStart | str | None = None,
        reason: str = "",
        reference: str = "",
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
        permissions: PermissionPolicy | None = None,
    ) -> Self:
        """Assign a task; its clock starts at assignment with ``limit`` (working days or hours).

        A limit whose text counts from acceptance ("30 ngày kể từ ngày thụ lý") starts the clock
        when the assignee acknowledges the task instead; ``counted_from`` (``"receipt"``: the
        assignment, ``"acceptance"``: the acknowledgement) overrides the text and is kept in the
        entry's data.

        Raises:
            InvalidInputError: A required field is empty, a limit a clock cannot count, or a
                ``counted_from`` that is neither ``receipt`` nor ``acceptance``.
            PermissionDeniedError: The actor may not assign (default: a head of the assigning
                unit).

        References:
            NĐ 30/2020/NĐ-CP Art. 23–24; Luật Khiếu nại 2011 (02/2011/QH13) Art. 28, 37 and
            Luật Tố cáo 2018 (25/2018/QH14) Art. 30 [secondary].
        """
        limit, reading = _limit(limit)
        data: Data = {
            key: require_text(value, key)
            for key, value in (
                ("id", id),
                ("title", title),
                ("source_document", source_document),
                ("assigning_unit", assigning_unit),
                ("lead_unit", lead_unit),
                ("responsible", responsible),
            )
        }
        data["co_units"] = [str(u) for u in co_units]
        data["limit"] = str(limit) if reading is None else reading.text
        if counted_from is not None:
            data["counted_from"] = parse_clock_start(counted_from).value
        return cls._create(
            actor=actor,
            at=at,
            reason=reason,
            reference=reference,
            data=data,
            calendar=calendar,
            office_hours=office_hours,
            policy=policy,
            permissions=permissions,
        )

    @property
    def state(self) -> TaskState:
        """The current state."""
        return TaskState(self._state)

    @property
    def responsible(self) -> str:
        """The person responsible now (changes on reassignment)."""
        for entry in reversed(self._log):
            if "responsible" in entry.data:
                return str(entry.data["responsible"])
        raise AssertionError("unreachable: the assignment names the person responsible")

    @property
    def extensions(self) -> int:
        """Extensions granted so far."""
        return sum(1 for e in self._log if e.trigger == TaskTrigger.APPROVE_EXTENSION)

    def snapshot(self) -> TaskSnapshot:
        """The task as a pydantic model (state, people, deadline, log)."""
        first = self._log[0].data
        clock = self._clock
        co_units = first.get("co_units", [])
        return TaskSnapshot(
            id=str(first["id"]),
            title=str(first["title"]),
            source_document=str(first["source_document"]),
            lead_unit=str(first["lead_unit"]),
            co_units=list(co_units) if isinstance(co_units, list) else [co_units],
            responsible=self.responsible,
            state=self.state,
            due_at=clock.due_at if clock else None,
            extensions=self.extensions,
            outcome=clock.outcome.value if clock and clock.outcome else None,
            log=self._log,
        )
