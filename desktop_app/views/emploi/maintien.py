"""The « Suivi dans l'emploi » tab: hires to follow, follow-ups until the end of the trial period (planned
contacts, outcome), « emploi durable » at 6 months."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import CategoriePoste, IssueEssai
from desktop_app.views.emploi.commun import TABLES_EMPLOI, texte_long
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import DateField, Form, combo, run_write, set_combo
from desktop_app.views.kit.tableaux import ajuster, id_selectionne, remplir, tableau
from desktop_app.views.shell.sections import ShellContext


class MaintienTab(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("onglet_maintien")
        self.suivi_id: str | None = None
        self._build()
        context.bus.data_changed.connect(self.on_data_changed)
        self.refresh()

    def _build(self) -> None:
        self.embauches = tableau(("Jeune", "Employeur", "Contrat", "Embauche"), stretch=1, name="table_embauches")
        self.categorie = combo(CategoriePoste.choices())
        self.categorie.setAccessibleName("Catégorie du poste")
        self.ouvrir = QPushButton("&Ouvrir le suivi")
        self.erreur = QLabel()
        self.erreur.setObjectName("erreur_maintien")
        self.erreur.setStyleSheet("color: #b00020")
        self.erreur.setWordWrap(True)
        self.suivis = tableau(("Jeune", "Employeur", "Contrat", "Fin d'essai", "Prochain contact", "Issue"),
                              stretch=1, name="table_suivis")
        ajuster(self.suivis, [2, 3, 4])
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(QLabel("Embauches sans suivi :"))
        col.addWidget(self.embauches, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Catégorie du poste :"))
        row.addWidget(self.categorie, 1)
        row.addWidget(self.ouvrir)
        col.addLayout(row)
        col.addWidget(self.erreur)
        col.addWidget(QLabel("Suivis dans l'emploi :"))
        col.addWidget(self.suivis, 2)

        self.entete = QLabel("Choisissez un suivi.")
        self.entete.setObjectName("entete_suivi")
        self.entete.setWordWrap(True)
        self.contacts = tableau(("Contact prévu", "Échéance", "Fait le", "Compte-rendu"), stretch=3,
                                name="table_contacts")
        self.form_contact = Form()
        self.date_contact = DateField()
        self.compte_rendu = texte_long("Ce qui s'est dit (jamais exporté)", 54)
        self.form_contact.add("date_realise", "Contact fait &le :", self.date_contact)
        self.form_contact.add("compte_rendu", "&Compte-rendu :", self.compte_rendu)
        self.noter = QPushButton("&Noter le contact")
        self.form_fin = Form()
        self.fin_essai = DateField()
        self.form_fin.add("fin_essai", "&Fin de la période d'essai :", self.fin_essai)
        self.corriger = QPushButton("Corriger la &date de fin")
        self.form_issue = Form()
        self.issue = combo(IssueEssai.choices())
        self.date_issue = DateField()
        self.form_issue.add("issue", "&Issue :", self.issue)
        self.form_issue.add("date_issue", "Da&te :", self.date_issue)
        self.cloturer = QPushButton("Enregistrer l'&issue")
        self.durable = QPushButton("Emploi durable à 6 mois : toujours en &poste")
        self.parti = QPushButton("À 6 mois : n'est plus en poste")
        selon_droit(self.context.profile, [self.ouvrir, self.noter, self.corriger, self.cloturer, self.durable,
                                           self.parti], "emploi.modifier")
        detail = QWidget()
        right = QVBoxLayout(detail)
        right.addWidget(self.entete)
        right.addWidget(self.contacts, 1)
        right.addWidget(self.form_contact)
        right.addWidget(self.noter)
        fin = QHBoxLayout()
        fin.addWidget(self.form_fin, 1)
        fin.addWidget(self.corriger)
        right.addLayout(fin)
        right.addWidget(self.form_issue)
        boutons = QHBoxLayout()
        for b in (self.cloturer, self.durable, self.parti):
            boutons.addWidget(b)
        boutons.addStretch(1)
        right.addLayout(boutons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(detail)
        splitter.setSizes([520, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)

        self.ouvrir.clicked.connect(self._ouvrir)
        self.suivis.itemSelectionChanged.connect(self._selected)
        self.noter.clicked.connect(self._noter)
        self.corriger.clicked.connect(self._corriger)
        self.cloturer.clicked.connect(self._cloturer)
        self.durable.clicked.connect(lambda: self._durable(True))
        self.parti.clicked.connect(lambda: self._durable(False))
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for w in (self.contacts, self.form_contact, self.noter, self.form_fin, self.corriger, self.form_issue,
                  self.cloturer, self.durable, self.parti):
            w.setEnabled(on)

    # --- reading -----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        from desktop_app.services.maintien.suivis import embauches_sans_suivi, suivis

        profile = self.context.profile
        self.context.tasks.run_db(lambda: (embauches_sans_suivi(profile), suivis(profile)), self._fill,
                                  droppable=True)
        if self.suivi_id:
            self._load(self.suivi_id)

    def _fill(self, result) -> None:
        if not isValid(self):
            return
        embauches, suivis = result
        remplir(self.embauches, ((e.situation_id, (e.jeune, e.employeur, e.contrat, f"{e.date_debut:%d/%m/%Y}"))
                                 for e in embauches))
        remplir(self.suivis, ((r.id, (r.jeune, r.employeur, r.contrat, f"{r.fin_essai:%d/%m/%Y}",
                                      f"{r.prochain_contact:%d/%m/%Y}" if r.prochain_contact else "—",
                                      r.issue_libelle)) for r in suivis), keep=self.suivi_id)

    def _selected(self) -> None:
        ident = id_selectionne(self.suivis)
        if ident and ident != self.suivi_id:
            self._load(ident, ouvrir=True)

    def _load(self, ident: str, *, ouvrir: bool = False) -> None:
        from desktop_app.services.maintien import suivis

        profile = self.context.profile
        read = suivis.ouvrir_vue if ouvrir else suivis.vue
        self.context.tasks.run_db(lambda: read(profile, ident), lambda v: isValid(self) and self._show(v))

    def _show(self, v) -> None:
        self.suivi_id = v.ligne.id
        self._enable(True)
        l = v.ligne
        texte = (f"{l.jeune} — {l.contrat} chez {l.employeur}, embauché·e le {l.date_embauche:%d/%m/%Y} ; "
                 f"période d'essai jusqu'au {l.fin_essai:%d/%m/%Y}"
                 + (" (date saisie à la main)" if v.fin_essai_modifiee else "") + f". {l.issue_libelle}")
        if v.date_issue:
            texte += f" le {v.date_issue:%d/%m/%Y}"
        if l.emploi_durable is not None:
            texte += ". Emploi durable à 6 mois : " + ("oui" if l.emploi_durable else "non")
        self.entete.setText(texte + ".")
        remplir(self.contacts, ((c.id, (c.etape, f"{c.echeance:%d/%m/%Y}",
                                        f"{c.date_realise:%d/%m/%Y}" if c.date_realise else "",
                                        c.compte_rendu)) for c in v.contacts))
        self.fin_essai.set_date(l.fin_essai)
        set_combo(self.issue, l.issue)
        self.date_issue.set_date(v.date_issue)
        en_cours = l.issue == IssueEssai.EN_COURS
        self.corriger.setEnabled(en_cours)
        self.cloturer.setEnabled(True)

    # --- writing -----------------------------------------------------------------------------------------------

    def _ouvrir(self) -> None:
        from desktop_app.services.maintien.suivis import ouvrir

        ident = id_selectionne(self.embauches)
        if not ident:
            self.erreur.setText("Choisissez d'abord une embauche dans la liste.")
            return
        self.erreur.clear()
        profile, categorie = self.context.profile, self.categorie.currentData()

        def failed(exc: BaseException) -> None:
            errors = getattr(exc, "errors", None) or {}
            self.erreur.setText(" ".join(errors.values()) or getattr(exc, "message", ""))

        run_write(self.context, lambda: ouvrir(profile, {"situation_id": ident, "categorie_poste": categorie}),
                  parent=self, on_done=lambda new_id: self._load(new_id), on_error=failed)

    def _noter(self) -> None:
        from desktop_app.services.maintien.suivis import noter_contact

        ident = id_selectionne(self.contacts)
        if not ident:
            self.form_contact.show_errors({"date_realise": "Choisissez d'abord le contact dans la liste."})
            return
        profile = self.context.profile
        data = {"date_realise": self.date_contact.text(), "compte_rendu": self.compte_rendu.toPlainText()}

        def done(_r) -> None:
            self.date_contact.clear()
            self.compte_rendu.clear()

        run_write(self.context, lambda: noter_contact(profile, ident, data), form=self.form_contact, parent=self,
                  on_done=done)

    def _corriger(self) -> None:
        from desktop_app.services.maintien.suivis import ouvrir, vue

        profile, ident, fin = self.context.profile, self.suivi_id, self.fin_essai.text()

        def work():
            v = vue(profile, ident)
            situation = _situation_of(profile, ident)
            return ouvrir(profile, {"situation_id": situation, "categorie_poste": v.categorie_poste,
                                    "duree_contrat_jours": v.duree_contrat_jours, "fin_essai": fin})

        run_write(self.context, work, form=self.form_fin, parent=self)

    def _cloturer(self) -> None:
        from desktop_app.services.maintien.suivis import cloturer

        profile, ident = self.context.profile, self.suivi_id
        data = {"issue": self.issue.currentData(), "date_issue": self.date_issue.text()}
        run_write(self.context, lambda: cloturer(profile, ident, data), form=self.form_issue, parent=self)

    def _durable(self, en_poste: bool) -> None:
        from desktop_app.services.maintien.suivis import constater_emploi_durable

        profile, ident = self.context.profile, self.suivi_id
        run_write(self.context, lambda: constater_emploi_durable(profile, ident, en_poste),
                  form=self.form_issue, parent=self)

    def on_data_changed(self, kinds: frozenset[str]) -> None:
        if isValid(self) and kinds & TABLES_EMPLOI:
            self.refresh()


def _situation_of(profile, suivi_id: str) -> str:
    from desktop_app.services.maintien.suivis import situation_du_suivi

    return situation_du_suivi(profile, suivi_id)
