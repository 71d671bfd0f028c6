"""The follow-up file of one pair: the contract's summary, progress per objective, rencontres (with the form to
log one), reminders, and the contract / compte-rendu previews. Staff also extend, edit or close the contract."""
from __future__ import annotations

from typing import TYPE_CHECKING


from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import IssueParrainage, StatutParrainage, TypeRencontre
from desktop_app.domain.validation import format_phone
from desktop_app.views.kit.boutons import dialog_buttons
from desktop_app.views.kit.champs import Champ, CodeCombo, DateField
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.operation import run_write
from desktop_app.views.kit.tableaux import (
    afficher_erreurs,
    ajuster,
    id_selectionne,
    remplir,
    show_errors,
    tableau,
    titre,
)
from desktop_app.views.kit.text import format_date
from desktop_app.views.kit.widgets import FieldError
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.parrainage.saisies import SaisieRencontre

ACTIFS = {StatutParrainage.EN_PREPARATION, StatutParrainage.EN_COURS, StatutParrainage.PROLONGE}


def duree(minutes: int | None) -> str:
    if not minutes:
        return ""
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if h and m else (f"{h} h" if h else f"{m} min")


class RencontreForm(QGroupBox):
    """Log a rencontre: date, kind, duration, place, topics, steps done, next step."""

    saved = Signal()

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.context = context
        self.parrainage_id: str | None = None
        self.date = DateField()
        self.date.set_value(aujourdhui(self.context.profile))
        self.type = CodeCombo(TypeRencontre.choices(), empty=None)
        self.duree = QSpinBox()
        self.duree.setRange(0, 600)
        self.duree.setSingleStep(15)
        self.duree.setValue(60)
        self.duree.setSuffix(" min")
        self.duree.setAccessibleName("Durée de la rencontre")
        self.lieu, self.sujets, self.demarches, self.suite = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.champs = {"date": Champ(self.date), "type": Champ(self.type), "duree_minutes": Champ(self.duree)}
        first = QHBoxLayout()
        for w in (self.champs["date"], self.champs["type"], self.champs["duree_minutes"]):
            first.addWidget(w)
        first.addStretch(1)
        form = QFormLayout()
        form.addRow("Date, type, durée", first)
        form.addRow("Lieu", self.lieu)
        form.addRow("Sujets abordés", self.sujets)
        form.addRow("Démarches réalisées", self.demarches)
        form.addRow("Prochaine étape", self.suite)
        self.message = FieldError()
        self.button = QPushButton("Noter la rencontre")
        self.button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.button)
        layout.addStretch(1)

    def values(self) -> SaisieRencontre:
        return {"date": self.date.value(), "type": self.type.value(), "duree_minutes": self.duree.value() or None,
                "lieu": self.lieu.text(), "sujets": self.sujets.text(), "demarches": self.demarches.text(),
                "prochaine_etape": self.suite.text()}

    def save(self) -> None:
        from desktop_app.services.parrainage.suivi import enregistrer_rencontre

        profile, pid, values = self.context.profile, self.parrainage_id, self.values()
        self.button.setEnabled(False)
        run_write(self.context, lambda: enregistrer_rencontre(profile, pid, values), on_done=self._saved,
                  on_error=self._failed, parent=self)

    def _saved(self, _r) -> None:
        if not isValid(self):
            return
        self.button.setEnabled(True)
        for w in (self.lieu, self.sujets, self.demarches, self.suite):
            w.clear()
        afficher_erreurs(self.champs, {})
        self.message.clear_message()
        self.saved.emit()

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.button.setEnabled(True)
            show_errors(self.champs, self.message, exc)


