"""The ateliers mobilité: sessions (list, plan, the chosen session) and the prêts of the plate-forme mobilité.
Since issue 17 their panels are tabs of the « Actions collectives » section
(:mod:`desktop_app.views.actions_collectives.ecran`); :class:`AteliersScreen` stays a page of its own."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.ateliers.prets import PretsPanel
from desktop_app.views.ateliers.session import PlanForm, SessionPanel
from desktop_app.views.kit.droits import ecran_refuse, selon_droit
from desktop_app.views.kit.export import ExportButton
from desktop_app.views.kit.formulaire import tant_que
from desktop_app.views.kit.liste_detail import item_list, left_column, list_and_detail
from desktop_app.views.kit.onglets import tabbed_page
from desktop_app.views.kit.text import pluriel
from desktop_app.views.shell.sections import ShellContext

RELOAD_ON = frozenset({"atelier_mobilite", "atelier_participation", "lieu", "jeune", "sync"})


class SeancesPanel(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.new_button = QPushButton("Nouvelle séance")
        self.list = item_list("listeAteliers")
        selon_droit(context.profile, self.new_button, "mobilite.modifier")
        left = left_column(280, self.new_button, "Séances, les plus récentes d'abord", self.list)
        self.plan = PlanForm(context)
        self.session = SessionPanel(context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plan)
        self.stack.addWidget(self.session)
        list_and_detail(self, left, self.stack)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.list.currentItemChanged.connect(self._selected)
        self.plan.saved.connect(self.open_session)
        self.session.edit_requested.connect(self.edit)
        self.session.deleted.connect(lambda: self.edit(None))
        context.bus.data_changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.ateliers.seances import list_ateliers
        from desktop_app.services.permanences.seances import lieux

        self.session.reload()  # first: the session being ticked shows what is stored before the list is read
        profile = self.context.profile
        self.context.tasks.run_db(lambda: (list_ateliers(profile), [(x.id, x.nom) for x in lieux(profile)]),
                              tant_que(self, self._show))  # skipped when the screen was closed meanwhile

    def _show(self, result) -> None:
        rows, lieux = result
        self.plan.set_lieux(lieux)
        current = self.session.atelier_id
        self.list.blockSignals(True)
        self.list.clear()
        for r in rows:
            heure = f" {r.heure_debut:%H:%M}" if r.heure_debut else ""
            item = QListWidgetItem(f"{r.date:%d/%m/%Y}{heure} · {r.niveau}\n{r.lieu or 'Lieu à préciser'} · "
                                   f"{r.inscrits}/{r.capacite} inscrits, {pluriel(r.presents, 'présent')}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(f"Co-animateur : {r.co_animateur}" if r.co_animateur else "")
            self.list.addItem(item)
            if r.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _changed(self, kinds) -> None:
        if kinds & RELOAD_ON or "actualite" in kinds:
            self.reload()

    def _selected(self, item, _previous) -> None:
        if item is not None:
            self.open_session(item.data(Qt.ItemDataRole.UserRole))

    def open_session(self, atelier_id: str) -> None:
        self.stack.setCurrentWidget(self.session)
        self.session.open(atelier_id)

    def edit(self, atelier) -> None:
        self.plan.load(atelier)
        self.stack.setCurrentWidget(self.plan)
        self.plan.form.fields["date"].setFocus()


class AteliersScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.setObjectName("page_ateliers")
        refus = ecran_refuse(context.profile, "mobilite.lire", "Ateliers mobilité", "ateliersRefuses")
        if refus is not None:  # a parrain: nothing of the jeunes' activities here
            self.tabs = self.seances = self.prets = self.export_button = None
            QVBoxLayout(self).addWidget(refus)
            return
        from desktop_app.services.ateliers.export import export

        self.export_button = ExportButton(context, [("ateliers", "Ateliers (une ligne par participant)"),
                                                    ("prets", "Prêts de la plate-forme")], export,
                                          "mobilite.exporter", self)
        self.seances = SeancesPanel(context)
        self.prets = PretsPanel(context)
        self.tabs = tabbed_page(self, "Ateliers mobilité", self.export_button,
                                [(self.seances, "Séances d'ateliers"),
                                 (self.prets, "Prêts de la plate-forme mobilité")])
