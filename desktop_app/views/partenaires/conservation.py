"""Contacts of partners past retention (direction, admin): the people whose relation ended more than the declared
period ago (CNIL: three years by default, setting ``retention.contacts_partenaires_annees``), with their partner,
role and end date; erase one, or all those listed, after a confirmation naming them. The erasure syncs: gone on
every device; an immersion they tutored stays with « tuteur : contact effacé »."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)
from shiboken6 import isValid

from desktop_app.views.kit.operation import context_of, refus_montre, run_write, show_failure
from desktop_app.views.kit.tableaux import ajuster, id_selectionne, remplir, tableau
from desktop_app.views.kit.text import format_date, pluriel
from desktop_app.views.kit.widgets import FieldError

COLUMNS = ("Contact", "Fonction", "Partenaire", "Relation terminée le")
NOMMES = 12  # names listed in the confirmation, then « et N autres »


def noms_confirmes(echus) -> str:
    """« Sophie Ménard (Boulangerie Ménard), … et 3 autres »."""
    noms = [f"{c.nom} ({c.partenaire})" for c in echus[:NOMMES]]
    reste = len(echus) - len(noms)
    return ", ".join(noms) + (f" et {pluriel(reste, 'autre')}" if reste else "")


def message_confirmation(echus) -> str:
    return (f"Effacer définitivement {pluriel(len(echus), 'contact')} : {noms_confirmes(echus)} ? "
            f"{'Leurs' if len(echus) > 1 else 'Ses'} nom, fonction et coordonnées seront effacés sur ce poste et, à "
            "la prochaine synchronisation, sur le serveur et les autres postes. Les immersions et les échanges "
            "restent, sans le nom de la personne.")


class ContactsEchusDialog(QDialog):
    def __init__(self, profile, parent=None, *, today=None, context=None) -> None:
        super().__init__(parent)
        self.profile, self.today = profile, today
        self.context = context or context_of(profile, parent)
        self.loaded = False  # the list arrived (tests wait for it)
        self.echus: list = []
        self.setObjectName("contactsEchus")
        self.setWindowTitle("Contacts partenaires à effacer — Passerelle")
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setObjectName("introContactsEchus")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.table = tableau(COLUMNS, stretch=2, name="listeContactsEchus")
        ajuster(self.table, contenu=(3,))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.effacer_un = QPushButton("Effacer ce &contact…")
        self.effacer_un.setObjectName("effacerContact")
        self.effacer_tous = QPushButton("Effacer &tous les contacts listés…")
        self.effacer_tous.setObjectName("effacerTousContacts")
        self.effacer_un.clicked.connect(self.erase_selected)
        self.effacer_tous.clicked.connect(self.erase_all)
        close = QPushButton("&Fermer")
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.effacer_un)
        buttons.addWidget(self.effacer_tous)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(780, 480)
        self.confirm = lambda message: QMessageBox.question(
            self, "Effacer des contacts", message) == QMessageBox.StandardButton.Yes
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.partenaires.contacts import contacts_a_effacer

        profile, today = self.profile, self.today
        self.loaded = False
        for b in (self.effacer_un, self.effacer_tous):
            b.setEnabled(False)
        self.context.tasks.run_db(lambda: contacts_a_effacer(profile, today=today), self._show, self._not_shown)

    def _not_shown(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.loaded = True
        if refus_montre(exc, self.error, parent=self):
            for b in (self.effacer_un, self.effacer_tous):
                b.setEnabled(False)
                b.setToolTip(exc.message)

    def _show(self, echus) -> None:
        if not isValid(self):
            return
        self.error.clear_message()
        self.echus = list(echus)
        n = len(self.echus)
        self.intro.setText(
            "Aucun contact partenaire n'a dépassé sa durée de conservation : rien à effacer aujourd'hui." if not n
            else f"{pluriel(n, 'contact')} dont la relation a pris fin depuis plus longtemps que la durée de "
                 "conservation (CNIL). Effacez-les : les immersions et les échanges restent, sans la personne.")
        remplir(self.table, [(c.id, (c.nom, c.fonction, c.partenaire, format_date(c.date_fin_relation)))
                             for c in self.echus])
        if n:
            self.table.selectRow(0)
        self.effacer_un.setEnabled(bool(n))
        self.effacer_tous.setEnabled(bool(n))
        self.loaded = True

    def erase_selected(self) -> None:
        ident = id_selectionne(self.table)
        chosen = [c for c in self.echus if c.id == ident]
        if not chosen:
            self.error.show_message("Choisissez d'abord le contact dans la liste.")
            return
        self._erase(chosen)

    def erase_all(self) -> None:
        self._erase(list(self.echus))

    def _erase(self, echus) -> None:
        from desktop_app.domain.errors import UserError
        from desktop_app.services.partenaires.contacts import effacer_contacts

        if not echus or not self.confirm(message_confirmation(echus)):
            return
        profile, today, ids = self.profile, self.today, [c.id for c in echus]
        for b in (self.effacer_un, self.effacer_tous):
            b.setEnabled(False)

        def refused(exc: BaseException) -> None:
            if not isValid(self):
                return
            self.reload()
            if isinstance(exc, UserError):
                self.error.show_message(exc.message)
            else:
                show_failure(exc, parent=self)

        run_write(self.context, lambda: effacer_contacts(profile, ids, today=today),
                  on_done=lambda _n: isValid(self) and self.reload(), on_error=refused, parent=self)
