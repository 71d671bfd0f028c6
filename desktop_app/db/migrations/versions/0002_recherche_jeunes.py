"""recherche des jeunes : index plein texte FTS5 insensible aux accents, tenu à jour par triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 20:45:00

Design (read before touching the ``jeune`` table in a later migration):

* ``jeune_recherche`` is a regular FTS5 table (it keeps its own copy of the indexed text, so a row can be
  removed by rowid without the source row). Tokenizer ``unicode61 remove_diacritics 2`` folds case and
  accents; prefix indexes make search-as-you-type cheap.
* Its rowid comes from ``jeune_recherche_cle`` (``n INTEGER PRIMARY KEY``, ``jeune_id`` UNIQUE), NOT from
  ``jeune``'s implicit rowid, which SQLite may renumber (VACUUM, table copies in batch migrations).
* Triggers on ``jeune`` (insert, update of an indexed column, delete) keep the index exact inside the same
  transaction as every write: ORM session, ``bulk_insert``, pulled sync changes, raw SQL.
* Every row is indexed, tombstones included; ``jeune_recherche_cle.actif`` is false for a deleted or
  merged jeune and the search filters on it by default (such a jeune is not found unless asked).
  ``jeune_recherche_cle.tri`` is the accent-folded "nom prénoms" sort key (index ``(actif, tri)``).
* Names are indexed as typed AND in "joined" forms (apostrophes/hyphens removed, then spaces removed) so
  that "ndiaye" finds "N'Diaye" and "aitali" finds "Aït-Ali"; phone numbers as digits only, national
  (0…) and national-without-0 forms so that "0612", "06 12" and "612" find "+33 6 12…".
* A migration that RECREATES ``jeune`` (batch mode with recreate) drops these triggers: call
  ``create_triggers()`` and ``rebuild()`` of this module again from it. Autogenerate must ignore the
  ``jeune_recherche*`` tables (env.py filters them).
"""
from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

FTS = "jeune_recherche"
KEYS = "jeune_recherche_cle"
INDEXED_COLUMNS = ("id", "nom_naissance", "nom_usage", "prenoms", "telephone", "commune", "deleted",
                   "fusionne_dans_id")
# Accented letters folded for the sort key (SQLite's lower() only knows ASCII).
_FOLD = {
    "a": "àâäáãåÀÂÄÁÃÅ", "e": "éèêëÉÈÊË", "i": "îïíìÎÏÍÌ", "o": "ôöóòõÔÖÓÒÕ", "u": "ûüùúÛÜÙÚ",
    "c": "çÇ", "y": "ÿýŸÝ", "n": "ñÑ", "oe": "œŒ", "ae": "æÆ",
}


def _joined(expr: str, *, spaces: bool) -> str:
    """``expr`` without apostrophes (straight and typographic) and hyphens (and spaces if asked)."""
    out = f"replace(replace(replace(coalesce({expr}, ''), '''', ''), '’', ''), '-', '')"
    return f"replace({out}, ' ', '')" if spaces else out


def _digits(expr: str) -> str:
    out = f"coalesce({expr}, '')"
    for ch in ("+", " ", ".", "-", "(", ")", "/", "\u00a0"):
        out = f"replace({out}, '{ch}', '')"
    return out


def _national(expr: str) -> str:
    """French national form (0XXXXXXXXX) of a number written with or without its country code."""
    d = _digits(expr)
    return (
        f"(CASE WHEN {d} GLOB '33[1-9]*' AND length({d}) = 11 THEN '0' || substr({d}, 3)"
        f" WHEN ({d} GLOB '26[29]*' OR {d} GLOB '59[046]*') AND length({d}) = 12 THEN '0' || substr({d}, 4)"
        f" WHEN {d} GLOB '0*' THEN {d} ELSE '' END)"
    )


def sort_key(src: str) -> str:
    """Accent- and case-folded "NOM prénoms" (nom d'usage first), without apostrophes/hyphens, for ORDER BY.

    Folded in stages of a dozen ``replace()`` (a single deep nesting overflows older SQLite parsers)."""
    pairs = [(ch, ascii_) for ascii_, accented in _FOLD.items() for ch in accented]
    expr = f"(coalesce(nullif({src}.nom_usage, ''), {src}.nom_naissance, '') || ' ' || coalesce({src}.prenoms, ''))"
    query = f"SELECT {_joined(expr, spaces=False)} AS x"
    for start in range(0, len(pairs), 12):
        out = "x"
        for ch, ascii_ in pairs[start:start + 12]:
            out = f"replace({out}, '{ch}', '{ascii_}')"
        query = f"SELECT {out} AS x FROM ({query})"
    return f"(SELECT ltrim(lower(x)) FROM ({query}))"


