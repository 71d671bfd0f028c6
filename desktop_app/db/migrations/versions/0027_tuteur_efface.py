"""tuteur d'une immersion effaçable : ``immersion.tuteur_id`` devient facultatif

Revision ID: 0027
Revises: 0020
Create Date: 2026-12-02 07:10:00

A contact person of a partner is erased once its retention period is over (CNIL: three years after the
relation ended). An immersion is a jeune's history: it must stay when its tutor is erased, the tutor shown
« contact effacé ». The erasure sets ``tuteur_id`` to NULL (``desktop_app.sync.effacement.NULLIFIED``), so the
column becomes nullable. The table is copied (SQLite batch mode); no trigger hangs on it. Nothing is
back-filled: every existing immersion keeps its tutor.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('immersion', schema=None) as batch_op:
        batch_op.alter_column('tuteur_id', existing_type=sa.String(length=36), nullable=True)


def downgrade() -> None:
    # an immersion whose tutor was erased has none to put back: such rows keep the erased contact's id
    op.execute("UPDATE immersion SET tuteur_id = (SELECT c.id FROM contact_partenaire c "
               "WHERE c.partenaire_id = immersion.partenaire_id ORDER BY c.deleted, c.created_at LIMIT 1) "
               "WHERE tuteur_id IS NULL")
    with op.batch_alter_table('immersion', schema=None) as batch_op:
        batch_op.alter_column('tuteur_id', existing_type=sa.String(length=36), nullable=False)
