"""liste des jeunes : compteur de version de l'ordre alphabétique (cache de la recherche)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 21:10:00

The search service keeps the alphabetical order of the live jeunes in memory, so that a text search only
filters it instead of sorting tens of thousands of rows per keystroke. ``jeune_recherche_version.v`` tells
when that copy is stale: triggers on the search-key table add one whenever a key row appears, disappears, or
changes its sort key or its live flag — in the same transaction as the write (a rollback undoes both).
"""
from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

VERSION = "jeune_recherche_version"
KEYS = "jeune_recherche_cle"
_BUMP = f"UPDATE {VERSION} SET v = v + 1 WHERE id = 1;"


def upgrade() -> None:
    op.execute(f"CREATE TABLE {VERSION} (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL)")
    op.execute(f"INSERT INTO {VERSION} (id, v) VALUES (1, 0)")
    op.execute(f"CREATE TRIGGER jeune_recherche_version_ai AFTER INSERT ON {KEYS} BEGIN {_BUMP} END")
    op.execute(f"CREATE TRIGGER jeune_recherche_version_ad AFTER DELETE ON {KEYS} BEGIN {_BUMP} END")
    op.execute(
        f"CREATE TRIGGER jeune_recherche_version_au AFTER UPDATE ON {KEYS} "
        f"WHEN old.tri IS NOT new.tri OR old.actif IS NOT new.actif OR old.n IS NOT new.n "
        f"OR old.jeune_id IS NOT new.jeune_id BEGIN {_BUMP} END"
    )


def downgrade() -> None:
    for name in ("jeune_recherche_version_ai", "jeune_recherche_version_ad", "jeune_recherche_version_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {VERSION}")
