"""What a transition does besides moving the state: its guard and its effect on the SLA clock.

Each row of a lifecycle's table ([`Transition`][kyluat.lifecycle.Transition]) names at most one
guard and one effect from this module. A guard returns why it refuses the step (or ``None``);
an effect returns the record's clock after the step, raising
[`InvalidInputError`][kyluat.errors.InvalidInputError] when the step lacks what it needs. Both
see the step through a [`Step`][kyluat.lifecycle.Step] and change nothing.

References:
    NĐ 61/2018/NĐ-CP and NĐ 118/2025/NĐ-CP (acceptance starts the limit; supplement requests,
    financial obligations and stops pause it; apology and re-appointment slip); NĐ 30/2020/NĐ-CP
    Art. 23–24 (a task's deadline, extended only with the assigning unit's approval).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from kyluat._moments import parse_moment
from kyluat._validate import require_key, require_text
from kyluat._values import Value
from kyluat.calendar import WorkCalendar
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import InvalidInputError
from kyluat.lifecycle._states import TaskTrigger
from kyluat.limits import resolve
from kyluat.office_hours import OfficeHours
from kyluat.sla import SlaClock

__all__ = [
    "Effect",
    "Guard",
    "Step",
    "check_limit",
    "extension_quota",
    "finish",
    "grant_extension",
    "pause_for_obligation",
    "pause_for_supplement",
    "pause_stopped",
    "reappoint",
    "resubmit",
    "resume",
    "start_clock",
]


@dataclass(frozen=True, slots=True)
class Step(Value):
    """One transition attempt, as its guard and effect see it.

    Attributes:
        trigger: The trigger fired.
        actor_id: Who fires it.
        at: When (aware).
        reason: Why (may be empty).
        reference: The document that records it (may be empty).
        data: What the transition carries (e.g. ``new_due``, ``by``).
        first: The data of the record's first entry (the step's own data when it creates the
            record): its limit and the procedure's options.
        clock: The record's clock before the step (``None`` until started).
        history: The triggers fired so far, oldest first.
        max_extensions: Extensions the permission policy allows.
        calendar: The record's working calendar (``None``: the default).
        office_hours: The record's office hours (``None``: the default).
        policy: The record's deadline policy (``None``: the default).
    """

    trigger: str
    actor_id: str
    at: datetime
    reason: str
    reference: str
    data: Mapping[str, str | list[str]]
    first: Mapping[str, str | list[str]]
    clock: SlaClock | None
    history: tuple[str, ...]
    max_extensions: int
    calendar: WorkCalendar | None
    office_hours: OfficeHours | None
    policy: DeadlinePolicy | None

    def running(self) -> SlaClock:
        """The clock, which the state machine guarantees is started by now."""
        if self.clock is None:  # pragma: no cover - no row lets a clockless record get here
            raise AssertionError(f"unreachable: {self.trigger!r} before the clock started")
        return self.clock


Guard = Callable[[Step], str | None]
"""Why a step is refused although the state allows its trigger, or ``None``."""

Effect = Callable[[Step], SlaClock | None]
"""The record's clock after a step."""


# --- Guards -----------------------------------------------------------------------------------


def extension_quota(step: Step) -> str | None:
    """Refuse a request once the policy's extensions are all granted."""
    granted = step.history.count(TaskTrigger.APPROVE_EXTENSION)
    if granted >= step.max_extensions:
        return f"{granted} extensions already granted; the policy allows {step.max_extensions}"
    return None


# --- Effects ----------------------------------------------------------------------------------


def check_limit(step: Step) -> SlaClock | None:
    """Check the limit a dossier is submitted with; its clock starts at acceptance."""
    resolve(str(step.first["limit"]))
    return step.clock


def start_clock(step: Step) -> SlaClock:
    """Start the clock with the limit of the record's first entry."""
    return SlaClock.start(
        step.at,
        str(step.first["limit"]),  # the text as stored: a published limit keeps its cut-off
        calendar=step.calendar,
        office_hours=step.office_hours,
        policy=step.policy,
    )


def pause_for_supplement(step: Step) -> SlaClock:
    """Pause while the applicant supplements the dossier (the reason becomes the note)."""
    return step.running().pause(step.at, reason="supplement_request", note=step.reason or None)


def pause_for_obligation(step: Step) -> SlaClock:
    """Pause while the applicant fulfils a financial obligation."""
    return step.running().pause(step.at, reason="financial_obligation")


def pause_stopped(step: Step) -> SlaClock:
    """Pause while processing is stopped."""
    return step.running().pause(step.at, reason="stopped")


def resume(step: Step) -> SlaClock:
    """Resume counting."""
    return step.running().resume(step.at)


def resubmit(step: Step) -> SlaClock:
    """Resume counting, or restart the limit when the procedure says so at submission."""
    clock = step.running()
    if step.first.get("restart_on_resubmission") == "true":
        return clock.restart(step.at, reason=step.reason or "resubmitted")
    return clock.resume(step.at)


def reappoint(step: Step) -> SlaClock:
    """Record the apology and the new appointment (``new_due``, a date or moment; a reason)."""
    new_due = parse_moment(require_key(step.data, "new_due"), field="new_due")
    return step.running().reappoint(new_due, reason=require_text(step.reason, "reason"), at=step.at)


def grant_extension(step: Step) -> SlaClock:
    """Extend the deadline ``by`` an amount or ``to`` a date, citing the approval."""
    by, to = step.data.get("by"), step.data.get("to")
    if not step.reference.strip():
        raise InvalidInputError("an approval needs its reference", field="reference")
    return step.running().extend(
        by=str(by) if by else None,
        to=parse_moment(str(to), field="to") if to else None,
        approved_by=step.actor_id,
        reference=step.reference,
        at=step.at,
    )


def finish(step: Step) -> SlaClock:
    """Stop the clock: the work is done."""
    return step.running().stop(step.at)
