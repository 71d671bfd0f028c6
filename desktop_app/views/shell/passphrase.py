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

from shiboken6 import isValid

from desktop_app.views.kit.errors import register_secret
from desktop_app.views.kit.widgets import FieldError


class PassphraseDialog(QDialog):
    """Asks for the passphrase until it opens the profile. ``profile`` is set on success; another profile
    error (damaged database…) ends the dialog with ``failure`` set; « Annuler » leaves both None."""

    def __init__(self, directory: Path, opener: Callable | None = None, parent=None, *, tasks=None) -> None:
        super().__init__(parent)
        if opener is None:
            from desktop_app.services.profil.profile import open_profile as opener
        if tasks is None:
            from desktop_app.views.kit.tasks import runner

            tasks = runner()
        self._opener, self.directory, self._tasks = opener, Path(directory), tasks
        self.checking = False  # the key is being derived (slow KDF, off the UI thread)
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
        """Derive the key and open the profile off the UI thread (« Vérification… », busy cursor)."""
        if self.checking:
            return
        passphrase = self.field.text()
        if not passphrase:
            self.error.show_message("Saisissez la phrase secrète choisie à la création du profil.")
            self.adjustSize()
            return
        register_secret(passphrase)
        self._checking(True)
        opener, directory = self._opener, self.directory
        self._tasks.run_db(lambda: opener(directory, passphrase=passphrase), self._opened, self._refused)

    def _checking(self, on: bool) -> None:
        self.checking = on
        self.field.setEnabled(not on)
        self.open_button.setEnabled(not on)
        self.open_button.setText("Vérification…" if on else "&Ouvrir")
        if on:
            self.error.clear_message()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    def _opened(self, profile) -> None:
        self._checking(False)
        if not isValid(self):  # closed meanwhile: the opened profile has nobody to go to
            profile.close()
            return
        self.profile = profile
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        from desktop_app.services.profil.profile import PassphraseRequired, ProfileError, WrongPassphrase

        self._checking(False)
        if not isValid(self):
            return
        if isinstance(exc, (WrongPassphrase, PassphraseRequired)):
            self.error.show_message(exc.message)
            self.adjustSize()
            self.field.selectAll()
            self.field.setFocus()
        elif isinstance(exc, ProfileError):
            self.failure = exc
            super().reject()
        else:
            from desktop_app.views.kit.operation import show_failure

            show_failure(exc, parent=self)
