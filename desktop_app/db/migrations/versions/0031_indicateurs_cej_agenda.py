"""indicateurs : index couvrants (intensité CEJ, rendez-vous), entretiens et rendez-vous par mois tenus par triggers

Revision ID: 0031
Revises: 0028
Create Date: 2026-12-02 14:40:00

Issue 18 item 4 — a calendar year's indicators on the 100k profile spent most of their time in two places, each
reading table rows of an encrypted database (a page decrypted per row):

* the CEJ intensity read every actualité ever recorded of each jeune in CEJ (``ix_actualite_jeune_id`` then the
  table row, for its date and duration: ≈ 385 ms for 13 000 jeunes), and each CEJ participation's table row for
  its real end and its jeune's row (live, not merged: ≈ 90 ms);
* the delay from the premier accueil to the first entretien probed, for each jeune accueilli (27 000 a year),
  the jeune's table row (its id), its participations' rows (status) and their rendez-vous' rows (date,
  individual or not): ≈ 520 ms.

These covering indexes (partial: live rows only) answer the CEJ reads from the index alone. The delay reads a
local table kept exact by triggers, ``indicateur_entretien`` (jeune_id, date) → nb: the jeune's honoured
participations (live) in live individual rendez-vous (``collectif = 0``) of that date — the first entretien on or
after a premier accueil is one probe into it. Triggers on ``rendez_vous_participant`` (insert; update of jeune,
rendez-vous, statut, deleted; delete) and on ``rendez_vous`` (insert: participants synced before their
rendez-vous; update of date, collectif, deleted; delete), each removing what the rows contributed before and
adding what they contribute after, in the same transaction as every write path; a row falling to 0 is deleted.
``indicateur_rendez_vous_mois`` (structure, month, kind of place, lieu, statut) → live participants of live
rendez-vous, kept the same way by six more triggers: a whole-month period of a scope leaving out few jeunes
reads it, less the participations of the jeunes left out (2026 on the 100k profile: 187 000 participants).
``desktop_app/db/derivees.py`` suspends these triggers around a bulk load and rebuilds the tables with
:data:`REBUILD_SQL` and :data:`REBUILD_MOIS_SQL`; it drops and recreates the indexes with the other non-unique
ones. Local tables: no SQLModel model, never synced. ``ix_jeune_premier_accueil`` (migration 0016) gains the
jeune's id as its last column (same name: the queries name it in ``INDEXED BY``).
"""
from __future__ import annotations

from alembic import op

revision = '0031'
down_revision = '0028'
branch_labels = None
depends_on = None

INDEXES = {
    # the CEJ jeunes' actualités with a duration, by jeune and date (intensite_cej.lectures)
    "ix_actualite_duree": "actualite(jeune_id, date, duree_minutes, atelier_id) WHERE deleted = 0 AND duree_minutes > 0",
    # the CEJ jeunes' situations with weekly hours (2026: 19 000 rows, ≈ 60 → 43 ms)
    "ix_situation_heures": "situation(jeune_id, date_debut, date_fin, heures_hebdo, etat) "
                           "WHERE deleted = 0 AND heures_hebdo > 0",
    # the CEJ periods overlapping a period: type first, then the start, the real end and the jeune
    "ix_dispositif_periodes": "dispositif_participation(type, date_debut, date_fin_reelle, jeune_id) WHERE deleted = 0",
    # the rendez-vous of a period with what their counts by month and kind of place read, and each one's
    # participants with their status (2026 on the 100k profile: 187 000 of each, ≈ 940 → 370 ms)
    "ix_rendez_vous_periode": "rendez_vous(date, structure_id, type_lieu, lieu_id, id) WHERE deleted = 0",
    "ix_rendez_vous_participant_statut": "rendez_vous_participant(rendez_vous_id, statut, jeune_id) WHERE deleted = 0",
    # a jeune by id: live and not merged (the CEJ periods' jeunes: 13 000 probes a year)
    "ix_jeune_vivant": "jeune(id, deleted, fusionne_dans_id)",
}
TABLE = "indicateur_entretien"
TRIGGERS = ("indicateur_entretien_p_ai", "indicateur_entretien_p_au", "indicateur_entretien_p_ad",
            "indicateur_entretien_r_ai", "indicateur_entretien_r_au", "indicateur_entretien_r_ad")
