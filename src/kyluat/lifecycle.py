"""Lifecycles of dossiers and assigned tasks, with an audit trail and permissions.

The directive this library serves demands that every task names who leads, who co-operates,
who is personally responsible and by when, and that work is chased to its final result
(NĐ 30/2020/NĐ-CP Art. 23–24). :class:`Dossier` follows an administrative dossier through the
national portal's statuses 1–10 (LAW.md §4); :class:`Task` follows an assigned task from
assignment to its result. Both are built on ``transitions`` (the only module that imports it).

Every transition takes the actor (id, role, unit), the moment (passed in, never read from the
system clock), a reason and a reference, and appends an :class:`AuditEntry` to an append-only
log. Each entry carries the hash of the previous one, so :func:`verify_log` finds the first
tampered entry, and the current state is what :meth:`Dossier.replay` gives from the log.

Records are immutable: a transition returns a new record and a refused one (not allowed from
the state, or not permitted to the actor's role) raises and changes nothing. They can be shared
between threads freely; concurrent writers of one dossier must serialise their updates, for
example by checking that the log's last hash is the one they read (optimistic locking).

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
    >>> d.fire("return_result", actor=desk, at=at(2026, 3, 4, 9))
    Traceback (most recent call last):
    ...
    kyluat.errors.InvalidTransitionError: trigger: 'return_result' is not allowed from 'accepted'; allowed: refuse, request_supplement, start_processing, withdraw

References:
    NĐ 30/2020/NĐ-CP Art. 23–24; NĐ 61/2018/NĐ-CP and NĐ 118/2025/NĐ-CP (one-stop); national
    portal status codes 1–10 (LAW.md §4).
"""  # noqa: E501 - the doctest's expected line is long

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Final

from pydantic import AwareDatetime, BaseModel, ConfigDict, TypeAdapter, ValidationError
from transitions import Machine, MachineError

from kyluat._moments import local as _local
from kyluat._moments import parse_moment
from kyluat._validate import from_pydantic
from kyluat.calendar import WorkCalendar
from kyluat.deadline import DeadlinePolicy
from kyluat.duration import Duration, Unit
from kyluat.errors import (
    DataError,
    InvalidInputError,
    InvalidTransitionError,
    PermissionDeniedError,
)
from kyluat.office_hours import OfficeHours
from kyluat.sla import ClockStatus, SlaClock

__all__ = [
    "DEFAULT_DOSSIER_PERMISSIONS",
    "DEFAULT_TASK_PERMISSIONS",
    "Actor",
    "AuditEntry",
    "Dossier",
    "DossierState",
    "PermissionPolicy",
    "Task",
    "TaskState",
    "json_schemas",
    "mermaid",
    "reference_docs",
    "verify_log",
]

GENESIS: Final = "0" * 64


class DossierState(StrEnum):
    """Statuses of a dossier, mirroring the national portal's codes 1–10 (LAW.md §4)."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    FINANCIAL_OBLIGATION = "financial_obligation"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    PROCESSED = "processed"
    RESULT_RETURNED = "result_returned"

    @property
    def portal_code(self) -> int:
        """The national portal's status code (1–10)."""
        return _PORTAL_CODES[self]


_PORTAL_CODES: Final = {state: n for n, state in enumerate(DossierState, start=1)}


class TaskState(StrEnum):
    """States of an assigned task (nhiệm vụ được giao). Overdue is derived, never stored."""

    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    EXTENSION_REQUESTED = "extension_requested"
    SUBMITTED_FOR_REVIEW = "submitted_for_review"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Actor(BaseModel):
    """Who fires a transition: an id, a role and a unit."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str
    role: str
    unit: str

    def model_post_init(self, context: Any, /) -> None:
        """Refuse empty fields."""
        for name in ("id", "role", "unit"):
            if not getattr(self, name):
                raise ValueError(f"{name} must not be empty")


class AuditEntry(BaseModel):
    """One entry of a record's append-only, hash-chained audit log."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int
    trigger: str
    actor: Actor
    at: AwareDatetime
    reason: str = ""
    reference: str = ""
    data: dict[str, str | list[str]] = {}
    state_from: str | None
    state_to: str
    prev_hash: str
    hash: str

    def expected_hash(self) -> str:
        """The hash this entry must carry: SHA-256 of its content and the previous hash."""
        content = self.model_dump(mode="json", exclude={"hash"})
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


