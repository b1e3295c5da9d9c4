"""The first schema of kyluat's store: records, insert-only audit entries, the schema version.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables (version 1)."""
    op.create_table(
        "kyluat_records",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("head_seq", sa.Integer, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("state", sa.String(40), nullable=False),
        sa.Column("final", sa.Boolean, nullable=False),
        sa.Column("unit", sa.String(400), nullable=True),
        sa.Column("person", sa.String(400), nullable=True),
        sa.Column("procedure", sa.String(1000), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clock", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("kyluat_records_due", "kyluat_records", ["final", "clock", "due_at"])
    op.create_table(
        "kyluat_entries",
        sa.Column(
            "record_id",
            sa.String(200),
            sa.ForeignKey("kyluat_records.id", ondelete="RESTRICT"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=True),
        sa.Column("entry", sa.Text, nullable=False),
    )
    op.create_table("kyluat_schema", sa.Column("version", sa.Integer, primary_key=True))
    op.execute("INSERT INTO kyluat_schema (version) VALUES (1)")


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("kyluat_schema")
    op.drop_table("kyluat_entries")
    op.drop_index("kyluat_records_due", table_name="kyluat_records")
    op.drop_table("kyluat_records")
