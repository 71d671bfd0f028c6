"""Demo data: every table filled, believable values, valid links, deterministic, captured for sync, CLI."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from sqlalchemy import text

from desktop_app.cli import main
from desktop_app.db.models import SYNCED_MODELS, Jeune
from desktop_app.services.demo import generation as demo
from desktop_app.services.profil.profile import create_profile
from desktop_app.sync.capture import bulk_insert

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def filled(profile):
    counts = demo.fill(profile, jeunes=120, seed=7, today=TODAY)
    return profile, counts


def _rows(profile, sql: str, **params):
    with profile.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_every_synced_table_gets_rows_and_counts_match(filled):
    profile, counts = filled
    for model in SYNCED_MODELS:
        n = _rows(profile, f"SELECT count(*) FROM {model.__tablename__}")[0][0]
        assert n > 0, f"table {model.__tablename__} vide"
    for model, label in demo.LABELS.items():
        n = _rows(profile, f"SELECT count(*) FROM {model.__tablename__}")[0][0]
        assert n >= counts[label], label
    assert counts["Jeunes"] == 120
    assert 6 <= counts["Actualités"] / counts["Jeunes"] <= 14  # about ten per jeune


def test_foreign_keys_are_valid(filled):
    profile, _ = filled
    assert _rows(profile, "PRAGMA foreign_key_check") == []


def test_jeunes_look_real(filled):
    profile, _ = filled
    rows = _rows(profile, "SELECT prenoms, nom_naissance, date_naissance, code_postal, code_insee, qpv_code, "
                          "qpv_nom, telephone FROM jeune")
    ages = [(TODAY - dt.date.fromisoformat(r.date_naissance)).days // 365 for r in rows]
    assert all(15 <= a <= 26 for a in ages)
    assert sum(16 <= a <= 25 for a in ages) >= 0.85 * len(ages)
    names = " ".join(f"{r.prenoms} {r.nom_naissance}" for r in rows)
    assert any(unicodedata.category(ch) == "Ll" and not ch.isascii() for ch in names)  # é, ï, ë…
    assert "'" in names and "-" in names
    assert all(re.fullmatch(r"\d{5}", r.code_postal) and re.fullmatch(r"\d{5}", r.code_insee) for r in rows)
    qpv = [r for r in rows if r.qpv_code]
    assert 0.1 * len(rows) < len(qpv) < 0.6 * len(rows)
    assert all(re.fullmatch(r"QN0\d{5}", r.qpv_code) and r.qpv_nom for r in qpv)
    from desktop_app.domain.validation import normalize_phone

    assert all(re.fullmatch(r"\+33(6[0-24-8]|7[3-9])\d{7}", r.telephone) for r in rows)
    assert all(normalize_phone(r.telephone) == r.telephone for r in rows[:200])  # stored as the app stores them


def test_timeline_is_consistent(filled):
    profile, _ = filled
    # No actualité before the first reception nor after the reference day; last contact is the latest one.
    bad = _rows(profile, "SELECT count(*) FROM actualite a JOIN jeune j ON j.id = a.jeune_id "
                         "WHERE a.date < j.date_premier_accueil OR a.date > :today", today=TODAY.isoformat())
    assert bad[0][0] == 0
    mismatch = _rows(profile, "SELECT count(*) FROM jeune j WHERE j.date_dernier_contact != "
                              "(SELECT max(date) FROM actualite a WHERE a.jeune_id = j.id)")
    assert mismatch[0][0] == 0
    durable = _rows(profile, "SELECT count(*) FROM situation WHERE type_contrat = 'cdi' "
                             "OR (type_contrat = 'cdd' AND duree_contrat_mois >= 6)")
    assert durable[0][0] > 0
    sensitive = _rows(profile, "SELECT count(*) FROM frein WHERE theme IN ('sante', 'justice') AND item IS NOT NULL")
    assert sensitive[0][0] == 0  # CNIL: yes/no only


def test_every_demo_row_has_its_outbox_entry(filled):
    profile, _ = filled
    for model in SYNCED_MODELS:
        table = model.__tablename__
        orphans = _rows(profile, f"SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM outbox o "
                                 f"WHERE o.table_name = :t AND o.row_id = t.id AND o.hlc = t.hlc)", t=table)
        assert orphans[0][0] == 0, table


def _content(profile):
    """What a seed decides: the people and their timelines, without ids, clocks or timestamps."""
    jeunes = _rows(profile, "SELECT nom_naissance, prenoms, date_naissance, commune, qpv_code, logement, "
                            "permis, statut, date_dernier_contact FROM jeune ORDER BY 1, 2, 3, 9")
    actualites = _rows(profile, "SELECT a.date, a.type, a.modalite, a.duree_minutes, a.note, j.nom_naissance, "
                                "j.prenoms FROM actualite a JOIN jeune j ON j.id = a.jeune_id ORDER BY 6, 7, 1, 2, 3, 4, 5")
    return jeunes, actualites


def test_same_seed_same_data_other_seed_other_data(tmp_path, filled):
    profile, counts = filled

    def other(seed, name):
        p = create_profile(tmp_path / name, structure_nom="ML", user_nom="Bénard", role="conseiller")
        try:
            return demo.fill(p, jeunes=120, seed=seed, today=TODAY), _content(p)
        finally:
            p.close()

    same_counts, same = other(7, "meme")
    assert same_counts == counts
    assert same == _content(profile)
    _, different = other(8, "autre")
    assert different[0] != same[0]


def test_bulk_insert_stores_what_the_orm_stores(profile):
    """Dates, booleans, JSON and timestamps must be stored identically by both write paths."""
    values = dict(structure_id=profile.structure_id, nom_naissance="Aït-Ali", prenoms="Yanis", sexe="H",
                  date_naissance=dt.date(2004, 2, 29), zrr=True, rqth=False, nombre_enfants=0,
                  date_premier_accueil=dt.date(2025, 1, 6))
    with profile.session() as s:
        orm = Jeune(**values)
        s.add(orm)
        s.commit()
        bulk_insert(s, Jeune, [values])
        s.commit()
    columns = [c.name for c in Jeune.__table__.columns if c.name not in ("id", "hlc")]
    select = ", ".join(f"typeof({c}), CASE WHEN {c} LIKE '____-__-__ %' THEN length({c}) ELSE {c} END"
                       if c in ("created_at", "updated_at") else f"typeof({c}), {c}" for c in columns)
    rows = _rows(profile, f"SELECT {select} FROM jeune WHERE nom_naissance = 'Aït-Ali' ORDER BY hlc")
    assert len(rows) == 2
    assert rows[0] == rows[1]


def test_cli_demo_then_info(tmp_path, capsys):
    directory = tmp_path / "cli"
    assert main(["--profile", str(directory), "demo", "--jeunes", "50", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Jeunes : 50" in out and "Actualités : " in out
    assert main(["--profile", str(directory), "info"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"jeune\s*:\s*50\b", out)
    assert re.search(r"actualite\s*:\s*\d{3}", out)


def test_large_fill_rebuilds_every_index_it_deferred(profile, monkeypatch):
    """A big fill drops the secondary indexes of empty tables for speed: all must be back, and consistent."""
    from desktop_app.services.demo import generation as demo

    def indexes():
        with profile.engine.connect() as conn:
            return set(conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all())

    before = indexes()
    monkeypatch.setattr(demo, "DEFER_INDEXES_FROM", 10)
    demo.fill(profile, jeunes=30, seed=3)
    assert indexes() == before
    with profile.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        used = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM actualite WHERE jeune_id = 'x'").all()
    assert any("INDEX" in str(row) for row in used)


def test_large_fill_suspends_the_derived_structures_and_rebuilds_them_as_the_triggers_would(tmp_path, monkeypatch):
    """A big fill writes with the search and indicator triggers suspended and rebuilds once at the end: the
    search index, list keys and indicators equal those of the same seed written row by row with the triggers,
    each summary equals its recount, and every trigger is back."""
    import importlib

    from desktop_app.db import derivees
    from desktop_app.services.indicateurs import resume
    from desktop_app.services.indicateurs.calcul import Perimetre, Periode, calculer

    def built(name, defer):
        monkeypatch.setattr(demo, "DEFER_INDEXES_FROM", defer)
        p = create_profile(tmp_path / name, structure_nom="ML", user_nom="Bénard", role="conseiller")
        try:
            demo.fill(p, jeunes=40, seed=5, today=TODAY)
            with p.engine.connect() as conn:
                assert not derivees.suspendues(conn)
                assert resume.ecarts(conn) == []
                for stem in ("0031_indicateurs_cej_agenda", "0032_indicateurs_cej_semaines"):
                    migration = importlib.import_module(f"desktop_app.db.migrations.versions.{stem}")
                    assert migration.ecarts(conn) == [], stem
                triggers = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
                search = conn.exec_driver_sql(
                    "SELECT j.nom_naissance, j.prenoms, j.date_naissance, k.tri, k.actif, r.noms, r.prenoms, "
                    "r.telephone, r.commune FROM jeune j JOIN jeune_recherche_cle k ON k.jeune_id = j.id "
                    "JOIN jeune_recherche r ON r.rowid = k.n ORDER BY 1, 2, 3").all()
                found = conn.exec_driver_sql(
                    "SELECT count(*) FROM jeune_recherche WHERE jeune_recherche MATCH 'noms:a* OR prenoms:a*'").scalar()
            year = calculer(p, Periode.annee(TODAY.year), Perimetre(p.structure_id))
            figures = [(t.cle, [(line.libelle, line.valeurs) for line in t.lignes]) for t in year.tableaux]
            return triggers, search, found, figures
        finally:
            p.close()

    triggers, search, found, figures = built("ligne-a-ligne", 10_000)
    bulk_triggers, bulk_search, bulk_found, bulk_figures = built("en-masse", 10)
    assert set(derivees.TRIGGERS) & triggers and bulk_triggers == triggers
    assert len(search) == 40 and found > 0
    assert (bulk_search, bulk_found) == (search, found)
    assert bulk_figures == figures


def test_one_directory_for_auto_ecoles_parrains_and_emploi(filled):
    """The demo's driving schools are partners of type « auto-école », the parrains' employers demo companies,
    and the recruitment day's companies the directory's own (one partner per name)."""
    profile, _ = filled
    ecoles = _rows(profile, "SELECT a.nom, p.nom, p.type FROM auto_ecole a LEFT JOIN partenaire p "
                            "ON p.id = a.partenaire_id")
    assert ecoles and all(nom == partner and type_ == "auto_ecole" for nom, partner, type_ in ecoles)
    parrains = _rows(profile, "SELECT r.statut, r.employeur_reseau, p.nom, p.type FROM parrain r "
                              "LEFT JOIN partenaire p ON p.id = r.partenaire_id")
    linked = [r for r in parrains if r[2] is not None]
    assert linked and all(employeur == nom for _s, employeur, nom, _t in linked)
    assert all(statut == "benevole_retraite" for statut, _e, nom, _t in parrains if nom is None)
    assert {t for *_r, t in linked} <= {"entreprise", "interim", "collectivite", "fondation"}
    assert _rows(profile, "SELECT nom FROM partenaire GROUP BY nom HAVING count(*) > 1") == []
    hosts = _rows(profile, "SELECT DISTINCT p.nom FROM evenement_entreprise e JOIN partenaire p "
                           "ON p.id = e.partenaire_id")
    assert ("Transports Lemaire",) in hosts
    assert _rows(profile, "SELECT count(*) FROM situation WHERE employeur = 'Transports Lemaire' "
                          "AND partenaire_id IS NULL") == [(0,)]
