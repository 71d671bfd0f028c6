"""The financing table of a parcours: one row per funder with amount and échéancier, what was received and the
balance; the total must equal the parcours' cost (message beside the table); payments received per line."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.documents.commun import format_montant
from desktop_app.domain.enums import Financeur
from desktop_app.views.mobilite.commun import DateField, Form, combo, refus, run_write, selon_droit, set_combo
from desktop_app.views.sections import ShellContext
from desktop_app.views.widgets import FieldError

KINDS = {"financement_ligne", "versement", "parcours_auto_ecole"}
HEADERS = ["Financeur", "Libellé", "Montant (€)", "Échéancier", "Reçu", "Solde"]


def _euros(centimes: int) -> str:
    return f"{centimes / 100:.2f}".replace(".", ",")


class FinancementBox(QGroupBox):
    changed = Signal()

    def __init__(self, ctx: ShellContext) -> None:
        super().__init__("Financement")
        self.ctx = ctx
        self.parcours_id: str | None = None
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
        # a payment
        self.versement = Form()
        self.versement.add("ligne", "Ligne", combo([]))
        self.versement.add("date", "Reçu le", DateField(dt.date.today()))
        self.versement.add("montant", "Montant (€)", QLineEdit())
        self.versement_button = QPushButton("Enregistrer le versement")
        top = QHBoxLayout()
        top.addWidget(QLabel("Coût total (€) :"))
        top.addWidget(self.cout_total)
        top.addWidget(self.cout_error, 1)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.sum_label)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.total_error)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Versement reçu :"))
        layout.addWidget(self.versement)
        layout.addWidget(self.versement_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        self.save_button.clicked.connect(self.save)
        self.versement_button.clicked.connect(self.save_versement)
        self.table.itemChanged.connect(lambda _i: self._update_sum())
        self.cout_total.textChanged.connect(lambda _t: self._update_sum())
        # The financing (FAJ, the jeune's share, payments) is for conseiller and above; direction reads it only.
        self.refus_lecture = refus(ctx.profile, "mobilite.financement.lire")
        self.lisible = not self.refus_lecture
        if self.refus_lecture:
            self.setTitle("Financement (réservé aux conseillers, à la direction et à l'administration)")
            self.setToolTip(self.refus_lecture)
        self.modifiable = selon_droit(ctx.profile, [self.add_button, self.remove_button, self.save_button,
                                                    self.versement_button, self.cout_total],
                                      "mobilite.financement.modifier")
        if not self.modifiable:
            self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def add_row(self, line=None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        box = combo(Financeur.choices())
        set_combo(box, line.financeur if line else "jeune")
        box.setEnabled(self.modifiable)
        self.table.setCellWidget(row, 0, box)
        values = [line.libelle if line else "", _euros(line.montant_centimes) if line else "",
                  line.echeancier if line else "", format_montant(line.recu_centimes) if line else "",
                  format_montant(line.solde_centimes) if line else ""]
        for col, text in enumerate(values, start=1):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, line.id if line else None)
            if col >= 4:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, col, item)

    def load(self, parcours_id: str | None, cout_total: int | None, lignes) -> None:
        self.parcours_id = parcours_id
        self.setEnabled(parcours_id is not None and self.lisible)
        self.cout_total.setText(_euros(cout_total) if cout_total is not None else "")
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for line in lignes:
            self.add_row(line)
        self.table.blockSignals(False)
        box: QComboBox = self.versement.fields["ligne"]
        box.clear()
        for line in lignes:
            box.addItem(f"{line.libelle} — reste {format_montant(line.solde_centimes)}", line.id)
        self.total_error.clear_message()
        self.cout_error.clear_message()
        self._update_sum()

    def rows(self) -> list[dict]:
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
        from desktop_app.services.mobilite_saisie import montant_centimes

        total = sum(montant_centimes(r["montant"], "m", {}) or 0 for r in self.rows())
        self.sum_label.setText(f"Somme des lignes : {format_montant(total)}")

    def save(self) -> None:
        from desktop_app.services.mobilite_auto_ecole import set_financement

        profile, parcours_id, rows, cout = self.ctx.profile, self.parcours_id, self.rows(), self.cout_total.text()
        self.total_error.clear_message()
        self.cout_error.clear_message()

        def failed_errors(errors: dict[str, str]) -> None:
            self.cout_error.show_message(errors.get("cout_total", ""))
            lines = [m for k, m in errors.items() if k.startswith("lignes.")]
            self.total_error.show_message(" ".join(filter(None, [errors.get("total", ""), *lines])))

        form = _Relay(failed_errors)
        run_write(self.ctx, lambda: set_financement(profile, parcours_id, rows, cout_total=cout), kinds=KINDS,
                  form=form, parent=self, on_done=lambda _r: self.changed.emit())

    def save_versement(self) -> None:
        from desktop_app.services.mobilite_auto_ecole import add_versement

        ligne = self.versement.value("ligne")
        date, montant, profile = self.versement.value("date"), self.versement.value("montant"), self.ctx.profile
        if not ligne:
            self.versement.show_errors({"ligne": "Enregistrez d'abord le tableau de financement."})
            return
        run_write(self.ctx, lambda: add_versement(profile, ligne, date=date, montant=montant), kinds=KINDS,
                  form=self.versement, parent=self, on_done=lambda _r: self.changed.emit())


class _Relay:
    """Quacks like a Form for run_write: routes the field errors to a callback."""

    def __init__(self, callback) -> None:
        self.callback = callback

    def show_errors(self, errors: dict[str, str]) -> None:
        if errors:
            self.callback(errors)