def active(src: str) -> str:
    return f"({src}.deleted = 0 AND {src}.fusionne_dans_id IS NULL)"


def index_values(src: str) -> str:
    """The four indexed texts (noms, prenoms, telephone, commune) of the row aliased ``src``."""
    def c(col: str) -> str:
        return f"{src}.{col}"

    noms = " || ' ' || ".join([
        f"coalesce({c('nom_naissance')}, '')", f"coalesce({c('nom_usage')}, '')",
        _joined(c("nom_naissance"), spaces=False), _joined(c("nom_naissance"), spaces=True),
        _joined(c("nom_usage"), spaces=False), _joined(c("nom_usage"), spaces=True),
    ])
    prenoms = f"coalesce({c('prenoms')}, '') || ' ' || {_joined(c('prenoms'), spaces=False)}"
    nat = _national(c("telephone"))
    telephone = f"{_digits(c('telephone'))} || ' ' || {nat} || ' ' || substr({nat}, 2)"
    commune = f"coalesce({c('commune')}, '') || ' ' || {_joined(c('commune'), spaces=True)}"
    return f"{noms}, {prenoms}, {telephone}, {commune}"


def _reindex_row(src: str) -> str:
    return (
        f"DELETE FROM {FTS} WHERE rowid = (SELECT n FROM {KEYS} WHERE jeune_id = {src}.id);\n"
        f"INSERT OR IGNORE INTO {KEYS}(jeune_id, tri, actif) VALUES ({src}.id, '', 0);\n"
        f"UPDATE {KEYS} SET tri = {sort_key(src)}, actif = {active(src)} WHERE jeune_id = {src}.id;\n"
        f"INSERT INTO {FTS}(rowid, noms, prenoms, telephone, commune)\n"
        f"  SELECT k.n, {index_values(src)} FROM {KEYS} k WHERE k.jeune_id = {src}.id;\n"
    )


def create_triggers() -> None:
    changed = " OR ".join(f"old.{col} IS NOT new.{col}" for col in INDEXED_COLUMNS)
    op.execute(f"CREATE TRIGGER jeune_recherche_ai AFTER INSERT ON jeune BEGIN\n{_reindex_row('new')}END")
    op.execute(
        f"CREATE TRIGGER jeune_recherche_au AFTER UPDATE ON jeune WHEN {changed} BEGIN\n"
        f"DELETE FROM {FTS} WHERE rowid = (SELECT n FROM {KEYS} WHERE jeune_id = old.id);\n"
        f"DELETE FROM {KEYS} WHERE jeune_id = old.id AND old.id IS NOT new.id;\n"
        f"{_reindex_row('new')}END"
    )
    op.execute(
        f"CREATE TRIGGER jeune_recherche_ad AFTER DELETE ON jeune BEGIN\n"
        f"DELETE FROM {FTS} WHERE rowid = (SELECT n FROM {KEYS} WHERE jeune_id = old.id);\n"
        f"DELETE FROM {KEYS} WHERE jeune_id = old.id;\nEND"
    )


def drop_triggers() -> None:
    for name in ("jeune_recherche_ai", "jeune_recherche_au", "jeune_recherche_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild() -> None:
    """Index every existing jeune (used on upgrade; safe to run again)."""
    op.execute(f"DELETE FROM {FTS}")
    op.execute(f"DELETE FROM {KEYS} WHERE jeune_id NOT IN (SELECT id FROM jeune)")
    op.execute(f"INSERT OR IGNORE INTO {KEYS}(jeune_id, tri, actif) SELECT id, '', 0 FROM jeune")
    op.execute(f"UPDATE {KEYS} SET (tri, actif) = (SELECT {sort_key('j')}, {active('j')} FROM jeune j "
               f"WHERE j.id = {KEYS}.jeune_id)")
    op.execute(
        f"INSERT INTO {FTS}(rowid, noms, prenoms, telephone, commune) "
        f"SELECT k.n, {index_values('j')} FROM jeune j JOIN {KEYS} k ON k.jeune_id = j.id"
    )
    op.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")


def upgrade() -> None:
    op.execute(f"CREATE TABLE {KEYS} (n INTEGER PRIMARY KEY, jeune_id VARCHAR(36) NOT NULL UNIQUE, "
               "tri TEXT NOT NULL, actif BOOLEAN NOT NULL)")
    op.execute(f"CREATE INDEX {KEYS}_actif_tri ON {KEYS}(actif, tri, jeune_id)")
    op.execute(
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(noms, prenoms, telephone, commune, "
        "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4')"
    )
    create_triggers()
    rebuild()


def downgrade() -> None:
    drop_triggers()
    op.execute(f"DROP TABLE IF EXISTS {FTS}")
    op.execute(f"DROP TABLE IF EXISTS {KEYS}")
