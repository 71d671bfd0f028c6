"""The choices the screens offer (services.referentiels): conseillers, known quartiers, past permanences."""
from __future__ import annotations

import datetime as dt

from desktop_app.db.models import Utilisateur
from desktop_app.services.profil import referentiels
from desktop_app.services.permanences.seances import lieux, link_jeune, quick_capture, start_permanence
from tests.support.vues import add_jeune


def test_conseillers_are_active_staff_not_parrains(profile):
    with profile.session() as s:
        s.add_all([Utilisateur(structure_id=profile.structure_id, nom="Bernard", prenom="Paul", role="parrain"),
                   Utilisateur(structure_id=profile.structure_id, nom="Durand", prenom="Inès", role="conseiller",
                               actif=False),
                   Utilisateur(structure_id=profile.structure_id, nom="Camara", prenom="Awa", role="direction")])
        s.commit()
    assert [c.libelle for c in referentiels.conseillers(profile)] == ["Awa Camara", "Amélie Lefèvre"]


def test_quartiers_are_the_distinct_qpv_of_live_files(profile):
    add_jeune(profile, "A", "Un", qpv_nom="Les Rosiers", qpv_code="QN09512M")
    add_jeune(profile, "B", "Deux", qpv_nom="les rosiers")
    add_jeune(profile, "C", "Trois", qpv_nom="Dame Blanche")
    add_jeune(profile, "D", "Quatre")
    assert [q.libelle for q in referentiels.quartiers(profile)] == ["Dame Blanche", "Les Rosiers"]


def test_permanences_newest_first_with_their_number_of_jeunes_met(profile):
    agence = lieux(profile)[0]
    with profile.session() as s:
        collegue = Utilisateur(structure_id=profile.structure_id, nom="Camara", prenom="Awa", role="conseiller")
        s.add(collegue)
        s.commit()
    old = start_permanence(profile, lieu_id=agence.id, date=dt.date(2026, 1, 15), heure_debut="9h")
    new = start_permanence(profile, nouveau_lieu={"nom": "Centre social Agora", "type": "centre_social"},
                           date=dt.date(2026, 2, 3), conseiller_ids=[profile.user_id, collegue.id])
    jeune, _ = quick_capture(profile, new.id, prenom="Léa", nom="Morel")
    link_jeune(profile, new.id, jeune.id)  # the same jeune twice counts once
    quick_capture(profile, new.id, prenom="Noé", nom="Roux")
    [first, second] = referentiels.permanences(profile)
    assert (first.id, first.lieu, first.type_lieu, first.contacts) == (new.id, "Centre social Agora", "Centre social", 2)
    assert (second.id, second.contacts, second.heure_debut) == (old.id, 0, dt.time(9, 0))
    assert first.conseillers == ("Awa Camara", "Amélie Lefèvre") and second.conseillers == ("Amélie Lefèvre",)
    assert referentiels.permanence(profile, old.id) == second
    assert referentiels.permanence(profile, "inconnue") is None
