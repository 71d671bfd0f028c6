"""Duplicates: the candidates shown when creating a file close to existing ones, and « Fusionner avec… »."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.text import format_date

IdRole = Qt.ItemDataRole.UserRole


def decrire_candidat(c) -> str:
    """One line telling a namesake apart: name, birth date, commune, référent, last contact, and the reason."""
    return c.description + (f" ({c.raison})" if c.raison else "")


class PropositionDoublons(QWidget):
    """Inline « Ce jeune a peut-être déjà un dossier » : use an existing dossier, open it, or create anyway."""

    use_existing = Signal(str)
    open_existing = Signal(str)
    create_anyway = Signal()

    def __init__(self, use_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("propositionDoublons")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.intro = QLabel("Ce jeune a peut-être déjà un dossier. Choisissez-le plutôt que d'en créer un second :")
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("candidatsDoublons")
        self.list.setAccessibleName("Dossiers existants qui ressemblent")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(140)
        self.use_button = QPushButton(use_label)
        self.open_button = QPushButton("Ouvrir le dossier")
        self.create_button = QPushButton("Créer quand même")
        self.create_button.setObjectName("creerQuandMeme")
        row = QHBoxLayout()
        for button in (self.use_button, self.open_button, self.create_button):
            row.addWidget(button)
        for widget in (self.intro, self.list):
            layout.addWidget(widget)
        layout.addLayout(row)
        self.use_button.clicked.connect(lambda: self._emit(self.use_existing))
        self.open_button.clicked.connect(lambda: self._emit(self.open_existing))
        self.list.itemActivated.connect(lambda *_: self._emit(self.use_existing))
        self.create_button.clicked.connect(self._create)
        self.hide()

    def show_candidats(self, candidats) -> None:
        self.list.clear()
        for c in candidats:
            item = QListWidgetItem(decrire_candidat(c))
            item.setData(IdRole, c.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.show()
        self.use_button.setFocus()

    def _emit(self, signal) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.hide()
            signal.emit(item.data(IdRole))

    def _create(self) -> None:
        self.hide()
        self.create_anyway.emit()


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
        intro = QLabel("Des dossiers proches existent déjà (nom, date de naissance ou téléphone). "
                       "Ouvrez le dossier existant plutôt que d'en créer un second :")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("candidatsDoublons")
        for c in candidats:
            item = QListWidgetItem(decrire_candidat(c))
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
        intro = QLabel(f"Cherchez le doublon de « {keep_name} ». Les deux dossiers s'afficheront côte à côte : "
                       "vous choisirez champ par champ la valeur à garder ; sa chronologie sera rattachée à ce "
                       "dossier, puis il sera fermé.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.picker = JeunePicker(context, "Nom, prénom, téléphone…", accessible_name="Chercher le doublon",
                                  limit=50, exclude=keep_id)
        self.picker.results.setObjectName("resultatsFusion")
        self.search, self.results = self.picker.search, self.picker.results
        layout.addWidget(self.picker, 1)
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
        self.picker.chosen.connect(lambda *_: self.merge_selected())

    def merge_selected(self) -> None:
        """Both dossiers side by side, a choice per field, then the confirmed merge."""
        from desktop_app.views.jeunes.fusion import FusionCoteACote

        other = self.picker.current()
        if other is None:
            self.message.setText("Choisissez d'abord le dossier à fusionner.")
            return
        other_id = other.id
        dialog = FusionCoteACote(self.context, self.keep_id, other_id, self)

        def done(_other: str) -> None:
            self.accept()
            self.merged.emit(other_id)

        dialog.merged.connect(done)
        self.side_by_side = dialog
        dialog.open()
