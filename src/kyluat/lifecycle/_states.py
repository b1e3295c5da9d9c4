"""The states and triggers of the two lifecycles, as enums with stable lowercase values.

The values are part of the public contract: they are stored in audit logs, exchanged in
snapshots and accepted by [`fire`][kyluat.lifecycle.Record.fire] as plain strings.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

__all__ = ["ClockStart", "DossierState", "DossierTrigger", "TaskState", "TaskTrigger"]


class DossierState(StrEnum):
    """Statuses of a dossier: the national portal's codes 1–10 (docs: reference/lifecycles.md)."""

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


class DossierTrigger(StrEnum):
    """What can happen to a dossier; ``submit`` creates it (one-stop desk, hồ sơ một cửa)."""

    SUBMIT = "submit"
    ACCEPT = "accept"
    REFUSE = "refuse"
    START_PROCESSING = "start_processing"
    REQUEST_SUPPLEMENT = "request_supplement"
    RESUBMIT = "resubmit"
    REQUEST_FINANCIAL_OBLIGATION = "request_financial_obligation"
    FULFIL_OBLIGATION = "fulfil_obligation"
    STOP = "stop"
    RESUME_PROCESSING = "resume_processing"
    HAND_OVER = "hand_over"
    APOLOGIZE = "apologize"
    FINISH_PROCESSING = "finish_processing"
    RETURN_RESULT = "return_result"
    WITHDRAW = "withdraw"


class TaskState(StrEnum):
    """States of an assigned task (nhiệm vụ được giao). Overdue is derived, never stored."""

    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    EXTENSION_REQUESTED = "extension_requested"
    SUBMITTED_FOR_REVIEW = "submitted_for_review"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class TaskTrigger(StrEnum):
    """What can happen to an assigned task; ``assign`` creates it."""

    ASSIGN = "assign"
    ACKNOWLEDGE = "acknowledge"
    START = "start"
    REPORT_PROGRESS = "report_progress"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REJECT_EXTENSION = "reject_extension"
    REASSIGN = "reassign"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    RETURN_FOR_REWORK = "return_for_rework"
    COMPLETE = "complete"
    CANCEL = "cancel"


class ClockStart(StrEnum):
    """The event a record's SLA clock counts from. Values are stable (stored in audit logs).

    By default a dossier counts from its acceptance and a task from its assignment; a record
    whose limit text counts from acceptance ("kể từ ngày thụ lý": complaints and denunciations)
    counts from its acceptance; the ``counted_from`` option of
    [`Dossier.submit`][kyluat.lifecycle.Dossier.submit] and
    [`Task.assign`][kyluat.lifecycle.Task.assign] overrides both.

    References:
        Luật Khiếu nại 2011 (02/2011/QH13) Art. 28, 37 and Luật Tố cáo 2018 (25/2018/QH14)
        Art. 30 (limits counted from thụ lý) [secondary]; BLDS 2015 (91/2015/QH13) Art. 147
        (the day of the event is not counted); docs: explanation/sla-clocks.md, "When the clock
        starts".
    """

    RECEIPT = "receipt"
    """The record's creation: a dossier's ``submit`` (its receipt), a task's ``assign``."""
    ACCEPTANCE = "acceptance"
    """Its acceptance: a dossier's ``accept`` (thụ lý for complaints and denunciations; the
    one-stop desk's acceptance of a complete, valid dossier, portal status 2), a task's
    ``acknowledge``."""
