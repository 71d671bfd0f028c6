"""Duplicates: the candidates shown when creating a file close to existing ones, and « Fusionner avec… »."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.errors import UserError
from desktop_app.views.kit.operation import run_write, show_failure
from desktop_app.views.kit.text import format_date

IdRole = Qt.ItemDataRole.UserRole


class DoublonsDialog(QDialog):
    """« Ce jeune existe peut-être déjà » : open an existing file, or create anyway."""

    open_existing = Signal(str)
    create_anyway = Signal()

    def __init__(self, candidats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ce jeune a peut-être déjà un dossier")
        self.setObjectName("dialogueDoublons")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel("Des dossiers proches existent déjà (même date de naissance, nom et prénom voisins). "
                       "Ouvrez le dossier existant plutôt que d'en créer un second :")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("candidatsDoublons")
        for c in candidats:
            where = f" — {c.commune}" if c.commune else ""
            item = QListWidgetItem(f"{c.nom_affiche} — né·e le {format_date(c.date_naissance)}{where} "
                                   f"(ressemblance {round(c.score * 100)} %)")
            item.setData(IdRole, c.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.open_button = QPushButton("Ouvrir le dossier existant")
        self.create_button = QPushButton("Créer quand même")
        cancel = QPushButton("Annuler")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        self.create_button.clicked.connect(self._create)
        cancel.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda *_: self._open())
        layout.addWidget(buttons)

    def _open(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.accept()
            self.open_existing.emit(item.data(IdRole))

    def _create(self) -> None:
        self.accept()
        self.create_anyway.emit()


class FusionDialog(QDialog):
    """Pick the duplicate file to merge into this one; confirm; every timeline item moves here."""

    merged = Signal(str)

    def __init__(self, context, keep_id: str, keep_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.keep_id, self.keep_name = context, keep_id, keep_name
        self.setWindowTitle("Fusionner deux dossiers")
        self.setObjectName("dialogueFusion")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Cherchez le doublon de « {keep_name} ». Sa chronologie (actualités, freins, propositions, "
                       "situations, dispositifs) sera rattachée à ce dossier, ses champs remplis complèteront les "
                       "champs vides d'ici, puis il sera fermé.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Nom, prénom, téléphone…")
        self.search.setAccessibleName("Chercher le doublon")
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setObjectName("resultatsFusion")
        layout.addWidget(self.results, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4262c;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.merge_button = QPushButton("Fusionner…")
        cancel = QPushButton("Annuler")
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.merge_button.clicked.connect(self.merge_selected)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(lambda: self.results.setFocus())
        self.results.itemActivated.connect(lambda *_: self.merge_selected())

    def _search(self) -> None:
        from desktop_app.services.jeunes import recherche

        self._generation += 1
        generation, profile, text, keep = self._generation, self.context.profile, self.search.text(), self.keep_id
        if not recherche.recherche_possible(text):  # a letter alone would list everyone
            self.results.clear()
            return

        def work():
            ids = [i for i in recherche.search_ids(profile, text)[:51] if i != keep][:50]
            return recherche.rows_for(profile, ids)

        self.context.tasks.run_db(work, lambda rows: self._show(generation, rows))

    def _show(self, generation: int, rows) -> None:
        if generation != self._generation or not isValid(self):
            return
        self.results.clear()
        for r in rows:
            born = f", né·e le {format_date(r.date_naissance)}" if r.date_naissance else ""
            item = QListWidgetItem(f"{r.nom_affiche} {r.prenoms}{born}" + (f" — {r.commune}" if r.commune else ""))
            item.setData(IdRole, r.id)
            self.results.addItem(item)
        if rows:
            self.results.setCurrentRow(0)

    def confirm(self, other: str) -> bool:
        answer = QMessageBox.question(
            self, "Confirmer la fusion",
            f"Fusionner le dossier « {other} » dans « {self.keep_name} » ?\n\nToute sa chronologie sera rattachée "
            "à ce dossier et il n'apparaîtra plus dans la liste. Cette opération ne peut pas être annulée.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def merge_selected(self) -> None:
        from desktop_app.services.jeunes.doublons import merge_jeunes

        item = self.results.currentItem()
        if item is None:
            self.message.setText("Choisissez d'abord le dossier à fusionner.")
            return
        other_id = item.data(IdRole)
        if not self.confirm(item.text()):
            return
        profile, keep = self.context.profile, self.keep_id

        def done(_jeune) -> None:
            self.accept()
            self.merged.emit(other_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.message.setText(str(exc))
            else:
                show_failure(exc, parent=self)

        run_write(self.context, lambda: merge_jeunes(profile, keep, other_id), on_done=done, on_error=failed,
                  parent=self)
