"""The Événements tab: employment events (recruitment days, forums, job datings…) — the event's form, then its
companies and posts, invited jeunes and check-in, preparation sessions, interviews and hires, and the report."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import (
    IssueEntretien,
    ResultatTroisMois,
    ThemePreparation,
    TypeContrat,
    TypeEvenementEmploi,
)
from desktop_app.services.immersions.accueil import Choix
from desktop_app.views.emploi.commun import TABLES_EMPLOI, ChoixCombo, texte_long
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import DateField, Form, combo, preview_pdf, run_write, set_combo
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.tableaux import IdRole, id_selectionne, remplir, tableau
from desktop_app.views.shell.sections import ShellContext


def _boutons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


class EvenementsTab(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("onglet_evenements")
        self.evenement_id: str | None = None
        self.vue = None
        self._build()
        context.bus.data_changed.connect(self.on_data_changed)
        self.refresh()
        self._load_partenaires()

    # --- construction ------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.nouvel = QPushButton("&Nouvel événement")
        self.liste = tableau(("Événement", "Date", "Entreprises", "Postes", "Invités", "Présents"), stretch=0,
                             name="table_evenements")
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.nouvel)
        col.addWidget(self.liste, 1)

        self.form = Form()
        self.type = combo(TypeEvenementEmploi.choices(), empty="—")
        self.intitule = QLineEdit()
        self.date, self.date_fin = DateField(), DateField()
        self.heure_debut, self.heure_fin = QLineEdit("09:00"), QLineEdit("17:00")
        for h in (self.heure_debut, self.heure_fin):
            h.setMaximumWidth(80)
            h.setPlaceholderText("HH:MM")
        self.lieu = QLineEdit()
        self.objectif = QLineEdit()
        self.objectif.setMaximumWidth(80)
        self.form.add("type", "&Type * :", self.type)
        self.form.add("intitule", "&Intitulé * :", self.intitule)
        self.form.add("date", "&Date * :", self.date)
        self.form.add("date_fin", "Date de f&in :", self.date_fin)
        self.form.add("heure_debut", "De (&heure) * :", self.heure_debut)
        self.form.add("heure_fin", "À (heure) * :", self.heure_fin)
        self.form.add("lieu", "&Lieu :", self.lieu)
        self.form.add("objectif_jeunes", "Jeunes &visés :", self.objectif)
        self.enregistrer = QPushButton("&Enregistrer l'événement")
        self.enregistrer.setDefault(True)
        self.apercu = QPushButton("Aperçu du &bilan")
        self.supprimer = QPushButton("Supprimer l'événement…")
        self.resume = QLabel()
        self.resume.setObjectName("resume_evenement")
        self.resume.setWordWrap(True)

        self.onglets = QTabWidget()
        self.onglets.addTab(self._entreprises(), "Entreprises et postes")
        self.onglets.addTab(self._invites(), "Jeunes invités")
        self.onglets.addTab(self._preparations(), "Préparations")
        self.onglets.addTab(self._entretiens(), "Entretiens")
        selon_droit(self.context.profile, [self.enregistrer, self.supprimer, self.retirer_entreprise, self.ajouter_entreprise, self.inviter, self.present,
                                           self.absent, self.ajouter_preparation, self.ajouter_entretien,
                                           self.noter_resultat], "emploi.modifier")

        detail = QWidget()
        right = QVBoxLayout(detail)
        right.setContentsMargins(0, 0, 0, 0)
        haut = QHBoxLayout()
        haut.addWidget(self.form, 1)
        droite = QVBoxLayout()
        droite.addWidget(self.resume)
        droite.addLayout(_boutons(self.enregistrer))
        droite.addLayout(_boutons(self.apercu, self.supprimer))
        droite.addStretch(1)
        haut.addLayout(droite, 1)
        right.addLayout(haut)
        right.addWidget(self.onglets, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(detail)
        splitter.setSizes([360, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)

        self.nouvel.clicked.connect(self.nouveau)
        self.liste.itemSelectionChanged.connect(self._selected)
        self.enregistrer.clicked.connect(self.save)
        self.apercu.clicked.connect(self._apercu)
        self.supprimer.clicked.connect(self._supprimer)
        self._show(None)

    def _entreprises(self) -> QWidget:
        page = QWidget()
        self.form_entreprise = Form()
        self.entreprise = ChoixCombo("Tapez le nom de l'entreprise…")
        self.entreprise.setAccessibleName("Entreprise présente")
        self.nb_postes = QSpinBox()
        self.nb_postes.setRange(0, 999)
        self.postes = texte_long("Un intitulé de poste par ligne", 54)
        self.form_entreprise.add("partenaire_id", "E&ntreprise :", self.entreprise)
        self.form_entreprise.add("nb_postes", "Nom&bre de postes :", self.nb_postes)
        self.form_entreprise.add("postes", "&Postes proposés :", self.postes)
        self.ajouter_entreprise = QPushButton("&Ajouter l'entreprise")
        self.retirer_entreprise = QPushButton("Retirer l'entreprise choisie")
        self.table_entreprises = tableau(("Entreprise", "Postes", "Intitulés"), stretch=2, name="table_entreprises")
        col = QVBoxLayout(page)
        col.addWidget(self.form_entreprise)
        col.addLayout(_boutons(self.ajouter_entreprise, self.retirer_entreprise))
        col.addWidget(self.table_entreprises, 1)
        self.ajouter_entreprise.clicked.connect(self._add_entreprise)
        self.retirer_entreprise.clicked.connect(self._remove_entreprise)
        return page

    def _invites(self) -> QWidget:
        page = QWidget()
        self.picker = JeunePicker(self.context, compact=True, results_height=80)
        self.a_inviter: dict[str, str] = {}
        self.panier = QLabel("Aucun jeune choisi.")
        self.panier.setObjectName("jeunes_a_inviter")
        self.panier.setWordWrap(True)
        self.inviter = QPushButton("&Inviter (convocation)")
        self.table_invites = tableau(("Jeune", "Présence", "Entretiens", "À 3 mois"), stretch=0,
                                     name="table_invites")
        self.present = QPushButton("&Présent·e")
        self.absent = QPushButton("Ab&sent·e")
        self.resultat = combo(ResultatTroisMois.choices(), empty="—")
        self.resultat.setAccessibleName("Situation à 3 mois")
        self.noter_resultat = QPushButton("Noter la situation à &3 mois")
        self.erreur_invites = QLabel()
        self.erreur_invites.setObjectName("erreur_invites")
        self.erreur_invites.setStyleSheet("color: #b00020")
        self.erreur_invites.setWordWrap(True)
        col = QVBoxLayout(page)
        col.addWidget(QLabel("Chercher un jeune puis Entrée pour l'ajouter à l'invitation :"))
        col.addWidget(self.picker)
        col.addWidget(self.panier)
        col.addLayout(_boutons(self.inviter))
        col.addWidget(self.table_invites, 1)
        col.addLayout(_boutons(self.present, self.absent, self.resultat, self.noter_resultat))
        col.addWidget(self.erreur_invites)
        self.picker.chosen.connect(self._ajouter_au_panier)
        self.inviter.clicked.connect(self._inviter)
        self.present.clicked.connect(lambda: self._pointer("present"))
        self.absent.clicked.connect(lambda: self._pointer("absent"))
        self.noter_resultat.clicked.connect(self._noter_resultat)
        return page

    def _preparations(self) -> QWidget:
        page = QWidget()
        self.form_preparation = Form()
        self.theme = combo(ThemePreparation.choices(), empty="—")
        self.date_preparation = DateField()
        self.prep_debut, self.prep_fin = QLineEdit("14:00"), QLineEdit("17:00")
        self.form_preparation.add("theme", "&Thème :", self.theme)
        self.form_preparation.add("date", "&Date :", self.date_preparation)
        self.form_preparation.add("heure_debut", "De :", self.prep_debut)
        self.form_preparation.add("heure_fin", "À :", self.prep_fin)
        for heure in (self.prep_debut, self.prep_fin):
            heure.setPlaceholderText("HH:MM")
            heure.setMaximumWidth(80)
        self.form_preparation.error_for("jeune_ids")
        self.ajouter_preparation = QPushButton("&Ajouter et convoquer les invités")
        self.table_preparations = tableau(("Thème", "Date", "Horaires", "Convoqués", "Présents"), stretch=0,
                                          name="table_preparations")
        self.table_preparations.setMinimumHeight(110)  # three sessions at least, even on a 720 px screen
        self.preparation_id: str | None = None
        self.feuille = None  # the attendance sheet shown (services.evenements.presences.FeuillePresence)
        self.presences_box = QGroupBox("Présences à la séance choisie")
        self.presences_info = QLabel("Choisissez une séance dans la liste pour pointer les présences.")
        self.presences_info.setObjectName("info_presences_preparation")
        self.presences_info.setWordWrap(True)
        self.table_presences = tableau(("Jeune convoqué", "Présence"), stretch=0, name="table_presences_preparation")
        self.table_presences.setMinimumHeight(120)
        self.erreur_presences = QLabel()
        self.erreur_presences.setObjectName("erreur_presences_preparation")
        self.erreur_presences.setWordWrap(True)
        self.erreur_presences.setStyleSheet("color: #b00020;")
        self.enregistrer_presences = QPushButton("Enregistrer les &présences")
        self.enregistrer_presences.setObjectName("enregistrer_presences_preparation")
        self.enregistrer_presences.setEnabled(False)
        box = QVBoxLayout(self.presences_box)
        box.addWidget(self.presences_info)
        box.addWidget(self.table_presences, 1)
        box.addWidget(self.erreur_presences)
        box.addLayout(_boutons(self.enregistrer_presences))
        col = QVBoxLayout(page)
        col.addWidget(self.form_preparation)
        col.addLayout(_boutons(self.ajouter_preparation))
        col.addWidget(self.table_preparations, 1)
        col.addWidget(self.presences_box, 1)
        self.ajouter_preparation.clicked.connect(self._add_preparation)
        self.table_preparations.itemSelectionChanged.connect(self._preparation_choisie)
        self.enregistrer_presences.clicked.connect(self._save_presences)
        return page

    # --- attendance at a preparation session ---------------------------------------------------------------------

    def _preparation_choisie(self) -> None:
        ident = id_selectionne(self.table_preparations)
        if ident != self.preparation_id:
            self.preparation_id = ident
            self._load_feuille()

    def _load_feuille(self) -> None:
        from desktop_app.services.evenements.presences import feuille

        ident = self.preparation_id
        if not ident:
            self._show_feuille(None)
            return
        profile = self.context.profile
        self.context.tasks.run_db(lambda: feuille(profile, ident),
                                  lambda f: isValid(self) and f.preparation_id == self.preparation_id
                                  and self._show_feuille(f), droppable=True)

    def _show_feuille(self, f) -> None:
        from desktop_app.services.evenements.presences import NON_POINTE, POINTAGES

        self.feuille = f
        self.erreur_presences.clear()
        self.table_presences.setRowCount(0)
        if f is None:
            self.presences_info.setText("Choisissez une séance dans la liste pour pointer les présences.")
            self.enregistrer_presences.setEnabled(False)
            return
        presents = sum(1 for l in f.lignes if l.statut == "honore")
        self.presences_info.setText(
            f"{f.theme} du {f.date:%d/%m/%Y} : {len(f.lignes)} jeune(s) convoqué(s), {presents} présent(s)."
            + (f" {f.a_venir}" if f.a_venir else ""))
        peut = selon_droit(self.context.profile, self.enregistrer_presences, "emploi.modifier")
        self.table_presences.setRowCount(len(f.lignes))
        for row, l in enumerate(f.lignes):
            item = QTableWidgetItem(l.jeune)
            item.setData(IdRole, l.jeune_id)
            self.table_presences.setItem(row, 0, item)
            choix = QComboBox()
            choix.setAccessibleName(f"Présence de {l.jeune}")
            for code, label in (NON_POINTE, *POINTAGES):
                choix.addItem(label, code)
            if choix.findData(l.statut) < 0:  # annulé, reporté: shown as it is
                choix.addItem(l.statut_libelle, l.statut)
            choix.setCurrentIndex(choix.findData(l.statut))
            choix.setEnabled(peut and not f.a_venir)
            if f.a_venir:
                choix.setToolTip(f.a_venir)
            self.table_presences.setCellWidget(row, 1, choix)
        self.table_presences.resizeColumnsToContents()
        self.enregistrer_presences.setEnabled(peut and not f.a_venir and bool(f.lignes))
        self.enregistrer_presences.setToolTip(f.a_venir or "")

    def presences_saisies(self) -> dict[str, str]:
        out = {}
        for row in range(self.table_presences.rowCount()):
            jeune_id = self.table_presences.item(row, 0).data(IdRole)
            out[jeune_id] = self.table_presences.cellWidget(row, 1).currentData()
        return out

    def _save_presences(self) -> None:
        from desktop_app.services.evenements.presences import pointer_preparation

        if not self.preparation_id:
            return
        profile, ident, statuts = self.context.profile, self.preparation_id, self.presences_saisies()
        self.erreur_presences.clear()

        def failed(exc: BaseException) -> None:
            from desktop_app.views.kit.operation import show_failure

            if not isValid(self):
                return
            errors = getattr(exc, "errors", None)
            if errors:
                self.erreur_presences.setText(" ".join(errors.values()))
            else:
                show_failure(exc, parent=self)

        run_write(self.context, lambda: pointer_preparation(profile, ident, statuts), parent=self,
                  on_done=lambda _n: isValid(self) and self._load_feuille(), on_error=failed)

    def _entretiens(self) -> QWidget:
        page = QWidget()
        self.form_entretien = Form()
        self.entretien_jeune = ChoixCombo("Un jeune invité")
        self.entretien_jeune.setAccessibleName("Jeune reçu en entretien")
        self.entretien_entreprise = ChoixCombo("Une entreprise présente")
        self.entretien_entreprise.setAccessibleName("Entreprise qui reçoit")
        self.poste = QLineEdit()
        self.issue = combo(IssueEntretien.choices())
        self.type_contrat = combo(TypeContrat.choices(), empty="—")
        self.duree = QLineEdit()
        self.duree.setMaximumWidth(80)
        self.date_embauche = DateField()
        self.form_entretien.add("jeune_id", "&Jeune :", self.entretien_jeune)
        self.form_entretien.add("partenaire_id", "E&ntreprise :", self.entretien_entreprise)
        self.form_entretien.add("poste", "&Poste :", self.poste)
        self.form_entretien.add("issue", "&Issue :", self.issue)
        self.form_entretien.add("type_contrat", "&Contrat (embauche) :", self.type_contrat)
        self.form_entretien.add("duree_contrat_mois", "Durée (&mois) :", self.duree)
        self.form_entretien.add("date_embauche", "Date d'&embauche :", self.date_embauche)
        self.ajouter_entretien = QPushButton("Enregistrer l'en&tretien")
        self.table_entretiens = tableau(("Jeune", "Entreprise", "Poste", "Issue"), stretch=2,
                                        name="table_entretiens")
        col = QVBoxLayout(page)
        col.addWidget(self.form_entretien)
        col.addLayout(_boutons(self.ajouter_entretien))
        col.addWidget(self.table_entretiens, 1)
        self.ajouter_entretien.clicked.connect(self._add_entretien)
        return page

    # --- reading -----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        from desktop_app.services.evenements.evenements import evenements

        profile = self.context.profile
        self.context.tasks.run_db(lambda: evenements(profile), self._fill, droppable=True)
        if self.evenement_id:
            self._load(self.evenement_id)

    def _fill(self, rows) -> None:
        if not isValid(self):
            return
        remplir(self.liste, ((r.id, (r.intitule, f"{r.date:%d/%m/%Y}", r.entreprises, r.postes, r.invites,
                                     r.presents)) for r in rows), keep=self.evenement_id)

    def _load_partenaires(self) -> None:
        from desktop_app.services.immersions.accueil import partenaires

        profile = self.context.profile
        self.context.tasks.run_db(lambda: partenaires(profile),
                                  lambda rows: isValid(self) and self.entreprise.set_choices(rows), droppable=True)

    def _selected(self) -> None:
        ident = id_selectionne(self.liste)
        if ident and ident != self.evenement_id:
            self._load(ident, ouvrir=True)

    def _load(self, ident: str, *, ouvrir: bool = False) -> None:
        from desktop_app.services.evenements import evenements as service

        profile = self.context.profile
        read = service.ouvrir if ouvrir else service.vue
        self.context.tasks.run_db(lambda: read(profile, ident), lambda v: isValid(self) and self._show(v))

    def _show(self, v) -> None:
        self.vue = v
        self.evenement_id = v.id if v else None
        self.onglets.setEnabled(v is not None)
        self.apercu.setEnabled(v is not None)
        self.supprimer.setVisible(v is not None)
        if v is None:
            self.form.show_errors({})
            set_combo(self.type, None)
            for w in (self.intitule, self.lieu, self.objectif):
                w.clear()
            self.date.set_date(None)
            self.date_fin.set_date(None)
            self.resume.setText("Nouvel événement : enregistrez-le, puis ajoutez les entreprises et invitez les jeunes.")
            for t in (self.table_entreprises, self.table_invites, self.table_preparations, self.table_entretiens):
                t.setRowCount(0)
            self.preparation_id = None
            self._show_feuille(None)
            return
        set_combo(self.type, v.type)
        self.intitule.setText(v.intitule)
        self.date.set_date(v.date)
        self.date_fin.set_date(v.date_fin)
        self.heure_debut.setText(f"{v.heure_debut:%H:%M}")
        self.heure_fin.setText(f"{v.heure_fin:%H:%M}")
        self.lieu.setText(v.lieu)
        self.objectif.setText("" if v.objectif_jeunes is None else str(v.objectif_jeunes))
        presents = sum(1 for i in v.invitations if i.presence == "present")
        embauches = sum(1 for e in v.entretiens if e.issue == "embauche")
        self.resume.setText(
            f"{v.type_libelle} — {len(v.entreprises)} entreprise(s), {sum(e.nb_postes for e in v.entreprises)} "
            f"poste(s) ; {len(v.invitations)} jeune(s) invité(s)"
            + (f" pour {v.objectif_jeunes} visé(s)" if v.objectif_jeunes else "")
            + f", {presents} présent(s) ; {len(v.entretiens)} entretien(s), {embauches} embauche(s).")
        remplir(self.table_entreprises, ((e.id, (e.nom, e.nb_postes, e.postes.replace("\n", ", ")))
                                         for e in v.entreprises))
        remplir(self.table_invites, ((i.id, (i.jeune, i.presence_libelle, i.entretiens, i.resultat_3_mois))
                                     for i in v.invitations))
        if self.preparation_id not in {p.id for p in v.preparations}:
            self.preparation_id = None
            self._show_feuille(None)
        remplir(self.table_preparations, ((p.id, (p.theme, f"{p.date:%d/%m/%Y}",
                                                  f"{p.heure_debut:%H:%M} – {p.heure_fin:%H:%M}", p.convoques,
                                                  p.presents)) for p in v.preparations), keep=self.preparation_id)
        remplir(self.table_entretiens, ((e.id, (e.jeune, e.entreprise, e.poste, e.issue_libelle))
                                        for e in v.entretiens))
        self.entretien_jeune.set_choices([Choix(i.jeune_id, i.jeune) for i in v.invitations])
        self.entretien_entreprise.set_choices([Choix(e.partenaire_id, e.nom) for e in v.entreprises])

    # --- writing -----------------------------------------------------------------------------------------------

    def nouveau(self) -> None:
        self.liste.clearSelection()
        self._show(None)
        self.type.setFocus()

    def values(self) -> dict[str, Any]:
        return {name: self.form.value(name) for name in self.form.fields}

    def save(self) -> None:
        from desktop_app.services.evenements.evenements import enregistrer

        profile, data, ident = self.context.profile, self.values(), self.evenement_id
        run_write(self.context, lambda: enregistrer(profile, data, ident), form=self.form, parent=self,
                  on_done=lambda new_id: self._load(new_id))

    def _add_entreprise(self) -> None:
        from desktop_app.services.evenements.evenements import ajouter_entreprise

        profile, ident = self.context.profile, self.evenement_id
        data = {"partenaire_id": self.entreprise.value(), "nb_postes": self.nb_postes.value(),
                "postes": self.postes.toPlainText()}

        def done(_r) -> None:
            self.entreprise.set_value(None)
            self.nb_postes.setValue(0)
            self.postes.clear()
            self.entreprise.setFocus()

        run_write(self.context, lambda: ajouter_entreprise(profile, ident, data), form=self.form_entreprise,
                  parent=self, on_done=done)

    def _remove_entreprise(self) -> None:
        from desktop_app.services.evenements.evenements import retirer_entreprise

        ident = id_selectionne(self.table_entreprises)
        if not ident:
            self.form_entreprise.show_errors({"partenaire_id": "Choisissez d'abord l'entreprise dans la liste."})
            return
        profile = self.context.profile
        run_write(self.context, lambda: retirer_entreprise(profile, ident), form=self.form_entreprise, parent=self)

    def _supprimer(self) -> None:
        from desktop_app.services.evenements.evenements import supprimer
        from desktop_app.views.kit.formulaire import confirmer

        if not self.evenement_id or not confirmer(self, "Supprimer l'événement",
                                                  f"Supprimer « {self.vue.intitule} » ? Ses invitations restent "
                                                  "dans l'agenda des jeunes."):
            return
        profile, ident = self.context.profile, self.evenement_id
        run_write(self.context, lambda: supprimer(profile, ident), parent=self, on_done=lambda _r: self._show(None))

    def _ajouter_au_panier(self, jeune_id: str, nom: str) -> None:
        self.a_inviter[jeune_id] = nom
        self.panier.setText("À inviter : " + ", ".join(self.a_inviter.values()))
        self.picker.search.clear()
        self.picker.search.setFocus()

    def _inviter(self) -> None:
        from desktop_app.services.evenements.evenements import inviter

        profile, ident, jeunes = self.context.profile, self.evenement_id, list(self.a_inviter)

        def done(fait) -> None:
            self.a_inviter.clear()
            phrase = f"{fait.invites} jeune(s) invité(s) et convoqué(s)."
            if fait.deja_invites:
                phrase += f" {fait.deja_invites} l'étai(en)t déjà."
            self.panier.setText(" ".join([phrase, *fait.avertissements]))

        self.erreur_invites.clear()
        run_write(self.context, lambda: inviter(profile, ident, jeunes), parent=self, on_done=done,
                  on_error=self._erreur)

    def _erreur(self, exc: BaseException) -> None:
        from desktop_app.views.kit.operation import show_failure

        errors = getattr(exc, "errors", None)
        if errors:
            self.erreur_invites.setText(" ".join(errors.values()))
        else:
            show_failure(exc, parent=self)

    def _pointer(self, presence: str) -> None:
        from desktop_app.services.evenements.evenements import pointer

        ident = id_selectionne(self.table_invites)
        if not ident:
            self.erreur_invites.setText("Choisissez d'abord un jeune dans la liste.")
            return
        self.erreur_invites.clear()
        profile = self.context.profile
        run_write(self.context, lambda: pointer(profile, ident, presence), parent=self, on_error=self._erreur)

    def _noter_resultat(self) -> None:
        from desktop_app.services.evenements.evenements import noter_resultat

        ident = id_selectionne(self.table_invites)
        if not ident:
            self.erreur_invites.setText("Choisissez d'abord un jeune dans la liste.")
            return
        profile, code = self.context.profile, self.resultat.currentData()
        run_write(self.context, lambda: noter_resultat(profile, ident, code), parent=self, on_error=self._erreur)

    def _add_preparation(self) -> None:
        from desktop_app.services.evenements.evenements import ajouter_preparation

        profile, ident = self.context.profile, self.evenement_id
        data = {"theme": self.theme.currentData(), "date": self.date_preparation.text(),
                "heure_debut": self.prep_debut.text(), "heure_fin": self.prep_fin.text()}
        run_write(self.context, lambda: ajouter_preparation(profile, ident, data), form=self.form_preparation,
                  parent=self)

    def _add_entretien(self) -> None:
        from desktop_app.services.evenements.evenements import enregistrer_entretien

        profile, ident = self.context.profile, self.evenement_id
        data = {"jeune_id": self.entretien_jeune.value(), "partenaire_id": self.entretien_entreprise.value(),
                "poste": self.poste.text(), "issue": self.issue.currentData(),
                "type_contrat": self.type_contrat.currentData(), "duree_contrat_mois": self.duree.text(),
                "date_embauche": self.date_embauche.text()}

        def done(_r) -> None:
            self.poste.clear()
            self.entretien_jeune.set_value(None)
            set_combo(self.issue, "en_attente")
            self.entretien_jeune.setFocus()

        run_write(self.context, lambda: enregistrer_entretien(profile, ident, data), form=self.form_entretien,
                  parent=self, on_done=done)

    def _apercu(self) -> None:
        from desktop_app.services.evenements.bilan import bilan_pdf

        if not self.evenement_id:
            return
        profile, ident = self.context.profile, self.evenement_id
        preview_pdf(self.context, lambda: bilan_pdf(profile, ident), titre="Bilan de l'événement",
                    nom_fichier="bilan-evenement.pdf", parent=self)

    def on_data_changed(self, kinds: frozenset[str]) -> None:
        if isValid(self) and kinds & (TABLES_EMPLOI | {"rendez_vous", "rendez_vous_participant"}):
            self.refresh()
            if "partenaire" in kinds:
                self._load_partenaires()
