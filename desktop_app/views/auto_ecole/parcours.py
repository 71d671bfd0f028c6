"""The form of one auto-école sociale parcours: jeune, driving school and moniteur, initial evaluation and
hours, contreparties, results and status, signature; its financing table, follow-ups, and the contract."""
from __future__ import annotations

from typing import TYPE_CHECKING


from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import (
    AxeSuiviAutoEcole,
    ResultatExamen,
    StatutParcoursAutoEcole,
)
from desktop_app.views.auto_ecole.financement import FinancementBox
from desktop_app.views.kit.correction import dialogue_correction
from desktop_app.views.kit.droits import refus, selon_choix, selon_droit
from desktop_app.views.kit.formulaire import (
    DateField,
    Form,
    FormDialog,
    combo,
    confirmer,
    hbox,
    preview_pdf,
    run_write,
    set_combo,
    tant_que,
    title_label,
)
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.shell.sections import ShellContext
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.auto_ecole.saisies import SaisieParcours

DATES = ("date_evaluation", "date_debut", "date_auto_evaluation", "date_code", "date_permis", "date_signature")
TEXTS = ("heures_prevues_evaluation", "heures_planifiees", "duree_mois", "contreparties", "heures_contrepartie",
         "lieu_signature")


class ParcoursForm(QWidget):
    saved = Signal(str)

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.parcours_id: str | None = None
        self.jeune_id: str | None = None
        self._build_forms()
        self.save_button = QPushButton("Enregistrer le parcours")
        self.contract_button = QPushButton("Contrat tripartite…")
        self.financement = FinancementBox(context)
        self._build_suivi()
        self.dialog: FormDialog | None = None
        self._suivis: dict[str, object] = {}
        self._auto_ecoles: list[tuple[str, str, bool]] = []
        self._auto_ecole_wanted: str | None = None
        self._build_layout()
        self._wire()

    def _build_forms(self) -> None:
        self.heading = title_label("Nouveau parcours")
        self.picker = JeunePicker(self.context, "Jeune : tapez son nom…", accessible_name="Jeune du parcours", limit=8,
                                  compact=True, results_height=110)
        self.jeune_label = QLabel("Aucun jeune choisi")
        self.ident = Form()
        jeune_box = QWidget()
        column = QVBoxLayout(jeune_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picker)
        column.addWidget(self.jeune_label)
        self.ident.add("jeune_id", "Jeune", jeune_box)
        self.ident.add("auto_ecole_id", "Auto-école", combo([], empty="—"))
        self.ident.add("moniteur_id", "Moniteur", combo([], empty="—"))
        self.ident.add("statut", "Statut", combo(StatutParcoursAutoEcole.choices()))
        self.ident.add("lieu_signature", "Signé à", QLineEdit())
        self.ident.add("date_signature", "Le", DateField())
        self.evaluation = Form()
        self.evaluation.add("date_evaluation", "Évaluation de départ le", DateField())
        self.evaluation.add("heures_prevues_evaluation", "Heures prévues", QLineEdit())
        self.evaluation.add("heures_planifiees", "Heures planifiées", QLineEdit())
        self.evaluation.add("date_debut", "Début du contrat", DateField())
        self.evaluation.add("duree_mois", "Durée (mois)", QLineEdit("12"))
        self.evaluation.add("contreparties", "Contreparties", QLineEdit()).setPlaceholderText(
            "par exemple 20 h de bénévolat au centre social")
        self.evaluation.add("heures_contrepartie", "Heures de contrepartie", QLineEdit())
        self.resultats = Form()
        self.resultats.add("date_auto_evaluation", "Auto-évaluation (6 mois) le", DateField())
        self.resultats.add("auto_evaluation", "Bilan avec le moniteur", QPlainTextEdit()).setMaximumHeight(60)
        self.resultats.add("date_code", "Code : date", DateField())
        self.resultats.add("resultat_code", "Code : résultat", combo(ResultatExamen.choices(), empty="—"))
        self.resultats.add("date_permis", "Permis : date", DateField())
        self.resultats.add("resultat_permis", "Permis : résultat", combo(ResultatExamen.choices(), empty="—"))
        self.forms = (self.ident, self.evaluation, self.resultats)

    def _build_suivi(self) -> None:
        self.suivi = Form()
        self.suivi.add("date", "Date", DateField(aujourdhui(self.context.profile)))
        self.suivi.add("axe", "Axe", combo(AxeSuiviAutoEcole.choices()))
        self.suivi.add("heures_effectuees", "Heures effectuées", QLineEdit())
        self.suivi.add("observation", "Observation", QLineEdit())
        self.suivi_button = QPushButton("Ajouter le suivi")
        self.suivis = QListWidget()
        self.suivis.setObjectName("suivis")
        self.suivis.setMinimumHeight(90)
        self.suivis.setWordWrap(True)
        self.modifier_suivi_button = QPushButton("Modifier le suivi…")
        self.supprimer_suivi_button = QPushButton("Supprimer le suivi")

    def _wire(self) -> None:
        self.modifiable = selon_droit(self.context.profile, [self.save_button, self.suivi_button,
                                                         self.modifier_suivi_button, self.supprimer_suivi_button],
                                      "mobilite.modifier")
        self.contrat_refus = refus(self.context.profile, "mobilite.financement.lire", "impression")
        selon_droit(self.context.profile, self.contract_button, "mobilite.financement.lire", "impression")
        self._ouvrir = False
        self.picker.chosen.connect(self._jeune)
        self.ident.fields["auto_ecole_id"].currentIndexChanged.connect(self._load_moniteurs)
        self.save_button.clicked.connect(self.save)
        self.contract_button.clicked.connect(self.print_contract)
        self.suivi_button.clicked.connect(self.add_suivi)
        self.modifier_suivi_button.clicked.connect(self.modifier_suivi)
        self.supprimer_suivi_button.clicked.connect(self.supprimer_suivi)
        self.suivis.itemSelectionChanged.connect(self._update_suivi_buttons)
        self.suivis.itemDoubleClicked.connect(lambda _i: self.modifier_suivi() if self.modifiable else None)
        self._update_suivi_buttons()
        self.financement.changed.connect(self.reload)
        self._moniteur_wanted: str | None = None

    def _build_layout(self) -> None:
        grid = QGridLayout()
        boxes = []
        for title, form in (("Parties et statut", self.ident), ("Évaluation, heures, contreparties", self.evaluation),
                            ("Auto-évaluation et examens", self.resultats)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(form)
            boxes.append(box)
        suivis = QGroupBox("Suivis individuels (trois axes)")
        lay = QVBoxLayout(suivis)
        lay.addWidget(self.suivis)
        lay.addLayout(hbox(self.modifier_suivi_button, self.supprimer_suivi_button))
        lay.addWidget(self.suivi)
        lay.addWidget(self.suivi_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self._grid, self._boxes, self._suivis_box = grid, boxes, suivis
        grid.setColumnStretch(0, 1)
        self._top = QGridLayout()
        self._top.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top)
        layout.addLayout(grid)
        layout.addStretch(1)
        self._narrow: bool | None = None
        self._place(narrow=False)
        self._wide_min = layout.minimumSize().width()  # what the two columns need side by side

    def fit_width(self, width: int) -> None:
        """Lay the form out for ``width`` pixels (the visible width of its scroll area): narrower than the two
        columns need (a 1024 px laptop screen, beside the parcours list), the boxes go one under the other and
        the buttons under the title, so nothing is cut on the right and everything is reached by scrolling."""
        self._place(narrow=width < self._wide_min)

    def _place(self, *, narrow: bool) -> None:
        if narrow == self._narrow:
            return
        self._narrow = narrow
        grid, top = self._grid, self._top
        self.financement.set_narrow(narrow)
        for w in (*self._boxes, self.financement, self._suivis_box, self.heading, self.save_button,
                  self.contract_button):
            (top if w in (self.heading, self.save_button, self.contract_button) else grid).removeWidget(w)
        if narrow:
            for row, w in enumerate((self._boxes[0], self._boxes[1], self.financement, self._boxes[2],
                                     self._suivis_box)):
                grid.addWidget(w, row, 0, 1, 2)
            grid.setColumnStretch(1, 0)
            top.addWidget(self.heading, 0, 0, 1, 3)
            top.addWidget(self.save_button, 1, 1)
            top.addWidget(self.contract_button, 1, 2)
        else:
            grid.addWidget(self._boxes[0], 0, 0)
            grid.addWidget(self._boxes[1], 0, 1)
            grid.addWidget(self.financement, 1, 0, 1, 2)
            grid.addWidget(self._boxes[2], 2, 0, alignment=Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self._suivis_box, 2, 1)
            grid.setColumnStretch(1, 1)
            top.addWidget(self.heading, 0, 0)
            top.addWidget(self.save_button, 0, 1)
            top.addWidget(self.contract_button, 0, 2)

    def set_auto_ecoles(self, items: list[tuple[str, str, bool]]) -> None:
        """The partner driving schools ``(id, name, active)``: the active ones are proposed, an inactive one
        only on the parcours already placed there."""
        self._auto_ecoles = list(items)
        self._fill_auto_ecoles(self.ident.fields["auto_ecole_id"].currentData() or self._auto_ecole_wanted)

    def _fill_auto_ecoles(self, wanted: str | None) -> None:
        box = self.ident.fields["auto_ecole_id"]
        box.blockSignals(True)
        box.clear()
        box.addItem("—", None)
        for ae_id, nom, actif in self._auto_ecoles:
            if actif:
                box.addItem(nom, ae_id)
            elif ae_id == wanted:
                box.addItem(f"{nom} (plus partenaire)", ae_id)
        set_combo(box, wanted)
        box.blockSignals(False)

    def _load_moniteurs(self) -> None:
        from desktop_app.services.auto_ecole.partenaires import moniteurs

        ae_id, profile = self.ident.fields["auto_ecole_id"].currentData(), self.context.profile
        garder = self._moniteur_wanted

        def work():
            if not ae_id:
                return []
            return [(m.id, f"{m.prenom or ''} {m.nom}".strip() + (" (a quitté l'auto-école)" if m.deleted else ""))
                    for m in moniteurs(profile, ae_id, garder=garder)]

        self.context.tasks.run_db(work, tant_que(self, self._show_moniteurs))

    def _show_moniteurs(self, items) -> None:
        box = self.ident.fields["moniteur_id"]
        box.clear()
        box.addItem("—", None)
        for m_id, nom in items:
            box.addItem(nom, m_id)
        set_combo(box, self._moniteur_wanted)

    def _jeune(self, jeune_id: str, name: str) -> None:
        self.jeune_id = jeune_id
        self.jeune_label.setText(name)

    def open(self, parcours_id: str | None) -> None:
        """Show a parcours (None: a new one); opening one is recorded in the jeune's access log."""
        self.parcours_id = parcours_id
        if parcours_id is None:
            self._fill(None, "", [], [])
            return
        self._ouvrir = True
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.auto_ecole.parcours import get_parcours, ouvrir_parcours, suivis
        from desktop_app.services.auto_ecole.financement import soldes
        from desktop_app.services.jeunes.dossier import get_jeune

        profile, pid = self.context.profile, self.parcours_id
        if pid is None:
            return
        lire = ouvrir_parcours if self._ouvrir else get_parcours
        financement = self.financement.lisible
        self._ouvrir = False

        def work():
            p = lire(profile, pid)
            j = get_jeune(profile, p.jeune_id)
            lignes = soldes(profile, pid) if financement else []
            return p, f"{j.prenoms} {j.nom_usage or j.nom_naissance}", lignes, suivis(profile, pid)

        self.context.tasks.run_db(work, tant_que(self, lambda r: self._fill(*r)))

    def _fill(self, p, jeune: str, lignes, suivis) -> None:
        self.heading.setText(f"Parcours de {jeune}" if p else "Nouveau parcours")
        self.jeune_id = p.jeune_id if p else None
        self.jeune_label.setText(jeune or "Aucun jeune choisi")
        self.picker.setVisible(p is None)
        f = {**self.ident.fields, **self.evaluation.fields, **self.resultats.fields}
        for name in DATES:
            f[name].set_date(getattr(p, name) if p else None)
        for name in TEXTS:
            value = getattr(p, name) if p else (12 if name == "duree_mois" else None)
            f[name].setText("" if value is None else str(value))
        f["auto_evaluation"].setPlainText(p.auto_evaluation or "" if p else "")
        for name in ("statut", "resultat_code", "resultat_permis"):
            set_combo(f[name], getattr(p, name) if p else ("evaluation" if name == "statut" else None))
        self._moniteur_wanted = p.moniteur_id if p else None
        self._auto_ecole_wanted = p.auto_ecole_id if p else None
        self._fill_auto_ecoles(self._auto_ecole_wanted)
        self._load_moniteurs()
        self.financement.load(p.id if p else None, p.cout_total_centimes if p else None, lignes)
        self.contract_button.setEnabled(p is not None and not self.contrat_refus)
        self.contract_button.setToolTip(self.contrat_refus or (
            "Contrat tripartite (jeune, Mission Locale, auto-école) en PDF" if p is not None
            else "Enregistrez d'abord le parcours : le contrat reprend ses informations"))
        self.suivis.clear()
        self._suivis = {s.id: s for s in suivis}
        for s in suivis:
            heures = f" · {s.heures_effectuees} h" if s.heures_effectuees else ""
            item = QListWidgetItem(f"{s.date:%d/%m/%Y} · {AxeSuiviAutoEcole.label_of(s.axe)}{heures}"
                                   + (f"\n{s.observation}" if s.observation else ""))
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.suivis.addItem(item)
        self._update_suivi_buttons()
        for form in self.forms:
            form.show_errors({})

    def values(self) -> SaisieParcours:
        out = {}
        for form in self.forms:
            out.update({name: form.value(name) for name in form.fields if name != "jeune_id"})
        out["jeune_id"] = self.jeune_id
        return out

    def save(self) -> None:
        from desktop_app.services.auto_ecole.parcours import save_parcours
        from desktop_app.views.kit.confirmation import run_write_confirmable

        values, profile, pid = self.values(), self.context.profile, self.parcours_id
        relay = _AllForms(self.forms)

        def done(new_id: str) -> None:
            self.parcours_id = new_id
            self.saved.emit(new_id)
            self.reload()

        run_write_confirmable(self.context, lambda ok: save_parcours(profile, values, parcours_id=pid,
                                                                     confirme=ok).id,
                              form=relay, parent=self, on_done=done)

    def add_suivi(self) -> None:
        from desktop_app.services.auto_ecole.parcours import add_suivi

        if not self.parcours_id:
            return
        v = {n: self.suivi.value(n) for n in self.suivi.fields}
        profile, pid = self.context.profile, self.parcours_id
        run_write(self.context, lambda: add_suivi(profile, pid, **v), form=self.suivi,
                  parent=self, on_done=lambda _r: (self.suivi.fields["observation"].clear(), self.reload()))

    def selected_suivi(self):
        item = self.suivis.currentItem() if self.suivis.selectedItems() else None
        return self._suivis.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _update_suivi_buttons(self) -> None:
        chosen = self.selected_suivi() is not None
        selon_choix((self.modifier_suivi_button, self.supprimer_suivi_button), chosen, self.modifiable, "un suivi")

    def modifier_suivi(self) -> None:
        from desktop_app.services.auto_ecole.parcours import modifier_suivi

        suivi = self.selected_suivi()
        if suivi is None:
            return
        suivi_id = suivi.id
        dialog = dialogue_correction(self, "Modifier le suivi", lambda p, values: modifier_suivi(p, suivi_id, **values),
                                     apres=lambda _r: self.reload())
        dialog.form.add("date", "Date", DateField(suivi.date))
        set_combo(dialog.form.add("axe", "Axe", combo(AxeSuiviAutoEcole.choices())), suivi.axe)
        dialog.form.add("heures_effectuees", "Heures effectuées",
                        QLineEdit("" if suivi.heures_effectuees is None else str(suivi.heures_effectuees))
                        ).setMaximumWidth(80)
        observation = dialog.form.add("observation", "Observation", QPlainTextEdit(suivi.observation or ""))
        observation.setMaximumHeight(90)
        dialog.open()

    def supprimer_suivi(self) -> None:
        from desktop_app.services.auto_ecole.parcours import supprimer_suivi

        suivi = self.selected_suivi()
        if suivi is None or not confirmer(
                self, "Supprimer le suivi",
                f"Supprimer le suivi du {suivi.date:%d/%m/%Y} ({AxeSuiviAutoEcole.label_of(suivi.axe)}) ?"):
            return
        profile, suivi_id = self.context.profile, suivi.id
        run_write(self.context, lambda: supprimer_suivi(profile, suivi_id), parent=self,
                  on_done=lambda _r: self.reload())

    def print_contract(self) -> None:
        from desktop_app.services.auto_ecole.contrat import contrat_pdf

        profile, pid = self.context.profile, self.parcours_id
        preview_pdf(self.context, lambda: contrat_pdf(profile, pid), titre="Contrat tripartite",
                    nom_fichier=f"contrat-auto-ecole-{self.jeune_label.text().replace(' ', '-')}.pdf", parent=self)


class _AllForms:
    def __init__(self, forms) -> None:
        self.forms = forms

    def show_errors(self, errors: dict[str, str]) -> None:
        for form in self.forms:
            form.show_errors({k: v for k, v in errors.items() if k in form.fields})
        orphans = {k: v for k, v in errors.items() if not any(k in f.fields for f in self.forms)}
        if orphans:
            self.forms[0].show_errors({**{k: v for k, v in errors.items() if k in self.forms[0].fields}, **orphans})
