"""Mobility services: capacity, attendance actualités, financing rules, loans, alerts on hand-built dates."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.services.ateliers import seances as A
from desktop_app.services.auto_ecole import financement as AEF
from desktop_app.services.auto_ecole import parcours as AE
from desktop_app.services.auto_ecole import regroupements as AER
from desktop_app.services.ateliers import prets as P
from desktop_app.services.auto_ecole.alertes import alerts
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.jeunes.chronologie import timeline
from tests.support.mobilite import jeunes, parcours_complet


def test_capacity_above_fifteen_refused_beside_the_field(profile):
    with pytest.raises(SaisieInvalide) as exc:
        A.plan_atelier(profile, {"date": "03/12/2026", "capacite": 16})
    assert "15" in exc.value.errors["capacite"]


def test_enrolment_over_capacity_refused_and_nobody_enrolled(profile):
    js = jeunes(profile, 3)
    atelier = A.plan_atelier(profile, {"date": "03/12/2026", "capacite": 2})
    with pytest.raises(SaisieInvalide) as exc:
        A.enrol(profile, atelier.id, [j.id for j in js])
    assert "complète" in exc.value.errors["participants"]
    assert A.get_atelier(profile, atelier.id).participants == []


def test_attendance_adds_and_removes_the_atelier_actualite(profile):
    js = jeunes(profile, 2)
    atelier = A.plan_atelier(profile, {"date": "01/12/2025", "heure_debut": "14:00", "heure_fin": "16:00"})
    A.enrol(profile, atelier.id, [j.id for j in js])
    first = A.get_atelier(profile, atelier.id).participants[0]
    A.set_presence(profile, first.id, True)
    A.set_presence(profile, first.id, True)  # twice: still one actualité
    items = [i for i in timeline(profile, first.jeune_id) if i.kind == "actualite"]
    assert len(items) == 1 and items[0].record.atelier_id == atelier.id and items[0].record.type == "atelier"
    assert items[0].record.duree_minutes == 120
    A.set_presence(profile, first.id, False)
    assert not [i for i in timeline(profile, first.jeune_id) if i.kind == "actualite"]


def test_financing_must_add_up_and_no_negative_amount(profile):
    p = parcours_complet(profile, jeunes(profile, 1)[0])
    with pytest.raises(SaisieInvalide) as exc:
        AEF.set_financement(profile, p.id, [{"financeur": "jeune", "montant": "300"},
                                           {"financeur": "faj", "montant": "600"}])
    assert "coût total" in exc.value.errors["total"] and "550,00" in exc.value.errors["total"]
    with pytest.raises(SaisieInvalide) as exc:
        AEF.set_financement(profile, p.id, [{"financeur": "jeune", "montant": "-10"},
                                           {"financeur": "faj", "montant": "1460"}])
    assert "négatif" in exc.value.errors["lignes.0.montant"]
    assert sum(line.montant_centimes for line in AEF.soldes(profile, p.id)) == 145000


def test_versement_reduces_balance_and_cannot_exceed_it(profile):
    p = parcours_complet(profile, jeunes(profile, 1)[0])
    faj = next(line for line in AEF.soldes(profile, p.id) if line.financeur == "faj")
    AEF.add_versement(profile, faj.id, date="10/03/2026", montant="600")
    assert next(line for line in AEF.soldes(profile, p.id) if line.id == faj.id).solde_centimes == 5000
    with pytest.raises(SaisieInvalide) as exc:
        AEF.add_versement(profile, faj.id, date="11/03/2026", montant="60")
    assert "50,00" in exc.value.errors["montant"]


def test_loan_ending_before_start_refused_and_overdue_listed(profile):
    j = jeunes(profile, 1)[0]
    objet = P.save_objet(profile, {"type": "mobylette", "libelle": "Mobylette Peugeot", "reference": "AB-123-CD"})
    with pytest.raises(SaisieInvalide) as exc:
        P.start_pret(profile, {"objet_id": objet.id, "jeune_id": j.id, "date_debut": "10/03/2026",
                               "date_fin_prevue": "01/03/2026", "caution": "150"})
    assert "avant son début" in exc.value.errors["date_fin_prevue"]
    with pytest.raises(SaisieInvalide) as exc:
        P.start_pret(profile, {"objet_id": objet.id, "jeune_id": j.id, "date_debut": "10/03/2026",
                               "date_fin_prevue": "10/04/2026", "caution": "-5"})
    assert "ne peut pas être négative" in exc.value.errors["caution"]
    pret = P.start_pret(profile, {"objet_id": objet.id, "jeune_id": j.id, "date_debut": "10/03/2026",
                                  "date_fin_prevue": "10/04/2026", "caution": "150"})
    assert [x.id for x in P.overdue(profile, dt.date(2026, 4, 10))] == []
    late = P.overdue(profile, dt.date(2026, 4, 15))
    assert [x.id for x in late] == [pret.id] and late[0].jours_de_retard(dt.date(2026, 4, 15)) == 5
    P.return_pret(profile, pret.id, date_retour="16/04/2026", etat_retour="usage")
    assert P.overdue(profile, dt.date(2026, 5, 1)) == []


def test_alerts_on_hand_built_dates(profile):
    p = parcours_complet(profile, jeunes(profile, 1)[0])  # starts 01/03/2026
    # 01/04: nothing missed; jeune's first instalment due 05/03 (30 €), département's 01/03 (250 €): both unpaid.
    kinds = sorted(a.kind for a in alerts(profile, dt.date(2026, 3, 20)))
    assert kinds == ["paiement", "paiement"]
    for line in AEF.soldes(profile, p.id):
        if line.financeur == "jeune":
            AEF.add_versement(profile, line.id, date="05/03/2026", montant="30")
        if line.financeur == "departement":
            AEF.add_versement(profile, line.id, date="02/03/2026", montant="250")
    assert alerts(profile, dt.date(2026, 3, 20)) == []
    # a regroupement on 15/03 not attended → missed; attended → no alert
    r = AER.plan_regroupement(profile, date="15/03/2026", theme="Le code en groupe")
    assert [a.kind for a in alerts(profile, dt.date(2026, 3, 20))] == ["regroupement"]
    AER.set_presence_regroupement(profile, r.id, p.id, True)
    assert alerts(profile, dt.date(2026, 3, 20)) == []
    # six-month self-evaluation: due 01/09/2026, announced 14 days before, late after
    assert not [a for a in alerts(profile, dt.date(2026, 8, 10)) if a.kind == "auto_evaluation"]
    due = [a for a in alerts(profile, dt.date(2026, 8, 20)) if a.kind == "auto_evaluation"]
    assert due and "01/09/2026" in due[0].message
    late = [a for a in alerts(profile, dt.date(2026, 9, 5)) if a.kind == "auto_evaluation"]
    assert "en retard" in late[0].message
    AE.save_parcours(profile, {"date_auto_evaluation": "30/08/2026"}, parcours_id=p.id)
    assert not [a for a in alerts(profile, dt.date(2026, 9, 5)) if a.kind == "auto_evaluation"]


def test_echeancier_in_percent_shares_of_the_line():
    from desktop_app.services.auto_ecole.alertes import echeances

    debut = dt.date(2026, 1, 31)
    assert echeances("50 % à la signature, 50 % à six mois", debut, 100001) == [
        (dt.date(2026, 1, 31), 50000), (dt.date(2026, 7, 31), 50001)]
    assert echeances("10 × 30 € le 5 du mois", debut, 30000)[:2] == [(dt.date(2026, 2, 5), 3000),
                                                                     (dt.date(2026, 3, 5), 3000)]
    assert echeances("à voir avec le FAJ", debut, 1000) == []
