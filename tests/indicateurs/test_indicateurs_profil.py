"""The jeune's columns kept on its integer key (migration 0016) follow every edit of the jeune, and the jeunes
en contact read on integers equal those computed from ``jeune`` and ``actualite`` alone."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from desktop_app.db.models import Jeune, Utilisateur
from desktop_app.services.indicateurs import resume
from desktop_app.services.indicateurs.calcul import Perimetre, Periode, calculer
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes import dossier as jeunes

D = dt.date
TODAY = D(2026, 11, 26)


def _ecarts(profile) -> list[str]:
    with profile.engine.connect() as conn:
        return resume.ecarts(conn)


def _chiffres(profile, periode, perimetre) -> dict:
    r = calculer(profile, periode, perimetre)
    return {t.cle: [(ligne.cle, ligne.valeurs) for ligne in t.lignes] for t in r.tableaux}


def _comme_sans_resume(profile, monkeypatch) -> dict:
    """Every table equals the direct computation for each period and scope; the 2025 tables returned."""
    perimetres = [Perimetre(profile.structure_id), Perimetre(profile.structure_id, qpv_seulement=True),
                  Perimetre(profile.structure_id, conseiller_id=profile.user_id)]
    for periode in (Periode.annee(2025), Periode.annee(2026), Periode.personnalisee(D(2025, 2, 14), D(2026, 3, 3))):
        for perimetre in perimetres:
            monkeypatch.setattr(resume, "UTILISER_RESUME", False)
            sans = _chiffres(profile, periode, perimetre)
            monkeypatch.setattr(resume, "UTILISER_RESUME", True)
            assert _chiffres(profile, periode, perimetre) == sans, (periode.texte, perimetre)
    return _chiffres(profile, Periode.annee(2025), perimetres[0])


def _jeune(profile, nom: str, **extra) -> str:
    return jeunes.create_jeune(profile, {"nom_naissance": nom, "prenoms": "Inès", "date_naissance": "01/02/2005",
                                         "sexe": "F", **extra}, today=TODAY, doublon_confirme=True).id


def _valeur(tableaux: dict, cle: str, ligne: str) -> int:
    return dict(tableaux[cle])[ligne][0]


def test_le_profil_sur_la_cle_suit_chaque_modification_du_jeune(profile, monkeypatch):
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()
    a = _jeune(profile, "Nomprofil")
    b = _jeune(profile, "Nomsansactu", date_premier_accueil="03/03/2025")  # premier accueil, never an actualité
    c = _jeune(profile, "Nomautrean", date_premier_accueil="04/04/2025")  # active only in 2026
    timeline.add_actualite(profile, a, date=D(2025, 3, 10), type="entretien_individuel", today=TODAY)
    timeline.add_actualite(profile, c, date=D(2026, 2, 1), type="autre", today=TODAY)
    assert _ecarts(profile) == []
    tableaux = _comme_sans_resume(profile, monkeypatch)
    assert _valeur(tableaux, "publics", "en_contact") == 3  # A active; B and C by their premier accueil
    assert _valeur(tableaux, "publics", "premiers_accueils") == 2
    assert _valeur(tableaux, "qpv", "qpv") == 0

    # every column the indicators read, changed after the key exists
    with profile.session() as s:
        j = s.get(Jeune, a)
        j.sexe, j.qpv_code, j.referent_id = "H", "QP095001", profile.user_id
        j.niveau_formation, j.logement, j.permis = "4", "autonome", "en_cours"
        j.date_naissance, j.date_premier_accueil = D(2009, 5, 1), D(2025, 1, 15)
        s.get(Jeune, c).deleted = True
        s.commit()
    assert _ecarts(profile) == []
    tableaux = _comme_sans_resume(profile, monkeypatch)
    assert _valeur(tableaux, "publics", "en_contact") == 2  # C deleted
    assert _valeur(tableaux, "qpv", "qpv") == 1
    assert _valeur(tableaux, "age", "moins_18") == 1

    # a jeune merged into another leaves the scope
    with profile.session() as s:
        s.get(Jeune, b).fusionne_dans_id = a
        s.commit()
    assert _ecarts(profile) == []
    assert _valeur(_comme_sans_resume(profile, monkeypatch), "publics", "en_contact") == 1


def test_un_jeune_arrive_apres_son_actualite_recoit_son_profil(profile, monkeypatch):
    """A sync page may bring an actualité before its jeune: the key exists without columns (in no scope), then
    takes them when the jeune row arrives; a copy that differs from the jeune is reported."""
    a = _jeune(profile, "Nommodele", qpv_code="QP095009")
    timeline.add_actualite(profile, a, date=D(2025, 6, 1), type="atelier", today=TODAY)
    with profile.engine.begin() as conn:
        colonnes = [r[1] for r in conn.execute(text("PRAGMA table_info(jeune)")) if r[1] != "id"]
        conn.execute(text(
            "INSERT INTO actualite (id, hlc, created_at, updated_at, deleted, field_clocks, jeune_id, date, type) "
            "VALUES ('avant', 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0, '{}', 'tardif', '2025-06-02', "
            "'visite')"))
        sans_jeune = conn.execute(text("SELECT structure_id, deleted FROM indicateur_jeune WHERE jeune_id = 'tardif'"))
        assert sans_jeune.one() == (None, None)
        conn.execute(text(f"INSERT INTO jeune (id, {', '.join(colonnes)}) SELECT 'tardif', {', '.join(colonnes)} "
                          "FROM jeune WHERE id = :a"), {"a": a})
    assert _ecarts(profile) == []
    tableaux = _comme_sans_resume(profile, monkeypatch)
    assert _valeur(tableaux, "publics", "en_contact") == 2 and _valeur(tableaux, "qpv", "qpv") == 2

    with profile.engine.begin() as conn:  # the check itself fails on a wrong copy
        conn.execute(text("UPDATE indicateur_jeune SET sexe = 'H' WHERE jeune_id = 'tardif'"))
    assert _ecarts(profile) == ["profil du jeune tardif : copie différente de son dossier"]
