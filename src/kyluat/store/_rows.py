"""What the records table keeps of a record for the queries that chase work, and what they give.

Besides the head of its log, each row of ``kyluat_records`` keeps the record's state, whether it
is final, its unit, person and procedure, its clock (``none``, ``running``, ``paused``,
``stopped``) and its due moment while the clock runs, all in UTC: written with every save, read
by `Store.due` and `Store.overdue` as [`Pending`][kyluat.store.Pending] values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kyluat._text import shown
from kyluat._values import Value
from kyluat.errors import InvalidInputError
from kyluat.lifecycle import Record, Task
from kyluat.store._schema import RECORDS

__all__ = ["Pending", "aware", "columns", "driver_detail", "fits", "pending"]


@dataclass(frozen=True, slots=True)
class Pending(Value):
    """An open record as the queries for chasing work give it.

    Attributes:
        id: The record's id.
        kind: ``dossier`` or ``task``.
        state: Its state.
        due_at: Its deadline moment (in UTC).
        overdue: Whether the deadline had passed at the moment asked about.
        unit: The unit it is with (a task's lead unit; a dossier's last handler's unit).
        person: The person (a task's person responsible; a dossier's last handler, or the
            receiver it was handed over to).
        procedure: A dossier's procedure, a task's title.
    """

    id: str
    kind: str
    state: str
    due_at: datetime
    overdue: bool
    unit: str | None
    person: str | None
    procedure: str | None


def aware(moment: datetime, field: str) -> datetime:
    """A moment given to a query, in UTC.

    Raises:
        InvalidInputError: Not a datetime, or a naive one (names ``field``).
    """
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise InvalidInputError("expected an aware datetime", field=field)
    return moment.astimezone(UTC)


def _utc(value: datetime | None) -> datetime | None:
    """A moment read back from the database, aware (SQLite gives it without a zone)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def columns(record: Record) -> dict[str, object]:
    """What the records table keeps of a record besides its head: for queries."""
    log = record.log
    first = log[0].data
    clock = record.clock
    if isinstance(record, Task):
        unit: str | None = str(first.get("lead_unit", "")) or None
        for entry in reversed(log):
            if "lead_unit" in entry.data:
                unit = str(entry.data["lead_unit"])
                break
        person: str | None = record.responsible
        procedure = str(first.get("title", "")) or None
    else:
        unit, person = log[-1].actor.unit or None, log[-1].actor.id
        receiver = log[-1].data.get("receiver")  # handed over: the receiver holds it now
        if isinstance(receiver, str) and receiver:
            person = receiver
        procedure = str(first.get("procedure", "")) or None
    if clock is None:
        state = "none"
    elif clock.stopped_at is not None:
        state = "stopped"
    elif clock.paused:
        state = "paused"
    else:
        state = "running"
    due = clock.due_at if clock is not None and state == "running" else None
    for field, value in (("unit", unit), ("person", person), ("procedure", procedure)):
        fits(value, field)
    return {
        "state": str(record.state.value),  # type: ignore[attr-defined]
        "final": record.is_final,
        "unit": unit,
        "person": person,
        "procedure": procedure,
        "due_at": None if due is None else due.astimezone(UTC),
        "clock": state,
        "updated_at": log[-1].at.astimezone(UTC),
    }


def fits(value: str | None, field: str) -> None:
    """Refuse text its column cannot hold, on every backend alike (PostgreSQL refuses text
    longer than the column and text with NUL characters; SQLite would keep both)."""  # noqa: D205, D209
    if value is None:
        return
    column = RECORDS.c[field]
    length = getattr(column.type, "length", None)
    if length is not None and len(value) > length:
        raise InvalidInputError(
            f"{shown(value)} is longer than the store keeps ({length} characters)", field=field
        )
    if "\x00" in value:
        raise InvalidInputError(f"{shown(value)} holds a NUL character", field=field)


def pending(row: Any, now: datetime) -> Pending:
    """A row of the records table as the queries give it, overdue or not at ``now``."""
    due_at = _utc(row.due_at)
    assert due_at is not None
    return Pending(
        id=row.id,
        kind=row.kind,
        state=row.state,
        due_at=due_at,
        overdue=due_at < now,
        unit=row.unit,
        person=row.person,
        procedure=row.procedure,
    )


def driver_detail(exc: BaseException) -> str:
    """The first line of a driver's message (of the DBAPI error it wraps, when it does)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
