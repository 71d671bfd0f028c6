"""indicateurs : minutes d'actualités par jeune et semaine ISO (intensité CEJ), tenues par triggers

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-02 17:20:00

Issue 18 item 4 — the CEJ intensity of a calendar year read every actualité with a duration of each jeune in CEJ
(2026 on the 100k profile: 177 000 rows returned one by one, summed per (jeune, week) in Python), although almost
every week's minutes only matter for a jeune who also has other activity that week (a situation's hours, an
atelier): alone, an actualités' week rarely reaches the 15 h floor.

``indicateur_cej_semaine`` (jeune_id, lundi) → minutes: the durations of the live actualités with a duration and
no atelier (``deleted = 0 AND duree_minutes > 0 AND atelier_id IS NULL``), by the Monday of their ISO week —
exactly what the intensity sums for them (an actualité of an atelier is counted unless the jeune is marked present
at the session: it depends on ``atelier_participation``, so those few rows are read from ``actualite`` through
``ix_actualite_cej_atelier``). The partial index ``ix_indicateur_cej_semaine_seuil`` holds the weeks reaching
the floor alone (``minutes >= 900``): the indicator reads those, and by primary key the weeks whose other
minutes (situations, ateliers) are under the floor, never the others. Three triggers on ``actualite`` (insert; update of jeune, date, duration, atelier,
deleted; delete), each removing what the row contributed before and adding what it contributes after; a week
falling to 0 minutes is deleted. ``desktop_app/db/derivees.py`` suspends them around a bulk load and rebuilds the
table with :data:`REBUILD_SQL`. Local table: no SQLModel model, never synced.
"""
from __future__ import annotations

from alembic import op

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None

TABLE = "indicateur_cej_semaine"
SEUIL_MINUTES = 900  # domain.intensite_cej.SEUIL_MINUTES when written (the partial index's condition)
INDEX_SEUIL = "ix_indicateur_cej_semaine_seuil"
TRIGGERS = ("indicateur_cej_semaine_ai", "indicateur_cej_semaine_au", "indicateur_cej_semaine_ad")
INDEXES = {
    # the actualités of an atelier with a duration, by date (the intensity's reads of those not in the table)
    "ix_actualite_cej_atelier": "actualite(date, jeune_id, duree_minutes, atelier_id) "
                                "WHERE deleted = 0 AND duree_minutes > 0 AND atelier_id IS NOT NULL",
}
_COMPTE = "{a}.deleted = 0 AND {a}.duree_minutes > 0 AND {a}.atelier_id IS NULL"
LUNDI = "date(substr({a}.date, 1, 10), 'weekday 0', '-6 days')"  # the Monday of the ISO week of the date
_LIGNE = f"{_COMPTE} AND {LUNDI} IS NOT NULL"
RECOMPTE = (f"SELECT a.jeune_id, {LUNDI.format(a='a')}, SUM(a.duree_minutes) FROM actualite a "
            f"WHERE {_LIGNE.format(a='a')} GROUP BY 1, 2")
REBUILD_SQL = (f"DELETE FROM {TABLE}", f"INSERT INTO {TABLE}(jeune_id, lundi, minutes) {RECOMPTE}")


def _ajout(a: str) -> str:
    return (f"INSERT INTO {TABLE}(jeune_id, lundi, minutes) SELECT {a}.jeune_id, {LUNDI.format(a=a)}, "
            f"{a}.duree_minutes WHERE {_LIGNE.format(a=a)} "
            f"ON CONFLICT(jeune_id, lundi) DO UPDATE SET minutes = minutes + excluded.minutes;\n")


def _retrait(a: str) -> str:
    cle = f"jeune_id = {a}.jeune_id AND lundi = {LUNDI.format(a=a)} AND {_LIGNE.format(a=a)}"
    return (f"UPDATE {TABLE} SET minutes = minutes - {a}.duree_minutes WHERE {cle};\n"
            f"DELETE FROM {TABLE} WHERE {cle} AND minutes <= 0;\n")


def trigger_sql() -> list[str]:
    suivies = ("jeune_id", "date", "duree_minutes", "atelier_id", "deleted")
    change = " OR ".join(f"old.{c} IS NOT new.{c}" for c in suivies)
    return [
        f"CREATE TRIGGER indicateur_cej_semaine_ai AFTER INSERT ON actualite BEGIN\n{_ajout('new')}END",
        f"CREATE TRIGGER indicateur_cej_semaine_au AFTER UPDATE OF {', '.join(suivies)} ON actualite "
        f"WHEN {change} BEGIN\n{_retrait('old')}{_ajout('new')}END",
        f"CREATE TRIGGER indicateur_cej_semaine_ad AFTER DELETE ON actualite BEGIN\n{_retrait('old')}END",
    ]


def ecarts(conn) -> list[str]:
    """Differences between the table and a recount (empty when exact): for tests and diagnostics."""
    resume = {(r[0], r[1]): r[2] for r in conn.exec_driver_sql(f"SELECT jeune_id, lundi, minutes FROM {TABLE}")}
    compte = {(r[0], r[1]): r[2] for r in conn.exec_driver_sql(RECOMPTE)}
    return [f"semaines CEJ {cle} : table {resume.get(cle)}, recompte {compte.get(cle)}"
            for cle in sorted(set(resume) | set(compte)) if resume.get(cle) != compte.get(cle)]


def upgrade() -> None:
    op.execute(f"CREATE TABLE {TABLE} (jeune_id TEXT NOT NULL, lundi TEXT NOT NULL, minutes INTEGER NOT NULL, "
               "PRIMARY KEY (jeune_id, lundi)) WITHOUT ROWID")
    for sql in REBUILD_SQL:
        op.execute(sql)
    op.execute(f"CREATE INDEX {INDEX_SEUIL} ON {TABLE}(lundi, jeune_id, minutes) WHERE minutes >= {SEUIL_MINUTES}")
    for sql in trigger_sql():
        op.execute(sql)
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
