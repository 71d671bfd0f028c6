"""liste des jeunes : l'ordre alphabétique lu dans un index couvrant, sans tri

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-03 07:30:00

Issue 18 item 3 — the jeunes list's in-memory order (``services/jeunes/recherche_ordre.py``) is read at start-up,
on the first screen's critical path: ``… WHERE actif = 1 ORDER BY tri, n``. The index of migration 0002,
``(actif, tri, jeune_id)``, covers the columns but orders ties of ``tri`` by ``jeune_id``, so SQLite sorted the
whole result again for the last term (a temporary B-tree of 100 000 rows: 124 ms of 53 cold on the 100k
profile, 56 of 24 warm). The same index with ``n`` before ``jeune_id`` gives that order as it is stored.
The index keeps its name: ``desktop_app/db/derivees.py`` drops and recreates it around a bulk load from its SQL.
"""
from __future__ import annotations

from alembic import op

revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None

INDEX = "jeune_recherche_cle_actif_tri"


def upgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"CREATE INDEX {INDEX} ON jeune_recherche_cle(actif, tri, n, jeune_id)")


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"CREATE INDEX {INDEX} ON jeune_recherche_cle(actif, tri, jeune_id)")
