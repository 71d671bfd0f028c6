"""The prêts screen of the plate-forme mobilité as a counsellor corrects a mistake: a loan corrected through
« Corriger… » (objet, borrower, dates, deposit), a return recorded on the wrong loan undone then a return
corrected, a loan cancelled after confirmation (the item offered again), an item marked hors service and
retired from the fleet; a role that may not change the mobility activities sees the buttons disabled with the
reason, and a write reaching the service anyway is refused in French. What the screen shows and what is stored."""
from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox

from desktop_app.db.models import ObjetPret, Pret
from desktop_app.services.ateliers import prets as P
from desktop_app.views.ateliers.ecran import AteliersScreen
from tests.support.parrainage import utilisateur
from tests.support.vues import answer_questions as _answer, show_widget
from tests.support.vues import retype, type_text

NBSP = "\u202f"


def _row(profile, model, record_id):
    with profile.session() as s:
        return s.get(model, record_id)


def _texts(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _panel(qtbot, context, loans: int = 1):
    s = AteliersScreen(context)
    show_widget(qtbot, s, 1280, 800)
    panel = s.prets
    s.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.prets.rowCount() == loans and panel.objets.rowCount() >= 1)
    return s, panel


def _objet_row(panel, libelle: str) -> int:
    return next(r for r in range(panel.objets.rowCount()) if panel.objets.item(r, 0).text().startswith(libelle))


def test_loan_corrected_through_the_dialog(qtbot, ctx, profile, monde):
    j1, j2, velo, scooter, pret = monde
    s, panel = _panel(qtbot, ctx)
    assert not panel.corriger_button.isEnabled() and "Choisissez d'abord un prêt" in panel.corriger_button.toolTip()
    panel.prets.selectRow(0)
    assert panel.corriger_button.isEnabled() and panel.annuler_button.isEnabled()
    assert not panel.annuler_retour_button.isEnabled()  # still out: no return to undo
    _click(qtbot, panel.corriger_button)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    fields = dialog.form.fields
    assert (fields["date_debut"].text(), fields["date_fin_prevue"].text(), fields["caution"].text(),
            fields["objet_id"].currentText()) == ("10/03/2026", "10/04/2026", "50,00", "Vélo de ville (PM-001)")
    assert [fields["objet_id"].itemText(i) for i in range(fields["objet_id"].count())] == [
        "Vélo de ville (PM-001)", "Scooter électrique (AB-123-CD)"]
    assert dialog.findChild(QLabel, "emprunteur").text() == "Maëlle Cœur"
    retype(qtbot, fields["date_fin_prevue"], "01/03/2026")  # before the start: refused beside the field
    _click(qtbot, dialog.save_button)
    error = dialog.form.errors["date_fin_prevue"]
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "La fin du prêt ne peut pas être avant son début." and dialog.isVisible()
    assert _row(profile, Pret, pret.id).date_fin_prevue == dt.date(2026, 4, 10)
    # the right dates, deposit, objet and borrower
    retype(qtbot, fields["date_fin_prevue"], "25/04/2026")
    retype(qtbot, fields["caution"], "150")
    fields["objet_id"].setCurrentIndex(1)
    picker = fields["jeune_id"]
    type_text(qtbot, picker.search, "eloise")
    qtbot.waitUntil(lambda: picker.results.count() > 0)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert dialog.findChild(QLabel, "emprunteur").text() == "Éloïse N'DIAYE"
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = _row(profile, Pret, pret.id)
    assert (stored.objet_id, stored.jeune_id, stored.date_fin_prevue, stored.caution_centimes) == (
        scooter.id, j2.id, dt.date(2026, 4, 25), 15000)
    qtbot.waitUntil(lambda: panel.prets.item(0, 0).text() == "Scooter électrique (AB-123-CD)")
    assert _texts(panel.prets, 0)[:6] == ["Scooter électrique (AB-123-CD)", "Éloïse N'Diaye", "10/03/2026",
                                          "25/04/2026", "en cours", f"150,00{NBSP}€"]
    assert panel.selected_pret().id == pret.id  # still selected after the reload
    assert _texts(panel.objets, _objet_row(panel, "Vélo"))[3] == "oui"  # the vélo is free again
    assert _texts(panel.objets, _objet_row(panel, "Scooter"))[3] == "prêté"
    objets = panel.pret_form.fields["objet_id"]
    assert [objets.itemText(i) for i in range(objets.count())] == ["—", "Vélo de ville (PM-001)"]


