"""Fixtures of the collective actions tests: three named jeunes, a class information collective."""
from __future__ import annotations

import pytest

from desktop_app.services.actions_collectives.action import enregistrer_action
from desktop_app.services.actions_collectives.inscriptions import inscrire
from desktop_app.services.actions_collectives.seances import ajouter_seances
from tests.support.mobilite import jeunes


@pytest.fixture
def trois(profile):
    return jeunes(profile, 3)


@pytest.fixture
def info_collective(profile, trois):
    action = enregistrer_action(profile, {"type": "information_collective", "titre": "Information collective — 3e B",
                                          "lieu_precision": "Collège Paul-Éluard, salle 12", "capacite": "32",
                                          "vises": "30"})
    (seance,) = ajouter_seances(profile, action.id, {"date": "10/03/2026", "heure_debut": "09:00",
                                                      "heure_fin": "11:00"})
    inscrire(profile, action.id, [j.id for j in trois])
    return action, seance
