"""The Permanences screen: past permanences on the left; on the right, starting a new one or the chosen one
(quick capture, known jeunes, contacts and tally)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.views.kit.liste_detail import item_list, left_column, list_and_detail
from desktop_app.views.kit.tableaux import titre
from desktop_app.views.kit.text import format_date
from desktop_app.views.permanences.demarrer import DemarrerForm
from desktop_app.views.permanences.saisie import PermanencePanel, _heures
from desktop_app.views.shell.sections import ShellContext

IdRole = Qt.ItemDataRole.UserRole
KINDS = frozenset({"permanence", "lieu", "actualite", "utilisateur", "sync"})


class PermanencesScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("page_permanences")
        title = titre("Permanences")
        title.setObjectName("sectionTitle")
        self.new_button = QPushButton("Nouvelle permanence")
        self.new_button.setToolTip("Démarrer une permanence hors les murs (Ctrl+N)")
        self.list = item_list("listePermanences", spacing=2, alternating=False)
        left = left_column(270, title, self.new_button, "Permanences, les plus récentes d'abord", self.list)

        self.start_form = DemarrerForm(context)
        self.panel = PermanencePanel(context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_form)
        self.stack.addWidget(self.panel)
        list_and_detail(self, left, self.stack, margins=(12, 12, 12, 12))

        self.new_button.clicked.connect(self.show_start)
        QShortcut(QKeySequence("Ctrl+N"), self, self.show_start)
        self.start_form.started.connect(self.open_permanence)
        self.list.currentItemChanged.connect(self._selected)
        context.bus.data_changed.connect(self._on_data_changed)
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.permanences.seances import lieux
        from desktop_app.services.profil import referentiels

        profile = self.context.profile

        def work():
            return (referentiels.permanences(profile), [(lieu.id, lieu.nom, lieu.type) for lieu in lieux(profile)],
                    [(c.code, c.libelle) for c in referentiels.conseillers(profile)])

        self.context.tasks.run_db(work, self._loaded)

    def _loaded(self, result) -> None:
        if not isValid(self):
            return
        permanences, lieux, conseillers = result
        self.start_form.set_choices(lieux, conseillers)
        current = self.panel.permanence_id
        self.list.blockSignals(True)
        self.list.clear()
        for p in permanences:
            contacts = f"{p.contacts} contact{'s' if p.contacts > 1 else ''}" if p.contacts else "aucun contact"
            item = QListWidgetItem(f"{format_date(p.date)}{_heures(p)}\n{p.lieu} · {contacts}")
            item.setToolTip(f"{p.lieu} ({p.type_lieu})")
            item.setData(IdRole, p.id)
            self.list.addItem(item)
            if p.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def show_start(self) -> None:
        self.list.clearSelection()
        self.stack.setCurrentWidget(self.start_form)
        self.start_form.lieu.setFocus()

    def open_permanence(self, permanence_id: str) -> None:
        self.stack.setCurrentWidget(self.panel)
        self.panel.show_permanence(permanence_id)
        self.reload()

    def _selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.stack.setCurrentWidget(self.panel)
            self.panel.show_permanence(item.data(IdRole))

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if isValid(self) and kinds & KINDS:
            self.reload()