class ClotureDialog(QDialog):
    """End a pair with its outcome."""

    def __init__(self, context, parrainage_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.parrainage_id = context, parrainage_id
        self.setWindowTitle("Clore le parrainage")
        self.date = DateField()
        self.date.set_value(aujourdhui(self.context.profile))
        self.issue = CodeCombo(IssueParrainage.choices())
        self.champs = {"date_fin": Champ(self.date), "issue": Champ(self.issue)}
        form = QFormLayout()
        form.addRow("Date de fin", self.champs["date_fin"])
        form.addRow("Issue", self.champs["issue"])
        self.message = FieldError()
        buttons = dialog_buttons(self, self.save, "Clore", accept=QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        from desktop_app.services.parrainage.contrats import cloturer

        profile, pid, date, issue = self.context.profile, self.parrainage_id, self.date.value(), self.issue.value()
        run_write(self.context, lambda: cloturer(profile, pid, date_fin=date, issue=issue), on_done=self._saved,
                  on_error=lambda exc: show_errors(self.champs, self.message, exc), parent=self)

    def _saved(self, _p) -> None:
        if isValid(self):
            self.accept()


class SuiviPanel(QWidget):
    """The chosen pair's follow-up file."""

    def __init__(self, context, equipe: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.equipe = context, equipe
        self.parrainage_id: str | None = None
        self.vue = None
        self._choix = "un binôme" if equipe else "un filleul"
        actions = self._build_header()
        # What this role may do (the services refuse anyway): a disabled control says why on hover.
        profile = context.profile
        self.droits = {
            self.apercu_contrat: selon_droit(profile, self.apercu_contrat, "parrainage.contrat.imprimer"),
            self.apercu_cr: selon_droit(profile, self.apercu_cr, "impression"),
            **dict.fromkeys((self.modifier, self.prolonger, self.clore),
                            selon_droit(profile, [self.modifier, self.prolonger, self.clore], "parrainage.gerer"))}
        self._build_tabs()
        self._build_layout(actions)
        self._wire()
        self.apercu = None  # the last preview dialog (kept for tests)
        self._aides: dict[QWidget, str] = {}  # each control's own tooltip, before a reason replaced it
        self.show_pair(None)

    def _build_header(self) -> QHBoxLayout:
        self.entete = titre(f"Choisissez {self._choix} dans la liste", 1.15)
        self.entete.setWordWrap(True)
        self.infos = QLabel()
        self.infos.setWordWrap(True)
        self.relance = QLabel()
        self.relance.setObjectName("relanceParrainage")
        self.relance.setWordWrap(True)
        self.relance.setStyleSheet("color: #8a5300; font-weight: bold;")
        self.apercu_contrat = QPushButton("Contrat…")
        self.apercu_contrat.setToolTip("Aperçu du contrat de parrainage en PDF, à imprimer ou enregistrer")
        self.apercu_cr = QPushButton("Compte-rendu…")
        self.apercu_cr.setToolTip("Compte-rendu du parrainage pour le référent (PDF)")
        self.modifier = QPushButton("Modifier…")
        self.prolonger = QPushButton("Prolonger")
        self.prolonger.setToolTip("Prolonger le parrainage de 3 mois")
        self.clore = QPushButton("Clore…")
        actions = QHBoxLayout()
        for b in (self.apercu_contrat, self.apercu_cr, self.modifier, self.prolonger, self.clore):
            actions.addWidget(b)
            b.setVisible(self.equipe or b in (self.apercu_contrat, self.apercu_cr))
        actions.addStretch(1)
        return actions

    def _build_tabs(self) -> None:
        self.objectifs = tableau(("Objectif", "Résultat attendu", "Avancement", "Atteint"), stretch=2,
                                 name="objectifsParrainage")
        ajuster(self.objectifs, contenu=(0, 3))
        self.progression = QLineEdit()
        self.progression.setPlaceholderText("Où en est cet objectif ?")
        self.atteint = QCheckBox("Atteint")
        self.noter = QPushButton("Enregistrer l'avancement")
        prog = QHBoxLayout()
        prog.addWidget(self.progression, 1)
        prog.addWidget(self.atteint)
        prog.addWidget(self.noter)
        self.rencontres = tableau(("Date", "Type", "Durée", "Lieu", "Sujets abordés", "Démarches réalisées",
                                   "Prochaine étape"), name="rencontresParrainage")
        ajuster(self.rencontres, contenu=(0, 1, 2))
        self.form = RencontreForm(self.context)
        suivi = selon_droit(self.context.profile, [self.form, self.noter, self.progression, self.atteint],
                            "parrainage.suivi")
        self.droits.update(dict.fromkeys((self.form, self.noter, self.progression, self.atteint), suivi))
        self.message = FieldError()
        objectifs = QWidget()
        ol = QVBoxLayout(objectifs)
        ol.addWidget(self.objectifs, 1)
        ol.addLayout(prog)
        self.onglets = QTabWidget()
        self.onglets.addTab(objectifs, "Objectifs")
        self.onglets.addTab(self.rencontres, "Rencontres")
        self.onglets.addTab(self.form, "Noter une rencontre")

    def _build_layout(self, actions: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.entete, self.infos, self.relance):
            layout.addWidget(w)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.onglets, 1)

    def _wire(self) -> None:
        self.apercu_contrat.clicked.connect(self.preview_contrat)
        self.apercu_cr.clicked.connect(self.preview_compte_rendu)
        self.prolonger.clicked.connect(self.extend)
        self.clore.clicked.connect(self.close_pair)
        self.modifier.clicked.connect(self.edit)
        self.objectifs.itemSelectionChanged.connect(self._objectif_selected)
        self.noter.clicked.connect(self.save_progress)
        self.form.saved.connect(self._rencontre_saved)

    def show_pair(self, parrainage_id: str | None) -> None:
        """Show a pair's follow-up file; opening one is recorded in the jeune's access log."""
        self.parrainage_id = parrainage_id
        self.form.parrainage_id = parrainage_id
        aides = self._aides
        for w in (self.apercu_contrat, self.apercu_cr, self.modifier, self.prolonger, self.clore, self.form,
                  self.noter, self.progression, self.atteint):
            w.setEnabled(parrainage_id is not None and self.droits[w])
            aides.setdefault(w, w.toolTip())
            if self.droits[w]:  # a role's refusal keeps its own sentence
                w.setToolTip(aides[w] if parrainage_id is not None
                             else f"Choisissez d'abord {self._choix} dans la liste")
        self.message.clear_message()
        if parrainage_id is None:
            self.entete.setText(f"Choisissez {self._choix} dans la liste")
            self.infos.clear()
            self.relance.clear()
            remplir(self.objectifs, [])
            remplir(self.rencontres, [])
            return
        self.refresh(ouvrir=True)

    def refresh(self, *, ouvrir: bool = False) -> None:
        from desktop_app.services.parrainage.suivi import fiche_suivi, ouvrir_fiche

        if self.parrainage_id is None:
            return
        profile, pid, lire = self.context.profile, self.parrainage_id, ouvrir_fiche if ouvrir else fiche_suivi
        self.context.tasks.run_db(lambda: lire(profile, pid), self._loaded, self._failed)

    def _loaded(self, fiche) -> None:
        if not isValid(self) or fiche.contrat.id != self.parrainage_id:
            return
        v = self.vue = fiche.contrat
        self.entete.setText(f"{v.jeune_nom_complet} et {v.parrain_nom}")
        statut = StatutParrainage.label_of(v.statut) + (f" — {IssueParrainage.label_of(v.issue)}" if v.issue else "")
        fin = f"terminé le {format_date(v.date_fin)}" if v.date_fin else f"fin prévue le {format_date(v.fin_prevue)}"
        contact = " · ".join(filter(None, (format_phone(v.jeune_telephone), v.jeune_email)))
        self.infos.setText(
            f"{statut} · du {format_date(v.date_debut)}, {fin} · conseiller·ère : {v.conseiller_nom}\n"
            f"Une rencontre au moins tous les {v.rythme_jours} jours{(' (' + v.rythme + ')') if v.rythme else ''}"
            f"{(' · lieux : ' + v.lieux) if v.lieux else ''}\n"
            f"Contact du jeune : {contact or 'non renseigné'}")
        r = fiche.relance
        self.relance.setText(("Aucune rencontre notée depuis le début du parrainage, il y a " if r and r.jamais else
                              "Dernière rencontre il y a ") + f"{r.jours} jours : au-delà du rythme convenu "
                             f"({r.rythme_jours} jours)." if r else "")
        actif = v.statut in ACTIFS
        for b in (self.prolonger, self.clore):
            b.setEnabled(actif and self.droits[b])
            if self.droits[b]:
                b.setToolTip(self._aides[b] if actif else "Le parrainage est terminé")
        remplir(self.objectifs, [(o.id, (o.libelle, o.resultat_attendu, o.progression, "oui" if o.atteint else "non"))
                                 for o in v.objectifs])
        self.onglets.setTabText(1, f"Rencontres ({len(fiche.rencontres)})")
        remplir(self.rencontres, [(e.id, (format_date(e.date), TypeRencontre.label_of(e.type), duree(e.duree_minutes),
                                          e.lieu, e.sujets, e.demarches, e.prochaine_etape))
                                  for e in reversed(fiche.rencontres)])
        self._objectifs = {o.id: o for o in v.objectifs}

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            show_errors({}, self.message, exc)

    def _rencontre_saved(self) -> None:
        self.onglets.setCurrentIndex(1)
        self.refresh()

    def _objectif_selected(self) -> None:
        o = getattr(self, "_objectifs", {}).get(id_selectionne(self.objectifs))
        if o is not None:
            self.progression.setText(o.progression)
            self.atteint.setChecked(o.atteint)

    def save_progress(self) -> None:
        from desktop_app.services.parrainage.suivi import noter_progression

        oid = id_selectionne(self.objectifs)
        if oid is None:
            self.message.show_message("Choisissez d'abord l'objectif dans le tableau.")
            return
        profile, text, done = self.context.profile, self.progression.text(), self.atteint.isChecked()
        run_write(self.context, lambda: noter_progression(profile, oid, progression=text, atteint=done),
                  on_done=lambda _r: self._changed(), on_error=self._failed, parent=self)

    def _changed(self) -> None:
        if isValid(self):
            self.refresh()

    def extend(self) -> None:
        from desktop_app.services.parrainage.contrats import prolonger

        profile, pid = self.context.profile, self.parrainage_id
        run_write(self.context, lambda: prolonger(profile, pid, mois=3), on_done=lambda _p: self._changed(),
                  on_error=self._failed, parent=self)

    def close_pair(self) -> None:
        dialog = ClotureDialog(self.context, self.parrainage_id, self)
        dialog.accepted.connect(self.refresh)
        self.cloture = dialog
        dialog.open()

    def edit(self) -> None:
        from desktop_app.views.parrainage.contrat import ContratDialog

        if self.vue is None:
            return
        dialog = ContratDialog(self.context, self, vue=self.vue)
        dialog.accepted.connect(self.refresh)
        self.edition = dialog
        dialog.open()

    def _preview(self, build, titre_doc: str, nom: str) -> None:
        profile, pid = self.context.profile, self.parrainage_id

        def shown(pdf: bytes) -> None:
            from desktop_app.views.kit.apercu_pdf import ApercuPdfDialog

            if isValid(self):
                self.apercu = ApercuPdfDialog(pdf, titre=titre_doc, nom_fichier=nom, parent=self)
                self.apercu.open()

        self.context.tasks.run_db(lambda: build(profile, pid), shown, self._failed)

    def preview_contrat(self) -> None:
        from desktop_app.services.parrainage.contrats import (
            contrat_pdf,  # access-checked, recorded as printed
        )

        self._preview(contrat_pdf, "Contrat de parrainage", "contrat-parrainage.pdf")

    def preview_compte_rendu(self) -> None:
        from desktop_app.services.parrainage.suivi import (
            compte_rendu_pdf,  # access-checked, recorded as printed
        )

        self._preview(compte_rendu_pdf, "Compte-rendu de parrainage", "compte-rendu-parrainage.pdf")