def test_return_on_the_wrong_loan_undone_then_a_return_corrected(qtbot, ctx, profile, monde, monkeypatch):
    j1, j2, velo, scooter, pret = monde
    today = dt.date.today()
    s, panel = _panel(qtbot, ctx)
    panel.prets.selectRow(0)
    set_etat = panel.retour_etat
    set_etat.setCurrentIndex(set_etat.findData("endommage"))
    _click(qtbot, panel.returned)  # the wrong loan: the vélo is in fact still out
    qtbot.waitUntil(lambda: panel.prets.item(0, 4).text() == f"{today:%d/%m/%Y}")
    assert _row(profile, ObjetPret, velo.id).etat == "endommage"
    assert not panel.returned.isEnabled() and panel.returned.toolTip() == f"Déjà rendu le {today:%d/%m/%Y}."
    asked = _answer(monkeypatch, yes=False)
    _click(qtbot, panel.annuler_retour_button)
    assert asked == [f"Annuler le retour de « Vélo de ville (PM-001) » enregistré le {today:%d/%m/%Y} pour "
                     "Maëlle Cœur ? Le prêt redevient en cours (retour prévu le 10/04/2026)."]
    assert _row(profile, Pret, pret.id).date_retour == today
    _answer(monkeypatch, yes=True)
    _click(qtbot, panel.annuler_retour_button)
    qtbot.waitUntil(lambda: panel.prets.item(0, 4).text() == "en cours")
    stored = _row(profile, Pret, pret.id)
    assert (stored.date_retour, stored.etat_retour) == (None, None)
    assert _row(profile, ObjetPret, velo.id).etat == "bon"
    assert panel.returned.isEnabled() and not panel.annuler_retour_button.isEnabled()
    # the real return, then its date and condition corrected
    P.return_pret(profile, pret.id, date_retour="05/04/2026", etat_retour="usage", caution_rendue=False)
    panel.reload()
    qtbot.waitUntil(lambda: panel.prets.item(0, 4).text() == "05/04/2026")
    _click(qtbot, panel.corriger_button)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    fields = dialog.form.fields
    assert (fields["date_retour"].text(), fields["etat_retour"].currentData()) == ("05/04/2026", "usage")
    retype(qtbot, fields["date_retour"], "04/04/2026")
    fields["etat_retour"].setCurrentIndex(fields["etat_retour"].findData("bon"))
    rendue = dialog.findChild(QCheckBox, "cautionRendue")
    assert rendue.text() == "Caution rendue" and not rendue.isChecked()
    rendue.setChecked(True)
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = _row(profile, Pret, pret.id)
    assert (stored.date_retour, stored.etat_retour, stored.caution_rendue) == (dt.date(2026, 4, 4), "bon", True)
    assert _row(profile, ObjetPret, velo.id).etat == "bon"
    qtbot.waitUntil(lambda: panel.prets.item(0, 4).text() == "04/04/2026")


def test_loan_cancelled_after_confirmation_and_the_item_offered_again(qtbot, ctx, profile, monde,
                                                                      monkeypatch):
    j1, j2, velo, scooter, pret = monde
    s, panel = _panel(qtbot, ctx)
    objets = panel.pret_form.fields["objet_id"]
    assert [objets.itemText(i) for i in range(objets.count())] == ["—", "Scooter électrique (AB-123-CD)"]
    panel.prets.selectRow(0)
    asked = _answer(monkeypatch, yes=False)
    _click(qtbot, panel.annuler_button)
    assert asked == ["Annuler le prêt de « Vélo de ville (PM-001) » à Maëlle Cœur du 10/03/2026 ? Il disparaîtra "
                     "de la liste, des retards et des exports. L'objet redevient disponible."]
    assert not _row(profile, Pret, pret.id).deleted and panel.prets.rowCount() == 1
    _answer(monkeypatch, yes=True)
    _click(qtbot, panel.annuler_button)
    qtbot.waitUntil(lambda: panel.prets.rowCount() == 0)
    assert _row(profile, Pret, pret.id).deleted
    assert panel.overdue.text() == "Aucun prêt en retard."
    assert not panel.corriger_button.isEnabled() and not panel.annuler_button.isEnabled()
    assert [objets.itemText(i) for i in range(objets.count())] == ["—", "Scooter électrique (AB-123-CD)",
                                                                   "Vélo de ville (PM-001)"]
    assert _texts(panel.objets, _objet_row(panel, "Vélo"))[3] == "oui"


