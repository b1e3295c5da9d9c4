"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

- ``kyluat_entries``: the audit entries, insert-only, keyed by (record id, seq); each row keeps
  the entry's previous hash and hash beside its JSON, and its HMAC when the store has a key.
- ``kyluat_records``: one row per record: its kind, the head of its log (seq and hash: the anchor
  that finds a cut or re-hashed log), its state and what queries read (unit, person, procedure,
  the due moment, the clock).
- ``kyluat_schema``: one row, the schema version; the Alembic migrations in
  ``kyluat/store/migrations`` move a database from one version to the next.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = ["ENTRIES", "METADATA", "RECORDS", "SCHEMA", "SCHEMA_VERSION"]

SCHEMA_VERSION: Final = 1
"""The version of the tables this kyluat reads and writes."""

METADATA: Final = MetaData()

RECORDS: Final = Table(
    "kyluat_records",
    METADATA,
    Column("id", String(200), primary_key=True),
    Column("kind", String(16), nullable=False),  # dossier | task
    Column("head_seq", Integer, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("state", String(40), nullable=False),
    Column("final", Boolean, nullable=False),
    Column("unit", String(400), nullable=True),
    Column("person", String(400), nullable=True),
    Column("procedure", String(1000), nullable=True),
    Column("due_at", DateTime(timezone=True), nullable=True),
    Column("clock", String(16), nullable=False),  # none | running | paused | stopped
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("kyluat_records_due", "final", "clock", "due_at"),
)

ENTRIES: Final = Table(
    "kyluat_entries",
    METADATA,
    Column(
        "record_id",
        String(200),
        ForeignKey("kyluat_records.id", ondelete="RESTRICT"),
        primary_key=True,
    ),
    Column("seq", Integer, primary_key=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("mac", String(64), nullable=True),
    Column("entry", Text, nullable=False),
)

SCHEMA: Final = Table(
    "kyluat_schema",
    METADATA,
    Column("version", Integer, primary_key=True),
)
