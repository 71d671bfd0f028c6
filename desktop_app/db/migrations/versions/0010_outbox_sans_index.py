"""outbox : sans index sur row_id (aucune requête ne cherche les opérations par enregistrement)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 22:35:00

Each write adds one outbox row; its row_id index cost one more encrypted B-tree page per transaction while
no query used it (push reads by counter, erasure and merges by the records themselves).
"""
from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_outbox_row_id")


def downgrade() -> None:
    op.create_index("ix_outbox_row_id", "outbox", ["row_id"], unique=False)
