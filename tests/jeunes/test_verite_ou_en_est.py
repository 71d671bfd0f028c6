"""Where a jeune stands, from the timeline: only running dispositifs (not ended, not yet started), the current
situation (not ended, not planned later), the open freins (not lifted nor abandoned); a hook for the rendez-vous."""
from __future__ import annotations

import datetime as dt

from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.services.jeunes.ou_en_est import OuEnEst, ou_en_est
from tests.support.vues import add_jeune

TODAY = dt.date(2026, 11, 20)


def test_only_what_is_running_counts(profile):
    j = add_jeune(profile, "Kaci", "Yanis", dt.date(2004, 6, 1))
    add = lambda kind, **v: timeline.add(profile, kind, j.id, v, today=TODAY)  # noqa: E731
    add("dispositif", type="pacea", date_debut="01/01/2026", date_fin_reelle="30/09/2026")
    add("dispositif", type="cej", date_debut="01/12/2026")  # starts next month
    add("situation", categorie="emploi", etat="terminee", date_debut="01/02/2026", date_fin="30/06/2026")
    add("situation", categorie="formation", etat="prevue", date_debut="01/01/2027")
    add("situation", categorie="demandeur_emploi", etat="en_cours", date_debut="01/07/2026")
    add("frein", theme="logement", statut="abandonne", date_identification="01/03/2026")
    add("frein", theme="mobilite", statut="leve", date_identification="01/03/2026", date_statut="01/04/2026")
    add("frein", theme="financier", date_identification="02/03/2026")
    etat = ou_en_est(timeline.timeline(profile, j.id), today=TODAY)
    assert etat.dispositifs == ()
    assert etat.situation == ("Demandeur d'emploi", dt.date(2026, 7, 1))
    assert etat.freins == (("Difficulté financière", "Identifié"),)
    assert etat.lignes() == ["Aucun dispositif en cours · Situation : Demandeur d'emploi depuis le 01/07/2026",
                             "Freins ouverts : Difficulté financière (identifié)"]


def test_the_next_rendez_vous_has_its_line_once_the_agenda_fills_it():
    etat = OuEnEst(prochain_rendez_vous=dt.datetime(2026, 12, 3, 14, 30))
    assert etat.lignes()[-1] == "Prochain rendez-vous : 03/12/2026 à 14:30"
    assert len(OuEnEst().lignes()) == 2
