"""Immersions (PMSMP): the legal rules at the field, the convention signed and its bilan (PDF text), the situation."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from desktop_app.db.models import JournalAcces, Situation
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.immersions import immersions
from desktop_app.services.immersions.documents import bilan_pdf, convention_pdf
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.emploi import texte_pdf

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def _saisie(accueil, debut: dt.date, fin: dt.date, **extra):
    jeune_id, partenaire_id, tuteur_id = accueil
    return {"jeune_id": jeune_id, "partenaire_id": partenaire_id, "tuteur_id": tuteur_id,
            "objectif": "confirmer", "metier": "Boulanger·ère", "date_debut": debut.strftime("%d/%m/%Y"),
            "date_fin": fin.strftime("%d/%m/%Y"), "heures_hebdo": "35",
            "horaires": "Du mardi au samedi, 5 h – 12 h", "lieu": "4 place de la Gare, 95200 Sarcelles",
            "activites": "Pétrissage et façonnage\nCuisson des viennoiseries",
            "competences": "Respect des règles d'hygiène\nPonctualité\nGestes de façonnage", **extra}


def test_immersion_longer_than_a_month_is_refused_at_the_field(profile, accueil):
    debut = dt.date(2026, 3, 10)
    with pytest.raises(SaisieInvalide) as exc:
        immersions.enregistrer(profile, _saisie(accueil, debut, dt.date(2026, 4, 10)))
    assert set(exc.value.errors) == {"date_fin"}
    assert "au plus un mois" in exc.value.errors["date_fin"] and "09/04/2026" in exc.value.errors["date_fin"]
    assert immersions.immersions(profile) == []
    immersions.enregistrer(profile, _saisie(accueil, debut, dt.date(2026, 4, 9)))  # date to date: accepted


def test_immersion_without_tutor_is_refused_the_rest_kept(profile, accueil):
    data = _saisie(accueil, dt.date(2026, 3, 10), dt.date(2026, 3, 20), tuteur_id="")
    with pytest.raises(SaisieInvalide) as exc:
        immersions.enregistrer(profile, data)
    assert exc.value.errors == {"tuteur_id": "Le tuteur ou la tutrice dans l'entreprise est obligatoire."}
    with pytest.raises(SaisieInvalide) as exc:
        immersions.enregistrer(profile, _saisie(accueil, dt.date(2026, 3, 10), dt.date(2026, 3, 9)))
    assert "date_fin" in exc.value.errors


def test_renewal_once_for_at_most_one_more_month(profile, accueil):
    today = aujourdhui(profile)
    imm = immersions.enregistrer(profile, _saisie(accueil, today, today + dt.timedelta(days=14)))
    immersions.signer(profile, imm)
    fin = today + dt.timedelta(days=14)
    with pytest.raises(SaisieInvalide) as exc:
        immersions.renouveler(profile, imm, fin + dt.timedelta(days=40))
    assert "au plus un mois" in exc.value.errors["date_fin_renouvellement"]
    immersions.renouveler(profile, imm, fin + dt.timedelta(days=20))
    with pytest.raises(SaisieInvalide) as exc:
        immersions.renouveler(profile, imm, fin + dt.timedelta(days=25))
    assert "qu'une seule fois" in exc.value.errors["date_fin_renouvellement"]
    with profile.session() as s:
        sit = s.scalars(select(Situation)).one()
        assert (sit.categorie, sit.date_fin) == ("immersion", fin + dt.timedelta(days=20))


def test_sign_the_convention_and_its_bilan(profile, accueil):
    today = aujourdhui(profile)
    debut = today - dt.timedelta(days=12)
    imm = immersions.enregistrer(profile, _saisie(accueil, debut, today - dt.timedelta(days=1)))
    immersions.signer(profile, imm, debut - dt.timedelta(days=3))
    with profile.session() as s:
        sit = s.scalars(select(Situation)).one()
        assert (sit.categorie, sit.etat, sit.employeur) == ("immersion", "terminee", "Boulangerie Les Épis d'Or")

    text = texte_pdf(convention_pdf(profile, imm))
    for expected in ("Convention d'immersion professionnelle (PMSMP)", "Bénéficiaire", "Inès Benali-Côté",
                     "Prescripteur", "Mission Locale du Val-d'Oise Est", "Amélie Lefèvre", "Structure d'accueil",
                     "Boulangerie Les Épis d'Or", "Tuteur ou tutrice", "Hélène Garnier", "Cheffe de production",
                     "Confirmer un projet professionnel", "Boulanger·ère", debut.strftime("%d/%m/%Y"),
                     "35 heures par semaine", "Du mardi au samedi", "4 place de la Gare",
                     "Cuisson des viennoiseries", "Respect des règles d'hygiène", "Le bénéficiaire",
                     "Le prescripteur", "La structure d'accueil", "Lu et approuvé", "trois exemplaires"):
        assert expected in text, expected
    assert not UUID.search(text) and "confirmer" not in text.split()

    with pytest.raises(SaisieInvalide) as exc:
        immersions.enregistrer_bilan(profile, imm, {"assiduite": "bien", "suite": "embauche"})
    assert set(exc.value.errors) == {"savoir_etre"}
    immersions.enregistrer_bilan(profile, imm, {
        "assiduite": "tres_bien", "savoir_etre": "bien", "suite": "embauche",
        "competences_observees": "Hygiène respectée\nFaçonnage des baguettes acquis",
        "bilan_commentaire": "Très bonne intégration dans l'équipe."})
    text = texte_pdf(bilan_pdf(profile, imm))
    for expected in ("Bilan de l'immersion professionnelle (PMSMP)", "Inès Benali-Côté", "Hélène Garnier",
                     "Façonnage des baguettes acquis", "Très satisfaisant", "Satisfaisant", "Embauche envisagée",
                     "Très bonne intégration", today.strftime("%d/%m/%Y"), "Le bénéficiaire", "Le prescripteur",
                     "La structure d'accueil"):
        assert expected in text, expected
    assert not UUID.search(text)
    ligne = immersions.immersions(profile)[0]
    assert (ligne.statut_libelle, ligne.suite) == ("Terminée (bilan fait)", "Embauche envisagée")
    with profile.session() as s:
        actions = [(e.action, e.objet) for e in s.scalars(select(JournalAcces))]
    assert ("imprime", "convention d'immersion") in actions and ("imprime", "bilan d'immersion") in actions


def test_minor_weekly_hours_are_capped(profile, accueil):
    from tests.support.emploi import jeune

    mineur = jeune(profile, "Yanis", "Oukaci", naissance=dt.date.today().replace(year=dt.date.today().year - 16))
    data = _saisie(accueil, dt.date.today(), dt.date.today() + dt.timedelta(days=5), heures_hebdo=38,
                   jeune_id=mineur)
    with pytest.raises(SaisieInvalide) as exc:
        immersions.enregistrer(profile, data)
    assert "35" in exc.value.errors["heures_hebdo"]
