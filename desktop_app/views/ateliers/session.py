"""One atelier mobilité session: plan it (form with French messages beside the fields), enrol jeunes from a
search, tick attendance, the skills checklist and the social-fare step, print the feuille d'émargement."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.enums import CompetenceMobilite, NiveauAtelier, TarifSolidaire
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import (
    DateField,
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
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.text import pluriel
from desktop_app.views.kit.widgets import FieldError
from desktop_app.views.shell.sections import ShellContext

if TYPE_CHECKING:
    from desktop_app.services.ateliers.saisies import SaisieAtelier

COURTS = {"lire_plan": "Plan", "itineraire": "Itinéraire", "changer_mode": "Modes",
          "automate": "Automate", "titre": "Titre", "signaletique": "Signalétique",
          "savoir_voyager": "Voyager"}  # short headers; the full skill is the header's tooltip
FIXED = ["Nom", "Prénom", "Présent"]


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
        f.add("date", "Date", DateField())
        for name, label in (("heure_debut", "Début"), ("heure_fin", "Fin")):
            heure = f.add(name, label, QLineEdit())
            heure.setPlaceholderText("HH:MM")
            heure.setMaximumWidth(80)
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
        self._order: list[str] = []  # participation ids in the rows' order (stable while the session is open)
        self._pending: dict[tuple[str, str], int] = {}  # (participation, cell) → its writes still running
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
        self.table = QTableWidget(0, len(FIXED) + len(COURTS) + 2)
        self.table.setHorizontalHeaderLabels(FIXED + list(COURTS.values()) + ["Tarif solidaire", "Démarche"])
        for col, comp in enumerate(CompetenceMobilite, start=len(FIXED)):
            self.table.horizontalHeaderItem(col).setToolTip(comp.label)
        self.table.horizontalHeaderItem(len(FIXED) + len(COURTS) + 1).setToolTip("Démarche de tarif solidaire engagée")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(FIXED) + len(COURTS), QHeaderView.ResizeMode.Fixed)
        header.resizeSection(len(FIXED) + len(COURTS), 170)
        header.setStretchLastSection(True)
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

    def open(self, atelier_id: str) -> None:
        from desktop_app.services.ateliers.seances import get_atelier

        if atelier_id != self.atelier_id:
            self._order, self._pending = [], {}
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
        by_id = {p.id: p for p in detail.participants}
        order = [pid for pid in self._order if pid in by_id] if same else []
        order += [p.id for p in detail.participants if p.id not in order]
        self.table.blockSignals(True)
        if order[:len(self._order)] != self._order or not same:  # someone left, or another session
            self.table.setRowCount(0)
            self._order = []
        for pid in order[len(self._order):]:
            self._add_row(by_id[pid])
        self._order = order
        for row, pid in enumerate(order):
            self._update_row(row, by_id[pid])
        self.table.blockSignals(False)

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
            self.table.setRowCount(0)
            self._order = []
            self._show(self.detail)

    def _add_row(self, p) -> None:
        from desktop_app.services.ateliers.seances import COMPETENCES

        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, text in enumerate((p.nom, p.prenom)):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.table.setItem(row, col, item)
        self._check(row, 2, lambda on, pid=p.id: self._presence(pid, on), "Présent")
        for col, name in enumerate(COMPETENCES, start=len(FIXED)):
            self._check(row, col, lambda on, pid=p.id, n=name: self._competence(pid, n, on), COURTS[name])
        tarif = combo(TarifSolidaire.choices(), empty="—")
        self.table.setCellWidget(row, len(FIXED) + len(COURTS), tarif)
        demarche = QCheckBox()
        self.table.setCellWidget(row, len(FIXED) + len(COURTS) + 1, demarche)
        tarif.currentIndexChanged.connect(lambda _i, pid=p.id, t=tarif, d=demarche: self._tarif(pid, t, d))
        demarche.toggled.connect(lambda _on, pid=p.id, t=tarif, d=demarche: self._tarif(pid, t, d))
        if not self.modifiable:  # the grid is read-only for this role (the reason shows on hover)
            for col in range(2, self.table.columnCount()):
                selon_droit(self.context.profile, self.table.cellWidget(row, col), "mobilite.modifier")

    def _update_row(self, row: int, p) -> None:
        """The stored values of ``p`` in its row, except the boxes whose write is still running."""
        from desktop_app.services.ateliers.seances import COMPETENCES

        cells = [(2, "present", bool(p.present))] + [
            (col, name, p.competences[name]) for col, name in enumerate(COMPETENCES, start=len(FIXED))]
        for col, name, value in cells:
            if not self._pending.get((p.id, name)):
                self._set_box(self.checkbox(row, col), value)
        if not self._pending.get((p.id, "tarif")):
            tarif = self.table.cellWidget(row, len(FIXED) + len(COURTS))
            demarche = self.table.cellWidget(row, len(FIXED) + len(COURTS) + 1)
            for widget in (tarif, demarche):
                widget.blockSignals(True)
            set_combo(tarif, p.tarif_solidaire)
            demarche.setChecked(p.demarche_tarif_engagee)
            for widget in (tarif, demarche):
                widget.blockSignals(False)

    @staticmethod
    def _set_box(box: QCheckBox, value: bool) -> None:
        if box.isChecked() != value:
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)

    def _check(self, row: int, col: int, slot, name: str) -> None:
        box = QCheckBox()
        box.setAccessibleName(name)
        box.toggled.connect(slot)
        holder = QWidget()
        lay = QHBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(box)
        self.table.setCellWidget(row, col, holder)

    def checkbox(self, row: int, col: int) -> QCheckBox:
        return self.table.cellWidget(row, col).findChild(QCheckBox)

    def _row_of(self, participation_id: str) -> int:
        return self._order.index(participation_id) if participation_id in self._order else -1

    def _write_cell(self, participation_id: str, name: str, work, shown, refused=None) -> None:
        """Run the write of one cell; its result (the stored value) is shown at once, then the reload
        announced on the bus refreshes the rest. Until then no reload overwrites what the user ticked."""
        key = (participation_id, name)
        self._pending[key] = self._pending.get(key, 0) + 1

        def settle() -> None:
            self._pending[key] -= 1
            if not self._pending[key]:
                del self._pending[key]

        def done(stored) -> None:
            settle()
            row = self._row_of(participation_id)
            if row >= 0 and key not in self._pending:
                shown(row, stored)

        def failed(exc: BaseException) -> None:
            from desktop_app.domain.errors import UserError

            settle()
            if refused is not None and isinstance(exc, UserError):
                refused(exc)
            else:
                show_failure(exc, parent=self)
            self.reload()  # the stored state comes back

        run_write(self.context, work, parent=self, on_done=done, on_error=failed)

    def _presence(self, participation_id: str, on: bool) -> None:
        from desktop_app.domain.errors import UserError
        from desktop_app.services.ateliers.seances import set_presence

        profile = self.context.profile
        self.enrol_error.clear_message()

        def refused(exc: UserError) -> None:  # a future session: said under the grid, the tick undone
            self.enrol_error.show_message(getattr(exc, "errors", {}).get("present", exc.message))

        self._write_cell(participation_id, "present", lambda: set_presence(profile, participation_id, on),
                         lambda row, stored: self._set_box(self.checkbox(row, 2), bool(stored)), refused=refused)

    def _competence(self, participation_id: str, name: str, on: bool) -> None:
        from desktop_app.services.ateliers.seances import COMPETENCES, set_competences

        profile, col = self.context.profile, len(FIXED) + COMPETENCES.index(name)
        self._write_cell(participation_id, name,
                         lambda: set_competences(profile, participation_id, {name: on})[name],
                         lambda row, stored: self._set_box(self.checkbox(row, col), bool(stored)))

    def _tarif(self, participation_id: str, tarif: QComboBox, demarche: QCheckBox) -> None:
        from desktop_app.services.ateliers.seances import set_tarif_solidaire

        profile, code, engagee = self.context.profile, tarif.currentData(), demarche.isChecked()
        self._write_cell(participation_id, "tarif",
                         lambda: set_tarif_solidaire(profile, participation_id, code, engagee),
                         lambda _row, _stored: None)

    def enrol(self, jeune_id: str, _name: str) -> None:
        from desktop_app.domain.errors import UserError
        from desktop_app.domain.saisie import SaisieInvalide
        from desktop_app.services.ateliers.seances import enrol, get_atelier

        profile, atelier_id = self.context.profile, self.atelier_id
        self.enrol_error.clear_message()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SaisieInvalide):
                self.enrol_error.show_message(exc.errors.get("participants", exc.message))
            elif isinstance(exc, UserError):
                self.enrol_error.show_message(exc.message)
            else:
                show_failure(exc, parent=self)

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
            self.atelier_id, self.detail, self._order, self._pending = None, None, [], {}
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
