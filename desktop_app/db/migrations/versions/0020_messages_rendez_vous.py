"""messages des rendez-vous envoyés par le hub (confirmation, rappel, modification, annulation)

Revision ID: 0020
Revises: 0024
Create Date: 2026-12-02 03:50:00

``message_rendez_vous`` (issue 15): one message per (rendez-vous, jeune, type, canal), written by the hub's
sender and received by sync, so that its outcome (envoyé, échec, refusé) shows in the dossier.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0020'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('message_rendez_vous',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sa.String(length=36), nullable=False),
    sa.Column('rendez_vous_id', sa.String(length=36), nullable=False),
    sa.Column('jeune_id', sa.String(length=36), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('canal', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('destinataire', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('raison', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('tentatives', sa.Integer(), nullable=False),
    sa.Column('date_envoi', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('prochain_essai', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['jeune_id'], ['jeune.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['rendez_vous_id'], ['rendez_vous.id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('message_rendez_vous', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_rendez_vous_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_rendez_vous_rendez_vous_id'), ['rendez_vous_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_rendez_vous_structure_id'), ['structure_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('message_rendez_vous', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_rendez_vous_structure_id'))
        batch_op.drop_index(batch_op.f('ix_message_rendez_vous_rendez_vous_id'))
        batch_op.drop_index(batch_op.f('ix_message_rendez_vous_jeune_id'))
    op.drop_table('message_rendez_vous')
