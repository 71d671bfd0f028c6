"""indicateurs : résumé mensuel de l'activité par jeune, tenu exact par triggers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 23:30:00

The funders' indicators of a year read ~275 000 actualités and took the distinct jeunes of them on 36-character
UUID keys (issue 7: 0.65–3 s for a year, target 0.5 s). These four local tables summarise the live actualités
by calendar month, on small integer keys, and are kept exact by SQLite triggers on ``actualite`` — so every write
path is covered in the same transaction: ORM flushes, bulk inserts, rows applied by sync, anonymisation,
erasure, merges of duplicates, raw SQL.

* ``indicateur_jeune``: ``n`` (INTEGER PRIMARY KEY, never reused while the row exists) ↔ ``jeune_id``. Its own
  numbering, NOT ``jeune``'s implicit rowid, which VACUUM or a table copy may renumber. A row is added by the
  first live actualité of a jeune (even before the jeune row itself, as a sync page may order them), removed
  when the jeune row is physically deleted (erasure).
* ``indicateur_activite`` (mois, n, lieu) → nb, acc: the live actualités of jeune ``n`` in month ``mois``
  (AAAAMM integer) at ``lieu`` (``lieu_id`` or '' when none), and how many of them are of an *accompagnement*
  type (``ACCOMPAGNEMENT`` below: « accompagné = at least one entretien individuel, information collective or
  atelier »; changing that definition means a migration that rebuilds this table).
* ``indicateur_annee`` (annee, n) → nb, acc: the same per calendar year, every lieu together — a year's jeunes
  en contact are then one row each, joined without any grouping (the most asked period of the funders).
* ``indicateur_actualites`` (mois, lieu, type, modalite) → nb: live actualités by month, lieu, type and
  modalité ('' when none), every jeune together (the indicators subtract those of the jeunes outside the scope).

A live actualité is one with ``deleted = 0`` and a date. Rows whose count falls to 0 are deleted. These are
local tables: no SQLModel model, so the outbox capture never sees them and sync never sends them; a restored or
re-synced profile rebuilds them through the same triggers. A migration that RECREATES ``actualite`` (batch mode)
drops the triggers: call ``create_triggers()`` and ``rebuild()`` of this module again from it.
"""
from __future__ import annotations

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

CLES = "indicateur_jeune"
ACTIVITE = "indicateur_activite"
ANNEE = "indicateur_annee"
ACTUALITES = "indicateur_actualites"
ACCOMPAGNEMENT = ("entretien_individuel", "information_collective", "atelier")
TRIGGERS = ("indicateur_actualite_ai", "indicateur_actualite_au", "indicateur_actualite_ad", "indicateur_jeune_ad")
SUIVIES = ("jeune_id", "date", "type", "modalite", "lieu_id", "deleted")


def mois(src: str) -> str:
    """AAAAMM integer of ``src.date`` (stored 'AAAA-MM-JJ')."""
    return f"(CAST(substr({src}.date, 1, 4) AS INTEGER) * 100 + CAST(substr({src}.date, 6, 2) AS INTEGER))"


def _acc(src: str) -> str:
    types = ", ".join(f"'{t}'" for t in ACCOMPAGNEMENT)
    return f"COALESCE({src}.type IN ({types}), 0)"


def _vivante(src: str) -> str:
    return f"{src}.deleted = 0 AND {src}.date IS NOT NULL AND {src}.jeune_id IS NOT NULL"


def _ajoute(src: str) -> str:
    """Statements counting the actualité ``src`` (when live) in both summaries."""
    lieu = f"COALESCE({src}.lieu_id, '')"
    return (
        f"INSERT OR IGNORE INTO {CLES}(jeune_id) SELECT {src}.jeune_id WHERE {_vivante(src)};\n"
        f"INSERT INTO {ACTIVITE}(mois, n, lieu, nb, acc) SELECT {mois(src)}, k.n, {lieu}, 1, {_acc(src)} "
        f"FROM {CLES} k WHERE k.jeune_id = {src}.jeune_id AND {_vivante(src)} "
        f"ON CONFLICT(mois, n, lieu) DO UPDATE SET nb = nb + 1, acc = acc + excluded.acc;\n"
        f"INSERT INTO {ANNEE}(annee, n, nb, acc) SELECT CAST(substr({src}.date, 1, 4) AS INTEGER), k.n, 1, "
        f"{_acc(src)} FROM {CLES} k WHERE k.jeune_id = {src}.jeune_id AND {_vivante(src)} "
        f"ON CONFLICT(annee, n) DO UPDATE SET nb = nb + 1, acc = acc + excluded.acc;\n"
        f"INSERT INTO {ACTUALITES}(mois, lieu, type, modalite, nb) SELECT {mois(src)}, {lieu}, "
        f"COALESCE({src}.type, ''), COALESCE({src}.modalite, ''), 1 WHERE {_vivante(src)} "
        f"ON CONFLICT(mois, lieu, type, modalite) DO UPDATE SET nb = nb + 1;\n"
    )


