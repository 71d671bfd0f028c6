"""The list of actions (filter by type) beside the chosen action or its editor."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidgetItem, QPushButton, QStackedWidget, QWidget

from desktop_app.domain import actions_collectives as D
from desktop_app.views.actions_collectives.detail import ActionPanel
from desktop_app.views.actions_collectives.formulaire import ActionForm
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import combo, tant_que
from desktop_app.views.kit.liste_detail import item_list, left_column, list_and_detail
from desktop_app.views.kit.text import pluriel
from desktop_app.views.shell.sections import ShellContext

RELOAD_ON = frozenset({"action_collective", "seance_action", "inscription_action", "presence_seance",
                       "resultat_action", "atelier_mobilite", "atelier_participation", "lieu", "partenaire",
                       "jeune", "sync"})


class ActionsPanel(QWidget):
    """The list of actions (filter by type) beside the chosen action or the form."""

    ouvrir_atelier = Signal(str)

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.new_button = QPushButton("Nouvelle action")
        self.filtre = combo(D.TypeActionCollective.choices(), empty="Tous les types")
        self.filtre.setAccessibleName("Type d'action")
        self.list = item_list("listeActions")
        selon_droit(context.profile, self.new_button, "actions.modifier")
        left = left_column(300, self.new_button, self.filtre, "Actions, les plus récentes d'abord", self.list)
        self.form = ActionForm(context)
        self.action = ActionPanel(context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.form)
        self.stack.addWidget(self.action)
        list_and_detail(self, left, self.stack)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.filtre.currentIndexChanged.connect(lambda _i: self.reload())
        self.list.currentItemChanged.connect(self._selected)
        self.form.saved.connect(self.open_action)
        self.action.edit_requested.connect(self.edit)
        self.action.deleted.connect(lambda: self.edit(None))
        self.action.ouvrir_atelier.connect(self.ouvrir_atelier)
        context.bus.data_changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.actions_collectives.action import choix
        from desktop_app.services.actions_collectives.listes import lister_actions

        profile, type_action = self.context.profile, self.filtre.currentData()
        self.context.tasks.run_db(lambda: (lister_actions(profile, type_action), choix(profile)),
                                  tant_que(self, self._show))

    def _show(self, result) -> None:
        rows, choix = result
        self.form.set_choix(choix)
        current = self.action.action_id
        self.list.blockSignals(True)
        self.list.clear()
        for r in rows:
            quand = f"{r.premiere:%d/%m/%Y}" if r.premiere else "sans séance"
            if r.derniere and r.derniere != r.premiere:
                quand += f" → {r.derniere:%d/%m/%Y}"
            public = f", {r.public_compte} compté(s)" if r.public_compte else ""
            item = QListWidgetItem(f"{r.titre}\n{r.libelle_type} · {quand} · {pluriel(r.seances, 'séance')}, "
                                   f"{pluriel(r.inscrits, 'inscrit')}{public}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(r.lieu)
            self.list.addItem(item)
            if r.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.action.reload()

    def _changed(self, kinds) -> None:
        if kinds & RELOAD_ON or "actualite" in kinds:
            self.reload()

    def _selected(self, item, _previous) -> None:
        if item is not None:
            self.open_action(item.data(Qt.ItemDataRole.UserRole))

    def open_action(self, action_id: str) -> None:
        self.stack.setCurrentWidget(self.action)
        self.action.open(action_id)

    def edit(self, action) -> None:
        self.form.load(action)
        self.stack.setCurrentWidget(self.form)
        self.form.form.fields["titre"].setFocus()
