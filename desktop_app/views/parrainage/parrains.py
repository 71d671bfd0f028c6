"""The parrains registry tab: list with search and filters, the parrain's form and its trainings. The parrain's
employer is picked from the partners directory as you type (accents ignored), or typed freely."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import StatutParrain
from desktop_app.domain.errors import UserError
from desktop_app.views.kit.champs import Champ, CodeCombo, DateField
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.operation import run_write, show_failure
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

if TYPE_CHECKING:
    from desktop_app.services.parrainage.saisies import SaisieParrain

COLONNES = ("Nom", "Statut", "Employeur / réseau", "Secteur", "Disponibilité", "Filleuls", "Formations", "Actif")


class ParrainForm(QWidget):
    """Identity, status, sector, skills, availability, maximum of filleuls; ``saved(id)`` once stored."""

    saved = Signal(str)

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.parrain_id: str | None = None
        self.partenaire_id: str | None = None  # the employer in the partners directory
        self._lie_a = ""  # its name as picked or stored (an edit of the text drops the link)
        self._annuaire: dict[str, str] = {}
        self.entete = titre("Nouveau parrain", 1.1)
        self.nom, self.prenom = QLineEdit(), QLineEdit()
        self.statut = CodeCombo(StatutParrain.choices())
        self.employeur, self.secteur = QLineEdit(), QLineEdit()
        self.employeur.setObjectName("employeurParrain")
        from desktop_app.views.partenaires.completer import completer_annuaire

        self.completer_annuaire = completer_annuaire(context, self.employeur, choisi=self._choisi,
                                                     loaded=self.noms_annuaire)
        self.employeur.textEdited.connect(self._employeur_modifie)
        self.lien = QLabel()
        self.lien.setObjectName("lienAnnuaireParrain")
        self.lien.setWordWrap(True)
        self.lien.setStyleSheet("color: #505050;")
        self.competences, self.disponibilite = QLineEdit(), QLineEdit()
        self.disponibilite.setPlaceholderText("ex. mardi après-midi, deux heures par mois")
        self.telephone, self.email = QLineEdit(), QLineEdit()
        self.date_entree = DateField()
        self.max_filleuls = QSpinBox()
        self.max_filleuls.setRange(1, 10)
        self.max_filleuls.setValue(2)
        self.actif = QCheckBox("Actif ou active dans le réseau")
        self.actif.setChecked(True)
        self.champs = {name: Champ(w) for name, w in (
            ("nom", self.nom), ("prenom", self.prenom), ("statut", self.statut),
            ("employeur_reseau", self.employeur), ("secteur", self.secteur), ("competences", self.competences),
            ("disponibilite", self.disponibilite), ("telephone", self.telephone), ("email", self.email),
            ("date_entree", self.date_entree), ("max_filleuls", self.max_filleuls))}
        form = QFormLayout()
        for label, name in (("Nom", "nom"), ("Prénom", "prenom"), ("Statut", "statut"),
                            ("Employeur ou réseau", "employeur_reseau"), ("Secteur", "secteur"),
                            ("Compétences", "competences"), ("Disponibilités", "disponibilite"),
                            ("Téléphone", "telephone"), ("E-mail", "email"), ("Entrée dans le réseau", "date_entree"),
                            ("Filleuls au plus", "max_filleuls")):
            form.addRow(label, self.champs[name])
            if name == "employeur_reseau":
                form.addRow("", self.lien)
        form.addRow("", self.actif)
        self.message = FieldError()
        self.save_button = QPushButton("Enregistrer le parrain")
        self.peut_gerer = selon_droit(context.profile, self.save_button, "parrainage.gerer")
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entete)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)

    def show_parrain(self, row) -> None:
        self.parrain_id = row.id if row else None
        self.entete.setText(f"{row.prenom} {row.nom}" if row else "Nouveau parrain")
        for widget, value in ((self.nom, row.nom if row else ""), (self.prenom, row.prenom if row else ""),
                              (self.employeur, row.employeur_reseau if row else ""),
                              (self.secteur, row.secteur if row else ""),
                              (self.competences, row.competences if row else ""),
                              (self.disponibilite, row.disponibilite if row else ""),
                              (self.email, row.email if row else "")):
            widget.setText(value)
        from desktop_app.domain.validation import format_phone

        self.telephone.setText(format_phone(row.telephone) if row else "")
        self.statut.set_value(row.statut if row else None)
        self.date_entree.set_value(row.date_entree if row else None)
        self.max_filleuls.setValue(row.max_filleuls if row else 2)
        self.actif.setChecked(row.actif if row else True)
        self.partenaire_id = row.partenaire_id if row else None
        self._lie_a = row.employeur_reseau if row else ""
        self._show_lien()
        afficher_erreurs(self.champs, {})
        self.message.clear_message()

    def noms_annuaire(self, names) -> None:
        self._annuaire = dict(names)
        self._show_lien()

    def _choisi(self, partenaire_id: str, nom: str) -> None:
        self.partenaire_id, self._lie_a = partenaire_id, nom
        self._show_lien()

    def _employeur_modifie(self, text: str) -> None:
        if self.partenaire_id and text.strip() != self._lie_a.strip():
            self.partenaire_id = None  # the service links the new text if it names one partner
            self._show_lien()

    def _show_lien(self) -> None:
        if self.partenaire_id:
            nom = self._annuaire.get(self.partenaire_id)
            self.lien.setText(f"Dans l'annuaire des partenaires : {nom}." if nom
                              else "Dans l'annuaire des partenaires.")
        elif self.employeur.text().strip() and self.parrain_id:
            self.lien.setText("Hors de l'annuaire des partenaires (texte libre).")
        else:
            self.lien.setText("")

    def values(self) -> SaisieParrain:
        return {"nom": self.nom.text(), "prenom": self.prenom.text(), "statut": self.statut.value(),
                "employeur_reseau": self.employeur.text(), "partenaire_id": self.partenaire_id,
                "secteur": self.secteur.text(),
                "competences": self.competences.text(), "disponibilite": self.disponibilite.text(),
                "telephone": self.telephone.text(), "email": self.email.text(),
                "date_entree": self.date_entree.value(), "max_filleuls": self.max_filleuls.value(),
                "actif": self.actif.isChecked()}

    def save(self) -> None:
        from desktop_app.services.parrainage.parrains import enregistrer_parrain

        profile, values, pid = self.context.profile, self.values(), self.parrain_id
        self.save_button.setEnabled(False)
        run_write(self.context, lambda: enregistrer_parrain(profile, values, parrain_id=pid).id,
                  on_done=self._saved, on_error=self._failed, parent=self)

    def _saved(self, parrain_id: str) -> None:
        if not isValid(self):
            return
        self.save_button.setEnabled(self.peut_gerer)
        self.parrain_id = parrain_id
        afficher_erreurs(self.champs, {})
        self.message.clear_message()
        self.saved.emit(parrain_id)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.save_button.setEnabled(self.peut_gerer)
        if not isinstance(exc, UserError):
            show_failure(exc, parent=self)
            return
        show_errors(self.champs, self.message, exc)


class FormationsBox(QGroupBox):
    """The trainings a parrain attended, and adding one (date, theme)."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__("Formations suivies", parent)
        self.context = context
        self.parrain_id: str | None = None
        self.liste = tableau(("Date", "Thème"), stretch=1, name="formationsParrain")
        ajuster(self.liste, contenu=(0,))
        self.liste.setMinimumHeight(110)
        self.date = DateField()
        self.theme = QLineEdit()
        self.theme.setPlaceholderText("Thème de la formation")
        self.add_button = QPushButton("Ajouter")
        self.message = FieldError()
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(self.theme, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.liste)
        layout.addLayout(row)
        layout.addWidget(self.message)
        selon_droit(context.profile, [self.add_button, self.date, self.theme], "parrainage.gerer")
        self.add_button.clicked.connect(self.add)

    def show_parrain(self, parrain_id: str | None) -> None:
        self.parrain_id = parrain_id
        self.setEnabled(parrain_id is not None)
        self.message.clear_message()
        if parrain_id is None:
            remplir(self.liste, [])
            return
        from desktop_app.services.parrainage.parrains import formations

        profile = self.context.profile
        self.context.tasks.run_db(lambda: formations(profile, parrain_id), self._loaded)

    def _loaded(self, rows) -> None:
        if isValid(self):
            remplir(self.liste, [(f.id, (format_date(f.date), f.theme)) for f in rows])

    def add(self) -> None:
        from desktop_app.services.parrainage.parrains import ajouter_formation

        profile, pid, date, theme = self.context.profile, self.parrain_id, self.date.value(), self.theme.text()
        run_write(self.context, lambda: ajouter_formation(profile, pid, date=date, theme=theme),
                  on_done=self._added, on_error=self._failed, parent=self)

    def _added(self, _formation) -> None:
        if isValid(self):
            self.theme.clear()
            self.show_parrain(self.parrain_id)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            show_failure(exc, parent=self)
            return
        if isValid(self):
            errors = getattr(exc, "errors", None)
            self.message.show_message(" ".join(errors.values()) if errors else exc.message)