_HONORE = "{p}.deleted = 0 AND {p}.statut = 'honore'"
_INDIVIDUEL = "{r}.deleted = 0 AND {r}.collectif = 0 AND {r}.date IS NOT NULL"
RECOMPTE = (f"SELECT p.jeune_id, r.date, COUNT(*) FROM rendez_vous_participant p "
            f"JOIN rendez_vous r ON r.id = p.rendez_vous_id "
            f"WHERE {_HONORE.format(p='p')} AND {_INDIVIDUEL.format(r='r')} GROUP BY 1, 2")
REBUILD_SQL = (f"DELETE FROM {TABLE}", f"INSERT INTO {TABLE}(jeune_id, date, nb) {RECOMPTE}")


MOIS = "indicateur_rendez_vous_mois"
TRIGGERS_MOIS = ("indicateur_rdv_mois_p_ai", "indicateur_rdv_mois_p_au", "indicateur_rdv_mois_p_ad",
                 "indicateur_rdv_mois_r_ai", "indicateur_rdv_mois_r_au", "indicateur_rdv_mois_r_ad")
_CLE_MOIS = "structure_id, mois, type_lieu, lieu, statut"
RECOMPTE_MOIS = (f"SELECT r.structure_id, substr(r.date, 1, 7), r.type_lieu, COALESCE(r.lieu_id, ''), p.statut, "
                 f"COUNT(*) FROM rendez_vous_participant p JOIN rendez_vous r ON r.id = p.rendez_vous_id "
                 f"WHERE p.deleted = 0 AND r.deleted = 0 GROUP BY 1, 2, 3, 4, 5")
REBUILD_MOIS_SQL = (f"DELETE FROM {MOIS}", f"INSERT INTO {MOIS}({_CLE_MOIS}, nb) {RECOMPTE_MOIS}")


def _mois_participant(p: str, signe: str) -> str:
    """Add or remove what participant row ``p`` contributes to the monthly counts, through its rendez-vous."""
    cle = f"r.structure_id, substr(r.date, 1, 7), r.type_lieu, COALESCE(r.lieu_id, ''), {p}.statut"
    source = f"FROM rendez_vous r WHERE r.id = {p}.rendez_vous_id AND r.deleted = 0 AND {p}.deleted = 0"
    if signe == "+":
        return (f"INSERT INTO {MOIS}({_CLE_MOIS}, nb) SELECT {cle}, 1 {source} "
                f"ON CONFLICT({_CLE_MOIS}) DO UPDATE SET nb = nb + 1;\n")
    ou = f"({_CLE_MOIS}) = (SELECT {cle} {source})"
    return f"UPDATE {MOIS} SET nb = nb - 1 WHERE {ou};\nDELETE FROM {MOIS} WHERE {ou} AND nb <= 0;\n"


def _mois_rendez_vous(r: str, signe: str) -> str:
    """Add or remove what every live participant of rendez-vous row ``r`` contributes, by status."""
    vivants = f"FROM rendez_vous_participant p WHERE p.rendez_vous_id = {r}.id AND p.deleted = 0"
    if signe == "+":
        return (f"INSERT INTO {MOIS}({_CLE_MOIS}, nb) SELECT {r}.structure_id, substr({r}.date, 1, 7), {r}.type_lieu, "
                f"COALESCE({r}.lieu_id, ''), p.statut, COUNT(*) {vivants} AND {r}.deleted = 0 GROUP BY p.statut "
                f"ON CONFLICT({_CLE_MOIS}) DO UPDATE SET nb = nb + excluded.nb;\n")
    ou = (f"structure_id = {r}.structure_id AND mois = substr({r}.date, 1, 7) AND type_lieu = {r}.type_lieu "
          f"AND lieu = COALESCE({r}.lieu_id, '') AND {r}.deleted = 0 AND statut IN (SELECT p.statut {vivants})")
    return (f"UPDATE {MOIS} SET nb = nb - (SELECT COUNT(*) {vivants} AND p.statut = {MOIS}.statut) WHERE {ou};\n"
            f"DELETE FROM {MOIS} WHERE {ou} AND nb <= 0;\n")


