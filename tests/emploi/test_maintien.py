"""Follow-up in employment: the trial period computed from the contract, its contacts in À faire, its outcome,
« emploi durable » at 6 months."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import Situation
from desktop_app.domain.maintien import fin_essai
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.aujourdhui.a_faire import Contexte, sources
from desktop_app.services.maintien import suivis
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.emploi import jeune
from tests.support.horloge import DAY, skew_clock

LUNDI = dt.date(2026, 3, 2)


@pytest.mark.parametrize("contrat, categorie, mois, jours, fin", [
    ("cdi", "ouvrier_employe", None, None, dt.date(2026, 5, 1)),
    ("cdi", "agent_maitrise", None, None, dt.date(2026, 6, 1)),
    ("cdi", "cadre", None, None, dt.date(2026, 7, 1)),
    ("cdd", None, 3, None, dt.date(2026, 3, 14)),  # 13 weeks: 13 days
    ("cdd", None, 6, None, dt.date(2026, 3, 15)),  # capped at 2 weeks
    ("cdd", None, 8, None, dt.date(2026, 4, 1)),  # > 6 months: 1 month
    ("interim", None, None, 20, dt.date(2026, 3, 3)),  # ≤ 1 month: 2 days worked
    ("interim", None, None, 45, dt.date(2026, 3, 4)),  # 1 to 2 months: 3 days
    ("interim", None, None, 90, dt.date(2026, 3, 6)),  # > 2 months: 5 days
])
def test_trial_period_by_contract(contrat, categorie, mois, jours, fin):
    assert fin_essai(contrat, categorie, LUNDI, duree_mois=mois, duree_jours=jours) == fin


def _emploi(profile, jeune_id, debut, type_contrat="cdi", mois=None) -> str:
    with profile.session() as s:
        sit = Situation(jeune_id=jeune_id, categorie="emploi", etat="en_cours", date_debut=debut,
                        employeur="Transports Lemaire", type_contrat=type_contrat, duree_contrat_mois=mois)
        s.add(sit)
        s.commit()
        return sit.id


def _a_faire(profile):
    contexte = Contexte(jour=aujourdhui(profile))
    return [e for src in sources() for e in src(profile, contexte)]


def test_follow_a_trial_period_to_its_end(profile):
    today = aujourdhui(profile)
    j = jeune(profile, "Kévin", "Lemaître")
    sit = _emploi(profile, j, today - dt.timedelta(days=3))
    assert [e.sorte for e in _a_faire(profile)] == ["embauche_sans_suivi"]
    suivi_id = suivis.ouvrir(profile, {"situation_id": sit, "categorie_poste": "agent_maitrise"})
    v = suivis.vue(profile, suivi_id)
    assert v.ligne.fin_essai == fin_essai("cdi", "agent_maitrise", today - dt.timedelta(days=3))
    assert [c.etape for c in v.contacts] == ["Point à J+7", "Point à mi-période d'essai",
                                            "Point de fin de période d'essai", "Point à 6 mois (emploi durable)"]
    dus = _a_faire(profile)
    assert [e.sorte for e in dus] == ["contact_maintien"]
    assert "Point à J+7 avec Kévin Lemaître chez Transports Lemaire" in dus[0].texte

    suivis.noter_contact(profile, v.contacts[0].id, {"date_realise": today, "compte_rendu": "Bonne intégration."})
    assert _a_faire(profile) == []
    with pytest.raises(SaisieInvalide) as exc:
        suivis.cloturer(profile, suivi_id, {"issue": "validee"})
    assert "se valide ce jour-là ou après" in exc.value.errors["date_issue"]

    skew_clock(profile, 95 * DAY)  # after the end of the trial
    suivis.cloturer(profile, suivi_id, {"issue": "validee"})
    assert suivis.suivis(profile)[0].issue_libelle == "Période d'essai validée"
    with pytest.raises(SaisieInvalide):
        suivis.constater_emploi_durable(profile, suivi_id, True)
    skew_clock(profile, 200 * DAY)
    assert suivis.constater_emploi_durable(profile, suivi_id, True) is True
    assert suivis.vue(profile, suivi_id).ligne.emploi_durable is True


def test_rupture_ends_the_job_and_its_contacts(profile):
    today = aujourdhui(profile)
    j = jeune(profile, "Sarah", "Nguyen")
    sit = _emploi(profile, j, today - dt.timedelta(days=2), "cdd", 8)
    suivi_id = suivis.ouvrir(profile, {"situation_id": sit, "fin_essai": (today + dt.timedelta(days=40)).strftime("%d/%m/%Y")})
    assert suivis.vue(profile, suivi_id).fin_essai_modifiee is True
    suivis.cloturer(profile, suivi_id, {"issue": "rupture_jeune", "date_issue": today})
    with profile.session() as s:
        situation = s.get(Situation, sit)
        assert (situation.etat, situation.date_fin) == ("terminee", today)
    v = suivis.vue(profile, suivi_id)
    assert all(c.date_realise for c in v.contacts) and v.ligne.emploi_durable is False
    assert _a_faire(profile) == []
