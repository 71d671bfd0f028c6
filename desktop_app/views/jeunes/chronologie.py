"""The timeline panel of a dossier: actualités, freins, propositions, situations and dispositifs in one
chronological list, with quick-add buttons and shortcuts, edit, status change and removal."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.views.jeunes.elements import TABLES, ElementDialog, StatutDialog
from desktop_app.views.kit.operation import run_write
from desktop_app.views.kit.text import format_date

KIND_LABELS = {"actualite": "Actualité", "frein": "Frein", "proposition": "Proposition", "situation": "Situation",
               "dispositif": "Dispositif"}
SHORTCUTS = {"actualite": "Ctrl+Shift+A", "frein": "Ctrl+Shift+F", "proposition": "Ctrl+Shift+P",
             "situation": "Ctrl+Shift+I", "dispositif": "Ctrl+Shift+D"}
FILTRES = [("Tout afficher", None), ("Actualités", "actualite"), ("Freins", "frein"), ("Propositions", "proposition"),
           ("Situations", "situation"), ("Dispositifs", "dispositif")]
ItemRole = Qt.ItemDataRole.UserRole


def _note_excerpt(record) -> str:
    note = (getattr(record, "note", None) or "").strip().replace("\n", " ")
    return note if len(note) <= 90 else note[:89] + "…"


class ChronologiePanel(QWidget):
    """``changed`` is emitted after each write (the window and the list refresh through the bus too)."""

    changed = Signal()
    items_changed = Signal(object)  # every item of the dossier (whatever the filter shows), after each change

    def __init__(self, context, jeune_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.jeune_id = context, jeune_id
        self._all: list = []  # every item, the filter shows some
        self._choices: dict[str, list[tuple[str, str]]] = {}
        self._termes: list[str] | None = None
        self.dialog = None
        title = self._build_tree()

        buttons = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.filtre)
        layout.addLayout(head)
        layout.addLayout(buttons)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.tree, 1)
        self.set_jeune(jeune_id)

    def _build_tree(self) -> QLabel:
        title = QLabel("Chronologie")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.filtre = QComboBox()
        self.filtre.setObjectName("filtreChronologie")
        self.filtre.setAccessibleName("Afficher dans la chronologie")
        self.filtre.setToolTip("N'afficher qu'une sorte d'éléments")
        for label, kind in FILTRES:
            self.filtre.addItem(label, kind)
        self.filtre.currentIndexChanged.connect(lambda _i: self._show_filtered())
        self.placeholder = QLabel("La chronologie sera disponible une fois le dossier enregistré (Ctrl+S).")
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        self.tree = QTreeWidget()
        self.tree.setObjectName("chronologie")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Date", "Élément", "Détail"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # element and detail share the width left by the date: no sideways scrolling on a laptop screen, a cut text is
        # read whole in its tooltip or by opening it
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(lambda *_: self.edit_current())
        return title

    def _build_buttons(self) -> QGridLayout:
        buttons = QGridLayout()
        buttons.setHorizontalSpacing(4)
        self.add_buttons: dict[str, QPushButton] = {}
        for column, (kind, label) in enumerate(KIND_LABELS.items()):
            button = QPushButton(f"+ {label}")
            button.setObjectName(f"ajouter_{kind}")
            native = QKeySequence(SHORTCUTS[kind]).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"Ajouter : {label.lower()} ({native})")
            button.clicked.connect(lambda _c=False, k=kind: self.add(k))
            QShortcut(QKeySequence(SHORTCUTS[kind]), self, lambda k=kind: self.add(k))
            self.add_buttons[kind] = button
            buttons.addWidget(button, 0, column)
        self.edit_button = QPushButton("Modifier…")
        self.edit_button.setToolTip("Modifier l'élément choisi (Entrée)")
        self.status_button = QPushButton("Changer le statut…")
        self.status_button.setToolTip("Frein ou proposition : nouveau statut daté")
        self.remove_button = QPushButton("Supprimer")
        self.remove_button.setToolTip("Supprimer l'élément choisi (Suppr)")
        buttons.addWidget(self.edit_button, 1, 0, 1, 2)
        buttons.addWidget(self.status_button, 1, 2, 1, 2)
        buttons.addWidget(self.remove_button, 1, 4)
        self.edit_button.clicked.connect(self.edit_current)
        self.status_button.clicked.connect(self.change_status)
        self.remove_button.clicked.connect(self.remove_current)
        QShortcut(QKeySequence.StandardKey.Delete, self.tree, self.remove_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        return buttons

    def set_jeune(self, jeune_id: str | None) -> None:
        self.jeune_id = jeune_id
        enabled = jeune_id is not None
        self.placeholder.setVisible(not enabled)
        for button in self.add_buttons.values():
            button.setEnabled(enabled)
        self._update_buttons()

    def set_choices(self, *, lieux, conseillers, termes) -> None:
        self._choices = {"lieu": list(lieux), "conseiller": list(conseillers)}
        self._termes = termes

    # --- content -----------------------------------------------------------------------------------------
    def set_items(self, items) -> None:
        """Every item of the dossier (most recent first); the filter chooses which are shown."""
        self._all = list(items)
        self._show_filtered()
        self.items_changed.emit(self._all)

    def show_record(self, kind: str, record) -> None:
        """A write's result shown at once (the reload the bus announces follows in the background)."""
        from desktop_app.services.jeunes.chronologie_elements import items_of

        if record is None or getattr(record, "jeune_id", None) != self.jeune_id:
            return
        others = [i for i in self._all if not (i.kind == kind and i.id == record.id)]
        # a frein's path so far (the statuses shown before this write): its new status is added to it
        passe = {record.id: [(i.date, i.event) for i in self._all if i.kind == kind and i.id == record.id
                             and i.event != "cree"]} if kind == "frein" else None
        fresh = [] if record.deleted else items_of(record, dict(self._choices.get("lieu", [])), passe)
        self.set_items(sorted(others + fresh, key=lambda i: (i.date, i.record.created_at), reverse=True))

    def _show_filtered(self) -> None:
        wanted = self.filtre.currentData()
        items = [i for i in self._all if wanted is None or i.kind == wanted]
        current = self.current()
        keep = (current.kind, current.id, current.event) if current else None
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        rows = []
        for item in items:
            detail = item.detail
            if item.kind == "actualite":
                note = _note_excerpt(item.record)
                detail = " — ".join(p for p in (detail, note) if p)
            row = QTreeWidgetItem([format_date(item.date), item.titre, detail])
            row.setData(0, ItemRole, item)
            full = f"{item.titre}\n{detail}".strip()
            row.setToolTip(1, full)
            row.setToolTip(2, full)
            rows.append(row)
        self.tree.addTopLevelItems(rows)
        self.tree.setUpdatesEnabled(True)
        for row in rows:
            it = row.data(0, ItemRole)
            if keep and (it.kind, it.id, it.event) == keep:
                self.tree.setCurrentItem(row)
                break
        self._update_buttons()

    def items(self) -> list:
        return [self.tree.topLevelItem(i).data(0, ItemRole) for i in range(self.tree.topLevelItemCount())]

    def current(self):
        row = self.tree.currentItem()
        return row.data(0, ItemRole) if row is not None else None

    def _update_buttons(self) -> None:
        item = self.current()
        self.edit_button.setEnabled(item is not None)
        self.remove_button.setEnabled(item is not None)
        self.status_button.setEnabled(item is not None and item.kind in ("frein", "proposition"))

    def reload(self) -> None:
        from desktop_app.services.jeunes.chronologie import timeline

        if self.jeune_id is None:
            return
        profile, jeune_id = self.context.profile, self.jeune_id
        self.context.tasks.run_db(lambda: timeline(profile, jeune_id),
                                  lambda items: isValid(self) and self.set_items(items))

    # --- actions -----------------------------------------------------------------------------------------
    def _open(self, dialog) -> None:
        dialog.saved.connect(self._written)
        dialog.recorded.connect(lambda record, k=dialog.kind: self.show_record(k, record))
        self.dialog = dialog
        dialog.open()

    def add(self, kind: str) -> None:
        if self.jeune_id is None:
            return
        dialog = ElementDialog(self.context, kind, self.jeune_id, choices=self._choices, termes=self._termes,
                               parent=self)
        self._open(dialog)
        if kind == "actualite":  # after show_record: the new line is shown before the next dialog is built
            dialog.recorded.connect(self._after_actualite)

    def _after_actualite(self, record) -> None:
        """At the end of an entretien, the next rendez-vous in one step (issue 15): « Annuler » plans none.
        Built on the next turn of the event loop, once the timeline has painted the line just stored."""
        if getattr(record, "type", None) == "entretien_individuel" and record.jeune_id == self.jeune_id:
            QTimer.singleShot(0, self, self._propose_rendez_vous)

    def _propose_rendez_vous(self) -> None:
        from desktop_app.services.sync.horloge import aujourdhui
        from desktop_app.views.agenda.dialogue import RendezVousDialog

        if self.jeune_id is None:
            return
        title = getattr(self.window(), "title", None)
        nom = title.text() if title is not None else ""
        dialog = RendezVousDialog(self.context, jour=aujourdhui(self.context.profile) + dt.timedelta(days=14),
                                  jeunes=[(self.jeune_id, nom)], titre="Prochain rendez-vous", parent=self)
        self.next_dialog = dialog
        dialog.open()

    def edit_current(self) -> None:
        item = self.current()
        if item is not None:
            self._open(ElementDialog(self.context, item.kind, self.jeune_id, item.record, choices=self._choices,
                                     termes=self._termes, parent=self))

    def change_status(self) -> None:
        item = self.current()
        if item is not None and item.kind in ("frein", "proposition"):
            self._open(StatutDialog(self.context, item.kind, item.record, parent=self))

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "Supprimer", text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def remove_current(self) -> None:
        from desktop_app.services.jeunes.chronologie import remove

        item = self.current()
        if item is None or not self.confirm(f"Supprimer « {item.titre} » du {format_date(item.date)} ?"):
            return
        profile, kind, item_id = self.context.profile, item.kind, item.id

        def done(_r) -> None:
            self.set_items([i for i in self._all if not (i.kind == kind and i.id == item_id)])
            self._written(TABLES[kind])

        run_write(self.context, lambda: remove(profile, kind, item_id), on_done=done, parent=self)

    def _written(self, _table: str) -> None:
        # the operation announced the tables written: the window reloads the timeline when the bus says so
        self.changed.emit()
