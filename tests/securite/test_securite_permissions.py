"""Each role's permission table is enforced by the services themselves (not only by the views)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from desktop_app.db.models import Utilisateur
from desktop_app.security.permissions import PERMISSIONS, ROLES, AccesRefuse, Actor, exiger, require
from desktop_app.services.jeunes import export
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import recherche
from desktop_app.services.jeunes import chronologie as timeline

TODAY = dt.date(2026, 11, 20)


def _user(profile, role: str, nom: str) -> str:
    with profile.session() as s:
        u = Utilisateur(structure_id=profile.structure_id, nom=nom, role=role)
        s.add(u)
        s.commit()
        return u.id


@pytest.fixture
def dossier(profile):
    jeune = jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis",
                                          "date_naissance": "12/03/2005"}, today=TODAY)
    timeline.add_actualite(profile, jeune.id, date=TODAY, type="entretien_individuel",
                           note="Projet : CAP cuisine", today=TODAY)
    timeline.add_frein(profile, jeune.id, theme="sante", today=TODAY)
    timeline.add_frein(profile, jeune.id, theme="mobilite", today=TODAY)
    return jeune.id


def test_every_action_names_existing_roles():
    for roles in PERMISSIONS.values():
        assert roles <= set(ROLES)


def test_parrain_is_refused_every_accompaniment_service(profile, dossier, tmp_path):
    profile.user_id = _user(profile, "parrain", "Martin")
    calls = [
        lambda: jeunes.get_jeune(profile, dossier),
        lambda: jeunes.update_jeune(profile, dossier, {"telephone": "0612345678"}),
        lambda: jeunes.create_jeune(profile, {"nom_naissance": "X", "prenoms": "Y"}),
        lambda: timeline.timeline(profile, dossier),
        lambda: timeline.add_actualite(profile, dossier, date=TODAY, type="atelier", today=TODAY),
        lambda: recherche.search_ids(profile, "benali"),
        lambda: recherche.rows_for(profile, [dossier]),
        lambda: export.export(profile, "jeunes", "csv", tmp_path / "x.csv"),
    ]
    for call in calls:
        with pytest.raises(AccesRefuse, match="Accès refusé : le rôle « Parrain / marraine »"):
            call()
    assert not (tmp_path / "x.csv").exists()
    profile.user_id = profile_owner(profile)
    assert jeunes.get_jeune(profile, dossier).telephone is None  # the refused update wrote nothing


def profile_owner(profile) -> str:
    with profile.session() as s:
        return s.exec(select(Utilisateur).where(Utilisateur.role == "conseiller")).one().id


def test_referent_parrainage_does_not_see_health_nor_conseiller_notes(profile, dossier):
    conseiller = profile.user_id
    titles = [i.titre for i in timeline.timeline(profile, dossier)]
    assert "Frein identifié : Santé" in titles
    assert any(getattr(i.record, "note", None) == "Projet : CAP cuisine" for i in timeline.timeline(profile, dossier))

    profile.user_id = _user(profile, "referent_parrainage", "Durand")
    items = timeline.timeline(profile, dossier)
    titles = [i.titre for i in items]
    assert "Frein identifié : Santé" not in titles and "Frein identifié : Mobilité" in titles
    assert all(getattr(i.record, "note", None) is None for i in items)
    with pytest.raises(AccesRefuse, match="santé et justice"):
        timeline.add_frein(profile, dossier, theme="justice", today=TODAY)
    with pytest.raises(AccesRefuse, match="exporter"):
        exiger(profile, "export")

    profile.user_id = conseiller  # hiding for one role wrote nothing: the note is still there
    assert any(getattr(i.record, "note", None) == "Projet : CAP cuisine" for i in timeline.timeline(profile, dossier))


def test_direction_reads_notes_and_journal_but_only_admin_erases(profile, dossier):
    profile.user_id = _user(profile, "direction", "Petit")
    assert any(getattr(i.record, "note", None) for i in timeline.timeline(profile, dossier))
    exiger(profile, "journal.voir")
    with pytest.raises(AccesRefuse, match="effacer"):
        exiger(profile, "rgpd.effacer")
    profile.user_id = _user(profile, "admin", "Root")
    exiger(profile, "rgpd.effacer")
    exiger(profile, "utilisateurs.gerer")


def test_conseiller_cannot_read_the_journal_and_disabled_user_nothing(profile, dossier):
    with pytest.raises(AccesRefuse, match="journal des accès"):
        exiger(profile, "journal.voir")
    with pytest.raises(AccesRefuse, match="désactivé"):
        require(Actor("x", "admin", actif=False), "jeune.lire")
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).actif = False
        s.commit()
    with pytest.raises(AccesRefuse, match="désactivé"):
        jeunes.get_jeune(profile, dossier)


def test_statistics_are_for_the_staff_not_for_a_parrain(profile, dossier, tmp_path):
    from desktop_app.services.indicateurs import calcul as indicateurs

    annee = indicateurs.Periode.annee(2026)
    conseiller = profile.user_id
    contacts = indicateurs.calculer(profile, annee).groupes[0][1]
    assert contacts.lignes[0].valeurs[0] == 1  # the conseiller sees the structure's figures
    profile.user_id = _user(profile, "parrain", "Martin")
    for call in (lambda: indicateurs.calculer(profile, annee), lambda: indicateurs.choix_perimetre(profile)):
        with pytest.raises(AccesRefuse, match="consulter les statistiques de la structure"):
            call()
    profile.user_id = _user(profile, "referent_parrainage", "Roux")
    assert indicateurs.calculer(profile, annee).groupes
    profile.user_id = conseiller
