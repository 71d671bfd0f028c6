"""Derived structures of the local database, suspended during a bulk load and rebuilt once at its end.

The search index (``jeune_recherche`` FTS5, its keys and list columns ``jeune_recherche_cle``), the indicators'
summaries (``indicateur_*``) and the secondary indexes are kept exact by triggers, row by row. A first restore
writes 100 000 rows and more: :func:`suspendre` drops those triggers and the non-unique indexes of the tables
written (their SQL saved in ``sync_meta`` in the same transaction, so that a crash never loses them), and
:func:`reprendre` recreates them and rebuilds what they maintain with set operations — the same rows as the
triggers would have written, numbered in the same order (rowid order of ``jeune`` for the search keys, of the
first live ``actualite`` of each jeune for the indicators' keys, as the insert triggers number them).

The SQL text of each derived value comes from the migrations that defined it (frozen history: 0002, 0004,
0011, 0016, 0028, 0031), so that the rebuild and the triggers cannot drift apart.
"""
from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from sqlalchemy import Connection

from desktop_app.db.meta import get_meta, set_meta

META_KEY = "derivees_suspendues"  # JSON list of the CREATE statements dropped by suspendre()
_VERSIONS = Path(__file__).with_name("migrations") / "versions"
# The triggers maintaining a derived structure (migrations 0002, 0004, 0005, 0011, 0016, 0028, 0031), on these tables
# (and 0031's on the rendez-vous tables, when a load writes them). Any other
# trigger (a guard refusing a row) stays: rows it refuses are refused during the load too.
TRIGGER_TABLES = ("jeune", "actualite", "jeune_recherche_cle", "indicateur_jeune")
TRIGGERS = ("jeune_recherche_ai", "jeune_recherche_au", "jeune_recherche_au_liste", "jeune_recherche_ad",
            "jeune_recherche_version_ai", "jeune_recherche_version_ad", "jeune_recherche_version_au",
            "indicateur_actualite_ai", "indicateur_actualite_au", "indicateur_actualite_ad", "indicateur_jeune_ad",
            "indicateur_cle_ai", "indicateur_profil_ai", "indicateur_profil_au",
            "indicateur_types_ai", "indicateur_types_au", "indicateur_types_ad",
            # 0031, on rendez_vous and rendez_vous_participant (dropped when a load writes those tables)
            "indicateur_entretien_p_ai", "indicateur_entretien_p_au", "indicateur_entretien_p_ad",
            "indicateur_entretien_r_ai", "indicateur_entretien_r_au", "indicateur_entretien_r_ad",
            "indicateur_rdv_mois_p_ai", "indicateur_rdv_mois_p_au", "indicateur_rdv_mois_p_ad",
            "indicateur_rdv_mois_r_ai", "indicateur_rdv_mois_r_au", "indicateur_rdv_mois_r_ad",
            # 0032, on actualite
            "indicateur_cej_semaine_ai", "indicateur_cej_semaine_au", "indicateur_cej_semaine_ad")