def trigger_mois_sql() -> list[str]:
    suivies_p = ("rendez_vous_id", "statut", "deleted")
    suivies_r = ("structure_id", "date", "type_lieu", "lieu_id", "deleted")
    change_p = " OR ".join(f"old.{c} IS NOT new.{c}" for c in suivies_p)
    change_r = " OR ".join(f"old.{c} IS NOT new.{c}" for c in suivies_r)
    return [
        f"CREATE TRIGGER indicateur_rdv_mois_p_ai AFTER INSERT ON rendez_vous_participant BEGIN\n"
        f"{_mois_participant('new', '+')}END",
        f"CREATE TRIGGER indicateur_rdv_mois_p_au AFTER UPDATE OF {', '.join(suivies_p)} ON rendez_vous_participant "
        f"WHEN {change_p} BEGIN\n{_mois_participant('old', '-')}{_mois_participant('new', '+')}END",
        f"CREATE TRIGGER indicateur_rdv_mois_p_ad AFTER DELETE ON rendez_vous_participant BEGIN\n"
        f"{_mois_participant('old', '-')}END",
        f"CREATE TRIGGER indicateur_rdv_mois_r_ai AFTER INSERT ON rendez_vous BEGIN\n{_mois_rendez_vous('new', '+')}END",
        f"CREATE TRIGGER indicateur_rdv_mois_r_au AFTER UPDATE OF {', '.join(suivies_r)} ON rendez_vous "
        f"WHEN {change_r} BEGIN\n{_mois_rendez_vous('old', '-')}{_mois_rendez_vous('new', '+')}END",
        f"CREATE TRIGGER indicateur_rdv_mois_r_ad AFTER DELETE ON rendez_vous BEGIN\n{_mois_rendez_vous('old', '-')}END",
    ]


def creer_mois() -> None:
    op.execute(f"CREATE TABLE {MOIS} (structure_id TEXT NOT NULL, mois TEXT NOT NULL, type_lieu TEXT NOT NULL, "
               f"lieu TEXT NOT NULL, statut TEXT NOT NULL, nb INTEGER NOT NULL, PRIMARY KEY ({_CLE_MOIS})) WITHOUT ROWID")
    for sql in trigger_mois_sql():
        op.execute(sql)
    for sql in REBUILD_MOIS_SQL:
        op.execute(sql)


def _participant(p: str, signe: str) -> str:
    """Add (``+``) or remove (``-``) what participant row ``p`` (old/new) contributes, through its rendez-vous."""
    if signe == "+":
        return (f"INSERT INTO {TABLE}(jeune_id, date, nb) SELECT {p}.jeune_id, r.date, 1 FROM rendez_vous r "
                f"WHERE r.id = {p}.rendez_vous_id AND {_HONORE.format(p=p)} AND {_INDIVIDUEL.format(r='r')} "
                f"ON CONFLICT(jeune_id, date) DO UPDATE SET nb = nb + 1;\n")
    cle = (f"jeune_id = {p}.jeune_id AND date = (SELECT r.date FROM rendez_vous r WHERE r.id = {p}.rendez_vous_id "
           f"AND {_INDIVIDUEL.format(r='r')}) AND {_HONORE.format(p=p)}")
    return f"UPDATE {TABLE} SET nb = nb - 1 WHERE {cle};\nDELETE FROM {TABLE} WHERE {cle} AND nb <= 0;\n"


def _rendez_vous(r: str, signe: str) -> str:
    """Add or remove what every participant of rendez-vous row ``r`` (old/new) contributes."""
    if signe == "+":
        return (f"INSERT INTO {TABLE}(jeune_id, date, nb) SELECT p.jeune_id, {r}.date, COUNT(*) "
                f"FROM rendez_vous_participant p WHERE p.rendez_vous_id = {r}.id AND {_HONORE.format(p='p')} "
                f"AND {_INDIVIDUEL.format(r=r)} GROUP BY p.jeune_id "
                f"ON CONFLICT(jeune_id, date) DO UPDATE SET nb = nb + excluded.nb;\n")
    compte = (f"(SELECT COUNT(*) FROM rendez_vous_participant p WHERE p.rendez_vous_id = {r}.id "
              f"AND p.jeune_id = {TABLE}.jeune_id AND {_HONORE.format(p='p')})")
    # by primary key: the participants' jeunes on that date (a DELETE on the date alone scanned the table)
    cle = (f"date = {r}.date AND {_INDIVIDUEL.format(r=r)} AND jeune_id IN (SELECT p.jeune_id "
           f"FROM rendez_vous_participant p WHERE p.rendez_vous_id = {r}.id AND {_HONORE.format(p='p')})")
    return (f"UPDATE {TABLE} SET nb = nb - {compte} WHERE {cle};\n"
            f"DELETE FROM {TABLE} WHERE {cle} AND nb <= 0;\n")


