"""The « Auto-école sociale » section: parcours with what is due (alerts), monthly regroupements with their
attendance (moved or cancelled when planned by mistake), and the partner driving schools with their moniteurs
(a moniteur who left is removed; a school no longer partner is marked inactive)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import StatutParcoursAutoEcole
from desktop_app.views.kit.formulaire import (
    DateField,
    ExportButton,
    Form,
    FormDialog,
    combo,
    confirmer,
    ecran_refuse,
    run_write,
    selon_droit,
    set_combo,
    tant_que,
    title_label,
)
from desktop_app.views.auto_ecole.parcours import ParcoursForm
from desktop_app.views.shell.sections import ShellContext

IdRole = Qt.ItemDataRole.UserRole
TABLES = frozenset({"parcours_auto_ecole", "financement_ligne", "versement", "regroupement", "regroupement_presence",
                    "suivi_auto_ecole", "auto_ecole", "moniteur", "jeune", "sync"})


class ParcoursPanel(QWidget):
    def __init__(self, ctx: ShellContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.new_button = QPushButton("Nouveau parcours")
        self.alerts = QListWidget()
        self.alerts.setObjectName("alertesAutoEcole")
        self.alerts.setWordWrap(True)
        self.alerts.setMaximumHeight(170)
        self.list = QListWidget()
        self.list.setObjectName("listeParcours")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        selon_droit(ctx.profile, self.new_button, "mobilite.modifier")
        left = QVBoxLayout()
        left.addWidget(self.new_button)
        left.addWidget(QLabel("À faire"))
        left.addWidget(self.alerts)
        left.addWidget(QLabel("Parcours"))
        left.addWidget(self.list, 1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(280)
        self.form = ParcoursForm(ctx)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.viewport().installEventFilter(self)  # the form follows the visible width (ParcoursForm.fit_width)
        self.scroll = scroll
        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addWidget(scroll, 1)
        self.new_button.clicked.connect(lambda: self.form.open(None))
        self.list.currentItemChanged.connect(lambda item, _p: self.form.open(item.data(IdRole)) if item else None)
        self.alerts.itemClicked.connect(self._alert_clicked)
        self.form.saved.connect(lambda _id: None)
        self.form.open(None)

    def reload(self) -> None:
        from desktop_app.services.auto_ecole.alertes import alerts
        from desktop_app.services.auto_ecole.parcours import list_auto_ecoles, list_parcours

        profile = self.ctx.profile

        def work():
            rows = [(p.id, f"{j.prenoms} {j.nom_usage or j.nom_naissance}", ae.nom, p.statut)
                    for p, j, ae in list_parcours(profile)]
            return rows, alerts(profile, dt.date.today()), [(a.id, a.nom, bool(a.actif))
                                                              for a in list_auto_ecoles(profile)]

        self.ctx.tasks.run_db(work, tant_que(self, self._show))

    def _show(self, result) -> None:
        rows, alerts, auto_ecoles = result
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
        self.alerts.clear()
        for a in alerts:
            item = QListWidgetItem(f"{a.jeune} — {a.message}")
            item.setData(IdRole, a.parcours_id)
            item.setForeground(QColor("#a4262c"))
            self.alerts.addItem(item)
        if not alerts:
            self.alerts.addItem("Rien d'échu aujourd'hui.")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Resize and obj is self.scroll.viewport():
            self.form.fit_width(event.size().width())
        return False

    def _alert_clicked(self, item: QListWidgetItem) -> None:
        if item.data(IdRole):
            self.form.open(item.data(IdRole))


class RegroupementsPanel(QWidget):
    """Plan a monthly regroupement; tick who attended among the active parcours."""

    def __init__(self, ctx: ShellContext) -> None:
        super().__init__()
        self.ctx = ctx
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
        row = QHBoxLayout()
        row.addWidget(self.modifier_button)
        row.addWidget(self.annuler_button)
        row.addStretch(1)
        left.addLayout(row)
        left.addWidget(QLabel("Nouveau regroupement :"))
        left.addWidget(self.plan)
        left.addWidget(self.plan_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.presences, 2)
        self.modifiable = selon_droit(ctx.profile, [self.plan_button, self.modifier_button, self.annuler_button],
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
        from desktop_app.services.auto_ecole.parcours import list_parcours, list_regroupements, presences_regroupement
        from desktop_app.services.permanences.seances import lieux

        profile = self.ctx.profile

        def work():
            parcours = [(p.id, f"{j.prenoms} {j.nom_usage or j.nom_naissance}")
                        for p, j, _ae in list_parcours(profile) if p.statut in ACTIFS]
            return (list_regroupements(profile), parcours,
                    {pid: presences_regroupement(profile, pid) for pid, _n in parcours},
                    [(x.id, x.nom) for x in lieux(profile)])

        self.ctx.tasks.run_db(work, tant_que(self, self._show))

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
        for button in (self.modifier_button, self.annuler_button):
            button.setEnabled(chosen and self.modifiable)
            if self.modifiable:
                button.setToolTip("" if chosen else "Choisissez d'abord un regroupement dans la liste.")

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
                selon_droit(self.ctx.profile, box, "mobilite.modifier")
            self.presence_layout.addWidget(box)
        self.presence_layout.addStretch(1)

    def _toggle(self, rid: str, pid: str, on: bool) -> None:
        from desktop_app.services.auto_ecole.parcours import set_presence_regroupement

        profile = self.ctx.profile
        self._presences.setdefault(pid, {})[rid] = on
        run_write(self.ctx, lambda: set_presence_regroupement(profile, rid, pid, on), parent=self)

    def save(self) -> None:
        from desktop_app.services.auto_ecole.parcours import plan_regroupement

        date, theme, profile = self.plan.value("date"), self.plan.value("theme"), self.ctx.profile
        lieu_id = self.plan.value("lieu_id")
        run_write(self.ctx, lambda: plan_regroupement(profile, date=date, theme=theme, lieu_id=lieu_id),
                  form=self.plan, parent=self)

    def selected(self):
        item = self.list.currentItem()
        return self._regroupements.get(item.data(IdRole)) if item else None

    def modifier(self) -> None:
        from desktop_app.services.auto_ecole.parcours import modifier_regroupement

        r = self.selected()
        if r is None:
            return
        profile, rid = self.ctx.profile, r.id

        def submit(values: dict) -> None:
            run_write(self.ctx, lambda: modifier_regroupement(profile, rid, **values),
                      form=dialog.form, parent=dialog, on_done=dialog.saved)

        dialog = FormDialog("Modifier le regroupement", submit, self,
                            intro="Les présences déjà cochées restent attachées au regroupement.")
        dialog.form.add("date", "Date", DateField(r.date))
        dialog.form.add("theme", "Thème", QLineEdit(r.theme or ""))
        lieu = dialog.form.add("lieu_id", "Lieu", combo(self._lieux, empty="—"))
        set_combo(lieu, r.lieu_id)
        self.dialog = dialog
        dialog.open()

    def annuler(self) -> None:
        from desktop_app.services.auto_ecole.parcours import annuler_regroupement

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
        profile, rid = self.ctx.profile, r.id
        run_write(self.ctx, lambda: annuler_regroupement(profile, rid),
                  parent=self)


class AutoEcolesPanel(QWidget):
    """Partner driving schools (agrément, insurer, representative) and their moniteurs."""

    FIELDS = (("nom", "Nom"), ("numero_agrement", "N° d'agrément"), ("assureur", "Assureur"),
              ("adresse", "Adresse"), ("code_postal", "Code postal"), ("commune", "Commune"),
              ("telephone", "Téléphone"), ("representant", "Représentant (signataire)"))

    def __init__(self, ctx: ShellContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.current: str | None = None
        self.list = QListWidget()
        self.list.setWordWrap(True)  # a long name on two lines rather than cut with a scroll bar
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_button = QPushButton("Nouvelle auto-école")
        self.form = Form()
        for name, label in self.FIELDS:
            self.form.add(name, label, QLineEdit())
        self.save_button = QPushButton("Enregistrer l'auto-école")
        self.statut = QLabel()
        self.statut.setObjectName("statutAutoEcole")
        self.statut.setWordWrap(True)
        self.actif_button = QPushButton("Marquer inactive")
        self.moniteurs = QListWidget()
        self.moniteurs.setObjectName("listeMoniteurs")
        self.retirer_button = QPushButton("Retirer le moniteur")
        self.modifier_moniteur_button = QPushButton("Modifier…")
        self.dialog: FormDialog | None = None
        self.moniteur_form = Form()
        self.moniteur_form.add("moniteur_prenom", "Prénom", QLineEdit())
        self.moniteur_form.add("moniteur_nom", "Nom", QLineEdit())
        self.moniteur_button = QPushButton("Ajouter le moniteur")
        left = QVBoxLayout()
        left.addWidget(self.new_button)
        left.addWidget(self.list, 1)
        middle = QGroupBox("Auto-école")
        lay = QVBoxLayout(middle)
        lay.addWidget(self.form)
        lay.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.statut)
        lay.addWidget(self.actif_button, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        right = QGroupBox("Moniteurs")
        lay = QVBoxLayout(right)
        lay.addWidget(self.moniteurs, 1)
        row = QHBoxLayout()
        row.addWidget(self.modifier_moniteur_button)
        row.addWidget(self.retirer_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.moniteur_form)
        lay.addWidget(self.moniteur_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(middle, 3)
        layout.addWidget(right, 2)
        self.modifiable = selon_droit(ctx.profile, [self.new_button, self.save_button, self.moniteur_button,
                                                    self.actif_button, self.retirer_button,
                                                    self.modifier_moniteur_button], "mobilite.modifier")
        self.new_button.clicked.connect(lambda: self._select(None))
        self.list.currentItemChanged.connect(lambda item, _p: self._select(item.data(IdRole) if item else None))
        self.save_button.clicked.connect(self.save)
        self.moniteur_button.clicked.connect(self.add_moniteur)
        self.actif_button.clicked.connect(self.basculer_actif)
        self.retirer_button.clicked.connect(self.retirer_moniteur)
        self.modifier_moniteur_button.clicked.connect(self.modifier_moniteur)
        self.moniteurs.itemDoubleClicked.connect(lambda _i: self.modifier_moniteur() if self.modifiable else None)
        self.moniteurs.itemSelectionChanged.connect(self._update_buttons)
        self._schools: dict[str, object] = {}

    def reload(self) -> None:
        from desktop_app.services.auto_ecole.parcours import list_auto_ecoles

        profile = self.ctx.profile
        self.ctx.tasks.run_db(lambda: list_auto_ecoles(profile), tant_que(self, self._show))

    def _show(self, schools) -> None:
        self._schools = {s.id: s for s in schools}
        self.list.blockSignals(True)
        self.list.clear()
        for s in schools:
            inactive = "" if s.actif else " · inactive (plus partenaire)"
            item = QListWidgetItem(f"{s.nom}\nAgrément {s.numero_agrement or 'à renseigner'}{inactive}")
            item.setData(IdRole, s.id)
            if not s.actif:
                item.setForeground(QColor("#605e5c"))
            self.list.addItem(item)
            if s.id == self.current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._select(self.current)

    def _select(self, school_id: str | None) -> None:
        from desktop_app.services.auto_ecole.parcours import moniteurs

        self.current = school_id
        school = self._schools.get(school_id) if school_id else None
        for name, _label in self.FIELDS:
            self.form.fields[name].setText(getattr(school, name) or "" if school else "")
        self.form.show_errors({})
        self.moniteur_button.setEnabled(school is not None and self.modifiable)
        if self.modifiable:
            self.moniteur_button.setToolTip("" if school is not None else
                                            "Choisissez d'abord l'auto-école dans la liste (ou enregistrez-la).")
            self.actif_button.setToolTip("" if school is not None else "Choisissez d'abord l'auto-école dans la liste.")
        if school is None:
            self.statut.setText("")
        elif school.actif:
            self.statut.setText("Partenaire actif : proposée pour les nouveaux parcours.")
        else:
            self.statut.setText("Inactive : n'est plus proposée pour un nouveau parcours ; les parcours déjà "
                                "engagés la gardent.")
        self.actif_button.setText("Réactiver" if school is not None and not school.actif else "Marquer inactive")
        self.moniteurs.clear()
        self._update_buttons()
        profile = self.ctx.profile
        self.ctx.tasks.run_db(lambda: moniteurs(profile, school_id) if school_id else [],
                              tant_que(self, lambda items: self._show_moniteurs(items)
                                       if self.current == school_id else None))

    def _show_moniteurs(self, items) -> None:
        self.moniteurs.clear()
        for m in items:
            item = QListWidgetItem(f"{m.prenom or ''} {m.nom}".strip())
            item.setData(IdRole, m.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, (m.prenom or "", m.nom))
            self.moniteurs.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.actif_button.setEnabled(self.current is not None and self.modifiable)
        chosen = bool(self.moniteurs.selectedItems())
        for button in (self.retirer_button, self.modifier_moniteur_button):
            button.setEnabled(chosen and self.modifiable)
            if self.modifiable:
                button.setToolTip("" if chosen else "Choisissez d'abord un moniteur dans la liste.")

    def basculer_actif(self) -> None:
        from desktop_app.services.auto_ecole.parcours import set_auto_ecole_active

        school = self._schools.get(self.current) if self.current else None
        if school is None:
            return
        actif = not school.actif
        if not actif and not confirmer(
                self, "Marquer l'auto-école inactive",
                f"« {school.nom} » ne sera plus proposée pour un nouveau parcours. Les parcours déjà engagés "
                "avec elle la gardent (contrat, suivi). Continuer ?"):
            return
        profile, school_id = self.ctx.profile, school.id
        run_write(self.ctx, lambda: set_auto_ecole_active(profile, school_id, actif),
                  parent=self)

    def modifier_moniteur(self) -> None:
        from desktop_app.services.auto_ecole.parcours import modifier_moniteur

        items = self.moniteurs.selectedItems()
        if not items:
            return
        moniteur_id = items[0].data(IdRole)
        prenom, nom = items[0].data(Qt.ItemDataRole.UserRole + 1)
        profile = self.ctx.profile

        def submit(values: dict) -> None:
            run_write(self.ctx, lambda: modifier_moniteur(profile, moniteur_id, nom=values["moniteur_nom"],
                                                          prenom=values["moniteur_prenom"]),
                      form=dialog.form, parent=dialog, on_done=dialog.saved)

        dialog = FormDialog("Modifier le moniteur", submit, self)
        dialog.form.add("moniteur_prenom", "Prénom", QLineEdit(prenom))
        dialog.form.add("moniteur_nom", "Nom", QLineEdit(nom))
        self.dialog = dialog
        dialog.open()

    def retirer_moniteur(self) -> None:
        from desktop_app.services.auto_ecole.parcours import retirer_moniteur

        items = self.moniteurs.selectedItems()
        if not items:
            return
        nom, moniteur_id = items[0].text(), items[0].data(IdRole)
        if not confirmer(self, "Retirer le moniteur",
                         f"Retirer {nom} de la liste des moniteurs ? Il ne sera plus proposé ; les parcours qu'il "
                         "a suivis gardent son nom."):
            return
        profile = self.ctx.profile
        run_write(self.ctx, lambda: retirer_moniteur(profile, moniteur_id), parent=self)

    def save(self) -> None:
        from desktop_app.services.auto_ecole.parcours import save_auto_ecole

        values = {n: self.form.value(n) for n, _l in self.FIELDS}
        profile, current = self.ctx.profile, self.current

        def done(school_id: str) -> None:
            self.current = school_id

        run_write(self.ctx, lambda: save_auto_ecole(profile, values, auto_ecole_id=current).id,
                  form=self.form, parent=self, on_done=done)

    def add_moniteur(self) -> None:
        from desktop_app.services.auto_ecole.parcours import add_moniteur

        nom, prenom = self.moniteur_form.value("moniteur_nom"), self.moniteur_form.value("moniteur_prenom")
        profile, current = self.ctx.profile, self.current
        run_write(self.ctx, lambda: add_moniteur(profile, current, nom=nom, prenom=prenom),
                  form=self.moniteur_form, parent=self,
                  on_done=lambda _r: [self.moniteur_form.fields[n].clear() for n in ("moniteur_nom", "moniteur_prenom")])


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
        self.tabs = QTabWidget()
        self.tabs.addTab(self.parcours, "Parcours")
        self.tabs.addTab(self.regroupements, "Regroupements mensuels")
        self.tabs.addTab(self.auto_ecoles, "Auto-écoles partenaires")
        title = title_label("Auto-école sociale")
        title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        context.bus.data_changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        for panel in (self.parcours, self.regroupements, self.auto_ecoles):
            panel.reload()

    def _changed(self, kinds) -> None:
        if kinds & TABLES:
            self.reload()