@cache
def _migration(stem: str):
    spec = importlib.util.spec_from_file_location(f"passerelle_migration_{stem[:4]}", _VERSIONS / f"{stem}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def suspendues(conn: Connection) -> bool:
    return bool(get_meta(conn, META_KEY))


def suspendre(conn: Connection, tables: list[str], *, indexes: bool = True) -> None:
    """Drop the derived-structure triggers and the non-unique indexes of ``tables`` (in the caller's
    transaction), their SQL kept in ``sync_meta``. Nothing happens when they are suspended already.
    ``indexes=False``: the triggers only (a copy that brings the indexes' content with the rows)."""
    if suspendues(conn):
        return
    names = sorted(set(tables) | set(TRIGGER_TABLES))
    marks, triggers = ", ".join("?" * len(names)), ", ".join("?" * len(TRIGGERS))
    also = "OR type = 'index' AND upper(sql) NOT LIKE 'CREATE UNIQUE%'" if indexes else ""
    rows = conn.exec_driver_sql(
        f"SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN ({marks}) "
        f"AND (type = 'trigger' AND name IN ({triggers}) {also}) ORDER BY type DESC, name",
        (*names, *TRIGGERS)).all()
    set_meta(conn, META_KEY, json.dumps([r.sql for r in rows]))
    for r in rows:
        conn.exec_driver_sql(f'DROP {r.type.upper()} IF EXISTS "{r.name}"')


def reprendre(conn: Connection, *, rebuild: bool = True) -> None:
    """Rebuild the derived tables from the rows, then recreate the indexes and triggers (caller's
    transaction). Nothing happens when nothing is suspended. ``rebuild=False``: the derived tables were
    written whole meanwhile (a restore image, :mod:`desktop_app.sync.image`): the indexes and triggers only."""
    saved = get_meta(conn, META_KEY)
    if not saved:
        return
    if rebuild:
        _rebuild_search(conn)
        _rebuild_indicators(conn)
        _rebuild_indicator_types(conn)
        _rebuild_entretiens(conn)
        _rebuild_cej_semaines(conn)
    for sql in json.loads(saved):  # indexes first (ORDER BY type DESC), then triggers
        conn.exec_driver_sql(sql)
    set_meta(conn, META_KEY, "")


def _rebuild_search(conn: Connection) -> None:
    m2, m4 = _migration("0002_recherche_jeunes"), _migration("0004_liste_jeunes")
    assert (m2.KEYS, m2.FTS) == ("jeune_recherche_cle", "jeune_recherche")  # named in the SQL below
    conn.exec_driver_sql(f"DELETE FROM jeune_recherche_cle WHERE jeune_id NOT IN (SELECT id FROM jeune)")
    top = conn.exec_driver_sql(f"SELECT coalesce(max(n), 0) FROM jeune_recherche_cle").scalar()
    conn.exec_driver_sql(f"INSERT OR IGNORE INTO jeune_recherche_cle(jeune_id, tri, actif) SELECT id, '', 0 FROM jeune "
                         "ORDER BY rowid")
    columns = ", ".join(m4.LIST_COLUMNS)
    conn.exec_driver_sql(
        f"UPDATE jeune_recherche_cle SET (tri, actif, {columns}) = (SELECT {m2.sort_key('j')}, {m2.active('j')}, "
        f"{', '.join('j.' + c for c in m4.LIST_COLUMNS)} FROM jeune j WHERE j.id = jeune_recherche_cle.jeune_id)")
    conn.exec_driver_sql(f"DELETE FROM jeune_recherche")
    conn.exec_driver_sql(f"INSERT INTO jeune_recherche(rowid, noms, prenoms, telephone, commune) "
                         f"SELECT k.n, {m2.index_values('j')} FROM jeune j JOIN jeune_recherche_cle k ON k.jeune_id = j.id "
                         "ORDER BY k.n")
    # The search's in-memory order is stale (migration 0005, whose triggers were suspended with the others):
    # counted as they count a new key (its insert, then its sort key set), once more for the rows kept.
    bumps = conn.exec_driver_sql(f"SELECT count(*) + sum(tri != '' OR actif != 0) FROM jeune_recherche_cle WHERE n > ?",
                                 (top,)).scalar()
    conn.exec_driver_sql("UPDATE jeune_recherche_version SET v = v + ? WHERE id = 1", (bumps or 1,))


def _rebuild_indicators(conn: Connection) -> None:
    m = _migration("0011_resume_activite")
    assert (m.CLES, m.ACTIVITE, m.ANNEE, m.ACTUALITES) == (
        "indicateur_jeune", "indicateur_activite", "indicateur_annee", "indicateur_actualites")
    live = m._vivante("a")
    conn.exec_driver_sql(f"DELETE FROM indicateur_jeune WHERE jeune_id NOT IN (SELECT id FROM jeune) "
                         f"AND jeune_id NOT IN (SELECT a.jeune_id FROM actualite a WHERE {live})")
    # numbered as the insert trigger does: at each jeune's first live actualité
    conn.exec_driver_sql(f"INSERT OR IGNORE INTO indicateur_jeune(jeune_id) SELECT a.jeune_id FROM actualite a "
                         f"WHERE {live} ORDER BY a.rowid")
    conn.exec_driver_sql(_migration("0016_indicateurs_profil").PROFIL_SQL)  # each key's jeune columns
    conn.exec_driver_sql("DELETE FROM indicateur_activite")
    conn.exec_driver_sql("DELETE FROM indicateur_annee")
    conn.exec_driver_sql("DELETE FROM indicateur_actualites")
    conn.exec_driver_sql(
        f"INSERT INTO indicateur_activite(mois, n, lieu, nb, acc) SELECT {m.mois('a')}, k.n, COALESCE(a.lieu_id, ''), "
        f"COUNT(*), SUM({m._acc('a')}) FROM actualite a JOIN indicateur_jeune k ON k.jeune_id = a.jeune_id "
        f"WHERE {live} GROUP BY 1, 2, 3")
    conn.exec_driver_sql(f"INSERT INTO indicateur_annee(annee, n, nb, acc) SELECT mois / 100, n, SUM(nb), SUM(acc) "
                         f"FROM indicateur_activite GROUP BY 1, 2")
    conn.exec_driver_sql(
        f"INSERT INTO indicateur_actualites(mois, lieu, type, modalite, nb) SELECT {m.mois('a')}, "
        f"COALESCE(a.lieu_id, ''), COALESCE(a.type, ''), COALESCE(a.modalite, ''), COUNT(*) "
        f"FROM actualite a WHERE {live} GROUP BY 1, 2, 3, 4")


def _rebuild_indicator_types(conn: Connection) -> None:
    """The actualités by type and modalité per jeune and year (migration 0028), after the keys are rebuilt."""
    m = _migration("0028_indicateurs_types_annee")
    assert m.TABLE == "indicateur_annee_types" and set(m.TRIGGERS) <= set(TRIGGERS)
    for sql in m.rebuild_sql():
        conn.exec_driver_sql(sql)


def _rebuild_entretiens(conn: Connection) -> None:
    """The honoured individual rendez-vous per jeune and date, the participants by month (migration 0031): a
    recount."""
    m = _migration("0031_indicateurs_cej_agenda")
    assert m.TABLE == "indicateur_entretien" and set(m.TRIGGERS) <= set(TRIGGERS)
    assert m.MOIS == "indicateur_rendez_vous_mois" and set(m.TRIGGERS_MOIS) <= set(TRIGGERS)
    for sql in m.REBUILD_SQL + m.REBUILD_MOIS_SQL:
        conn.exec_driver_sql(sql)


def _rebuild_cej_semaines(conn: Connection) -> None:
    """The actualités' minutes per jeune and ISO week (migration 0032): a recount."""
    m = _migration("0032_indicateurs_cej_semaines")
    assert m.TABLE == "indicateur_cej_semaine" and set(m.TRIGGERS) <= set(TRIGGERS)
    for sql in m.REBUILD_SQL:
        conn.exec_driver_sql(sql)
