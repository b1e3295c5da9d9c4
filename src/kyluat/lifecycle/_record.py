"""What every lifecycle record shares: firing, replaying, and being an immutable value.

A record is its audit log plus its configuration (calendar, office hours, deadline policy,
permission policy); its state and clock follow from replaying the log. Firing a trigger checks
it against the lifecycle's table (state machine, permissions, guard, required data), applies the
row's clock effect, adds what the row records (why the clock starts there, which document an
apology is) and returns a new record with one more log entry. Replaying keeps every entry's data
as it was stored. Equal records (same log, same configuration) hash equal, and copy, deepcopy and
pickle give an equal record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import ClassVar, Self

from kyluat._moments import local
from kyluat._validate import require_text
from kyluat._values import Value
from kyluat.calendar import WorkCalendar
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import DataError, InvalidInputError, InvalidTransitionError
from kyluat.lifecycle._audit import AuditEntry, dump_log, load_log, next_entry, verify_log
from kyluat.lifecycle._definitions import LifecycleDefinition
from kyluat.lifecycle._effects import Step, clock_start
from kyluat.lifecycle._permissions import Actor, PermissionPolicy
from kyluat.lifecycle._states import ClockStart
from kyluat.office_hours import OfficeHours
from kyluat.sla import ClockStatus, SlaClock

__all__ = ["Data", "Record"]

Data = dict[str, str | list[str]]


class Record(Value):
    """What dossiers and tasks share: firing triggers, the audit log, the clock, replaying.

    Not created directly: use [`Dossier.submit`][kyluat.lifecycle.Dossier.submit],
    [`Task.assign`][kyluat.lifecycle.Task.assign] or ``replay``. A record is an immutable value:
    equal when its log and configuration (calendar, office hours, deadline policy, permission
    policy) are equal, hashable, and unchanged by ``copy``, ``deepcopy`` and ``pickle``.
    """

    _definition: ClassVar[LifecycleDefinition]
    _default_permissions: ClassVar[PermissionPolicy]

    __slots__ = ("_calendar", "_clock", "_hours", "_log", "_permissions", "_policy", "_state")

    _log: tuple[AuditEntry, ...]
    _state: str
    _clock: SlaClock | None
    _calendar: WorkCalendar | None
    _hours: OfficeHours | None
    _policy: DeadlinePolicy | None
    _permissions: PermissionPolicy

    def __init__(self) -> None:
        raise TypeError(f"create a {type(self).__name__} with its class methods, or replay()")

    # --- Value semantics: a record is its log and its configuration -----------------------------

    def _key(self) -> tuple[object, ...]:
        return (self._log, self._calendar, self._hours, self._policy, self._permissions)

    def __hash__(self) -> int:
        # Entries carry dicts (not hashable); the last hash stands for the whole chain.
        configuration = (self._calendar, self._hours, self._policy, self._permissions)
        return hash((type(self).__qualname__, self._log[-1].hash, len(self._log), configuration))

    def __repr__(self) -> str:
        entries = len(self._log)
        return f"{type(self).__name__}(id={self.id!r}, state={self._state!r}, entries={entries})"

    # --- Transitions ----------------------------------------------------------------------------

    @classmethod
    def _create(
        cls,
        *,
        actor: Actor,
        at: datetime,
        reason: str,
        reference: str,
        data: Data,
        calendar: WorkCalendar | None,
        office_hours: OfficeHours | None,
        policy: DeadlinePolicy | None,
        permissions: PermissionPolicy | None,
        replaying: bool = False,
    ) -> Self:
        empty = cls._build(
            _log=(),
            _state="",
            _clock=None,
            _calendar=calendar,
            _hours=office_hours,
            _policy=policy,
            _permissions=permissions or cls._default_permissions,
        )
        return empty._step(
            cls._definition.creation.trigger,
            actor,
            at,
            reason,
            reference,
            data,
            replaying=replaying,
        )

    def _refuse(
        self, message: str, trigger: str, *, others: bool = False
    ) -> InvalidTransitionError:
        allowed = self._definition.allowed(self._state)
        return InvalidTransitionError(
            message,
            field="trigger",
            state=self._state or None,
            trigger=trigger,
            allowed=tuple(t for t in allowed if t != trigger) if others else allowed,
        )

    def _step(
        self,
        trigger: str,
        actor: Actor,
        at: datetime,
        reason: str,
        reference: str,
        data: Data,
        *,
        replaying: bool = False,
    ) -> Self:
        if not isinstance(actor, Actor):
            raise InvalidInputError("expected an Actor", field="actor")
        if not isinstance(at, datetime):
            raise InvalidInputError("a transition needs its moment (an aware datetime)", field="at")
        local(at, "at")  # refuses naive datetimes
        if self._log and at < self._log[-1].at:
            raise InvalidInputError(
                f"{at.isoformat()} is before the last entry ({self._log[-1].at.isoformat()})",
                field="at",
            )
        definition = self._definition
        if isinstance(trigger, str):
            trigger = str(trigger)  # a trigger enum's member becomes its plain value
        if trigger == definition.creation.trigger:
            if self._log:
                raise self._refuse("a record is created once", trigger)
            row, state_from, state_to = definition.creation, None, str(definition.states[0])
        else:
            state_to = definition.next_state(self._state, trigger)
            row, state_from = definition.row(trigger), self._state
        first = self._log[0].data if self._log else data
        owner = None
        if definition.owner_unit_key is not None:
            unit = first.get(definition.owner_unit_key)
            owner = unit if isinstance(unit, str) else None
        self._permissions.check(trigger, actor, owner)
        start, basis = clock_start(first, definition.clock_start)
        step = Step(
            trigger=trigger,
            actor_id=actor.id,
            at=at,
            reason=reason,
            reference=reference,
            data=data,
            first=first,
            clock=self._clock,
            history=tuple(entry.trigger for entry in self._log),
            max_extensions=self._permissions.max_extensions,
            calendar=self._calendar,
            office_hours=self._hours,
            policy=self._policy,
            start=start,
            start_basis=basis,
        )
        refusal = row.guard(step) if row.guard is not None else None
        if refusal is not None:
            raise self._refuse(refusal, trigger, others=True)
        for key in row.requires:
            require_text(data.get(key), key)
        clock = row.effect(step) if row.effect is not None else self._clock
        if row.records is not None and not replaying:
            data = _recorded(data, row.records(step, clock))
        entry = next_entry(
            self._log,
            trigger=trigger,
            actor=actor,
            at=at,
            reason=reason,
            reference=reference,
            data=data,
            state_from=state_from,
            state_to=state_to,
        )
        return self._changed(_log=(*self._log, entry), _state=state_to, _clock=clock)

    def fire(
        self,
        trigger: str,
        *,
        actor: Actor,
        at: datetime,
        reason: str = "",
        reference: str = "",
        **data: str | list[str],
    ) -> Self:
        """Fire a transition and return the new record (this one is unchanged).

        Args:
            trigger: The transition, a name such as ``"accept"`` or a member of
                [`DossierTrigger`][kyluat.lifecycle.DossierTrigger] or
                [`TaskTrigger`][kyluat.lifecycle.TaskTrigger] (see
                [`allowed_triggers`][kyluat.lifecycle.Record.allowed_triggers]).
            actor: Who fires it.
            at: When (an aware datetime; never read from the system clock).
            reason: Why.
            reference: The document or slip that records it.
            **data: What the transition needs, e.g. ``result_reference`` to complete a task,
                ``new_due`` (ISO date) to apologise, ``by`` or ``to`` to approve an extension.

        Returns:
            A new record of the same type, one log entry longer. Its entry's data is ``data``
            plus what kyluat records: ``counted_from`` and ``counted_from_basis`` on the entry
            that starts the clock for another reason than the lifecycle's default;
            ``notice``, ``form`` (and ``findings`` when a rule is broken) on a dossier's
            apology under NĐ 118/2025/NĐ-CP, the extension request of TT 03/2025/TT-VPCP Mẫu
            số 04.

        Raises:
            InvalidTransitionError: The trigger is not allowed from the current state (the
                message names the allowed ones) or a guard refuses it; carries ``state``,
                ``trigger`` and ``allowed``.
            PermissionDeniedError: The actor's role (or unit) may not fire it; carries ``role``
                and ``allowed_roles``.
            InvalidInputError: A naive or out-of-order moment, missing data, or data giving a
                key kyluat records another value.
        """
        if isinstance(trigger, str):
            trigger = str(trigger)
        if trigger == self._definition.creation.trigger:
            raise self._refuse("a record is created once", trigger)
        return self._step(trigger, actor, at, reason, reference, dict(data))

    def allowed_triggers(self) -> tuple[str, ...]:
        """Triggers allowed from the current state (whatever the actor), sorted."""
        return self._definition.allowed(self._state)

    # --- Reading --------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The record's id."""
        return str(self._log[0].data["id"])

    @property
    def log(self) -> tuple[AuditEntry, ...]:
        """The audit log, oldest first."""
        return self._log

    @property
    def clock(self) -> SlaClock | None:
        """The deadline clock, once started."""
        return self._clock

    @property
    def counted_from(self) -> ClockStart:
        """The event the clock counts from: the record's ``counted_from`` option, else
        acceptance when its limit text counts from thụ lý, else the lifecycle's default (a
        dossier's acceptance, a task's assignment)."""  # noqa: D205, D209
        return clock_start(self._log[0].data, self._definition.clock_start)[0]

    @property
    def is_final(self) -> bool:
        """Whether the record is in a terminal state."""
        return self._state in self._definition.terminal

    def log_json(self) -> str:
        """The audit log as JSON."""
        return dump_log(self._log)

    def status(self, as_of: datetime) -> ClockStatus | None:
        """Within the deadline or overdue at ``as_of`` — derived from the clock, never stored.

        ``None`` before the clock starts, once it is stopped and for records in a final state.
        """
        if self._clock is None or self._clock.stopped_at is not None or self.is_final:
            return None
        return self._clock.status(as_of)

    @classmethod
    def replay(
        cls,
        entries: Sequence[AuditEntry] | str,
        *,
        calendar: WorkCalendar | None = None,
        office_hours: OfficeHours | None = None,
        policy: DeadlinePolicy | None = None,
        permissions: PermissionPolicy | None = None,
    ) -> Self:
        """Rebuild a record from its audit log (entries or their JSON).

        Args:
            entries: The log, oldest first, or its JSON
                ([`log_json`][kyluat.lifecycle.Record.log_json]).
            calendar: The working calendar the record was kept with (default: the official one).
            office_hours: Its office hours (default: the national ones).
            policy: Its deadline policy (default: the statutory one).
            permissions: Its permission policy (default: the lifecycle's).

        Returns:
            The record of the same type, equal to the one that wrote the log.

        Raises:
            DataError: The log is malformed, its hash chain is broken (the message names the
                first broken entry), or it disagrees with what replaying it gives.
        """
        if isinstance(entries, str):
            entries = load_log(entries)
        broken = verify_log(entries)
        if broken is not None:
            raise DataError(f"the audit log is broken at entry {broken}", field="log")
        create = cls._definition.creation.trigger
        if not entries or entries[0].trigger != create:
            raise DataError(f"a log begins with {str(create)!r}", field="log")
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
            replaying=True,
        )
        for entry in entries[1:]:
            record = record._step(
                entry.trigger,
                entry.actor,
                entry.at,
                entry.reason,
                entry.reference,
                dict(entry.data),
                replaying=True,
            )
        if record.log != tuple(entries):
            raise DataError("replaying the log does not reproduce it", field="log")
        return record


def _recorded(data: Data, recorded: Mapping[str, str | list[str]]) -> Data:
    """The step's data with what its row records added.

    Raises:
        InvalidInputError: The caller gave one of those keys another value.
    """
    if not recorded:
        return data
    for key, value in recorded.items():
        if key in data and data[key] != value:
            raise InvalidInputError(
                f"{key!r} is recorded by kyluat as {value!r}, not {data[key]!r}", field=key
            )
    return {**data, **recorded}
