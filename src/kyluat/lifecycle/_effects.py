"""What a transition does besides moving the state: guard, clock effect, recorded data.

Each row of a lifecycle's table ([`Transition`][kyluat.lifecycle.Transition]) names at most one
guard, one effect and one recorder from this module. A guard returns why it refuses the step (or
``None``); an effect returns the record's clock after the step, raising
[`InvalidInputError`][kyluat.errors.InvalidInputError] when the step lacks what it needs; a
recorder returns the data kyluat adds to the step's audit entry (why the clock starts there,
which document an apology is). All see the step through a [`Step`][kyluat.lifecycle.Step] and
change nothing.

References:
    NĐ 61/2018/NĐ-CP and NĐ 118/2025/NĐ-CP (acceptance starts the limit; supplement requests,
    financial obligations and stops pause it; the apology and re-appointment slip, or under
    NĐ 118/2025 the apology and extension request of TT 03/2025/TT-VPCP Mẫu số 04); Luật Khiếu
    nại 2011 and Luật Tố cáo 2018 (limits counted from thụ lý); NĐ 30/2020/NĐ-CP Art. 23–24 (a
    task's deadline, extended only with the assigning unit's approval).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from kyluat._moments import parse_moment
from kyluat._validate import require_key, require_text
from kyluat._values import Value
from kyluat.calendar import WorkCalendar
from kyluat.data.rules import (
    COMPLAINT_FROM_ACCEPTANCE,
    DENUNCIATION_FROM_ACCEPTANCE,
    LateNoticeKind,
)
from kyluat.deadline import DeadlinePolicy
from kyluat.errors import InvalidInputError
from kyluat.lifecycle._states import ClockStart, TaskTrigger
from kyluat.limits import CountedFrom, resolve
from kyluat.office_hours import OfficeHours
from kyluat.sla import SlaClock
from kyluat.sources import cite

__all__ = [
    "Effect",
    "Guard",
    "Recorder",
    "Step",
    "clock_start",
    "extension_quota",
    "finish",
    "grant_extension",
    "parse_clock_start",
    "pause_for_obligation",
    "pause_for_supplement",
    "pause_stopped",
    "reappoint",
    "record_notice",
    "record_start",
    "resubmit",
    "resume",
    "start_at_acceptance",
    "start_at_receipt",
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
        start: The event the record's clock counts from.
        start_basis: Why, when it is not the lifecycle's default ('' for the default).
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
    start: ClockStart = ClockStart.RECEIPT
    start_basis: str = ""

    def running(self) -> SlaClock:
        """The clock, which the state machine guarantees is started by now."""
        if self.clock is None:  # pragma: no cover - no row lets a clockless record get here
            raise AssertionError(f"unreachable: {self.trigger!r} before the clock started")
        return self.clock


Guard = Callable[[Step], str | None]
"""Why a step is refused although the state allows its trigger, or ``None``."""

Effect = Callable[[Step], SlaClock | None]
"""The record's clock after a step."""

Recorder = Callable[[Step, SlaClock | None], Mapping[str, str | list[str]]]
"""What a step adds to its audit entry's data, given the clock after it. Written when a trigger
is fired (a caller's data may repeat a key, with the same value); a replayed entry keeps the data
it was stored with."""


# --- Where the clock starts -------------------------------------------------------------------

_FROM_ACCEPTANCE = cite((COMPLAINT_FROM_ACCEPTANCE, DENUNCIATION_FROM_ACCEPTANCE))


@lru_cache(maxsize=256)
def _text_counts_from(limit: str) -> tuple[CountedFrom | None, str]:
    """The starting event a stored limit text states, and its words."""
    reading = resolve(limit)[1]
    if reading is None:
        return None, ""
    return reading.counted_from, reading.counted_from_text


