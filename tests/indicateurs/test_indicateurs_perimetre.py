"""Scope of the indicators: a lieu narrows the auto-école and parrainage tables to the jeunes suivis there, and
``passerelle report`` takes the scope options of the Statistiques screen (lieu, référent, QPV)."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlmodel import select

from desktop_app.db.models import Actualite, ParcoursAutoEcole, Utilisateur
from desktop_app.domain.errors import UserError
from desktop_app.services.indicateurs.calcul import Perimetre, Periode, calculer, perimetre_depuis
from tests.support.indicateurs import valeurs

D = dt.date
ANNEE = Periode.annee(2025)


def _au_lieu(profile, lieu_id, periode=ANNEE):
    return calculer(profile, periode, Perimetre(profile.structure_id, lieu_id=lieu_id))


def test_un_lieu_restreint_auto_ecole_et_parrainage_aux_jeunes_suivis_a_ce_lieu(profile, donnees):
    agence, autre = donnees["agence"], donnees["autre_lieu"]
    # A (parcours d'auto-école): entretien at the agence on 10/03/2025, then an actualité at the other lieu on
    # 01/04/2025 — suivie at the other lieu at the end of 2025. B (parrainage): médiation at the other lieu on
    # 05/05/2025; its entretien at the agence on 01/06/2025 is tombstoned, so it does not count.
    a_l_agence, a_l_autre = _au_lieu(profile, agence), _au_lieu(profile, autre)
    assert valeurs(a_l_agence, "auto_ecole")["parcours"] == 0
    assert valeurs(a_l_agence, "parrainage") == {"formes": 0, "en_cours": 0, "termines": 0, "positives": 0}
    assert valeurs(a_l_agence, "parrainage_issues")["cdi"] == 0
    ae = valeurs(a_l_autre, "auto_ecole")
    assert (ae["parcours"], ae["code_reussis"], ae["permis_reussis"], ae["financements"]) == (1, 1, 1, 1000.0)
    assert valeurs(a_l_autre, "parrainage") == {"formes": 1, "en_cours": 0, "termines": 1, "positives": 1}
    assert "jeunes suivis à ce lieu" in a_l_autre.tableau("auto_ecole").definition
    assert "jeunes suivis à ce lieu" not in calculer(profile, ANNEE).tableau("auto_ecole").definition
    # as of the end of the 1st quarter, A's latest actualité at a lieu was the agence one: A belongs there
    t1 = Periode.trimestre(2025, 1)
    assert valeurs(_au_lieu(profile, agence, t1), "auto_ecole")["parcours"] == 1  # started 15/01/2025
    assert valeurs(_au_lieu(profile, autre, t1), "auto_ecole")["parcours"] == 0
    # each jeune counts at one lieu at most: the lieux together never exceed the whole structure
    tout = valeurs(calculer(profile, ANNEE), "auto_ecole")["parcours"]
    assert valeurs(a_l_agence, "auto_ecole")["parcours"] + valeurs(a_l_autre, "auto_ecole")["parcours"] == tout


def test_un_jeune_jamais_vu_dans_un_lieu_n_est_compte_a_aucun(profile, donnees):
    with profile.session() as s:
        parcours = s.exec(select(ParcoursAutoEcole)).one()
        for act in s.exec(select(Actualite).where(Actualite.jeune_id == parcours.jeune_id)).all():
            act.lieu_id = None
        s.commit()
    for lieu in (donnees["agence"], donnees["autre_lieu"]):
        assert valeurs(_au_lieu(profile, lieu), "auto_ecole")["parcours"] == 0
    assert valeurs(calculer(profile, ANNEE), "auto_ecole")["parcours"] == 1


def test_perimetre_depuis_les_noms(profile, donnees):
    p = perimetre_depuis(profile, lieu="tilleuls")
    assert (p.lieu_id, p.libelle) == (donnees["autre_lieu"], "Lieu : Centre social Les Tilleuls")
    p = perimetre_depuis(profile, referent="amelie lefevre", qpv=True)
    assert p.conseiller_id == profile.user_id and p.qpv_seulement
    assert p.libelle == "Référent : Amélie Lefèvre — jeunes résidant en QPV"
    assert perimetre_depuis(profile, lieu=donnees["agence"]).lieu_id == donnees["agence"]
    assert perimetre_depuis(profile).libelle == "Toute la structure"
    with pytest.raises(UserError, match="Aucun lieu ne correspond à « Gare ». Lieux possibles : .*« Centre social Les Tilleuls »"):
        perimetre_depuis(profile, lieu="Gare")
    with profile.session() as s:
        s.add(Utilisateur(structure_id=profile.structure_id, nom="Lefèvre", prenom="Marc", role="conseiller"))
        s.commit()
    with pytest.raises(UserError, match="Plusieurs référents correspondent à « lefevre »"):
        perimetre_depuis(profile, referent="lefevre")


def test_cli_report_avec_lieu_referent_et_qpv(profile, donnees, profile_dir, tmp_path, capsys):
    from pypdf import PdfReader

    from desktop_app.cli import main

    def texte(pdf):
        brut = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
        return " ".join(brut.replace("\u202f", " ").split())

    with pytest.raises(SystemExit):
        main(["report", "--help"])
    aide = " ".join(capsys.readouterr().out.split())
    assert "--lieu LIEU" in aide and "--referent CONSEILLER" in aide and "afficher cette aide" in aide
    assert "seulement les jeunes dont ce conseiller est le référent" in aide

    out = tmp_path / "lieu.pdf"
    args = ["--profile", str(profile_dir), "report", "--from", "2025-01-01", "--to", "2025-12-31", "-o", str(out)]
    assert main([*args, "--lieu", "Tilleuls"]) == 0
    t = texte(out)
    assert "Périmètre : Lieu : Centre social Les Tilleuls" in t
    assert "Jeunes en contact 3" in t  # A (autre), B (médiation), C (atelier) had an actualité there
    assert "Parcours commencés 1" in t and "Binômes formés 1" in t

    assert main([*args, "--referent", "Lefèvre", "--qpv"]) == 0
    t = texte(out)
    assert "Périmètre : Référent : Amélie Lefèvre — jeunes résidant en QPV" in t
    assert "Jeunes en contact 1" in t  # A: the only jeune of this référent, living in a QPV

    assert main([*args, "--lieu", "Gare"]) == 1
    assert "Aucun lieu ne correspond à « Gare »" in capsys.readouterr().err

    csv_out = tmp_path / "i.csv"
    assert main(["--profile", str(profile_dir), "export", "indicateurs", "--from", "2025-01-01", "--to",
                 "2025-12-31", "--lieu", "agence", "-o", str(csv_out)]) == 0
    assert "Jeunes en contact;1" in csv_out.read_text(encoding="utf-8-sig")


def test_le_lieu_de_suivi_est_lu_une_fois_par_jeune_dans_l_index_des_actualites_a_un_lieu(profile, donnees):
    """The jeunes suivis at the lieu are worked out once per jeune of each table (``temp.ind_suivi``), each in one
    step of the partial index of migration 0035 — no sort, no table row — and a same-day tie goes to the latest
    created actualité."""
    from sqlalchemy import event

    from desktop_app.services.jeunes import chronologie as timeline

    agence, autre = donnees["agence"], donnees["autre_lieu"]
    plans: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany):
        if "ind_suivi (id, dedans)" in statement:
            plans.append(" ".join(str(r) for r in conn.connection.driver_connection.execute(
                "EXPLAIN QUERY PLAN " + statement, parameters).fetchall()))

    event.listen(profile.engine, "before_cursor_execute", spy)
    try:
        assert valeurs(_au_lieu(profile, autre), "auto_ecole")["parcours"] == 1
    finally:
        event.remove(profile.engine, "before_cursor_execute", spy)
    assert len(plans) == 2  # auto-école, then parrainage: once per table, not once per query
    assert all("ix_actualite_lieu_suivi" in p and "TEMP B-TREE" not in p for p in plans)
    with profile.session() as s:
        parcours = s.exec(select(ParcoursAutoEcole)).one()
    # the same day as its latest actualité (at the other lieu), a later one at the agence: now suivi there
    timeline.add_actualite(profile, parcours.jeune_id, date=D(2025, 4, 1), type="entretien_individuel",
                           lieu_id=agence, today=D(2026, 1, 5))
    assert valeurs(_au_lieu(profile, agence), "auto_ecole")["parcours"] == 1
    assert valeurs(_au_lieu(profile, autre), "auto_ecole")["parcours"] == 0


def test_les_jeunes_hors_de_la_structure_sont_lus_par_plages_d_index_et_sont_les_memes(profile, donnees):
    """``temp.ind_hors`` of a structure or lieu scope (deleted, merged, another structure's jeunes) read as ranges
    of the jeunes' index: the same ids as the scope's condition tested on every jeune, and no scan of them all."""
    from sqlalchemy import text

    from desktop_app.db.models import Jeune, Structure
    from desktop_app.services.indicateurs import publics

    with profile.session() as s:
        ailleurs = Structure(nom="Mission Locale voisine")
        s.add(ailleurs)
        s.flush()
        s.add(Jeune(structure_id=ailleurs.id, nom_naissance="Voisin", prenoms="Yanis"))
        s.add(Jeune(structure_id=ailleurs.id, nom_naissance="Voisine", prenoms="Inès", deleted=True))
        s.commit()
    params = {"structure": profile.structure_id}
    with profile.engine.connect() as conn:
        conn.execute(text("CREATE TEMP TABLE ind_hors (id TEXT PRIMARY KEY)"))
        conn.execute(text(publics.HORS_STRUCTURE), params)
        lus = {r[0] for r in conn.execute(text("SELECT id FROM temp.ind_hors"))}
        plan = " ".join(str(r) for r in conn.execute(text("EXPLAIN QUERY PLAN " + publics.HORS_STRUCTURE), params))
        attendus = {r[0] for r in conn.execute(text(
            "SELECT id FROM jeune WHERE NOT COALESCE((deleted = 0 AND fusionne_dans_id IS NULL "
            "AND structure_id = :structure), 0)"), params)}
        conn.rollback()
    assert len(attendus) == 4 and lus == attendus  # E deleted, F merged, the two of the other structure
    assert "SCAN" not in plan.replace("SCAN CONSTANT", "")
