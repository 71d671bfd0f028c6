"""Form helpers shared by the screens: a form whose errors show beside each field (the jeune picker is
:mod:`desktop_app.views.kit.jeune_picker`), running a service call through the task runner with its French
messages, the PDF preview, the role rules (a control the current user's role may not use is disabled with the
reason as its tooltip) and the export menu."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

# The mobility screens write through the kit's operation (re-exported here for them).
from desktop_app.views.kit.operation import run_write, show_failure  # noqa: F401
from desktop_app.views.kit.widgets import FieldError
from desktop_app.views.shell.sections import ShellContext


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.25)
    label.setFont(font)
    return label


def combo(choices: list[tuple[str, str]], *, empty: str | None = None) -> QComboBox:
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    box.setMinimumContentsLength(8)
    if empty is not None:
        box.addItem(empty, None)
    for code, label in choices:
        box.addItem(label, code)
    return box


def set_combo(box: QComboBox, code: Any) -> None:
    index = box.findData(code)
    box.setCurrentIndex(max(index, 0))


class DateField(QLineEdit):
    """A date typed JJ/MM/AAAA (empty allowed); the service validates it and answers beside the field."""

    def __init__(self, value: dt.date | None = None) -> None:
        super().__init__()
        self.setPlaceholderText("JJ/MM/AAAA")
        self.setMaximumWidth(120)
        self.set_date(value)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(value.strftime("%d/%m/%Y") if value else "")


def name_after_label(label: QWidget | None, field: QWidget) -> None:
    """Make ``label`` (a form row's QLabel) point at ``field`` (Alt+letter lands in it) and name ``field``
    after it for screen readers: « Date de &naissance * : » → « Date de naissance »."""
    if not isinstance(label, QLabel) or not label.text().strip():
        return
    label.setBuddy(field)
    if not field.accessibleName():
        text = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        field.setAccessibleName(text.rstrip(" :*\u00a0").strip())


class Form(QWidget):
    """A QFormLayout whose rows carry a FieldError under the input; ``show_errors({field: message})``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = FieldError(box)
        error.setObjectName(f"erreur_{name}")
        column.addWidget(error)
        self.layout_.addRow(label, box)
        name_after_label(self.layout_.labelForField(box), widget)
        self.fields[name], self.errors[name] = widget, error
        return widget

    def add_creneau(self, date_label: str) -> None:
        """The rows of a time slot: « date », then « heure_debut » and « heure_fin » typed as HH:MM."""
        self.add("date", date_label, DateField())
        for name, label in (("heure_debut", "Début"), ("heure_fin", "Fin")):
            heure = self.add(name, label, QLineEdit())
            heure.setPlaceholderText("HH:MM")
            heure.setMaximumWidth(80)

    def error_for(self, name: str) -> FieldError:
        if name not in self.errors:
            self.errors[name] = FieldError(self)
            self.layout_.addRow("", self.errors[name])
        return self.errors[name]

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, widget in self.errors.items():
            widget.show_message(errors.get(name, ""))
        for name, message in errors.items():
            if name not in self.errors:
                self.error_for(name).show_message(message)

    def value(self, name: str) -> Any:
        widget = self.fields[name]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        if isinstance(widget, QDateEdit):
            return widget.date().toPython()
        if hasattr(widget, "value"):
            return widget.value()
        if hasattr(widget, "toPlainText"):
            return widget.toPlainText().strip()
        return None


def tant_que(widget: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """``callback`` for work done on the database thread, skipped when ``widget`` was closed meanwhile."""
    return lambda result: callback(result) if isValid(widget) else None


class FormDialog(QDialog):
    """A small window to correct a record: a :class:`Form`, « Enregistrer » and « Annuler ». ``submit(values)``
    runs the service (through :func:`run_write` with ``form=dialog.form`` and ``on_done=dialog.saved``): field
    errors show beside the fields and the window stays open until the correction is saved."""

    def __init__(self, title: str, submit: Callable[[dict[str, Any]], None], parent: QWidget | None = None,
                 intro: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.submit = submit
        self.form = Form()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Enregistrer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.save_button.clicked.connect(self._save)
        self.cancel_button.clicked.connect(self.reject)

    def values(self) -> dict[str, Any]:
        return {name: self.form.value(name) for name in self.form.fields}

    def _save(self) -> None:
        self.submit(self.values())

    def saved(self, _result: Any = None) -> None:
        self.accept()


def confirmer(parent: QWidget, titre: str, texte: str) -> bool:
    """« Oui / Non » question, « Non » by default."""
    answer = QMessageBox.question(parent, titre, texte, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def preview_pdf(context: ShellContext, build: Callable[[], bytes], *, titre: str, nom_fichier: str,
                parent: QWidget) -> None:
    """Build a PDF off the UI thread, then open the preview (print / save); French message if refused."""
    from desktop_app.domain.errors import UserError

    def done(pdf: bytes) -> None:
        from desktop_app.views.kit.apercu_pdf import show_pdf

        show_pdf(pdf, titre=titre, nom_fichier=nom_fichier, parent=parent)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            QMessageBox.warning(parent, "Impression impossible", exc.message)
        else:
            raise exc

    context.tasks.run_db(build, done, failed)


def hbox(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w)
    if stretch:
        row.addStretch(1)
    return row


def qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)
