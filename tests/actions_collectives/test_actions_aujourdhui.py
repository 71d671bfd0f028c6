"""The séances of the actions in the agenda registry, and « Présences à noter » in À faire."""
from __future__ import annotations

import datetime as dt

from desktop_app.services.actions_collectives.action import enregistrer_action
from desktop_app.services.actions_collectives.inscriptions import inscrire, noter_presence
from desktop_app.services.actions_collectives.seances import ajouter_seances
from desktop_app.services.agenda import seances as agenda
from desktop_app.services.aujourdhui import a_faire
from desktop_app.services.ateliers import seances as S
from desktop_app.services.sync.horloge import aujourdhui


def test_sessions_of_today_in_the_agenda_and_attendance_to_note(profile, trois):
    today = aujourdhui(profile)
    action = enregistrer_action(profile, {"type": "atelier_logement", "titre": "Atelier logement — budget"})
    (seance,) = ajouter_seances(profile, action.id, {"date": today, "heure_debut": "14:00", "heure_fin": "16:00"})
    inscrire(profile, action.id, [trois[0].id, trois[1].id])
    atelier = S.plan_atelier(profile, {"date": today - dt.timedelta(days=2)})
    S.enrol(profile, atelier.id, [trois[2].id])
    vide = enregistrer_action(profile, {"type": "portes_ouvertes", "titre": "Portes ouvertes du CFA"})
    ajouter_seances(profile, vide.id, {"date": today})  # nobody enrolled: nothing to note

    lignes = [x for src in agenda.sources() for x in src(profile, today - dt.timedelta(days=3), today, None)]
    by_title = {x.titre: x for x in lignes}
    assert by_title["Atelier logement — budget"].libelle_sorte == "Atelier logement"
    assert by_title["Atelier logement — budget"].inscrits == 2
    assert by_title["Atelier logement — budget"].ouvrir == ("actions_collectives", action.id)
    ateliers = [x for x in lignes if x.ouvrir == ("ateliers", atelier.id)]
    assert len(ateliers) == 1 and ateliers[0].sorte == "atelier"  # once, from the ateliers' own source

    contexte = a_faire.Contexte(jour=today)
    dues = [e for src in a_faire.sources() for e in src(profile, contexte) if e.sorte == "presences_action"]
    textes = sorted(e.texte for e in dues)
    assert textes == [
        "Atelier logement — budget (aujourd'hui) : 2 inscrits, aucune présence notée.",
        f"Atelier mobilité (initiation) (le {(today - dt.timedelta(days=2)):%d/%m/%Y}) : 1 inscrit, "
        "aucune présence notée."]
    noter_presence(profile, seance.id, trois[0].id, True)
    dues = [e for src in a_faire.sources() for e in src(profile, contexte) if e.sorte == "presences_action"]
    assert [e.cle for e in dues] == [f"presences_action:{atelier.id}"]
