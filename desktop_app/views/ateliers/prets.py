"""Prêts of the plate-forme mobilité: the items, lending one to a jeune, its return, and the overdue loans.

A loan entered by mistake is corrected (« Corriger… » or a double-click: objet, borrower, dates, deposit,
conditions, its return) or cancelled (« Annuler le prêt », after confirmation); a return recorded on the wrong
loan is undone (« Annuler le retour »). An item is corrected (« Modifier l'objet… », hors service through its
condition) or retired from the fleet (« Retirer du parc »: no longer lent, its loans kept)."""
from __future__ import annotations

from typing import TYPE_CHECKING


from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import EtatObjet, TypeObjetPret
from desktop_app.views.ateliers.nouveau_pret import NouveauPret
from desktop_app.views.kit.correction import dialogue_correction, retirer_ou_remettre
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import (
    DateField,
    Form,
    FormDialog,
    combo,
    confirmer,
    hbox,
    run_write,
    set_combo,
    tant_que,
)
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.liste_detail import tourner_selon_largeur
from desktop_app.views.kit.text import pluriel
from desktop_app.views.shell.sections import ShellContext
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.ateliers.saisies import SaisieObjet, SaisiePret

KINDS = {"objet_pret", "pret"}
RETIRE = QColor("#605e5c")


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return t


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]], *, keep: str | None = None) -> None:
    """Fill ``table``; the row of id ``keep`` (the one selected before a reload) is selected again."""
    table.blockSignals(True)
    table.clearSelection()
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            item.setToolTip(text)  # the whole text when the column is narrow
            table.setItem(r, c, item)
    table.blockSignals(False)
    ids = [row_id for row_id, _cells in rows]
    if keep in ids:
        table.selectRow(ids.index(keep))
    else:
        table.setCurrentCell(-1, -1)


def _selected_id(table: QTableWidget) -> str | None:
    model = table.selectionModel()
    rows = model.selectedRows() if model is not None else []
    return table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None


def _nom(objet) -> str:
    return objet.libelle + (f" ({objet.reference})" if objet.reference else "")


def _disponibilite(objet, libre: bool) -> str:
    if not objet.actif:
        return "retiré du parc"
    if libre:
        return "oui"
    return "hors service" if objet.etat == EtatObjet.HORS_SERVICE else "prêté"


