"""RGPD rights of one jeune from the Sécurité menu: find the dossier, write the access-request PDF + JSON
(direction, admin) or erase it everywhere after confirmation (admin only; the services refuse other roles)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)
from shiboken6 import isValid

from desktop_app.domain.errors import UserError
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.operation import context_of, run_write, show_failure
from desktop_app.views.kit.widgets import FieldError


class RgpdDialog(QDialog):
    def __init__(self, profile, parent=None, *, context=None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.context = context or context_of(profile, parent)
        self.setObjectName("droitsRgpd")
        self.setWindowTitle("Droits RGPD d'un jeune — Passerelle")
        layout = QVBoxLayout(self)
        intro = QLabel("Cherchez le jeune et choisissez-le dans la liste, puis « Droit d'accès » pour lui remettre "
                       "ses données, ou « Effacer définitivement » pour son droit à l'effacement.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.picker = JeunePicker(self.context, "Nom, prénom ou téléphone du jeune",
                                  accessible_name="Chercher le jeune", limit=50, on_error=self._refused)
        self.search, self.results = self.picker.search, self.picker.results
        layout.addWidget(self.picker, 1)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        layout.addWidget(self.done_label)
        buttons = QHBoxLayout()
        self.access_button = QPushButton("&Droit d'accès (PDF + JSON)…")
        self.access_button.clicked.connect(self.write_access)
        self.erase_button = QPushButton("&Effacer définitivement…")
        self.erase_button.clicked.connect(self.erase)
        buttons.addWidget(self.access_button)
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        layout.addLayout(buttons)
        self.ask_path = lambda: QFileDialog.getSaveFileName(self, "Droit d'accès", "droit-acces.pdf",
                                                            "PDF (*.pdf)")[0]
        self.confirm = lambda nom: QMessageBox.warning(
            self, "Effacer le dossier", f"Effacer définitivement le dossier de {nom} ?\n\nSon contenu sera retiré de "
            "ce poste, du serveur et des autres postes à la prochaine synchronisation. Cette action est "
            "irréversible.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes
        self.resize(560, 420)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.error.show_message(exc.message)
        else:
            show_failure(exc, parent=self)

    def _selected(self) -> tuple[str, str] | None:
        chosen = self.picker.current()
        if chosen is None:
            self.error.show_message("Choisissez d'abord un dossier dans la liste.")
            return None
        return chosen.id, chosen.nom

    def write_access(self) -> None:
        from desktop_app.services.securite import rgpd

        if (chosen := self._selected()) is None or not (path := self.ask_path()):
            return
        profile = self.profile

        def written(paths) -> None:
            self.error.clear_message()
            self.done_label.setText(f"Droit d'accès écrit : {paths[0]} et {paths[1]}.")

        run_write(self.context, lambda: rgpd.ecrire_acces(profile, chosen[0], path), on_done=written,
                  on_error=self._refused, parent=self)

    def erase(self) -> None:
        """Refused before asking (the role is checked off the UI thread), then confirmed, then erased; the
        tables written are announced, so that open lists drop the dossier even if this window was closed."""
        from desktop_app.security.permissions import exiger

        if (chosen := self._selected()) is None:
            return
        profile = self.profile
        self.erase_button.setEnabled(False)

        def may(found) -> None:
            if not isValid(self):
                return
            self.erase_button.setEnabled(True)
            fiche = found.get(chosen[0])  # birth date, commune, référent, last contact: namesakes told apart
            if self.confirm(fiche.description if fiche is not None else chosen[1]):
                self._erase(chosen)

        def refused(exc: BaseException) -> None:
            if isValid(self):
                self.erase_button.setEnabled(True)
                self._refused(exc)

        def check():
            from desktop_app.services.jeunes.doublons import fiches

            exiger(profile, "rgpd.effacer")
            return fiches(profile, [chosen[0]])

        self.context.tasks.run_db(check, may, refused)

    def _erase(self, chosen: tuple[str, str]) -> None:
        from desktop_app.services.securite import rgpd

        profile = self.profile

        def erased(_result) -> None:
            self.error.clear_message()
            self.done_label.setText(f"Dossier de {chosen[1]} effacé : synchronisez pour l'effacer partout.")
            self.picker.refresh()

        run_write(self.context, lambda: rgpd.effacer(profile, chosen[0]), on_done=erased, on_error=self._refused,
                  parent=self)
