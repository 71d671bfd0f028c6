"""Input widgets shared by the dossier, the timeline dialogs and the permanences: French dates, coded combos,
and a field wrapped with its inline message."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.kit.text import format_date
from desktop_app.views.kit.widgets import FieldError

_EIGHT_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


class DateField(QLineEdit):
    """A date typed JJ/MM/AAAA (« 12032005 » becomes « 12/03/2005 » when leaving the field)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("JJ/MM/AAAA")
        self.setMaxLength(10)
        self.setMaximumWidth(130)
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        match = _EIGHT_DIGITS.match(self.text().strip())
        if match:
            self.setText("/".join(match.groups()))

    def value(self) -> str:
        text = self.text().strip()
        match = _EIGHT_DIGITS.match(text)
        return "/".join(match.groups()) if match else text

    def set_value(self, value: Any) -> None:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                self.setText(value)
                return
        self.setText(format_date(value) if value else "")


class CodeCombo(QComboBox):
    """A choice among coded values shown by their French label; the first entry « — » means none."""

    def __init__(self, choices: list[tuple[str, str]], *, empty: str | None = "—",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if empty is not None:
            self.addItem(empty, None)
        for code, label in choices:
            self.addItem(label, code)

    def set_choices(self, choices: list[tuple[str, str]], *, empty: str | None = "—") -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if empty is not None:
            self.addItem(empty, None)
        for code, label in choices:
            self.addItem(label, code)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, code: str | None) -> None:
        index = self.findData(code)
        if index < 0 and code:  # a code this list does not know (a newer version, a sync): keep it visible
            self.addItem(str(code), code)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


class NoteField(QWidget):
    """A free-text note with the CNIL reminder always visible and a live warning on sensitive terms."""

    changed = Signal()

    def __init__(self, terms: list[str] | None = None, parent: QWidget | None = None) -> None:
        from desktop_app.services.jeunes.termes_sensibles import RAPPEL_CNIL

        super().__init__(parent)
        self._terms = terms
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(70)
        self.setFocusProxy(self.edit)  # the form label (buddy, Alt+letter) and its name reach the text itself
        self.reminder = QLabel("Rappel CNIL : " + RAPPEL_CNIL)
        self.reminder.setObjectName("rappelCnil")
        self.reminder.setWordWrap(True)
        self.reminder.setStyleSheet("color: #505050; font-style: italic;")
        self.warning = QLabel()
        self.warning.setObjectName("termesSensibles")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5300;")  # amber: a warning, not an error
        self.warning.hide()
        layout.addWidget(self.edit)
        layout.addWidget(self.reminder)
        layout.addWidget(self.warning)
        self.edit.textChanged.connect(self._check)
        self.edit.textChanged.connect(self.changed)

    def _check(self) -> None:
        from desktop_app.services.jeunes.termes_sensibles import sensitive_terms_in

        found = sensitive_terms_in(self.edit.toPlainText(), self._terms)
        if found:
            words = ", ".join(f"« {w} »" for w in found)
            self.warning.setText(f"Attention, terme sensible : {words}. Reformulez de façon objective, "
                                 "sans donnée de santé, d'origine, de religion, d'opinion ni de justice.")
        self.warning.setVisible(bool(found))

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, text: str | None) -> None:
        self.edit.setPlainText(text or "")


def widget_value(widget: QWidget) -> Any:
    """The value of any input widget of these screens, as the services accept it."""
    if isinstance(widget, (DateField, CodeCombo, NoteField)):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(type(widget))


def set_widget_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, (DateField, CodeCombo, NoteField)):
        widget.set_value(value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    else:
        raise TypeError(type(widget))


def change_signal(widget: QWidget):
    """The signal emitted when the user changes ``widget``."""
    if isinstance(widget, NoteField):
        return widget.changed
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    return widget.textChanged


class Champ(QWidget):
    """A field with its French message underneath (errors in red, warnings in amber)."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None, *, suffix: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QHBoxLayout

        super().__init__(parent)
        self.widget = widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        if suffix is not None:
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(widget)
            row.addWidget(suffix)
            row.addStretch(1)
            layout.addLayout(row)
        else:
            layout.addWidget(widget)
        self.message = FieldError()
        layout.addWidget(self.message)
        self.setFocusProxy(widget)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        from desktop_app.views.shell.accessibilite import name_from_form_label

        super().showEvent(event)
        name_from_form_label(self, self.widget)  # the form label names the field itself, not this wrapper

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #a4262c;")
        self.message.show_message(text)

    def show_warning(self, text: str) -> None:
        self.message.setStyleSheet("color: #8a5300;")
        self.message.show_message(text)

    def clear(self) -> None:
        self.message.clear_message()
