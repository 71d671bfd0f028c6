"""Shared fixtures of the Jeunes/Permanences screen tests: a shell context on a fresh profile, a few jeunes."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.services.profil.reglages import Settings
from desktop_app.views.kit.bus import DataBus
from desktop_app.views.shell.sections import ShellContext
from desktop_app.views.kit.tasks import TaskRunner


@pytest.fixture
def ctx(qtbot, profile):
    runner = TaskRunner()
    context = ShellContext(profile=profile, tasks=runner, bus=DataBus(), settings=Settings(profile.settings_path))
    yield context
    runner.shutdown()


def add_jeune(profile, nom: str, prenoms: str, naissance: dt.date | None = None, **values):
    from desktop_app.services.jeunes.dossier import create_jeune

    return create_jeune(profile, {"nom_naissance": nom, "prenoms": prenoms, "date_naissance": naissance, **values})


def test_support_module_has_no_tests_of_its_own():
    """(pytest collects this file; its fixtures are imported by the screen tests)"""


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text`` key by key; accented letters are sent as key events carrying their text (QTest's
    keyClicks only knows ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def retype(qtbot, field, text: str) -> None:
    """Select what the field holds and type over it, as a user does."""
    from PySide6.QtCore import Qt

    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(qtbot, field, text)


def answer_questions(monkeypatch, yes: bool) -> list[str]:
    """Answer every confirmation (``QMessageBox.question``) with Oui or Non; returns the questions asked."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(_parent, _title, text, *_a):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked
