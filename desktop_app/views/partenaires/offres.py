"""The offers tab: the list (search, status), the offer's form (ROME code typed as a job, without accents),
its mises en relation pipeline (each step dated) and the shortlist of matching jeunes with « Proposer »."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import (
    EtapeMiseEnRelation,
    MobiliteRequise,
    NiveauFormation,
    SourceOffre,
    StatutOffre,
    TypeContrat,
)
from desktop_app.views.kit.liste_detail import liste_et_fiche
from desktop_app.views.kit.champs import Champ, CodeCombo, DateField
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.operation import run_write
from desktop_app.views.kit.tableaux import IdRole, afficher_erreurs, ajuster, id_selectionne, remplir, show_errors, tableau, titre
from desktop_app.views.kit.text import format_date
from desktop_app.views.kit.widgets import FieldError

if TYPE_CHECKING:
    from desktop_app.services.offres.saisies import SaisieOffre

COLONNES = ("Intitulé", "Entreprise", "Commune", "Contrat", "Pourvus", "En cours", "Statut", "Date")
PIPELINE = ("Jeune", "Étape", "Proposée", "Candidature", "Entretien", "Embauche / fin")


class RomeField(QLineEdit):
    """A ROME code typed as a job or a code (« cuisin », « k2204 »): the matching codes of the shipped referential
    are offered, accents and case ignored; ``value()`` is the five-character code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Métier ou code ROME (ex. cuisine, K2204)")
        self.model_ = QStringListModel(self)
        self.completer_ = QCompleter(self.model_, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(12)
        self.setCompleter(self.completer_)
        self.textEdited.connect(self._suggest)

    def _suggest(self, text: str) -> None:
        from desktop_app.services.offres.referentiels import chercher_rome

        found = chercher_rome(text, limite=40) if len(text.strip()) >= 2 else []
        self.model_.setStringList([str(r) for r in found])
        if found:
            self.completer_.complete()

    def value(self) -> str:
        return self.text().strip()[:5]

    def set_value(self, code: str | None) -> None:
        from desktop_app.services.offres.referentiels import libelle_rome

        self.setText(f"{code} — {libelle_rome(code)}" if code else "")


class OffreForm(QWidget):
    saved = Signal(str)

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.offre_id: str | None = None
        self.entete = titre("Nouvelle offre", 1.1)
        self.entete.setObjectName("enteteOffre")
        self.partenaire = CodeCombo([], empty="— choisir dans l'annuaire —")
        self.intitule, self.rome = QLineEdit(), RomeField()
        self.contrat = CodeCombo(TypeContrat.choices())
        self.duree, self.postes = QLineEdit(), QLineEdit("1")
        self.duree.setPlaceholderText("mois")
        for w in (self.duree, self.postes):
            w.setMaximumWidth(80)
        self.commune, self.code_postal, self.horaires = QLineEdit(), QLineEdit(), QLineEdit()
        self.commune.setPlaceholderText("celle de l'entreprise si vide")
        self.code_postal.setMaximumWidth(90)
        self.niveau = CodeCombo(NiveauFormation.choices(), empty="Aucun niveau exigé")
        self.permis = QCheckBox("Permis B exigé")
        self.mobilite = CodeCombo(MobiliteRequise.choices(), empty=None)
        self.date_publication, self.date_limite, self.date_debut = DateField(), DateField(), DateField()
        self.source = CodeCombo(SourceOffre.choices(), empty=None)
        self.statut = CodeCombo(StatutOffre.choices(), empty=None)
        self.champs = {name: Champ(w) for name, w in (
            ("partenaire_id", self.partenaire), ("intitule", self.intitule), ("code_rome", self.rome),
            ("type_contrat", self.contrat), ("duree_mois", self.duree), ("nb_postes", self.postes),
            ("commune", self.commune), ("code_postal", self.code_postal), ("horaires", self.horaires),
            ("niveau_requis", self.niveau), ("mobilite", self.mobilite), ("date_publication", self.date_publication),
            ("date_limite", self.date_limite), ("date_debut_poste", self.date_debut), ("source", self.source),
            ("statut", self.statut))}
        form = QFormLayout()
        for label, name in (("Entreprise *", "partenaire_id"), ("Intitulé du poste *", "intitule"),
                            ("Code ROME", "code_rome"), ("Contrat", "type_contrat"), ("Durée (mois)", "duree_mois"),
                            ("Postes *", "nb_postes"), ("Commune", "commune"), ("Code postal", "code_postal"),
                            ("Horaires", "horaires"), ("Niveau", "niveau_requis"), ("Mobilité", "mobilite"),
                            ("Reçue le", "date_publication"), ("Date limite", "date_limite"),
                            ("Prise de poste", "date_debut_poste"), ("Source", "source"), ("Statut", "statut")):
            form.addRow(label, self.champs[name])
        form.insertRow(10, "", self.permis)
        self.message = FieldError()
        self.message.setObjectName("messageOffre")
        self.save_button = QPushButton("Enregistrer l'offre")
        self.save_button.setObjectName("enregistrerOffre")
        self.peut = selon_droit(context.profile, self.save_button, "partenaires.modifier")
        self.save_button.clicked.connect(self.save)
        self.intitule.returnPressed.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entete)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        self.load_partenaires()

    def load_partenaires(self) -> None:
        from desktop_app.services.partenaires.annuaire import noms

        profile = self.context.profile
        self.context.tasks.run_db(lambda: noms(profile, inactifs=True), self._partenaires)

    def _partenaires(self, choices) -> None:
        if isValid(self):
            self.partenaire.set_choices(choices, empty="— choisir dans l'annuaire —")

    def show_offre(self, o) -> None:
        self.offre_id = o.id if o else None
        self.entete.setText(o.intitule if o else "Nouvelle offre")
        self.partenaire.set_value(o.partenaire_id if o else None)
        self.intitule.setText(o.intitule if o else "")
        self.rome.set_value(o.code_rome if o else None)
        self.contrat.set_value(o.type_contrat if o else None)
        self.duree.setText(str(o.duree_mois) if o and o.duree_mois else "")
        self.postes.setText(str(o.nb_postes) if o else "1")
        self.commune.setText(o.commune or "" if o else "")
        self.code_postal.setText(o.code_postal or "" if o else "")
        self.horaires.setText(o.horaires or "" if o else "")
        self.niveau.set_value(o.niveau_requis if o else None)
        self.permis.setChecked(bool(o.permis_requis) if o else False)
        self.mobilite.set_value(o.mobilite if o else "aucune")
        self.date_publication.set_value(o.date_publication if o else None)
        self.date_limite.set_value(o.date_limite if o else None)
        self.date_debut.set_value(o.date_debut_poste if o else None)
        self.source.set_value(o.source if o else "entreprise")
        self.statut.set_value(o.statut if o else "ouverte")
        afficher_erreurs(self.champs, {})
        self.message.clear_message()

    def values(self) -> SaisieOffre:
        return {"partenaire_id": self.partenaire.value(), "intitule": self.intitule.text(),
                "code_rome": self.rome.value(), "type_contrat": self.contrat.value(), "duree_mois": self.duree.text(),
                "nb_postes": self.postes.text(), "commune": self.commune.text(),
                "code_postal": self.code_postal.text(), "horaires": self.horaires.text(),
                "niveau_requis": self.niveau.value(), "permis_requis": self.permis.isChecked(),
                "mobilite": self.mobilite.value(), "date_publication": self.date_publication.value(),
                "date_limite": self.date_limite.value(), "date_debut_poste": self.date_debut.value(),
                "source": self.source.value(), "statut": self.statut.value()}

    def save(self) -> None:
        from desktop_app.services.offres.offres import enregistrer_offre

        profile, values, oid = self.context.profile, self.values(), self.offre_id
        self.save_button.setEnabled(False)
        run_write(self.context, lambda: enregistrer_offre(profile, values, offre_id=oid).id,
                  on_done=self._saved, on_error=self._failed, parent=self)

    def _saved(self, offre_id: str) -> None:
        if isValid(self):
            self.save_button.setEnabled(self.peut)
            self.offre_id = offre_id
            afficher_erreurs(self.champs, {})
            self.message.clear_message()
            self.saved.emit(offre_id)

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.save_button.setEnabled(self.peut)
            show_errors(self.champs, self.message, exc)


