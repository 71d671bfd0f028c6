"""The Emploi section driven as a user: a recruitment day from invitation to report, an immersion refused at the
field (rest of the form kept) then signed."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import EvenementInvitation, Immersion, RendezVous, Situation, SuiviMaintien
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.emploi import entreprise, jeune, texte_pdf, tuteur


@pytest.fixture
def ecran(qtbot, ctx, profile):
    from desktop_app.views.emploi.ecran import EmploiScreen

    w = EmploiScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    return w


def _choisir(qtbot, combo, texte: str) -> None:
    qtbot.waitUntil(lambda: combo.findText(texte, Qt.MatchFlag.MatchStartsWith) >= 0)
    combo.setFocus()
    combo.lineEdit().clear()
    # QTest types ASCII only: the accented name is pasted, as the completer would complete it
    combo.lineEdit().setText(combo.itemText(combo.findText(texte, Qt.MatchFlag.MatchStartsWith)))


def _inviter(qtbot, tab, tape: str, nom: str) -> None:
    avant = len(tab.a_inviter)
    qtbot.keyClicks(tab.picker.search, tape)
    qtbot.waitUntil(lambda: tab.picker.results.count() > 0)
    qtbot.keyClick(tab.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(tab.a_inviter) == avant + 1)
    assert nom.split()[0] in tab.panier.text()


def _ligne(table, texte: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == texte)


def test_recruitment_day_from_invitation_to_report(qtbot, ecran, profile, monkeypatch):
    boite = entreprise(profile, "Transports Lemaire")
    entreprise(profile, "Hôtel du Parc")
    for prenom, nom in (("Inès", "Benali"), ("Kévin", "Lemaître")):
        jeune(profile, prenom, nom)
    ecran.context.bus.notify(frozenset({"partenaire", "jeune"}))  # as the directory's screens announce it
    tab = ecran.evenements
    ecran.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.nouvel, Qt.MouseButton.LeftButton)
    tab.type.setCurrentIndex(tab.type.findData("rdv_entreprise"))
    qtbot.keyClicks(tab.intitule, "Les rendez-vous de l'entreprise")
    qtbot.keyClicks(tab.date, aujourdhui(profile).strftime("%d/%m/%Y"))
    tab.lieu.setText("Salle des fêtes de Garges")
    qtbot.keyClicks(tab.objectif, "abc")
    qtbot.mouseClick(tab.enregistrer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.form.errors["objectif_jeunes"].text()))
    assert "nombre entier" in tab.form.errors["objectif_jeunes"].text()
    assert tab.intitule.text() == "Les rendez-vous de l'entreprise"  # the rest of the form is kept
    tab.objectif.setText("4")
    qtbot.mouseClick(tab.enregistrer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.liste.rowCount() == 1 and tab.evenement_id is not None)

    _choisir(qtbot, tab.entreprise, "Transports Lemaire")
    tab.nb_postes.setValue(1)
    tab.postes.setPlainText("Chauffeur·se livreur·se\nMagasinier·ère")
    qtbot.mouseClick(tab.ajouter_entreprise, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.form_entreprise.errors["nb_postes"].text()))
    assert tab.postes.toPlainText().startswith("Chauffeur")
    tab.nb_postes.setValue(3)
    qtbot.mouseClick(tab.ajouter_entreprise, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table_entreprises.rowCount() == 1)
    assert tab.table_entreprises.item(0, 1).text() == "3"

    tab.onglets.setCurrentIndex(1)
    _inviter(qtbot, tab, "Benali", "Inès Benali")
    _inviter(qtbot, tab, "lemaitre", "Kévin Lemaître")  # typed without its accent
    qtbot.mouseClick(tab.inviter, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table_invites.rowCount() == 2)
    assert "2 jeune(s) invité(s) et convoqué(s)" in tab.panier.text()
    with profile.session() as s:
        assert s.scalars(select(RendezVous)).one().intitule == "Les rendez-vous de l'entreprise"
    tab.table_invites.selectRow(_ligne(tab.table_invites, "Inès Benali"))
    qtbot.mouseClick(tab.present, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table_invites.item(_ligne(tab.table_invites, "Inès Benali"), 1).text() == "Présent·e")

    tab.onglets.setCurrentIndex(3)
    _choisir(qtbot, tab.entretien_jeune, "Inès Benali")
    _choisir(qtbot, tab.entretien_entreprise, "Transports Lemaire")
    tab.poste.setText("Chauffeur·se livreur·se")
    tab.issue.setCurrentIndex(tab.issue.findData("embauche"))
    tab.type_contrat.setCurrentIndex(tab.type_contrat.findData("cdi"))
    qtbot.keyClicks(tab.date_embauche, (aujourdhui(profile) - dt.timedelta(days=3)).strftime("%d/%m/%Y"))
    qtbot.mouseClick(tab.ajouter_entretien, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "précéder" in tab.form_entretien.errors["date_embauche"].text())
    assert tab.poste.text() == "Chauffeur·se livreur·se"
    tab.date_embauche.setText(aujourdhui(profile).strftime("%d/%m/%Y"))
    qtbot.mouseClick(tab.ajouter_entretien, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table_entretiens.rowCount() == 1)
    assert tab.table_entretiens.item(0, 3).text() == "Embauche"
    with profile.session() as s:
        sit = s.scalars(select(Situation)).one()
        assert (sit.categorie, sit.employeur) == ("emploi", "Transports Lemaire")
        assert s.scalars(select(SuiviMaintien)).one().situation_id == sit.id
        assert {i.presence for i in s.scalars(select(EvenementInvitation))} == {"present", "invite"}
    qtbot.waitUntil(lambda: "1 embauche(s)" in tab.resume.text())

    shown: list[bytes] = []
    monkeypatch.setattr("desktop_app.views.kit.apercu_pdf.show_pdf", lambda pdf, **_kw: shown.append(pdf))
    qtbot.mouseClick(tab.apercu, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    text = texte_pdf(shown[0])
    for expected in ("Bilan de l'événement emploi", "Entreprises présentes 1", "Postes proposés 3",
                     "Jeunes visés (objectif) 4", "Jeunes mobilisés (invités) 2", "Jeunes présents (touchés) 1",
                     "Entretiens menés 1", "Embauches 1"):
        assert expected in text, expected

    ecran.tabs.setCurrentWidget(ecran.maintien)
    qtbot.waitUntil(lambda: ecran.maintien.suivis.rowCount() == 1)
    assert ecran.maintien.suivis.item(0, 0).text() == "Inès Benali"
    assert boite


def test_immersion_refused_at_the_field_then_signed(qtbot, ecran, profile, monkeypatch):
    boite = entreprise(profile, "Boulangerie Les Épis d'Or")
    tuteur(profile, boite)
    jeune(profile, "Aïcha", "Diallo")
    ecran.context.bus.notify(frozenset({"partenaire", "contact_partenaire", "jeune"}))
    tab = ecran.immersions
    qtbot.waitUntil(lambda: tab.partenaire.count() == 1)
    qtbot.keyClicks(tab.jeune.search, "Diallo")
    qtbot.waitUntil(lambda: tab.jeune.results.count() > 0)
    qtbot.keyClick(tab.jeune.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.jeune.jeune_id is not None)
    _choisir(qtbot, tab.partenaire, "Boulangerie")
    tab.objectif.setCurrentIndex(tab.objectif.findData("decouvrir"))
    debut = aujourdhui(profile)
    qtbot.keyClicks(tab.debut, debut.strftime("%d/%m/%Y"))
    qtbot.keyClicks(tab.fin, (debut + dt.timedelta(days=45)).strftime("%d/%m/%Y"))
    tab.metier.setText("Boulanger·ère")
    qtbot.mouseClick(tab.enregistrer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.form.errors["tuteur_id"].text()))
    assert "obligatoire" in tab.form.errors["tuteur_id"].text()
    assert "au plus un mois" in tab.form.errors["date_fin"].text()
    assert tab.metier.text() == "Boulanger·ère" and tab.jeune.jeune_id is not None
    with profile.session() as s:
        assert s.scalars(select(Immersion)).all() == []
    _choisir(qtbot, tab.tuteur, "Hélène Garnier")
    tab.fin.setText((debut + dt.timedelta(days=10)).strftime("%d/%m/%Y"))
    qtbot.mouseClick(tab.enregistrer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1 and tab.signer.isVisible())
    assert tab.form.errors["date_fin"].text() == ""
    qtbot.mouseClick(tab.signer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Convention signée" in tab.statut.text() or "En cours" in tab.statut.text())
    shown: list[bytes] = []
    monkeypatch.setattr("desktop_app.views.kit.apercu_pdf.show_pdf", lambda pdf, **_kw: shown.append(pdf))
    qtbot.mouseClick(tab.apercu_convention, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    text = texte_pdf(shown[0])
    assert "Aïcha Diallo" in text and "Hélène Garnier" in text and "Boulangerie Les Épis d'Or" in text
    with profile.session() as s:
        assert s.scalars(select(Situation)).one().categorie == "immersion"
    monkeypatch.setattr("desktop_app.views.kit.formulaire.confirmer", lambda *_a: True)
    qtbot.mouseClick(tab.annuler, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Annulée" in tab.statut.text())
    with profile.session() as s:
        assert s.scalars(select(Situation)).one().deleted
        assert s.scalars(select(Immersion)).one().statut == "annulee"
    assert not tab.annuler.isVisible() and not tab.signer.isVisible()