class ParrainsTab(QWidget):
    """The registry: list on the left (search, filters), the chosen parrain's form and trainings on the right."""

    KINDS = frozenset({"parrain", "formation_parrain", "parrainage", "partenaire", "sync"})

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        filtres = self._build_filters()
        self._build_layout(filtres)
        self._rows: dict[str, object] = {}
        self._wire()
        self.formations.show_parrain(None)
        self.reload()

    def _build_filters(self) -> QHBoxLayout:
        self.recherche = QLineEdit()
        self.recherche.setPlaceholderText("Chercher un parrain (nom, employeur, secteur, compétence)")
        self.recherche.setClearButtonEnabled(True)
        self.statut = CodeCombo(StatutParrain.choices(), empty="Tous statuts")
        self.secteur = QComboBox()
        self.secteur.addItem("Tous secteurs", None)
        self.actif = QComboBox()
        for label, value in (("Actifs", True), ("Inactifs", False), ("Actifs et inactifs", None)):
            self.actif.addItem(label, value)
        self.nouveau = QPushButton("Nouveau parrain")
        selon_droit(self.context.profile, self.nouveau, "parrainage.gerer")
        self.compte = QLabel()
        self.liste = tableau(COLONNES, name="listeParrains")
        ajuster(self.liste, contenu=(5, 6, 7))  # the texts share the width: no horizontal scroll bar
        filtres = QHBoxLayout()
        for w in (self.statut, self.secteur):
            # about as wide as « Tous statuts », not as the longest statut: the list keeps its width on a small
            # screen (the open list shows the long ones whole)
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(9)
            w.view().setMinimumWidth(240)
        for w in (self.statut, self.secteur, self.actif):
            filtres.addWidget(w)
        filtres.addStretch(1)
        return filtres

    def _build_layout(self, filtres: QHBoxLayout) -> None:
        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.recherche, 1)
        top.addWidget(self.nouveau)
        left.addLayout(top)
        left.addLayout(filtres)
        left.addWidget(self.liste, 1)
        left.addWidget(self.compte)
        self.form = ParrainForm(self.context)
        self.formations = FormationsBox(self.context)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.form)
        rl.addWidget(self.formations)
        rl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        # as wide as the form needs, never a horizontal scroll bar in it; the list takes the rest
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(right.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(left, 2)
        layout.addWidget(scroll, 1)

    def _wire(self) -> None:
        self.recherche.textChanged.connect(self.reload)
        for combo in (self.statut, self.secteur, self.actif):
            combo.currentIndexChanged.connect(self.reload)
        self.liste.itemSelectionChanged.connect(self._selected)
        self.nouveau.clicked.connect(self.new)
        self.form.saved.connect(self._saved)

    # Narrower than this (a 1024 px screen), the list keeps the columns to choose a parrain by; the chosen one's
    # employer, availability and trainings are in the form beside it (the columns were all cut to « … »).
    ALL_COLUMNS_WIDTH = 1000
    SECONDARY = ("Employeur / réseau", "Disponibilité", "Formations", "Actif")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        narrow = event.size().width() < self.ALL_COLUMNS_WIDTH
        for name in self.SECONDARY:
            self.liste.setColumnHidden(COLONNES.index(name), narrow)
        super().resizeEvent(event)

    def reload(self) -> None:
        from desktop_app.services.parrainage.parrains import parrains, secteurs

        profile = self.context.profile
        query = dict(recherche=self.recherche.text(), statut=self.statut.value(), secteur=self.secteur.currentData(),
                     actif=self.actif.currentData())
        self.context.tasks.run_db(lambda: (parrains(profile, **query), secteurs(profile)), self._loaded)

    def _loaded(self, result) -> None:
        if not isValid(self):
            return
        rows, secteurs = result
        current = self.secteur.currentData()
        self.secteur.blockSignals(True)
        self.secteur.clear()
        self.secteur.addItem("Tous secteurs", None)
        for s in secteurs:
            self.secteur.addItem(s, s)
        self.secteur.setCurrentIndex(max(0, self.secteur.findData(current)))
        self.secteur.blockSignals(False)
        self._rows = {r.id: r for r in rows}
        remplir(self.liste, [(r.id, (f"{r.nom.upper()} {r.prenom}", StatutParrain.label_of(r.statut),
                                     r.employeur_reseau, r.secteur, r.disponibilite,
                                     f"{r.nb_filleuls} / {r.max_filleuls}", r.nb_formations,
                                     "oui" if r.actif else "non")) for r in rows], keep=self.form.parrain_id)
        self.compte.setText(f"{len(rows)} parrain{'s' if len(rows) > 1 else ''}")

    def _selected(self) -> None:
        pid = id_selectionne(self.liste)
        if pid and pid in self._rows:
            self.form.show_parrain(self._rows[pid])
            self.formations.show_parrain(pid)

    def new(self) -> None:
        self.liste.clearSelection()
        self.form.show_parrain(None)
        self.formations.show_parrain(None)
        self.form.nom.setFocus()

    def _saved(self, parrain_id: str) -> None:
        self.formations.show_parrain(parrain_id)
        self.reload()

    def on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"partenaire", "sync"}:  # the directory offered on the employer changed
            self.form.completer_annuaire.charger(self.context, self.form.noms_annuaire)
        if kinds & self.KINDS:
            self.reload()
