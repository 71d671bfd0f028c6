"""Parrainage screens: a parrain registered, a contract with two objectives printed, three rencontres logged and
listed in the compte-rendu; refusals shown beside the fields; a parrain's profile shows only its filleuls."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from desktop_app.services.parrainage import contrats
from desktop_app.services.parrainage import parrains as registre
from tests.support.parrainage import PARRAIN, jeune, utilisateur
from tests.support.vues import show_widget

TODAY = dt.date.today()


def _texte(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def ecran(qtbot, ctx):
    from desktop_app.views.parrainage.ecran import ParrainageScreen

    screen = ParrainageScreen(ctx)
    show_widget(qtbot, screen, 1100, 700, exposed=False)
    qtbot.waitUntil(lambda: screen.is_ready)  # the user's access is read off the UI thread
    return screen


def _choisir_jeune(qtbot, dialog, nom: str) -> None:
    dialog.jeune.search.setText(nom)
    qtbot.waitUntil(lambda: dialog.jeune.results.count() > 0)
    dialog.jeune.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.parrain.count() > 1)


def test_parrain_contract_print_rencontres_compte_rendu(qtbot, ctx, ecran):
    from PySide6.QtWidgets import QLabel

    assert ecran.findChild(QLabel, "sectionTitle").text() == "Parrainage"  # the shell's title convention
    form = ecran.parrains.form
    form.nom.setText("Moreau")
    form.prenom.setText("Gérard")
    form.statut.set_value("benevole_retraite")
    form.secteur.setText("Logistique")
    form.disponibilite.setText("mardi après-midi")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ecran.parrains.liste.rowCount() == 1)
    assert ecran.parrains.liste.item(0, 0).text() == "MOREAU Gérard"
    jeune(ctx.profile, "Inès", "Benali-Côté")

    ecran.binomes.new_contract()
    dialog = ecran.binomes.dialog
    _choisir_jeune(qtbot, dialog, "benali")
    assert dialog.parrain.currentText().startswith("Gérard Moreau — Logistique")
    for code, resultat in (("acces_emploi", "Décrocher un CDD de préparateur de commandes"),
                           ("logement", "Dossier de logement social déposé")):
        box, line = dialog.objectifs.lignes[code]
        box.setChecked(True)
        line.setText(resultat)
    dialog.debut.set_value(TODAY - dt.timedelta(days=20))
    dialog.consent_jeune.setChecked(True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    panel = ecran.binomes.panel
    qtbot.waitUntil(lambda: panel.objectifs.rowCount() == 2 and ecran.binomes.liste.rowCount() == 1)
    assert panel.entete.text() == "Inès Benali-Côté et Gérard Moreau"

    panel.preview_contrat()
    qtbot.waitUntil(lambda: panel.apercu is not None)
    text = _texte(panel.apercu._pdf)
    for expected in ("Inès Benali-Côté", "Gérard Moreau", "Amélie Lefèvre", "Accès à l'emploi", "Logement",
                     "Dossier de logement social déposé", "Le jeune", "Le conseiller ou la conseillère",
                     "Le parrain ou la marraine"):
        assert expected in text, expected
    panel.apercu.close()

    rencontres = [(TODAY - dt.timedelta(days=d), sujet) for d, sujet in
                  ((15, "Découverte du métier de préparateur"), (8, "Préparation d'un entretien"), (1, "Visite d'entrepôt"))]
    for k, (jour, sujet) in enumerate(rencontres, start=1):
        panel.form.date.set_value(jour)
        panel.form.lieu.setText("Médiathèque")
        panel.form.sujets.setText(sujet)
        qtbot.mouseClick(panel.form.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda k=k: panel.rencontres.rowCount() == k)
    assert panel.onglets.tabText(1) == "Rencontres (3)"
    assert panel.rencontres.item(0, 4).text() == "Visite d'entrepôt"  # most recent first

    panel.preview_compte_rendu()
    qtbot.waitUntil(lambda: panel.apercu is not None and "Compte-rendu" in panel.apercu.windowTitle())
    text = _texte(panel.apercu._pdf)
    for jour, sujet in rencontres:
        assert jour.strftime("%d/%m/%Y") in text and sujet in text
    assert "3 rencontres notées" in text


def test_contract_refusals_beside_fields(qtbot, ctx, ecran):
    registre.enregistrer_parrain(ctx.profile, PARRAIN)
    jeune(ctx.profile, "Noé", "Martin", naissance=TODAY.replace(year=TODAY.year - 16))
    ecran.binomes.new_contract()
    dialog = ecran.binomes.dialog
    qtbot.waitUntil(lambda: dialog.parrain.count() > 1)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.champs["jeune"].message.isVisible())
    assert dialog.champs["jeune"].message.text() == "Choisissez le jeune parrainé."
    assert "au moins un objectif" in dialog.objectifs.message.text()
    assert "accord" in dialog.champs["consentement_jeune"].message.text()
    assert dialog.result() != dialog.DialogCode.Accepted

    _choisir_jeune(qtbot, dialog, "martin")
    assert "représentant légal est requis" in dialog.mineur.text()
    dialog.objectifs.lignes["orientation"][0].setChecked(True)
    dialog.consent_jeune.setChecked(True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.champs["consentement_representant"].message.isVisible())
    assert "mineur" in dialog.champs["consentement_representant"].message.text()
    assert not dialog.champs["jeune"].message.isVisible() and not dialog.objectifs.message.isVisible()
    dialog.consent_rep.setChecked(True)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)

    panel = ecran.binomes.panel
    qtbot.waitUntil(lambda: panel.vue is not None)
    panel.close_pair()
    cloture = panel.cloture
    cloture.date.set_value(panel.vue.date_debut - dt.timedelta(days=1))
    cloture.issue.set_value("formation")
    cloture.save()
    qtbot.waitUntil(lambda: cloture.champs["date_fin"].message.isVisible())
    assert "précéder son début" in cloture.champs["date_fin"].message.text()


def test_parrain_form_refusals(qtbot, ecran):
    ecran.tabs.setCurrentWidget(ecran.parrains)
    form = ecran.parrains.form
    form.telephone.setText("12")
    form.save()
    qtbot.waitUntil(lambda: form.champs["nom"].message.isVisible())
    assert form.champs["nom"].message.text() == "Le nom est obligatoire."
    assert "téléphone" in form.champs["telephone"].message.text()
    assert "statut" in form.champs["statut"].message.text()


def test_reminder_and_network_figures(qtbot, ctx, ecran):
    p = registre.enregistrer_parrain(ctx.profile, PARRAIN)
    contrats.enregistrer_contrat(ctx.profile, {
        "jeune_id": jeune(ctx.profile, "Inès", "Benali"), "conseiller_id": ctx.profile.user_id, "parrain_id": p.id,
        "date_debut": TODAY - dt.timedelta(days=45), "consentement_jeune": True, "objectifs": ["logement"]})
    ctx.bus.notify({"parrainage"})
    qtbot.waitUntil(lambda: ecran.binomes.liste.rowCount() == 1 and ecran.reseau.relances.rowCount() == 1)
    assert ecran.binomes.liste.item(0, 3).text() == "⚠ 45 j sans rencontre"
    assert ecran.reseau.chiffres["binomes"].text() == "1"
    assert ecran.reseau.sorties.text().startswith("1 jeune parrainé, 0 en emploi")
    ecran.binomes.liste.selectRow(0)
    qtbot.waitUntil(lambda: bool(ecran.binomes.panel.relance.text()))
    assert "45 jours" in ecran.binomes.panel.relance.text()


def test_parrain_profile_shows_only_its_filleuls(qtbot, ctx):
    from desktop_app.views.parrainage.ecran import ParrainageScreen

    moi = utilisateur(ctx.profile, "Gérard", "Moreau", "parrain")
    mien = registre.enregistrer_parrain(ctx.profile, {**PARRAIN, "utilisateur_id": moi})
    autre = registre.enregistrer_parrain(ctx.profile, {**PARRAIN, "nom": "Roux", "prenom": "Léa"})
    for prenom, parrain in (("Inès", mien), ("Noé", autre)):
        contrats.enregistrer_contrat(ctx.profile, {
            "jeune_id": jeune(ctx.profile, prenom, "Benali"), "conseiller_id": ctx.profile.user_id,
            "parrain_id": parrain.id, "date_debut": TODAY, "consentement_jeune": True, "objectifs": ["logement"]})
    vue_parrain = dataclasses.replace(ctx, profile=dataclasses.replace(ctx.profile, user_id=moi))
    screen = ParrainageScreen(vue_parrain)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.is_ready)
    assert screen.tabs.count() == 1 and screen.tabs.tabText(0) == "Mes filleuls"
    assert screen.parrains is None and screen.reseau is None
    assert screen.binomes.nouveau.isHidden() and screen.binomes.panel.clore.isHidden()
    qtbot.waitUntil(lambda: screen.binomes.liste.rowCount() == 1)
    assert screen.binomes.liste.item(0, 0).text() == "Inès Benali"
