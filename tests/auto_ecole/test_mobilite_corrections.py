"""Correcting what was entered by mistake in the auto-école sociale: a versement corrected or cancelled (the
balance and the late-payment alerts follow), a suivi changed or removed, a regroupement moved or cancelled
(its attendance no longer counts), a moniteur removed and a driving school marked inactive (the parcours
already there keep them). Each correction checks the role and writes « modifie » in the jeune's access log."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import JournalAcces, Regroupement, RegroupementPresence, SuiviAutoEcole, Versement
from desktop_app.security.permissions import AccesRefuse
from desktop_app.services.auto_ecole import financement as AEF
from desktop_app.services.auto_ecole import parcours as AE
from desktop_app.services.auto_ecole import partenaires as AEP
from desktop_app.services.auto_ecole import regroupements as AER
from desktop_app.services.auto_ecole import contrat as CT
from desktop_app.services.auto_ecole.alertes import alerts
from desktop_app.domain.saisie import SaisieInvalide
from tests.support.mobilite import appeler_selon_droit, jeunes, parcours_complet
from tests.support.parrainage import utilisateur, vu_par


def _ligne(profile, parcours_id: str, financeur: str):
    return next(line for line in AEF.soldes(profile, parcours_id) if line.financeur == financeur)


def _journal(profile) -> list[tuple[str, str | None, str | None]]:
    with profile.session() as s:
        return [(e.action, e.jeune_id, e.objet)
                for e in s.scalars(select(JournalAcces).order_by(JournalAcces.quand, JournalAcces.id))]


def _row(profile, model, record_id):
    with profile.session() as s:
        return s.get(model, record_id)


@pytest.fixture
def parcours(profile):
    return parcours_complet(profile, jeunes(profile, 1)[0])  # starts 01/03/2026


def test_versements_listed_on_their_line_oldest_first(profile, parcours):
    faj = _ligne(profile, parcours.id, "faj")
    AEF.add_versement(profile, faj.id, date="20/03/2026", montant="200", date_prevue="15/03/2026")
    AEF.add_versement(profile, faj.id, date="02/03/2026", montant="100")
    line = _ligne(profile, parcours.id, "faj")
    assert [(v.date, v.date_prevue, v.montant_centimes) for v in line.versements] == [
        (dt.date(2026, 3, 2), None, 10000), (dt.date(2026, 3, 20), dt.date(2026, 3, 15), 20000)]
    assert [v.id for v in AEF.versements(profile, faj.id)] == [v.id for v in line.versements]
    assert line.recu_centimes == 30000 and line.solde_centimes == 35000
    assert _ligne(profile, parcours.id, "jeune").versements == ()


def test_corrected_versement_changes_amount_dates_and_balance(profile, parcours):
    faj = _ligne(profile, parcours.id, "faj")
    v = AEF.add_versement(profile, faj.id, date="10/03/2026", montant="60")  # meant 600
    AEF.corriger_versement(profile, v.id, date="11/03/2026", montant="600,00", date_prevue="05/03/2026")
    stored = _row(profile, Versement, v.id)
    assert (stored.date, stored.date_prevue, stored.montant_centimes) == (
        dt.date(2026, 3, 11), dt.date(2026, 3, 5), 60000)
    assert _ligne(profile, parcours.id, "faj").solde_centimes == 5000
    # the versement's own old amount does not count against the line: 650 € are allowed, 650,01 € are not
    AEF.corriger_versement(profile, v.id, date="11/03/2026", montant="650")
    with pytest.raises(SaisieInvalide) as exc:
        AEF.corriger_versement(profile, v.id, date="11/03/2026", montant="650,01")
    assert exc.value.errors["montant"] == "Il ne reste que 650,00\u202f€ à recevoir sur cette ligne."
    assert _row(profile, Versement, v.id).montant_centimes == 65000


def test_correction_refuses_what_add_versement_refuses(profile, parcours):
    faj = _ligne(profile, parcours.id, "faj")
    v = AEF.add_versement(profile, faj.id, date="10/03/2026", montant="60")
    for fields, key, text in (({"date": "", "montant": "60"}, "date", "obligatoire"),
                              ({"date": "31/02/2026", "montant": "60"}, "date", ""),
                              ({"date": "10/03/2026", "montant": "-5"}, "montant", "négatif"),
                              ({"date": "10/03/2026", "montant": "0"}, "montant", "positif"),
                              ({"date": "10/03/2026", "montant": "douze"}, "montant", "nombre")):
        with pytest.raises(SaisieInvalide) as exc:
            AEF.corriger_versement(profile, v.id, **fields)
        assert text in exc.value.errors[key], (fields, exc.value.errors)
    stored = _row(profile, Versement, v.id)
    assert (stored.date, stored.montant_centimes) == (dt.date(2026, 3, 10), 6000)


def test_cancelled_versement_is_a_tombstone_and_the_late_payment_comes_back(profile, parcours):
    dep = _ligne(profile, parcours.id, "departement")
    jeune = _ligne(profile, parcours.id, "jeune")
    AEF.add_versement(profile, jeune.id, date="05/03/2026", montant="30")
    wrong = AEF.add_versement(profile, dep.id, date="02/03/2026", montant="250")
    assert alerts(profile, dt.date(2026, 3, 20)) == []
    AEF.annuler_versement(profile, wrong.id)
    stored = _row(profile, Versement, wrong.id)
    assert stored is not None and stored.deleted  # never physically deleted (sync)
    line = _ligne(profile, parcours.id, "departement")
    assert line.versements == () and line.recu_centimes == 0 and line.solde_centimes == 50000
    [late] = alerts(profile, dt.date(2026, 3, 20))
    assert late.kind == "paiement" and "Département" in late.message and "250,00" in late.message
    with pytest.raises(Exception, match="déjà été annulé"):
        AEF.annuler_versement(profile, wrong.id)
    with pytest.raises(Exception, match="annulé"):
        AEF.corriger_versement(profile, wrong.id, date="02/03/2026", montant="250")
    # a versement corrected down (250 € → 100 €): 150 € are late again
    ok = AEF.add_versement(profile, dep.id, date="02/03/2026", montant="250")
    AEF.corriger_versement(profile, ok.id, date="02/03/2026", montant="100")
    [late] = alerts(profile, dt.date(2026, 3, 20))
    assert "150,00" in late.message


def test_suivi_corrected_then_deleted(profile, parcours):
    s1 = AE.add_suivi(profile, parcours.id, date="10/03/2026", axe="conduite", observation="Créneaux réussis",
                      heures_effectuees=4)
    s2 = AE.add_suivi(profile, parcours.id, date="12/03/2026", axe="freins", observation="Garde d'enfant")
    AE.modifier_suivi(profile, s1.id, date="11/03/2026", axe="valeurs", observation="Ponctualité : à travailler",
                      heures_effectuees="")
    stored = _row(profile, SuiviAutoEcole, s1.id)
    assert (stored.date, stored.axe, stored.observation, stored.heures_effectuees) == (
        dt.date(2026, 3, 11), "valeurs", "Ponctualité : à travailler", None)
    with pytest.raises(SaisieInvalide) as exc:
        AE.modifier_suivi(profile, s1.id, date="", axe="inconnu")
    assert set(exc.value.errors) == {"date", "axe"}
    assert _row(profile, SuiviAutoEcole, s1.id).axe == "valeurs"
    AE.supprimer_suivi(profile, s2.id)
    assert [s.id for s in AE.suivis(profile, parcours.id)] == [s1.id]
    assert _row(profile, SuiviAutoEcole, s2.id).deleted
    with pytest.raises(Exception, match="supprimé"):
        AE.modifier_suivi(profile, s2.id, date="12/03/2026", axe="freins")


def test_regroupement_moved_then_cancelled_no_longer_missed(profile, parcours):
    from desktop_app.db.models import Lieu

    with profile.session() as s:
        lieu = Lieu(structure_id=profile.structure_id, nom="Antenne de Garges", type="antenne")
        s.add(lieu)
        s.commit()
        lieu_id = lieu.id
    r = AER.plan_regroupement(profile, date="15/03/2026", theme="Le code en groupe")
    AER.modifier_regroupement(profile, r.id, date="17/03/2026", theme="Réviser le code", lieu_id=lieu_id)
    stored = _row(profile, Regroupement, r.id)
    assert (stored.date, stored.theme, stored.lieu_id) == (dt.date(2026, 3, 17), "Réviser le code", lieu_id)
    with pytest.raises(SaisieInvalide) as exc:
        AER.modifier_regroupement(profile, r.id, date="")
    assert "obligatoire" in exc.value.errors["date"]
    for line in AEF.soldes(profile, parcours.id):  # no late payment in the way
        if line.financeur in ("jeune", "departement"):
            AEF.add_versement(profile, line.id, date="02/03/2026", montant="30" if line.financeur == "jeune" else "250")
    assert [a.kind for a in alerts(profile, dt.date(2026, 3, 20))] == ["regroupement"]
    assert "17/03/2026" in alerts(profile, dt.date(2026, 3, 20))[0].message
    AER.set_presence_regroupement(profile, r.id, parcours.id, False)
    AER.annuler_regroupement(profile, r.id)
    assert alerts(profile, dt.date(2026, 3, 20)) == []
    assert AER.list_regroupements(profile) == [] and AER.presences_regroupement(profile, parcours.id) == {}
    with profile.session() as s:
        assert s.get(Regroupement, r.id).deleted
        assert all(p.deleted for p in s.scalars(select(RegroupementPresence)))
    with pytest.raises(Exception, match="annulé"):
        AER.set_presence_regroupement(profile, r.id, parcours.id, True)


def test_moniteur_removed_kept_on_its_parcours_and_school_inactive(profile, parcours):
    ae_id, m_id = parcours.auto_ecole_id, parcours.moniteur_id
    other = AEP.add_moniteur(profile, ae_id, nom="Durnad", prenom="Ines")
    AEP.modifier_moniteur(profile, other.id, nom=" Durand ", prenom="Inès")  # typo corrected
    with pytest.raises(SaisieInvalide) as exc:
        AEP.modifier_moniteur(profile, other.id, nom="  ", prenom="Inès")
    assert exc.value.errors == {"moniteur_nom": "Le nom du moniteur est obligatoire."}
    assert [(m.prenom, m.nom) for m in AEP.moniteurs(profile, ae_id)] == [("Karim", "Benali"), ("Inès", "Durand")]
    AEP.retirer_moniteur(profile, m_id)
    assert [m.id for m in AEP.moniteurs(profile, ae_id)] == [other.id]
    assert [m.id for m in AEP.moniteurs(profile, ae_id, garder=m_id)] == [other.id, m_id]
    assert AE.get_parcours(profile, parcours.id).moniteur_id == m_id
    assert CT.contrat_data(profile, parcours.id)["auto_ecole"]["moniteur"] == "Karim Benali"
    AE.save_parcours(profile, {"heures_planifiees": 42, "moniteur_id": m_id}, parcours_id=parcours.id)  # unchanged
    with pytest.raises(SaisieInvalide) as exc:  # another parcours cannot be given the removed moniteur
        p2 = AE.save_parcours(profile, {"jeune_id": parcours.jeune_id, "auto_ecole_id": ae_id}, confirme=True)
        AE.save_parcours(profile, {"moniteur_id": m_id}, parcours_id=p2.id)
    assert "retiré" in exc.value.errors["moniteur_id"]
    # inactive school: kept by its parcours, refused for a new one, listed with its flag
    AEP.set_auto_ecole_active(profile, ae_id, False)
    assert [(a.id, a.actif) for a in AEP.list_auto_ecoles(profile)] == [(ae_id, False)]
    AE.save_parcours(profile, {"heures_planifiees": 44, "auto_ecole_id": ae_id}, parcours_id=parcours.id)
    assert AE.get_parcours(profile, parcours.id).heures_planifiees == 44
    with pytest.raises(SaisieInvalide) as exc:
        AE.save_parcours(profile, {"jeune_id": parcours.jeune_id, "auto_ecole_id": ae_id}, confirme=True)
    assert "n'est plus partenaire" in exc.value.errors["auto_ecole_id"]
    AEP.set_auto_ecole_active(profile, ae_id, True)
    AE.save_parcours(profile, {"jeune_id": parcours.jeune_id, "auto_ecole_id": ae_id}, confirme=True)


def test_corrections_write_modifie_in_the_access_log(profile, parcours):
    jid = parcours.jeune_id
    faj = _ligne(profile, parcours.id, "faj")
    v = AEF.add_versement(profile, faj.id, date="10/03/2026", montant="60")
    suivi = AE.add_suivi(profile, parcours.id, date="10/03/2026", axe="conduite")
    r = AER.plan_regroupement(profile, date="15/03/2026")
    AER.set_presence_regroupement(profile, r.id, parcours.id, True)
    before = len(_journal(profile))
    AEF.corriger_versement(profile, v.id, date="10/03/2026", montant="600")
    AEF.annuler_versement(profile, v.id)
    AE.modifier_suivi(profile, suivi.id, date="10/03/2026", axe="freins")
    AE.supprimer_suivi(profile, suivi.id)
    AER.modifier_regroupement(profile, r.id, date="16/03/2026")
    AER.annuler_regroupement(profile, r.id)
    assert _journal(profile)[before:] == [
        ("modifie", jid, "versement corrigé (parcours auto-école)"),
        ("modifie", jid, "versement annulé (parcours auto-école)"),
        ("modifie", jid, "suivi auto-école modifié"),
        ("modifie", jid, "suivi auto-école supprimé"),
        ("modifie", jid, "regroupement auto-école modifié"),
        ("modifie", jid, "regroupement auto-école annulé")]


@pytest.mark.parametrize("role", ["referent_parrainage", "direction", "parrain"])
def test_roles_that_may_not_correct_the_financing_are_refused_and_nothing_changes(profile, parcours, role):
    autre = vu_par(profile, utilisateur(profile, "Marc", "Petit", role))
    faj = _ligne(profile, parcours.id, "faj")
    v = AEF.add_versement(profile, faj.id, date="10/03/2026", montant="60")
    before = len(_journal(profile))
    for call in (lambda: AEF.corriger_versement(autre, v.id, date="10/03/2026", montant="600"),
                 lambda: AEF.annuler_versement(autre, v.id)):
        with pytest.raises(AccesRefuse, match="financement|mobilité"):
            call()
    stored = _row(profile, Versement, v.id)
    assert stored.montant_centimes == 6000 and not stored.deleted
    assert len(_journal(profile)) == before


@pytest.mark.parametrize("role,allowed", [("direction", False), ("parrain", False), ("referent_parrainage", True),
                                          ("admin", True)])
def test_suivi_regroupement_moniteur_school_corrections_follow_mobilite_modifier(profile, parcours, role, allowed):
    autre = vu_par(profile, utilisateur(profile, "Sofia", "Nguyen", role))
    suivi = AE.add_suivi(profile, parcours.id, date="10/03/2026", axe="conduite")
    r = AER.plan_regroupement(profile, date="15/03/2026")
    calls = [lambda: AE.modifier_suivi(autre, suivi.id, date="11/03/2026", axe="freins"),
             lambda: AE.supprimer_suivi(autre, suivi.id),
             lambda: AER.modifier_regroupement(autre, r.id, date="16/03/2026"),
             lambda: AER.annuler_regroupement(autre, r.id),
             lambda: AEP.modifier_moniteur(autre, parcours.moniteur_id, nom="Benali", prenom="Karim"),
             lambda: AEP.retirer_moniteur(autre, parcours.moniteur_id),
             lambda: AEP.set_auto_ecole_active(autre, parcours.auto_ecole_id, False)]
    appeler_selon_droit(calls, allowed)
    assert _row(profile, SuiviAutoEcole, suivi.id).deleted is allowed
    assert _row(profile, Regroupement, r.id).deleted is allowed
    assert [a.actif for a in AEP.list_auto_ecoles(profile)] == [not allowed]


@pytest.mark.parametrize("role,allowed", [("direction", True), ("referent_parrainage", False), ("parrain", False)])
def test_versements_list_follows_financement_lire(profile, parcours, role, allowed):
    autre = vu_par(profile, utilisateur(profile, "Julie", "Durand", role))
    faj = _ligne(profile, parcours.id, "faj")
    AEF.add_versement(profile, faj.id, date="10/03/2026", montant="60")
    if allowed:
        assert [v.montant_centimes for v in AEF.versements(autre, faj.id)] == [6000]
    else:
        with pytest.raises(AccesRefuse):
            AEF.versements(autre, faj.id)


def test_a_line_cannot_fall_below_what_it_has_received(profile, parcours):
    lignes = AEF.soldes(profile, parcours.id)
    faj = next(line for line in lignes if line.financeur == "faj")
    AEF.add_versement(profile, faj.id, date="10/03/2026", montant="600")
    rows = [{"id": line.id, "financeur": line.financeur, "montant": line.montant_centimes,
             "echeancier": line.echeancier} for line in lignes]
    n = next(i for i, r in enumerate(rows) if r["id"] == faj.id)
    rows[n]["montant"] = 50000  # 500 € < 600 € received
    rows[0]["montant"] += 15000
    with pytest.raises(SaisieInvalide) as exc:
        AEF.set_financement(profile, parcours.id, rows)
    assert exc.value.errors == {f"lignes.{n}.montant": "La ligne « Fonds d'aide aux jeunes (FAJ) » a déjà reçu "
                                                       "600,00\u202f€ : son montant ne peut pas être inférieur "
                                                       "(corrigez ou annulez d'abord un versement)."}
    assert _ligne(profile, parcours.id, "faj").montant_centimes == 65000
    rows[n]["montant"], rows[0]["montant"] = 60000, rows[0]["montant"] - 10000  # exactly what was received: fine
    AEF.set_financement(profile, parcours.id, rows)
    assert _ligne(profile, parcours.id, "faj").solde_centimes == 0


def test_cancellations_travel_as_tombstones_in_the_outbox(profile, parcours):
    from desktop_app.db.models.local import Outbox

    faj = _ligne(profile, parcours.id, "faj")
    v = AEF.add_versement(profile, faj.id, date="10/03/2026", montant="60")
    suivi = AE.add_suivi(profile, parcours.id, date="10/03/2026", axe="conduite")
    r = AER.plan_regroupement(profile, date="15/03/2026")
    AER.set_presence_regroupement(profile, r.id, parcours.id, True)
    with profile.session() as s:
        start = max(o.counter for o in s.scalars(select(Outbox)))
    AEF.corriger_versement(profile, v.id, date="10/03/2026", montant="600")
    AEF.annuler_versement(profile, v.id)
    AE.supprimer_suivi(profile, suivi.id)
    AER.annuler_regroupement(profile, r.id)
    AEP.retirer_moniteur(profile, parcours.moniteur_id)
    AEP.set_auto_ecole_active(profile, parcours.auto_ecole_id, False)
    with profile.session() as s:
        ops = [(o.table_name, o.row_id, sorted(o.fields)) for o in s.scalars(
            select(Outbox).where(Outbox.counter > start).order_by(Outbox.counter)) if o.table_name != "journal_acces"]
    assert ("versement", v.id, ["montant_centimes"]) in ops
    assert ("versement", v.id, ["deleted"]) in ops
    assert ("suivi_auto_ecole", suivi.id, ["deleted"]) in ops
    assert ("regroupement", r.id, ["deleted"]) in ops
    assert [op[2] for op in ops if op[0] == "regroupement_presence"] == [["deleted"]]
    assert ("moniteur", parcours.moniteur_id, ["deleted"]) in ops
    assert ("auto_ecole", parcours.auto_ecole_id, ["actif"]) in ops
