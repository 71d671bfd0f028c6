"""Permanences hors les murs: quick capture of new contacts, known jeunes met there, the tally."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db.models import Jeune, Lieu
from desktop_app.domain.errors import UserError
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.permanences import seances as permanences
from desktop_app.services.jeunes.dossier import DossierInvalide
from desktop_app.services.jeunes.recherche import search_ids
from desktop_app.services.jeunes.chronologie import timeline


def test_quick_capture_creates_a_jeune_and_an_actualite_at_that_lieu(profile):
    perm = permanences.start_permanence(
        profile, nouveau_lieu={"nom": "Club de boxe des Carreaux", "type": "club_sport"},
        heure_debut="14h", heure_fin="17:30")
    jeune, actualite = permanences.quick_capture(profile, perm.id, prenom="Yanis", nom="Benali",
                                                 telephone="07 58 22 33 44", quartier="Les Carreaux",
                                                 motif="Cherche un apprentissage")
    with profile.session() as s:
        lieu = s.get(Lieu, perm.lieu_id)
        stored = s.get(Jeune, jeune.id)
    assert (lieu.nom, lieu.type) == ("Club de boxe des Carreaux", "club_sport")
    assert (stored.prenoms, stored.nom_naissance, stored.telephone, stored.qpv_nom) == (
        "Yanis", "Benali", "+33758223344", "Les Carreaux")
    assert stored.date_premier_accueil == dt.date.today() == stored.date_dernier_contact
    [item] = timeline(profile, jeune.id)
    assert item.record.lieu_id == perm.lieu_id and item.record.permanence_id == perm.id
    assert item.record.modalite == "sur_place"
    assert search_ids(profile, "benali yanis") == [jeune.id]


def test_known_jeunes_are_linked_once_and_the_tally_counts_new_and_known(profile):
    known = jeunes.create_jeune(profile, {"nom_naissance": "Martin", "prenoms": "Léa"},
                                today=dt.date.today() - dt.timedelta(days=400)).id
    agence = permanences.lieux(profile)[0]
    perm = permanences.start_permanence(profile, lieu_id=agence.id)
    permanences.quick_capture(profile, perm.id, prenom="Yanis", nom="Benali")
    permanences.link_jeune(profile, perm.id, known, motif="Point CV")
    permanences.link_jeune(profile, perm.id, known)  # twice: still one contact
    bilan = permanences.bilan(profile, perm.id)
    assert [(c.prenoms, c.nouveau) for c in bilan.contacts] == [("Yanis", True), ("Léa", False)]
    assert (bilan.nouveaux, bilan.connus) == (1, 1)
    assert jeunes.get_jeune(profile, known).date_dernier_contact == dt.date.today()


def test_bad_capture_and_bad_permanence_give_french_messages(profile):
    with pytest.raises(UserError, match="lieu"):
        permanences.start_permanence(profile)
    with pytest.raises(UserError, match="heure"):
        permanences.start_permanence(profile, lieu_id=permanences.lieux(profile)[0].id, heure_debut="25h")
    with pytest.raises(UserError, match="conseillers"):
        permanences.start_permanence(profile, lieu_id=permanences.lieux(profile)[0].id, conseiller_ids=["inconnu"])
    perm = permanences.start_permanence(profile, lieu_id=permanences.lieux(profile)[0].id)
    with pytest.raises(DossierInvalide) as err:
        permanences.quick_capture(profile, perm.id, prenom="", nom="Benali", telephone="123")
    assert set(err.value.errors) == {"prenoms", "telephone"}
    assert permanences.bilan(profile, perm.id).contacts == []
