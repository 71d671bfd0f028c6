"""The « Quarantaine » tab: the operations the hub refused, waiting to be sent again — by themselves when
their circumstances change, or now with « Renvoyer » — or discarded knowingly with « Abandonner »."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop_app.views.sync.journal import QuarantineTable

HINT = ("Ces modifications ont été refusées par le serveur. Elles restent sur ce poste et repartent d'elles-mêmes "
        "dès que la cause peut avoir changé (heure corrigée, droits accordés, application mise à jour…). "
        "« Renvoyer » les propose tout de suite ; « Abandonner » y renonce.")
EMPTY_TEXT = "Aucune modification n'attend en quarantaine : le serveur a accepté tout ce que ce poste a envoyé."
ABANDON_TITLE = "Abandonner la modification"


class QuarantinePanel(QWidget):
    """Table of quarantined operations with « Renvoyer » (selection, or all) and « Abandonner » (selection)."""

    resend_requested = Signal(list)  # quarantine ids; empty: all of them
    abandon_requested = Signal(list)  # quarantine ids (confirmed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list = []
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.table = QuarantineTable()
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.resend = QPushButton("Renvoyer")
        self.resend.setObjectName("quarantineResend")
        self.resend.setToolTip("Envoyer de nouveau au serveur les modifications sélectionnées (ou toutes) "
                               "à la prochaine synchronisation.")
        self.abandon = QPushButton("Abandonner…")
        self.abandon.setObjectName("quarantineAbandon")
        self.abandon.setToolTip("Renoncer aux modifications sélectionnées : elles ne seront jamais envoyées.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.resend)
        buttons.addWidget(self.abandon)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resend.clicked.connect(self._on_resend)
        self.abandon.clicked.connect(self._on_abandon)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.set_items([])

    def set_items(self, items) -> None:
        self.items = list(items)
        self.table.set_items([_with_attempts(q) for q in self.items])
        self.empty.setVisible(not self.items)
        self.table.setVisible(bool(self.items))
        self.hint.setVisible(bool(self.items))
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.items[r].id for r in rows if r < len(self.items)]

    def _update_buttons(self) -> None:
        self.resend.setEnabled(bool(self.items))
        self.abandon.setEnabled(bool(self.selected_ids()))

    def _on_resend(self) -> None:
        self.resend_requested.emit(self.selected_ids())

    def _on_abandon(self) -> None:
        from desktop_app.services.sync.echanges import ABANDON_MEANING, ABANDON_MEANING_PLURAL

        ids = self.selected_ids()
        if not ids:
            return
        text = ABANDON_MEANING if len(ids) == 1 else ABANDON_MEANING_PLURAL.format(n=len(ids))
        answer = QMessageBox.question(self, ABANDON_TITLE, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.abandon_requested.emit(ids)


def _with_attempts(q):
    """The reason, with how many times it was sent again and refused again."""
    if not q.attempts:
        return q
    from dataclasses import replace

    times = "1 fois" if q.attempts == 1 else f"{q.attempts} fois"
    return replace(q, reason=f"{q.reason} (renvoyée et refusée de nouveau {times})")
