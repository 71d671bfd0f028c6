"""liste des jeunes : l'ordre alphabétique enregistré, relu d'un bloc au démarrage

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-03 12:00:00

Issue 18 item 3 — the in-memory alphabetical order of the live jeunes (``services/jeunes/recherche_ordre.py``) is
on the first screen's path: read from the index of migration 0033 it costs ~55 ms on 100 000 jeunes (the index
pages decrypted, 100 000 rows stepped, two strings parsed, the key → place table built). Between two sessions
it rarely changes: ``jeune_recherche_ordre`` keeps it as read (its version, the keys and the place of each key as
32-bit little-endian integers, the ids as one string), written after the first screen when it was read from the
index, and read back in one row at the next start-up.

It can never be stale: the trigger below deletes it in the same transaction as any bump of
``jeune_recherche_version`` (every write that changes the order bumps it, migration 0005, and so does the rebuild
of the derived structures), and the reader also checks the version it was saved for. An erased jeune's id thus
leaves it with the erasure.
"""
from __future__ import annotations

from alembic import op

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

TABLE = "jeune_recherche_ordre"
TRIGGER = "jeune_recherche_ordre_perime"


def upgrade() -> None:
    op.execute(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL, "
               "cles BLOB NOT NULL, places BLOB NOT NULL, ids TEXT NOT NULL)")
    op.execute(f"CREATE TRIGGER {TRIGGER} AFTER UPDATE ON jeune_recherche_version BEGIN DELETE FROM {TABLE}; END")


def downgrade() -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
