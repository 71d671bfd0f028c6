"""The financing table of a parcours: one row per funder with amount and échéancier, what was received and the
balance; the total must equal the parcours' cost (message beside the table); payments received per line: the
versements of the selected line are listed, and one entered by mistake can be corrected or cancelled."""
from __future__ import annotations

from typing import TYPE_CHECKING


from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.domain.enums import Financeur
from desktop_app.domain.formats import format_montant, montant_decimal
from desktop_app.views.kit.correction import dialogue_correction
from desktop_app.views.kit.droits import refus, selon_choix, selon_droit
from desktop_app.views.kit.formulaire import (
    DateField,
    Form,
    FormDialog,
    combo,
    confirmer,
    hbox,
    run_write,
    set_combo,
)
from desktop_app.views.kit.widgets import FieldError
from desktop_app.views.shell.sections import ShellContext
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.auto_ecole.saisies import LigneFinancementSaisie

HEADERS = ["Financeur", "Libellé", "Montant (€)", "Échéancier", "Reçu", "Solde"]
VERSEMENT_HEADERS = ["Date prévue", "Reçu le", "Montant"]


class FinancementBox(QGroupBox):
    changed = Signal()

    def __init__(self, context: ShellContext) -> None:
        super().__init__("Financement")
        self.context = context
        self.parcours_id: str | None = None
        self._build_lines()
        self._build_versements()
        self.dialog: FormDialog | None = None
        self._lignes: dict[str, object] = {}
        self._build_layout()
        self._wire()
        self._apply_rights()

    def _build_lines(self) -> None:
        self.cout_total = QLineEdit()
        self.cout_total.setMaximumWidth(140)
        self.cout_error = FieldError(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col, width in ((0, 235), (1, 170)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.total_error = FieldError(self)
        self.total_error.setObjectName("erreur_total")
        self.sum_label = QLabel()
        self.add_button = QPushButton("Ajouter une ligne")
        self.remove_button = QPushButton("Retirer la ligne")
        self.save_button = QPushButton("Enregistrer le financement")

    def _build_versements(self) -> None:
        # a payment
        self.versement = Form()
        ligne = self.versement.add("ligne", "Ligne", combo([]))
        ligne.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        ligne.setMinimumContentsLength(20)
        ligne.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.versement.add("date_prevue", "Date prévue", DateField())
        self.versement.add("date", "Reçu le", DateField(aujourdhui(self.context.profile)))
        self.versement.add("montant", "Montant (€)", QLineEdit())
        self.versement_button = QPushButton("Enregistrer le versement")
        # the payments received on the line selected in the table
        self.versements_title = QLabel("Versements reçus")
        self.versements_title.setObjectName("titreVersements")
        self.versements_title.setWordWrap(True)
        self.versements = QTableWidget(0, len(VERSEMENT_HEADERS))
        self.versements.setObjectName("versements")
        self.versements.setHorizontalHeaderLabels(VERSEMENT_HEADERS)
        self.versements.verticalHeader().hide()
        self.versements.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versements.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versements.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versements.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.versements.setMinimumHeight(110)
        self.versements_vide = QLabel()
        self.versements_vide.setObjectName("aucunVersement")
        self.versements_vide.setWordWrap(True)
        self.corriger_button = QPushButton("Corriger…")
        self.annuler_button = QPushButton("Annuler le versement")

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Coût total (€) :"))
        top.addWidget(self.cout_total)
        top.addWidget(self.cout_error, 1)
        top.addStretch(1)
        lines = QHBoxLayout()
        for b in (self.add_button, self.remove_button):
            lines.addWidget(b)
        lines.addStretch(1)
        total = QHBoxLayout()
        total.addStretch(1)
        total.addWidget(self.sum_label)
        total.addWidget(self.save_button)
        buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        buttons.addLayout(lines, 1)
        buttons.addLayout(total)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.total_error)
        layout.addLayout(buttons)
        left = QVBoxLayout()
        left.addWidget(QLabel("Nouveau versement reçu :"))
        left.addWidget(self.versement)
        left.addWidget(self.versement_button, alignment=Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.versements_title)
        right.addWidget(self.versements, 1)
        right.addWidget(self.versements_vide)
        right.addLayout(hbox(self.corriger_button, self.annuler_button))
        payments = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        payments.addLayout(left, 5)
        payments.addSpacing(12)
        payments.addLayout(right, 4)
        layout.addLayout(payments)
        self._rows = (buttons, payments)  # side by side, or one under the other on a narrow screen (set_narrow)

    def _wire(self) -> None:
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        self.save_button.clicked.connect(self.save)
        self.versement_button.clicked.connect(self.save_versement)
        self.corriger_button.clicked.connect(self.corriger_versement)
        self.annuler_button.clicked.connect(self.annuler_versement)
        self.table.currentCellChanged.connect(lambda row, _c, _r, _pc: self._show_versements(self._line_at(row)))
        self.versements.itemSelectionChanged.connect(self._update_versement_buttons)
        self.versements.itemDoubleClicked.connect(lambda _i: self.corriger_versement() if self.modifiable else None)
        self.table.itemChanged.connect(lambda _i: self._update_sum())
        self.cout_total.textChanged.connect(lambda _t: self._update_sum())

    def _apply_rights(self) -> None:
        # The financing (FAJ, the jeune's share, payments) is for conseiller and above; direction reads it only.
        self.refus_lecture = refus(self.context.profile, "mobilite.financement.lire")
        self.lisible = not self.refus_lecture
        if self.refus_lecture:
            self.setTitle("Financement (réservé aux conseillers, à la direction et à l'administration)")
            self.setToolTip(self.refus_lecture)
        self.modifiable = selon_droit(self.context.profile, [self.add_button, self.remove_button, self.save_button,
                                                         self.versement_button, self.cout_total, self.corriger_button,
                                                         self.annuler_button],
                                      "mobilite.financement.modifier")
        self._update_versement_buttons()
        if not self.modifiable:
            self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def set_narrow(self, narrow: bool) -> None:
        """On a narrow screen the buttons under the table and the versements go one under the other."""
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        for row in self._rows:
            row.setDirection(direction)

    def add_row(self, line=None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        box = combo(Financeur.choices())
        set_combo(box, line.financeur if line else "jeune")
        box.setEnabled(self.modifiable)
        self.table.setCellWidget(row, 0, box)
        values = [line.libelle if line else "", montant_decimal(line.montant_centimes) if line else "",
                  line.echeancier if line else "", format_montant(line.recu_centimes) if line else "",
                  format_montant(line.solde_centimes) if line else ""]
        for col, text in enumerate(values, start=1):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, line.id if line else None)
            if col >= 4:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, col, item)

    def remove_row(self) -> None:
        """Remove the selected line from the table (saved with « Enregistrer le financement »); a line that has
        received versements stays: cancel them first."""
        row = self.table.currentRow()
        if row < 0:
            return
        line = self._lignes.get(self._line_at(row))
        if line is not None and line.versements:
            self.total_error.show_message(f"La ligne « {line.libelle} » a déjà reçu "
                                          f"{format_montant(line.recu_centimes)} : annulez d'abord ses versements "
                                          "pour la retirer.")
            return
        self.total_error.clear_message()
        self.table.removeRow(row)
        self._update_sum()

    def load(self, parcours_id: str | None, cout_total: int | None, lignes) -> None:
        selected = self._line_at(self.table.currentRow()) if parcours_id == self.parcours_id else None
        self.parcours_id = parcours_id
        self._lignes = {line.id: line for line in lignes}
        self.setEnabled(parcours_id is not None and self.lisible)
        if self.lisible:  # a new parcours: say why the box is greyed
            self.setTitle("Financement" if parcours_id is not None
                          else "Financement (enregistrez d'abord le parcours pour saisir ses financeurs)")
        self.cout_total.setText(montant_decimal(cout_total) if cout_total is not None else "")
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for line in lignes:
            self.add_row(line)
        self.table.blockSignals(False)
        box: QComboBox = self.versement.fields["ligne"]
        box.clear()
        for line in lignes:
            box.addItem(f"{line.libelle} — reste {format_montant(line.solde_centimes)}", line.id)
        rows = [self._line_at(r) for r in range(self.table.rowCount())]
        row = rows.index(selected) if selected in rows else (0 if rows else -1)
        if row >= 0:
            self.table.setCurrentCell(row, 1)
        self._show_versements(self._line_at(row))
        self.total_error.clear_message()
        self.cout_error.clear_message()
        self._update_sum()

    def rows(self) -> list[LigneFinancementSaisie]:
        out = []
        for row in range(self.table.rowCount()):
            def text(col: int) -> str:
                item = self.table.item(row, col)
                return item.text().strip() if item else ""
            first = self.table.item(row, 1)
            out.append({"id": first.data(Qt.ItemDataRole.UserRole) if first else None,
                        "financeur": self.table.cellWidget(row, 0).currentData(), "libelle": text(1),
                        "montant": text(2), "echeancier": text(3)})
        return out

    def _update_sum(self) -> None:
        from desktop_app.domain.saisie import montant_centimes

        total = sum(montant_centimes(r["montant"], "m", {}) or 0 for r in self.rows())
        self.sum_label.setText(f"Somme des lignes : {format_montant(total)}")

    def save(self) -> None:
        from desktop_app.services.auto_ecole.financement import set_financement, soldes

        profile, parcours_id, rows, cout = self.context.profile, self.parcours_id, self.rows(), self.cout_total.text()
        self.total_error.clear_message()
        self.cout_error.clear_message()

        def failed_errors(errors: dict[str, str]) -> None:
            self.cout_error.show_message(errors.get("cout_total", ""))
            lines = [m for k, m in errors.items() if k.startswith("lignes.")]
            self.total_error.show_message(" ".join(filter(None, [errors.get("total", ""), *lines])))

        form = _Relay(failed_errors)

        def work():  # the table as stored, with what each line received: shown at once (see _saved)
            set_financement(profile, parcours_id, rows, cout_total=cout)
            return soldes(profile, parcours_id)

        run_write(self.context, work, form=form, parent=self, on_done=lambda lignes: self._saved(parcours_id, lignes))

    def _saved(self, parcours_id: str | None, lignes) -> None:
        """A write's result shown at once; ``changed`` then refreshes the whole parcours in the background."""
        from desktop_app.domain.saisie import montant_centimes

        if parcours_id == self.parcours_id:
            self.load(parcours_id, montant_centimes(self.cout_total.text(), "cout_total", {}), lignes)
        self.changed.emit()

    def save_versement(self) -> None:
        from desktop_app.services.auto_ecole.financement import add_versement, soldes

        ligne = self.versement.value("ligne")
        date, montant, profile = self.versement.value("date"), self.versement.value("montant"), self.context.profile
        if not ligne:
            self.versement.show_errors({"ligne": "Enregistrez d'abord le tableau de financement."})
            return
        prevue, parcours_id = self.versement.value("date_prevue"), self.parcours_id

        def work():
            add_versement(profile, ligne, date=date, montant=montant, date_prevue=prevue)
            return soldes(profile, parcours_id)

        run_write(self.context, work, form=self.versement, parent=self,
                  on_done=lambda lignes: self._versement_saved(parcours_id, lignes))

    def _versement_saved(self, parcours_id: str | None, lignes) -> None:
        for name in ("montant", "date_prevue"):
            self.versement.fields[name].clear()
        self._saved(parcours_id, lignes)

    # --- the versements of the selected line ---------------------------------------------------------------

    def _line_at(self, row: int) -> str | None:
        item = self.table.item(row, 1) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_versements(self, line_id: str | None) -> None:
        line = self._lignes.get(line_id) if line_id else None
        self.versements.setRowCount(0)
        if line is None:
            self.versements_title.setText("Versements reçus")
            self.versements_vide.setText("Choisissez une ligne enregistrée du tableau pour voir ses versements."
                                         if self.table.rowCount() else "")
        else:
            self.versements_title.setText(f"Versements reçus — {line.libelle} "
                                          f"(reçu {format_montant(line.recu_centimes)}, "
                                          f"reste {format_montant(line.solde_centimes)})")
            self.versements_vide.setText("" if line.versements else "Aucun versement reçu sur cette ligne.")
            set_combo(self.versement.fields["ligne"], line.id)
        for v in line.versements if line else ():
            row = self.versements.rowCount()
            self.versements.insertRow(row)
            for col, text in enumerate((v.date_prevue.strftime("%d/%m/%Y") if v.date_prevue else "—",
                                        v.date.strftime("%d/%m/%Y"), format_montant(v.montant_centimes))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, v.id)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.versements.setItem(row, col, item)
        self.versements_vide.setVisible(bool(self.versements_vide.text()))
        self._update_versement_buttons()

    def selected_versement(self):
        """The versement selected in the list (None if none)."""
        rows = self.versements.selectionModel().selectedRows() if self.versements.selectionModel() else []
        if not rows:
            return None
        versement_id = self.versements.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        for line in self._lignes.values():
            for v in line.versements:
                if v.id == versement_id:
                    return v
        return None

    def _update_versement_buttons(self) -> None:
        chosen = self.selected_versement() is not None
        selon_choix((self.corriger_button, self.annuler_button), chosen, self.modifiable, "un versement")

    def corriger_versement(self) -> None:
        from desktop_app.services.auto_ecole.financement import corriger_versement

        v = self.selected_versement()
        if v is None:
            return
        versement_id = v.id
        line = self._lignes.get(v.ligne_id)
        dialog = dialogue_correction(
            self, "Corriger le versement", lambda p, values: corriger_versement(p, versement_id, **values),
            apres=lambda _r: self.changed.emit(),
            intro=f"Versement de {format_montant(v.montant_centimes)} reçu le {v.date:%d/%m/%Y}"
                  + (f" — {line.libelle}" if line else "")
                  + ". Corrigez les dates ou le montant saisis par erreur.")
        dialog.form.add("date_prevue", "Date prévue", DateField(v.date_prevue))
        dialog.form.add("date", "Reçu le", DateField(v.date))
        dialog.form.add("montant", "Montant (€)", QLineEdit(montant_decimal(v.montant_centimes)))
        dialog.open()

    def annuler_versement(self) -> None:
        from desktop_app.services.auto_ecole.financement import annuler_versement

        v = self.selected_versement()
        if v is None:
            return
        line = self._lignes.get(v.ligne_id)
        libelle = f" ({line.libelle})" if line else ""
        if not confirmer(self, "Annuler le versement",
                         f"Annuler le versement de {format_montant(v.montant_centimes)} reçu le {v.date:%d/%m/%Y}"
                         f"{libelle} ? Il ne comptera plus dans ce qui a été reçu ; le solde et les retards de "
                         "paiement seront recalculés."):
            return
        profile, versement_id = self.context.profile, v.id
        run_write(self.context, lambda: annuler_versement(profile, versement_id), parent=self,
                  on_done=lambda _r: self.changed.emit())


class _Relay:
    """Quacks like a Form for run_write: routes the field errors to a callback."""

    def __init__(self, callback) -> None:
        self.callback = callback

    def show_errors(self, errors: dict[str, str]) -> None:
        if errors:
            self.callback(errors)
