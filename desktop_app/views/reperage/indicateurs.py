"""Repérage indicators per source over a period: signalled, contacted, reached, came, accompanied three months
later, median delay before the first contact (services.reperage.indicateurs)."""
from __future__ import annotations


from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.views.kit.formulaire import DateField
from desktop_app.views.kit.operation import refus_montre
from desktop_app.views.kit.tableaux import tableau
from desktop_app.views.kit.widgets import FieldError
from desktop_app.services.sync.horloge import aujourdhui


def _nombre(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


class IndicateursPanel(QWidget):
    def __init__(self, context) -> None:
        from desktop_app.services.reperage.indicateurs import COLONNES

        super().__init__()
        self.context = context
        self.setObjectName("indicateursReperage")
        self.loaded = False
        today = aujourdhui(self.context.profile)
        self.debut = DateField(today.replace(month=1, day=1))
        self.debut.setAccessibleName("Du")
        self.fin = DateField(today)
        self.fin.setAccessibleName("Au")
        show = QPushButton("&Calculer")
        show.clicked.connect(self.reload)
        self.error = FieldError()
        self.table = tableau(COLONNES, stretch=0, name="tableIndicateursReperage")
        self.note = QLabel("Listes reçues dans la période. Délai médian : jours entre la réception de la liste et la première tentative. Joints : joint·e, rendez-vous fixé, venu·e ou refus. "
                           "Accompagnés à 3 mois : venus dont le dossier a une actualité 90 jours ou plus après "
                           "le premier accueil.")
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        for caption, field in (("Du", self.debut), ("au", self.fin)):
            row.addWidget(QLabel(caption))
            row.addWidget(field)
        row.addWidget(show)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        from desktop_app.domain.validation import parse_date
        from desktop_app.services.reperage import indicateurs

        try:
            debut, fin = parse_date(self.debut.text()), parse_date(self.fin.text())
        except ValueError as exc:
            self.error.show_message(str(exc))
            return
        if debut is None or fin is None or debut > fin:
            self.error.show_message("Indiquez une période : du JJ/MM/AAAA au JJ/MM/AAAA, la première date avant la seconde.")
            return
        self.error.clear_message()
        profile = self.context.profile
        self.context.tasks.run_db(lambda: indicateurs.indicateurs(profile, debut, fin), self._show, self._refused,
                                  droppable=True)

    def _refused(self, exc: BaseException) -> None:
        if isValid(self):
            self.loaded = True
            refus_montre(exc, self.error, parent=self)

    def _show(self, lines) -> None:
        from desktop_app.services.reperage.indicateurs import taux

        if not isValid(self):
            return
        self.table.setRowCount(len(lines))
        for i, line in enumerate(lines):
            values = (line.libelle, str(line.signales), f"{line.contactes} ({taux(line.contactes, line.signales)})",
                      f"{line.joints} ({taux(line.joints, line.signales)})", str(line.deja_suivis),
                      f"{line.venus} ({taux(line.venus, line.signales)})", str(line.accompagnes_3_mois),
                      _nombre(line.delai_median_jours))
            for col, value in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.loaded = True