_LOG = TypeAdapter(tuple[AuditEntry, ...])


def verify_log(entries: Sequence[AuditEntry]) -> int | None:
    """The index of the first entry that breaks the hash chain, or ``None`` when intact.

    Examples:
        >>> verify_log([])
    """
    previous = GENESIS
    for n, entry in enumerate(entries):
        if entry.seq != n or entry.prev_hash != previous or entry.hash != entry.expected_hash():
            return n
        previous = entry.hash
    return None


@dataclass(frozen=True)
class PermissionPolicy:
    """Which roles may fire which triggers; an agency supplies its own or uses a default.

    Attributes:
        roles: Trigger → roles allowed to fire it (a trigger not listed is allowed to nobody).
        same_unit: Triggers that, besides the role, need the actor to belong to the record's
            owning unit (a task's assigning unit).
        max_extensions: Extensions a task may be granted (``approve_extension`` beyond it is
            refused).
    """

    roles: Mapping[str, frozenset[str]]
    same_unit: frozenset[str] = field(default_factory=frozenset)
    max_extensions: int = 2

    def check(self, trigger: str, actor: Actor, owner_unit: str | None) -> None:
        """Raise :class:`PermissionDeniedError` unless ``actor`` may fire ``trigger``."""
        allowed = self.roles.get(trigger, frozenset())
        if actor.role not in allowed:
            raise PermissionDeniedError(
                f"role {actor.role!r} may not {trigger!r}; allowed roles: "
                + (", ".join(sorted(allowed)) or "none"),
                field="actor",
            )
        if trigger in self.same_unit and owner_unit is not None and actor.unit != owner_unit:
            raise PermissionDeniedError(
                f"only {owner_unit!r} may {trigger!r}, not {actor.unit!r}", field="actor"
            )


def _roles(**table: tuple[str, ...]) -> dict[str, frozenset[str]]:
    return {trigger: frozenset(roles) for trigger, roles in table.items()}


_DESK = "one_stop_desk"
_SPECIALIST = "specialist"
_HEAD = "head"
_APPLICANT = "applicant"
_ASSIGNEE = "assignee"
_REVIEWER = "reviewer"

DEFAULT_DOSSIER_PERMISSIONS: Final = PermissionPolicy(
    roles=_roles(
        submit=(_APPLICANT, _DESK),
        accept=(_DESK,),
        refuse=(_DESK,),
        start_processing=(_SPECIALIST, _HEAD),
        request_supplement=(_DESK, _SPECIALIST, _HEAD),
        resubmit=(_APPLICANT, _DESK),
        request_financial_obligation=(_SPECIALIST, _HEAD),
        fulfil_obligation=(_APPLICANT, _DESK),
        stop=(_HEAD,),
        resume_processing=(_HEAD,),
        hand_over=(_DESK, _SPECIALIST, _HEAD),
        apologize=(_HEAD,),
        finish_processing=(_SPECIALIST, _HEAD),
        return_result=(_DESK,),
        withdraw=(_APPLICANT,),
    )
)
"""Only the one-stop desk receives and returns; specialists and heads process; only a head
stops, resumes or apologises; only the applicant withdraws."""

DEFAULT_TASK_PERMISSIONS: Final = PermissionPolicy(
    roles=_roles(
        assign=(_HEAD,),
        acknowledge=(_ASSIGNEE,),
        start=(_ASSIGNEE,),
        report_progress=(_ASSIGNEE,),
        request_extension=(_ASSIGNEE,),
        approve_extension=(_HEAD,),
        reject_extension=(_HEAD,),
        reassign=(_HEAD,),
        submit_for_review=(_ASSIGNEE,),
        return_for_rework=(_HEAD, _REVIEWER),
        complete=(_HEAD, _REVIEWER),
        cancel=(_HEAD,),
    ),
    same_unit=frozenset({"assign", "approve_extension", "reject_extension", "reassign", "cancel"}),
)
"""The assignee acknowledges, reports and requests; only the head of the assigning unit
approves an extension, reassigns or cancels; a head or reviewer completes or returns work."""


# --- Machines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Definition:
    name: str
    states: tuple[str, ...]
    transitions: tuple[tuple[str, tuple[str, ...], str], ...]
    terminal: frozenset[str]

    def as_transitions(self) -> list[dict[str, object]]:
        # Plain strings: transitions would read Enum members by name, not by value.
        return [
            {"trigger": trigger, "source": [str(s) for s in sources], "dest": str(dest)}
            for trigger, sources, dest in self.transitions
        ]