class PipelineBox(QGroupBox):
    """The jeunes proposed for the offer and their dated steps; moving the selected one to the next step."""

    changed = Signal()

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__("Mises en relation", parent)
        self.context = context
        self.offre_id: str | None = None
        self.liste = tableau(PIPELINE, name="pipelineOffre")
        ajuster(self.liste, contenu=(2, 3, 4, 5))
        self.liste.setMinimumHeight(120)
        self.liste.setMinimumWidth(200)
        self.etape = CodeCombo([c for c in EtapeMiseEnRelation.choices() if c[0] != "proposee"], empty=None)
        self.etape.setAccessibleName("Étape atteinte")
        self.date = DateField()
        self.date.setAccessibleName("Date de l'étape")
        self.champs = {"etape": Champ(self.etape), "date": Champ(self.date)}
        self.avancer_button = QPushButton("Enregistrer l'étape")
        self.avancer_button.setObjectName("enregistrerEtape")
        self.message = FieldError()
        self.message.setObjectName("messagePipeline")
        row = QHBoxLayout()
        row.addWidget(QLabel("Jeune choisi·e :"))
        row.addWidget(self.champs["etape"])
        row.addWidget(QLabel("le"))
        row.addWidget(self.champs["date"])
        row.addWidget(self.avancer_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.liste)
        layout.addLayout(row)
        layout.addWidget(self.message)
        selon_droit(context.profile, self.avancer_button, "partenaires.modifier")
        self.avancer_button.clicked.connect(self.avancer)
        self.date.returnPressed.connect(self.avancer)

    def show_offre(self, offre_id: str | None) -> None:
        self.offre_id = offre_id
        self.setEnabled(offre_id is not None)
        if offre_id is None:
            remplir(self.liste, [])
            return
        from desktop_app.services.offres.mises_en_relation import pipeline

        profile = self.context.profile
        self.context.tasks.run_db(lambda: pipeline(profile, offre_id), self._loaded)

    def _loaded(self, rows) -> None:
        if not isValid(self):
            return
        keep = id_selectionne(self.liste)
        remplir(self.liste, [(m.id, (m.jeune, m.etape_libelle, format_date(m.dates.get("proposee")),
                                     format_date(m.dates.get("candidature")), format_date(m.dates.get("entretien")),
                                     format_date(m.dates.get("embauche") or m.dates.get("non_retenu")
                                                 or m.dates.get("desistement")))) for m in rows], keep=keep)
        self.setTitle(f"Mises en relation ({len(rows)})")

    def avancer(self) -> None:
        from desktop_app.services.offres.mises_en_relation import avancer

        mid = id_selectionne(self.liste)
        if not mid:
            self.message.show_message("Choisissez d'abord le jeune dans la liste des mises en relation.")
            return
        profile, etape, date = self.context.profile, self.etape.value(), self.date.value()
        run_write(self.context, lambda: avancer(profile, mid, etape, date=date or None),
                  on_done=self._done, on_error=self._failed, parent=self)

    def _done(self, _record) -> None:
        if isValid(self):
            afficher_erreurs(self.champs, {})
            self.message.clear_message()
            self.show_offre(self.offre_id)
            self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            show_errors(self.champs, self.message, exc)


