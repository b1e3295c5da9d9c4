"""The append-only audit log: hash-chained entries, their JSON, and the check of the chain.

Each entry carries the SHA-256 of its canonical JSON content, which includes the previous
entry's hash ([`GENESIS`][kyluat.lifecycle.GENESIS] for the first), so changing, dropping or
reordering an entry breaks the chain from there on and
[`verify_log`][kyluat.lifecycle.verify_log] names the first broken entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from pydantic import AwareDatetime, ConfigDict, TypeAdapter, ValidationError

from kyluat._models import Model
from kyluat._validate import from_pydantic
from kyluat.errors import DataError
from kyluat.lifecycle._permissions import Actor

__all__ = ["GENESIS", "AuditEntry", "dump_log", "load_log", "next_entry", "verify_log"]

GENESIS: Final = "0" * 64
"""The previous hash of a log's first entry."""


class AuditEntry(Model):
    """One entry of a record's append-only, hash-chained audit log."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int
    trigger: str
    actor: Actor
    at: AwareDatetime
    reason: str = ""
    reference: str = ""
    data: dict[str, str | list[str]] = {}  # noqa: RUF012 - pydantic copies field defaults
    state_from: str | None
    state_to: str
    prev_hash: str
    hash: str

    def __hash__(self) -> int:
        # Entries carry a dict (``data``); equal entries carry equal content hashes.
        return hash((type(self).__qualname__, self.seq, self.hash))

    def expected_hash(self) -> str:
        """The hash this entry must carry: SHA-256 of its content and the previous hash."""
        content = self.model_dump(mode="json", exclude={"hash"})
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


_LOG: Final = TypeAdapter(tuple[AuditEntry, ...])


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


def next_entry(
    log: tuple[AuditEntry, ...],
    *,
    trigger: str,
    actor: Actor,
    at: datetime,
    reason: str,
    reference: str,
    data: dict[str, str | list[str]],
    state_from: str | None,
    state_to: str,
) -> AuditEntry:
    """The entry that follows ``log``, chained to its last entry and hashed.

    Raises:
        InvalidInputError: A field has the wrong type (e.g. data that is not text).
    """
    try:
        draft = AuditEntry(
            seq=len(log),
            trigger=trigger,
            actor=actor,
            at=at,
            reason=reason,
            reference=reference,
            data=data,
            state_from=state_from,
            state_to=state_to,
            prev_hash=log[-1].hash if log else GENESIS,
            hash="",
        )
    except ValidationError as exc:
        raise from_pydantic(exc) from None
    return draft.model_copy(update={"hash": draft.expected_hash()})


def dump_log(log: tuple[AuditEntry, ...]) -> str:
    """The log as JSON."""
    return _LOG.dump_json(log).decode()


def load_log(text: str) -> tuple[AuditEntry, ...]:
    """Entries from their JSON (the chain is not checked here).

    Raises:
        DataError: Malformed JSON or entries (the field names the entry).
    """
    try:
        return _LOG.validate_json(text)
    except ValidationError as exc:
        raise from_pydantic(exc, error=DataError, prefix="log") from None
