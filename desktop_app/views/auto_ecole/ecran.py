"""The « Auto-école sociale » section: parcours with what is due (alerts), monthly regroupements with their
attendance (moved or cancelled when planned by mistake), and the partner driving schools with their moniteurs
(a moniteur who left is removed; a school no longer partner is marked inactive)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import StatutParcoursAutoEcole
from desktop_app.domain.errors import UserError
from desktop_app.views.auto_ecole.ecoles import AutoEcolesPanel
from desktop_app.views.auto_ecole.parcours import ParcoursForm
from desktop_app.views.auto_ecole.regroupements import RegroupementsPanel
from desktop_app.views.kit.droits import ecran_refuse, selon_droit
from desktop_app.views.kit.export import ExportButton
from desktop_app.views.kit.formulaire import tant_que
from desktop_app.views.kit.liste_detail import item_list, left_column, list_and_detail
from desktop_app.views.kit.onglets import tabbed_page
from desktop_app.views.shell.sections import ShellContext

IdRole = Qt.ItemDataRole.UserRole
CALCUL = "Calcul de ce qui est dû…"
TABLES = frozenset({"parcours_auto_ecole", "financement_ligne", "versement", "regroupement", "regroupement_presence",
                    "suivi_auto_ecole", "auto_ecole", "moniteur", "jeune", "sync"})


class ParcoursPanel(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.new_button = QPushButton("Nouveau parcours")
        self.alerts = QListWidget()
        self.alerts.setObjectName("alertesAutoEcole")
        self.alerts.setWordWrap(True)
        self.alerts.setMaximumHeight(170)
        self.list = item_list("listeParcours")
        selon_droit(context.profile, self.new_button, "mobilite.modifier")
        left = left_column(280, self.new_button, "À faire", self.alerts, "Parcours", self.list)
        self.form = ParcoursForm(context)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.viewport().installEventFilter(self)  # the form follows the visible width (ParcoursForm.fit_width)
        self.scroll = scroll
        list_and_detail(self, left, scroll)
        self.new_button.clicked.connect(lambda: self.form.open(None))
        self.list.currentItemChanged.connect(lambda item, _p: self.form.open(item.data(IdRole)) if item else None)
        self.alerts.itemClicked.connect(self._alert_clicked)
        self.form.saved.connect(lambda _id: None)
        self.form.open(None)

    _alerts_running = False  # one computation at a time; a change meanwhile asks for one more (coalesced)
    _alerts_stale = False

    def reload(self) -> None:
        """The parcours list at once, then what is due computed in the background (its own task, after the list's:
        a save never waits on it, and changes arriving meanwhile make one more computation, not one each)."""
        from desktop_app.services.auto_ecole.partenaires import list_auto_ecoles
        from desktop_app.services.auto_ecole.parcours import list_parcours

        profile = self.context.profile

        def work():
            rows = [(p.id, f"{j.prenoms} {j.nom_usage or j.nom_naissance}", ae.nom, p.statut)
                    for p, j, ae in list_parcours(profile)]
            return rows, [(a.id, a.nom, bool(a.actif)) for a in list_auto_ecoles(profile)]

        self.context.tasks.run_db(work, tant_que(self, self._show), droppable=True)
        self.reload_alerts()

    def reload_alerts(self) -> None:
        from desktop_app.services.auto_ecole.alertes import alerts

        if self._alerts_running:
            self._alerts_stale = True
            return
        self._alerts_running, self._alerts_stale = True, False
        if self.alerts.count() == 0:
            self.alerts.addItem(CALCUL)
        profile = self.context.profile
        self.context.tasks.run_db(lambda: alerts(profile), tant_que(self, self._show_alerts),
                                  tant_que(self, self._alerts_failed), droppable=True)

    def _alerts_failed(self, exc: BaseException) -> None:
        self._alerts_running = False
        self.alerts.clear()
        self.alerts.addItem("Ce qui est dû n'a pas pu être calculé.")
        if not isinstance(exc, UserError):
            raise exc

    def _show(self, result) -> None:
        rows, auto_ecoles = result
        self.form.set_auto_ecoles(auto_ecoles)
        current = self.form.parcours_id
        self.list.blockSignals(True)
        self.list.clear()
        for pid, nom, ae, statut in rows:
            item = QListWidgetItem(f"{nom}\n{ae} · {StatutParcoursAutoEcole.label_of(statut)}")
            item.setData(IdRole, pid)
            self.list.addItem(item)
            if pid == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _show_alerts(self, alerts) -> None:
        self._alerts_running = False
        self.alerts.clear()
        for a in alerts:
            item = QListWidgetItem(f"{a.jeune} — {a.message}")
            item.setData(IdRole, a.parcours_id)
            item.setForeground(QColor("#a4262c"))
            self.alerts.addItem(item)
        if not alerts:
            self.alerts.addItem("Rien d'échu aujourd'hui.")
        if self._alerts_stale:  # what changed while this was computed
            self.reload_alerts()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Resize and obj is self.scroll.viewport():
            self.form.fit_width(event.size().width())
        return False

    def _alert_clicked(self, item: QListWidgetItem) -> None:
        if item.data(IdRole):
            self.form.open(item.data(IdRole))


class AutoEcoleScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.setObjectName("page_auto_ecole")
        refus = ecran_refuse(context.profile, "mobilite.lire", "Auto-école sociale", "autoEcoleRefusee")
        if refus is not None:  # a parrain: nothing of the jeunes' parcours here
            self.parcours = self.regroupements = self.auto_ecoles = self.tabs = self.export_button = None
            QVBoxLayout(self).addWidget(refus)
            return
        from desktop_app.services.ateliers.export import export

        self.export_button = ExportButton(context, [("parcours-auto-ecole", "Parcours auto-école (avec financement)")],
                                          export, "mobilite.exporter", self)
        self.parcours = ParcoursPanel(context)
        self.regroupements = RegroupementsPanel(context)
        self.auto_ecoles = AutoEcolesPanel(context)
        self.tabs = tabbed_page(self, "Auto-école sociale", self.export_button,
                                [(self.parcours, "Parcours"), (self.regroupements, "Regroupements mensuels"),
                                 (self.auto_ecoles, "Auto-écoles partenaires")])
        context.bus.data_changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        for panel in (self.parcours, self.regroupements, self.auto_ecoles):
            panel.reload()

    def _changed(self, kinds) -> None:
        if kinds & {"partenaire", "sync"}:  # the directory offered on the school's name changed
            self.auto_ecoles.recharger_annuaire()
        if kinds & TABLES:
            self.reload()
