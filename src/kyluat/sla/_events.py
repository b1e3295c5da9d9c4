"""The events of a clock's log, as stored and exchanged (JSON through pydantic)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import (
    AwareDatetime,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from kyluat._models import Model
from kyluat._moments import parse_moment
from kyluat._validate import from_pydantic
from kyluat.data.rules import REAPPOINTMENT_SLIP, LateNoticeKind
from kyluat.errors import InvalidInputError

__all__ = ["EVENTS", "ClockEvent", "EventKind", "PauseReason", "Reappointment", "event"]


class EventKind(StrEnum):
    """What happened to a clock. Values are stable (they are stored in event logs)."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    RESTART = "restart"
    EXTEND = "extend"
    REAPPOINT = "reappoint"
    STOP = "stop"


class PauseReason(StrEnum):
    """Why a clock is paused (national portal statuses 5, 6 and 8)."""

    SUPPLEMENT_REQUEST = "supplement_request"
    """Yêu cầu bổ sung hồ sơ (portal status 5)."""
    FINANCIAL_OBLIGATION = "financial_obligation"
    """Chờ thực hiện nghĩa vụ tài chính (portal status 6)."""
    STOPPED = "stopped"
    """Dừng xử lý (portal status 8)."""
    FORCE_MAJEURE = "force_majeure"
    """Sự kiện bất khả kháng: a recorded act with approver and reference."""
    OTHER = "other"
    """Any other recorded reason; a note is required."""


class ClockEvent(Model):
    """One event of a clock's log, as stored and exchanged (JSON through pydantic).

    Moments are aware datetimes, or dates for day-counted clocks. A stored log is written by
    machines: text with a time and no offset is refused, never guessed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("at", "to", "new_due", mode="before")
    @classmethod
    def _no_naive_moments(cls, value: object) -> object:
        # A naive moment must never pass as a date (pydantic would take a midnight one).
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError("a moment needs a time zone; a naive datetime is refused")
        if isinstance(value, str) and len(value.strip()) > 10:
            try:
                parse_moment(value, zone_less=None)
            except InvalidInputError as exc:
                if "no offset" in exc.message:
                    raise ValueError(exc.message) from None
                return value  # pydantic reports the malformed text
        return value

    kind: EventKind
    at: AwareDatetime | date
    limit: str | None = None
    """Start only: the limit as text ("10 working days")."""
    reason: str | None = None
    approved_by: str | None = None
    reference: str | None = None
    note: str | None = None
    by: str | None = None
    """Extend only: the extension as a limit text ("3 working days")."""
    to: AwareDatetime | date | None = None
    """Extend only: the new deadline."""
    new_due: AwareDatetime | date | None = None
    """Reappoint only: the date promised on the apology slip."""


EVENTS = TypeAdapter(tuple[ClockEvent, ...])
"""Reads and writes a whole event log as JSON."""


class Reappointment(Model):
    """The apology for a dossier that will be late, with the new date it gives.

    Which document it is follows the one-stop regime in force on the dossier's receipt date
    (the clock's start): the apology and re-appointment slip (phiếu xin lỗi và hẹn lại ngày trả
    kết quả) under NĐ 61/2018/NĐ-CP, the apology and extension request (văn bản xin lỗi và đề
    nghị gia hạn thời gian giải quyết, form 04 of TT 03/2025/TT-VPCP) under NĐ 118/2025/NĐ-CP,
    for dossiers received from 01/07/2025. ``kind`` and ``form`` say which.

    References:
        NĐ 61/2018/NĐ-CP [unverified]; NĐ 118/2025/NĐ-CP (09/06/2025) and TT 03/2025/TT-VPCP
        Mẫu số 04 [secondary]; docs: explanation/sla-clocks.md, "Late dossiers: slip or
        extension request".
    """

    model_config = ConfigDict(frozen=True)

    at: AwareDatetime | date
    new_due: AwareDatetime | date
    """The date promised (slip) or asked for (extension request)."""
    reason: str
    findings: tuple[str, ...]
    """Rules of the regime the document breaks (reported, or refused when enforced)."""
    kind: LateNoticeKind = LateNoticeKind.REAPPOINTMENT_SLIP
    """Which document: ``reappointment_slip`` (NĐ 61) or ``extension_request`` (NĐ 118)."""
    form: str = REAPPOINTMENT_SLIP.title
    """The document's name, with its official form where kyluat cites one ("Mẫu số 04,
    TT 03/2025/TT-VPCP — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")."""


def event(**fields: object) -> ClockEvent:
    """Build an event, turning pydantic's validation errors into kyluat's."""
    try:
        return ClockEvent(**fields)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise from_pydantic(exc, default_field="event") from None