class PretsPanel(NouveauPret, QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.jeune_id: str | None = None
        self._objets: dict[str, tuple[object, bool]] = {}
        self._prets: dict[str, object] = {}
        self.dialog: FormDialog | None = None
        objets_box, objet_box = self._build_objets()
        pret_box = self._build_pret()
        prets_box = self._build_prets()
        self._build_layout(prets_box, objets_box, pret_box, objet_box)
        self._wire()

    def _build_objets(self) -> tuple[QGroupBox, QGroupBox]:
        self.objet_form = Form()
        self.objet_form.add("type", "Type", combo(TypeObjetPret.choices()))
        self.objet_form.add("libelle", "Libellé", QLineEdit())
        self.objet_form.add("reference", "Plaque / n° d'inventaire", QLineEdit())
        self.add_objet = QPushButton("Ajouter l'objet")
        self.objets = _table(["Objet", "Type", "État", "Disponible"])
        self.objets.setObjectName("objets")
        header = self.objets.horizontalHeader()  # the item's name keeps the room; a long type is elided
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 130)
        self.modifier_objet_button = QPushButton("Modifier l'objet…")
        self.actif_button = QPushButton("Retirer du parc")
        objets_box = QGroupBox("Objets de la plate-forme")
        lay = QVBoxLayout(objets_box)
        lay.addWidget(self.objets, 1)
        lay.addLayout(hbox(self.modifier_objet_button, self.actif_button))
        objet_box = QGroupBox("Nouvel objet")
        lay = QVBoxLayout(objet_box)
        lay.addWidget(self.objet_form)
        lay.addWidget(self.add_objet, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        return objets_box, objet_box

    def _build_prets(self) -> QGroupBox:
        self.prets = _table(["Objet", "Emprunteur", "Du", "Au", "Retour", "Caution", "Retard"])
        self.prets.setObjectName("prets")
        self.retour_etat = combo(EtatObjet.choices())
        self.retour_etat.setAccessibleName("État au retour")
        self.returned = QPushButton("Retour de l'objet sélectionné")
        self.corriger_button = QPushButton("Corriger…")
        self.annuler_retour_button = QPushButton("Annuler le retour")
        self.annuler_button = QPushButton("Annuler le prêt")
        self.overdue = QLabel()
        self.overdue.setWordWrap(True)
        prets_box = QGroupBox("Prêts")
        lay = QVBoxLayout(prets_box)
        lay.addWidget(self.overdue)
        lay.addWidget(self.prets, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("État au retour :"))
        row.addWidget(self.retour_etat)
        row.addWidget(self.returned)
        row.addStretch(1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel("Saisi par erreur :"))
        for b in (self.corriger_button, self.annuler_retour_button, self.annuler_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        return prets_box

    def _build_layout(self, prets_box: QGroupBox, objets_box: QGroupBox, pret_box: QGroupBox,
                      objet_box: QGroupBox) -> None:
        # the two lists side by side on a wide window, one under the other below SIDE_BY_SIDE_WIDTH (on a
        # 1024 px screen « Objets de la plate-forme » was cut on the right and its columns squeezed); the forms
        # under the lists, along a splitter the user may move, scrolling within their pane when the window is
        # low (at 1024 × 600 the whole page scrolled)
        self.listes = QSplitter(Qt.Orientation.Horizontal)
        self.listes.setObjectName("listesPrets")
        self.listes.setChildrenCollapsible(False)
        self.listes.addWidget(prets_box)
        self.listes.addWidget(objets_box)
        self.listes.setStretchFactor(0, 5)
        self.listes.setStretchFactor(1, 3)
        for table in (self.prets, self.objets):
            table.setMinimumHeight(table.verticalHeader().defaultSectionSize() + 34)  # the header and a row
        forms = QWidget()
        forms_layout = QHBoxLayout(forms)
        forms_layout.setContentsMargins(0, 0, 0, 0)
        forms_layout.addWidget(pret_box, 3)
        forms_layout.addWidget(objet_box, 4)
        self.formulaires = QScrollArea()
        self.formulaires.setObjectName("formulairesPrets")
        self.formulaires.setFrameShape(QFrame.Shape.NoFrame)
        self.formulaires.setWidgetResizable(True)
        self.formulaires.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.formulaires.setWidget(forms)
        self.formulaires.setMinimumHeight(90)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("partagePrets")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.listes)
        self.splitter.addWidget(self.formulaires)
        self.splitter.setStretchFactor(0, 1)  # a taller window: more rows in the lists
        self.splitter.setStretchFactor(1, 0)
        self._forms_sized = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _wire(self) -> None:
        self.modifiable = selon_droit(self.context.profile, [self.add_objet, self.lend, self.returned, self.picker,
                                                         self.corriger_button, self.annuler_retour_button,
                                                         self.annuler_button, self.modifier_objet_button,
                                                         self.actif_button], "mobilite.modifier")
        self.picker.chosen.connect(self._borrower)
        self.add_objet.clicked.connect(self.save_objet)
        self.lend.clicked.connect(self.save_pret)
        self.returned.clicked.connect(self.return_selected)
        self.corriger_button.clicked.connect(self.corriger)
        self.annuler_retour_button.clicked.connect(self.annuler_retour)
        self.annuler_button.clicked.connect(self.annuler)
        self.modifier_objet_button.clicked.connect(self.modifier_objet)
        self.actif_button.clicked.connect(self.basculer_actif)
        self.prets.itemSelectionChanged.connect(self._update_buttons)
        self.objets.itemSelectionChanged.connect(self._update_buttons)
        self.prets.itemDoubleClicked.connect(lambda _i: self.corriger() if self.modifiable else None)
        self.objets.itemDoubleClicked.connect(lambda _i: self.modifier_objet() if self.modifiable else None)
        self.context.bus.data_changed.connect(lambda kinds: self.reload() if kinds & (KINDS | {"jeune", "sync"}) else None)
        self._update_buttons()
        self.reload()

    # Narrower than this (the tab of a window under 1200 px), the items' list goes under the loans' list.
    SIDE_BY_SIDE_WIDTH = 950

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        wanted = tourner_selon_largeur(self.listes, event.size().width(), self.SIDE_BY_SIDE_WIDTH)
        if wanted is not None:
            total = sum(self.listes.sizes()) or 1
            share = (5, 3) if wanted == Qt.Orientation.Horizontal else (3, 2)
            self.listes.setSizes([total * share[0] // 8, total * share[1] // 8] if wanted ==
                                 Qt.Orientation.Horizontal else [total * share[0] // 5, total * share[1] // 5])
            self._forms_sized = False
        super().resizeEvent(event)
        if not self._forms_sized and event.size().height() > 0:
            # the forms whole when the window is tall enough, the lists keeping their minimum otherwise
            total = sum(self.splitter.sizes())
            if total > 0:
                self._forms_sized = True
                forms = self.formulaires.widget().sizeHint().height()
                room = max(total - self.listes.minimumSizeHint().height(), self.formulaires.minimumHeight())
                self.splitter.setSizes([total - min(forms, room), min(forms, room)])

    def reload(self) -> None:
        from desktop_app.services.ateliers.prets import list_objets, list_prets

        profile = self.context.profile
        self.context.tasks.run_db(lambda: (list_objets(profile), list_prets(profile)), tant_que(self, self._show))

    def _show(self, result) -> None:
        objets, prets = result
        today = aujourdhui(self.context.profile)
        self._objets = {o.id: (o, libre) for o, libre in objets}
        self._prets = {p.id: p for p in prets}
        _fill(self.objets, [(o.id, [_nom(o), TypeObjetPret.label_of(o.type), EtatObjet.label_of(o.etat),
                                    _disponibilite(o, libre)]) for o, libre in objets],
              keep=_selected_id(self.objets))
        for r, (o, _libre) in enumerate(objets):
            if not o.actif:
                for c in range(self.objets.columnCount()):
                    self.objets.item(r, c).setForeground(RETIRE)
        box = self.pret_form.fields["objet_id"]
        chosen = box.currentData()
        box.clear()
        box.addItem("—", None)
        for o, libre in objets:
            if libre:
                box.addItem(_nom(o), o.id)
        set_combo(box, chosen)
        from desktop_app.domain.formats import format_montant

        _fill(self.prets, [(p.id, [p.objet, p.jeune, f"{p.date_debut:%d/%m/%Y}", f"{p.date_fin_prevue:%d/%m/%Y}",
                                   f"{p.date_retour:%d/%m/%Y}" if p.date_retour else "en cours",
                                   format_montant(p.caution_centimes),
                                   f"{p.jours_de_retard(today)} j" if p.en_retard(today) else ""]) for p in prets],
              keep=_selected_id(self.prets))
        late = [p for p in prets if p.en_retard(today)]
        self.overdue.setText(f"⚠ {pluriel(len(late), 'prêt')} en retard : "
                             + ", ".join(f"{p.objet} ({p.jeune})" for p in late) if late else "Aucun prêt en retard.")
        self.overdue.setStyleSheet("color: #a4262c; font-weight: bold;" if late else "")
        self._update_buttons()

    # --- selection -------------------------------------------------------------------------------------

    def selected_pret(self):
        """The loan selected in the list (a PretLigne, None if none)."""
        return self._prets.get(_selected_id(self.prets))

    def selected_objet(self):
        """The item selected in the list (None if none)."""
        entry = self._objets.get(_selected_id(self.objets))
        return entry[0] if entry else None

    def _update_buttons(self) -> None:
        pret, objet = self.selected_pret(), self.selected_objet()
        if not self.modifiable:
            return
        choose = "Choisissez d'abord un prêt dans la liste."
        states = ((self.returned, pret is not None and pret.date_retour is None,
                   choose if pret is None else f"Déjà rendu le {pret.date_retour:%d/%m/%Y}." if pret.date_retour
                   else ""),
                  (self.corriger_button, pret is not None, choose),
                  (self.annuler_button, pret is not None, choose),
                  (self.annuler_retour_button, pret is not None and pret.date_retour is not None,
                   choose if pret is None else "Ce prêt est en cours : il n'y a pas de retour à annuler."),
                  (self.modifier_objet_button, objet is not None, "Choisissez d'abord un objet dans la liste."),
                  (self.actif_button, objet is not None, "Choisissez d'abord un objet dans la liste."))
        for button, enabled, why in states:
            button.setEnabled(enabled)
            button.setToolTip("" if enabled else why)
        self.actif_button.setText("Remettre dans le parc" if objet is not None and not objet.actif
                                  else "Retirer du parc")

    # --- new items and loans ---------------------------------------------------------------------------

    def save_objet(self) -> None:
        from desktop_app.services.ateliers.prets import save_objet

        values: SaisieObjet = {n: self.objet_form.value(n) for n in self.objet_form.fields}
        profile = self.context.profile
        run_write(self.context, lambda: save_objet(profile, values), form=self.objet_form, parent=self,
                  on_done=lambda _r: [self.objet_form.fields[n].clear() for n in ("libelle", "reference")])

    def return_selected(self) -> None:
        from desktop_app.services.ateliers.prets import return_pret

        pret = self.selected_pret()
        if pret is None:
            return
        pret_id, etat, profile = pret.id, self.retour_etat.currentData(), self.context.profile
        run_write(self.context, lambda: return_pret(profile, pret_id, date_retour=aujourdhui(profile), etat_retour=etat),
                  parent=self)

    # --- corrections -----------------------------------------------------------------------------------

    def corriger(self) -> None:
        """« Corriger… »: the selected loan in a window (objet, borrower, dates, deposit, conditions and, once
        returned, the return); errors beside the fields, the window stays open until saved."""
        from desktop_app.services.ateliers.prets import corriger_pret

        pret = self.selected_pret()
        if pret is None:
            return
        pret_id = pret.id
        chosen = {"jeune_id": pret.jeune_id}

        def completer(values: SaisiePret) -> SaisiePret:
            values = {**values, "jeune_id": chosen["jeune_id"]}
            if pret.date_retour is not None:
                values["caution_rendue"] = rendue.isChecked()
            return values

        dialog = dialogue_correction(self, "Corriger le prêt", lambda p, v: corriger_pret(p, pret_id, v),
                                     completer=completer,
                                     intro=f"Prêt de « {pret.objet} » à {pret.jeune} du {pret.date_debut:%d/%m/%Y}. "
                                           "Corrigez ce qui a été saisi par erreur.")
        form = dialog.form
        borrower = QLabel(pret.jeune)
        borrower.setObjectName("emprunteur")
        picker = JeunePicker(self.context, "Autre emprunteur : tapez son nom…", accessible_name="Autre emprunteur",
                             limit=8, compact=True, results_height=110)

        def choose(jeune_id: str, name: str) -> None:
            chosen["jeune_id"] = jeune_id
            borrower.setText(name)

        picker.chosen.connect(choose)
        form.add("jeune_id", "Emprunteur", picker)
        form.layout_.addRow("", borrower)
        objet_box = form.add("objet_id", "Objet", combo([]))
        objet_box.addItem(pret.objet, pret.objet_id)
        for o, libre in self._objets.values():
            if libre and o.id != pret.objet_id:
                objet_box.addItem(_nom(o), o.id)
        form.add("date_debut", "Du", DateField(pret.date_debut))
        form.add("date_fin_prevue", "Au", DateField(pret.date_fin_prevue))
        form.add("caution", "Caution (€)", QLineEdit(f"{pret.caution_centimes / 100:.2f}".replace(".", ",")))
        set_combo(form.add("etat_depart", "État au départ", combo(EtatObjet.choices(), empty="—")), pret.etat_depart)
        rendue = QCheckBox("Caution rendue")
        rendue.setObjectName("cautionRendue")
        if pret.date_retour is not None:
            form.add("date_retour", "Rendu le", DateField(pret.date_retour))
            set_combo(form.add("etat_retour", "État au retour", combo(EtatObjet.choices(), empty="—")),
                      pret.etat_retour)
            rendue.setChecked(pret.caution_rendue)
            form.layout_.addRow("", rendue)
        dialog.open()

    def annuler_retour(self) -> None:
        from desktop_app.services.ateliers.prets import annuler_retour

        pret = self.selected_pret()
        if pret is None or pret.date_retour is None:
            return
        if not confirmer(self, "Annuler le retour",
                         f"Annuler le retour de « {pret.objet} » enregistré le {pret.date_retour:%d/%m/%Y} pour "
                         f"{pret.jeune} ? Le prêt redevient en cours (retour prévu le "
                         f"{pret.date_fin_prevue:%d/%m/%Y})."):
            return
        profile, pret_id = self.context.profile, pret.id
        run_write(self.context, lambda: annuler_retour(profile, pret_id), parent=self)

    def annuler(self) -> None:
        from desktop_app.services.ateliers.prets import annuler_pret

        pret = self.selected_pret()
        if pret is None:
            return
        suite = (" L'objet redevient disponible." if pret.date_retour is None else "")
        if not confirmer(self, "Annuler le prêt",
                         f"Annuler le prêt de « {pret.objet} » à {pret.jeune} du {pret.date_debut:%d/%m/%Y} ? "
                         f"Il disparaîtra de la liste, des retards et des exports.{suite}"):
            return
        profile, pret_id = self.context.profile, pret.id
        run_write(self.context, lambda: annuler_pret(profile, pret_id), parent=self)

    def modifier_objet(self) -> None:
        from desktop_app.services.ateliers.prets import save_objet

        objet = self.selected_objet()
        if objet is None:
            return
        objet_id = objet.id
        dialog = dialogue_correction(self, "Modifier l'objet", lambda p, v: save_objet(p, v, objet_id=objet_id),
                                     intro="Un objet en panne passe « Hors service » : il n'est plus proposé pour "
                                           "un prêt jusqu'à sa réparation.")
        set_combo(dialog.form.add("type", "Type", combo(TypeObjetPret.choices())), objet.type)
        dialog.form.add("libelle", "Libellé", QLineEdit(objet.libelle))
        dialog.form.add("reference", "Plaque / n° d'inventaire", QLineEdit(objet.reference or ""))
        set_combo(dialog.form.add("etat", "État", combo(EtatObjet.choices())), objet.etat)
        dialog.open()

    def basculer_actif(self) -> None:
        from desktop_app.services.ateliers.prets import set_objet_actif

        objet = self.selected_objet()
        if objet is None:
            return
        retirer_ou_remettre(
            self, objet, set_objet_actif, titre="Retirer l'objet du parc",
            texte=f"Retirer « {_nom(objet)} » du parc (vendu, volé, mis au rebut…) ? Il ne sera plus proposé pour "
                  "un prêt ; ses prêts passés restent dans l'historique.")
