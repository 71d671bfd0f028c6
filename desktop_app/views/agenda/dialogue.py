"""The rendez-vous dialog (issue 15): plan or change one — jeune(s) chosen with the jeune picker (several make a
collective session), date JJ/MM/AAAA, start and end, kind of place and place or partner, objet themes, intitulé,
what to bring, note. French messages beside each field, the overlap warning shown while typing (a warning, never a
block), the jeunes' consents for reminders shown read only."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
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

from desktop_app.domain.enums import TypeLieuRendezVous
from desktop_app.views.jeunes.elements import ThemesField
from desktop_app.views.kit.boutons import dialog_buttons
from desktop_app.views.kit.champs import CodeCombo, DateField, NoteField
from desktop_app.views.kit.formulaire import Form
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.operation import run_write, show_failure
from desktop_app.services.sync.horloge import aujourdhui

_ROLE = Qt.ItemDataRole.UserRole
CHECK_DELAY_MS = 250


def _hm(value) -> str:
    return value.strftime("%H:%M") if isinstance(value, dt.time) else (value or "")


class RendezVousDialog(QDialog):
    """Plan (``ligne`` None) or change a rendez-vous. ``saved(id, avertissements)`` once stored."""

    saved = Signal(str, list)

    def __init__(self, context, *, ligne=None, jour: dt.date | None = None, debut: dt.time | None = None,
                 jeunes: list[tuple[str, str]] = (), conseiller_id: str | None = None, titre: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.profile, self.ligne = context, context.profile, ligne
        self.conseiller_id = ligne.conseiller_id if ligne is not None else (conseiller_id or self.profile.user_id)
        self.mode = "modifier" if ligne is not None else "planifier"  # or "reporter"
        self.setObjectName("dialogueRendezVous")
        self.setWindowTitle(titre or ("Modifier le rendez-vous" if ligne is not None else "Nouveau rendez-vous"))
        self.setMinimumWidth(600)
        self.setMinimumHeight(680)
        self._build()
        self._wire()
        if ligne is not None:
            self._fill(ligne)
        else:
            start = debut or dt.time(9, 0)
            end = (dt.datetime.combine(dt.date.today(), start) + dt.timedelta(minutes=30)).time()
            self.date.set_value(jour or aujourdhui(self.context.profile))
            self.debut.setText(_hm(start))
            self.fin.setText(_hm(end))
            for jeune_id, nom in jeunes:
                self.add_jeune(jeune_id, nom)
        self._load_choices()
        (self.picker.search if not self.jeune_ids() else self.date).setFocus()

    # --- layout ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.form = Form()
        self.picker = JeunePicker(self.context, "Ajouter un jeune (nom, prénom…)", compact=True, results_height=120,
                                  accessible_name="Ajouter un jeune au rendez-vous")
        self.chosen = QListWidget()
        self.chosen.setObjectName("jeunesRendezVous")
        self.chosen.setAccessibleName("Jeunes attendus")
        self.chosen.setMaximumHeight(80)
        self.remove_button = QPushButton("Retirer")
        self.remove_button.setToolTip("Retirer le jeune choisi de la liste (Suppr)")
        jeunes = QWidget()
        column = QVBoxLayout(jeunes)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picker)
        row = QHBoxLayout()
        row.addWidget(self.chosen, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)
        self.consents = QLabel()
        self.consents.setObjectName("consentementsRendezVous")
        self.consents.setWordWrap(True)
        self.consents.setStyleSheet("color: #505050;")
        column.addWidget(self.consents)
        self.form.add("jeune_ids", "Jeune(s) *", jeunes)
        self.date = self.form.add("date", "Date *", DateField())
        from desktop_app.views.kit.widgets import FieldError

        hours = QWidget()
        hours_column = QVBoxLayout(hours)
        hours_column.setContentsMargins(0, 0, 0, 0)
        hours_column.setSpacing(1)
        line = QHBoxLayout()
        hours_column.addLayout(line)
        fin_error = FieldError(hours)
        fin_error.setObjectName("erreur_heure_fin")
        hours_column.addWidget(fin_error)
        self.debut, self.fin = QLineEdit(), QLineEdit()
        for edit, name in ((self.debut, "Heure de début"), (self.fin, "Heure de fin")):
            edit.setPlaceholderText("HH:MM")
            edit.setMaximumWidth(80)
            edit.setAccessibleName(name)
        line.addWidget(self.debut)
        line.addWidget(QLabel("à"))
        line.addWidget(self.fin)
        line.addStretch(1)
        self.form.add("heure_debut", "De *", hours)
        self.form.fields["heure_debut"], self.form.fields["heure_fin"] = self.debut, self.fin
        self.form.errors["heure_fin"] = fin_error
        self.type_lieu = self.form.add("type_lieu", "Lieu *", CodeCombo(TypeLieuRendezVous.choices(), empty=None))
        self.lieu = self.form.add("lieu_id", "Agence, antenne ou permanence", CodeCombo([]))
        self.partenaire = self.form.add("partenaire_id", "Partenaire", CodeCombo([]))
        for box in (self.lieu, self.partenaire):
            box.setMinimumContentsLength(24)
        self.precision = self.form.add("lieu_precision", "Précision (salle, lien, numéro)", QLineEdit())
        self.objet = self.form.add("objet", "Objet", ThemesField())
        self.intitule = self.form.add("intitule", "Intitulé", QLineEdit())
        self.intitule.setPlaceholderText("Point CEJ, information collective…")
        self.a_apporter = self.form.add("a_apporter", "À apporter", QLineEdit())
        self.note = self.form.add("note", "Note (jamais imprimée ni envoyée)", NoteField())
        self.note.edit.setAccessibleName("Note du rendez-vous")
        self.warning = QLabel()
        self.warning.setObjectName("avertissementChevauchement")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5300; font-weight: bold;")  # amber: a warning, not an error
        self.warning.hide()
        self.message = QLabel()
        self.message.setObjectName("messageRendezVous")
        self.message.setStyleSheet("color: #a4262c;")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        self.buttons = dialog_buttons(self, self.submit)
        layout.addWidget(self.buttons)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        """Entrée in the jeune search chooses the first result; it never saves the dialog half-typed."""
        from PySide6.QtCore import QEvent

        if (watched is self.picker.search and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if self.picker.results.count():
                self.picker.results.setCurrentRow(0)
                self.picker.results.itemActivated.emit(self.picker.results.item(0))
                self.date.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _wire(self) -> None:
        self.picker.search.installEventFilter(self)
        self.picker.chosen.connect(self.add_jeune)
        self.remove_button.clicked.connect(self._remove_current)
        self.type_lieu.currentIndexChanged.connect(lambda _i: self._lieu_fields())
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_overlap)
        for edit in (self.date, self.debut, self.fin):
            edit.textChanged.connect(lambda _t: self._check_timer.start())
        self._lieu_fields()

    def _lieu_fields(self) -> None:
        kind = self.type_lieu.value()
        self.lieu.setEnabled(kind in (TypeLieuRendezVous.AGENCE.value, TypeLieuRendezVous.ANTENNE.value,
                                      TypeLieuRendezVous.PERMANENCE.value))
        self.partenaire.setEnabled(kind == TypeLieuRendezVous.PARTENAIRE.value)

    def _load_choices(self) -> None:
        from desktop_app.services.agenda.lecture import choix_formulaire

        profile = self.profile
        self.context.tasks.run_db(lambda: choix_formulaire(profile), self._choices_loaded, lambda _e: None)

    def _choices_loaded(self, choix) -> None:
        if not isValid(self):
            return
        self.lieu.set_choices(choix.lieux)
        self.partenaire.set_choices(choix.partenaires)
        if self.ligne is not None:
            self.lieu.set_value(self._stored.get("lieu_id"))
            self.partenaire.set_value(self._stored.get("partenaire_id"))

    def _fill(self, ligne) -> None:
        from desktop_app.domain.enums import ThemeProposition

        self._stored = {"lieu_id": None, "partenaire_id": None}
        for p in ligne.participants:
            self.add_jeune(p.jeune_id, p.nom)
        self.date.set_value(ligne.date)
        self.debut.setText(_hm(ligne.heure_debut))
        self.fin.setText(_hm(ligne.heure_fin))
        self.type_lieu.set_value(ligne.type_lieu)
        labels = {label: code for code, label in ThemeProposition.choices()}
        self.objet.set_value([labels.get(o, o) for o in ligne.objet])
        self.intitule.setText(ligne.intitule or "")
        self.a_apporter.setText(ligne.a_apporter or "")
        self.note.set_value(ligne.note)
        profile, rdv_id = self.profile, ligne.id

        def stored():
            from desktop_app.db.models import RendezVous

            from desktop_app.services.agenda.lecture import rendez_vous

            rendez_vous(profile, rdv_id)  # the right to read it
            with profile.session() as s:
                r = s.get(RendezVous, rdv_id)
                return {"lieu_id": r.lieu_id, "partenaire_id": r.partenaire_id, "lieu_precision": r.lieu_precision}

        self.context.tasks.run_db(stored, self._stored_loaded, lambda _e: None)

    def _stored_loaded(self, values) -> None:
        if not isValid(self):
            return
        self._stored = values
        self.lieu.set_value(values["lieu_id"])
        self.partenaire.set_value(values["partenaire_id"])
        self.precision.setText(values["lieu_precision"] or "")

    # --- jeunes ------------------------------------------------------------------------------------------
    def jeune_ids(self) -> list[str]:
        return [self.chosen.item(i).data(_ROLE) for i in range(self.chosen.count())]

    def add_jeune(self, jeune_id: str, nom: str) -> None:
        if jeune_id in self.jeune_ids():
            return
        item = QListWidgetItem(nom)
        item.setData(_ROLE, jeune_id)
        self.chosen.addItem(item)
        self.chosen.setCurrentItem(item)
        self._show_consents()

    def _remove_current(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self._show_consents()

    def _show_consents(self) -> None:
        from desktop_app.services.agenda.lecture import jeunes_du_formulaire

        ids, profile = self.jeune_ids(), self.profile
        if not ids:
            self.consents.setText("")
            return
        self.context.tasks.run_db(lambda: jeunes_du_formulaire(profile, ids), self._consents_loaded,
                                  lambda _e: None)

    def _consents_loaded(self, jeunes) -> None:
        if not isValid(self):
            return
        noms = {j.id: j.nom for j in jeunes}
        for i in range(self.chosen.count()):  # a jeune added by id alone (from a dossier) gets its name
            item = self.chosen.item(i)
            if item.data(_ROLE) in noms:
                item.setText(noms[item.data(_ROLE)])
        lines = [f"{j.nom} — rappels : {j.consentements}" for j in jeunes[:4]]
        if len(jeunes) > 4:
            lines.append(f"… et {len(jeunes) - 4} autres jeunes (session collective)")
        self.consents.setText("\n".join(lines))

    # --- checking, saving --------------------------------------------------------------------------------
    def values(self):
        objet = self.objet.value()
        return {"jeune_ids": self.jeune_ids(), "conseiller_id": self.conseiller_id, "date": self.date.value(),
                "heure_debut": self.debut.text(), "heure_fin": self.fin.text(), "type_lieu": self.type_lieu.value(),
                "lieu_id": self.lieu.value() if self.lieu.isEnabled() else None,
                "partenaire_id": self.partenaire.value() if self.partenaire.isEnabled() else None,
                "lieu_precision": self.precision.text(), "objet": ",".join(objet) if objet else None,
                "intitule": self.intitule.text(), "a_apporter": self.a_apporter.text(), "note": self.note.value()}

    def check_overlap(self) -> None:
        """The overlap warning while typing (the slot is read as the service reads it; a bad slot: no check)."""
        from desktop_app.domain.saisie import date_field, time_field
        from desktop_app.services.agenda.lecture import avertissements_creneau

        errors: dict[str, str] = {}
        jour = date_field(self.date.value(), "date", errors)
        debut = time_field(self.debut.text(), "heure_debut", errors)
        fin = time_field(self.fin.text(), "heure_fin", errors)
        if errors or not (jour and debut and fin) or fin <= debut:
            self._show_warnings([])
            return
        profile, conseiller, sauf = self.profile, self.conseiller_id, self.ligne.id if self.ligne else None
        self.context.tasks.run_db(lambda: avertissements_creneau(profile, conseiller, jour, debut, fin, sauf=sauf),
                                  self._show_warnings, lambda _e: None)

    def _show_warnings(self, avertissements: list[str]) -> None:
        if not isValid(self):
            return
        self.warning.setText("\n".join(avertissements) + (" Vous pouvez l'enregistrer quand même."
                                                          if avertissements else ""))
        self.warning.setVisible(bool(avertissements))

    def submit(self) -> None:
        from desktop_app.services.agenda import rendez_vous as service

        values, profile = self.values(), self.profile
        if self.ligne is None:
            work = lambda: service.planifier(profile, values)  # noqa: E731
        elif self.mode == "reporter":
            rdv_id = self.ligne.id
            work = lambda: service.reporter(profile, rdv_id, values)  # noqa: E731
        else:
            rdv_id = self.ligne.id
            work = lambda: service.modifier(profile, rdv_id, values)  # noqa: E731
        self.message.setText("")
        run_write(self.context, work, on_done=self._done, on_error=self._failed, form=self.form, parent=self)

    def _done(self, fait) -> None:
        self.saved.emit(fait.id, list(fait.avertissements))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from desktop_app.domain.errors import UserError

        errors = getattr(exc, "errors", None)
        if isinstance(exc, UserError) and errors:
            self.form.show_errors(dict(errors))
            self.message.setText("Le rendez-vous n'a pas été enregistré : corrigez les champs signalés.")
            first = next(iter(errors))
            widget = self.form.fields.get(first)
            if widget is not None:
                (self.picker.search if first == "jeune_ids" else widget).setFocus()
        elif isinstance(exc, UserError):
            self.message.setText(exc.message)
        else:
            show_failure(exc, parent=self)