def clock_start(
    first: Mapping[str, str | list[str]], default: ClockStart
) -> tuple[ClockStart, str]:
    """Where a record's clock counts from, and why ('' when it is the lifecycle's default).

    The record's ``counted_from`` option wins; otherwise a limit text that counts from
    acceptance ("kể từ ngày thụ lý") gives acceptance; otherwise the lifecycle's default.

    Args:
        first: The data of the record's creating entry (its ``limit``, its ``counted_from``).
        default: The lifecycle's default ([`LifecycleDefinition.clock_start`][kyluat.lifecycle.LifecycleDefinition]).

    Raises:
        InvalidInputError: A ``counted_from`` that is neither ``receipt`` nor ``acceptance``.

    References:
        Luật Khiếu nại 2011 (02/2011/QH13) Art. 28, 37; Luật Tố cáo 2018 (25/2018/QH14) Art. 30
        [secondary].
    """  # noqa: E501 - a link
    chosen = first.get("counted_from")
    if chosen is not None:
        start = parse_clock_start(chosen)
        return start, f"set when the record was created (counted_from={start.value!r})"
    counted, words = _text_counts_from(str(first["limit"]))
    if counted is CountedFrom.ACCEPTANCE:
        return ClockStart.ACCEPTANCE, (
            f"the limit counts from acceptance ({words!r}): {_FROM_ACCEPTANCE}"
        )
    return default, ""


def parse_clock_start(value: object) -> ClockStart:
    """A ``counted_from`` option as a [`ClockStart`][kyluat.lifecycle.ClockStart].

    Raises:
        InvalidInputError: Neither ``receipt`` nor ``acceptance``.
    """
    try:
        return ClockStart(value if isinstance(value, str) else "")
    except ValueError:
        raise InvalidInputError(
            f"expected 'receipt' or 'acceptance', got {value!r}", field="counted_from"
        ) from None


# --- Guards -----------------------------------------------------------------------------------


def extension_quota(step: Step) -> str | None:
    """Refuse a request once the policy's extensions are all granted."""
    granted = step.history.count(TaskTrigger.APPROVE_EXTENSION)
    if granted >= step.max_extensions:
        return f"{granted} extensions already granted; the policy allows {step.max_extensions}"
    return None


# --- Effects ----------------------------------------------------------------------------------


def start_at_receipt(step: Step) -> SlaClock | None:
    """At the record's creation: start the clock when it counts from receipt, else only check
    the limit (the clock starts at acceptance)."""  # noqa: D205, D209
    if step.start is ClockStart.RECEIPT:
        return start_clock(step)
    resolve(str(step.first["limit"]))
    return step.clock


def start_at_acceptance(step: Step) -> SlaClock:
    """At acceptance: start the clock, unless it already runs (counted from receipt)."""
    return step.clock if step.clock is not None else start_clock(step)


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
    """Record the apology and its new date (``new_due``, a date or moment; a reason): the
    re-appointment slip, or under NĐ 118/2025 the extension request."""  # noqa: D205, D209
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


# --- Recorders --------------------------------------------------------------------------------


def record_start(step: Step, clock: SlaClock | None) -> dict[str, str | list[str]]:
    """Say where the clock counts from and why, on the entry that starts it, unless it is the
    lifecycle's default (those entries stay as they always were)."""  # noqa: D205, D209
    if step.clock is not None or clock is None or not step.start_basis:
        return {}
    return {"counted_from": step.start.value, "counted_from_basis": step.start_basis}


def record_notice(step: Step, clock: SlaClock | None) -> dict[str, str | list[str]]:
    """Name the extension request a dossier's apology is under NĐ 118/2025 (form 04 of
    TT 03/2025/TT-VPCP), with the rules it breaks; the NĐ 61 slip adds nothing, as before."""  # noqa: D205, D209
    notice = None if clock is None else clock.reappointment
    if notice is None or notice.kind is not LateNoticeKind.EXTENSION_REQUEST:
        return {}
    data: dict[str, str | list[str]] = {"notice": notice.kind.value, "form": notice.form}
    if notice.findings:
        data["findings"] = list(notice.findings)
    return data
