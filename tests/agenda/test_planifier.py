"""Planning a rendez-vous: the one entry point every feature uses obeys the slot rules and warns of overlaps."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import Jeune, RendezVous, RendezVousParticipant
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.agenda.rendez_vous import planifier
from desktop_app.services.sync.horloge import aujourdhui


@pytest.fixture
def jeune_id(profile):
    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, nom_naissance="N'Diaye", prenoms="Éloïse")
        s.add(j)
        s.commit()
        return j.id


def test_planned_rendez_vous_is_stored_with_its_jeune(profile, jeune_id):
    jour = aujourdhui(profile) + dt.timedelta(days=3)
    fait = planifier(profile, {"jeune_ids": [jeune_id], "date": jour.strftime("%d/%m/%Y"),
                               "heure_debut": "14h", "heure_fin": "14:45", "type_lieu": "telephone",
                               "intitule": "Point CEJ"})
    assert fait.avertissements == []
    with profile.session() as s:
        rdv = s.get(RendezVous, fait.id)
        assert (rdv.date, rdv.heure_debut, rdv.heure_fin, rdv.statut, rdv.conseiller_id, rdv.collectif) == (
            jour, dt.time(14), dt.time(14, 45), "prevu", profile.user_id, False)
        assert [p.jeune_id for p in s.scalars(select(RendezVousParticipant))] == [jeune_id]


def test_overlap_warns_without_blocking(profile, jeune_id):
    jour = aujourdhui(profile) + dt.timedelta(days=1)
    planifier(profile, {"jeune_ids": [jeune_id], "date": jour, "heure_debut": "10:00", "heure_fin": "11:00"})
    second = planifier(profile, {"jeune_ids": [jeune_id], "date": jour, "heure_debut": "10:30",
                                 "heure_fin": "11:30"})
    assert second.avertissements == ["Attention : un autre rendez-vous est prévu de 10:00 à 11:00 ce jour-là."]
    touching = planifier(profile, {"jeune_ids": [jeune_id], "date": jour, "heure_debut": "11:30",
                                   "heure_fin": "12:00"})
    assert touching.avertissements == []


@pytest.mark.parametrize("saisie, champ, message", [
    ({"heure_debut": "15:00", "heure_fin": "14:00"}, "heure_fin", "finir après"),
    ({"date": "10 ans", "heure_debut": "15:00", "heure_fin": "16:00"}, "date", ""),
    ({"heure_debut": "25:00", "heure_fin": "16:00"}, "heure_debut", "HH:MM"),
    ({"heure_debut": "15:00"}, "heure_fin", "obligatoire"),
])
def test_impossible_slot_is_refused_at_its_field(profile, jeune_id, saisie, champ, message):
    data = {"jeune_ids": [jeune_id], "date": aujourdhui(profile), **saisie}
    with pytest.raises(SaisieInvalide) as exc:
        planifier(profile, data)
    assert champ in exc.value.errors and message in exc.value.errors[champ]
    with profile.session() as s:
        assert s.scalars(select(RendezVous)).first() is None


def test_ten_years_away_is_a_typing_error(profile, jeune_id):
    loin = aujourdhui(profile).replace(year=aujourdhui(profile).year + 10)
    with pytest.raises(SaisieInvalide) as exc:
        planifier(profile, {"jeune_ids": [jeune_id], "date": loin, "heure_debut": "9:00", "heure_fin": "9:30"})
    assert "vérifiez l'année" in exc.value.errors["date"]