class ShortlistBox(QGroupBox):
    """The jeunes who match the offer; those ticked are proposed the offer at once."""

    proposed = Signal()

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__("Présélection : jeunes correspondant à l'offre", parent)
        self.context = context
        self.offre_id: str | None = None
        self.rayon = QSpinBox()
        self.rayon.setRange(1, 100)
        self.rayon.setValue(15)
        self.rayon.setSuffix(" km")
        self.rayon.setAccessibleName("Distance maximale")
        self.liste = tableau(("Jeune", "Commune", "Distance", "Niveau", "Permis", "Dernier contact"),
                             name="presélection".replace("é", "e"))
        self.liste.setObjectName("preselection")
        ajuster(self.liste, contenu=(2, 4, 5))
        self.liste.setMinimumHeight(140)
        self.compte = QLabel()
        self.compte.setWordWrap(True)
        self.proposer_button = QPushButton("Proposer l'offre aux jeunes cochés")
        self.proposer_button.setObjectName("proposer")
        self.message = FieldError()
        top = QHBoxLayout()
        top.addWidget(QLabel("Habitant à moins de"))
        top.addWidget(self.rayon)
        top.addWidget(self.compte, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.liste)
        layout.addWidget(self.message)
        layout.addWidget(self.proposer_button, 0, Qt.AlignmentFlag.AlignLeft)
        selon_droit(context.profile, self.proposer_button, "partenaires.modifier")
        self.rayon.valueChanged.connect(lambda _v: self.show_offre(self.offre_id))
        self.proposer_button.clicked.connect(self.proposer)

    def show_offre(self, offre_id: str | None) -> None:
        self.offre_id = offre_id
        self.setEnabled(offre_id is not None)
        self.message.clear_message()
        if offre_id is None:
            remplir(self.liste, [])
            self.compte.clear()
            return
        from desktop_app.services.offres.mises_en_relation import shortlist

        profile, rayon = self.context.profile, self.rayon.value()
        self.context.tasks.run_db(lambda: [c for c in shortlist(profile, offre_id, rayon_km=rayon)
                                           if not c.deja_propose], self._loaded)

    def _loaded(self, rows) -> None:
        if not isValid(self):
            return
        remplir(self.liste, [(c.jeune_id, (c.nom, c.commune,
                                           f"{c.distance_km:.0f} km".replace(".", ",") if c.distance_km is not None
                                           else "", c.niveau_libelle, "oui" if c.permis == "obtenu" else "non",
                                           format_date(c.dernier_contact))) for c in rows])
        for row in range(self.liste.rowCount()):
            item = self.liste.item(row, 0)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.compte.setText(f"{len(rows)} jeune{'s' if len(rows) > 1 else ''} disponible{'s' if len(rows) > 1 else ''}")
        self.compte.setToolTip("Dossier actif, niveau, permis et mobilité demandés, sans emploi en cours ; "
                               "déjà proposés exclus")

    def cocher(self, row: int, checked: bool = True) -> None:
        self.liste.item(row, 0).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def coches(self) -> list[str]:
        return [self.liste.item(r, 0).data(IdRole) for r in range(self.liste.rowCount())
                if self.liste.item(r, 0).checkState() == Qt.CheckState.Checked]

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name): Espace ticks the current jeune
        if event.key() == Qt.Key.Key_Space and self.liste.currentRow() >= 0:
            item = self.liste.item(self.liste.currentRow(), 0)
            self.cocher(self.liste.currentRow(), item.checkState() != Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)

    def proposer(self) -> None:
        from desktop_app.services.offres.mises_en_relation import proposer

        ids = self.coches()
        if not ids:
            self.message.show_message("Cochez les jeunes à qui proposer l'offre.")
            return
        profile, oid = self.context.profile, self.offre_id
        run_write(self.context, lambda: proposer(profile, oid, ids), on_done=self._done, on_error=self._failed,
                  parent=self)

    def _done(self, created) -> None:
        if isValid(self):
            self.message.clear_message()
            self.show_offre(self.offre_id)
            self.proposed.emit()

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            show_errors({}, self.message, exc)