class _Model:
    """The object ``transitions`` moves; one per transition attempt (no shared state)."""

    state: str


def _machine(definition: _Definition, state: str) -> tuple[_Model, Machine]:
    model = _Model()
    machine = Machine(
        model=model,
        states=list(definition.states),
        transitions=definition.as_transitions(),
        initial=state,
        auto_transitions=False,
    )
    return model, machine


def _next_state(definition: _Definition, state: str, trigger: str) -> str:
    """Fire ``trigger`` on a fresh machine; transitions' errors become kyluat's."""
    model, machine = _machine(definition, state)
    allowed = sorted(machine.get_triggers(state))
    if trigger not in allowed:
        raise InvalidTransitionError(
            f"{trigger!r} is not allowed from {state!r}; allowed: "
            + (", ".join(allowed) if allowed else f"none ({state!r} is final)"),
            field="trigger",
        )
    try:
        getattr(model, trigger)()
    except MachineError as exc:  # pragma: no cover - guarded by the check above
        raise InvalidTransitionError(str(exc.value), field="trigger") from None
    return model.state


_D = DossierState
_DOSSIER: Final = _Definition(
    name="dossier",
    states=tuple(s.value for s in DossierState),
    transitions=(
        ("accept", (_D.SUBMITTED,), _D.ACCEPTED),
        ("refuse", (_D.SUBMITTED, _D.ACCEPTED), _D.REFUSED),
        ("start_processing", (_D.ACCEPTED,), _D.PROCESSING),
        ("request_supplement", (_D.ACCEPTED, _D.PROCESSING), _D.SUPPLEMENT_REQUESTED),
        ("resubmit", (_D.SUPPLEMENT_REQUESTED,), _D.PROCESSING),
        ("request_financial_obligation", (_D.PROCESSING,), _D.FINANCIAL_OBLIGATION),
        ("fulfil_obligation", (_D.FINANCIAL_OBLIGATION,), _D.PROCESSING),
        ("stop", (_D.PROCESSING,), _D.STOPPED),
        ("resume_processing", (_D.STOPPED,), _D.PROCESSING),
        ("hand_over", (_D.PROCESSING,), _D.PROCESSING),
        ("apologize", (_D.PROCESSING, _D.PROCESSED), "="),
        ("finish_processing", (_D.PROCESSING,), _D.PROCESSED),
        ("return_result", (_D.PROCESSED,), _D.RESULT_RETURNED),
        (
            "withdraw",
            (
                _D.SUBMITTED,
                _D.ACCEPTED,
                _D.PROCESSING,
                _D.SUPPLEMENT_REQUESTED,
                _D.FINANCIAL_OBLIGATION,
                _D.STOPPED,
            ),
            _D.WITHDRAWN,
        ),
    ),
    terminal=frozenset({_D.REFUSED, _D.WITHDRAWN, _D.RESULT_RETURNED}),
)

_T = TaskState
_OPEN_TASK = (_T.ASSIGNED, _T.ACKNOWLEDGED, _T.IN_PROGRESS, _T.EXTENSION_REQUESTED)
_TASK: Final = _Definition(
    name="task",
    states=tuple(s.value for s in TaskState),
    transitions=(
        ("acknowledge", (_T.ASSIGNED,), _T.ACKNOWLEDGED),
        ("start", (_T.ACKNOWLEDGED,), _T.IN_PROGRESS),
        ("report_progress", (_T.IN_PROGRESS,), _T.IN_PROGRESS),
        ("request_extension", (_T.ACKNOWLEDGED, _T.IN_PROGRESS), _T.EXTENSION_REQUESTED),
        ("approve_extension", (_T.EXTENSION_REQUESTED,), _T.IN_PROGRESS),
        ("reject_extension", (_T.EXTENSION_REQUESTED,), _T.IN_PROGRESS),
        ("reassign", _OPEN_TASK, _T.ASSIGNED),
        ("submit_for_review", (_T.IN_PROGRESS,), _T.SUBMITTED_FOR_REVIEW),
        ("return_for_rework", (_T.SUBMITTED_FOR_REVIEW,), _T.IN_PROGRESS),
        ("complete", (_T.SUBMITTED_FOR_REVIEW,), _T.COMPLETED),
        ("cancel", (*_OPEN_TASK, _T.SUBMITTED_FOR_REVIEW), _T.CANCELLED),
    ),
    terminal=frozenset({_T.COMPLETED, _T.CANCELLED}),
)


