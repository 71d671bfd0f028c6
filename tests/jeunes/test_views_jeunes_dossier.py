"""The dossier window as a counsellor uses it: edit and Ctrl+S, inline messages, drafts, duplicates, merge."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.services.jeunes import brouillons
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.jeunes import recherche
from desktop_app.services.jeunes import chronologie as timeline
from desktop_app.views.jeunes.dossier import DossierWindow
from desktop_app.views.jeunes.liste import JeunesScreen
from tests.support.vues import add_jeune, type_text


@pytest.fixture
def open_dossier(qtbot, ctx):
    windows: list[DossierWindow] = []

    def make(jeune_id: str | None) -> DossierWindow:
        w = DossierWindow(ctx, jeune_id)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        qtbot.waitUntil(lambda: w.is_loaded and QApplication.activeWindow() is w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        try:
            w.close()
        except RuntimeError:  # already deleted
            pass


def ctrl_s(qtbot, window) -> None:
    qtbot.keyClick(window.form.widgets["nom_naissance"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def retype(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(qtbot, edit, text)


def test_a_changed_field_saved_with_ctrl_s_is_there_on_reopening(qtbot, profile, open_dossier):
    jeune = add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2005, 3, 12))
    w = open_dossier(jeune.id)
    assert w.title.text() == "N'DIAYE Éloïse"
    w.form.setCurrentIndex(1)
    retype(qtbot, w.form.widgets["commune"], "Garges-lès-Gonesse")
    retype(qtbot, w.form.widgets["telephone"], "0612345678")
    ctrl_s(qtbot, w)
    qtbot.waitUntil(lambda: w.status.text().startswith("Dossier enregistré"))
    stored = jeunes.get_jeune(profile, jeune.id)
    assert stored.commune == "Garges-lès-Gonesse" and stored.telephone == "+33612345678"
    w.close()
    again = open_dossier(jeune.id)
    assert again.form.widgets["commune"].text() == "Garges-lès-Gonesse"
    assert again.form.widgets["telephone"].text() == "06 12 34 56 78"
    assert not again.banner.isVisible()  # saved: no draft to offer


def test_a_future_birth_date_is_refused_beside_the_field_and_the_form_is_kept(qtbot, profile, open_dossier):
    w = open_dossier(None)
    type_text(qtbot, w.form.widgets["nom_naissance"], "Koné")
    type_text(qtbot, w.form.widgets["prenoms"], "Moussa")
    type_text(qtbot, w.form.widgets["date_naissance"], "01/01/2099")
    w.form.setCurrentIndex(1)
    type_text(qtbot, w.form.widgets["commune"], "Sarcelles")
    ctrl_s(qtbot, w)
    message = w.form.champs["date_naissance"].message
    assert message.isVisible() and "futur" in message.text()
    assert w.form.currentIndex() == 0 and "⚠" in w.form.tabText(0)  # back on the tab of the wrong field
    assert "n'a pas été enregistré" in w.status.text()
    qtbot.wait(100)
    assert recherche.search_ids(profile) == []  # nothing saved
    assert w.form.widgets["commune"].text() == "Sarcelles" and w.form.widgets["prenoms"].text() == "Moussa"
    retype(qtbot, w.form.widgets["date_naissance"], "01/01/2004")
    ctrl_s(qtbot, w)
    qtbot.waitUntil(lambda: w.status.text().startswith("Dossier enregistré"))
    assert [r.nom_affiche for r in recherche.rows_for(profile, recherche.search_ids(profile))] == ["KONÉ"]


def test_age_is_computed_live_and_an_unusual_age_warns_without_blocking(qtbot, profile, open_dossier):
    w = open_dossier(None)
    type_text(qtbot, w.form.widgets["nom_naissance"], "Petit")
    type_text(qtbot, w.form.widgets["prenoms"], "Zoé")
    today = dt.date.today()
    born = today.replace(year=today.year - 14) if (today.month, today.day) != (2, 29) else dt.date(today.year - 14, 3, 1)
    qtbot.keyClicks(w.form.widgets["date_naissance"], born.strftime("%d/%m/%Y"))
    assert w.form.age.text() == "14 ans"
    qtbot.waitUntil(lambda: "16–25" in w.form.champs["date_naissance"].message.text())
    ctrl_s(qtbot, w)
    qtbot.waitUntil(lambda: w.status.text().startswith("Dossier enregistré"))
    assert len(recherche.search_ids(profile)) == 1


def test_closing_without_saving_keeps_a_draft_offered_back_on_reopening(qtbot, profile, open_dossier):
    jeune = add_jeune(profile, "Lefèvre", "Hugo", dt.date(2001, 1, 1))
    w = open_dossier(jeune.id)
    w.form.setCurrentIndex(2)
    type_text(qtbot, w.form.widgets["diplome"], "CAP cuisine")
    w.close()  # accidental close: no question, the typing is kept
    qtbot.waitUntil(lambda: brouillons.load_draft(profile, "jeune", jeune.id) is not None)
    assert jeunes.get_jeune(profile, jeune.id).diplome is None  # not saved
    again = open_dossier(jeune.id)
    assert again.banner.isVisible() and "brouillon" in again.banner_text.text()
    assert again.form.widgets["diplome"].text() == ""
    qtbot.mouseClick(again.resume_draft_button, Qt.MouseButton.LeftButton)
    assert again.form.widgets["diplome"].text() == "CAP cuisine"
    ctrl_s(qtbot, again)
    qtbot.waitUntil(lambda: jeunes.get_jeune(profile, jeune.id).diplome == "CAP cuisine")
    qtbot.waitUntil(lambda: brouillons.load_draft(profile, "jeune", jeune.id) is None)


def test_ignoring_a_draft_forgets_it(qtbot, profile, open_dossier):
    jeune = add_jeune(profile, "Lefèvre", "Hugo")
    brouillons.save_draft(profile, "jeune", jeune.id, {"commune": "Cergy"})
    w = open_dossier(jeune.id)
    assert w.banner.isVisible()
    qtbot.mouseClick(w.drop_draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: brouillons.load_draft(profile, "jeune", jeune.id) is None)
    assert w.form.widgets["commune"].text() == ""


def test_creating_a_near_duplicate_shows_the_existing_file(qtbot, ctx, profile, open_dossier):
    existing = add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2005, 3, 12), commune="Sarcelles")
    screen = JeunesScreen(ctx)
    qtbot.addWidget(screen)
    w = DossierWindow(ctx, None, opener=screen)
    w.show()
    qtbot.waitUntil(lambda: w.is_loaded)
    type_text(qtbot, w.form.widgets["nom_naissance"], "NDIAYE")
    type_text(qtbot, w.form.widgets["prenoms"], "Eloise")
    type_text(qtbot, w.form.widgets["date_naissance"], "12/03/2005")
    w.save()
    qtbot.waitUntil(lambda: getattr(w, "duplicates_dialog", None) is not None and w.duplicates_dialog.isVisible())
    dialog = w.duplicates_dialog
    assert dialog.list.count() == 1 and "N'DIAYE Éloïse" in dialog.list.item(0).text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    opened = screen.dossier_windows()[existing.id]
    qtbot.waitUntil(lambda: opened.is_loaded)
    assert opened.title.text() == "N'DIAYE Éloïse"
    assert len(recherche.search_ids(profile)) == 1  # nothing created
    w.save()  # second thoughts: another person after all
    qtbot.waitUntil(lambda: w.duplicates_dialog.isVisible())
    qtbot.mouseClick(w.duplicates_dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(recherche.search_ids(profile)) == 2)
    for window in (opened, w):
        window.close()


def test_merge_moves_the_other_file_s_timeline_here(qtbot, profile, open_dossier, monkeypatch):
    from desktop_app.views.jeunes.fusion import FusionCoteACote

    keep = add_jeune(profile, "Diallo", "Fatoumata", dt.date(2004, 5, 6))
    other = add_jeune(profile, "Dialo", "Fatoumata", dt.date(2004, 5, 6))
    timeline.add_actualite(profile, other.id, date=dt.date.today(), type="entretien_individuel")
    monkeypatch.setattr(FusionCoteACote, "confirm", lambda self, text: True)
    w = open_dossier(keep.id)
    assert w.timeline.tree.topLevelItemCount() == 0
    qtbot.mouseClick(w.merge_button, Qt.MouseButton.LeftButton)
    dialog = w.merge_dialog
    qtbot.keyClicks(dialog.search, "dialo")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    assert "DIALO Fatoumata" in dialog.results.item(0).text()  # never the file itself
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.side_by_side.merge_button.isEnabled())  # both dossiers side by side
    qtbot.mouseClick(dialog.side_by_side.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.timeline.tree.topLevelItemCount() == 1)
    assert recherche.search_ids(profile) == [keep.id]
    assert "fusionnés" in w.status.text()


def test_the_form_has_every_field_and_no_identity_number(qtbot, open_dossier):
    from desktop_app.services.jeunes.dossier import CHAMPS_EDITABLES

    w = open_dossier(None)
    assert set(w.form.widgets) == set(CHAMPS_EDITABLES)
    assert not [n for n in w.form.widgets if "nir" in n or "securite" in n or "piece" in n]
    assert [w.form.tabText(i) for i in range(w.form.count())] == [
        "Identité", "Coordonnées", "Situation personnelle", "Accompagnement"]


def test_tab_moves_through_the_fields_in_the_order_shown(qtbot, open_dossier):
    w = open_dossier(None)
    order = ["nom_naissance", "nom_usage", "prenoms", "sexe", "date_naissance", "commune_naissance", "nationalite"]
    w.form.widgets[order[0]].setFocus()
    for current, following in zip(order, order[1:]):
        assert w.form.widgets[current].hasFocus(), current
        qtbot.keyClick(w.form.widgets[current], Qt.Key.Key_Tab)
    assert w.form.widgets[order[-1]].hasFocus()


def test_quitting_the_application_keeps_the_typing_as_a_draft(qtbot, profile, open_dossier):
    jeune = add_jeune(profile, "Lefèvre", "Hugo")
    w = open_dossier(jeune.id)
    w.form.setCurrentIndex(1)
    type_text(qtbot, w.form.widgets["commune"], "Écouen")
    w._draft_timer.stop()  # the application quits before the autosave's delay has run out
    qtbot.wait(50)
    assert brouillons.load_draft(profile, "jeune", jeune.id) is None
    QApplication.instance().aboutToQuit.emit()  # what Qt says just before the event loop ends
    qtbot.waitUntil(lambda: brouillons.load_draft(profile, "jeune", jeune.id) is not None)
    assert brouillons.load_draft(profile, "jeune", jeune.id).valeurs["commune"] == "Écouen"
