"""The dossier's rendez-vous (issue 15): the coming ones on top (in bold), the past ones with their outcome, a
« + Rendez-vous » action (Ctrl+Shift+R) planning one for this jeune; Entrée opens the selected one."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import StatutRendezVous
from desktop_app.views.kit.text import format_date

KINDS = frozenset({"rendez_vous", "rendez_vous_participant", "sync"})
_ROLE = Qt.ItemDataRole.UserRole


class RendezVousDossierPanel(QWidget):
    """``prochain_changed(datetime | None)`` after each load: the dossier's header says when the next one is."""

    prochain_changed = Signal(object)

    def __init__(self, context, jeune_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.jeune_id = context, jeune_id
        self.lignes: list = []
        self.dialog = None
        title = QLabel("Rendez-vous")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.add_button = QPushButton("+ Rendez-vous")
        self.add_button.setObjectName("ajouter_rendez_vous")
        native = QKeySequence("Ctrl+Shift+R").toString(QKeySequence.SequenceFormat.NativeText)
        self.add_button.setToolTip(f"Planifier un rendez-vous avec ce jeune ({native})")
        self.tree = QTreeWidget()
        self.tree.setObjectName("rendezVousDossier")
        self.tree.setAccessibleName("Rendez-vous du jeune")
        self.tree.setHeaderLabels(["Date", "Heure", "Rendez-vous", "Statut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column in (0, 1, 3):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("Aucun rendez-vous.")
        self.empty.setEnabled(False)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        self.add_button.clicked.connect(self.plan)
        QShortcut(QKeySequence("Ctrl+Shift+R"), self.window() if parent is not None else self, self.plan,
                  context=Qt.ShortcutContext.WindowShortcut)
        self.tree.itemActivated.connect(lambda *_: self.open_current())
        context.bus.data_changed.connect(self._on_data_changed)
        self.set_jeune(jeune_id)

    def set_jeune(self, jeune_id: str | None) -> None:
        self.jeune_id = jeune_id
        self.add_button.setEnabled(jeune_id is not None)
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.agenda.lecture import du_jeune, prochain_rendez_vous

        if self.jeune_id is None:
            self._show([], None)
            return
        profile, jeune_id = self.context.profile, self.jeune_id

        def work():
            return du_jeune(profile, jeune_id), prochain_rendez_vous(profile, jeune_id)

        self.context.tasks.run_db(work, lambda r: self._show(*r), lambda _e: None, droppable=True)

    def _show(self, lignes, prochain) -> None:
        from desktop_app.services.sync.horloge import aujourdhui

        if not isValid(self):
            return
        self.lignes = lignes
        today = aujourdhui(self.context.profile)
        self.tree.clear()
        for ligne in lignes:
            statut = next((p.statut for p in ligne.participants if p.jeune_id == self.jeune_id), ligne.statut)
            row = QTreeWidgetItem([format_date(ligne.date), f"{ligne.heure_debut:%H:%M}–{ligne.heure_fin:%H:%M}",
                                   (ligne.intitule or ", ".join(ligne.objet)
                                    or ("Séance collective" if ligne.collectif else "Entretien")) + f" · {ligne.lieu}",
                                   StatutRendezVous.label_of(statut) or statut])
            row.setData(0, _ROLE, ligne)
            if ligne.date >= today and statut == StatutRendezVous.PREVU.value:
                for column in range(4):
                    font = row.font(column)
                    font.setBold(True)
                    row.setFont(column, font)
            self.tree.addTopLevelItem(row)
        self.empty.setVisible(not lignes)
        self.tree.setVisible(bool(lignes))
        self.prochain_changed.emit(prochain)

    def texts(self) -> list[list[str]]:
        return [[self.tree.topLevelItem(i).text(c) for c in range(4)] for i in range(self.tree.topLevelItemCount())]

    def _on_data_changed(self, kinds) -> None:
        if isValid(self) and kinds & KINDS:
            self.reload()

    def _nom(self) -> str:
        window = self.window()
        title = getattr(window, "title", None)
        return title.text() if title is not None else ""

    def plan(self, *, titre: str | None = None, jour: dt.date | None = None) -> None:
        from desktop_app.views.agenda.dialogue import RendezVousDialog

        if self.jeune_id is None:
            return
        dialog = RendezVousDialog(self.context, jour=jour, jeunes=[(self.jeune_id, self._nom())], titre=titre,
                                  parent=self)
        dialog.saved.connect(lambda *_: self.reload())
        self.dialog = dialog
        dialog.open()

    def open_current(self) -> None:
        from desktop_app.views.agenda.dialogue import RendezVousDialog

        row = self.tree.currentItem()
        if row is None:
            return
        ligne = row.data(0, _ROLE)
        dialog = RendezVousDialog(self.context, ligne=ligne, parent=self)
        if ligne.conseiller_id != self.context.profile.user_id:  # a colleague's: read here, changed in the agenda
            dialog.setWindowTitle(f"Rendez-vous avec {ligne.conseiller} (lecture seule)")
            dialog.buttons.setEnabled(False)
            dialog.form.setEnabled(False)
        dialog.saved.connect(lambda *_: self.reload())
        self.dialog = dialog
        dialog.open()
