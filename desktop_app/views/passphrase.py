"""The dialog asking for the profile's passphrase (profiles kept where no system keyring exists)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop_app.views.errors import register_secret
from desktop_app.views.widgets import FieldError


class PassphraseDialog(QDialog):
    """Asks for the passphrase until it opens the profile. ``profile`` is set on success; another profile
    error (damaged database…) ends the dialog with ``failure`` set; « Annuler » leaves both None."""

    def __init__(self, directory: Path, opener: Callable | None = None, parent=None) -> None:
        super().__init__(parent)
        if opener is None:
            from desktop_app.services.profile import open_profile as opener
        self._opener, self.directory = opener, Path(directory)
        self.profile = None
        self.failure = None
        self.setWindowTitle("Ouvrir le profil — Passerelle")
        layout = QVBoxLayout(self)
        intro = QLabel("Ce profil est protégé par une phrase secrète, car ce poste n'a pas de trousseau "
                       "sécurisé pour garder sa clé.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        where = QLabel(f"Dossier du profil : {self.directory}")
        where.setWordWrap(True)
        where.setEnabled(False)
        layout.addWidget(where)
        form = QFormLayout()
        self.field = QLineEdit()
        self.field.setObjectName("passphrase")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Phrase secrète :", self.field)
        self.error = FieldError()
        form.addRow("", self.error)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("&Ouvrir", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.open_button.setDefault(True)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        from desktop_app.services.profile import PassphraseRequired, ProfileError, WrongPassphrase

        passphrase = self.field.text()
        if not passphrase:
            self.error.show_message("Saisissez la phrase secrète choisie à la création du profil.")
            self.adjustSize()
            return
        register_secret(passphrase)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.profile = self._opener(self.directory, passphrase=passphrase)
        except (WrongPassphrase, PassphraseRequired) as exc:
            self.error.show_message(exc.message)
            self.adjustSize()
            self.field.selectAll()
            self.field.setFocus()
            return
        except ProfileError as exc:
            self.failure = exc
            super().reject()
            return
        finally:
            QApplication.restoreOverrideCursor()
        super().accept()
