"""« Doublons à examiner » (from the Jeunes section): pairs of dossiers found after sync — twins made offline
on two laptops — each with who both are; compare and merge side by side, or set the pair aside."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.views.kit.operation import run_write, show_failure

PairRole = Qt.ItemDataRole.UserRole


class DoublonsAExaminer(QDialog):
    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("doublonsAExaminer")
        self.setWindowTitle("Doublons à examiner")
        self.resize(760, 440)
        layout = QVBoxLayout(self)
        intro = QLabel("Dossiers reçus par la synchronisation qui ressemblent à un dossier de ce poste (créés "
                       "hors ligne sur deux postes, par exemple). Comparez-les pour les fusionner, ou écartez la "
                       "paire s'il s'agit de deux personnes.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("pairesDoublons")
        self.list.setAccessibleName("Paires de dossiers à examiner")
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        self.message = QLabel("Recherche des doublons…")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.compare_button = QPushButton("Comparer et fusionner…")
        self.dismiss_button = QPushButton("Ce sont deux personnes")
        close = QPushButton("Fermer")
        for button in (self.compare_button, self.dismiss_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.compare_button.clicked.connect(self.compare)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.list.itemActivated.connect(lambda *_: self.compare())
        close.clicked.connect(self.accept)
        self.refresh()

    def refresh(self) -> None:
        from desktop_app.services.jeunes.doublons_recus import doublons_a_examiner

        profile = self.context.profile
        self.context.tasks.run_db(lambda: doublons_a_examiner(profile), self._show, self._failed)

    def _show(self, pairs) -> None:
        if not isValid(self):
            return
        self.list.clear()
        for p in pairs:
            item = QListWidgetItem(f"{p.raison.capitalize()} :\n  reçu : {p.recu.description}\n"
                                   f"  ce poste : {p.local.description}")
            item.setData(PairRole, (p.local.id, p.recu.id))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.message.setText(f"{len(pairs)} paire(s) à examiner." if pairs else "Aucun doublon à examiner.")
        for button in (self.compare_button, self.dismiss_button):
            button.setEnabled(bool(pairs))

    def _current(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        return item.data(PairRole) if item is not None else None

    def compare(self) -> None:
        from desktop_app.views.jeunes.fusion import FusionCoteACote

        if (pair := self._current()) is None:
            return
        dialog = FusionCoteACote(self.context, pair[0], pair[1], self)
        dialog.merged.connect(lambda _id: self.refresh())
        self.side_by_side = dialog
        dialog.open()

    def dismiss(self) -> None:
        from desktop_app.services.jeunes.doublons_recus import ecarter

        if (pair := self._current()) is None:
            return
        profile = self.context.profile
        run_write(self.context, lambda: ecarter(profile, *pair), on_done=lambda _r: self.refresh(),
                  on_error=self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            show_failure(exc, parent=self)
