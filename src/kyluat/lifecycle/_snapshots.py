"""The records as integrators exchange them: pydantic models with a published JSON Schema."""

from __future__ import annotations

from pydantic import AwareDatetime, ConfigDict

from kyluat._models import Model
from kyluat.lifecycle._audit import AuditEntry
from kyluat.lifecycle._states import DossierState, TaskState

__all__ = ["DossierSnapshot", "TaskSnapshot"]


class DossierSnapshot(Model):
    """A dossier as integrators exchange it (JSON Schema: `json_schemas()`)."""

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


class TaskSnapshot(Model):
    """An assigned task as integrators exchange it (JSON Schema: `json_schemas()`)."""

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
