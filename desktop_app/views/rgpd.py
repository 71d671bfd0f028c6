"""RGPD rights of one jeune from the Sécurité menu: find the dossier, write the access-request PDF + JSON
(direction, admin) or erase it everywhere after confirmation (admin only; the services refuse other roles)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.views.widgets import FieldError


class RgpdDialog(QDialog):
    def __init__(self, profile, parent=None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.setObjectName("droitsRgpd")
        self.setWindowTitle("Droits RGPD d'un jeune — Passerelle")
        layout = QVBoxLayout(self)
        intro = QLabel("Cherchez le jeune et choisissez-le dans la liste, puis « Droit d'accès » pour lui remettre "
                       "ses données, ou « Effacer définitivement » pour son droit à l'effacement.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Nom, prénom ou téléphone du jeune")
        self.search.textChanged.connect(self.find)
        layout.addWidget(self.search)
        self.results = QListWidget()
        layout.addWidget(self.results, 1)
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
            self, "Effacer le dossier", f"Effacer définitivement le dossier de {nom} ? Son contenu sera retiré de "
            "ce poste, du serveur et des autres postes à la prochaine synchronisation. Cette action est "
            "irréversible.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes
        self.resize(560, 420)

    def find(self, text: str) -> None:
        from desktop_app.domain.errors import UserError
        from desktop_app.services import recherche

        self.results.clear()
        if not recherche.recherche_possible(text):
            return
        try:
            rows = recherche.rows_for(self.profile, recherche.search_ids(self.profile, text)[:50])
        except UserError as exc:
            self.error.show_message(exc.message)
            return
        for row in rows:
            naissance = row.date_naissance.strftime("%d/%m/%Y") if row.date_naissance else "?"
            item = QListWidgetItem(f"{row.nom_affiche} {row.prenoms} — né(e) le {naissance}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.results.addItem(item)
        if rows:
            self.results.setCurrentRow(0)

    def _selected(self) -> tuple[str, str] | None:
        item = self.results.currentItem()
        if item is None:
            self.error.show_message("Choisissez d'abord un dossier dans la liste.")
            return None
        return item.data(Qt.ItemDataRole.UserRole), item.text().split(" — ")[0]

    def write_access(self) -> None:
        from desktop_app.domain.errors import UserError
        from desktop_app.services import rgpd

        if (chosen := self._selected()) is None or not (path := self.ask_path()):
            return
        try:
            pdf, json_path = rgpd.ecrire_acces(self.profile, chosen[0], path)
        except UserError as exc:
            self.error.show_message(exc.message)
            return
        self.error.clear_message()
        self.done_label.setText(f"Droit d'accès écrit : {pdf} et {json_path}.")

    def erase(self) -> None:
        from desktop_app.domain.errors import UserError
        from desktop_app.security.permissions import exiger
        from desktop_app.services import rgpd

        if (chosen := self._selected()) is None:
            return
        try:
            exiger(self.profile, "rgpd.effacer")  # refuse before asking, not after
            if not self.confirm(chosen[1]):
                return
            rgpd.effacer(self.profile, chosen[0])
        except UserError as exc:
            self.error.show_message(exc.message)
            return
        self.error.clear_message()
        self.done_label.setText(f"Dossier de {chosen[1]} effacé : synchronisez pour l'effacer partout.")
        self.find(self.search.text())
