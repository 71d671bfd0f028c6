"""Issue 15, driven as a user: the dossier's « Documents » menu — attestations and synthèse in the PDF preview,
a rendez-vous' convocation and its copyable SMS / e-mail text, the « Messages envoyés » received from the hub."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.db.models import MessageRendezVous
from desktop_app.views.jeunes.dossier import DossierWindow
from desktop_app.views.kit.apercu_pdf import ApercuPdfDialog
from tests.support.rappels import dossier_complet, rdv


def _dossier(qtbot, ctx, jeune_id):
    w = DossierWindow(ctx, jeune_id)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.is_loaded)
    return w


def _apercu(qtbot, owner) -> ApercuPdfDialog:
    qtbot.waitUntil(lambda: isinstance(getattr(owner, "apercu", None), ApercuPdfDialog) and owner.apercu.isVisible())
    return owner.apercu


def test_documents_menu_attestations_and_synthese(qtbot, ctx, profile):
    ids = dossier_complet(profile)
    w = _dossier(qtbot, ctx, ids["jeune"])
    bouton = w.documents_button
    assert bouton.isEnabled() and bouton.text() == "Documents"
    assert [a.text() for a in bouton.menu().actions()] == [
        "Attestation d'inscription et de suivi", "Attestation de présence…", "Synthèse du parcours…",
        "Rendez-vous : convocations et messages…"]
    bouton.actions_menu["suivi"].trigger()
    apercu = _apercu(qtbot, bouton)
    assert "Attestation d'inscription et de suivi" in apercu.windowTitle()
    apercu.close()

    bouton.actions_menu["presence"].trigger()
    dialog = bouton.dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4)
    assert {dialog.table.item(r, 1).text() for r in range(4)} == {
        "Atelier mobilité (Initiation)", "Information collective", "Atelier numérique « Démarches en ligne »",
        "Prévention santé « Bien-être »"}  # the jeune's own attestation may name it (never the synthèse)
    qtbot.mouseClick(dialog.imprimer, Qt.MouseButton.LeftButton)
    _apercu(qtbot, dialog).close()
    dialog.close()

    bouton.actions_menu["synthese"].trigger()
    dialog = bouton.dialog
    dialog.pour_partenaire.click()
    qtbot.keyClicks(dialog.partenaire, "France Travail Villeurbanne")
    dialog.preview()  # « Aperçu de la synthèse… » without the jeune's agreement
    assert dialog.erreur.isVisible() and "accord du jeune" in dialog.erreur.text()
    assert getattr(dialog, "apercu", None) is None
    dialog.accord.click()
    dialog.preview()
    assert "Synthèse du parcours" in _apercu(qtbot, dialog).windowTitle()
    dialog.apercu.close()
    dialog.close()
    w.grab().save("/work/tmp/rappels-dossier.png")


def test_rendez_vous_convocation_text_and_messages_sent(qtbot, ctx, profile):
    ids = dossier_complet(profile)
    jour = dt.date.today() + dt.timedelta(days=6)
    rdv_id = rdv(profile, ids["jeune"], jour, "14:30", "15:15")
    with profile.session() as s:  # as received from the hub by sync
        s.add(MessageRendezVous(structure_id=profile.structure_id, rendez_vous_id=rdv_id, jeune_id=ids["jeune"],
                                type="confirmation", canal="email", destinataire="jeune", adresse="chloe@exemple.fr",
                                statut="envoye", tentatives=1,
                                date_envoi=dt.datetime(2026, 12, 2, 9, 5, tzinfo=dt.UTC)))
        s.add(MessageRendezVous(structure_id=profile.structure_id, rendez_vous_id=rdv_id, jeune_id=ids["jeune"],
                                type="confirmation", canal="sms", destinataire="jeune", adresse="0611223344",
                                statut="echec", tentatives=2, raison="Fournisseur de SMS injoignable : délai dépassé.",
                                prochain_essai=dt.datetime(2026, 12, 2, 9, 9, tzinfo=dt.UTC)))
        s.commit()
    w = _dossier(qtbot, ctx, ids["jeune"])
    w.documents_button.actions_menu["rendez_vous"].trigger()
    dialog = w.documents_button.dialog
    qtbot.waitUntil(lambda: dialog.rdvs.rowCount() == 1 and dialog.messages.rowCount() == 2)
    assert dialog.rdvs.item(0, 0).text() == f"{jour:%d/%m/%Y}" and dialog.rdvs.item(0, 2).text() == "Point CEJ"
    cells = {tuple(dialog.messages.item(r, c).text() for c in range(6)) for r in range(2)}
    assert (f"{jour:%d/%m/%Y} 14h30 — Point CEJ", "Confirmation", "E-mail", "Le jeune (chloe@exemple.fr)",
            "Envoyé le 02/12/2026 à 10h05", "") in cells
    echec = next(c for c in cells if c[2] == "SMS")
    assert echec[4] == "Échec (2 essais)" and "injoignable" in echec[5] and "Nouvel essai le 02/12/2026 à 10h09" in echec[5]
    assert "e-mail et SMS" in dialog.consent.text()

    qtbot.mouseClick(dialog.texte, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.texte_dialog is not None and dialog.texte_dialog.isVisible())
    sms, email = (c.toPlainText() for c in dialog.texte_dialog.champs)
    assert f"le {jour:%d/%m/%Y} à 14h30" in sms and "NOTE" not in sms + email and "Bonjour Chloé," in email
    copier = [b for b in dialog.texte_dialog.findChildren(type(dialog.texte)) if b.text() == "Copier"][0]
    qtbot.mouseClick(copier, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == sms
    dialog.grab().save("/work/tmp/rappels-messages.png")
    dialog.texte_dialog.close()

    qtbot.mouseClick(dialog.convocation, Qt.MouseButton.LeftButton)
    assert "Convocation" in _apercu(qtbot, dialog).windowTitle()
    dialog.apercu.close()
