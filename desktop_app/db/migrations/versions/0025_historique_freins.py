"""historique des statuts des freins

Revision ID: 0025
Revises: 0019
Create Date: 2026-12-02 04:00:00

``frein_statut``: each status a frein reached and when (append-only, synced, erased with its frein), so that the
timeline shows the path identifié → en cours → levé instead of the current status alone. Freins noted before this
revision keep what they said: their current status and its date (nothing is back-filled).
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0025'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('frein_statut',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('frein_id', sa.String(length=36), nullable=False),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['frein_id'], ['frein.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('frein_statut', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frein_statut_frein_id'), ['frein_id'], unique=False)


def downgrade() -> None:
    op.drop_table('frein_statut')
