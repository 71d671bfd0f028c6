"""The Immersions tab: the list of immersions (PMSMP) and the convention's form — jeune, host company and tutor,
object, dates and hours, place, activities, skills — then signing, renewal, bilan and the PDF previews."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import AppreciationBilan, ObjectifImmersion, StatutImmersion, SuiteImmersion
from desktop_app.views.emploi.commun import TABLES_EMPLOI, ChoixCombo, texte_long
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import DateField, Form, FormDialog, combo, preview_pdf, run_write, set_combo
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.tableaux import ajuster, id_selectionne, remplir, tableau
from desktop_app.views.shell.sections import ShellContext

COLONNES = ("Jeune", "Entreprise", "Métier", "Début", "Fin", "Statut")


class ImmersionsTab(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("onglet_immersions")
        self.immersion_id: str | None = None
        self.vue = None
        self._build()
        context.bus.data_changed.connect(self.on_data_changed)
        self.refresh()
        self._load_partenaires()

    # --- construction --------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.recherche = QLineEdit()
        self.recherche.setPlaceholderText("Filtrer (jeune, entreprise, métier)")
        self.recherche.setAccessibleName("Filtrer les immersions")
        self.nouvelle = QPushButton("&Nouvelle immersion")
        self.table = tableau(COLONNES, stretch=1, name="table_immersions")
        ajuster(self.table, [3, 4, 5])
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.nouvelle)
        col.addWidget(self.recherche)
        col.addWidget(self.table, 1)

        self.form = Form()
        self.jeune = JeunePicker(self.context, compact=True, show_choice=True, results_height=90)
        self.partenaire = ChoixCombo("Tapez le nom de l'entreprise…")
        self.nouvelle_entreprise = QPushButton("Nouvelle entreprise…")
        self.tuteur = ChoixCombo("Choisissez le tuteur ou la tutrice")
        self.nouveau_tuteur = QPushButton("Nouveau tuteur…")
        self.objectif = combo(ObjectifImmersion.choices(), empty="—")
        self.metier = QLineEdit()
        self.debut, self.fin = DateField(), DateField()
        self.heures = QSpinBox()
        self.heures.setRange(0, 60)
        self.heures.setValue(35)
        self.heures.setSuffix(" h")
        self.horaires = QLineEdit()
        self.horaires.setPlaceholderText("Du lundi au vendredi, 9 h – 12 h et 14 h – 17 h")
        self.lieu = QLineEdit()
        self.activites = texte_long("Une activité par ligne")
        self.competences = texte_long("Une compétence par ligne")
        self.form.add("jeune_id", "&Jeune * :", self.jeune)
        self.form.add("partenaire_id", "Structure d'&accueil * :", _ligne(self.partenaire, self.nouvelle_entreprise))
        self.form.add("tuteur_id", "&Tuteur ou tutrice * :", _ligne(self.tuteur, self.nouveau_tuteur))
        self.tuteur_efface = QLabel("Tuteur : contact effacé (fin de la durée de conservation). L'immersion "
                                    "reste ; choisissez un tuteur seulement s'il faut en nommer un autre.")
        self.tuteur_efface.setObjectName("tuteur_efface")
        self.tuteur_efface.setWordWrap(True)
        self.tuteur_efface.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # full width
        self.tuteur_efface.setVisible(False)
        self.form.layout_.addRow("", self.tuteur_efface)
        self.form.add("objectif", "&Objet * :", self.objectif)
        self.form.add("metier", "&Métier ou poste :", self.metier)
        self.form.add("date_debut", "&Début * :", self.debut)
        self.form.add("date_fin", "&Fin * :", self.fin)
        self.form.add("heures_hebdo", "&Heures par semaine * :", self.heures)
        self.form.add("horaires", "Ho&raires :", self.horaires)
        self.form.add("lieu", "&Lieu :", self.lieu)
        self.form.add("activites", "Acti&vités :", self.activites)
        self.form.add("competences", "&Compétences à observer :", self.competences)
        self.form.error_for("date_fin_renouvellement")
        self.form.error_for("date_signature")
        for name, field in (("partenaire_id", self.partenaire), ("tuteur_id", self.tuteur)):
            label = self.form.layout_.labelForField(self.form.fields[name].parentWidget())
            if isinstance(label, QLabel):
                label.setBuddy(field)
            field.setAccessibleName(name == "partenaire_id" and "Structure d'accueil" or "Tuteur ou tutrice")

        self.statut = QLabel()
        self.statut.setObjectName("statut_immersion")
        self.statut.setWordWrap(True)
        self.enregistrer = QPushButton("&Enregistrer")
        self.enregistrer.setDefault(True)
        self.signer = QPushButton("&Signer la convention")
        self.renouveler = QPushButton("Re&nouveler…")
        self.bilan = QPushButton("&Bilan…")
        self.annuler = QPushButton("Annuler l'immersion…")
        self.apercu_convention = QPushButton("Aperçu de la con&vention")
        self.apercu_bilan = QPushButton("Aperçu du b&ilan")
        selon_droit(self.context.profile, [self.enregistrer, self.signer, self.renouveler, self.bilan, self.annuler,
                                           self.nouvelle_entreprise, self.nouveau_tuteur], "emploi.modifier")
        actions = QHBoxLayout()
        for b in (self.enregistrer, self.signer, self.renouveler, self.bilan, self.annuler):
            actions.addWidget(b)
        actions.addStretch(1)
        apercus = QHBoxLayout()
        for b in (self.apercu_convention, self.apercu_bilan):
            apercus.addWidget(b)
        apercus.addStretch(1)
        detail = QWidget()
        right = QVBoxLayout(detail)
        right.addWidget(self.statut)
        right.addWidget(self.form)
        right.addLayout(actions)
        right.addLayout(apercus)
        right.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setSizes([430, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)

        self.jeune.chosen.connect(lambda ident, nom: self.jeune.set_jeune(ident, nom, None))
        self.nouvelle.clicked.connect(self.nouveau)
        self.recherche.textChanged.connect(lambda _t: self.refresh())
        self.table.itemSelectionChanged.connect(self._selected)
        self.partenaire.currentIndexChanged.connect(lambda _i: self._load_tuteurs())
        self.nouvelle_entreprise.clicked.connect(self._creer_entreprise)
        self.nouveau_tuteur.clicked.connect(self._creer_tuteur)
        self.enregistrer.clicked.connect(self.save)
        self.signer.clicked.connect(self.sign)
        self.renouveler.clicked.connect(self.renew)
        self.bilan.clicked.connect(self.open_bilan)
        self.annuler.clicked.connect(self.cancel)
        self.apercu_convention.clicked.connect(lambda: self._apercu("convention"))
        self.apercu_bilan.clicked.connect(lambda: self._apercu("bilan"))
        self._show(None)

    # --- reading ---------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        from desktop_app.services.immersions.immersions import immersions

        profile, texte = self.context.profile, self.recherche.text()
        self.context.tasks.run_db(lambda: immersions(profile, texte=texte), self._fill, droppable=True)

    def _fill(self, rows) -> None:
        if not isValid(self):
            return
        self.rows = rows
        remplir(self.table, ((r.id, (r.jeune, r.entreprise, r.metier, f"{r.date_debut:%d/%m/%Y}",
                                     f"{r.fin:%d/%m/%Y}" + (" (renouvelée)" if r.renouvelee else ""),
                                     r.statut_libelle)) for r in rows), keep=self.immersion_id)

    def _load_partenaires(self, keep: str | None = None) -> None:
        from desktop_app.services.immersions.accueil import partenaires

        profile = self.context.profile
        self.context.tasks.run_db(lambda: partenaires(profile),
                                  lambda rows: isValid(self) and self.partenaire.set_choices(rows, keep), droppable=True)

    def _load_tuteurs(self, keep: str | None = None) -> None:
        from desktop_app.services.immersions.accueil import tuteurs

        profile, partenaire_id = self.context.profile, self.partenaire.value()
        self.context.tasks.run_db(lambda: tuteurs(profile, partenaire_id),
                                  lambda rows: isValid(self) and self.tuteur.set_choices(rows, keep), droppable=True)

    def _selected(self) -> None:
        from desktop_app.services.immersions.immersions import ouvrir

        ident = id_selectionne(self.table)
        if not ident or ident == self.immersion_id:
            return
        profile = self.context.profile
        self.context.tasks.run_db(lambda: ouvrir(profile, ident), lambda v: isValid(self) and self._show(v))

    def _show(self, v) -> None:
        self.vue = v
        self.immersion_id = v.id if v else None
        self.form.show_errors({})
        if v is None:
            self.statut.setText("Nouvelle immersion : remplissez la convention puis enregistrez.")
            self.jeune.search.clear()
            self.jeune.jeune_id = None
            for w in (self.metier, self.horaires, self.lieu):
                w.clear()
            self.debut.set_date(None)
            self.fin.set_date(None)
            self.activites.clear()
            self.competences.clear()
            set_combo(self.objectif, None)
            self.partenaire.set_value(None)
            self.heures.setValue(35)
        else:
            self.jeune.set_jeune(v.jeune_id, v.jeune_nom, v.jeune_naissance)
            self.partenaire.set_value(v.partenaire_id)
            self._load_tuteurs(keep=v.tuteur_id)
            set_combo(self.objectif, v.objectif)
            self.metier.setText(v.metier)
            self.debut.set_date(v.date_debut)
            self.fin.set_date(v.date_fin)
            self.heures.setValue(v.heures_hebdo)
            self.horaires.setText(v.horaires)
            self.lieu.setText(v.lieu)
            self.activites.setPlainText(v.activites)
            self.competences.setPlainText(v.competences)
            etat = f"{v.statut_libelle} — du {v.date_debut:%d/%m/%Y} au {v.fin:%d/%m/%Y}"
            if v.date_signature:
                etat += f", convention signée le {v.date_signature:%d/%m/%Y}"
            if v.suite:
                etat += f" ; bilan : {v.suite}"
            if not v.tuteur_id:
                etat += " ; tuteur : contact effacé"
            self.statut.setText(etat)
        self.tuteur_efface.setVisible(bool(v) and not v.tuteur_id)
        code = v.statut if v else None
        self.signer.setVisible(code == StatutImmersion.PROJET)
        self.renouveler.setVisible(code in (StatutImmersion.SIGNEE, StatutImmersion.EN_COURS)
                                   and v.date_fin_renouvellement is None)
        self.bilan.setVisible(code in (StatutImmersion.SIGNEE, StatutImmersion.EN_COURS, StatutImmersion.TERMINEE))
        self.annuler.setVisible(code in (StatutImmersion.PROJET, StatutImmersion.SIGNEE, StatutImmersion.EN_COURS))
        self.apercu_convention.setEnabled(v is not None)
        self.apercu_bilan.setEnabled(v is not None)

    # --- writing ---------------------------------------------------------------------------------------------

    def nouveau(self) -> None:
        self.table.clearSelection()
        self._show(None)
        self.jeune.search.setFocus()

    def values(self) -> dict[str, Any]:
        return {"jeune_id": self.jeune.jeune_id, "partenaire_id": self.partenaire.value(),
                "tuteur_id": self.tuteur.value(), "objectif": self.objectif.currentData(),
                "metier": self.metier.text(), "date_debut": self.debut.text(), "date_fin": self.fin.text(),
                "heures_hebdo": self.heures.value(), "horaires": self.horaires.text(), "lieu": self.lieu.text(),
                "activites": self.activites.toPlainText(), "competences": self.competences.toPlainText()}

    def save(self) -> None:
        from desktop_app.services.immersions.immersions import enregistrer

        profile, data, ident = self.context.profile, self.values(), self.immersion_id
        run_write(self.context, lambda: enregistrer(profile, data, ident), form=self.form, parent=self,
                  on_done=self._saved)

    def _saved(self, ident: str) -> None:
        from desktop_app.services.immersions.immersions import vue

        self.immersion_id = None
        profile = self.context.profile
        self.context.tasks.run_db(lambda: vue(profile, ident), lambda v: isValid(self) and self._show(v))
        self.refresh()

    def _after_write(self, _result=None) -> None:
        if self.immersion_id:
            self._saved(self.immersion_id)

    def sign(self) -> None:
        from desktop_app.services.immersions.immersions import signer

        if not self.immersion_id:
            return
        profile, ident = self.context.profile, self.immersion_id
        run_write(self.context, lambda: signer(profile, ident), form=self.form, parent=self,
                  on_done=self._after_write)

    def renew(self) -> None:
        from desktop_app.services.immersions.immersions import renouveler

        if not self.immersion_id:
            return
        texte, ok = QInputDialog.getText(self, "Renouveler l'immersion",
                                         "Fin du renouvellement (JJ/MM/AAAA, un mois au plus, une seule fois) :")
        if not ok:
            return
        profile, ident = self.context.profile, self.immersion_id
        run_write(self.context, lambda: renouveler(profile, ident, texte), form=self.form, parent=self,
                  on_done=self._after_write)

    def cancel(self) -> None:
        from desktop_app.services.immersions.immersions import annuler
        from desktop_app.views.kit.formulaire import confirmer

        if not self.immersion_id or not confirmer(self, "Annuler l'immersion",
                                                  "Annuler cette immersion ? Sa situation « Immersion » est retirée "
                                                  "du dossier."):
            return
        profile, ident = self.context.profile, self.immersion_id
        run_write(self.context, lambda: annuler(profile, ident), parent=self, on_done=self._after_write)

    def open_bilan(self) -> None:
        if not self.immersion_id:
            return
        dialog = BilanDialog(self.context, self.immersion_id, self.vue, self)
        dialog.finished.connect(lambda _r: self._after_write())
        dialog.open()
        self.bilan_dialog = dialog

    def _creer_entreprise(self) -> None:
        from desktop_app.services.immersions.accueil import creer_partenaire

        nom = self.partenaire.currentText().strip()
        profile = self.context.profile

        def submit(values):
            run_write(self.context, lambda: creer_partenaire(profile, values), form=dialog.form, parent=dialog,
                      on_done=lambda ident: (dialog.saved(), self._load_partenaires(keep=ident)))

        dialog = FormDialog("Nouvelle entreprise", submit, self,
                            intro="L'entreprise est ajoutée à l'annuaire des partenaires (complétez-la ensuite).")
        champ = dialog.form.add("nom", "&Nom * :", QLineEdit(nom))
        dialog.form.add("commune", "&Commune :", QLineEdit())
        dialog.form.add("telephone", "&Téléphone :", QLineEdit())
        champ.setFocus()
        dialog.open()
        self.dialog = dialog

    def _creer_tuteur(self) -> None:
        from desktop_app.services.immersions.accueil import creer_tuteur

        profile, partenaire_id = self.context.profile, self.partenaire.value()

        def submit(values):
            data = {"partenaire_id": partenaire_id, "nom": values["tuteur_nom"], "prenom": values["prenom"],
                    "fonction": values["fonction"], "telephone": values["telephone"], "email": values["email"]}
            run_write(self.context, lambda: creer_tuteur(profile, data), form=dialog.form, parent=dialog,
                      on_done=lambda ident: (dialog.saved(), self._load_tuteurs(keep=ident)))

        dialog = FormDialog("Nouveau tuteur ou nouvelle tutrice", submit, self,
                            intro=f"Chez « {self.partenaire.currentText() or '…'} ».")
        dialog.form.add("tuteur_nom", "&Nom * :", QLineEdit())
        dialog.form.add("prenom", "&Prénom :", QLineEdit())
        dialog.form.add("fonction", "&Fonction :", QLineEdit())
        dialog.form.add("telephone", "&Téléphone :", QLineEdit())
        dialog.form.add("email", "&E-mail :", QLineEdit())
        dialog.form.error_for("partenaire_id")
        dialog.open()
        self.dialog = dialog

    def _apercu(self, quoi: str) -> None:
        from desktop_app.services.immersions.documents import bilan_pdf, convention_pdf

        if not self.immersion_id:
            return
        profile, ident = self.context.profile, self.immersion_id
        build = convention_pdf if quoi == "convention" else bilan_pdf
        titre = "Convention d'immersion" if quoi == "convention" else "Bilan de l'immersion"
        preview_pdf(self.context, lambda: build(profile, ident), titre=titre,
                    nom_fichier=f"{quoi}-immersion.pdf", parent=self)

    def on_data_changed(self, kinds: frozenset[str]) -> None:
        if isValid(self) and kinds & TABLES_EMPLOI:
            self.refresh()
            if kinds & {"partenaire", "contact_partenaire"}:
                self._load_partenaires()


def _ligne(*widgets: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widgets[0], 1)
    for w in widgets[1:]:
        row.addWidget(w)
    return box


class BilanDialog(FormDialog):
    """The bilan at the end of an immersion: skills observed, assiduité, savoir-être, what follows."""

    def __init__(self, context: ShellContext, immersion_id: str, vue, parent: QWidget) -> None:
        from desktop_app.services.immersions.immersions import enregistrer_bilan

        profile = context.profile

        def submit(values):
            run_write(context, lambda: enregistrer_bilan(profile, immersion_id, values), form=self.form,
                      parent=self, on_done=self.saved)

        super().__init__("Bilan de l'immersion", submit, parent,
                         intro=f"{vue.jeune_nom} chez {vue.partenaire_nom}" if vue else "")
        self.setObjectName("dialogue_bilan")
        self.form.add("date_bilan", "&Date du bilan :", DateField(vue.date_bilan if vue else None))
        comp = self.form.add("competences_observees", "&Compétences observées :",
                             texte_long("Une compétence par ligne", 80))
        comp.setPlainText(vue.competences_observees or vue.competences if vue else "")
        self.form.add("assiduite", "&Assiduité * :", combo(AppreciationBilan.choices(), empty="—"))
        self.form.add("savoir_etre", "&Savoir-être * :", combo(AppreciationBilan.choices(), empty="—"))
        self.form.add("suite", "Suite &donnée * :", combo(SuiteImmersion.choices(), empty="—"))
        note = self.form.add("bilan_commentaire", "&Observations :", texte_long("", 70))
        if vue and vue.date_bilan:
            note.setPlainText(vue.bilan_commentaire)
            for name, label, enum in (("assiduite", vue.assiduite, AppreciationBilan),
                                      ("savoir_etre", vue.savoir_etre, AppreciationBilan),
                                      ("suite", vue.suite, SuiteImmersion)):
                set_combo(self.form.fields[name], next((c for c, l in enum.choices() if l == label), None))
