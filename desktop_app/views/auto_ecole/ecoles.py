"""The « Auto-écoles partenaires » tab: the partner driving schools with their moniteurs (a moniteur who left is
removed; a school no longer partner is marked inactive). The school's name is picked from the partners directory
as you type (its address, postcode, commune and phone fill the empty fields), or typed freely; a school typed that
is not in the directory is offered to be added to it (one click, never forced)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shiboken6 import isValid

from desktop_app.views.kit.correction import dialogue_correction, retirer_ou_remettre
from desktop_app.views.kit.droits import selon_choix, selon_droit
from desktop_app.views.kit.formulaire import (
    Form,
    FormDialog,
    confirmer,
    hbox,
    run_write,
    tant_que,
)
from desktop_app.views.shell.sections import ShellContext

if TYPE_CHECKING:
    from desktop_app.services.auto_ecole.saisies import SaisieAutoEcole

IdRole = Qt.ItemDataRole.UserRole


class AutoEcolesPanel(QWidget):
    """Partner driving schools (agrément, insurer, representative) and their moniteurs."""

    FIELDS = (("nom", "Nom"), ("numero_agrement", "N° d'agrément"), ("assureur", "Assureur"),
              ("adresse", "Adresse"), ("code_postal", "Code postal"), ("commune", "Commune"),
              ("telephone", "Téléphone"), ("representant", "Représentant (signataire)"))

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.current: str | None = None
        self.partenaire_id: str | None = None  # the directory's partner the form's name refers to
        self._lie_a = ""  # the name of that partner when it was picked (an edit of the name drops the link)
        self._annuaire: dict[str, str] = {}  # partner id -> name (the completer's list)
        self._schools: dict[str, object] = {}
        self.modifiable = self.peut_annuaire = False
        self.loaded = False
        self._affiche: dict[str, str] = {name: "" for name, _label in self.FIELDS}  # as last put in the form
        self.list = QListWidget()
        self.list.setWordWrap(True)  # a long name on two lines rather than cut with a scroll bar
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_button = QPushButton("Nouvelle auto-école")
        left = QVBoxLayout()
        left.addWidget(self.new_button)
        left.addWidget(self.list, 1)
        middle, right = self._build_school(), self._build_moniteurs()
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(middle, 3)
        layout.addWidget(right, 2)
        self._wire()

    def _build_school(self) -> QGroupBox:
        self.form = Form()
        for name, label in self.FIELDS:
            self.form.add(name, label, QLineEdit())
        from desktop_app.views.partenaires.completer import completer_annuaire

        nom = self.form.fields["nom"]
        self.completer_annuaire = completer_annuaire(self.context, nom, choisi=self._choisi,  # driving schools only
                                                     loaded=self.noms_annuaire, types=("auto_ecole",))
        nom.textEdited.connect(self._nom_modifie)
        self.lien = QLabel()
        self.lien.setObjectName("lienAnnuaireAutoEcole")
        self.lien.setWordWrap(True)
        self.lien.setStyleSheet("color: #505050;")
        self.ajouter_annuaire = QPushButton("Ajouter à l'annuaire des partenaires")
        self.ajouter_annuaire.setObjectName("ajouterAnnuaireAutoEcole")
        self.ajouter_annuaire.setVisible(False)
        self.save_button = QPushButton("Enregistrer l'auto-école")
        self.statut = QLabel()
        self.statut.setObjectName("statutAutoEcole")
        self.statut.setWordWrap(True)
        self.actif_button = QPushButton("Marquer inactive")
        middle = QGroupBox("Auto-école")
        lay = QVBoxLayout(middle)
        lay.addWidget(self.form)
        lay.addWidget(self.lien)
        lay.addWidget(self.ajouter_annuaire, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.statut)
        lay.addWidget(self.actif_button, alignment=Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        return middle

    def _build_moniteurs(self) -> QGroupBox:
        self.moniteurs = QListWidget()
        self.moniteurs.setObjectName("listeMoniteurs")
        self.retirer_button = QPushButton("Retirer le moniteur")
        self.modifier_moniteur_button = QPushButton("Modifier…")
        self.dialog: FormDialog | None = None
        self.moniteur_form = Form()
        self.moniteur_form.add("moniteur_prenom", "Prénom", QLineEdit())
        self.moniteur_form.add("moniteur_nom", "Nom", QLineEdit())
        self.moniteur_button = QPushButton("Ajouter le moniteur")
        right = QGroupBox("Moniteurs")
        lay = QVBoxLayout(right)
        lay.addWidget(self.moniteurs, 1)
        lay.addLayout(hbox(self.modifier_moniteur_button, self.retirer_button))
        lay.addWidget(self.moniteur_form)
        lay.addWidget(self.moniteur_button, alignment=Qt.AlignmentFlag.AlignLeft)
        return right

    def _wire(self) -> None:
        self.modifiable = selon_droit(self.context.profile, [self.new_button, self.save_button, self.moniteur_button,
                                                         self.actif_button, self.retirer_button,
                                                         self.modifier_moniteur_button], "mobilite.modifier")
        self.peut_annuaire = selon_droit(self.context.profile, self.ajouter_annuaire, "partenaires.modifier")
        self.new_button.clicked.connect(lambda: self._select(None))
        self.list.currentItemChanged.connect(lambda item, _p: self._select(item.data(IdRole) if item else None))
        self.save_button.clicked.connect(self.save)
        self.ajouter_annuaire.clicked.connect(self.ajouter_a_l_annuaire)
        self.moniteur_button.clicked.connect(self.add_moniteur)
        self.actif_button.clicked.connect(self.basculer_actif)
        self.retirer_button.clicked.connect(self.retirer_moniteur)
        self.modifier_moniteur_button.clicked.connect(self.modifier_moniteur)
        self.moniteurs.itemDoubleClicked.connect(lambda _i: self.modifier_moniteur() if self.modifiable else None)
        self.moniteurs.itemSelectionChanged.connect(self._update_buttons)

    def reload(self) -> None:
        from desktop_app.services.auto_ecole.partenaires import list_auto_ecoles

        profile = self.context.profile
        self.context.tasks.run_db(lambda: list_auto_ecoles(profile), tant_que(self, self._show))

    def _show(self, schools) -> None:
        self.loaded = True  # the list has come at least once (tests wait for it)
        self._schools = {s.id: s for s in schools}
        self.list.blockSignals(True)
        self.list.clear()
        for s in schools:
            inactive = "" if s.actif else " · inactive (plus partenaire)"
            item = QListWidgetItem(f"{s.nom}\nAgrément {s.numero_agrement or 'à renseigner'}{inactive}")
            item.setData(IdRole, s.id)
            if not s.actif:
                item.setForeground(QColor("#605e5c"))
            self.list.addItem(item)
            if s.id == self.current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self._saisie_en_cours():  # a refresh (a save elsewhere, a sync) never wipes what is being typed
            self._show_lien()
            return
        self._select(self.current)

    def _saisie_en_cours(self) -> bool:
        """The form holds typing not saved: it differs from what was last shown in it and from what is stored
        now (after its own save, the stored values are the typed ones: no longer « en cours »)."""
        school = self._schools.get(self.current) if self.current else None
        typed = {name: self.form.value(name) for name, _label in self.FIELDS}
        stored = {name: (getattr(school, name) or "").strip() if school else "" for name, _label in self.FIELDS}
        return typed != self._affiche and typed != stored

    def _select(self, school_id: str | None) -> None:
        from desktop_app.services.auto_ecole.partenaires import moniteurs

        self.current = school_id
        school = self._schools.get(school_id) if school_id else None
        for name, _label in self.FIELDS:
            self.form.fields[name].setText(getattr(school, name) or "" if school else "")
        self._affiche = {name: self.form.value(name) for name, _label in self.FIELDS}
        self.partenaire_id = school.partenaire_id if school else None
        self._lie_a = school.nom if school else ""
        self._show_lien()
        self.form.show_errors({})
        self.moniteur_button.setEnabled(school is not None and self.modifiable)
        if self.modifiable:
            self.moniteur_button.setToolTip("" if school is not None else
                                            "Choisissez d'abord l'auto-école dans la liste (ou enregistrez-la).")
            self.actif_button.setToolTip("" if school is not None else "Choisissez d'abord l'auto-école dans la liste.")
        if school is None:
            self.statut.setText("")
        elif school.actif:
            self.statut.setText("Partenaire actif : proposée pour les nouveaux parcours.")
        else:
            self.statut.setText("Inactive : n'est plus proposée pour un nouveau parcours ; les parcours déjà "
                                "engagés la gardent.")
        self.actif_button.setText("Réactiver" if school is not None and not school.actif else "Marquer inactive")
        self.moniteurs.clear()
        self._update_buttons()
        profile = self.context.profile
        self.context.tasks.run_db(lambda: moniteurs(profile, school_id) if school_id else [],
                              tant_que(self, lambda items: self._show_moniteurs(items)
                                       if self.current == school_id else None))

    def _show_moniteurs(self, items) -> None:
        self.moniteurs.clear()
        for m in items:
            item = QListWidgetItem(f"{m.prenom or ''} {m.nom}".strip())
            item.setData(IdRole, m.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, (m.prenom or "", m.nom))
            self.moniteurs.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.actif_button.setEnabled(self.current is not None and self.modifiable)
        chosen = bool(self.moniteurs.selectedItems())
        selon_choix((self.retirer_button, self.modifier_moniteur_button), chosen, self.modifiable, "un moniteur")

    def basculer_actif(self) -> None:
        from desktop_app.services.auto_ecole.partenaires import set_auto_ecole_active

        school = self._schools.get(self.current) if self.current else None
        if school is None:
            return
        retirer_ou_remettre(
            self, school, set_auto_ecole_active, titre="Marquer l'auto-école inactive",
            texte=f"« {school.nom} » ne sera plus proposée pour un nouveau parcours. Les parcours déjà engagés "
                  "avec elle la gardent (contrat, suivi). Continuer ?")

    def modifier_moniteur(self) -> None:
        from desktop_app.services.auto_ecole.partenaires import modifier_moniteur

        items = self.moniteurs.selectedItems()
        if not items:
            return
        moniteur_id = items[0].data(IdRole)
        prenom, nom = items[0].data(Qt.ItemDataRole.UserRole + 1)
        dialog = dialogue_correction(self, "Modifier le moniteur", lambda p, values: modifier_moniteur(
            p, moniteur_id, nom=values["moniteur_nom"], prenom=values["moniteur_prenom"]))
        dialog.form.add("moniteur_prenom", "Prénom", QLineEdit(prenom))
        dialog.form.add("moniteur_nom", "Nom", QLineEdit(nom))
        dialog.open()

    def retirer_moniteur(self) -> None:
        from desktop_app.services.auto_ecole.partenaires import retirer_moniteur

        items = self.moniteurs.selectedItems()
        if not items:
            return
        nom, moniteur_id = items[0].text(), items[0].data(IdRole)
        if not confirmer(self, "Retirer le moniteur",
                         f"Retirer {nom} de la liste des moniteurs ? Il ne sera plus proposé ; les parcours qu'il "
                         "a suivis gardent son nom."):
            return
        profile = self.context.profile
        run_write(self.context, lambda: retirer_moniteur(profile, moniteur_id), parent=self)

    # --- the partners directory ------------------------------------------------------------------------------

    def recharger_annuaire(self) -> None:
        self.completer_annuaire.charger(self.context, self.noms_annuaire)

    def noms_annuaire(self, names) -> None:
        self._annuaire = dict(names)
        self._show_lien()

    def _choisi(self, partenaire_id: str, nom: str) -> None:
        """A partner picked in the list: linked, and its address, postcode, commune and phone fill the empty
        fields (read off the UI thread)."""
        from desktop_app.services.partenaires.annuaire import fiche

        self.partenaire_id, self._lie_a = partenaire_id, nom
        self._show_lien()
        profile = self.context.profile

        def fill(result) -> None:
            if not isValid(self) or self.partenaire_id != partenaire_id:
                return
            p = result.partenaire
            from desktop_app.domain.validation import format_phone

            for name, value in (("adresse", p.adresse), ("code_postal", p.code_postal), ("commune", p.commune),
                                ("telephone", format_phone(p.telephone) if p.telephone else None)):
                if value and not self.form.value(name):
                    self.form.fields[name].setText(value)

        self.context.tasks.run_db(lambda: fiche(profile, partenaire_id), fill, lambda _exc: None)

    def _nom_modifie(self, text: str) -> None:
        if self.partenaire_id and text.strip() != self._lie_a.strip():
            self.partenaire_id = None  # the service links the new name if it names one partner
            self._show_lien()

    def _show_lien(self) -> None:
        school = self._schools.get(self.current) if self.current else None
        if self.partenaire_id:
            nom = self._annuaire.get(self.partenaire_id)
            self.lien.setText(f"Dans l'annuaire des partenaires : {nom}." if nom
                              else "Dans l'annuaire des partenaires.")
        elif school is not None:
            self.lien.setText("Pas dans l'annuaire des partenaires (nom tapé librement).")
        else:
            self.lien.setText("")
        offer = (school is not None and not school.partenaire_id and not self.partenaire_id and self.modifiable
                 and self.peut_annuaire)
        self.ajouter_annuaire.setVisible(offer)

    def ajouter_a_l_annuaire(self) -> None:
        from desktop_app.services.auto_ecole.partenaires import ajouter_a_l_annuaire

        profile, current = self.context.profile, self.current
        if current is None:
            return

        def done(school) -> None:
            if isValid(self):
                self._annuaire[school.partenaire_id] = school.nom
                if self.current == school.id:
                    self.partenaire_id, self._lie_a = school.partenaire_id, school.nom
                    self._show_lien()

        run_write(self.context, lambda: ajouter_a_l_annuaire(profile, current), form=self.form, parent=self,
                  on_done=done)

    def save(self) -> None:
        from desktop_app.services.auto_ecole.partenaires import save_auto_ecole

        values: SaisieAutoEcole = {n: self.form.value(n) for n, _l in self.FIELDS}
        values["partenaire_id"] = self.partenaire_id
        profile, current = self.context.profile, self.current

        def done(school_id: str) -> None:
            self.current = school_id

        run_write(self.context, lambda: save_auto_ecole(profile, values, auto_ecole_id=current).id,
                  form=self.form, parent=self, on_done=done)

    def add_moniteur(self) -> None:
        from desktop_app.services.auto_ecole.partenaires import add_moniteur

        nom, prenom = self.moniteur_form.value("moniteur_nom"), self.moniteur_form.value("moniteur_prenom")
        profile, current = self.context.profile, self.current
        run_write(self.context, lambda: add_moniteur(profile, current, nom=nom, prenom=prenom),
                  form=self.moniteur_form, parent=self,
                  on_done=lambda _r: [self.moniteur_form.fields[n].clear()
                                      for n in ("moniteur_nom", "moniteur_prenom")])
