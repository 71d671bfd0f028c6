"""registre des effacements RGPD (hub_erased) : identifiants seulement

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 20:45:00

The registry of erased records (:mod:`hub.effacement`, SYNC.md guarantee 14): structure, table and row id of
each erased record and the hub sequence of its erasure — never content. Every later op about one of them, or
creating a record that points at one, is dropped.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_erased",
        sa.Column("table_name", AutoString(length=64), primary_key=True),
        sa.Column("row_id", AutoString(length=36), primary_key=True),
        sa.Column("structure_id", AutoString(length=36), sa.ForeignKey("hub_structure.id"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_hub_erased_structure_id", "hub_erased", ["structure_id"])


def downgrade() -> None:
    op.drop_index("ix_hub_erased_structure_id", table_name="hub_erased")
    op.drop_table("hub_erased")
