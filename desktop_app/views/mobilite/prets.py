"""Prêts of the plate-forme mobilité: the items, lending one to a jeune, its return, and the overdue loans."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import EtatObjet, TypeObjetPret
from desktop_app.views.mobilite.commun import DateField, Form, JeunePicker, combo, run_write, selon_droit
from desktop_app.views.sections import ShellContext

KINDS = {"objet_pret", "pret"}


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return t


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            table.setItem(r, c, item)


class PretsPanel(QWidget):
    def __init__(self, ctx: ShellContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.jeune_id: str | None = None
        # items
        self.objet_form = Form()
        self.objet_form.add("type", "Type", combo(TypeObjetPret.choices()))
        self.objet_form.add("libelle", "Libellé", QLineEdit())
        self.objet_form.add("reference", "Plaque / n° d'inventaire", QLineEdit())
        self.add_objet = QPushButton("Ajouter l'objet")
        self.objets = _table(["Objet", "Type", "État", "Disponible"])
        objets_box = QGroupBox("Objets de la plate-forme")
        lay = QVBoxLayout(objets_box)
        lay.addWidget(self.objets, 1)
        objet_box = QGroupBox("Nouvel objet")
        lay = QVBoxLayout(objet_box)
        lay.addWidget(self.objet_form)
        lay.addWidget(self.add_objet, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        # a loan
        self.pret_form = Form()
        self.picker = JeunePicker(ctx, "Emprunteur : tapez son nom…")
        self.pret_form.add("jeune_id", "Emprunteur", self.picker)
        self.borrower = QLabel("Aucun jeune choisi")
        self.pret_form.layout_.addRow("", self.borrower)
        self.pret_form.add("objet_id", "Objet", combo([], empty="—"))
        self.pret_form.add("date_debut", "Du", DateField(dt.date.today()))
        self.pret_form.add("date_fin_prevue", "Au", DateField())
        self.pret_form.add("caution", "Caution (€)", QLineEdit("0"))
        self.pret_form.add("etat_depart", "État au départ", combo(EtatObjet.choices()))
        self.lend = QPushButton("Enregistrer le prêt")
        pret_box = QGroupBox("Nouveau prêt")
        lay = QVBoxLayout(pret_box)
        lay.addWidget(self.pret_form)
        lay.addWidget(self.lend, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        # loans
        self.prets = _table(["Objet", "Emprunteur", "Du", "Au", "Retour", "Caution", "Retard"])
        self.retour_etat = combo(EtatObjet.choices())
        self.returned = QPushButton("Retour de l'objet sélectionné")
        self.overdue = QLabel()
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
        layout = QGridLayout(self)
        layout.addWidget(prets_box, 0, 0, 1, 2)
        layout.addWidget(objets_box, 0, 2)
        layout.addWidget(pret_box, 1, 0)
        layout.addWidget(objet_box, 1, 1, 1, 2)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)
        layout.setColumnStretch(2, 3)
        selon_droit(ctx.profile, [self.add_objet, self.lend, self.returned, self.picker], "mobilite.modifier")
        self.picker.chosen.connect(self._borrower)
        self.add_objet.clicked.connect(self.save_objet)
        self.lend.clicked.connect(self.save_pret)
        self.returned.clicked.connect(self.return_selected)
        ctx.bus.data_changed.connect(lambda kinds: self.reload() if kinds & (KINDS | {"jeune", "sync"}) else None)
        self.reload()

    def _borrower(self, jeune_id: str, name: str) -> None:
        self.jeune_id = jeune_id
        self.borrower.setText(name)

    def reload(self) -> None:
        from desktop_app.services.mobilite_prets import list_objets, list_prets

        profile = self.ctx.profile
        self.ctx.tasks.run_db(lambda: (list_objets(profile), list_prets(profile)), self._show)

    def _show(self, result) -> None:
        objets, prets = result
        today = dt.date.today()
        _fill(self.objets, [(o.id, [o.libelle + (f" ({o.reference})" if o.reference else ""),
                                    TypeObjetPret.label_of(o.type), EtatObjet.label_of(o.etat),
                                    "oui" if libre else "non"]) for o, libre in objets])
        box = self.pret_form.fields["objet_id"]
        box.clear()
        box.addItem("—", None)
        for o, libre in objets:
            if libre:
                box.addItem(o.libelle + (f" ({o.reference})" if o.reference else ""), o.id)
        from desktop_app.documents.commun import format_montant

        _fill(self.prets, [(p.id, [p.objet, p.jeune, f"{p.date_debut:%d/%m/%Y}", f"{p.date_fin_prevue:%d/%m/%Y}",
                                   f"{p.date_retour:%d/%m/%Y}" if p.date_retour else "en cours",
                                   format_montant(p.caution_centimes),
                                   f"{p.jours_de_retard(today)} j" if p.en_retard(today) else ""]) for p in prets])
        late = [p for p in prets if p.en_retard(today)]
        self.overdue.setText(f"⚠ {len(late)} prêt(s) en retard : " + ", ".join(f"{p.objet} ({p.jeune})" for p in late)
                             if late else "Aucun prêt en retard.")
        self.overdue.setStyleSheet("color: #a4262c; font-weight: bold;" if late else "")
        self.overdue.setWordWrap(True)

    def save_objet(self) -> None:
        from desktop_app.services.mobilite_prets import save_objet

        values = {n: self.objet_form.value(n) for n in self.objet_form.fields}
        profile = self.ctx.profile
        run_write(self.ctx, lambda: save_objet(profile, values), kinds=KINDS, form=self.objet_form, parent=self,
                  on_done=lambda _r: [self.objet_form.fields[n].clear() for n in ("libelle", "reference")])

    def save_pret(self) -> None:
        from desktop_app.services.mobilite_prets import start_pret

        values = {n: self.pret_form.value(n) for n in self.pret_form.fields if n != "jeune_id"}
        values["jeune_id"] = self.jeune_id
        profile = self.ctx.profile
        run_write(self.ctx, lambda: start_pret(profile, values), kinds=KINDS, form=self.pret_form, parent=self)

    def return_selected(self) -> None:
        from desktop_app.services.mobilite_prets import return_pret

        row = self.prets.currentRow()
        if row < 0:
            return
        pret_id, etat, profile = self.prets.item(row, 0).data(Qt.ItemDataRole.UserRole), \
            self.retour_etat.currentData(), self.ctx.profile
        run_write(self.ctx, lambda: return_pret(profile, pret_id, date_retour=dt.date.today(), etat_retour=etat),
                  kinds=KINDS, parent=self)
