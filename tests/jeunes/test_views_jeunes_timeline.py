"""The timeline of a dossier as a counsellor uses it: quick-add, CNIL reminder, sensitive terms, statuses."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.views.jeunes.dossier import DossierWindow
from tests.support.vues import add_jeune, type_text


@pytest.fixture
def dossier(qtbot, ctx, profile):
    jeune = add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2005, 3, 12))
    w = DossierWindow(ctx, jeune.id)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.is_loaded and QApplication.activeWindow() is w)
    yield w
    try:
        w.close()
    except RuntimeError:
        pass


def rows(w) -> list[str]:
    tree = w.timeline.tree
    return [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]


def save_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def test_quick_add_an_actualite_with_its_shortcut_appears_in_the_timeline(qtbot, dossier, profile):
    w = dossier
    qtbot.keyClick(w.form.widgets["nom_naissance"], Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = w.timeline.dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Ajouter : actualité"
    note = dialog.widgets["note"]
    assert note.reminder.isVisible() and "Rappel CNIL" in note.reminder.text()
    type_text(qtbot, note.edit, "Projet : vente. Souhaite un stage.")
    dialog.widgets["duree_minutes"].setValue(45)
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(w) == ["Entretien individuel"])
    assert "45 min" in w.timeline.tree.topLevelItem(0).text(2)
    [item] = timeline.timeline(profile, w.jeune_id)
    assert item.record.note == "Projet : vente. Souhaite un stage." and item.record.duree_minutes == 45
    assert item.record.conseiller_id == profile.user_id and item.date == dt.date.today()


def test_a_sensitive_term_typed_in_a_note_raises_a_visible_warning(qtbot, dossier):
    dossier.timeline.add("actualite")
    note = dossier.timeline.dialog.widgets["note"]
    type_text(qtbot, note.edit, "Rendez-vous annulé, il était ")
    assert not note.warning.isVisible()
    type_text(qtbot, note.edit, "malade")
    assert note.warning.isVisible() and "« malade »" in note.warning.text()


def test_a_future_date_is_refused_beside_the_field_and_the_dialog_stays_open(qtbot, dossier, profile):
    dossier.timeline.add("actualite")
    dialog = dossier.timeline.dialog
    date = dialog.widgets["date"]
    date.selectAll()
    qtbot.keyClicks(date, "01/01/2099")
    type_text(qtbot, dialog.widgets["note"].edit, "Entretien prévu")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.champs["date"].message.isVisible())
    assert "futur" in dialog.champs["date"].message.text()
    assert dialog.isVisible() and dialog.widgets["note"].value() == "Entretien prévu"
    assert timeline.timeline(profile, dossier.jeune_id) == []


def test_a_health_barrier_is_yes_no_only_and_its_status_change_is_dated(qtbot, dossier, profile, monkeypatch):
    w = dossier
    qtbot.mouseClick(w.timeline.add_buttons["frein"], Qt.MouseButton.LeftButton)
    dialog = w.timeline.dialog
    dialog.widgets["theme"].set_value("sante")
    assert not dialog.widgets["item"].isEnabled() and dialog.sensitive_hint.isVisible()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(w) == ["Frein identifié : Santé"])
    w.timeline.tree.setCurrentItem(w.timeline.tree.topLevelItem(0))
    assert w.timeline.status_button.isEnabled()
    qtbot.mouseClick(w.timeline.status_button, Qt.MouseButton.LeftButton)
    status = w.timeline.dialog
    status.statut.set_value("leve")
    qtbot.mouseClick(save_button(status), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sorted(rows(w)) == ["Frein identifié : Santé", "Frein levé : Santé"])
    [frein] = {i.record.id: i.record for i in timeline.timeline(profile, w.jeune_id)}.values()
    assert frein.statut == "leve" and frein.date_statut == dt.date.today() and frein.item is None


def test_edit_and_remove_an_item(qtbot, dossier, profile, monkeypatch):
    w = dossier
    timeline.add_proposition(profile, w.jeune_id, theme="formation", libelle="CAP cuisine", partenaire="GRETA")
    w.context.bus.notify({"proposition"})
    qtbot.waitUntil(lambda: rows(w) == ["Proposition formation : CAP cuisine"])
    w.timeline.tree.setCurrentItem(w.timeline.tree.topLevelItem(0))
    qtbot.mouseClick(w.timeline.edit_button, Qt.MouseButton.LeftButton)
    dialog = w.timeline.dialog
    assert dialog.widgets["libelle"].text() == "CAP cuisine"
    dialog.widgets["libelle"].selectAll()
    qtbot.keyClicks(dialog.widgets["libelle"], "CAP boulangerie")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(w) == ["Proposition formation : CAP boulangerie"])
    monkeypatch.setattr(type(w.timeline), "confirm", lambda self, text: True)
    w.timeline.tree.setCurrentItem(w.timeline.tree.topLevelItem(0))
    qtbot.mouseClick(w.timeline.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(w) == [])
    assert timeline.timeline(profile, w.jeune_id) == []


def test_a_new_file_has_no_timeline_until_saved(qtbot, ctx):
    w = DossierWindow(ctx, None)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.is_loaded)
    assert w.timeline.placeholder.isVisible()
    assert not any(b.isEnabled() for b in w.timeline.add_buttons.values())
