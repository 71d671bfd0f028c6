"""doublons : index sur la date de naissance dans la table de clés de recherche

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 21:30:00

Duplicate detection (creating a dossier, importing a file) looks for live jeunes born the same day; without an
index that read the whole key table (100-150 ms on 100 000 jeunes, per dossier or per import chunk).
"""
from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX jeune_recherche_cle_naissance ON jeune_recherche_cle(date_naissance)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS jeune_recherche_cle_naissance")
