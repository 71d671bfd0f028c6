"""The directory tab: search as you type (accents ignored) over name, commune, NAF code and SIRET, the
partner's card (identity, engagements, référent entreprise), its contact people and the history of exchanges.
Every field's error shows beside it and the rest of the form is kept."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import TypeEchange, TypePartenaire
from desktop_app.domain.errors import UserError
from desktop_app.domain.validation import format_phone
from desktop_app.views.kit.liste_detail import liste_et_fiche
from desktop_app.views.kit.champs import Champ, CodeCombo, DateField, NoteField
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.operation import run_write, show_failure
from desktop_app.views.kit.tableaux import afficher_erreurs, ajuster, id_selectionne, remplir, show_errors, tableau, titre
from desktop_app.views.kit.text import format_date
from desktop_app.views.kit.widgets import FieldError

if TYPE_CHECKING:
    from desktop_app.services.partenaires.saisies import SaisieContact, SaisieEchange, SaisiePartenaire

COLONNES = ("Nom", "Type", "Commune", "NAF", "Engagements")
ENGAGEMENTS = (("convention_signee", "Convention signée"), ("immersions_offertes", "Immersions offertes"),
               ("offres_prioritaires", "Offres transmises en priorité"), ("parrains_fournis", "Parrains fournis"),
               ("binome_interim", "Binôme intérim (agence)"))
EFFECTIFS = ("0", "1-9", "10-49", "50-249", "250-999", "1000+")


class PartenaireForm(QWidget):
    """Identity and engagements of an organisation; ``saved(id)`` once stored."""

    saved = Signal(str)

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.partenaire_id: str | None = None
        self.entete = titre("Nouveau partenaire", 1.1)
        self.entete.setObjectName("entetePartenaire")
        self.resume = QLabel()
        self.resume.setObjectName("resumePartenaire")
        self.resume.setWordWrap(True)
        self.references = QLabel()
        self.references.setObjectName("referencesPartenaire")
        self.references.setWordWrap(True)
        self.references.setStyleSheet("color: #505050;")
        self.nom, self.adresse, self.code_postal, self.commune = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.code_postal.setMaximumWidth(90)
        self.telephone, self.email, self.siret, self.code_naf = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.siret.setPlaceholderText("14 chiffres")
        self.code_naf.setPlaceholderText("ex. 56.10A")
        self.type = CodeCombo(TypePartenaire.choices(), empty=None)
        self.effectif = CodeCombo([(e, f"{e} salariés") for e in EFFECTIFS])
        self.referent = CodeCombo([])
        self.date_convention = DateField()
        self.note = NoteField()
        self.engagements = {name: QCheckBox(label) for name, label in ENGAGEMENTS}
        self.actif = QCheckBox("Partenaire actif (proposé dans les formulaires)")
        self.actif.setChecked(True)
        self.champs = {name: Champ(w) for name, w in (
            ("nom", self.nom), ("type", self.type), ("adresse", self.adresse), ("code_postal", self.code_postal),
            ("commune", self.commune), ("telephone", self.telephone), ("email", self.email), ("siret", self.siret),
            ("code_naf", self.code_naf), ("effectif", self.effectif), ("referent_id", self.referent),
            ("date_convention", self.date_convention), ("note", self.note))}
        form = QFormLayout()
        for label, name in (("Nom *", "nom"), ("Type", "type"), ("Adresse", "adresse"), ("Code postal", "code_postal"),
                            ("Commune", "commune"), ("Téléphone", "telephone"), ("E-mail", "email"),
                            ("SIRET", "siret"), ("Code NAF", "code_naf"), ("Effectif", "effectif"),
                            ("Référent entreprise", "referent_id")):
            form.addRow(label, self.champs[name])
        box = QGroupBox("Engagements")
        grid = QGridLayout(box)
        for i, check in enumerate(self.engagements.values()):
            grid.addWidget(check, i // 2, i % 2)
        conv = QFormLayout()
        conv.addRow("Convention signée le", self.champs["date_convention"])
        grid.addLayout(conv, 3, 0, 1, 2)
        notes = QFormLayout()
        notes.addRow("Note sur l'organisation", self.champs["note"])
        notes.addRow("", self.actif)
        self.message = FieldError()
        self.message.setObjectName("messagePartenaire")
        self.save_button = QPushButton("Enregistrer le partenaire")
        self.save_button.setObjectName("enregistrerPartenaire")
        self.peut = selon_droit(context.profile, self.save_button, "partenaires.modifier")
        self.save_button.clicked.connect(self.save)
        self.nom.returnPressed.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entete)
        layout.addWidget(self.resume)
        layout.addWidget(self.references)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addLayout(notes)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        from desktop_app.services.partenaires.annuaire import referents

        profile = context.profile
        context.tasks.run_db(lambda: referents(profile), self._referents)

    def _referents(self, choices) -> None:
        if isValid(self):
            self.referent.set_choices(choices)

    def show_fiche(self, fiche, references=None) -> None:
        """The card; ``references``: what refers to the partner (services/partenaires/liens.py)."""
        p = fiche.partenaire if fiche else None
        self.references.setText(f"Fiches liées : {references.texte}" if references is not None and fiche else "")
        self.partenaire_id = p.id if p else None
        self.entete.setText(p.nom if p else "Nouveau partenaire")
        self.resume.setText(
            f"{fiche.nb_contacts} contact(s) · {fiche.offres_ouvertes} offre(s) ouverte(s) sur {fiche.offres_total} · "
            f"{fiche.embauches} embauche(s)" if fiche else "")
        for widget, name in ((self.nom, "nom"), (self.adresse, "adresse"), (self.code_postal, "code_postal"),
                             (self.commune, "commune"), (self.email, "email"), (self.siret, "siret"),
                             (self.code_naf, "code_naf")):
            widget.setText((getattr(p, name) or "") if p else "")
        self.telephone.setText(format_phone(p.telephone) if p else "")
        self.type.set_value(p.type if p else "entreprise")
        self.effectif.set_value(p.effectif if p else None)
        self.referent.set_value(p.referent_id if p else None)
        self.date_convention.set_value(p.date_convention if p else None)
        self.note.set_value(p.note if p else "")
        for name, check in self.engagements.items():
            check.setChecked(bool(getattr(p, name)) if p else False)
        self.actif.setChecked(p.actif if p else True)
        afficher_erreurs(self.champs, {})
        self.message.clear_message()

    def values(self) -> SaisiePartenaire:
        return {"nom": self.nom.text(), "type": self.type.value(), "adresse": self.adresse.text(),
                "code_postal": self.code_postal.text(), "commune": self.commune.text(),
                "telephone": self.telephone.text(), "email": self.email.text(), "siret": self.siret.text(),
                "code_naf": self.code_naf.text(), "effectif": self.effectif.value(),
                "referent_id": self.referent.value(), "date_convention": self.date_convention.value(),
                "note": self.note.value(), "actif": self.actif.isChecked(),
                **{name: check.isChecked() for name, check in self.engagements.items()}}  # type: ignore[misc]

    def save(self) -> None:
        from desktop_app.services.partenaires.annuaire import enregistrer_partenaire

        profile, values, pid = self.context.profile, self.values(), self.partenaire_id
        self.save_button.setEnabled(False)
        run_write(self.context, lambda: enregistrer_partenaire(profile, values, partenaire_id=pid).id,
                  on_done=self._saved, on_error=self._failed, parent=self)

    def _saved(self, partenaire_id: str) -> None:
        if not isValid(self):
            return
        self.save_button.setEnabled(self.peut)
        self.partenaire_id = partenaire_id
        afficher_erreurs(self.champs, {})
        self.message.clear_message()
        self.saved.emit(partenaire_id)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.save_button.setEnabled(self.peut)
        show_errors(self.champs, self.message, exc)


class ContactsBox(QGroupBox):
    """The partner's contact people (personal data: reading them is logged) and adding one."""

    changed = Signal()
    loaded = Signal(object)  # the contacts shown (the exchanges offer them)

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__("Contacts", parent)
        self.context = context
        self.partenaire_id: str | None = None
        self.liste = tableau(("Nom", "Fonction", "Téléphone", "E-mail", "Fin de relation"), name="contactsPartenaire")
        ajuster(self.liste, contenu=(2, 4))
        self.liste.setMinimumHeight(100)
        self.nom, self.prenom, self.fonction = QLineEdit(), QLineEdit(), QLineEdit()
        self.telephone, self.email = QLineEdit(), QLineEdit()
        for w, text in ((self.nom, "Nom *"), (self.prenom, "Prénom"), (self.fonction, "Fonction"),
                        (self.telephone, "Téléphone"), (self.email, "E-mail")):
            w.setPlaceholderText(text)
            w.setAccessibleName(text.rstrip(" *"))
        self.champs = {n: Champ(w) for n, w in (("nom", self.nom), ("prenom", self.prenom),
                                                ("fonction", self.fonction), ("telephone", self.telephone),
                                                ("email", self.email))}
        self.add_button = QPushButton("Ajouter le contact")
        self.add_button.setObjectName("ajouterContact")
        self.end_button = QPushButton("Relation terminée le")
        self.end_button.setObjectName("terminerRelation")
        self.fin_le = DateField()
        self.fin_le.setObjectName("dateFinRelation")
        self.fin_le.setAccessibleName("Date de fin de la relation")
        self.fin_le.setToolTip("JJ/MM/AAAA ; vide : aujourd'hui. La durée de conservation des données du contact "
                               "court à partir de cette date.")
        self.champs["date_fin_relation"] = Champ(self.fin_le)
        self.message = FieldError()
        row = QGridLayout()
        for i, name in enumerate(("nom", "prenom", "fonction", "telephone", "email")):
            row.addWidget(self.champs[name], i // 3, i % 3)
        row.addWidget(self.add_button, 1, 2)
        fin = QHBoxLayout()
        fin.addWidget(self.end_button)
        fin.addWidget(self.champs["date_fin_relation"])
        fin.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.liste)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addLayout(fin)
        selon_droit(context.profile, [self.add_button, self.end_button, self.fin_le], "partenaires.modifier")
        self.add_button.clicked.connect(self.add)
        self.email.returnPressed.connect(self.add)
        self.end_button.clicked.connect(self.end)
        self.rows: list = []
        self._journalise: str | None = None  # the partner whose contacts' reading was last logged

    def show_partenaire(self, partenaire_id: str | None) -> None:
        self.partenaire_id = partenaire_id
        self.setEnabled(partenaire_id is not None)
        self.message.clear_message()
        if partenaire_id is None:
            remplir(self.liste, [])
            self.rows, self._journalise = [], None
            return
        from desktop_app.services.partenaires.contacts import contacts

        profile = self.context.profile
        nouveau = partenaire_id != self._journalise  # opening a card is logged once, not each refresh of it
        self._journalise = partenaire_id
        self.context.tasks.run_db(lambda: contacts(profile, partenaire_id, journaliser=nouveau), self._loaded)

    def _loaded(self, rows) -> None:
        if not isValid(self):
            return
        self.rows = rows
        remplir(self.liste, [(c.id, (f"{c.prenom or ''} {c.nom}".strip(), c.fonction, format_phone(c.telephone),
                                     c.email, f"relation terminée le {format_date(c.date_fin_relation)}"
                                     if c.date_fin_relation else "")) for c in rows])
        self.loaded.emit(rows)

    def values(self) -> SaisieContact:
        return {"nom": self.nom.text(), "prenom": self.prenom.text(), "fonction": self.fonction.text(),
                "telephone": self.telephone.text(), "email": self.email.text()}

    def add(self) -> None:
        from desktop_app.services.partenaires.contacts import enregistrer_contact

        profile, pid, values = self.context.profile, self.partenaire_id, self.values()
        run_write(self.context, lambda: enregistrer_contact(profile, pid, values),
                  on_done=self._added, on_error=self._failed, parent=self)

    def end(self) -> None:
        from desktop_app.services.partenaires.contacts import mettre_fin_relation

        cid = id_selectionne(self.liste)
        if not cid:
            self.message.show_message("Choisissez d'abord le contact dans la liste.")
            return
        profile, fin = self.context.profile, self.fin_le.value() or None
        run_write(self.context, lambda: mettre_fin_relation(profile, cid, date=fin), on_done=self._ended,
                  on_error=self._failed, parent=self)

    def _ended(self, record) -> None:
        if not isValid(self):
            return
        self.fin_le.set_value(None)
        self._added(record)

    def _added(self, _record) -> None:
        if not isValid(self):
            return
        for w in (self.nom, self.prenom, self.fonction, self.telephone, self.email):
            w.clear()
        afficher_erreurs(self.champs, {})
        self.show_partenaire(self.partenaire_id)
        self.changed.emit()
        self.nom.setFocus()

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            show_errors(self.champs, self.message, exc)


