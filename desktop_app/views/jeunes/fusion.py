"""Merge side by side: both dossiers in two columns (who each is: birth date, commune, référent, last contact),
a choice per differing field (default: the most recent non-empty value), then one confirmed write."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.errors import UserError
from desktop_app.views.kit.operation import run_write, show_failure


class FusionCoteACote(QDialog):
    """``keep_id`` stays (its id, its place in the lists); ``other_id`` is merged into it."""

    merged = Signal(str)

    def __init__(self, context, keep_id: str, other_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.keep_id, self.other_id = context, keep_id, other_id
        self.setObjectName("fusionCoteACote")
        self.setWindowTitle("Fusionner deux dossiers — côte à côte")
        self.resize(820, 620)
        self.groups: dict[str, QButtonGroup] = {}
        self.fiches: dict = {}
        layout = QVBoxLayout(self)
        intro = QLabel("Pour chaque champ qui diffère, choisissez la valeur à garder (par défaut : la plus récente "
                       "non vide). Toute la chronologie de l'autre dossier (actualités, freins, propositions, "
                       "situations, dispositifs…) sera rattachée au dossier gardé ; l'autre sera fermé.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.grid = QGridLayout()
        holder = QWidget()
        holder.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.merge_button = QPushButton("Fusionner…")
        self.merge_button.setEnabled(False)
        cancel = QPushButton("Annuler")
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.merge_button.clicked.connect(self.merge)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        from desktop_app.services.jeunes.doublons import fiches
        from desktop_app.services.jeunes.fusion import comparer

        profile, keep, other = self.context.profile, self.keep_id, self.other_id
        self.context.tasks.run_db(lambda: (comparer(profile, keep, other), fiches(profile, [keep, other])),
                                  lambda r: self._show(*r), self._failed)

    def _show(self, comparison, fiches) -> None:
        if not isValid(self):
            return
        self.fiches = fiches
        for column, (title, jid) in enumerate((("Dossier gardé", self.keep_id), ("Dossier fusionné", self.other_id)),
                                              start=1):
            who = QLabel(f"<b>{title}</b><br>{fiches[jid].description.replace(' — ', '<br>')}")
            who.setObjectName("ficheGardee" if column == 1 else "ficheFusionnee")
            who.setWordWrap(True)
            self.grid.addWidget(who, 0, column)
        row = 1
        for champ in comparison.champs:
            if champ.texte_garde == champ.texte_autre == "(vide)":
                continue
            self.grid.addWidget(QLabel(champ.libelle), row, 0)
            if not champ.differe:
                same = QLabel(champ.texte_garde)
                same.setEnabled(False)
                self.grid.addWidget(same, row, 1, 1, 2)
            else:
                group = QButtonGroup(self)
                for column, (code, text) in enumerate((("garde", champ.texte_garde), ("autre", champ.texte_autre)),
                                                      start=1):
                    radio = QRadioButton(text)
                    radio.setObjectName(f"choix_{champ.nom}_{code}")
                    radio.setAccessibleName(f"{champ.libelle} : {text}")
                    radio.setChecked(code == champ.choix)
                    group.addButton(radio, column)
                    self.grid.addWidget(radio, row, column)
                self.groups[champ.nom] = group
            row += 1
        self.grid.setRowStretch(row, 1)
        self.merge_button.setEnabled(True)

    def choix(self) -> dict[str, str]:
        return {name: "garde" if group.checkedId() == 1 else "autre" for name, group in self.groups.items()}

    def confirm(self, text: str) -> bool:
        return QMessageBox.question(self, "Confirmer la fusion", text,
                                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                    QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes

    def confirmation_text(self) -> str:
        keep, other = self.fiches[self.keep_id], self.fiches[self.other_id]
        return (f"Fusionner le dossier\n« {other.description} »\ndans le dossier\n« {keep.description} » ?\n\n"
                "Toute sa chronologie sera rattachée au dossier gardé, avec les valeurs choisies, et il "
                "n'apparaîtra plus dans la liste. Cette opération ne peut pas être annulée.")

    def merge(self) -> None:
        from desktop_app.services.jeunes.fusion import merge_jeunes

        if not self.fiches or not self.confirm(self.confirmation_text()):
            return
        profile, keep, other, choix = self.context.profile, self.keep_id, self.other_id, self.choix()

        def done(_jeune) -> None:
            self.accept()
            self.merged.emit(other)

        run_write(self.context, lambda: merge_jeunes(profile, keep, other, choix=choix), on_done=done,
                  on_error=self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        if isinstance(exc, UserError):
            self.message.setText(str(exc))
        else:
            show_failure(exc, parent=self)
