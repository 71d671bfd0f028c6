"""Collective actions of every type: an information collective in a class (28 counted pupils, 3 named jeunes),
a chantier éducatif over 12 séances, attendance rules, counted public at the field, outcome checklist,
actualités, émargement PDF."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import Actualite, Jeune, PresenceSeance
from desktop_app.domain.errors import UserError
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.actions_collectives.action import enregistrer_action
from desktop_app.services.actions_collectives.inscriptions import (
    cocher_resultat,
    desinscrire,
    emargement_pdf,
    grille,
    inscrire,
    noter_presence,
)
from desktop_app.services.actions_collectives.listes import detail_action, lister_actions
from desktop_app.services.actions_collectives.public import noter_public
from desktop_app.services.actions_collectives.seances import ajouter_seances
from desktop_app.services.indicateurs.calcul import calculer
from desktop_app.services.indicateurs.modele import Periode
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.securite import role


def test_information_collective_with_28_counted_pupils_and_3_named_jeunes(profile, trois, info_collective):
    action, seance = info_collective
    with profile.session() as s:
        dossiers = s.scalar(select(func.count()).select_from(Jeune))
    r = noter_public(profile, seance.id, {"public_compte": "28", "public_description": "élèves de 3e B"})
    assert r.valeur == 28 and r.avertissements == ()
    for j in trois:
        assert noter_presence(profile, seance.id, j.id, True).valeur is True
    with profile.session() as s:
        assert s.scalar(select(func.count()).select_from(Jeune)) == dossiers  # no dossier for the pupils
        actualites = list(s.scalars(select(Actualite).where(Actualite.deleted == False)))  # noqa: E712
    assert len(actualites) == 3 and {a.type for a in actualites} == {"information_collective"}
    assert all(a.date == dt.date(2026, 3, 10) and a.duree_minutes == 120 for a in actualites)
    detail = detail_action(profile, action.id)
    assert detail.libelle_type == "Information collective"
    assert [(x.public_compte, x.presents) for x in detail.seances] == [(28, 3)]
    ligne = lister_actions(profile, "information_collective")[0]
    assert (ligne.inscrits, ligne.public_compte, ligne.vises) == (3, 28, 30)
    assert lister_actions(profile, "chantier_educatif") == []
    # the indicators count the 28 pupils and the 3 jeunes
    res = calculer(profile, Periode.annee(2026))
    t = res.tableau("actions_collectives")
    row = next(x for x in t.lignes if x.cle == "information_collective")
    valeurs = dict(zip(t.series, row.valeurs))
    assert valeurs["Actions"] == 1 and valeurs["Séances"] == 1 and valeurs["Heures"] == 2
    p = res.tableau("actions_participants")
    valeurs = dict(zip(p.series, next(x for x in p.lignes if x.cle == "information_collective").valeurs))
    assert valeurs == {"Participations nommées": 3, "Public compté": 28, "Jeunes distincts": 3}
    vt = res.tableau("actions_vises_touches")
    line = vt.lignes[0]
    assert line.valeurs[0] == 31 and line.cible == 30
    assert "31 touchés / 30 visés" in vt.cellules(line)[-1]
    # unmarking removes the actualité
    noter_presence(profile, seance.id, trois[0].id, False)
    with profile.session() as s:
        assert s.scalar(select(func.count()).select_from(Actualite).where(Actualite.deleted == False)) == 2  # noqa: E712


def test_counted_public_refused_at_the_field_and_attendance_above_capacity_warns(profile, trois):
    action = enregistrer_action(profile, {"type": "petit_dejeuner", "titre": "Petit-déjeuner du quartier",
                                          "capacite": "20"})
    (seance,) = ajouter_seances(profile, action.id, {"date": "02/03/2026"})
    inscrire(profile, action.id, [j.id for j in trois])
    with pytest.raises(SaisieInvalide) as e:
        noter_public(profile, seance.id, {"public_compte": "-3"})
    assert e.value.errors["public_compte"] == "Le public compté ne peut pas être négatif."
    with pytest.raises(SaisieInvalide) as e:
        noter_public(profile, seance.id, {"public_compte": "25"})
    assert "dépasse la capacité de la salle (20 places)" in e.value.errors["public_compte"]
    with pytest.raises(SaisieInvalide) as e:
        noter_public(profile, seance.id, {"public_compte": "douze"})
    assert e.value.errors["public_compte"] == "Le public compté doit être un nombre entier."
    assert detail_action(profile, action.id).seances[0].public_compte is None  # nothing written
    assert noter_public(profile, seance.id, {"public_compte": "18"}).avertissements == ()
    noter_presence(profile, seance.id, trois[0].id, True)
    r = noter_presence(profile, seance.id, trois[1].id, True)
    assert r.valeur is True and r.avertissements == ()  # 20 for 20 places: full, not beyond
    r = noter_presence(profile, seance.id, trois[2].id, True)
    assert r.avertissements == ("Présence au-delà de la capacité : 21 personnes pour 20 places.",)
    with profile.session() as s:
        assert s.scalar(select(func.count()).select_from(PresenceSeance).where(PresenceSeance.present == True)) == 3  # noqa: E712


def test_action_fields_errors_in_french(profile):
    with pytest.raises(SaisieInvalide) as e:
        enregistrer_action(profile, {"type": "kermesse", "titre": "", "capacite": "-1", "vises": "beaucoup"})
    errors = e.value.errors
    assert set(errors) == {"type", "titre", "capacite", "vises"}
    assert errors["titre"].startswith("Donnez un titre")
    assert errors["vises"] == "Le nombre de jeunes visés doit être un nombre entier."
    action = enregistrer_action(profile, {"type": "atelier_logement", "titre": "Atelier logement"})
    with pytest.raises(SaisieInvalide) as e:
        ajouter_seances(profile, action.id, {"date": "31/02/2026", "heure_debut": "14:00", "heure_fin": "12:00"})
    assert set(e.value.errors) == {"date", "heure_fin"}
    assert detail_action(profile, action.id).seances == []


def test_chantier_educatif_over_12_seances_weekly(profile, trois):
    chantier = enregistrer_action(profile, {"type": "chantier_educatif", "titre": "Chantier éducatif — jardins",
                                            "programme": "Rénovation des jardins partagés", "capacite": "8"})
    seances = ajouter_seances(profile, chantier.id, {"date": "04/03/2026", "heure_debut": "09:00",
                                                      "heure_fin": "12:00", "semaines": "12"})
    assert len(seances) == 12
    assert [x.date for x in seances][:2] == [dt.date(2026, 3, 4), dt.date(2026, 3, 11)]
    assert seances[-1].date == dt.date(2026, 5, 20)
    inscrire(profile, chantier.id, [trois[0].id, trois[1].id])
    today = aujourdhui(profile)
    passees = [x for x in seances if x.date <= today]
    for x in passees:
        noter_presence(profile, x.id, trois[0].id, True)
    cocher_resultat(profile, chantier.id, trois[0].id, "attestation", True)
    detail = detail_action(profile, chantier.id)
    assert len(detail.seances) == 12
    inscrit = next(i for i in detail.inscrits if i.jeune_id == trois[0].id)
    assert inscrit.presences == len(passees) and inscrit.resultats["attestation"] is True
    assert [lbl for _, lbl in detail.checklist][2] == "Attestation de fin de chantier remise"
    res = calculer(profile, Periode.annee(2026)).tableau("actions_collectives")
    row = dict(zip(res.series, next(x for x in res.lignes if x.cle == "chantier_educatif").valeurs))
    assert row["Séances"] == 12 and row["Heures"] == 36 and row["Résultats atteints"] == 1
    with pytest.raises(UserError):
        cocher_resultat(profile, chantier.id, trois[0].id, "pix", True)  # not a chantier's outcome


def test_future_seance_refuses_attendance_and_five_half_days_a_week(profile, trois):
    action = enregistrer_action(profile, {"type": "atelier_numerique", "titre": "Atelier numérique DATIC",
                                          "capacite": "10"})
    today = aujourdhui(profile)
    lundi = today + dt.timedelta(days=7 - today.weekday())
    seances = ajouter_seances(profile, action.id, {"date": lundi, "heure_debut": "09:00", "heure_fin": "12:00",
                                                    "semaines": "2", "jours": [0, 1, 2, 3, 4]})
    assert len(seances) == 10 and {x.date.weekday() for x in seances} == {0, 1, 2, 3, 4}
    inscrire(profile, action.id, [trois[0].id])
    with pytest.raises(SaisieInvalide) as e:
        noter_presence(profile, seances[0].id, trois[0].id, True)
    assert "n'a pas encore eu lieu" in e.value.errors["present"]
    assert grille(profile, seances[0].id)[0].present is None
    cocher_resultat(profile, action.id, trois[0].id, "pix", True)
    assert detail_action(profile, action.id).inscrits[0].resultats["pix"] is True


def test_emargement_pdf_of_an_information_collective(profile, trois, info_collective):
    from pypdf import PdfReader
    import io

    action, seance = info_collective
    noter_public(profile, seance.id, {"public_compte": "28", "public_description": "élèves de 3e B"})
    pdf = emargement_pdf(profile, seance.id)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Feuille d’émargement — Information collective" in text
    assert "Information collective — 3e B" in text and "10/03/2026" in text
    assert "Public compté : 28 — élèves de 3e B" in text
    assert "CŒUR" in text and "Maëlle" in text and "N'DIAYE" in text.replace("’", "'")
    assert action.id not in text and seance.id not in text and "information_collective" not in text


def test_access_request_shows_the_actions_of_the_jeune_in_french(profile, trois, info_collective):
    from desktop_app.services.securite import acces_lisible, rgpd

    action, seance = info_collective
    noter_presence(profile, seance.id, trois[0].id, True)
    cocher_resultat(profile, action.id, trois[0].id, "rendez_vous_pris", True)
    role(profile, "direction")
    data = rgpd.extraction(profile, trois[0].id)
    with profile.session() as s:
        noms = acces_lisible.noms_de(s, data)
    shown = {titre: blocs for titre, blocs in acces_lisible.sections(data, noms)}
    assert shown["Actions collectives"][0]["titre"] == "Information collective — 3e B (Information collective)"
    assert shown["Actions collectives : présences"][0]["titre"] == "Séance du 10/03/2026"
    assert shown["Actions collectives : résultats"][0]["titre"] == "Rendez-vous individuel pris"
    text = str(shown)
    assert action.id not in text and seance.id not in text


def test_enrolment_is_one_row_per_jeune_and_action_even_when_re_enrolled(profile, trois, info_collective):
    from desktop_app.db.models import InscriptionAction

    action, seance = info_collective
    noter_presence(profile, seance.id, trois[0].id, True)
    desinscrire(profile, action.id, trois[0].id)
    assert {i.jeune_id for i in detail_action(profile, action.id).inscrits} == {trois[1].id, trois[2].id}
    with profile.session() as s:
        assert s.scalar(select(func.count()).select_from(Actualite).where(Actualite.deleted == False)) == 0  # noqa: E712
    inscrire(profile, action.id, [trois[0].id, trois[0].id])
    with profile.session() as s:
        assert s.scalar(select(func.count()).select_from(InscriptionAction)) == 3
    assert len(detail_action(profile, action.id).inscrits) == 3
    assert grille(profile, seance.id)[0].present is None  # the old mark went with the enrolment
