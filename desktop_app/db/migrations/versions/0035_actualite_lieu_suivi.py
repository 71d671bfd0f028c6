"""indicateurs : le lieu de suivi d'un jeune lu dans un index (sa dernière actualité tenue dans un lieu)

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-03 12:20:00

Issue 18 item 4 — with a lieu in the scope, the auto-école and parrainage indicators keep the jeunes *suivis* at
that lieu: their latest live actualité held at a lieu and dated on or before the end of the period was held there
(same day: the latest created, then the greatest id; ``Contexte.suivi``). Through the actualités' jeune index
that read every actualité of each jeune and sorted them (25 µs a jeune on the 100k profile). This partial index
holds exactly those actualités in that order: the latest is one step of the index, no table row read.
"""
from __future__ import annotations

from alembic import op

revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None

INDEX = "ix_actualite_lieu_suivi"


def upgrade() -> None:
    op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON actualite(jeune_id, date, created_at, id, lieu_id) "
               "WHERE deleted = 0 AND lieu_id IS NOT NULL")


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
