"""auto-écoles et employeurs des parrains dans l'annuaire (issue 16)

Revision ID: 0026
Revises: 0027
Create Date: 2026-12-02 07:00:00

``auto_ecole.partenaire_id`` and ``parrain.partenaire_id`` link a driving school and a parrain's employer
(« employeur ou réseau ») to the partners directory (``ALTER TABLE ADD COLUMN … REFERENCES``, NULL default, never
a table rebuild). The typed text stays as typed; the records whose name matches exactly one partner are linked by
the application (services/partenaires/liens.py: once at the opening that follows the upgrade —
marked by services/profil/profile.py, done by the window's background work — and at each later write), not here: the name key (accents, legal forms, filler
words) is Python.
"""
from __future__ import annotations

from alembic import op

revision = '0026'
down_revision = '0027'
branch_labels = None
depends_on = None

TABLES = ("auto_ecole", "parrain")


def upgrade() -> None:
    for table in TABLES:  # in place: ADD COLUMN … REFERENCES (NULL default), no rebuild
        op.execute(f"ALTER TABLE {table} ADD COLUMN partenaire_id VARCHAR(36) REFERENCES partenaire (id) "
                   "DEFERRABLE INITIALLY DEFERRED")
        op.create_index(f"ix_{table}_partenaire_id", table, ["partenaire_id"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_partenaire_id", table_name=table)
        op.drop_column(table, "partenaire_id")
