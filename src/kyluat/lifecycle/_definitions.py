"""The two lifecycles as tables: one declarative row per trigger.

A row ([`Transition`][kyluat.lifecycle.Transition]) says from which states a trigger leads to
which state, which roles may fire it by default, whether the actor must belong to the record's
owning unit, and what guard and clock effect it has. Everything else is derived from the rows:
the ``transitions`` state machine that computes the next state (built once per lifecycle, here),
the default permission policies, the Mermaid diagrams and the reference tables.

References:
    NĐ 61/2018/NĐ-CP and NĐ 118/2025/NĐ-CP (one-stop processing of dossiers, portal statuses
    1–10); NĐ 30/2020/NĐ-CP Art. 23–24 (assigned tasks); Luật Khiếu nại 2011 and Luật Tố cáo
    2018 (limits counted from thụ lý); docs: reference/lifecycles.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from transitions import Machine

from kyluat._values import Value
from kyluat.errors import InvalidInputError, InvalidTransitionError
from kyluat.lifecycle import _effects as fx
from kyluat.lifecycle._effects import Effect, Guard, Recorder
from kyluat.lifecycle._states import (
    ClockStart,
    DossierState,
    DossierTrigger,
    TaskState,
    TaskTrigger,
)

__all__ = [
    "DOSSIER_LIFECYCLE",
    "TASK_LIFECYCLE",
    "LifecycleDefinition",
    "Transition",
    "machine_transitions",
]


@dataclass(frozen=True, slots=True)
class Transition(Value):
    """One row of a lifecycle: a trigger, where it leads, who may fire it and what it does.

    Attributes:
        trigger: The trigger's name.
        sources: The states it may be fired from; empty for the row that creates the record.
        dest: The state it leads to; ``None`` to stay in the state it is fired from.
        roles: The roles allowed to fire it by default.
        same_unit: Whether the actor must also belong to the record's owning unit by default.
        requires: Keys of the transition's data that must be non-blank text.
        guard: Why the step is refused although the state allows it, or ``None``.
        effect: The record's clock after the step (``None``: unchanged).
        records: What the step adds to its audit entry's data, from the clock after it
            (``None``: nothing).
    """

    trigger: str
    sources: tuple[str, ...]
    dest: str | None
    roles: frozenset[str]
    same_unit: bool = False
    requires: tuple[str, ...] = ()
    guard: Guard | None = None
    effect: Effect | None = None
    records: Recorder | None = None


class _Model:
    """The object ``transitions`` moves while the next-state table is computed."""

    state: str


def machine_transitions(definition: LifecycleDefinition) -> list[dict[str, object]]:
    """The rows as ``transitions`` reads them (the creating row is the initial state)."""
    # Plain strings: transitions would read Enum members by name, not by value.
    return [
        {
            "trigger": str(row.trigger),
            "source": [str(s) for s in row.sources],
            "dest": "=" if row.dest is None else str(row.dest),
        }
        for row in definition.transitions
    ]


@dataclass(frozen=True, slots=True)
class LifecycleDefinition(Value):
    """A lifecycle: its states, the row that creates a record and one row per other trigger.

    Building one drives a ``transitions`` state machine through every row once; records then
    read the resulting table, which never changes (safe to share between threads).

    Attributes:
        name: ``"dossier"`` or ``"task"``.
        states: Every state, the initial one first.
        creation: The row whose trigger creates a record (no sources; leads to ``states[0]``).
        transitions: The other rows, in the order the diagrams list them.
        terminal: The final states, from which nothing is allowed.
        owner_unit_key: The key of the creating entry's data naming the owning unit, checked
            for rows with ``same_unit`` (``None``: records have no owning unit).
        clock_start: The event a record's clock counts from by default, when neither its limit
            text ("kể từ ngày thụ lý") nor its ``counted_from`` option says otherwise.

    Raises:
        InvalidInputError: A row names an unknown state, a trigger appears twice, or the
            creating row does not lead to the initial state.
    """

    name: str
    states: tuple[str, ...]
    creation: Transition
    transitions: tuple[Transition, ...]
    terminal: frozenset[str]
    owner_unit_key: str | None = None
    clock_start: ClockStart = ClockStart.RECEIPT
    _next: Mapping[tuple[str, str], str] = field(init=False, repr=False, compare=False)
    _allowed: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known = set(self.states)
        rows = (self.creation, *self.transitions)
        triggers = [str(row.trigger) for row in rows]
        if len(set(triggers)) != len(triggers):
            raise InvalidInputError("a trigger appears twice", field="transitions")
        if self.creation.sources or self.creation.dest != self.states[0]:
            raise InvalidInputError("the creating row leads to the initial state", field="creation")
        for row in self.transitions:
            named = {*row.sources, *(() if row.dest is None else (row.dest,))}
            if not row.sources or not named <= known:
                raise InvalidInputError(f"{row.trigger!s}: unknown or no states", field="states")
        model = _Model()
        machine = Machine(
            model=model,
            states=[str(s) for s in self.states],
            transitions=machine_transitions(self),
            initial=str(self.states[0]),
            auto_transitions=False,
        )
        nexts: dict[tuple[str, str], str] = {}
        allowed: dict[str, tuple[str, ...]] = {}
        for state in map(str, self.states):
            allowed[state] = tuple(sorted(machine.get_triggers(state)))
            for trigger in allowed[state]:
                machine.set_state(state, model=model)
                getattr(model, trigger)()  # the method transitions adds to the model
                nexts[state, trigger] = model.state
        object.__setattr__(self, "_next", nexts)
        object.__setattr__(self, "_allowed", allowed)

    def row(self, trigger: str) -> Transition:
        """The row of ``trigger`` (the creating row included).

        Raises:
            InvalidInputError: No row has that trigger.
        """
        for candidate in (self.creation, *self.transitions):
            if candidate.trigger == trigger:
                return candidate
        raise InvalidInputError(f"no trigger {trigger!r} in the {self.name} lifecycle")

    def allowed(self, state: str) -> tuple[str, ...]:
        """The triggers allowed from ``state``, sorted (none from a final state)."""
        return self._allowed.get(state, ())

    def next_state(self, state: str, trigger: str) -> str:
        """The state ``trigger`` leads to from ``state``, as the state machine computes it.

        Raises:
            InvalidTransitionError: The trigger is not allowed from the state (the message
                names the allowed ones).
        """
        allowed = self.allowed(state)
        if trigger not in allowed:
            raise InvalidTransitionError(
                f"{trigger!r} is not allowed from {state!r}; allowed: "
                + (", ".join(allowed) if allowed else f"none ({state!r} is final)"),
                field="trigger",
                state=state,
                trigger=trigger,
                allowed=allowed,
            )
        return self._next[state, trigger]


def _anyone_of(*roles: str) -> frozenset[str]:
    return frozenset(roles)


_DESK = "one_stop_desk"
_SPECIALIST = "specialist"
_HEAD = "head"
_APPLICANT = "applicant"
_ASSIGNEE = "assignee"
_REVIEWER = "reviewer"

_D = DossierState
_DT = DossierTrigger
_DOSSIER_OPEN = (
    _D.SUBMITTED,
    _D.ACCEPTED,
    _D.PROCESSING,
    _D.SUPPLEMENT_REQUESTED,
    _D.FINANCIAL_OBLIGATION,
    _D.STOPPED,
)

DOSSIER_LIFECYCLE: Final = LifecycleDefinition(
    name="dossier",
    states=tuple(DossierState),
    creation=Transition(
        _DT.SUBMIT,
        (),
        _D.SUBMITTED,
        _anyone_of(_APPLICANT, _DESK),
        effect=fx.start_at_receipt,
        records=fx.record_start,
    ),
    transitions=(
        Transition(
            _DT.ACCEPT,
            (_D.SUBMITTED,),
            _D.ACCEPTED,
            _anyone_of(_DESK),
            effect=fx.start_at_acceptance,
            records=fx.record_start,
        ),
        Transition(_DT.REFUSE, (_D.SUBMITTED, _D.ACCEPTED), _D.REFUSED, _anyone_of(_DESK)),
        Transition(
            _DT.START_PROCESSING, (_D.ACCEPTED,), _D.PROCESSING, _anyone_of(_SPECIALIST, _HEAD)
        ),
        Transition(
            _DT.REQUEST_SUPPLEMENT,
            (_D.ACCEPTED, _D.PROCESSING),
            _D.SUPPLEMENT_REQUESTED,
            _anyone_of(_DESK, _SPECIALIST, _HEAD),
            effect=fx.pause_for_supplement,
        ),
        Transition(
            _DT.RESUBMIT,
            (_D.SUPPLEMENT_REQUESTED,),
            _D.PROCESSING,
            _anyone_of(_APPLICANT, _DESK),
            effect=fx.resubmit,
        ),
        Transition(
            _DT.REQUEST_FINANCIAL_OBLIGATION,
            (_D.PROCESSING,),
            _D.FINANCIAL_OBLIGATION,
            _anyone_of(_SPECIALIST, _HEAD),
            effect=fx.pause_for_obligation,
        ),
        Transition(
            _DT.FULFIL_OBLIGATION,
            (_D.FINANCIAL_OBLIGATION,),
            _D.PROCESSING,
            _anyone_of(_APPLICANT, _DESK),
            effect=fx.resume,
        ),
        Transition(
            _DT.STOP, (_D.PROCESSING,), _D.STOPPED, _anyone_of(_HEAD), effect=fx.pause_stopped
        ),
        Transition(
            _DT.RESUME_PROCESSING,
            (_D.STOPPED,),
            _D.PROCESSING,
            _anyone_of(_HEAD),
            effect=fx.resume,
        ),
        Transition(
            _DT.HAND_OVER,
            (_D.PROCESSING,),
            _D.PROCESSING,
            _anyone_of(_DESK, _SPECIALIST, _HEAD),
            requires=("receiver",),
        ),
        Transition(
            _DT.APOLOGIZE,
            (_D.PROCESSING, _D.PROCESSED),
            None,
            _anyone_of(_HEAD),
            effect=fx.reappoint,
            records=fx.record_notice,
        ),
        Transition(
            _DT.FINISH_PROCESSING,
            (_D.PROCESSING,),
            _D.PROCESSED,
            _anyone_of(_SPECIALIST, _HEAD),
            effect=fx.finish,
        ),
        Transition(_DT.RETURN_RESULT, (_D.PROCESSED,), _D.RESULT_RETURNED, _anyone_of(_DESK)),
        Transition(_DT.WITHDRAW, _DOSSIER_OPEN, _D.WITHDRAWN, _anyone_of(_APPLICANT)),
    ),
    terminal=frozenset({_D.REFUSED, _D.WITHDRAWN, _D.RESULT_RETURNED}),
    clock_start=ClockStart.ACCEPTANCE,
)
"""Portal statuses 1–10. Only the one-stop desk receives and returns; specialists and heads
process; only a head stops, resumes or apologises; only the applicant withdraws. Acceptance
starts the clock (submission, for a dossier counted from receipt); supplement and
financial-obligation requests and a stop pause it. An apology under NĐ 118/2025 records the
extension request (form 04 of TT 03/2025/TT-VPCP) in its entry."""

_T = TaskState
_TT = TaskTrigger
_TASK_OPEN = (_T.ASSIGNED, _T.ACKNOWLEDGED, _T.IN_PROGRESS, _T.EXTENSION_REQUESTED)

TASK_LIFECYCLE: Final = LifecycleDefinition(
    name="task",
    states=tuple(TaskState),
    creation=Transition(
        _TT.ASSIGN,
        (),
        _T.ASSIGNED,
        _anyone_of(_HEAD),
        same_unit=True,
        effect=fx.start_at_receipt,
        records=fx.record_start,
    ),
    transitions=(
        Transition(
            _TT.ACKNOWLEDGE,
            (_T.ASSIGNED,),
            _T.ACKNOWLEDGED,
            _anyone_of(_ASSIGNEE),
            effect=fx.start_at_acceptance,
            records=fx.record_start,
        ),
        Transition(_TT.START, (_T.ACKNOWLEDGED,), _T.IN_PROGRESS, _anyone_of(_ASSIGNEE)),
        Transition(
            _TT.REPORT_PROGRESS,
            (_T.IN_PROGRESS,),
            _T.IN_PROGRESS,
            _anyone_of(_ASSIGNEE),
            requires=("progress",),
        ),
        Transition(
            _TT.REQUEST_EXTENSION,
            (_T.ACKNOWLEDGED, _T.IN_PROGRESS),
            _T.EXTENSION_REQUESTED,
            _anyone_of(_ASSIGNEE),
            guard=fx.extension_quota,
        ),
        Transition(
            _TT.APPROVE_EXTENSION,
            (_T.EXTENSION_REQUESTED,),
            _T.IN_PROGRESS,
            _anyone_of(_HEAD),
            same_unit=True,
            effect=fx.grant_extension,
        ),
        Transition(
            _TT.REJECT_EXTENSION,
            (_T.EXTENSION_REQUESTED,),
            _T.IN_PROGRESS,
            _anyone_of(_HEAD),
            same_unit=True,
        ),
        Transition(
            _TT.REASSIGN,
            _TASK_OPEN,
            _T.ASSIGNED,
            _anyone_of(_HEAD),
            same_unit=True,
            requires=("responsible",),
        ),
        Transition(
            _TT.SUBMIT_FOR_REVIEW, (_T.IN_PROGRESS,), _T.SUBMITTED_FOR_REVIEW, _anyone_of(_ASSIGNEE)
        ),
        Transition(
            _TT.RETURN_FOR_REWORK,
            (_T.SUBMITTED_FOR_REVIEW,),
            _T.IN_PROGRESS,
            _anyone_of(_HEAD, _REVIEWER),
        ),
        Transition(
            _TT.COMPLETE,
            (_T.SUBMITTED_FOR_REVIEW,),
            _T.COMPLETED,
            _anyone_of(_HEAD, _REVIEWER),
            requires=("result_reference",),
            effect=fx.finish,
        ),
        Transition(
            _TT.CANCEL,
            (*_TASK_OPEN, _T.SUBMITTED_FOR_REVIEW),
            _T.CANCELLED,
            _anyone_of(_HEAD),
            same_unit=True,
        ),
    ),
    terminal=frozenset({_T.COMPLETED, _T.CANCELLED}),
    owner_unit_key="assigning_unit",
    clock_start=ClockStart.RECEIPT,
)
"""From assignment to result. The assignee acknowledges, reports and requests; only the head of
the assigning unit assigns, approves an extension, reassigns or cancels; a head or reviewer
completes or returns work. The clock starts at assignment, or at the assignee's acknowledgement
for a task whose limit counts from acceptance (thụ lý)."""
