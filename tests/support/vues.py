"""Helpers of the screen tests: a jeune created through the service, typing as a user does, answering the
confirmations (the shell context fixture ``ctx`` lives in tests/conftest.py)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect

import datetime as dt


def add_jeune(profile, nom: str, prenoms: str, naissance: dt.date | None = None, **values):
    from desktop_app.services.jeunes.dossier import create_jeune
    from desktop_app.services.jeunes.saisies import SaisieJeune

    # Test data arranged on purpose: namesakes are allowed (the duplicate check has its own tests).
    saisie: SaisieJeune = {"nom_naissance": nom, "prenoms": prenoms, "date_naissance": naissance, **values}
    return create_jeune(profile, saisie,
                        doublon_confirme=True)


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


def inside(widget, viewport) -> bool:
    """Whether ``widget`` is wholly shown inside ``viewport`` (a scroll area's visible part)."""
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def show_widget(qtbot, widget, width: int = 1280, height: int = 720, *, exposed: bool = True):
    """``widget`` handed to qtbot (closed after the test), resized, shown and — unless ``exposed=False`` — waited
    for until the offscreen platform exposes it; returns it."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    if exposed:
        qtbot.waitExposed(widget)
    return widget