def _retire(src: str) -> str:
    """Statements taking the actualité ``src`` (when it was live) out of both summaries."""
    cle = (f"mois = {mois(src)} AND lieu = COALESCE({src}.lieu_id, '') "
           f"AND n = (SELECT n FROM {CLES} WHERE jeune_id = {src}.jeune_id)")
    annee = (f"annee = CAST(substr({src}.date, 1, 4) AS INTEGER) "
             f"AND n = (SELECT n FROM {CLES} WHERE jeune_id = {src}.jeune_id)")
    groupe = (f"mois = {mois(src)} AND lieu = COALESCE({src}.lieu_id, '') AND type = COALESCE({src}.type, '') "
              f"AND modalite = COALESCE({src}.modalite, '')")
    return (
        f"UPDATE {ACTIVITE} SET nb = nb - 1, acc = acc - {_acc(src)} WHERE {cle} AND {_vivante(src)};\n"
        f"DELETE FROM {ACTIVITE} WHERE {cle} AND nb <= 0;\n"
        f"UPDATE {ANNEE} SET nb = nb - 1, acc = acc - {_acc(src)} WHERE {annee} AND {_vivante(src)};\n"
        f"DELETE FROM {ANNEE} WHERE {annee} AND nb <= 0;\n"
        f"UPDATE {ACTUALITES} SET nb = nb - 1 WHERE {groupe} AND {_vivante(src)};\n"
        f"DELETE FROM {ACTUALITES} WHERE {groupe} AND nb <= 0;\n"
    )


def create_triggers() -> None:
    change = " OR ".join(f"old.{c} IS NOT new.{c}" for c in SUIVIES)
    op.execute(f"CREATE TRIGGER indicateur_actualite_ai AFTER INSERT ON actualite BEGIN\n{_ajoute('new')}END")
    op.execute(f"CREATE TRIGGER indicateur_actualite_au AFTER UPDATE OF {', '.join(SUIVIES)} ON actualite "
               f"WHEN {change} BEGIN\n{_retire('old')}{_ajoute('new')}END")
    op.execute(f"CREATE TRIGGER indicateur_actualite_ad AFTER DELETE ON actualite BEGIN\n{_retire('old')}END")
    op.execute(f"CREATE TRIGGER indicateur_jeune_ad AFTER DELETE ON jeune BEGIN\n"
               f"DELETE FROM {CLES} WHERE jeune_id = old.id;\nEND")


def drop_triggers() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild() -> None:
    """Recount every live actualité (used on upgrade; safe to run again). Keys are numbered in the order of the
    jeunes' rows, then any jeune id only an actualité names."""
    op.execute(f"DELETE FROM {ACTIVITE}")
    op.execute(f"DELETE FROM {ANNEE}")
    op.execute(f"DELETE FROM {ACTUALITES}")
    op.execute(f"DELETE FROM {CLES} WHERE jeune_id NOT IN (SELECT id FROM jeune)")
    op.execute(f"INSERT OR IGNORE INTO {CLES}(jeune_id) SELECT id FROM jeune ORDER BY rowid")
    op.execute(f"INSERT OR IGNORE INTO {CLES}(jeune_id) SELECT a.jeune_id FROM actualite a "
               f"WHERE {_vivante('a')} AND NOT EXISTS (SELECT 1 FROM jeune j WHERE j.id = a.jeune_id)")
    op.execute(f"INSERT INTO {ACTIVITE}(mois, n, lieu, nb, acc) SELECT {mois('a')}, k.n, COALESCE(a.lieu_id, ''), "
               f"COUNT(*), SUM({_acc('a')}) FROM actualite a JOIN {CLES} k ON k.jeune_id = a.jeune_id "
               f"WHERE {_vivante('a')} GROUP BY 1, 2, 3")
    op.execute(f"INSERT INTO {ANNEE}(annee, n, nb, acc) SELECT mois / 100, n, SUM(nb), SUM(acc) FROM {ACTIVITE} "
               f"GROUP BY 1, 2")
    op.execute(f"INSERT INTO {ACTUALITES}(mois, lieu, type, modalite, nb) SELECT {mois('a')}, "
               f"COALESCE(a.lieu_id, ''), COALESCE(a.type, ''), COALESCE(a.modalite, ''), COUNT(*) "
               f"FROM actualite a WHERE {_vivante('a')} GROUP BY 1, 2, 3, 4")


def upgrade() -> None:
    op.execute(f"CREATE TABLE {CLES} (n INTEGER PRIMARY KEY, jeune_id VARCHAR(36) NOT NULL UNIQUE)")
    op.execute(f"CREATE TABLE {ACTIVITE} (mois INTEGER NOT NULL, n INTEGER NOT NULL, lieu TEXT NOT NULL, "
               "nb INTEGER NOT NULL, acc INTEGER NOT NULL, PRIMARY KEY (mois, n, lieu)) WITHOUT ROWID")
    op.execute(f"CREATE TABLE {ANNEE} (annee INTEGER NOT NULL, n INTEGER NOT NULL, nb INTEGER NOT NULL, "
               "acc INTEGER NOT NULL, PRIMARY KEY (annee, n)) WITHOUT ROWID")
    op.execute(f"CREATE TABLE {ACTUALITES} (mois INTEGER NOT NULL, lieu TEXT NOT NULL, type TEXT NOT NULL, "
               "modalite TEXT NOT NULL, nb INTEGER NOT NULL, PRIMARY KEY (mois, lieu, type, modalite)) WITHOUT ROWID")
    create_triggers()
    rebuild()


def downgrade() -> None:
    drop_triggers()
    for table in (ACTUALITES, ANNEE, ACTIVITE, CLES):
        op.execute(f"DROP TABLE IF EXISTS {table}")
