"""indicateurs : actualités par type et modalité, par jeune et par année, tenues exactes par triggers

Revision ID: 0028
Revises: 0026
Create Date: 2026-12-02 07:10:00

The actualités of a year by type and modalité were counted, for a scope holding many jeunes and leaving out many
(the jeunes living in a QPV: ⅓ in, ⅔ out), from ``actualite`` itself: the year's ~275 000 rows of its covering
index, each probed by UUID in the set of the jeunes outside the scope (≈ 1 s on the 100k profile, issue 18
item 4). This local table keeps, per calendar year and jeune number (``indicateur_jeune.n``, migration 0011),
the count of its live actualités of each type and each modalité, so that a year in any scope without a lieu is
a sum over the year's rows (one per active jeune) joined on integers to the jeune's columns kept on its key
(migration 0016): the scope is a filter there, not a recount.

* ``indicateur_annee_types`` (annee, n) → nb (live actualités), ``t_<type>`` for each code of
  :data:`TYPES`, ``m_<modalite>`` for each code of :data:`MODALITES` (an empty or other code: ``nb`` minus
  their sum). These lists are frozen here: a type or modalité added to the enums needs a migration that adds
  its column and rebuilds this table (a test compares them with the enums).

Kept exact by triggers on ``actualite`` (insert; update of jeune_id, date, type, modalité, deleted; delete), in
the same transaction as every write path (ORM, bulk insert, sync apply, anonymisation, erasure, merge, raw
SQL), like the summary of 0011; a row whose ``nb`` falls to 0 is deleted. The insert trigger creates the jeune's
key itself when it is not there yet (``INSERT OR IGNORE``, as 0011's does: whichever trigger runs first numbers
it). ``desktop_app/db/derivees.py`` suspends these triggers during a bulk load and rebuilds the table with
:func:`rebuild_sql`. A local table: no SQLModel model, never synced, never in the outbox.
"""
from __future__ import annotations

from alembic import op

revision = '0028'
down_revision = '0026'
branch_labels = None
depends_on = None

TABLE = "indicateur_annee_types"
CLES = "indicateur_jeune"
TYPES = ("entretien_individuel", "entretien_partenaire", "atelier", "information_collective", "mediation", "visite",
         "prestation", "activites_exterieures", "autre")
MODALITES = ("sur_place", "telephone", "visio", "domicile")
COLONNES = tuple(f"t_{t}" for t in TYPES) + tuple(f"m_{m}" for m in MODALITES)
TRIGGERS = ("indicateur_types_ai", "indicateur_types_au", "indicateur_types_ad")
SUIVIES = ("jeune_id", "date", "type", "modalite", "deleted")


def _annee(src: str) -> str:
    return f"CAST(substr({src}.date, 1, 4) AS INTEGER)"


def _vivante(src: str) -> str:
    return f"{src}.deleted = 0 AND {src}.date IS NOT NULL AND {src}.jeune_id IS NOT NULL"


def _valeurs(src: str) -> list[str]:
    """0/1 per column of the actualité ``src``."""
    return ([f"COALESCE({src}.type = '{t}', 0)" for t in TYPES]
            + [f"COALESCE({src}.modalite = '{m}', 0)" for m in MODALITES])


def _ajoute(src: str) -> str:
    cols = ", ".join(COLONNES)
    maj = ", ".join(f"{c} = {c} + excluded.{c}" for c in COLONNES)
    return (f"INSERT OR IGNORE INTO {CLES}(jeune_id) SELECT {src}.jeune_id WHERE {_vivante(src)};\n"
            f"INSERT INTO {TABLE}(annee, n, nb, {cols}) SELECT {_annee(src)}, k.n, 1, {', '.join(_valeurs(src))} "
            f"FROM {CLES} k WHERE k.jeune_id = {src}.jeune_id AND {_vivante(src)} "
            f"ON CONFLICT(annee, n) DO UPDATE SET nb = nb + 1, {maj};\n")


def _retire(src: str) -> str:
    cle = f"annee = {_annee(src)} AND n = (SELECT n FROM {CLES} WHERE jeune_id = {src}.jeune_id)"
    moins = ", ".join(f"{c} = {c} - {v}" for c, v in zip(COLONNES, _valeurs(src)))
    return (f"UPDATE {TABLE} SET nb = nb - 1, {moins} WHERE {cle} AND {_vivante(src)};\n"
            f"DELETE FROM {TABLE} WHERE {cle} AND nb <= 0;\n")


def trigger_sql() -> list[str]:
    change = " OR ".join(f"old.{c} IS NOT new.{c}" for c in SUIVIES)
    return [f"CREATE TRIGGER indicateur_types_ai AFTER INSERT ON actualite BEGIN\n{_ajoute('new')}END",
            f"CREATE TRIGGER indicateur_types_au AFTER UPDATE OF {', '.join(SUIVIES)} ON actualite "
            f"WHEN {change} BEGIN\n{_retire('old')}{_ajoute('new')}END",
            f"CREATE TRIGGER indicateur_types_ad AFTER DELETE ON actualite BEGIN\n{_retire('old')}END"]


def rebuild_sql() -> list[str]:
    """Recount every live actualité of a jeune with a key (every live actualité has one: 0011 makes it)."""
    sommes = ", ".join(f"SUM({v})" for v in _valeurs("a"))
    return [f"DELETE FROM {TABLE}",
            f"INSERT INTO {TABLE}(annee, n, nb, {', '.join(COLONNES)}) SELECT {_annee('a')}, k.n, COUNT(*), {sommes} "
            f"FROM actualite a JOIN {CLES} k ON k.jeune_id = a.jeune_id WHERE {_vivante('a')} GROUP BY 1, 2"]


def upgrade() -> None:
    cols = ", ".join(f"{c} INTEGER NOT NULL" for c in COLONNES)
    op.execute(f"CREATE TABLE {TABLE} (annee INTEGER NOT NULL, n INTEGER NOT NULL, nb INTEGER NOT NULL, {cols}, "
               "PRIMARY KEY (annee, n)) WITHOUT ROWID")
    for sql in trigger_sql():
        op.execute(sql)
    for sql in rebuild_sql():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
