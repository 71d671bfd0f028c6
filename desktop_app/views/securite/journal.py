"""The access log screen (direction and admin): who opened, changed, printed or exported which dossier."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)
from shiboken6 import isValid

from desktop_app.domain.enums import Role
from desktop_app.views.kit.operation import context_of, refus_montre, show_failure
from desktop_app.views.kit.tableaux import read_only_table
from desktop_app.views.kit.widgets import FieldError

COLUMNS = ("Date et heure", "Utilisateur", "Rôle", "Action", "Dossier", "Objet")
DOSSIER = COLUMNS.index("Dossier")


class JournalDialog(QDialog):
    def __init__(self, profile, parent=None, *, context=None) -> None:
        super().__init__(parent)
        from desktop_app.services.securite import journal

        self.profile = profile
        self.context = context or context_of(profile, parent)
        self.loaded = False  # the users' list and the first entries arrived (tests wait for it)
        self._generation = 0
        self.setObjectName("journalAcces")
        self.setWindowTitle("Journal des accès — Passerelle")
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.user = QComboBox()
        self.user.addItem("Tous les utilisateurs", None)
        self.action = QComboBox()
        self.action.addItem("Toutes les actions", None)
        for code, label in journal.ACTIONS.items():
            self.action.addItem(label, code)
        self.jeune = QLineEdit()
        self.jeune.setPlaceholderText("Nom du jeune ou identifiant du dossier")
        self.jeune.returnPressed.connect(self.reload)
        self.depuis, self.jusqu_au = QDateEdit(QDate.currentDate().addMonths(-1)), QDate.currentDate()
        self.jusqu_au = QDateEdit(self.jusqu_au)
        for edit in (self.depuis, self.jusqu_au):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        for label, widget in (("Utilisateur :", self.user), ("Action :", self.action), ("Dossier :", self.jeune),
                              ("Du :", self.depuis), ("au :", self.jusqu_au)):
            shown = QLabel(label)
            shown.setBuddy(widget)
            widget.setAccessibleName(label.rstrip(" :").capitalize())
            filters.addWidget(shown)
            filters.addWidget(widget)
        self.apply = QPushButton("&Filtrer")
        self.apply.clicked.connect(self.reload)
        filters.addWidget(self.apply)
        layout.addLayout(filters)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.table = read_only_table(COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.vide = QLabel("Aucun accès enregistré pour ces filtres : élargissez la période ou choisissez "
                           "« Tous les utilisateurs » et « Toutes les actions ».")
        self.vide.setObjectName("journalVide")
        self.vide.setWordWrap(True)
        self.vide.hide()
        layout.addWidget(self.vide)
        self.resize(1000, 560)
        self._load_users()

    def _load_users(self) -> None:
        from desktop_app.services.jeunes import recherche

        profile = self.profile

        def show(users) -> None:
            if isValid(self):
                for uid, nom in users:
                    self.user.addItem(nom, uid)
                self.reload()

        self.context.tasks.run_db(lambda: recherche.referents(profile), show,
                                  lambda exc: isValid(self) and show_failure(exc, parent=self))

    def reload(self) -> None:
        from desktop_app.services.securite import journal

        self._generation += 1
        generation, profile = self._generation, self.profile
        filters = dict(utilisateur_id=self.user.currentData(), action=self.action.currentData(),
                       dossier=self.jeune.text().strip() or None, depuis=self.depuis.date().toPython(),
                       jusqu_au=self.jusqu_au.date().toPython())
        self.loaded = False
        self.context.tasks.run_db(lambda: journal.consulter(profile, **filters),
                                  lambda entries: self._show(generation, entries),
                                  lambda exc: self._refused(generation, exc))

    def _refused(self, generation: int, exc: BaseException) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.loaded = True
        if refus_montre(exc, self.error, parent=self):
            self.table.setRowCount(0)

    def _show(self, generation: int, entries) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.error.clear_message()
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            when = e.quand.astimezone().strftime("%d/%m/%Y %H:%M")
            values = (when, e.utilisateur, Role.label_of(e.role) or e.role, e.action_label, e.dossier,
                      e.objet or "")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == DOSSIER and e.jeune_id:
                    item.setToolTip(f"Identifiant du dossier : {e.jeune_id}")
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.vide.setVisible(not entries)
        self.loaded = True
