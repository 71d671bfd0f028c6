"""synchronisation sur le terrain : quarantaine en salle d'attente, changements reçus refusés

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 20:20:00

``sync_quarantine`` keeps how often an op was sent again and the circumstances it was refused in, so that a
round whose circumstances changed sends it again; ``sync_recu_refuse`` holds pulled changes this replica
could not store, with their reason, instead of failing the whole page.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_quarantine") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("context", sa.JSON(), nullable=False, server_default="{}"))
    op.create_table(
        "sync_recu_refuse",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("row_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_sync_recu_refuse_row_id", "sync_recu_refuse", ["row_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sync_recu_refuse_row_id", table_name="sync_recu_refuse")
    op.drop_table("sync_recu_refuse")
    with op.batch_alter_table("sync_quarantine") as batch:
        batch.drop_column("context")
        batch.drop_column("attempts")
