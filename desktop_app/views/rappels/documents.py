"""« Documents » of a dossier (issue 15): a button with a menu — attestation d'inscription et de suivi, attestation de
présence…, synthèse du parcours…, rendez-vous : convocations et messages… Each PDF opens in the preview
(:mod:`desktop_app.views.kit.apercu_pdf`); the services check the rights and log each print."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.errors import UserError
from desktop_app.domain.formats import format_date
from desktop_app.views.kit.tableaux import ajuster, id_selectionne, remplir, tableau, titre


def _apercu(owner: QWidget, context, build: Callable[[], bytes], titre_doc: str, nom: str) -> None:
    """Build the PDF off the UI thread, then open the preview (a refusal: a French message)."""

    def shown(pdf: bytes) -> None:
        from desktop_app.views.kit.apercu_pdf import ApercuPdfDialog

        if isValid(owner):
            owner.apercu = ApercuPdfDialog(pdf, titre=titre_doc, nom_fichier=nom, parent=owner)
            owner.apercu.open()

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        if isValid(owner):
            QMessageBox.warning(owner, "Impression impossible", exc.message)

    context.tasks.run_db(build, shown, failed)


def apercu_convocation(owner: QWidget, context, rdv_id: str) -> None:
    """The « Convocation » action of a rendez-vous (the dossier's rendez-vous list; the agenda may call it too)."""
    from desktop_app.services.attestations.documents import convocation_pdf

    profile = context.profile
    _apercu(owner, context, lambda: convocation_pdf(profile, rdv_id), "Convocation", "convocation.pdf")


def texte_convocation(owner: QWidget, context, rdv_id: str) -> None:
    """Open the convocation's SMS / e-mail text of a rendez-vous (``owner.texte_dialog``)."""
    from desktop_app.services.attestations.documents import textes_convocation

    profile = context.profile

    def shown(textes) -> None:
        if isValid(owner):
            owner.texte_dialog = TexteConvocationDialog(textes, owner)
            owner.texte_dialog.open()

    context.tasks.run_db(lambda: textes_convocation(profile, rdv_id), shown)


class DocumentsBouton(QToolButton):
    """The dossier's « Documents » button: the jeune is its window's (``jeune_id`` of the dossier window, read at
    each click: the dossier may be created meanwhile; no reference to the window is kept)."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setText("Documents")
        self.setObjectName("documentsDossier")
        self.setToolTip("Attestations, synthèse du parcours, convocations et messages des rendez-vous")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.actions_menu = {
            "suivi": menu.addAction("Attestation d'inscription et de suivi", self.attestation_suivi),
            "presence": menu.addAction("Attestation de présence…", self.attestation_presence),
            "synthese": menu.addAction("Synthèse du parcours…", self.synthese),
            "rendez_vous": menu.addAction("Rendez-vous : convocations et messages…", self.rendez_vous),
        }
        self.setMenu(menu)
        self.dialog: QDialog | None = None

    def jeune_id(self) -> str | None:
        return getattr(self.window(), "jeune_id", None)

    def attestation_suivi(self) -> None:
        from desktop_app.services.attestations.documents import attestation_suivi_pdf

        profile, jid = self.context.profile, self.jeune_id()
        if jid:
            _apercu(self, self.context, lambda: attestation_suivi_pdf(profile, jid),
                    "Attestation d'inscription et de suivi", "attestation-suivi.pdf")

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def attestation_presence(self) -> None:
        if self.jeune_id():
            self._open(PresenceDialog(self.context, self.jeune_id(), self))

    def synthese(self) -> None:
        if self.jeune_id():
            self._open(SyntheseDialog(self.context, self.jeune_id(), self))

    def rendez_vous(self) -> None:
        if self.jeune_id():
            self._open(RendezVousDialog(self.context, self.jeune_id(), self))


class PresenceDialog(QDialog):
    """Choose one of the jeune's presences (atelier, information collective, permanence, séance) to attest."""

    def __init__(self, context, jeune_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.jeune_id = context, jeune_id
        self.setWindowTitle("Attestation de présence")
        self.resize(560, 360)
        self.table = tableau(("Date", "Présence"), stretch=1, name="presences")
        self.vide = QLabel("Chargement…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.imprimer = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.imprimer.setText("Aperçu de l'attestation…")
        self.imprimer.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Fermer")
        buttons.accepted.connect(self.preview)
        buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(self.preview)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choisissez la séance ou l'action à laquelle le jeune était présent :"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.vide)
        layout.addWidget(buttons)
        from desktop_app.services.attestations.documents import presences

        profile = context.profile
        context.tasks.run_db(lambda: presences(profile, jeune_id), self._loaded)

    def _loaded(self, items) -> None:
        if not isValid(self):
            return
        remplir(self.table, [(p.id, (format_date(p.date), p.libelle)) for p in items])
        ajuster(self.table, [0])
        if items:
            self.table.selectRow(0)
        self.vide.setText("" if items else "Aucune présence enregistrée pour ce jeune (atelier, information "
                                           "collective, permanence, séance collective honorée).")
        self.vide.setVisible(not items)
        self.imprimer.setEnabled(bool(items))

    def preview(self) -> None:
        from desktop_app.services.attestations.documents import attestation_presence_pdf

        pid = id_selectionne(self.table)
        if pid:
            profile = self.context.profile
            _apercu(self, self.context, lambda: attestation_presence_pdf(profile, pid), "Attestation de présence",
                    "attestation-presence.pdf")


class SyntheseDialog(QDialog):
    """For whom the synthèse is printed: the jeune (by default), or a partner the jeune agrees to (checked)."""

    def __init__(self, context, jeune_id: str, parent: QWidget | None = None) -> None:
        from desktop_app.views.kit.widgets import FieldError

        super().__init__(parent)
        self.context, self.jeune_id = context, jeune_id
        self.setWindowTitle("Synthèse du parcours")
        self.pour_partenaire = QCheckBox("Remettre la synthèse à un partenaire plutôt qu'au jeune :")
        self.partenaire = QLineEdit()
        self.partenaire.setPlaceholderText("Nom du partenaire (ex. France Travail — agence de Villeurbanne)")
        self.partenaire.setAccessibleName("Partenaire destinataire")
        self.accord = QCheckBox("Le jeune a donné son accord pour que ce partenaire reçoive sa synthèse")
        self.erreur = FieldError()
        for w in (self.partenaire, self.accord):
            w.setEnabled(False)
        self.pour_partenaire.toggled.connect(self.partenaire.setEnabled)
        self.pour_partenaire.toggled.connect(self.accord.setEnabled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Aperçu de la synthèse…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Fermer")
        buttons.accepted.connect(self.preview)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("La synthèse ne contient ni les notes des entretiens ni les freins santé ou justice."))
        layout.addWidget(self.pour_partenaire)
        layout.addWidget(self.partenaire)
        layout.addWidget(self.accord)
        layout.addWidget(self.erreur)
        layout.addWidget(buttons)

    def preview(self) -> None:
        from desktop_app.services.attestations.documents import synthese_pdf

        saisie = {}
        if self.pour_partenaire.isChecked():
            nom = self.partenaire.text().strip()
            if not nom:
                self.erreur.show_message("Indiquez le partenaire à qui remettre la synthèse.")
                self.partenaire.setFocus()
                return
            saisie = {"destinataire": nom, "accord_jeune": self.accord.isChecked()}
            if not self.accord.isChecked():
                self.erreur.show_message("Cochez l'accord du jeune pour remettre sa synthèse à un partenaire.")
                self.accord.setFocus()
                return
        self.erreur.clear_message()
        profile, jid = self.context.profile, self.jeune_id
        _apercu(self, self.context, lambda: synthese_pdf(profile, jid, saisie), "Synthèse du parcours",
                "synthese-parcours.pdf")


class RendezVousDialog(QDialog):
    """The jeune's rendez-vous (convocation PDF, its SMS / e-mail text) and the messages the hub sent."""

    def __init__(self, context, jeune_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.jeune_id = context, jeune_id
        self.setWindowTitle("Rendez-vous : convocations et messages")
        self.resize(900, 620)
        self.rdvs = tableau(("Date", "Horaire", "Rendez-vous", "Lieu", "Statut"), stretch=2, name="rendezVousJeune")
        self.convocation = QPushButton("Convocation (PDF)…")
        self.texte = QPushButton("Texte SMS et e-mail…")
        for b in (self.convocation, self.texte):
            b.setEnabled(False)
        self.convocation.clicked.connect(self.preview)
        self.texte.clicked.connect(self.show_texte)
        self.rdvs.doubleClicked.connect(self.preview)
        self.consent = QLabel()
        self.consent.setWordWrap(True)
        self.messages = tableau(("Rendez-vous", "Message", "Canal", "Destinataire", "État", "Détail"), stretch=5,
                                name="messagesEnvoyes")
        self.aucun = QLabel()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(titre("Rendez-vous", 1.1))
        layout.addWidget(self.rdvs, 1)
        row = QHBoxLayout()
        row.addWidget(self.convocation)
        row.addWidget(self.texte)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(titre("Messages envoyés", 1.1))
        layout.addWidget(self.consent)
        layout.addWidget(self.messages, 1)
        layout.addWidget(self.aucun)
        layout.addWidget(close)
        self.texte_dialog: QDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        from desktop_app.services.attestations.documents import rendez_vous_du_jeune
        from desktop_app.services.rappels.messages import consentements, messages_du_jeune

        profile, jid = self.context.profile, self.jeune_id
        self.context.tasks.run_db(lambda: (rendez_vous_du_jeune(profile, jid), messages_du_jeune(profile, jid),
                                           consentements(profile, jid)), self._loaded)

    def _loaded(self, data) -> None:
        if not isValid(self):
            return
        rdvs, messages, consent = data
        remplir(self.rdvs, [(r.id, (format_date(r.date), r.horaire, r.intitule, r.lieu, r.statut)) for r in rdvs])
        ajuster(self.rdvs, [0, 1, 4])
        if rdvs:
            self.rdvs.selectRow(0)
        for b in (self.convocation, self.texte):
            b.setEnabled(bool(rdvs))
        remplir(self.messages, [(m.id, (m.rendez_vous, m.type, m.canal, m.destinataire, m.etat, m.detail))
                                for m in messages])
        ajuster(self.messages, [1, 2, 4])
        self.consent.setText(consent)
        self.aucun.setText("" if messages else "Aucun message reçu du serveur pour ce jeune.")
        self.aucun.setVisible(not messages)

    def preview(self) -> None:
        rid = id_selectionne(self.rdvs)
        if rid:
            apercu_convocation(self, self.context, rid)

    def show_texte(self) -> None:
        rid = id_selectionne(self.rdvs)
        if rid:
            texte_convocation(self, self.context, rid)


class TexteConvocationDialog(QDialog):
    """The convocation's SMS and e-mail text, read-only, each with its « Copier » button."""

    def __init__(self, textes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Texte de la convocation")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.champs: list[QPlainTextEdit] = []
        for t in textes:
            if len(textes) > 1:
                layout.addWidget(titre(t.jeune, 1.05))
            for libelle, contenu in (("SMS", t.sms), (f"E-mail — {t.sujet}", t.email)):
                row = QHBoxLayout()
                row.addWidget(QLabel(libelle), 1)
                copier = QPushButton("Copier")
                copier.setAccessibleName(f"Copier le texte {libelle.split(' ')[0]}")
                row.addWidget(copier)
                layout.addLayout(row)
                edit = QPlainTextEdit(contenu)
                edit.setReadOnly(True)
                edit.setAccessibleName(libelle)
                copier.clicked.connect(lambda _=False, c=contenu: QGuiApplication.clipboard().setText(c))
                layout.addWidget(edit, 1)
                self.champs.append(edit)
        if not textes:
            layout.addWidget(QLabel("Ce rendez-vous n'a aucun jeune."))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
