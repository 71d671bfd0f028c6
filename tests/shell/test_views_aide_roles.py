"""The help speaks of the screens the user can open: a parrain (Parrainage and Synchronisation only) is not told
« Ctrl+1 à Ctrl+0 », nor given the Jeunes screen's shortcuts."""
from __future__ import annotations

import pytest

from desktop_app.views.shell.aide import GuideDialog, RaccourcisDialog, shortcut_rows
from desktop_app.views.shell.main_window import MainWindow


def _set_role(profile, role: str) -> None:
    from desktop_app.db.models import Utilisateur

    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = role
        s.commit()


@pytest.fixture
def make_window(qtbot, profile, make_context):
    def make(role: str) -> MainWindow:
        _set_role(profile, role)
        window = MainWindow(make_context(profile))
        qtbot.addWidget(window)
        return window

    return make


def _plain(html_text: str) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(html_text)
    return doc.toPlainText()


def test_a_parrain_is_given_only_the_shortcuts_of_his_two_screens(make_window, qtbot):
    window = make_window("parrain")
    assert window.section_shortcuts() == [("Ctrl+8", "Parrainage"), ("Ctrl+0", "Synchronisation")]
    text = _plain(window.shortcuts_text())
    assert "Aller à « Parrainage »" in text and "Aller à « Synchronisation »" in text
    assert "Jeunes" not in text and "Ctrl+1" not in text and "Statistiques" not in text
    rows = dict(shortcut_rows(window))
    assert rows["Ctrl+8"] == "Parrainage" and rows["Ctrl+0"] == "Synchronisation"
    for n in (1, 2, 3, 4, 5, 6, 7, 9):
        assert f"Ctrl+{n}" not in rows
    assert not any("écran Jeunes" in what or "écran Permanences" in what for what in rows.values())
    assert rows["F1"] == "Guide de l'écran"
    raccourcis = RaccourcisDialog(window)
    qtbot.addWidget(raccourcis)
    assert "Jeunes" not in raccourcis.text.toPlainText()
    guide = GuideDialog(window)
    qtbot.addWidget(guide)
    assert [guide.list.item(i).text() for i in range(guide.list.count())] == ["Parrainage", "Synchronisation"]
    assert guide.list.currentItem().text() == "Parrainage"
    shown = guide.text.toPlainText()
    assert "Ctrl+8 : Parrainage" in shown and "Ctrl+0 : Synchronisation" in shown
    assert "Ctrl+1" not in shown and "à Ctrl+0" not in shown


def test_a_conseiller_is_given_each_screen_with_its_number(make_window, qtbot):
    window = make_window("conseiller")
    guide = GuideDialog(window)
    qtbot.addWidget(guide)
    from desktop_app.views.shell.sections import SECTIONS

    assert guide.list.count() == len(SECTIONS)
    shown = guide.text.toPlainText()
    assert "Ctrl+2 : Jeunes" in shown and "Ctrl+6 : Actions collectives" in shown and "Ctrl+0 : Synchronisation" in shown
    assert "Ctrl+1 à Ctrl+0" not in shown
    assert "Aller à « Jeunes »" in window.shortcuts_text()
