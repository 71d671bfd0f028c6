"""One atelier mobilité session: plan it (form with French messages beside the fields), enrol jeunes from a
search, tick attendance, the skills checklist and the social-fare step, print the feuille d'émargement."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import CompetenceMobilite, NiveauAtelier, TarifSolidaire
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import (
    Form,
    combo,
    confirmer,
    hbox,
    preview_pdf,
    run_write,
    set_combo,
    show_failure,
    tant_que,
    title_label,
)
from desktop_app.views.kit.grille_presence import PREMIERE, Colonne, GrillePresence, Ligne
from desktop_app.views.kit.operation import refus_montre
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.text import pluriel
from desktop_app.views.kit.widgets import FieldError
from desktop_app.views.shell.sections import ShellContext

if TYPE_CHECKING:
    from desktop_app.services.ateliers.saisies import SaisieAtelier

COURTS = {"lire_plan": "Plan", "itineraire": "Itinéraire", "changer_mode": "Modes",
          "automate": "Automate", "titre": "Titre", "signaletique": "Signalétique",
          "savoir_voyager": "Voyager"}  # short headers; the full skill is the header's tooltip


class PlanForm(QWidget):
    """Plan (or change) a session."""

    saved = Signal(str)

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.atelier_id: str | None = None
        self.heading = title_label("Nouvelle séance d'atelier mobilité")
        self.form = Form()
        f = self.form
        f.add_creneau("Date")
        f.add("lieu_id", "Lieu", combo([], empty="—"))
        f.add("niveau", "Niveau", combo(NiveauAtelier.choices()))
        f.add("co_animateur_nom", "Co-animateur", QLineEdit())
        f.add("co_animateur_organisation", "Organisation", QLineEdit()).setPlaceholderText(
            "par exemple l'opérateur de transport")
        capacite = QSpinBox()
        capacite.setRange(1, 15)
        capacite.setValue(15)
        f.add("capacite", "Places (15 au plus)", capacite)
        self.save_button = QPushButton("Enregistrer la séance")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(f)
        layout.addLayout(hbox(self.save_button))
        layout.addStretch(1)
        selon_droit(context.profile, self.save_button, "mobilite.modifier")
        self.save_button.clicked.connect(self.save)

    def set_lieux(self, lieux: list[tuple[str, str]]) -> None:
        box: QComboBox = self.form.fields["lieu_id"]
        current = box.currentData()
        box.clear()
        box.addItem("—", None)
        for lieu_id, nom in lieux:
            box.addItem(nom, lieu_id)
        set_combo(box, current)

    def load(self, atelier) -> None:
        """Fill the form with a session to change it (None: a new one)."""
        f = self.form.fields
        self.atelier_id = atelier.id if atelier else None
        self.heading.setText("Modifier la séance" if atelier else "Nouvelle séance d'atelier mobilité")
        f["date"].set_date(atelier.date if atelier else None)
        f["heure_debut"].setText(atelier.heure_debut.strftime("%H:%M") if atelier and atelier.heure_debut else "")
        f["heure_fin"].setText(atelier.heure_fin.strftime("%H:%M") if atelier and atelier.heure_fin else "")
        set_combo(f["lieu_id"], atelier.lieu_id if atelier else None)
        set_combo(f["niveau"], atelier.niveau if atelier else "initiation")
        f["co_animateur_nom"].setText(atelier.co_animateur_nom or "" if atelier else "")
        f["co_animateur_organisation"].setText(atelier.co_animateur_organisation or "" if atelier else "")
        f["capacite"].setValue(atelier.capacite if atelier else 15)
        self.form.show_errors({})

    def save(self) -> None:
        from desktop_app.services.ateliers.seances import plan_atelier

        values: SaisieAtelier = {name: self.form.value(name) for name in self.form.fields}
        profile, atelier_id = self.context.profile, self.atelier_id
        run_write(self.context, lambda: plan_atelier(profile, values, atelier_id=atelier_id).id,
                  form=self.form, parent=self, on_done=self.saved.emit)


class SessionPanel(QWidget):
    """The chosen session: details, enrolment, attendance and skills grid, émargement."""

    edit_requested = Signal(object)
    deleted = Signal()

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.atelier_id: str | None = None
        self.detail = None
        self.title = title_label("")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.edit_button = QPushButton("Modifier…")
        self.print_button = QPushButton("Feuille d'émargement…")
        self.delete_button = QPushButton("Supprimer la séance")
        self.picker = JeunePicker(context, "Inscrire un jeune : tapez son nom…", accessible_name="Inscrire un jeune",
                                  limit=8, compact=True, results_height=110)
        self.enrol_error = FieldError(self)
        self.enrol_error.setObjectName("erreur_participants")
        self.remove_button = QPushButton("Retirer le participant")
        self.sort_button = QPushButton("Trier par nom")  # newcomers stay at the bottom while ticking
        self.sort_button.setToolTip("Remettre les participants dans l'ordre alphabétique")
        self.table = GrillePresence(context, self._colonnes(), droit="mobilite.modifier", recharger=self.reload)
        header = self.table.horizontalHeader()
        tarif = PREMIERE + 1 + len(COURTS)  # after « Présent » and the skills
        header.setSectionResizeMode(tarif, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(tarif, 170)
        actions = QHBoxLayout()  # under the title and details: the title is never squeezed on a small screen
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addLayout(actions)
        layout.addWidget(self.picker)
        layout.addWidget(self.enrol_error)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        hint = QLabel("Cochez la présence, les compétences acquises et la démarche de tarif solidaire.")
        hint.setWordWrap(True)
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.sort_button)
        bottom.addWidget(self.remove_button)
        layout.addLayout(bottom)
        self.modifiable = selon_droit(context.profile, [self.edit_button, self.picker, self.remove_button,
                                                    self.delete_button], "mobilite.modifier")
        selon_droit(context.profile, self.print_button, "impression")
        self.picker.chosen.connect(self.enrol)
        self.print_button.clicked.connect(self.print_emargement)
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.detail.atelier if self.detail else None))
        self.remove_button.clicked.connect(self.remove_selected)
        self.sort_button.clicked.connect(self.sort_by_name)
        self.delete_button.clicked.connect(self.delete_session)
        self.table.coche.connect(self._ticked)

    def _colonnes(self) -> list[Colonne]:
        """« Présent », the skills (short headers, the full skill as tooltip), the social fare and its step."""
        def tarif(pid: str) -> QComboBox:
            box = combo(TarifSolidaire.choices(), empty="—")
            box.currentIndexChanged.connect(lambda _i: self._tarif(pid))
            return box

        def demarche(pid: str) -> QCheckBox:
            box = QCheckBox()
            box.toggled.connect(lambda _on: self._tarif(pid))
            return box

        return ([Colonne("present", "Présent")]
                + [Colonne(comp.value, COURTS[comp.value], infobulle=comp.label) for comp in CompetenceMobilite]
                + [Colonne("tarif", "Tarif solidaire", creer=tarif, montrer=set_combo),
                   Colonne("demarche", "Démarche", infobulle="Démarche de tarif solidaire engagée", creer=demarche,
                           montrer=lambda box, on: box.setChecked(bool(on)), attente="tarif")])

    def open(self, atelier_id: str) -> None:
        from desktop_app.services.ateliers.seances import get_atelier

        self.atelier_id = atelier_id
        profile = self.context.profile
        self.context.tasks.run_db(lambda: get_atelier(profile, atelier_id), tant_que(self, self._show_if_open),
                                  self._vanished)

    def _vanished(self, exc: BaseException) -> None:
        """A refresh that found the session deleted meanwhile (here or by a sync): nothing to show."""
        from desktop_app.domain.errors import UserError

        if not isinstance(exc, UserError):
            show_failure(exc, parent=self)

    def reload(self) -> None:
        if self.atelier_id:
            self.open(self.atelier_id)

    def _show(self, detail) -> None:
        """Show ``detail`` (a reload, or the result of a write). While the same session stays open the rows
        keep their places: a newcomer goes at the bottom, a tick never moves a row under the pointer
        (« Trier par nom » re-sorts on demand); a box whose write is still running keeps what the user ticked."""
        same = self.detail is not None and self.detail.atelier.id == detail.atelier.id
        self.detail = detail
        self._show_info(detail)
        if not same:  # another session
            self.table.vider()
        self.table.afficher([Ligne(p.id, p.nom, p.prenom, {"present": p.present, **p.competences,
                                                            "tarif": p.tarif_solidaire,
                                                            "demarche": p.demarche_tarif_engagee})
                             for p in detail.participants])

    def _show_info(self, detail) -> None:
        a = detail.atelier
        heures = ""
        if a.heure_debut:
            heures = f", {a.heure_debut:%H:%M}" + (f"–{a.heure_fin:%H:%M}" if a.heure_fin else "")
        self.title.setText(f"Atelier du {a.date:%d/%m/%Y}{heures}")
        co = a.co_animateur_nom or ""
        if a.co_animateur_organisation:
            co = f"{co} ({a.co_animateur_organisation})".strip()
        self.info.setText(f"{NiveauAtelier.label_of(a.niveau)} · {detail.lieu or 'lieu à préciser'}"
                          f" · co-animateur : {co or '—'} · {pluriel(len(detail.participants), 'inscrit')} sur "
                          f"{a.capacite} places, {pluriel(detail.places_restantes, 'restante')}")

    def sort_by_name(self) -> None:
        """« Trier par nom »: the rows in alphabetical order again (the newcomers find their place)."""
        if self.detail is not None:
            self.table.trier_par_nom()

    def _ticked(self, participation_id: str, colonne: str, on: bool) -> None:
        if colonne == "present":
            self._presence(participation_id, on)
        else:
            self._competence(participation_id, colonne, on)

    def _presence(self, participation_id: str, on: bool) -> None:
        from desktop_app.domain.errors import UserError
        from desktop_app.services.ateliers.seances import set_presence

        profile = self.context.profile
        self.enrol_error.clear_message()

        def refused(exc: UserError) -> None:  # a future session: said under the grid, the tick undone
            self.enrol_error.show_message(getattr(exc, "errors", {}).get("present", exc.message))

        self.table.ecrire(participation_id, "present", lambda: set_presence(profile, participation_id, on),
                          refus=refused)

    def _competence(self, participation_id: str, name: str, on: bool) -> None:
        from desktop_app.services.ateliers.seances import set_competences

        profile = self.context.profile
        self.table.ecrire(participation_id, name, lambda: set_competences(profile, participation_id, {name: on})[name])

    def _tarif(self, participation_id: str) -> None:
        from desktop_app.services.ateliers.seances import set_tarif_solidaire

        tarif, demarche = self.table.widget(participation_id, "tarif"), self.table.widget(participation_id, "demarche")
        profile, code, engagee = self.context.profile, tarif.currentData(), demarche.isChecked()
        self.table.ecrire(participation_id, "tarif",
                          lambda: set_tarif_solidaire(profile, participation_id, code, engagee))

    def enrol(self, jeune_id: str, _name: str) -> None:
        from desktop_app.services.ateliers.seances import enrol, get_atelier

        profile, atelier_id = self.context.profile, self.atelier_id
        self.enrol_error.clear_message()

        def failed(exc: BaseException) -> None:
            refus_montre(exc, self.enrol_error, parent=self, champ="participants")

        def work():
            enrol(profile, atelier_id, [jeune_id])
            return get_atelier(profile, atelier_id)  # the session as stored, shown at once

        run_write(self.context, work, on_done=self._show_if_open, on_error=failed, parent=self)

    def _show_if_open(self, detail) -> None:
        if detail is not None and detail.atelier.id == self.atelier_id:
            self._show(detail)

    def remove_selected(self) -> None:
        from desktop_app.services.ateliers.seances import get_atelier, unenrol

        row = self.table.currentRow()
        if row < 0:
            return
        participation_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        nom = f"{self.table.item(row, 1).text()} {self.table.item(row, 0).text()}"
        if not confirmer(self, "Retirer le participant",
                         f"Retirer {nom} de cette séance ? Sa présence et ses compétences cochées seront effacées, "
                         "et l'atelier disparaîtra de son parcours."):
            return
        profile, atelier_id = self.context.profile, self.atelier_id

        def work():
            unenrol(profile, participation_id)
            return get_atelier(profile, atelier_id)

        run_write(self.context, work, parent=self, on_done=self._show_if_open)

    def delete_session(self) -> None:
        """A session planned by mistake: removed with its enrolments and the « Atelier » actualités."""
        from desktop_app.services.ateliers.seances import remove_atelier

        if not self.atelier_id or self.detail is None:
            return
        count = len(self.detail.participants)
        inscrits = (" Son unique inscription et ce qui y est noté seront effacés." if count == 1 else
                    f" Ses {count} inscriptions et ce qui y est noté seront effacés." if count else "")
        if not confirmer(self, "Supprimer la séance",
                         f"Supprimer la séance du {self.detail.atelier.date:%d/%m/%Y} ?{inscrits}"):
            return
        profile, atelier_id = self.context.profile, self.atelier_id

        def done(_r) -> None:
            self.atelier_id, self.detail = None, None
            self.table.vider()
            self.deleted.emit()

        run_write(self.context, lambda: remove_atelier(profile, atelier_id), parent=self,
                  on_done=done)

    def print_emargement(self) -> None:
        from desktop_app.services.ateliers.seances import emargement_pdf

        if not self.atelier_id:
            return
        profile, atelier_id = self.context.profile, self.atelier_id
        date = self.detail.atelier.date.strftime("%Y-%m-%d") if self.detail else ""
        preview_pdf(self.context, lambda: emargement_pdf(profile, atelier_id),
                    titre="Feuille d'émargement", nom_fichier=f"emargement-atelier-{date}.pdf", parent=self)