def test_item_marked_hors_service_then_retired_from_the_fleet(qtbot, ctx, profile, monde, monkeypatch):
    j1, j2, velo, scooter, pret = monde
    s, panel = _panel(qtbot, ctx)
    assert not panel.modifier_objet_button.isEnabled() and not panel.actif_button.isEnabled()
    panel.objets.selectRow(_objet_row(panel, "Scooter"))
    _click(qtbot, panel.modifier_objet_button)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    fields = dialog.form.fields
    assert (fields["libelle"].text(), fields["reference"].text(), fields["etat"].currentData()) == (
        "Scooter électrique", "AB-123-CD", "bon")
    retype(qtbot, fields["reference"], "AB-124-CD")
    fields["etat"].setCurrentIndex(fields["etat"].findData("hors_service"))
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: panel.objets.item(_objet_row(panel, "Scooter"), 0).text()
                    == "Scooter électrique (AB-124-CD)")
    assert _texts(panel.objets, _objet_row(panel, "Scooter"))[2:] == ["Hors service", "hors service"]
    objets = panel.pret_form.fields["objet_id"]
    assert [objets.itemText(i) for i in range(objets.count())] == ["—"]
    # retired from the fleet: confirmation, greyed, last, « Remettre dans le parc »
    panel.objets.selectRow(_objet_row(panel, "Scooter"))
    assert panel.actif_button.text() == "Retirer du parc"
    asked = _answer(monkeypatch, yes=True)
    _click(qtbot, panel.actif_button)
    assert "Retirer « Scooter électrique (AB-124-CD) » du parc" in asked[0] and "historique" in asked[0]
    qtbot.waitUntil(lambda: _texts(panel.objets, 1)[3] == "retiré du parc")
    assert not _row(profile, ObjetPret, scooter.id).actif
    assert panel.selected_objet().id == scooter.id and panel.actif_button.text() == "Remettre dans le parc"
    # an item out on a loan is not retired: the service says why
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warned.append((title, text)))
    panel.objets.selectRow(_objet_row(panel, "Vélo"))
    _click(qtbot, panel.actif_button)
    qtbot.waitUntil(lambda: bool(warned))
    assert len(asked) == 2 and "Retirer « Vélo de ville (PM-001) » du parc" in asked[1]
    assert warned == [("Non enregistré", "« Vélo de ville (PM-001) » est prêté jusqu'au 10/04/2026 : enregistrez "
                                         "d'abord son retour, puis retirez-le du parc.")]
    assert _row(profile, ObjetPret, velo.id).actif
    # put back in the fleet (no question asked)
    panel.objets.selectRow(_objet_row(panel, "Scooter"))
    _click(qtbot, panel.actif_button)
    qtbot.waitUntil(lambda: _row(profile, ObjetPret, scooter.id).actif)
    assert len(asked) == 2
    qtbot.waitUntil(lambda: panel.actif_button.text() == "Retirer du parc")
    assert _texts(panel.objets, _objet_row(panel, "Scooter"))[3] == "hors service"


def test_direction_sees_the_corrections_disabled_and_a_write_is_refused_in_french(qtbot, ctx, profile, monde,
                                                                                  monkeypatch):
    j1, j2, velo, scooter, pret = monde
    user = utilisateur(profile, "Marc", "Petit", "direction")
    direction = dataclasses.replace(ctx, profile=dataclasses.replace(ctx.profile, user_id=user))
    s, panel = _panel(qtbot, direction)
    panel.prets.selectRow(0)
    panel.objets.selectRow(0)
    reason = ("Accès refusé : le rôle « Direction » ne permet pas de modifier les activités mobilité (ateliers, "
              "auto-école, prêts).")
    for button in (panel.corriger_button, panel.annuler_button, panel.annuler_retour_button, panel.returned,
                   panel.modifier_objet_button, panel.actif_button):
        assert not button.isEnabled() and button.toolTip() == reason, button.text()
    # a double-click does not open the window either
    panel.prets.itemDoubleClicked.emit(panel.prets.item(0, 0))
    assert panel.dialog is None
    # a cancellation reaching the service anyway is refused, nothing changes
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warned.append((title, text)))
    _answer(monkeypatch, yes=True)
    panel.annuler()
    qtbot.waitUntil(lambda: bool(warned))
    assert warned == [("Accès refusé", reason)]
    assert not _row(profile, Pret, pret.id).deleted
    assert panel.prets.rowCount() == 1


def test_the_guide_names_the_correction_buttons_of_the_screen(qtbot, ctx, profile, monde):
    from PySide6.QtWidgets import QPushButton

    from desktop_app.views.shell.aide import guide_html

    s, panel = _panel(qtbot, ctx)
    buttons = {b.text() for b in panel.findChildren(QPushButton)}
    guide = guide_html("ateliers", "Ateliers mobilité").replace("&#x27;", "'")
    for label in ("Corriger…", "Annuler le retour", "Annuler le prêt", "Modifier l'objet…", "Retirer du parc"):
        assert f"« {label} »" in guide and label in buttons, label
    assert "ses versements annulés" in guide_html("auto_ecole", "Auto-école")
