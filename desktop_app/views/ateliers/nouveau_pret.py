"""The « Nouveau prêt » form of the prêts tab (a part of :class:`~desktop_app.views.ateliers.prets.PretsPanel`):
the borrower from a search, the item, the dates, the deposit; once the loan is stored the form is blank again
and the item leaves the choice at once (the lists follow with the refresh the bus announces)."""
from __future__ import annotations

from typing import TYPE_CHECKING


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout

from desktop_app.domain.enums import EtatObjet
from desktop_app.views.kit.formulaire import DateField, Form, combo, run_write, set_combo
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.ateliers.saisies import SaisiePret


class NouveauPret:
    """Mixed into the prêts panel (which holds ``context`` and ``jeune_id``)."""

    def _build_pret(self) -> QGroupBox:
        self.pret_form = Form()
        self.picker = JeunePicker(self.context, "Emprunteur : tapez son nom…", accessible_name="Emprunteur", limit=8,
                                  compact=True, results_height=110)
        self.pret_form.add("jeune_id", "Emprunteur", self.picker)
        self.borrower = QLabel("Aucun jeune choisi")
        self.pret_form.layout_.addRow("", self.borrower)
        self.pret_form.add("objet_id", "Objet", combo([], empty="—"))
        self.pret_form.add("date_debut", "Du", DateField(aujourdhui(self.context.profile)))
        self.pret_form.add("date_fin_prevue", "Au", DateField())
        self.pret_form.add("caution", "Caution (€)", QLineEdit("0"))
        self.pret_form.add("etat_depart", "État au départ", combo(EtatObjet.choices()))
        self.lend = QPushButton("Enregistrer le prêt")
        self.pret_status = QLabel()  # « Prêt de … enregistré. » once saved: the form is blank for the next one
        self.pret_status.setObjectName("pretEnregistre")
        self.pret_status.setWordWrap(True)
        pret_box = QGroupBox("Nouveau prêt")
        lay = QVBoxLayout(pret_box)
        lay.addWidget(self.pret_form)
        lay.addWidget(self.lend, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.pret_status)
        lay.addStretch(1)
        return pret_box

    def _borrower(self, jeune_id: str, name: str) -> None:
        self.jeune_id = jeune_id
        self.borrower.setText(name)

    def save_pret(self) -> None:
        from desktop_app.services.ateliers.prets import start_pret

        values: SaisiePret = {n: self.pret_form.value(n) for n in self.pret_form.fields if n != "jeune_id"}
        values["jeune_id"] = self.jeune_id
        profile = self.context.profile
        objet, emprunteur = self.pret_form.fields["objet_id"].currentText(), self.borrower.text()
        self.pret_status.clear()
        run_write(self.context, lambda: start_pret(profile, values), form=self.pret_form, parent=self,
                  on_done=lambda pret: self._pret_saved(pret, objet, emprunteur))

    def _pret_saved(self, pret, objet: str, emprunteur: str) -> None:
        """The loan is stored: the form is blank again (it never invites a second loan of the same item), the
        item leaves the choice at once; the lists follow with the refresh the bus announces."""
        f = self.pret_form.fields
        box = f["objet_id"]
        index = box.findData(pret.objet_id)
        if index > 0:
            box.removeItem(index)
        box.setCurrentIndex(0)
        self.jeune_id = None
        self.borrower.setText("Aucun jeune choisi")
        self.picker.search.clear()
        f["date_debut"].set_date(aujourdhui(self.context.profile))
        f["date_fin_prevue"].clear()
        f["caution"].setText("0")
        set_combo(f["etat_depart"], EtatObjet.BON.value)
        self.pret_status.setText(f"Prêt de « {objet} » à {emprunteur} enregistré.")
