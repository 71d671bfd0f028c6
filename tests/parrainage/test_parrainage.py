"""Parrainage services: registry, contracts and their refusals, follow-up file, reminders, network, role scope."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import ObjectifParrainageLigne, Parrainage
from desktop_app.domain.errors import UserError
from desktop_app.services.parrainage import contrats
from desktop_app.services.parrainage import parrains as registre
from desktop_app.services.parrainage import suivi
from desktop_app.services.parrainage.acces import AccesRefuse
from desktop_app.services.parrainage.reseau import reseau
from tests.support.parrainage import PARRAIN, jeune, utilisateur, vu_par

TODAY = dt.date.today()


def _contrat(profile, jeune_id, parrain_id, *, confirme=False, **extra):
    data = {"jeune_id": jeune_id, "conseiller_id": profile.user_id, "parrain_id": parrain_id,
            "date_debut": TODAY - dt.timedelta(days=60), "rythme_jours": 30, "rythme": "deux heures par mois",
            "consentement_jeune": True,
            "objectifs": [("acces_emploi", "Décrocher un CDD dans la logistique"),
                          ("logement", "Dossier de logement social déposé")]}
    data.update(extra)
    return contrats.enregistrer_contrat(profile, data, confirme=confirme)


def test_registry_counts_current_filleuls_and_filters(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    autre = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Éluard", "prenom": "Léa",
                                                   "statut": "salarie_fondation", "secteur": "Santé"})
    registre.ajouter_formation(profile, p.id, date="12/09/2026", theme="Posture d'écoute")
    _contrat(profile, jeune(profile, "Inès", "Benali"), p.id)
    rows = {r.id: r for r in registre.parrains(profile)}
    assert rows[p.id].nb_filleuls == 1 and rows[p.id].nb_formations == 1
    assert rows[autre.id].nb_filleuls == 0
    assert [r.id for r in registre.parrains(profile, recherche="eluard")] == [autre.id]
    assert [r.id for r in registre.parrains(profile, statut="benevole_retraite")] == [p.id]
    assert [r.id for r in registre.parrains(profile, secteur="logistique")] == [p.id]
    assert registre.formations(profile, p.id)[0].theme == "Posture d'écoute"


def test_registry_refusals_beside_fields(profile):
    with pytest.raises(registre.ParrainInvalide) as err:
        registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "", "statut": "", "telephone": "12",
                                               "max_filleuls": 0})
    assert set(err.value.errors) == {"nom", "statut", "telephone", "max_filleuls"}
    assert "statut" in err.value.errors["statut"]


def test_suggestions_prefer_sector_and_offer_full_parrains_last(profile):
    plein = registre.enregistrer_parrain(profile, {**PARRAIN, "max_filleuls": 1})
    sante = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Roux", "secteur": "Santé",
                                                   "disponibilite": "samedi matin"})
    logi = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Petit", "secteur": "Logistique"})
    _contrat(profile, jeune(profile, "Inès", "Benali"), plein.id)
    rows = registre.suggestions(profile, secteur="logistique")
    assert [r.id for r in rows] == [logi.id, sante.id, plein.id]  # the full one still offered, last
    assert [r.complet for r in rows] == [False, False, True]
    assert [r.id for r in registre.suggestions(profile, disponibilite="le samedi")][0] == sante.id


def test_contract_with_two_objectives(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    c = _contrat(profile, jeune(profile, "Inès", "Benali"), p.id, formule="6+3")
    vue = contrats.contrat(profile, c.id)
    assert [o.libelle for o in vue.objectifs] == ["Logement", "Accès à l'emploi"]
    assert vue.statut == "en_cours" and vue.duree_mois == 6 and vue.prolongation_mois == 3
    assert vue.fin_prevue == contrats.add_months(vue.date_debut, 9)
    assert vue.parrain_nom == "Gérard Moreau" and vue.conseiller_nom == "Amélie Lefèvre"


@pytest.mark.parametrize("extra, field, words", [
    ({"objectifs": []}, "objectifs", "au moins un objectif"),
    ({"date_fin": TODAY - dt.timedelta(days=90)}, "date_fin", "précéder son début"),
    ({"consentement_jeune": False}, "consentement_jeune", "accord"),
])
def test_contract_refusals(profile, extra, field, words):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    with pytest.raises(contrats.ContratInvalide) as err:
        _contrat(profile, jeune(profile, "Inès", "Benali"), p.id, **extra)
    assert words in err.value.errors[field]
    with profile.session() as s:
        assert s.scalars(select(Parrainage)).first() is None


def test_contract_asks_when_parrain_at_maximum(profile):
    """Issue 14: a parrain above its maximum of filleuls asks for confirmation (no longer a refusal)."""
    from desktop_app.domain.errors import ConfirmationRequise

    p = registre.enregistrer_parrain(profile, {**PARRAIN, "max_filleuls": 1})
    _contrat(profile, jeune(profile, "Inès", "Benali"), p.id)
    noe = jeune(profile, "Noé", "Martin")
    with pytest.raises(ConfirmationRequise) as asked:
        _contrat(profile, noe, p.id)
    assert asked.value.question == ("Gérard Moreau accompagne déjà 1 filleul, son maximum est de 1. "
                                    "Lui confier quand même ce filleul ?")
    with profile.session() as s:
        assert len(s.scalars(select(Parrainage)).all()) == 1
    _contrat(profile, noe, p.id, confirme=True)
    with profile.session() as s:
        assert len(s.scalars(select(Parrainage)).all()) == 2


def test_minor_needs_guardian_consent(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    mineur = jeune(profile, "Noé", "Martin", naissance=TODAY.replace(year=TODAY.year - 16))
    with pytest.raises(contrats.ContratInvalide) as err:
        _contrat(profile, mineur, p.id)
    assert "représentant légal" in err.value.errors["consentement_representant"]
    c = _contrat(profile, mineur, p.id, consentement_representant=True)
    assert contrats.contrat(profile, c.id).mineur


def test_close_with_outcome_and_end_before_start(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    c = _contrat(profile, jeune(profile, "Inès", "Benali"), p.id)
    with pytest.raises(contrats.ContratInvalide) as err:
        contrats.cloturer(profile, c.id, date_fin=c.date_debut - dt.timedelta(days=1), issue="cdi")
    assert "précéder" in err.value.errors["date_fin"]
    contrats.cloturer(profile, c.id, date_fin=TODAY, issue="cdi")
    vue = contrats.contrat(profile, c.id)
    assert (vue.statut, vue.issue) == ("termine", "cdi")
    assert registre.parrains(profile)[0].nb_filleuls == 0


def test_update_replaces_objectives(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    j = jeune(profile, "Inès", "Benali")
    c = _contrat(profile, j, p.id)
    _contrat_data = {"jeune_id": j, "conseiller_id": profile.user_id, "parrain_id": p.id, "date_debut": c.date_debut,
                     "consentement_jeune": True, "objectifs": [("creation", "Statut choisi")]}
    contrats.enregistrer_contrat(profile, _contrat_data, parrainage_id=c.id)  # same parrain: not "at maximum"
    assert [o.objectif for o in contrats.contrat(profile, c.id).objectifs] == ["creation"]
    with profile.session() as s:
        assert len(s.scalars(select(ObjectifParrainageLigne)).all()) == 3  # two tombstones kept for sync


def test_rencontres_progress_and_reminders_on_hand_built_dates(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    debut = dt.date(2026, 1, 5)
    c = _contrat(profile, jeune(profile, "Inès", "Benali"), p.id, date_debut=debut, rythme_jours=30)
    assert [r.jamais for r in suivi.relances(profile, today=dt.date(2026, 2, 10))] == [True]
    assert suivi.relances(profile, today=dt.date(2026, 2, 4)) == []
    for jour, type_ in ((dt.date(2026, 1, 20), "rencontre"), (dt.date(2026, 2, 18), "rencontre"),
                        (dt.date(2026, 3, 20), "bilan_mi_parcours")):
        suivi.enregistrer_rencontre(profile, c.id, {"date": jour, "type": type_, "duree_minutes": 90,
                                                    "lieu": "Médiathèque", "sujets": "CV",
                                                    "prochaine_etape": "Candidatures"}, today=dt.date(2026, 4, 1))
    assert suivi.relances(profile, today=dt.date(2026, 4, 19)) == []
    late = suivi.relances(profile, today=dt.date(2026, 4, 25))
    assert [(r.depuis, r.jours, r.retard) for r in late] == [(dt.date(2026, 3, 20), 36, 6)]
    objectif = contrats.contrat(profile, c.id).objectifs[0]
    suivi.noter_progression(profile, objectif.id, progression="Dossier déposé", atteint=True)
    fiche = suivi.fiche_suivi(profile, c.id, today=dt.date(2026, 4, 25))
    assert len(fiche.rencontres) == 3 and fiche.relance is not None
    assert fiche.contrat.objectifs[0].atteint and fiche.contrat.objectifs[0].progression == "Dossier déposé"


def test_rencontre_refusals(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)
    c = _contrat(profile, jeune(profile, "Inès", "Benali"), p.id)
    with pytest.raises(contrats.ContratInvalide) as err:
        suivi.enregistrer_rencontre(profile, c.id, {"date": TODAY + dt.timedelta(days=2), "duree_minutes": "x"})
    assert set(err.value.errors) == {"date", "duree_minutes"}
    with pytest.raises(contrats.ContratInvalide) as err:
        suivi.enregistrer_rencontre(profile, c.id, {"date": c.date_debut - dt.timedelta(days=1)})
    assert "précéder" in err.value.errors["date"]


def test_network_outcomes(profile):
    p = registre.enregistrer_parrain(profile, {**PARRAIN, "max_filleuls": 5})
    registre.ajouter_formation(profile, p.id, date=TODAY, theme="Accueil des nouveaux parrains")
    registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Roux"})
    issues = ["cdi", "formation", "abandon", None]
    for k, issue in enumerate(issues):
        c = _contrat(profile, jeune(profile, f"Jeune{k}", "Test"), p.id)
        if issue:
            contrats.cloturer(profile, c.id, date_fin=TODAY, issue=issue)
    r = reseau(profile)
    assert (r.jeunes_parraines, r.jeunes_sortis, r.sorties_positives, r.binomes_en_cours) == (4, 3, 2, 1)
    assert r.phrase_sorties == "4 jeunes parrainés, 2 en emploi (CDI, CDD, intérim) ou en formation"
    assert r.formations == (("Accueil des nouveaux parrains", 1, 1),) and r.parrains_jamais_formes == 1
    assert len(r.relances) == 1  # started 60 days ago, never met


def test_parrain_sees_only_own_filleuls(profile):
    moi = utilisateur(profile, "Gérard", "Moreau", "parrain")
    mien = registre.enregistrer_parrain(profile, {**PARRAIN, "utilisateur_id": moi})
    autre = registre.enregistrer_parrain(profile, {**PARRAIN, "nom": "Roux"})
    c1 = _contrat(profile, jeune(profile, "Inès", "Benali", representant_nom="Mme Benali"), mien.id)
    c2 = _contrat(profile, jeune(profile, "Noé", "Martin"), autre.id)
    parrain = vu_par(profile, moi)
    assert [r.id for r in contrats.parrainages(parrain)] == [c1.id]
    assert [r.id for r in registre.parrains(parrain)] == [mien.id]
    vue = contrats.contrat(parrain, c1.id)
    assert vue.jeune_prenoms == "Inès" and vue.representant_nom == ""
    suivi.enregistrer_rencontre(parrain, c1.id, {"date": TODAY, "lieu": "Café"})
    for call in (lambda: contrats.contrat(parrain, c2.id), lambda: suivi.rencontres(parrain, c2.id),
                 lambda: suivi.enregistrer_rencontre(parrain, c2.id, {"date": TODAY}),
                 lambda: suivi.fiche_suivi(parrain, c2.id), lambda: registre.formations(parrain, autre.id),
                 lambda: registre.enregistrer_parrain(parrain, PARRAIN), lambda: reseau(parrain),
                 lambda: contrats.cloturer(parrain, c1.id, date_fin=TODAY, issue="cdi")):
        with pytest.raises(AccesRefuse) as err:
            call()
        assert "Accès refusé" in str(err.value)
    assert isinstance(err.value, UserError)
    assert [r.parrainage_id for r in suivi.relances(parrain)] == []  # c1 just met; c2 not shown
    assert [r.parrainage_id for r in suivi.relances(profile)] == [c2.id]


def test_unlinked_parrain_account_sees_nothing(profile):
    p = registre.enregistrer_parrain(profile, PARRAIN)  # the only parrain, but not linked to this account
    c = _contrat(profile, jeune(profile, "Inès", "Benali"), p.id)
    inconnu = vu_par(profile, utilisateur(profile, "Léa", "Roux", "parrain"))
    assert contrats.parrainages(inconnu) == [] and suivi.relances(inconnu) == []
    with pytest.raises(AccesRefuse):
        contrats.contrat(inconnu, c.id)


def test_rencontres_and_reminders_use_the_hub_corrected_date(profile):
    """A laptop whose clock is 3 days behind (the hub told it): the reference « today » is the hub's. A rencontre
    the laptop would date in 2 days has taken place; a pair met 28 laptop-days ago (rhythm 30) is late."""
    from desktop_app.services.sync.horloge import aujourdhui
    from tests.support.horloge import DAY

    p = registre.enregistrer_parrain(profile, PARRAIN)
    c = _contrat(profile, jeune(profile, "Inès", "Benali"), p.id)
    profile.clock.offset_ms = 3 * DAY
    local_today = dt.date.today()
    assert aujourdhui(profile) == local_today + dt.timedelta(days=3)
    suivi.enregistrer_rencontre(profile, c.id, {"date": local_today - dt.timedelta(days=28)})
    [late] = suivi.relances(profile)
    assert (late.parrainage_id, late.jours) == (c.id, 31)
    assert suivi.fiche_suivi(profile, c.id).relance == late
    suivi.enregistrer_rencontre(profile, c.id, {"date": local_today + dt.timedelta(days=2)})  # past at the hub
    assert suivi.relances(profile) == []
    with pytest.raises(contrats.ContratInvalide) as refused:
        suivi.enregistrer_rencontre(profile, c.id, {"date": local_today + dt.timedelta(days=4)})
    assert "future" in refused.value.errors["date"]