def mermaid(kind: str) -> str:
    """Mermaid state diagram of the ``"dossier"`` or ``"task"`` lifecycle, from its definition.

    Raises:
        InvalidInputError: ``kind`` is neither.
    """
    from transitions.extensions.diagrams import GraphMachine

    definitions = {"dossier": _DOSSIER, "task": _TASK}
    if kind not in definitions:
        raise InvalidInputError("expected 'dossier' or 'task'", field="kind")
    definition = definitions[kind]
    model = _Model()
    GraphMachine(
        model=model,
        states=list(definition.states),
        transitions=definition.as_transitions(),
        initial=definition.states[0],
        auto_transitions=False,
        graph_engine="mermaid",
        title=f"{kind} lifecycle",
    )
    text = str(model.get_graph().draw(None))  # type: ignore[attr-defined]
    # transitions writes the title bare in the front matter; Mermaid reads `title:`.
    return text.replace(f"---\n{kind} lifecycle\n---", f"---\ntitle: {kind} lifecycle\n---", 1)


# --- Records ----------------------------------------------------------------------------------


class _Record:
    """Common machinery of dossiers and tasks: log, state, clock, permissions."""

    _definition: ClassVar[_Definition]
    _state_type: ClassVar[type[StrEnum]]
    _create_trigger: ClassVar[str]

    __slots__ = ("_calendar", "_clock", "_hours", "_log", "_permissions", "_policy", "_state")

    _log: tuple[AuditEntry, ...]
    _state: str
    _clock: SlaClock | None
    _calendar: WorkCalendar | None
    _hours: OfficeHours | None
    _policy: DeadlinePolicy | None
    _permissions: PermissionPolicy

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; transitions return new ones")

    @classmethod
    def _create(
        cls,
        *,
        actor: Actor,
        at: datetime,
        reason: str,
        reference: str,
        data: dict[str, str | list[str]],
        calendar: WorkCalendar | None,
        office_hours: OfficeHours | None,
        policy: DeadlinePolicy | None,
        permissions: PermissionPolicy | None,
    ) -> Any:
        record = object.__new__(cls)
        for name, value in (
            ("_log", ()),
            ("_state", ""),
            ("_clock", None),
            ("_calendar", calendar),
            ("_hours", office_hours),
            ("_policy", policy),
            ("_permissions", permissions or cls._default_permissions()),
        ):
            object.__setattr__(record, name, value)
        return record._step(cls._create_trigger, actor, at, reason, reference, data)

    def _step(
        self,
        trigger: str,
        actor: Actor,
        at: datetime,
        reason: str,
        reference: str,
        data: dict[str, str | list[str]],
    ) -> Any:
        if not isinstance(actor, Actor):
            raise InvalidInputError("expected an Actor", field="actor")
        if not isinstance(at, datetime):
            raise InvalidInputError("a transition needs its moment (an aware datetime)", field="at")
        _local(at, "at")  # refuses naive datetimes
        if self._log and at < self._log[-1].at:
            raise InvalidInputError(
                f"{at.isoformat()} is before the last entry ({self._log[-1].at.isoformat()})",
                field="at",
            )
        if trigger == self._create_trigger:
            if self._log:
                raise InvalidTransitionError("a record is created once", field="trigger")
            state_from, state_to = None, self._definition.states[0]
        else:
            state_from = self._state
            state_to = _next_state(self._definition, self._state, trigger)
        self._permissions.check(trigger, actor, self._owner_unit(data))
        changes = self._effects(trigger, actor, at, reason, reference, data)
        previous = self._log[-1].hash if self._log else GENESIS
        try:
            draft = AuditEntry(
                seq=len(self._log),
                trigger=trigger,
                actor=actor,
                at=at,
                reason=reason,
                reference=reference,
                data=data,
                state_from=state_from,
                state_to=state_to,
                prev_hash=previous,
                hash="",
            )
        except ValidationError as exc:
            raise from_pydantic(exc) from None
        entry = draft.model_copy(update={"hash": draft.expected_hash()})
        record = object.__new__(type(self))
        for name in _Record.__slots__:
            object.__setattr__(record, name, getattr(self, name))
        object.__setattr__(record, "_log", (*self._log, entry))
        object.__setattr__(record, "_state", state_to)
        for name, value in changes.items():
            object.__setattr__(record, name, value)
        return record

    def _owner_unit(self, data: Mapping[str, object]) -> str | None:
        return None

    def _effects(
        self,
        trigger: str,
        actor: Actor,
        at: datetime,
        reason: str,
        reference: str,
        data: dict[str, str | list[str]],
    ) -> dict[str, object]:
        raise NotImplementedError

    def fire(
        self,
        trigger: str,
        *,
        actor: Actor,
        at: datetime,
        reason: str = "",
        reference: str = "",
        **data: str | list[str],
    ) -> Any:
        """Fire a transition and return the new record (this one is unchanged).

        Args:
            trigger: The transition, e.g. ``"accept"`` (see :meth:`allowed_triggers`).
            actor: Who fires it.
            at: When (an aware datetime; never read from the system clock).
            reason: Why.
            reference: The document or slip that records it.
            **data: What the transition needs, e.g. ``result_reference`` to complete a task,
                ``new_due`` (ISO date) to apologise, ``by`` or ``to`` to approve an extension.

        Raises:
            InvalidTransitionError: The trigger is not allowed from the current state (the
                message names the allowed ones) or a guard refuses it.
            PermissionDeniedError: The actor's role (or unit) may not fire it.
            InvalidInputError: A naive or out-of-order moment, or missing data.
        """
        if trigger == self._create_trigger:
            raise InvalidTransitionError("a record is created once", field="trigger")
        return self._step(trigger, actor, at, reason, reference, dict(data))

    def allowed_triggers(self) -> tuple[str, ...]:
        """Triggers allowed from the current state (whatever the actor)."""
        _, machine = _machine(self._definition, self._state)
        return tuple(sorted(machine.get_triggers(self._state)))

    @property
    def log(self) -> tuple[AuditEntry, ...]:
        """The audit log, oldest first."""
        return self._log

    @property
    def clock(self) -> SlaClock | None:
        """The deadline clock, once started."""
        return self._clock

    @property
    def is_final(self) -> bool:
        """Whether the record is in a terminal state."""
        return self._state in self._definition.terminal

    def log_json(self) -> str:
        """The audit log as JSON."""
        return _LOG.dump_json(self._log).decode()

    @classmethod
    def replay(
        cls,
        entries: Sequence[AuditEntry] | str,
        *,
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
        permissions: PermissionPolicy | None = None,
    ) -> Any:
        """Rebuild a record from its audit log (entries or their JSON).

        Raises:
            DataError: The log is malformed, its hash chain is broken (the message names the
                first broken entry), or it disagrees with what replaying it gives.
        """
        if isinstance(entries, str):
            try:
                entries = _LOG.validate_json(entries)
            except ValidationError as exc:
                raise from_pydantic(exc, error=DataError, prefix="log") from None
        broken = verify_log(entries)
        if broken is not None:
            raise DataError(f"the audit log is broken at entry {broken}", field="log")
        if not entries or entries[0].trigger != cls._create_trigger:
            raise DataError(f"a log begins with {cls._create_trigger!r}", field="log")
        first = entries[0]
        record = cls._create(
            actor=first.actor,
            at=first.at,
            reason=first.reason,
            reference=first.reference,
            data=dict(first.data),
            calendar=calendar,
            office_hours=office_hours,
            policy=policy,
            permissions=permissions,
        )
        for entry in entries[1:]:
            record = record._step(
                entry.trigger,
                entry.actor,
                entry.at,
                entry.reason,
                entry.reference,
                dict(entry.data),
            )
        if record.log != tuple(entries):
            raise DataError("replaying the log does not reproduce it", field="log")
        return record

    @classmethod
    def _default_permissions(cls) -> PermissionPolicy:
        raise NotImplementedError

    def _start_clock(self, at: datetime, limit: str) -> SlaClock:
        return SlaClock.start(
            at,
            Duration.parse(limit),
            calendar=self._calendar,
            office_hours=self._hours,
            policy=self._policy,
        )

    def status(self, as_of: datetime) -> ClockStatus | None:
        """Within the deadline or overdue at ``as_of`` — derived from the clock, never stored.

        ``None`` before the clock starts, once it is stopped and for records in a final state.
        """
        if self._clock is None or self._clock.stopped_at is not None or self.is_final:
            return None
        return self._clock.status(as_of)