def trigger_sql() -> list[str]:
    suivies_p = ("jeune_id", "rendez_vous_id", "statut", "deleted")
    suivies_r = ("date", "collectif", "deleted")
    change_p = " OR ".join(f"old.{c} IS NOT new.{c}" for c in suivies_p)
    change_r = " OR ".join(f"old.{c} IS NOT new.{c}" for c in suivies_r)
    return [
        f"CREATE TRIGGER indicateur_entretien_p_ai AFTER INSERT ON rendez_vous_participant BEGIN\n"
        f"{_participant('new', '+')}END",
        f"CREATE TRIGGER indicateur_entretien_p_au AFTER UPDATE OF {', '.join(suivies_p)} ON rendez_vous_participant "
        f"WHEN {change_p} BEGIN\n{_participant('old', '-')}{_participant('new', '+')}END",
        f"CREATE TRIGGER indicateur_entretien_p_ad AFTER DELETE ON rendez_vous_participant BEGIN\n"
        f"{_participant('old', '-')}END",
        f"CREATE TRIGGER indicateur_entretien_r_ai AFTER INSERT ON rendez_vous BEGIN\n{_rendez_vous('new', '+')}END",
        f"CREATE TRIGGER indicateur_entretien_r_au AFTER UPDATE OF {', '.join(suivies_r)} ON rendez_vous "
        f"WHEN {change_r} BEGIN\n{_rendez_vous('old', '-')}{_rendez_vous('new', '+')}END",
        f"CREATE TRIGGER indicateur_entretien_r_ad AFTER DELETE ON rendez_vous BEGIN\n{_rendez_vous('old', '-')}END",
    ]


def ecarts(conn) -> list[str]:
    """Differences between the table and a recount (empty when exact): for tests and diagnostics."""
    resume = {(r[0], r[1]): r[2] for r in conn.exec_driver_sql(f"SELECT jeune_id, date, nb FROM {TABLE}")}
    compte = {(r[0], r[1]): r[2] for r in conn.exec_driver_sql(RECOMPTE)}
    out = [f"entretiens {cle} : table {resume.get(cle)}, recompte {compte.get(cle)}"
           for cle in sorted(set(resume) | set(compte)) if resume.get(cle) != compte.get(cle)]
    resume = {tuple(r[:5]): r[5] for r in conn.exec_driver_sql(f"SELECT {_CLE_MOIS}, nb FROM {MOIS}")}
    compte = {tuple(r[:5]): r[5] for r in conn.exec_driver_sql(RECOMPTE_MOIS)}
    return out + [f"rendez-vous par mois {cle} : table {resume.get(cle)}, recompte {compte.get(cle)}"
                  for cle in sorted(set(resume) | set(compte), key=str) if resume.get(cle) != compte.get(cle)]


def creer_entretiens() -> None:
    op.execute(f"CREATE TABLE {TABLE} (jeune_id TEXT NOT NULL, date TEXT NOT NULL, nb INTEGER NOT NULL, "
               "PRIMARY KEY (jeune_id, date)) WITHOUT ROWID")
    for sql in trigger_sql():
        op.execute(sql)
    for sql in REBUILD_SQL:
        op.execute(sql)


PREMIER_ACCUEIL = ("CREATE INDEX ix_jeune_premier_accueil ON jeune(date_premier_accueil, structure_id, deleted, "
                   "fusionne_dans_id, referent_id, qpv_code{})")


def upgrade() -> None:
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
    op.execute("DROP INDEX IF EXISTS ix_jeune_premier_accueil")
    op.execute(PREMIER_ACCUEIL.format(", id"))
    creer_entretiens()
    creer_mois()


def downgrade() -> None:
    for name in TRIGGERS + TRIGGERS_MOIS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
    op.execute(f"DROP TABLE IF EXISTS {MOIS}")
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP INDEX IF EXISTS ix_jeune_premier_accueil")
    op.execute(PREMIER_ACCUEIL.format(""))
