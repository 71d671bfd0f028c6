"""Each À faire source: a case that appears, one that does not; snoozing hides a line until its date."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import (
    AutoEcole,
    DispositifParticipation,
    FinancementLigne,
    Parrain,
    Parrainage,
    ParcoursAutoEcole,
    Proposition,
    ReglageUtilisateur,
    ReportAFaire,
    Versement,
)
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.aujourdhui import a_faire, reglages, reports

J = dt.timedelta(days=1)


def lignes(profile, **kw):
    return a_faire.elements(profile, a_faire.contexte(profile, **kw))


def par_sorte(profile, sorte, **kw):
    return [e for e in lignes(profile, **kw) if e.sorte == sorte]


def test_jeune_without_contact_for_n_weeks_of_his_referent(profile, fab):
    vieux = fab.jeune("Cœur", "Maëlle", date_dernier_contact=fab.jour - 9 * 7 * J)
    fab.jeune("Récent", "Noé", date_dernier_contact=fab.jour - 3 * 7 * J)
    fab.jeune("Archivé", "Inès", date_dernier_contact=fab.jour - 40 * 7 * J, statut="archive")
    rdv_prevu = fab.jeune("Attendu", "Yanis", date_dernier_contact=fab.jour - 20 * 7 * J)
    fab.rendez_vous([rdv_prevu.id], fab.jour + 2 * J)
    found = par_sorte(profile, "sans_contact")
    assert [e.jeune_id for e in found] == [vieux.id]
    e = found[0]
    assert e.ouvrir == ("jeune", vieux.id) and e.cle == f"sans_contact:{vieux.id}"
    assert "CŒUR Maëlle" in e.texte and f"{(fab.jour - 63 * J):%d/%m/%Y}" in e.texte
    assert e.libelle_sorte == "Sans contact depuis 8 semaines ou plus"

    reglages.enregistrer(profile, {"sans_contact_semaines": "12"})  # N is the conseiller's own setting
    assert par_sorte(profile, "sans_contact") == []
    assert reglages.lire(profile, reglages.SANS_CONTACT) == 12
    with profile.session() as s:  # stored in the synced per-user table
        row = s.scalars(select(ReglageUtilisateur)).one()
        assert (row.utilisateur_id, row.cle, row.valeur) == (profile.user_id, "aujourdhui.sans_contact_semaines",
                                                             "12")
    reglages.enregistrer(profile, {"sans_contact_semaines": "6"})
    assert [e.jeune_id for e in par_sorte(profile, "sans_contact")] == [vieux.id]


def test_sans_contact_setting_refuses_bad_input_at_its_field(profile):
    for bad, mot in (("douze", "nombre de semaines"), ("0", "entre 1 et 104")):
        with pytest.raises(SaisieInvalide) as exc:
            reglages.enregistrer(profile, {"sans_contact_semaines": bad})
        assert mot in exc.value.errors["sans_contact_semaines"]
    assert reglages.lire(profile, reglages.SANS_CONTACT) == 8


def test_other_conseillers_jeunes_only_for_the_whole_structure(profile, fab):
    autre = fab.conseiller("Benali")
    j = fab.jeune("Garçon", "Jérôme", referent_id=autre.id, date_dernier_contact=fab.jour - 30 * 7 * J)
    assert par_sorte(profile, "sans_contact", conseiller_id=profile.user_id) == []
    assert [e.jeune_id for e in par_sorte(profile, "sans_contact")] == [j.id]
    assert [e.jeune_id for e in par_sorte(profile, "sans_contact", conseiller_id=autre.id)] == [j.id]


def test_cej_and_pacea_ending_within_30_days(profile, fab):
    j = fab.jeune("N'Diaye", "Éloïse")
    bientot = fab.ajouter(DispositifParticipation(jeune_id=j.id, type="cej", date_debut=fab.jour - 300 * J,
                                                  date_fin_prevue=fab.jour + 10 * J))
    fab.ajouter(DispositifParticipation(jeune_id=j.id, type="pacea", date_debut=fab.jour - 300 * J,
                                        date_fin_prevue=fab.jour + 60 * J))  # too far
    fab.ajouter(DispositifParticipation(jeune_id=j.id, type="cej", date_debut=fab.jour - 300 * J,
                                        date_fin_prevue=fab.jour + 5 * J, date_fin_reelle=fab.jour - J))  # left
    fab.ajouter(DispositifParticipation(jeune_id=j.id, type="ppae", date_debut=fab.jour - 300 * J,
                                        date_fin_prevue=fab.jour + 5 * J))  # not followed here
    found = par_sorte(profile, "fin_dispositif")
    assert [e.cle for e in found] == [f"fin_dispositif:{bientot.id}"]
    assert found[0].echeance == fab.jour + 10 * J
    assert f"CEJ : se termine le {(fab.jour + 10 * J):%d/%m/%Y}" in found[0].texte


def test_open_proposition_past_its_echeance(profile, fab):
    j = fab.jeune("Lefèbvre", "Anaïs")
    echue = fab.ajouter(Proposition(jeune_id=j.id, theme="formation", libelle="Formation cariste",
                                    date_proposition=fab.jour - 40 * J, date_echeance=fab.jour - 2 * J))
    fab.ajouter(Proposition(jeune_id=j.id, theme="emploi", libelle="Offre boulangerie", statut="realisee",
                            date_proposition=fab.jour - 40 * J, date_echeance=fab.jour - 2 * J))
    fab.ajouter(Proposition(jeune_id=j.id, theme="emploi", libelle="Job dating", date_proposition=fab.jour,
                            date_echeance=fab.jour + 3 * J))
    found = par_sorte(profile, "proposition_echue")
    assert [e.cle for e in found] == [f"proposition:{echue.id}"]
    assert "Formation cariste" in found[0].texte and f"{(fab.jour - 2 * J):%d/%m/%Y}" in found[0].texte


def _parrainage(profile, fab, jeune, debut):
    parrain = fab.ajouter(Parrain(structure_id=profile.structure_id, nom="Mercier", prenom="Hélène",
                                  statut="actif"))
    return fab.ajouter(Parrainage(jeune_id=jeune.id, conseiller_id=profile.user_id, parrain_id=parrain.id,
                                  date_debut=debut, rythme_jours=30, statut="en_cours"))


def test_parrainage_meetings_overdue(profile, fab):
    en_retard = _parrainage(profile, fab, fab.jeune("Cœur", "Maëlle"), fab.jour - 45 * J)
    _parrainage(profile, fab, fab.jeune("Récent", "Noé"), fab.jour - 10 * J)
    found = par_sorte(profile, "parrainage")
    assert [e.cle for e in found] == [f"parrainage:{en_retard.id}"]
    assert "Hélène Mercier" in found[0].texte and "aucune rencontre depuis le début" in found[0].texte


def _parcours(profile, fab, jeune, echeancier, debut):
    ae = fab.ajouter(AutoEcole(structure_id=profile.structure_id, nom="Auto-école Solidaire"))
    p = fab.ajouter(ParcoursAutoEcole(jeune_id=jeune.id, auto_ecole_id=ae.id, date_debut=debut, statut="en_cours"))
    return fab.ajouter(FinancementLigne(parcours_id=p.id, financeur="jeune", montant_centimes=30000,
                                        echeancier=echeancier))


def test_auto_ecole_instalments_due(profile, fab):
    debut = fab.jour - 95 * J
    due = _parcours(profile, fab, fab.jeune("Cœur", "Maëlle"), "10 × 30 €", debut)
    payee = _parcours(profile, fab, fab.jeune("Payé", "Noé"), "10 × 30 €", debut)
    for n in range(4):
        fab.ajouter(Versement(ligne_id=payee.id, date=debut + n * 30 * J, montant_centimes=3000))
    found = par_sorte(profile, "versement")
    assert [e.cle for e in found] == [f"versement:{due.id}"]
    assert "attendus depuis le" in found[0].texte and "€" in found[0].texte


def test_twins_to_review_are_one_line_opening_the_review(profile, fab, monkeypatch):
    from desktop_app.services.jeunes import doublons_recus

    assert par_sorte(profile, "doublons") == []
    a, b = fab.jeune("Martin", "Léa"), fab.jeune("Martin", "Léa")
    from desktop_app.db.meta import set_meta

    with profile.session() as s:
        set_meta(s.connection(), doublons_recus.PAIRES, f'[["{a.id}", "{b.id}", "même nom"]]')
        s.commit()
    found = par_sorte(profile, "doublons")
    assert len(found) == 1 and found[0].ouvrir == ("doublons", "")
    assert found[0].texte.startswith("1 paire de dossiers à examiner : MARTIN Léa / MARTIN Léa")


def test_past_rendez_vous_still_planned_needs_its_outcome(profile, fab):
    j = fab.jeune("N'Diaye", "Éloïse")
    hier = fab.rendez_vous([j.id], fab.jour - J, dt.time(14), dt.time(14, 30))
    fab.rendez_vous([j.id], fab.jour - 2 * J, statut="honore")
    fab.rendez_vous([j.id], fab.jour)  # today: not yet
    found = par_sorte(profile, "rendez_vous_a_saisir")
    assert [e.cle for e in found] == [f"rendez_vous:{hier.id}"]
    assert found[0].ouvrir == ("rendez_vous", hier.id) and found[0].jeune_id == j.id
    assert f"rendez-vous du {(fab.jour - J):%d/%m/%Y} à 14 h 00" in found[0].texte
    assert "résultat à saisir" in found[0].texte


def test_lines_sorted_by_echeance(profile, fab):
    j = fab.jeune("Cœur", "Maëlle", date_dernier_contact=fab.jour - 20 * 7 * J)
    fab.ajouter(Proposition(jeune_id=j.id, theme="formation", libelle="Formation", date_proposition=fab.jour - 9 * J,
                            date_echeance=fab.jour - 8 * J))
    fab.ajouter(DispositifParticipation(jeune_id=j.id, type="cej", date_debut=fab.jour - 300 * J,
                                        date_fin_prevue=fab.jour + 3 * J))
    sortes = [e.sorte for e in lignes(profile)]
    assert sortes == ["sans_contact", "proposition_echue", "fin_dispositif"]
    groupes = a_faire.par_sorte(lignes(profile))
    assert [(s, len(x)) for s, _l, x in groupes] == [("sans_contact", 1), ("proposition_echue", 1),
                                                     ("fin_dispositif", 1)]


def test_snooze_hides_a_line_until_its_date(profile, fab):
    j = fab.jeune("Lefèbvre", "Anaïs")
    p = fab.ajouter(Proposition(jeune_id=j.id, theme="formation", libelle="Formation cariste",
                                date_proposition=fab.jour - 40 * J, date_echeance=fab.jour - 2 * J))
    cle = f"proposition:{p.id}"
    reports.reporter(profile, {"cle": cle, "jusqu_au": (fab.jour + 3 * J).strftime("%d/%m/%Y"), "jeune_id": j.id})
    assert par_sorte(profile, "proposition_echue") == []
    with profile.session() as s:
        row = s.scalars(select(ReportAFaire)).one()
        assert (row.utilisateur_id, row.cle, row.jusqu_au, row.jeune_id) == (profile.user_id, cle, fab.jour + 3 * J,
                                                                            j.id)
    ctx = a_faire.contexte(profile, jour=fab.jour + 2 * J)
    assert [e.cle for e in a_faire.elements(profile, ctx) if e.sorte == "proposition_echue"] == []
    ctx = a_faire.contexte(profile, jour=fab.jour + 3 * J)  # shows again on the day
    assert [e.cle for e in a_faire.elements(profile, ctx) if e.sorte == "proposition_echue"] == [cle]
    assert [e.cle for e in a_faire.elements(profile, a_faire.contexte(profile), avec_reportes=True)] == [cle]
    reports.reporter(profile, {"cle": cle, "jusqu_au": fab.jour + 10 * J})  # again: the same row moves
    with profile.session() as s:
        assert [r.jusqu_au for r in s.scalars(select(ReportAFaire))] == [fab.jour + 10 * J]
    assert reports.annuler(profile, cle)
    assert [e.cle for e in par_sorte(profile, "proposition_echue")] == [cle]


@pytest.mark.parametrize("quand, mot", [(0, "après aujourd'hui"), (-3, "après aujourd'hui"),
                                        (400, "au plus à un an"), ("31/02/2026", "")])
def test_snooze_date_refused_at_its_field(profile, fab, quand, mot):
    jusqu_au = fab.jour + quand * J if isinstance(quand, int) else quand
    with pytest.raises(SaisieInvalide) as exc:
        reports.reporter(profile, {"cle": "proposition:x", "jusqu_au": jusqu_au})
    assert mot in exc.value.errors["jusqu_au"]
    with profile.session() as s:
        assert s.scalars(select(ReportAFaire)).first() is None


def test_snooze_follows_the_hub_corrected_today(profile, fab):
    """The laptop's clock is two days late: the hub-corrected today has already reached the snooze's date."""
    from tests.support.horloge import DAY

    j = fab.jeune("Lefèbvre", "Anaïs")
    p = fab.ajouter(Proposition(jeune_id=j.id, theme="formation", libelle="Formation cariste",
                                date_proposition=fab.jour - 40 * J, date_echeance=fab.jour - 2 * J))
    reports.reporter(profile, {"cle": f"proposition:{p.id}", "jusqu_au": fab.jour + J})
    assert par_sorte(profile, "proposition_echue") == []
    profile.clock.offset_ms = 2 * DAY  # learned from the hub (desktop_app.sync.clock_sync)
    assert [e.cle for e in par_sorte(profile, "proposition_echue")] == [f"proposition:{p.id}"]
