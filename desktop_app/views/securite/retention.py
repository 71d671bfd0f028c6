"""Review of the dossiers past retention (direction, admin): tick, confirm, anonymise irreversibly."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)
from shiboken6 import isValid

from desktop_app.views.kit.operation import context_of, refus_montre, run_write, show_failure
from desktop_app.views.kit.tableaux import read_only_table
from desktop_app.views.kit.text import pluriel
from desktop_app.views.kit.widgets import FieldError

COLUMNS = ("À anonymiser", "Dossier", "Date de naissance", "Dernier contact")


def _fr(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class RetentionDialog(QDialog):
    def __init__(self, profile, parent=None, *, today=None, context=None) -> None:
        super().__init__(parent)
        self.profile, self.today = profile, today
        self.context = context or context_of(profile, parent)
        self.loaded = False  # the first list arrived (tests wait for it)
        self.setObjectName("revueConservation")
        self.setWindowTitle("Dossiers à anonymiser — Passerelle")
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.table = read_only_table(COLUMNS)
        header = self.table.horizontalHeader()  # the check box and dates to their contents, the name the rest
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if COLUMNS[col] == "Dossier"
                                        else QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.anonymise = QPushButton("&Anonymiser la sélection…")
        self.anonymise.clicked.connect(self.confirm_and_anonymise)
        close = QPushButton("&Fermer")
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.anonymise)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(760, 520)
        self.confirm = lambda count: QMessageBox.question(
            self, "Anonymiser", f"Anonymiser définitivement {pluriel(count, 'dossier')} ? Les noms, coordonnées et notes "
            "seront effacés sur tous les postes ; seules les statistiques restent.") == QMessageBox.StandardButton.Yes
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.securite import retention

        profile, today = self.profile, self.today
        self.loaded = False
        self.anonymise.setEnabled(False)
        self.context.tasks.run_db(lambda: retention.a_anonymiser(profile, today=today), self._show,
                                  self._not_shown)

    def _not_shown(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.loaded = True
        if refus_montre(exc, self.error, parent=self):
            self.anonymise.setEnabled(False)
            self.anonymise.setToolTip(exc.message)

    def _show(self, candidats) -> None:
        if not isValid(self):
            return
        self.error.clear_message()
        n = len(candidats)
        self.intro.setText(
            "Aucun dossier n'a dépassé la durée de conservation (CNIL) : rien à anonymiser aujourd'hui." if not n
            else f"{n} dossier{'s ont' if n > 1 else ' a'} dépassé la durée de conservation (CNIL). "
                 "Cochez ceux à anonymiser.")
        self.table.setRowCount(len(candidats))
        for row, c in enumerate(candidats):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            check.setData(Qt.ItemDataRole.UserRole, c.id)
            self.table.setItem(row, 0, check)
            for col, value in enumerate((c.nom_affiche, _fr(c.date_naissance), _fr(c.dernier_contact)), 1):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.anonymise.setEnabled(bool(candidats))
        self.anonymise.setToolTip("" if candidats else "Aucun dossier à anonymiser")
        self.loaded = True

    def selected(self) -> list[str]:
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def confirm_and_anonymise(self) -> None:
        from desktop_app.domain.errors import UserError
        from desktop_app.services.securite import rgpd

        ids = self.selected()
        if not ids or not self.confirm(len(ids)):
            return
        profile = self.profile
        self.anonymise.setEnabled(False)

        def refused(exc: BaseException) -> None:
            self.anonymise.setEnabled(True)
            if isinstance(exc, UserError):
                self.error.show_message(exc.message)
            else:
                show_failure(exc, parent=self)

        run_write(self.context, lambda: rgpd.anonymiser(profile, ids), on_done=lambda _n: self.reload(),
                  on_error=refused, parent=self)
