"""sécurité : mot de passe des utilisateurs, journal des accès aux dossiers

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 21:40:00

``utilisateur.mot_de_passe_hash`` (argon2id, synced: users are managed on the hub) and ``journal_acces``
(synced, append-only; never the content of a dossier).
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('utilisateur', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mot_de_passe_hash', sqlmodel.sql.sqltypes.AutoString(length=255),
                                      nullable=True))
    op.create_table('journal_acces',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.Column('structure_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('utilisateur_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('jeune_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('objet', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('quand', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('journal_acces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_acces_utilisateur_id'), ['utilisateur_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_acces_jeune_id'), ['jeune_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_acces_quand'), ['quand'], unique=False)


def downgrade() -> None:
    op.drop_table('journal_acces')
    with op.batch_alter_table('utilisateur', schema=None) as batch_op:
        batch_op.drop_column('mot_de_passe_hash')
