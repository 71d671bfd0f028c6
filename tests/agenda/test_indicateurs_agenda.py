"""Indicators of the agenda: honoured / missed by month and by kind of place, delay from premier accueil to the
first entretien (median days)."""
from __future__ import annotations

import datetime as dt

from desktop_app.services.agenda.rendez_vous import changer_statut, planifier
from desktop_app.services.indicateurs.calcul import Periode, calculer
from tests.support.vues import add_jeune


def _rdv(profile, jeunes, jour, statut, **extra):
    rid = planifier(profile, {"jeune_ids": jeunes, "date": jour, "heure_debut": "10:00", "heure_fin": "10:30",
                              **extra}).id
    if statut != "prevu":
        changer_statut(profile, rid, statut)
    return rid


def test_rendez_vous_indicators(profile, aujourd_hui):
    debut = aujourd_hui - dt.timedelta(days=40)
    a = add_jeune(profile, "Aubert", "Léa", dt.date(2004, 2, 1), date_premier_accueil=debut).id
    b = add_jeune(profile, "Bernard", "Noé", dt.date(2003, 2, 1), date_premier_accueil=debut).id
    c = add_jeune(profile, "Caron", "Inès", dt.date(2005, 2, 1), date_premier_accueil=debut).id
    _rdv(profile, [a], debut + dt.timedelta(days=4), "honore")
    _rdv(profile, [b], debut + dt.timedelta(days=2), "absent_non_excuse", type_lieu="telephone")
    _rdv(profile, [b], debut + dt.timedelta(days=10), "honore", type_lieu="telephone")
    _rdv(profile, [a, c], debut + dt.timedelta(days=12), "annule")
    _rdv(profile, [c], debut + dt.timedelta(days=20), "absent_excuse")
    resultat = calculer(profile, Periode.personnalisee(debut, aujourd_hui))
    mois = resultat.tableau("rendez_vous_mois")
    assert mois.series == ("Honorés", "Absences excusées", "Absences non excusées", "Annulés")
    totaux = [sum(l.valeurs[i] for l in mois.lignes if not l.unite) for i in range(4)]
    assert totaux == [2, 1, 1, 2]
    taux = next(l for l in mois.lignes if l.cle == "taux_absence")
    assert mois.cellules(taux)[1] == "50,0\u202f%"
    lieux = {l.libelle: l.valeurs for l in resultat.tableau("rendez_vous_lieu").lignes}
    assert lieux == {"Agence": (1, 1, 0, 2), "Téléphone": (1, 0, 1, 0)}
    delai = {l.cle: l for l in resultat.tableau("delai_premier_entretien").lignes}
    assert delai["avec_entretien"].valeurs == (2,) and delai["sans_entretien"].valeurs == (1,)
    assert delai["delai_median"].valeurs == (7.0,)  # 4 and 10 days
    assert resultat.tableau("delai_premier_entretien").cellules(delai["delai_median"])[1] == "7 jours"
