"""The « Regroupements mensuels » tab of the auto-école sociale: the monthly meetings and their attendance
(moved or cancelled when planned by mistake)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.kit.correction import dialogue_correction
from desktop_app.views.kit.droits import selon_choix, selon_droit
from desktop_app.views.kit.formulaire import (
    DateField,
    Form,
    FormDialog,
    combo,
    confirmer,
    hbox,
    run_write,
    set_combo,
    show_failure,
    tant_que,
)
from desktop_app.views.shell.sections import ShellContext

IdRole = Qt.ItemDataRole.UserRole


class RegroupementsPanel(QWidget):
    """Plan a monthly regroupement; tick who attended among the active parcours."""

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.list = QListWidget()
        self.list.setObjectName("listeRegroupements")
        self.list.setWordWrap(True)  # « date · thème · lieu » on two lines rather than cut with a scroll bar
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.modifier_button = QPushButton("Modifier…")
        self.annuler_button = QPushButton("Annuler le regroupement")
        self.plan = Form()
        self.plan.add("date", "Date", DateField())
        self.plan.add("theme", "Thème", QLineEdit())
        self.plan.add("lieu_id", "Lieu", combo([], empty="—"))
        self.plan_button = QPushButton("Planifier le regroupement")
        self.presences = QGroupBox("Présences")
        self.presence_layout = QVBoxLayout(self.presences)
        self.dialog: FormDialog | None = None
        left = QVBoxLayout()
        left.addWidget(QLabel("Regroupements mensuels"))
        left.addWidget(self.list, 1)
        left.addLayout(hbox(self.modifier_button, self.annuler_button))
        left.addWidget(QLabel("Nouveau regroupement :"))
        left.addWidget(self.plan)
        left.addWidget(self.plan_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.presences, 2)
        self.modifiable = selon_droit(context.profile, [self.plan_button, self.modifier_button, self.annuler_button],
                                      "mobilite.modifier")
        self.plan_button.clicked.connect(self.save)
        self.modifier_button.clicked.connect(self.modifier)
        self.annuler_button.clicked.connect(self.annuler)
        self.list.currentItemChanged.connect(lambda _i, _p: self._show_presences())
        self._parcours: list[tuple[str, str]] = []
        self._presences: dict[str, dict[str, bool]] = {}
        self._regroupements: dict[str, object] = {}
        self._lieux: list[tuple[str, str]] = []
        self._update_buttons()

    def reload(self) -> None:
        from desktop_app.services.auto_ecole.alertes import ACTIFS
        from desktop_app.services.auto_ecole.parcours import list_parcours
        from desktop_app.services.auto_ecole.regroupements import list_regroupements, presences_regroupement
        from desktop_app.services.permanences.seances import lieux

        profile = self.context.profile

        def work():
            parcours = [(p.id, f"{j.prenoms} {j.nom_usage or j.nom_naissance}")
                        for p, j, _ae in list_parcours(profile) if p.statut in ACTIFS]
            return (list_regroupements(profile), parcours,
                    {pid: presences_regroupement(profile, pid) for pid, _n in parcours},
                    [(x.id, x.nom) for x in lieux(profile)])

        self.context.tasks.run_db(work, tant_que(self, self._show))

    def _show(self, result) -> None:
        regroupements, self._parcours, self._presences, self._lieux = result
        self._regroupements = {r.id: r for r in regroupements}
        box = self.plan.fields["lieu_id"]
        wanted = box.currentData()
        box.clear()
        box.addItem("—", None)
        for lieu_id, nom in self._lieux:
            box.addItem(nom, lieu_id)
        set_combo(box, wanted)
        lieux = dict(self._lieux)
        current = self.list.currentItem().data(IdRole) if self.list.currentItem() else None
        self.list.blockSignals(True)
        self.list.clear()
        for r in regroupements:
            where = lieux.get(r.lieu_id, "") if r.lieu_id else ""
            item = QListWidgetItem(f"{r.date:%d/%m/%Y}" + (f" · {r.theme}" if r.theme else "")
                                   + (f" · {where}" if where else ""))
            item.setData(IdRole, r.id)
            self.list.addItem(item)
            if r.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show_presences()

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        selon_choix((self.modifier_button, self.annuler_button), chosen, self.modifiable, "un regroupement")

    def _show_presences(self) -> None:
        self._update_buttons()
        while self.presence_layout.count():
            widget = self.presence_layout.takeAt(0).widget()
            if widget:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        item = self.list.currentItem()
        if item is None:
            self.presence_layout.addWidget(QLabel("Choisissez un regroupement pour cocher les présents."))
            return
        rid = item.data(IdRole)
        for pid, nom in self._parcours:
            box = QCheckBox(nom)
            box.setChecked(self._presences.get(pid, {}).get(rid, False))
            box.toggled.connect(lambda on, p=pid: self._toggle(rid, p, on))
            if not self.modifiable:
                selon_droit(self.context.profile, box, "mobilite.modifier")
            self.presence_layout.addWidget(box)
        self.presence_layout.addStretch(1)

    def _toggle(self, rid: str, pid: str, on: bool) -> None:
        from desktop_app.services.auto_ecole.regroupements import set_presence_regroupement

        profile = self.context.profile
        before = self._presences.setdefault(pid, {}).get(rid, False)
        self._presences[pid][rid] = on

        def refused(exc: BaseException) -> None:  # a future regroupement: the message, and the tick undone
            self._presences.setdefault(pid, {})[rid] = before
            show_failure(exc, parent=self, titre="Présence non enregistrée")
            self._show_presences()

        run_write(self.context, lambda: set_presence_regroupement(profile, rid, pid, on), parent=self,
                  on_error=refused)

    def save(self) -> None:
        from desktop_app.services.auto_ecole.regroupements import plan_regroupement

        date, theme, profile = self.plan.value("date"), self.plan.value("theme"), self.context.profile
        lieu_id = self.plan.value("lieu_id")
        run_write(self.context, lambda: plan_regroupement(profile, date=date, theme=theme, lieu_id=lieu_id),
                  form=self.plan, parent=self)

    def selected(self):
        item = self.list.currentItem()
        return self._regroupements.get(item.data(IdRole)) if item else None

    def modifier(self) -> None:
        from desktop_app.services.auto_ecole.regroupements import modifier_regroupement

        r = self.selected()
        if r is None:
            return
        rid = r.id
        dialog = dialogue_correction(self, "Modifier le regroupement",
                                     lambda p, values: modifier_regroupement(p, rid, **values),
                                     intro="Les présences déjà cochées restent attachées au regroupement.")
        dialog.form.add("date", "Date", DateField(r.date))
        dialog.form.add("theme", "Thème", QLineEdit(r.theme or ""))
        lieu = dialog.form.add("lieu_id", "Lieu", combo(self._lieux, empty="—"))
        set_combo(lieu, r.lieu_id)
        dialog.open()

    def annuler(self) -> None:
        from desktop_app.services.auto_ecole.regroupements import annuler_regroupement

        r = self.selected()
        if r is None:
            return
        presents = sum(1 for pid, _n in self._parcours if self._presences.get(pid, {}).get(r.id))
        detail = (f" Les {presents} présence(s) cochée(s) ne compteront plus." if presents
                  else "")
        if not confirmer(self, "Annuler le regroupement",
                         f"Annuler le regroupement du {r.date:%d/%m/%Y}" + (f" ({r.theme})" if r.theme else "")
                         + f" ? Il disparaîtra de la liste et ne sera plus compté comme manqué.{detail}"):
            return
        profile, rid = self.context.profile, r.id
        run_write(self.context, lambda: annuler_regroupement(profile, rid),
                  parent=self)
