"""The parrainage contract form: jeune, conseiller, suggested parrains, objectives with expected results,
duration, rhythm, places and consents; refusals shown beside each field."""
from __future__ import annotations

from typing import TYPE_CHECKING


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import ObjectifParrainage
from desktop_app.services.parrainage.contrats import FORMULES
from desktop_app.views.kit.boutons import dialog_buttons
from desktop_app.views.kit.champs import Champ, CodeCombo, DateField
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.operation import run_write
from desktop_app.views.kit.tableaux import show_errors
from desktop_app.views.kit.widgets import FieldError
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.parrainage.saisies import SaisieContrat


class ObjectifsBox(QGroupBox):
    """One line per barrier: tick it and write the expected result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Objectifs : freins à lever et résultats attendus", parent)
        grid = QGridLayout(self)
        self.lignes: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        for row, member in enumerate(ObjectifParrainage):
            box, resultat = QCheckBox(member.label), QLineEdit()
            resultat.setPlaceholderText("Résultat attendu")
            resultat.setEnabled(False)
            box.toggled.connect(resultat.setEnabled)
            grid.addWidget(box, row, 0)
            grid.addWidget(resultat, row, 1)
            self.lignes[member.value] = (box, resultat)
        grid.setColumnStretch(1, 1)
        self.message = FieldError()
        grid.addWidget(self.message, len(self.lignes), 0, 1, 2)
        self.setFocusProxy(self.lignes[ObjectifParrainage.ILLETTRISME.value][0])

    def value(self) -> list[tuple[str, str]]:
        return [(code, r.text()) for code, (box, r) in self.lignes.items() if box.isChecked()]

    def set_value(self, objectifs) -> None:
        chosen = {o.objectif: o.resultat_attendu for o in objectifs}
        for code, (box, resultat) in self.lignes.items():
            box.setChecked(code in chosen)
            resultat.setText(chosen.get(code, ""))

    def show_error(self, text: str) -> None:
        self.message.show_message(text)

    def clear(self) -> None:
        self.message.clear_message()


class ContratDialog(QDialog):
    """Create a contract, or edit ``vue`` (a ContratVue). Accepted once the service stored it."""

    def __init__(self, context, parent: QWidget | None = None, *, vue=None) -> None:
        super().__init__(parent)
        self.context = context
        self.vue = vue
        self.parrainage_id: str | None = vue.id if vue else None
        self.setWindowTitle("Modifier le contrat de parrainage" if vue else "Nouveau contrat de parrainage")
        self.resize(860, 640)
        self.jeune = JeunePicker(context, "Nom ou prénom du jeune", accessible_name="Chercher le jeune", limit=12,
                                 show_choice=True, results_height=96)
        self.conseiller = CodeCombo([], empty=None)
        self.secteur = QComboBox()
        self.secteur.setEditable(True)
        self.secteur.lineEdit().setPlaceholderText("Secteur souhaité par le jeune")
        self.dispo = QLineEdit()
        self.dispo.setPlaceholderText("Disponibilités du jeune (ex. samedi, fin d'après-midi)")
        self.parrain = QComboBox()
        self.parrain.setObjectName("choixParrain")
        self.objectifs = ObjectifsBox()
        self.formule = QComboBox()
        for code, (label, _d, _p) in FORMULES.items():
            self.formule.addItem(label, code)
        self.debut = DateField()
        self.debut.set_value(aujourdhui(self.context.profile))
        self.rythme_jours = QSpinBox()
        self.rythme_jours.setRange(7, 92)
        self.rythme_jours.setValue(30)
        self.rythme_jours.setSuffix(" jours au plus entre deux rencontres")
        self.rythme = QLineEdit()
        self.rythme.setPlaceholderText("ex. deux heures par mois")
        self.lieux = QLineEdit()
        self.lieux.setPlaceholderText("ex. médiathèque, locaux de la Mission Locale")
        self.consent_jeune = QCheckBox("Le jeune accepte d'entrer en parrainage")
        self.date_consent = DateField()
        self.consent_rep = QCheckBox("Le représentant légal donne son accord (jeune mineur)")
        self.mineur = QLabel()
        self.mineur.setWordWrap(True)
        self.champs = {
            "jeune": Champ(self.jeune), "conseiller": Champ(self.conseiller), "parrain": Champ(self.parrain),
            "objectifs": self.objectifs, "formule": Champ(self.formule), "date_debut": Champ(self.debut),
            "rythme_jours": Champ(self.rythme_jours), "consentement_jeune": Champ(self.consent_jeune),
            "date_consentement": Champ(self.date_consent), "consentement_representant": Champ(self.consent_rep)}
        self.message = FieldError()
        self._build_layout()
        self.secteur.currentTextChanged.connect(lambda _t: self._suggest())
        self.dispo.editingFinished.connect(self._suggest)
        self.jeune.changed.connect(self._jeune_changed)
        self._load_choices()

    def _build_layout(self) -> None:
        parties = QFormLayout()
        parties.addRow("Jeune", self.champs["jeune"])
        parties.addRow("Conseiller·ère", self.champs["conseiller"])
        besoin = QHBoxLayout()
        besoin.addWidget(self.secteur, 1)
        besoin.addWidget(self.dispo, 2)
        parties.addRow("Pour suggérer", besoin)
        parties.addRow("Parrain ou marraine", self.champs["parrain"])
        duree = QFormLayout()
        duree.addRow("Durée", self.champs["formule"])
        duree.addRow("Début", self.champs["date_debut"])
        duree.addRow("Rythme", self.champs["rythme_jours"])
        duree.addRow("Rythme écrit au contrat", self.rythme)
        duree.addRow("Lieux des rencontres", self.lieux)
        accords = QFormLayout()
        accords.addRow("", self.champs["consentement_jeune"])
        accords.addRow("Date de l'accord", self.champs["date_consentement"])
        accords.addRow("", self.mineur)
        accords.addRow("", self.champs["consentement_representant"])
        body = QWidget()
        bl = QVBoxLayout(body)
        for title, content in (("Les parties", parties), ("Durée et rencontres", duree), ("Accords", accords)):
            box = QGroupBox(title)
            box.setLayout(content)
            bl.addWidget(box)
            if title == "Les parties":
                bl.addWidget(self.objectifs)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = dialog_buttons(self, self.save, "Enregistrer le contrat")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _load_choices(self) -> None:
        from desktop_app.services.parrainage.parrains import secteurs
        from desktop_app.services.profil import referentiels

        profile = self.context.profile
        self.context.tasks.run_db(lambda: ([(c.code, c.libelle) for c in referentiels.conseillers(profile)],
                                           secteurs(profile)), self._choices_loaded)

    def _choices_loaded(self, result) -> None:
        if not isValid(self):
            return
        conseillers, secteurs = result
        self.conseiller.set_choices(conseillers, empty=None)
        self.conseiller.set_value(self.vue.conseiller_id if self.vue else self.context.profile.user_id)
        self.secteur.blockSignals(True)
        self.secteur.addItem("")
        self.secteur.addItems(secteurs)
        self.secteur.blockSignals(False)
        if self.vue:
            self._fill(self.vue)
        self._suggest()

    def _fill(self, v) -> None:
        self.jeune.set_jeune(v.jeune_id, v.jeune_nom_complet, None)
        self.jeune.lock()
        self.objectifs.set_value(v.objectifs)
        self.formule.setCurrentIndex(max(0, self.formule.findData("6+3" if v.prolongation_mois == 3 else "6")))
        self.debut.set_value(v.date_debut)
        self.rythme_jours.setValue(v.rythme_jours)
        self.rythme.setText(v.rythme)
        self.lieux.setText(v.lieux)
        self.consent_jeune.setChecked(v.consentement_jeune)
        self.date_consent.set_value(v.date_consentement)
        self.consent_rep.setChecked(v.consentement_representant)
        self.mineur.setText("Le jeune était mineur au début du parrainage." if v.mineur else "")

    def _jeune_changed(self) -> None:
        naissance = self.jeune.naissance
        from desktop_app.domain.validation import age_on, parse_date

        try:
            debut = parse_date(self.debut.value()) or aujourdhui(self.context.profile)
        except ValueError:
            debut = aujourdhui(self.context.profile)
        age = age_on(naissance, debut) if naissance else None
        self.mineur.setText(f"Le jeune aura {age} ans au début : l'accord de son représentant légal est requis."
                            if age is not None and age < 18 else "")

    def _suggest(self) -> None:
        from desktop_app.services.parrainage.parrains import parrain, suggestions

        profile, secteur, dispo = self.context.profile, self.secteur.currentText(), self.dispo.text()
        current = self.vue.parrain_id if self.vue else None

        def work():
            rows = suggestions(profile, secteur=secteur, disponibilite=dispo)
            if current and current not in {r.id for r in rows}:
                rows.insert(0, parrain(profile, current))  # the contract's own parrain, even when full
            return rows

        self.context.tasks.run_db(work, self._suggested)

    def _suggested(self, rows) -> None:
        if not isValid(self):
            return
        chosen = self.parrain.currentData() or (self.vue.parrain_id if self.vue else None)
        self.parrain.clear()
        self.parrain.addItem("— choisir un parrain —", None)
        for r in rows:
            detail = ", ".join(filter(None, (r.secteur, r.disponibilite)))
            compte = (f"complet : {r.nb_filleuls}/{r.max_filleuls} filleuls" if r.complet
                      else f"{r.nb_filleuls}/{r.max_filleuls} filleuls")
            self.parrain.addItem(f"{r.prenom} {r.nom} — {detail or 'secteur non précisé'} ({compte})", r.id)
            if r.complet:
                self.parrain.setItemData(self.parrain.count() - 1, "Ce parrain a atteint son maximum de filleuls : "
                                         "le choisir demandera une confirmation.", Qt.ItemDataRole.ToolTipRole)
        first_free = next((i + 1 for i, r in enumerate(rows) if not r.complet), 0)  # never a full one by default
        index = self.parrain.findData(chosen) if chosen else first_free
        self.parrain.setCurrentIndex(max(0, index))

    def values(self) -> SaisieContrat:
        return {"jeune_id": self.jeune.jeune_id, "conseiller_id": self.conseiller.value(),
                "parrain_id": self.parrain.currentData(), "objectifs": self.objectifs.value(),
                "formule": self.formule.currentData(), "date_debut": self.debut.value(),
                "rythme_jours": self.rythme_jours.value(), "rythme": self.rythme.text(), "lieux": self.lieux.text(),
                "consentement_jeune": self.consent_jeune.isChecked(), "date_consentement": self.date_consent.value(),
                "consentement_representant": self.consent_rep.isChecked()}

    def save(self) -> None:
        from desktop_app.domain.errors import ConfirmationRequise
        from desktop_app.services.parrainage.contrats import enregistrer_contrat
        from desktop_app.views.kit.confirmation import demander

        profile, values, pid = self.context.profile, self.values(), self.parrainage_id
        self.save_button.setEnabled(False)

        def write(confirme: bool):
            return lambda: enregistrer_contrat(profile, values, parrainage_id=pid, confirme=confirme).id

        def failed(exc: BaseException) -> None:  # a parrain at its maximum: asked here, « Oui » saves
            if isinstance(exc, ConfirmationRequise) and isValid(self) and demander(self, exc):
                run_write(self.context, write(True), on_done=self._saved, on_error=self._failed, parent=self)
            elif isinstance(exc, ConfirmationRequise):
                if isValid(self):
                    self.save_button.setEnabled(True)
            else:
                self._failed(exc)

        run_write(self.context, write(False), on_done=self._saved, on_error=failed, parent=self)

    def _saved(self, parrainage_id: str) -> None:
        if isValid(self):
            self.parrainage_id = parrainage_id
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.save_button.setEnabled(True)
            show_errors(self.champs, self.message, exc)
