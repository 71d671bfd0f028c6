"""Rendez-vous after planning: modify (rules and overlap again), outcomes, honoré pre-fills the actualité,
postpone, collective attendance, reading a day/week/jeune, colleagues' agendas, the À faire « absences »."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import Actualite, JournalAcces, RendezVous, RendezVousParticipant, Utilisateur
from desktop_app.domain.errors import UserError
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.security.permissions import AccesRefuse
from desktop_app.services.agenda import lecture
from desktop_app.services.agenda import rendez_vous as rdv
from desktop_app.services.aujourdhui.a_faire import Contexte, sources


def _plan(profile, jeunes, jour, debut="10:00", fin="10:30", **extra):
    return rdv.planifier(profile, {"jeune_ids": list(jeunes), "date": jour, "heure_debut": debut,
                                   "heure_fin": fin, **extra}).id


@pytest.fixture
def collegue(profile):
    with profile.session() as s:
        u = Utilisateur(structure_id=profile.structure_id, nom="Martin", prenom="Camille", role="conseiller")
        s.add(u)
        s.commit()
        return u.id


def _devenir(profile, role):
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = role
        s.commit()


def test_modify_checks_the_rules_again_and_warns_of_a_new_overlap(profile, eloise, yanis, aujourd_hui):
    jour = aujourd_hui + dt.timedelta(days=2)
    _plan(profile, [eloise], jour, "10:00", "11:00")
    other = _plan(profile, [yanis], jour, "14:00", "14:30")
    with pytest.raises(SaisieInvalide) as exc:
        rdv.modifier(profile, other, {"heure_fin": "13:00"})
    assert exc.value.errors == {"heure_fin": "Le rendez-vous doit finir après son heure de début."}
    fait = rdv.modifier(profile, other, {"heure_debut": "10:45", "heure_fin": "11:15", "intitule": "Point"})
    assert fait.avertissements == ["Attention : un autre rendez-vous est prévu de 10:00 à 11:00 ce jour-là."]
    with profile.session() as s:
        r = s.get(RendezVous, other)
        assert (r.heure_debut, r.heure_fin, r.intitule) == (dt.time(10, 45), dt.time(11, 15), "Point")
    fait = rdv.modifier(profile, other, {"jeune_ids": [yanis, eloise]})
    with profile.session() as s:
        assert s.get(RendezVous, other).collectif is True
        assert {p.jeune_id for p in s.scalars(select(RendezVousParticipant).where(
            RendezVousParticipant.rendez_vous_id == other))} == {yanis, eloise}


def test_outcome_only_once_its_day_has_come(profile, eloise, aujourd_hui):
    demain = _plan(profile, [eloise], aujourd_hui + dt.timedelta(days=1))
    with pytest.raises(SaisieInvalide) as exc:
        rdv.changer_statut(profile, demain, "honore")
    assert "pas encore eu lieu" in exc.value.errors["statut"]
    assert rdv.changer_statut(profile, demain, "annule") == "annule"
    assert rdv.changer_statut(profile, demain, "prevu") == "prevu"
    with pytest.raises(SaisieInvalide) as exc:
        rdv.changer_statut(profile, demain, "reporte")
    assert "Reporter" in exc.value.errors["statut"]


def test_honorer_prefills_the_actualite_and_links_it(profile, eloise, aujourd_hui):
    from desktop_app.services.jeunes.chronologie import add

    rdv_id = _plan(profile, [eloise], aujourd_hui, "09:00", "10:15", objet="emploi,sante", type_lieu="visio")
    prefill = rdv.honorer(profile, rdv_id)
    assert prefill == {"date": aujourd_hui, "type": "entretien_individuel", "duree_minutes": 75,
                       "themes": "emploi,sante", "conseiller_id": profile.user_id, "lieu_id": None,
                       "modalite": "visio"}
    actualite = add(profile, "actualite", eloise, prefill)
    rdv.lier_actualite(profile, rdv_id, actualite.id)
    with profile.session() as s:
        r = s.get(RendezVous, rdv_id)
        assert (r.statut, r.actualite_id, r.date_statut) == ("honore", actualite.id, aujourd_hui)


def test_postpone_plans_the_new_one_and_links_it(profile, eloise, aujourd_hui):
    old = _plan(profile, [eloise], aujourd_hui + dt.timedelta(days=1), objet="logement", a_apporter="Avis d'impôt")
    fait = rdv.reporter(profile, old, {"date": aujourd_hui + dt.timedelta(days=8), "heure_debut": "16:00",
                                       "heure_fin": "16:30"})
    with profile.session() as s:
        ancien, nouveau = s.get(RendezVous, old), s.get(RendezVous, fait.id)
        assert (ancien.statut, ancien.reporte_vers_id) == ("reporte", fait.id)
        assert (nouveau.statut, nouveau.objet, nouveau.a_apporter, nouveau.heure_debut) == (
            "prevu", "logement", "Avis d'impôt", dt.time(16))
    with pytest.raises(SaisieInvalide):
        rdv.reporter(profile, old, {})


def test_collective_session_status_per_participant(profile, eloise, yanis, aujourd_hui):
    session = _plan(profile, [eloise, yanis], aujourd_hui, "14:00", "16:00", intitule="Atelier CV")
    assert rdv.changer_statut(profile, session, "absent_excuse", jeune_id=yanis) == "prevu"
    assert rdv.changer_statut(profile, session, "honore", jeune_id=eloise) == "honore"
    with pytest.raises(SaisieInvalide):
        rdv.changer_statut(profile, session, "honore", jeune_id="inconnu")
    written = rdv.enregistrer_presences(profile, session, {eloise: "honore", yanis: "absent_non_excuse"})
    assert written == []  # Éloïse was already honoured, Yanis absent: no actualité
    rdv.changer_statut(profile, session, "prevu")
    written = rdv.enregistrer_presences(profile, session, {eloise: "honore", yanis: "honore"})
    with profile.session() as s:
        types = {a.jeune_id: a.type for a in s.scalars(select(Actualite))}
    assert len(written) == 2 and types == {eloise: "atelier", yanis: "atelier"}


def test_week_day_and_jeune_reading_with_overlaps(profile, eloise, yanis, aujourd_hui, collegue):
    lundi = aujourd_hui - dt.timedelta(days=aujourd_hui.weekday())
    a = _plan(profile, [eloise], lundi, "10:00", "11:00")
    b = _plan(profile, [yanis], lundi, "10:30", "11:00")
    c = _plan(profile, [yanis], lundi + dt.timedelta(days=2), "10:30", "11:00")
    _plan(profile, [eloise], lundi + dt.timedelta(days=9), "09:00", "09:30")  # next week
    _plan(profile, [eloise], lundi, "10:00", "11:00", conseiller_id=collegue)  # a colleague's: no overlap with mine
    semaine = lecture.semaine(profile, aujourd_hui)
    assert [(l.id, l.chevauche) for l in semaine.rendez_vous] == [(a, True), (b, True), (c, False)]
    assert semaine.du == lundi and semaine.au == lundi + dt.timedelta(days=6) and not semaine.lecture_seule
    assert [l.id for l in lecture.journee(profile, lundi).rendez_vous] == [a, b]
    assert [l.date for l in lecture.du_jeune(profile, eloise)] == [lundi + dt.timedelta(days=9), lundi, lundi]
    rdv.changer_statut(profile, b, "annule")
    assert [l.chevauche for l in lecture.journee(profile, lundi).rendez_vous] == [False, False]


def test_prochain_rendez_vous(profile, eloise, aujourd_hui):
    assert lecture.prochain_rendez_vous(profile, eloise) is None
    _plan(profile, [eloise], aujourd_hui - dt.timedelta(days=2))
    loin = _plan(profile, [eloise], aujourd_hui + dt.timedelta(days=20), "15:00", "15:30")
    proche = _plan(profile, [eloise], aujourd_hui + dt.timedelta(days=5), "09:00", "09:30")
    assert lecture.prochain_rendez_vous(profile, eloise) == dt.datetime.combine(
        aujourd_hui + dt.timedelta(days=5), dt.time(9))
    rdv.changer_statut(profile, proche, "annule")
    assert lecture.prochain_rendez_vous(profile, eloise).date() == aujourd_hui + dt.timedelta(days=20)
    assert loin


def test_colleague_agenda_rights(profile, eloise, aujourd_hui, collegue):
    theirs = _plan(profile, [eloise], aujourd_hui, conseiller_id=collegue)
    vue = lecture.journee(profile, aujourd_hui, collegue)
    assert vue.lecture_seule and [l.id for l in vue.rendez_vous] == [theirs]
    assert [c.nom for c in lecture.conseillers_visibles(profile)] == ["Amélie Lefèvre", "Camille Martin"]
    with pytest.raises(AccesRefuse):  # read, not changed
        rdv.changer_statut(profile, theirs, "annule")
    _devenir(profile, "referent_parrainage")
    with pytest.raises(AccesRefuse) as exc:
        lecture.journee(profile, aujourd_hui, collegue)
    assert "consulter l'agenda d'un collègue" in exc.value.message
    assert [c.nom for c in lecture.conseillers_visibles(profile)] == ["Amélie Lefèvre"]
    _devenir(profile, "admin")
    assert rdv.changer_statut(profile, theirs, "annule") == "annule"
    _devenir(profile, "parrain")
    with pytest.raises(AccesRefuse):
        lecture.journee(profile, aujourd_hui)


def test_absences_a_relancer(profile, eloise, yanis, aujourd_hui):
    hier = aujourd_hui - dt.timedelta(days=1)
    a = _plan(profile, [eloise], hier)
    b = _plan(profile, [yanis], hier - dt.timedelta(days=3))
    rdv.changer_statut(profile, a, "absent_non_excuse")
    rdv.changer_statut(profile, b, "absent_non_excuse")
    _plan(profile, [yanis], aujourd_hui + dt.timedelta(days=4))  # Yanis has a new rendez-vous: nothing to do
    [source] = [f for f in sources() if f.__name__ == "absences_a_relancer"]
    [element] = source(profile, Contexte(jour=aujourd_hui, conseiller_id=profile.user_id))
    assert element.jeune_id == eloise and element.ouvrir == ("jeune", eloise)
    assert element.texte == (f"N'DIAYE Éloïse : absent·e non excusé·e au rendez-vous du {hier:%d/%m/%Y} à 10:00, "
                             "aucun rendez-vous depuis.")
    assert list(source(profile, Contexte(jour=aujourd_hui, conseiller_id="quelqu'un d'autre"))) == []


def test_sessions_of_ateliers_and_permanences_appear(profile, aujourd_hui):
    from desktop_app.services.ateliers.seances import plan_atelier
    from desktop_app.services.permanences.seances import start_permanence

    plan_atelier(profile, {"date": aujourd_hui, "heure_debut": "14:00", "heure_fin": "16:00", "niveau": "initiation"})
    start_permanence(profile, nouveau_lieu={"nom": "Centre social des Tilleuls", "type": "centre_social"},
                     heure_debut="09:00", heure_fin="12:00")
    vue = lecture.journee(profile, aujourd_hui)
    assert [(x.sorte, x.titre) for x in vue.seances] == [
        ("permanence", "Permanence — Centre social des Tilleuls"), ("atelier", "Atelier mobilité — Initiation")]


def test_print_and_export_are_in_the_access_log(profile, eloise, aujourd_hui, tmp_path):
    from desktop_app.services.agenda.export import export
    from desktop_app.services.agenda.impression import journee_pdf

    _plan(profile, [eloise], aujourd_hui, note="Ne pas imprimer")
    assert journee_pdf(profile, aujourd_hui).startswith(b"%PDF")
    assert export(profile, "rendez-vous", "xlsx", tmp_path / "r.xlsx") == 1
    with profile.session() as s:
        actions = sorted(j.action for j in s.scalars(select(JournalAcces).where(JournalAcces.jeune_id == eloise)))
    assert actions.count("imprime") == 1 and actions.count("exporte") == 1
    with pytest.raises(UserError):
        export(profile, "rendez-vous", "ods", tmp_path / "r.ods")