class EchangesBox(QGroupBox):
    """The dated history of exchanges (visite, appel, e-mail, rencontre) and noting one."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__("Historique des échanges", parent)
        self.context = context
        self.partenaire_id: str | None = None
        self.liste = tableau(("Date", "Type", "Contact", "Objet", "Conseiller·ère"), name="echangesPartenaire")
        ajuster(self.liste, contenu=(0, 1))
        self.liste.setMinimumHeight(100)
        self.date = DateField()
        self.type = CodeCombo(TypeEchange.choices())
        self.contact = CodeCombo([], empty="— sans contact —")
        self.objet = QLineEdit()
        self.objet.setPlaceholderText("Objet de l'échange")
        for w, name in ((self.date, "Date de l'échange"), (self.type, "Type d'échange"), (self.contact, "Contact"),
                        (self.objet, "Objet")):
            w.setAccessibleName(name)
        self.champs = {n: Champ(w) for n, w in (("date", self.date), ("type", self.type),
                                                ("contact_id", self.contact), ("objet", self.objet))}
        self.add_button = QPushButton("Noter l'échange")
        self.add_button.setObjectName("noterEchange")
        self.message = FieldError()
        row = QHBoxLayout()
        for name in ("date", "type", "contact_id"):
            row.addWidget(self.champs[name])
        row.addWidget(self.champs["objet"], 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.liste)
        layout.addLayout(row)
        layout.addWidget(self.message)
        selon_droit(context.profile, self.add_button, "partenaires.modifier")
        self.add_button.clicked.connect(self.add)
        self.objet.returnPressed.connect(self.add)

    def set_contacts(self, rows) -> None:
        self.contact.set_choices([(c.id, f"{c.prenom or ''} {c.nom}".strip()) for c in rows if c.actif],
                                 empty="— sans contact —")

    def show_partenaire(self, partenaire_id: str | None) -> None:
        self.partenaire_id = partenaire_id
        self.setEnabled(partenaire_id is not None)
        self.message.clear_message()
        if partenaire_id is None:
            remplir(self.liste, [])
            return
        from desktop_app.services.partenaires.contacts import echanges

        profile = self.context.profile
        self.context.tasks.run_db(lambda: echanges(profile, partenaire_id), self._loaded)

    def _loaded(self, rows) -> None:
        if isValid(self):
            remplir(self.liste, [(e.id, (format_date(e.date), e.type_libelle, e.contact, e.objet, e.conseiller))
                                 for e in rows])

    def values(self) -> SaisieEchange:
        return {"date": self.date.value(), "type": self.type.value(), "contact_id": self.contact.value(),
                "objet": self.objet.text()}

    def add(self) -> None:
        from desktop_app.services.partenaires.contacts import enregistrer_echange

        profile, pid, values = self.context.profile, self.partenaire_id, self.values()
        run_write(self.context, lambda: enregistrer_echange(profile, pid, values),
                  on_done=self._added, on_error=self._failed, parent=self)

    def _added(self, _record) -> None:
        if isValid(self):
            self.objet.clear()
            afficher_erreurs(self.champs, {})
            self.message.clear_message()
            self.show_partenaire(self.partenaire_id)

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            show_errors(self.champs, self.message, exc)


class AnnuaireTab(QWidget):
    """The list on the left (search as you type, filters), the chosen partner on the right."""

    KINDS = frozenset({"partenaire", "contact_partenaire", "echange_partenaire", "offre", "mise_en_relation", "sync"})

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._token = 0
        self.recherche = QLineEdit()
        self.recherche.setObjectName("recherchePartenaire")
        self.recherche.setPlaceholderText("Chercher (nom, commune, code NAF, SIRET) — sans accents")
        self.recherche.setAccessibleName("Chercher un partenaire")
        self.recherche.setClearButtonEnabled(True)
        self.type = CodeCombo(TypePartenaire.choices(), empty="Tous types")
        self.type.setAccessibleName("Type de partenaire")
        self.engagement = QComboBox()
        self.engagement.setAccessibleName("Engagement")
        self.engagement.addItem("Tous engagements", None)
        for code, label in ENGAGEMENTS:
            self.engagement.addItem(label, code)
        self.nouveau = QPushButton("Nouveau partenaire")
        selon_droit(context.profile, self.nouveau, "partenaires.modifier")
        self.liste = tableau(COLONNES, name="listePartenaires")
        # The name takes what the type, the town and the engagements leave (at 1280 px the name was cut).
        ajuster(self.liste, contenu=(3,), largeurs={1: 105, 2: 105, 4: 130})
        self.compte = QLabel()
        self.compte.setObjectName("comptePartenaires")
        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.recherche, 1)
        top.addWidget(self.nouveau)
        filtres = QHBoxLayout()
        filtres.addWidget(self.type)
        filtres.addWidget(self.engagement)
        filtres.addStretch(1)
        left.addLayout(top)
        left.addLayout(filtres)
        left.addWidget(self.liste, 1)
        left.addWidget(self.compte)
        self.form = PartenaireForm(context)
        self.contacts = ContactsBox(context)
        self.echanges = EchangesBox(context)
        liste_et_fiche(self, left, self.form, self.contacts, self.echanges)
        self.recherche.textChanged.connect(self.reload)
        self.type.currentIndexChanged.connect(self.reload)
        self.engagement.currentIndexChanged.connect(self.reload)
        self.liste.itemSelectionChanged.connect(self._selected)
        self.nouveau.clicked.connect(self.new)
        self.form.saved.connect(self._saved)
        self.contacts.changed.connect(self._reload_fiche)
        self.contacts.loaded.connect(self.echanges.set_contacts)
        self._show(None)
        self.reload()

    def reload(self) -> None:
        from desktop_app.services.partenaires.annuaire import chercher

        self._token += 1
        token, profile = self._token, self.context.profile
        texte, type_, engagement = self.recherche.text(), self.type.value(), self.engagement.currentData()
        self.context.tasks.run_db(lambda: chercher(profile, texte, type=type_, actifs=None, engagement=engagement),
                                  lambda rows: self._loaded(token, rows))

    def _loaded(self, token: int, rows) -> None:
        if not isValid(self) or token != self._token:  # a later keystroke's answer is on its way
            return
        remplir(self.liste, [(r.id, (r.nom if r.actif else f"{r.nom} (inactif)", r.type_libelle, r.commune,
                                     r.code_naf, ", ".join(r.engagements))) for r in rows],
                keep=self.form.partenaire_id)
        self.compte.setText(f"{len(rows)} partenaire{'s' if len(rows) > 1 else ''}")

    def _selected(self) -> None:
        pid = id_selectionne(self.liste)
        if pid:
            self._show(pid)

    def _show(self, pid: str | None) -> None:
        self.contacts.show_partenaire(pid)
        self.echanges.show_partenaire(pid)
        if pid is None:
            self.form.show_fiche(None)
            return
        from desktop_app.services.partenaires.annuaire import fiche
        from desktop_app.services.partenaires.liens import references

        profile = self.context.profile
        self.context.tasks.run_db(lambda: (fiche(profile, pid), references(profile, pid)), self._fiche,
                                  self._fiche_failed)

    def _fiche(self, result) -> None:
        if isValid(self):
            self.form.show_fiche(*result)

    def _fiche_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.form.message.show_message(exc.message)
        else:
            show_failure(exc, parent=self)

    def _reload_fiche(self) -> None:
        if self.form.partenaire_id:
            self._show(self.form.partenaire_id)

    def new(self) -> None:
        self.liste.clearSelection()
        self._show(None)
        self.form.nom.setFocus()

    def _saved(self, partenaire_id: str) -> None:
        self._show(partenaire_id)
        self.reload()

    def on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & self.KINDS:
            self.reload()
        pid = self.form.partenaire_id
        if pid and kinds & {"contact_partenaire", "echange_partenaire", "sync"}:  # an erasure, a pull
            self.contacts.show_partenaire(pid)
            self.echanges.show_partenaire(pid)
