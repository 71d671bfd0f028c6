"""Correcting what was entered by mistake on the plate-forme mobilité: a loan corrected (objet, borrower, dates,
deposit, conditions, its return), a return recorded on the wrong loan undone, a loan cancelled (a tombstone: the
item is available again), an item retired from the fleet (no longer lent, its loans kept). Each correction
checks the role and writes « modifie » in the borrower's access log."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import JournalAcces, ObjetPret, Pret
from desktop_app.domain.errors import UserError
from desktop_app.services.ateliers import prets as P
from desktop_app.services.ateliers.export import export
from desktop_app.domain.saisie import SaisieInvalide
from tests.support.mobilite import appeler_selon_droit
from tests.support.parrainage import utilisateur, vu_par


def _row(profile, model, record_id):
    with profile.session() as s:
        return s.get(model, record_id)


def _journal(profile) -> list[tuple[str, str | None, str | None]]:
    with profile.session() as s:
        return [(e.action, e.jeune_id, e.objet)
                for e in s.scalars(select(JournalAcces).order_by(JournalAcces.quand, JournalAcces.id))]


def _libres(profile) -> dict[str, bool]:
    return {o.libelle: libre for o, libre in P.list_objets(profile)}


def test_loan_corrected_objet_borrower_dates_deposit(profile, monde):
    j1, j2, velo, scooter, pret = monde
    P.corriger_pret(profile, pret.id, {"objet_id": scooter.id, "jeune_id": j2.id, "date_debut": "11/03/2026",
                                       "date_fin_prevue": "25/04/2026", "caution": "150,00", "etat_depart": "usage"})
    stored = _row(profile, Pret, pret.id)
    assert (stored.objet_id, stored.jeune_id, stored.date_debut, stored.date_fin_prevue, stored.caution_centimes,
            stored.etat_depart, stored.date_retour) == (scooter.id, j2.id, dt.date(2026, 3, 11),
                                                        dt.date(2026, 4, 25), 15000, "usage", None)
    # the vélo is free again, the scooter is out
    assert _libres(profile) == {"Scooter électrique": False, "Vélo de ville": True}
    [ligne] = P.list_prets(profile)
    assert (ligne.objet, ligne.jeune) == ("Scooter électrique (AB-123-CD)", "Éloïse N'Diaye")
    # a key left out keeps what is stored
    P.corriger_pret(profile, pret.id, {"date_fin_prevue": "30/04/2026"})
    stored = _row(profile, Pret, pret.id)
    assert (stored.objet_id, stored.caution_centimes, stored.date_fin_prevue) == (scooter.id, 15000,
                                                                                 dt.date(2026, 4, 30))


def test_correction_refuses_what_start_pret_refuses(profile, monde):
    j1, j2, velo, scooter, pret = monde
    other = P.start_pret(profile, {"objet_id": scooter.id, "jeune_id": j2.id, "date_debut": "01/03/2026",
                                   "date_fin_prevue": "20/03/2026"})
    cases = (({"date_fin_prevue": "01/03/2026"}, "date_fin_prevue", "La fin du prêt ne peut pas être avant son début."),
             ({"date_debut": ""}, "date_debut", "La date de début est obligatoire."),
             ({"caution": "-5"}, "caution", "La caution ne peut pas être négative."),
             ({"objet_id": scooter.id}, "objet_id", "Cet objet est déjà prêté (retour prévu le 20/03/2026)."),
             ({"objet_id": None}, "objet_id", "Choisissez l'objet prêté."),
             ({"jeune_id": "inconnu"}, "jeune_id", "Ce dossier jeune n'existe pas (ou plus)."),
             ({"date_retour": "12/03/2026"}, "date_retour", "Ce prêt est en cours : enregistrez son retour avec "
                                                            "« Retour de l'objet sélectionné »."))
    for values, key, message in cases:
        with pytest.raises(SaisieInvalide) as exc:
            P.corriger_pret(profile, pret.id, values)
        assert exc.value.errors == {key: message}, values
        assert str(exc.value).startswith("Prêt non modifié : ")
    stored = _row(profile, Pret, pret.id)
    assert (stored.objet_id, stored.date_fin_prevue, stored.caution_centimes) == (velo.id, dt.date(2026, 4, 10), 5000)
    # a hors-service item cannot be put on a loan in progress; an item retired from the fleet neither
    P.return_pret(profile, other.id, date_retour="20/03/2026", etat_retour="hors_service")
    with pytest.raises(SaisieInvalide, match="hors service"):
        P.corriger_pret(profile, pret.id, {"objet_id": scooter.id})


def test_return_corrected_and_the_items_condition_follows(profile, monde):
    j1, j2, velo, scooter, pret = monde
    P.return_pret(profile, pret.id, date_retour="05/04/2026", etat_retour="endommage", caution_rendue=False)
    assert _row(profile, ObjetPret, velo.id).etat == "endommage"
    P.corriger_pret(profile, pret.id, {"date_retour": "04/04/2026", "etat_retour": "usage", "caution_rendue": True})
    stored = _row(profile, Pret, pret.id)
    assert (stored.date_retour, stored.etat_retour, stored.caution_rendue) == (dt.date(2026, 4, 4), "usage", True)
    assert _row(profile, ObjetPret, velo.id).etat == "usage"
    with pytest.raises(SaisieInvalide) as exc:
        P.corriger_pret(profile, pret.id, {"date_retour": "01/03/2026"})
    assert exc.value.errors == {"date_retour": "Le retour ne peut pas être avant le début du prêt."}
    with pytest.raises(SaisieInvalide) as exc:
        P.corriger_pret(profile, pret.id, {"date_retour": ""})
    assert exc.value.errors == {"date_retour": "La date de retour est obligatoire."}
    # once the item went out again, correcting an old return leaves its present condition alone
    P.start_pret(profile, {"objet_id": velo.id, "jeune_id": j2.id, "date_debut": "06/04/2026",
                           "date_fin_prevue": "20/04/2026", "etat_depart": "usage"})
    P.corriger_pret(profile, pret.id, {"etat_retour": "hors_service"})
    assert _row(profile, ObjetPret, velo.id).etat == "usage"


def test_correction_cannot_make_two_loans_of_an_item_overlap(profile, monde):
    j1, j2, velo, scooter, pret = monde
    P.return_pret(profile, pret.id, date_retour="05/04/2026")
    suivant = P.start_pret(profile, {"objet_id": velo.id, "jeune_id": j2.id, "date_debut": "05/04/2026",
                                     "date_fin_prevue": "20/04/2026"})  # back in the morning, out again: fine
    with pytest.raises(SaisieInvalide) as exc:
        P.corriger_pret(profile, pret.id, {"date_retour": "08/04/2026"})
    assert exc.value.errors == {"date_retour": "Cet objet était prêté à Éloïse N'Diaye depuis le 05/04/2026 : les "
                                               "dates se chevauchent."}
    with pytest.raises(SaisieInvalide) as exc:
        P.corriger_pret(profile, suivant.id, {"date_debut": "01/04/2026"})
    assert exc.value.errors == {"date_debut": "Cet objet était prêté à Maëlle Cœur du 10/03/2026 au 05/04/2026 : "
                                              "les dates se chevauchent."}
    # the scooter, lent in March, cannot become the objet of the vélo's (returned) loan of the same weeks
    mars = P.start_pret(profile, {"objet_id": scooter.id, "jeune_id": j2.id, "date_debut": "01/03/2026",
                                  "date_fin_prevue": "20/03/2026"})
    P.return_pret(profile, mars.id, date_retour="20/03/2026")
    with pytest.raises(SaisieInvalide) as exc:
        P.corriger_pret(profile, pret.id, {"objet_id": scooter.id})
    assert "du 01/03/2026 au 20/03/2026" in exc.value.errors["objet_id"]
    P.corriger_pret(profile, pret.id, {"date_retour": "04/04/2026"})  # earlier: no overlap
    assert _row(profile, Pret, pret.id).date_retour == dt.date(2026, 4, 4)


def test_return_on_the_wrong_loan_undone(profile, monde):
    j1, j2, velo, scooter, pret = monde
    P.return_pret(profile, pret.id, date_retour="05/04/2026", etat_retour="hors_service")
    assert _libres(profile)["Vélo de ville"] is False and _row(profile, ObjetPret, velo.id).etat == "hors_service"
    P.annuler_retour(profile, pret.id)
    stored = _row(profile, Pret, pret.id)
    assert (stored.date_retour, stored.etat_retour, stored.caution_rendue) == (None, None, False)
    assert _row(profile, ObjetPret, velo.id).etat == "bon"  # its condition at departure
    assert [p.id for p in P.list_prets(profile, en_cours=True)] == [pret.id]
    assert [p.id for p in P.overdue(profile, dt.date(2026, 4, 15))] == [pret.id]
    with pytest.raises(UserError, match="déjà en cours"):
        P.annuler_retour(profile, pret.id)
    # once the item is lent again (even back already), its earlier return cannot be undone
    P.return_pret(profile, pret.id, date_retour="05/04/2026")
    suivant = P.start_pret(profile, {"objet_id": velo.id, "jeune_id": j2.id, "date_debut": "06/04/2026",
                                     "date_fin_prevue": "20/04/2026"})
    for suivant_rendu in (False, True):
        if suivant_rendu:
            P.return_pret(profile, suivant.id, date_retour="12/04/2026")
        with pytest.raises(UserError) as exc:
            P.annuler_retour(profile, pret.id)
        assert exc.value.message == ("« Vélo de ville (PM-001) » a été prêté de nouveau le 06/04/2026 : ce retour "
                                     "ne peut plus être annulé (corrigez plutôt sa date).")
        assert _row(profile, Pret, pret.id).date_retour == dt.date(2026, 4, 5)


def test_cancelled_loan_is_a_tombstone_and_the_item_is_free_again(profile, monde, tmp_path):
    j1, j2, velo, scooter, pret = monde
    assert _libres(profile)["Vélo de ville"] is False
    P.annuler_pret(profile, pret.id)
    stored = _row(profile, Pret, pret.id)
    assert stored is not None and stored.deleted  # never physically deleted (sync)
    assert _libres(profile)["Vélo de ville"] is True
    assert P.list_prets(profile) == [] and P.overdue(profile, dt.date(2026, 5, 1)) == []
    out = tmp_path / "prets.csv"
    assert export(profile, "prets", "csv", out) == 0
    for call in (lambda: P.annuler_pret(profile, pret.id), lambda: P.corriger_pret(profile, pret.id, {}),
                 lambda: P.return_pret(profile, pret.id, date_retour="01/04/2026")):
        with pytest.raises(UserError, match="annulé|n'existe pas"):
            call()
    # the vélo can be lent again at once
    P.start_pret(profile, {"objet_id": velo.id, "jeune_id": j2.id, "date_debut": "12/03/2026",
                           "date_fin_prevue": "12/04/2026"})


def test_item_retired_from_the_fleet_keeps_its_loans_and_is_no_longer_lent(profile, monde):
    j1, j2, velo, scooter, pret = monde
    with pytest.raises(UserError) as exc:
        P.set_objet_actif(profile, velo.id, False)
    assert exc.value.message == ("« Vélo de ville (PM-001) » est prêté jusqu'au 10/04/2026 : enregistrez d'abord "
                                 "son retour, puis retirez-le du parc.")
    assert _row(profile, ObjetPret, velo.id).actif
    P.return_pret(profile, pret.id, date_retour="05/04/2026")
    P.set_objet_actif(profile, velo.id, False)
    assert [(o.libelle, o.actif, libre) for o, libre in P.list_objets(profile)] == [
        ("Scooter électrique", True, True), ("Vélo de ville", False, False)]  # the retired ones last
    assert [p.id for p in P.list_prets(profile)] == [pret.id]  # history kept
    with pytest.raises(SaisieInvalide) as exc:
        P.start_pret(profile, {"objet_id": velo.id, "jeune_id": j2.id, "date_debut": "06/04/2026",
                               "date_fin_prevue": "20/04/2026"})
    assert exc.value.errors == {"objet_id": "Cet objet a été retiré du parc."}
    with pytest.raises(UserError, match="retiré du parc : remettez-le"):
        P.annuler_retour(profile, pret.id)
    other = P.start_pret(profile, {"objet_id": scooter.id, "jeune_id": j2.id, "date_debut": "06/04/2026",
                                   "date_fin_prevue": "20/04/2026"})
    with pytest.raises(SaisieInvalide, match="retiré du parc"):
        P.corriger_pret(profile, other.id, {"objet_id": velo.id})
    P.set_objet_actif(profile, velo.id, True)
    assert _libres(profile)["Vélo de ville"] is True
    P.corriger_pret(profile, other.id, {"objet_id": velo.id})


def test_item_corrected_and_marked_hors_service(profile, monde):
    j1, j2, velo, scooter, pret = monde
    P.save_objet(profile, {"type": "mobylette", "libelle": "Scooter Yadea", "reference": "AB-124-CD",
                           "etat": "hors_service"}, objet_id=scooter.id)
    stored = _row(profile, ObjetPret, scooter.id)
    assert (stored.libelle, stored.reference, stored.etat, stored.actif) == ("Scooter Yadea", "AB-124-CD",
                                                                            "hors_service", True)
    assert _libres(profile)["Scooter Yadea"] is False
    with pytest.raises(SaisieInvalide) as exc:
        P.save_objet(profile, {"type": "mobylette", "libelle": " "}, objet_id=scooter.id)
    assert exc.value.errors == {"libelle": "Le libellé de l'objet est obligatoire."}


def test_corrections_write_modifie_in_the_access_log(profile, monde):
    j1, j2, velo, scooter, pret = monde
    before = len(_journal(profile))
    P.corriger_pret(profile, pret.id, {"caution": "60"})
    P.corriger_pret(profile, pret.id, {"jeune_id": j2.id})  # the wrong borrower: both are concerned
    P.return_pret(profile, pret.id, date_retour="05/04/2026")
    P.annuler_retour(profile, pret.id)
    P.annuler_pret(profile, pret.id)
    P.set_objet_actif(profile, velo.id, False)  # about an item, no jeune concerned
    assert _journal(profile)[before:] == [
        ("modifie", j1.id, "prêt mobilité corrigé"),
        ("modifie", j1.id, "prêt mobilité corrigé"),
        ("modifie", j2.id, "prêt mobilité corrigé"),
        ("modifie", j2.id, "retour d'un prêt mobilité"),
        ("modifie", j2.id, "retour d'un prêt mobilité annulé"),
        ("modifie", j2.id, "prêt mobilité annulé")]


@pytest.mark.parametrize("role,allowed", [("direction", False), ("parrain", False), ("referent_parrainage", True),
                                          ("admin", True)])
def test_corrections_follow_mobilite_modifier(profile, monde, role, allowed):
    j1, j2, velo, scooter, pret = monde
    autre = vu_par(profile, utilisateur(profile, "Sofia", "Nguyen", role))
    rendu = P.start_pret(profile, {"objet_id": scooter.id, "jeune_id": j2.id, "date_debut": "01/03/2026",
                                   "date_fin_prevue": "05/03/2026"})
    P.return_pret(profile, rendu.id, date_retour="05/03/2026")
    before = len(_journal(profile))
    calls = [lambda: P.corriger_pret(autre, pret.id, {"caution": "80"}),
             lambda: P.annuler_retour(autre, rendu.id),
             lambda: P.annuler_pret(autre, pret.id),
             lambda: P.save_objet(autre, {"type": "velo", "libelle": "Vélo bleu"}, objet_id=velo.id),
             lambda: P.set_objet_actif(autre, velo.id, False)]  # free once its loan is cancelled
    appeler_selon_droit(calls, allowed)
    stored = _row(profile, Pret, pret.id)
    assert (stored.caution_centimes, stored.deleted) == ((8000, True) if allowed else (5000, False))
    assert (_row(profile, Pret, rendu.id).date_retour is None) is allowed
    assert (_row(profile, ObjetPret, velo.id).libelle == "Vélo bleu") is allowed
    assert _row(profile, ObjetPret, velo.id).actif is not allowed
    assert (len(_journal(profile)) > before) is allowed


def test_corrections_travel_as_field_ops_and_tombstones(profile, monde):
    from desktop_app.db.models.local import Outbox

    j1, j2, velo, scooter, pret = monde
    with profile.session() as s:
        start = max(o.counter for o in s.scalars(select(Outbox)))
    P.corriger_pret(profile, pret.id, {"caution": "80"})
    P.annuler_pret(profile, pret.id)
    P.set_objet_actif(profile, scooter.id, False)
    with profile.session() as s:
        ops = [(o.table_name, o.row_id, sorted(o.fields)) for o in s.scalars(
            select(Outbox).where(Outbox.counter > start).order_by(Outbox.counter)) if o.table_name != "journal_acces"]
    assert ops == [("pret", pret.id, ["caution_centimes"]), ("pret", pret.id, ["deleted"]),
                   ("objet_pret", scooter.id, ["actif"])]