def _text(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError("required, and must not be empty", field=key)
    return value


def _check_clock_limit(limit: object) -> None:
    """A lifecycle drives an SLA clock: refuse a limit it cannot count at submission rather
    than at acceptance."""  # noqa: D205, D209
    if not isinstance(limit, Duration):
        raise InvalidInputError("expected a Duration or limit text", field="limit")
    if limit.unit is not Unit.SAME_DAY and limit.amount <= 0:
        raise InvalidInputError(f"a clock needs a positive limit, not {limit}", field="limit")


def _moment(text: str, key: str) -> date | datetime:
    """A date or moment typed into a transition's data (no offset: Vietnam time)."""
    return parse_moment(text, field=key)


class Dossier(_Record):
    """An administrative dossier (hồ sơ thủ tục hành chính) through portal statuses 1–10.

    Acceptance starts the clock; supplement and financial-obligation requests and a stop pause
    it; resubmission resumes it, or restarts it when the procedure says so; finishing the
    processing stops it; ``apologize`` records the apology and re-appointment slip.
    """

    _definition = _DOSSIER
    _state_type = DossierState
    _create_trigger = "submit"
    __slots__ = ()

    @classmethod
    def submit(
        cls,
        *,
        id: str,
        procedure: str,
        limit: Duration | str,
        actor: Actor,
        at: datetime,
        restart_on_resubmission: bool = False,
        reason: str = "",
        reference: str = "",
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
        permissions: PermissionPolicy | None = None,
    ) -> Dossier:
        """Create a dossier (portal status 1) with its procedure's limit."""
        limit = Duration.parse(limit) if isinstance(limit, str) else limit
        _check_clock_limit(limit)
        data: dict[str, str | list[str]] = {
            "id": _text({"id": id}, "id"),
            "procedure": _text({"procedure": procedure}, "procedure"),
            "limit": str(limit),
            "restart_on_resubmission": "true" if restart_on_resubmission else "false",
        }
        dossier: Dossier = cls._create(
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
        return dossier

    @classmethod
    def _default_permissions(cls) -> PermissionPolicy:
        return DEFAULT_DOSSIER_PERMISSIONS

    @property
    def state(self) -> DossierState:
        """The current status."""
        return DossierState(self._state)

    @property
    def id(self) -> str:
        """The dossier's id."""
        return str(self._log[0].data["id"])

    def _effects(
        self,
        trigger: str,
        actor: Actor,
        at: datetime,
        reason: str,
        reference: str,
        data: dict[str, str | list[str]],
    ) -> dict[str, object]:
        if trigger == "submit":
            Duration.parse(str(data["limit"]))  # validates
            return {}
        clock = self._clock
        if trigger == "accept":
            return {"_clock": self._start_clock(at, str(self._log[0].data["limit"]))}
        if clock is None:
            return {}
        if trigger == "request_supplement":
            return {"_clock": clock.pause(at, reason="supplement_request", note=reason or None)}
        if trigger == "request_financial_obligation":
            return {"_clock": clock.pause(at, reason="financial_obligation")}
        if trigger == "stop":
            return {"_clock": clock.pause(at, reason="stopped")}
        if trigger in ("fulfil_obligation", "resume_processing"):
            return {"_clock": clock.resume(at)}
        if trigger == "resubmit":
            if self._log[0].data.get("restart_on_resubmission") == "true":
                return {"_clock": clock.restart(at, reason=reason or "resubmitted")}
            return {"_clock": clock.resume(at)}
        if trigger == "apologize":
            new_due = _moment(_text(data, "new_due"), "new_due")
            return {
                "_clock": clock.reappoint(
                    new_due, reason=_text({"reason": reason}, "reason"), at=at
                )
            }
        if trigger == "hand_over":
            _text(data, "receiver")
            return {}
        if trigger == "finish_processing":
            return {"_clock": clock.stop(at)}
        return {}

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


class Task(_Record):
    """An assigned task (nhiệm vụ được giao): lead and co-operating units, the person
    responsible, the source document and the deadline (NĐ 30/2020/NĐ-CP Art. 23–24)."""  # noqa: D205, D209

    _definition = _TASK
    _state_type = TaskState
    _create_trigger = "assign"
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
        limit: Duration | str,
        actor: Actor,
        at: datetime,
        co_units: Sequence[str] = (),
        reason: str = "",
        reference: str = "",
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
        permissions: PermissionPolicy | None = None,
    ) -> Task:
        """Assign a task; its clock starts at assignment with ``limit`` (working days or hours).

        Raises:
            InvalidInputError: A required field is empty.
            PermissionDeniedError: The actor may not assign (default: a head of the assigning
                unit).
        """
        limit = Duration.parse(limit) if isinstance(limit, str) else limit
        _check_clock_limit(limit)
        data: dict[str, str | list[str]] = {
            key: _text({key: value}, key)
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
        data["limit"] = str(limit)
        task: Task = cls._create(
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
        return task

    @classmethod
    def _default_permissions(cls) -> PermissionPolicy:
        return DEFAULT_TASK_PERMISSIONS

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
        return sum(1 for e in self._log if e.trigger == "approve_extension")

    def _owner_unit(self, data: Mapping[str, object]) -> str | None:
        if not self._log:
            unit = data.get("assigning_unit")
            return unit if isinstance(unit, str) else None
        return str(self._log[0].data["assigning_unit"])

    def _effects(
        self,
        trigger: str,
        actor: Actor,
        at: datetime,
        reason: str,
        reference: str,
        data: dict[str, str | list[str]],
    ) -> dict[str, object]:
        if trigger == "assign":
            return {"_clock": self._start_clock(at, str(data["limit"]))}
        clock = self._clock
        assert clock is not None
        if trigger == "request_extension" and self.extensions >= self._permissions.max_extensions:
            raise InvalidTransitionError(
                f"{self.extensions} extensions already granted; the policy allows "
                f"{self._permissions.max_extensions}",
                field="trigger",
            )
        if trigger == "approve_extension":
            by, to = data.get("by"), data.get("to")
            if not reference.strip():
                raise InvalidInputError("an approval needs its reference", field="reference")
            return {
                "_clock": clock.extend(
                    by=str(by) if by else None,
                    to=_moment(str(to), "to") if to else None,
                    approved_by=actor.id,
                    reference=reference,
                    at=at,
                )
            }
        if trigger == "reassign":
            _text(data, "responsible")
        if trigger == "complete":
            _text(data, "result_reference")
            return {"_clock": clock.stop(at)}
        if trigger == "report_progress":
            _text(data, "progress")
        return {}

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


class DossierSnapshot(BaseModel):
    """A dossier as integrators exchange it (JSON Schema: :func:`json_schemas`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    procedure: str
    state: DossierState
    portal_code: int
    due_at: AwareDatetime | None
    original_due_at: AwareDatetime | None
    paused: bool
    outcome: str | None
    log: tuple[AuditEntry, ...]


class TaskSnapshot(BaseModel):
    """An assigned task as integrators exchange it (JSON Schema: :func:`json_schemas`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    source_document: str
    lead_unit: str
    co_units: list[str]
    responsible: str
    state: TaskState
    due_at: AwareDatetime | None
    extensions: int
    outcome: str | None
    log: tuple[AuditEntry, ...]


def reference_docs() -> dict[str, str]:
    """The generated reference pages (file name → text) kept in ``docs/reference/``.

    A test fails when the files in the repository differ; regenerate them with
    ``python scripts/generate_docs.py``.
    """
    states = "\n".join(f"| {state.portal_code} | `{state.value}` |" for state in DossierState)
    page = (
        "# Lifecycles\n\n"
        "Generated from the definitions in `kyluat.lifecycle` by `scripts/generate_docs.py`; "
        "do not edit by hand.\n\n"
        "## Dossier (hồ sơ thủ tục hành chính)\n\n"
        "| portal code | state |\n|---|---|\n"
        f"{states}\n\n"
        f"```mermaid\n{mermaid('dossier').strip()}\n```\n\n"
        "## Assigned task (nhiệm vụ được giao)\n\n"
        f"```mermaid\n{mermaid('task').strip()}\n```\n"
    )
    schemas = json.dumps(json_schemas(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return {"lifecycles.md": page, "lifecycle-schemas.json": schemas}


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of the exchanged models: audit entries and both snapshots."""
    return {
        "AuditEntry": AuditEntry.model_json_schema(),
        "DossierSnapshot": DossierSnapshot.model_json_schema(),
        "TaskSnapshot": TaskSnapshot.model_json_schema(),
    }
