"""liste des jeunes : colonnes de filtre et de tri copiées dans la table de clés de recherche

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 20:50:00

The jeunes list filters and sorts 100k rows as you type. Joining ``jeune`` (wide rows, text primary key)
for every FTS match cost a second on an encrypted database; so ``jeune_recherche_cle`` (one narrow row per
jeune, integer key = FTS rowid) now also carries the list's filter/sort columns, kept in step by the same
triggers (recreated here):

* a change to a searched column (names, phone, commune, deleted/merge) re-indexes the FTS row and the keys;
* a change to a list-only column (statut, référent, dates, QPV) only updates the key row (cheap: saving an
  actualité moves ``date_dernier_contact`` without touching the FTS index).

The SQL text builders come from migration 0002's module (both are frozen history).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

LIST_COLUMNS = ("statut", "referent_id", "date_naissance", "date_dernier_contact", "qpv_code", "qpv_nom",
                "prenoms", "commune")
_TYPES = {"statut": "VARCHAR(16)", "referent_id": "VARCHAR(36)", "date_naissance": "DATE",
          "date_dernier_contact": "DATE", "qpv_code": "VARCHAR(16)", "qpv_nom": "VARCHAR", "prenoms": "VARCHAR",
          "commune": "VARCHAR"}


def _m0002():
    path = Path(__file__).with_name("0002_recherche_jeunes.py")
    spec = importlib.util.spec_from_file_location("passerelle_migration_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _set_keys(m, src: str) -> str:
    assignments = ", ".join(f"{c} = {src}.{c}" for c in LIST_COLUMNS)
    return (f"UPDATE {m.KEYS} SET tri = {m.sort_key(src)}, actif = {m.active(src)}, {assignments} "
            f"WHERE jeune_id = {src}.id;\n")


def _reindex_row(m, src: str) -> str:
    return (
        f"DELETE FROM {m.FTS} WHERE rowid = (SELECT n FROM {m.KEYS} WHERE jeune_id = {src}.id);\n"
        f"INSERT OR IGNORE INTO {m.KEYS}(jeune_id, tri, actif) VALUES ({src}.id, '', 0);\n"
        f"{_set_keys(m, src)}"
        f"INSERT INTO {m.FTS}(rowid, noms, prenoms, telephone, commune)\n"
        f"  SELECT k.n, {m.index_values(src)} FROM {m.KEYS} k WHERE k.jeune_id = {src}.id;\n"
    )


def _create_triggers(m) -> None:
    searched = " OR ".join(f"old.{c} IS NOT new.{c}" for c in m.INDEXED_COLUMNS)
    listed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in LIST_COLUMNS if c not in m.INDEXED_COLUMNS)
    op.execute(f"CREATE TRIGGER jeune_recherche_ai AFTER INSERT ON jeune BEGIN\n{_reindex_row(m, 'new')}END")
    op.execute(
        f"CREATE TRIGGER jeune_recherche_au AFTER UPDATE ON jeune WHEN {searched} BEGIN\n"
        f"DELETE FROM {m.FTS} WHERE rowid = (SELECT n FROM {m.KEYS} WHERE jeune_id = old.id);\n"
        f"DELETE FROM {m.KEYS} WHERE jeune_id = old.id AND old.id IS NOT new.id;\n"
        f"{_reindex_row(m, 'new')}END"
    )
    op.execute(
        f"CREATE TRIGGER jeune_recherche_au_liste AFTER UPDATE ON jeune WHEN NOT ({searched}) AND ({listed}) BEGIN\n"
        f"{_set_keys(m, 'new')}END"
    )
    op.execute(
        f"CREATE TRIGGER jeune_recherche_ad AFTER DELETE ON jeune BEGIN\n"
        f"DELETE FROM {m.FTS} WHERE rowid = (SELECT n FROM {m.KEYS} WHERE jeune_id = old.id);\n"
        f"DELETE FROM {m.KEYS} WHERE jeune_id = old.id;\nEND"
    )


def _drop_triggers() -> None:
    for name in ("jeune_recherche_ai", "jeune_recherche_au", "jeune_recherche_au_liste", "jeune_recherche_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    m = _m0002()
    _drop_triggers()
    for column in LIST_COLUMNS:
        op.execute(f"ALTER TABLE {m.KEYS} ADD COLUMN {column} {_TYPES[column]}")
    _create_triggers(m)
    assignments = ", ".join(LIST_COLUMNS)
    op.execute(f"UPDATE {m.KEYS} SET ({assignments}) = (SELECT {', '.join('j.' + c for c in LIST_COLUMNS)} "
               f"FROM jeune j WHERE j.id = {m.KEYS}.jeune_id)")


def downgrade() -> None:
    m = _m0002()
    _drop_triggers()
    for column in LIST_COLUMNS:
        op.execute(f"ALTER TABLE {m.KEYS} DROP COLUMN {column}")
    m.create_triggers()