class OffresTab(QWidget):
    KINDS = frozenset({"offre", "mise_en_relation", "partenaire", "jeune", "situation", "sync"})

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._token = 0
        self.recherche = QLineEdit()
        self.recherche.setObjectName("rechercheOffre")
        self.recherche.setPlaceholderText("Chercher une offre (intitulé, entreprise, commune, métier)")
        self.recherche.setAccessibleName("Chercher une offre")
        self.recherche.setClearButtonEnabled(True)
        self.statut = CodeCombo(StatutOffre.choices(), empty="Tous statuts")
        self.statut.setAccessibleName("Statut de l'offre")
        self.statut.set_value("ouverte")
        self.nouvelle = QPushButton("Nouvelle offre")
        selon_droit(context.profile, self.nouvelle, "partenaires.modifier")
        self.liste = tableau(COLONNES, name="listeOffres")
        ajuster(self.liste, contenu=(4, 5, 6, 7))
        self.compte = QLabel()
        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.recherche, 1)
        top.addWidget(self.statut)
        top.addWidget(self.nouvelle)
        left.addLayout(top)
        left.addWidget(self.liste, 1)
        left.addWidget(self.compte)
        self.form = OffreForm(context)
        self.pipeline = PipelineBox(context)
        self.shortlist = ShortlistBox(context)
        liste_et_fiche(self, left, self.form, self.pipeline, self.shortlist)
        self.recherche.textChanged.connect(self.reload)
        self.statut.currentIndexChanged.connect(self.reload)
        self.liste.itemSelectionChanged.connect(self._selected)
        self.nouvelle.clicked.connect(self.new)
        self.form.saved.connect(self._saved)
        self.pipeline.changed.connect(self._refresh)
        self.shortlist.proposed.connect(self._refresh)
        self._show(None)
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.offres.offres import offres

        self._token += 1
        token, profile, texte, statut = self._token, self.context.profile, self.recherche.text(), self.statut.value()
        self.context.tasks.run_db(lambda: offres(profile, texte=texte, statut=statut),
                                  lambda rows: self._loaded(token, rows))

    def _loaded(self, token: int, rows) -> None:
        if not isValid(self) or token != self._token:
            return
        remplir(self.liste, [(o.id, (o.intitule, o.entreprise, o.commune, o.contrat, o.postes, o.en_cours,
                                     o.statut_libelle, format_date(o.date_publication))) for o in rows],
                keep=self.form.offre_id)
        self.compte.setText(f"{len(rows)} offre{'s' if len(rows) > 1 else ''}")

    def _selected(self) -> None:
        oid = id_selectionne(self.liste)
        if oid:
            self._show(oid)

    def _show(self, oid: str | None) -> None:
        self.pipeline.show_offre(oid)
        self.shortlist.show_offre(oid)
        if oid is None:
            self.form.show_offre(None)
            return
        from desktop_app.services.offres.offres import offre

        profile = self.context.profile
        self.context.tasks.run_db(lambda: offre(profile, oid), lambda o: self.form.show_offre(o) if isValid(self) else None)

    def _refresh(self) -> None:
        self.reload()
        if self.form.offre_id:
            self._show(self.form.offre_id)

    def new(self) -> None:
        self.liste.clearSelection()
        self._show(None)
        self.form.load_partenaires()
        self.form.partenaire.setFocus()

    def _saved(self, offre_id: str) -> None:
        self._show(offre_id)
        self.reload()

    def on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & self.KINDS:
            self.reload()
            if "partenaire" in kinds:
                self.form.load_partenaires()
