"""The chosen action: its details, programme of séances, participants, the attendance grid of a séance with
the outcome checklist, the counted public, and the émargement."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QAbstractItemView,
)

from desktop_app.views.actions_collectives import grille
from desktop_app.views.actions_collectives.programme import ProgrammeForm
from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.formulaire import (
    confirmer,
    hbox,
    preview_pdf,
    run_write,
    show_failure,
    tant_que,
    title_label,
)
from desktop_app.views.kit.grille_presence import GrillePresence
from desktop_app.views.kit.operation import refus_montre
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.text import pluriel
from desktop_app.views.kit.widgets import FieldError
from desktop_app.views.shell.sections import ShellContext

def _horaire(debut, fin) -> str:
    if debut and fin:
        return f"{debut:%H:%M}–{fin:%H:%M}"
    return f"{debut:%H:%M}" if debut else ""


class ActionPanel(QWidget):
    """The chosen action: its details, programme of séances, participants, the attendance grid of a séance with
    the outcome checklist, the counted public, and the émargement."""

    edit_requested = Signal(object)
    deleted = Signal()
    ouvrir_atelier = Signal(str)

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.action_id: str | None = None
        self.seance_id: str | None = None
        self.detail = None
        self.title = title_label("")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.edit_button = QPushButton("Modifier…")
        self.delete_button = QPushButton("Supprimer l'action")
        self.atelier_button = QPushButton("Compétences et tarif solidaire…")
        self.atelier_button.setToolTip("Ouvrir la séance dans l'onglet « Séances d'ateliers mobilité »")
        top = QHBoxLayout()
        for b in (self.edit_button, self.delete_button, self.atelier_button):
            top.addWidget(b)
        top.addStretch(1)
        # programme
        self.seances = QTableWidget(0, 4)
        self.seances.setObjectName("seancesAction")
        self.seances.setHorizontalHeaderLabels(["Date", "Horaire", "Jeunes présents", "Public compté"])
        self.seances.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.seances.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.seances.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.seances.verticalHeader().hide()
        self.seances.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.seances.horizontalHeader().setStretchLastSection(True)
        self.seances.setMinimumHeight(90)
        self.seances.setMaximumHeight(170)
        self.remove_seance_button = QPushButton("Retirer la séance")
        self.programme = ProgrammeForm(context)
        prog_box = QGroupBox("Programme des séances")
        prog = QVBoxLayout(prog_box)
        prog.addWidget(self.seances)
        prog.addLayout(hbox(self.remove_seance_button))
        prog.addWidget(self.programme)
        # participants and the grid of the chosen séance
        self.picker = JeunePicker(context, "Inscrire un jeune : tapez son nom…", accessible_name="Inscrire un jeune",
                                  limit=8, compact=True, results_height=110)
        self.enrol_error = FieldError(self)
        self.enrol_error.setObjectName("erreur_participants")
        self.avertissement = QLabel()
        self.avertissement.setObjectName("avertissementCapacite")
        self.avertissement.setWordWrap(True)
        self.avertissement.hide()
        self.seance_title = QLabel()
        self.seance_title.setObjectName("titreSeance")
        self.table = GrillePresence(context, [grille.PRESENT], droit="actions.modifier", recharger=self.reload)
        self.table.setObjectName("grillePresence")
        self.table.setMinimumHeight(160)
        self.public = QLineEdit()
        self.public.setAccessibleName("Public compté")
        self.public.setPlaceholderText("nombre")
        self.public.setMaximumWidth(90)
        self.public_description = QLineEdit()
        self.public_description.setAccessibleName("Qui a été compté")
        self.public_description.setPlaceholderText("par exemple « élèves de 3e B »")
        self.public_button = QPushButton("Enregistrer le public compté")
        self.public_error = FieldError(self)
        self.public_error.setObjectName("erreur_public_compte")
        public_row = QHBoxLayout()
        public_row.addWidget(QLabel("Public compté sans nom :"))
        public_row.addWidget(self.public)
        public_row.addWidget(self.public_description, 1)
        public_row.addWidget(self.public_button)
        self.sort_button = QPushButton("Trier par nom")
        self.sort_button.setToolTip("Remettre les participants dans l'ordre alphabétique")
        self.remove_button = QPushButton("Retirer le participant")
        self.print_button = QPushButton("Feuille d'émargement…")
        grid_box = QGroupBox("Participants et présences")
        grid = QVBoxLayout(grid_box)
        grid.addWidget(self.picker)
        grid.addWidget(self.enrol_error)
        grid.addWidget(self.seance_title)
        grid.addWidget(self.table, 1)
        grid.addLayout(public_row)
        grid.addWidget(self.public_error)
        grid.addWidget(self.avertissement)
        bottom = QHBoxLayout()
        hint = QLabel("Choisissez une séance dans le programme, puis cochez les présents et les résultats.")
        hint.setWordWrap(True)
        bottom.addWidget(hint, 1)
        for b in (self.sort_button, self.remove_button, self.print_button):
            bottom.addWidget(b)
        grid.addLayout(bottom)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addLayout(top)
        layout.addWidget(prog_box)
        layout.addWidget(grid_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.modifiable = selon_droit(context.profile, [self.edit_button, self.delete_button, self.picker,
                                                        self.remove_button, self.remove_seance_button,
                                                        self.public, self.public_description, self.public_button],
                                      "actions.modifier")
        selon_droit(context.profile, self.print_button, "impression")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.detail.action if self.detail else None))
        self.delete_button.clicked.connect(self.delete_action)
        self.atelier_button.clicked.connect(self._open_atelier)
        self.seances.currentCellChanged.connect(self._seance_chosen)
        self.remove_seance_button.clicked.connect(self.remove_seance)
        self.programme.added.connect(self.reload)
        self.picker.chosen.connect(self.enrol)
        self.public_button.clicked.connect(self.save_public)
        self.public.returnPressed.connect(self.save_public)
        self.sort_button.clicked.connect(self.sort_by_name)
        self.remove_button.clicked.connect(self.remove_selected)
        self.print_button.clicked.connect(self.print_emargement)
        self.table.coche.connect(self._ticked)

    # --- loading ---
    def open(self, action_id: str) -> None:
        from desktop_app.services.actions_collectives.listes import detail_action
        from desktop_app.services.sync.horloge import aujourdhui

        if action_id != self.action_id:
            self.seance_id = None
        self.action_id = action_id
        self.programme.action_id = action_id
        profile = self.context.profile
        self.context.tasks.run_db(lambda: (detail_action(profile, action_id), aujourdhui(profile)),
                                  tant_que(self, self._show_detail), self._vanished)

    def reload(self) -> None:
        if self.action_id:
            self.open(self.action_id)

    def _vanished(self, exc: BaseException) -> None:
        from desktop_app.domain.errors import UserError

        if not isinstance(exc, UserError):
            show_failure(exc, parent=self)

    def _show_detail(self, result) -> None:
        detail, self._today = result
        if detail is None or detail.action.id != self.action_id:
            return
        self.detail = detail
        a = detail.action
        self.title.setText(f"{a.titre}")
        parts = [detail.libelle_type, detail.lieu or "lieu à préciser"]
        if detail.conseiller:
            parts.append(f"animé par {detail.conseiller}")
        if detail.co_animation:
            parts.append(f"avec {detail.co_animation}")
        parts.append(pluriel(len(detail.inscrits), "inscrit") + (f" sur {a.capacite} places" if a.capacite else ""))
        if a.vises:
            parts.append(f"{a.vises} jeunes visés")
        self.info.setText(" · ".join(parts) + (f"\n{a.programme}" if a.programme else ""))
        self.atelier_button.setVisible(detail.mobilite)
        self.programme.setVisible(self.modifiable)
        self.seances.blockSignals(True)
        self.seances.setRowCount(0)
        chosen = -1
        for row, x in enumerate(detail.seances):
            self.seances.insertRow(row)
            cells = (f"{x.date:%d/%m/%Y}", _horaire(x.heure_debut, x.heure_fin), str(x.presents),
                     "" if x.public_compte is None else f"{x.public_compte}"
                     + (f" ({x.public_description})" if x.public_description else ""))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, x.id)
                self.seances.setItem(row, col, item)
            if x.id == self.seance_id:
                chosen = row
        if chosen < 0 and detail.seances:
            chosen = self._seance_du_jour(detail.seances)
        if chosen >= 0:
            self.seances.setCurrentCell(chosen, 0)
        self.seances.blockSignals(False)
        self.table.definir_colonnes(grille.colonnes(detail))
        if chosen >= 0:
            self._choose(detail.seances[chosen].id)
        else:
            self.seance_id = None
            self.table.vider()
            self.seance_title.setText("Aucune séance au programme : ajoutez-en une ci-dessus.")

    def _seance_du_jour(self, seances) -> int:
        """The séance of today, else the last one held, else the first one."""
        today = self._today
        passees = [n for n, x in enumerate(seances) if x.date <= today]
        return passees[-1] if passees else 0

    def _seance_chosen(self, row: int, _col: int, _prow: int, _pcol: int) -> None:
        item = self.seances.item(row, 0) if row >= 0 else None
        if item is not None:
            self._choose(item.data(Qt.ItemDataRole.UserRole))

    def _choose(self, seance_id: str) -> None:
        from desktop_app.services.actions_collectives.inscriptions import grille as lire_grille

        if seance_id != self.seance_id:
            self.table.vider()
            self.avertissement.hide()
            self.public_error.clear_message()
        self.seance_id = seance_id
        x = next((s for s in self.detail.seances if s.id == seance_id), None) if self.detail else None
        if x is not None:
            self.seance_title.setText(f"Séance du {x.date:%d/%m/%Y} {_horaire(x.heure_debut, x.heure_fin)}".strip())
            if not self.public.hasFocus():
                self.public.setText("" if x.public_compte is None else str(x.public_compte))
                self.public_description.setText(x.public_description or "")
        profile = self.context.profile
        self.context.tasks.run_db(lambda: (seance_id, lire_grille(profile, seance_id)),
                                  tant_que(self, self._show_grid),
                                  self._vanished)

    # --- the grid ---
    def _show_grid(self, result) -> None:
        """The grid of the chosen séance (rows keep their places while it stays chosen: the kit's grid)."""
        seance_id, lignes = result
        if seance_id != self.seance_id or self.detail is None:
            return
        self.table.afficher(grille.lignes(lignes, self.detail))

    def _warn(self, avertissements) -> None:
        self.avertissement.setText(" ".join(avertissements))
        self.avertissement.setVisible(bool(avertissements))

    def _ticked(self, jeune_id: str, colonne: str, on: bool) -> None:
        if colonne == "present":
            self._presence(jeune_id, on)
        else:
            self._resultat(jeune_id, colonne, on)

    def _presence(self, jeune_id: str, on: bool) -> None:
        from desktop_app.services.actions_collectives.inscriptions import noter_presence

        profile, seance_id = self.context.profile, self.seance_id
        self.enrol_error.clear_message()

        def refused(exc) -> None:
            self.enrol_error.show_message(getattr(exc, "errors", {}).get("present", exc.message))

        self.table.ecrire(jeune_id, "present", lambda: noter_presence(profile, seance_id, jeune_id, on),
                          refus=refused, apres=lambda stored: self._warn(stored.avertissements))

    def _resultat(self, jeune_id: str, code: str, on: bool) -> None:
        from desktop_app.services.actions_collectives.inscriptions import cocher_resultat

        profile, action_id = self.context.profile, self.action_id
        self.table.ecrire(jeune_id, code, lambda: cocher_resultat(profile, action_id, jeune_id, code, on)[code])

    def sort_by_name(self) -> None:
        if self.seance_id:
            self.table.trier_par_nom()

    # --- writes ---
    def save_public(self) -> None:
        from desktop_app.services.actions_collectives.public import noter_public
        from desktop_app.services.actions_collectives.saisies import SaisiePublic

        if not self.seance_id:
            self.public_error.show_message("Choisissez d'abord une séance dans le programme.")
            return
        values: SaisiePublic = {"public_compte": self.public.text().strip(),
                                "public_description": self.public_description.text().strip()}
        profile, seance_id = self.context.profile, self.seance_id
        self.public_error.clear_message()

        def failed(exc: BaseException) -> None:
            from desktop_app.domain.errors import UserError

            if isinstance(exc, UserError):
                errors = getattr(exc, "errors", {})
                self.public_error.show_message(errors.get("public_compte") or errors.get("public_description")
                                               or exc.message)
            else:
                show_failure(exc, parent=self)

        def done(result) -> None:
            self._warn(result.avertissements)
            self.reload()

        run_write(self.context, lambda: noter_public(profile, seance_id, values), parent=self, on_done=done,
                  on_error=failed)

    def enrol(self, jeune_id: str, _name: str) -> None:
        from desktop_app.services.actions_collectives.inscriptions import inscrire

        profile, action_id = self.context.profile, self.action_id
        self.enrol_error.clear_message()

        def failed(exc: BaseException) -> None:
            refus_montre(exc, self.enrol_error, parent=self, champ="participants")

        def done(result) -> None:
            self._warn(result.avertissements)
            self.reload()

        run_write(self.context, lambda: inscrire(profile, action_id, [jeune_id]), on_done=done, on_error=failed,
                  parent=self)

    def remove_selected(self) -> None:
        from desktop_app.services.actions_collectives.inscriptions import desinscrire

        row = self.table.currentRow()
        if row < 0 or not self.action_id:
            return
        jeune_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        nom = f"{self.table.item(row, 1).text()} {self.table.item(row, 0).text()}"
        if not confirmer(self, "Retirer le participant",
                         f"Retirer {nom} de cette action ? Ses présences et ses résultats seront effacés."):
            return
        profile, action_id = self.context.profile, self.action_id
        run_write(self.context, lambda: desinscrire(profile, action_id, jeune_id), parent=self,
                  on_done=lambda _r: self.reload())

    def remove_seance(self) -> None:
        from desktop_app.services.actions_collectives.seances import supprimer_seance

        if not self.seance_id or self.detail is None:
            return
        x = next((s for s in self.detail.seances if s.id == self.seance_id), None)
        if x is None or not confirmer(self, "Retirer la séance",
                                      f"Retirer la séance du {x.date:%d/%m/%Y} du programme ? Les présences qui y "
                                      "sont notées seront effacées."):
            return
        profile, seance_id = self.context.profile, self.seance_id

        def done(_r) -> None:
            self.seance_id = None
            self.reload()

        run_write(self.context, lambda: supprimer_seance(profile, seance_id), parent=self, on_done=done)

    def delete_action(self) -> None:
        from desktop_app.services.actions_collectives.action import supprimer_action

        if not self.action_id or self.detail is None:
            return
        if not confirmer(self, "Supprimer l'action",
                         f"Supprimer « {self.detail.action.titre} », ses séances, ses inscrits et leurs présences ?"):
            return
        profile, action_id = self.context.profile, self.action_id

        def done(_r) -> None:
            self.action_id, self.detail, self.seance_id = None, None, None
            self.table.vider()
            self.deleted.emit()

        run_write(self.context, lambda: supprimer_action(profile, action_id), parent=self, on_done=done)

    def _open_atelier(self) -> None:
        x = next((s for s in self.detail.seances if s.id == self.seance_id), None) if self.detail else None
        if x is not None and x.atelier_id:
            self.ouvrir_atelier.emit(x.atelier_id)

    def print_emargement(self) -> None:
        from desktop_app.services.actions_collectives.inscriptions import emargement_pdf

        if not self.seance_id:
            return
        profile, seance_id = self.context.profile, self.seance_id
        x = next((s for s in self.detail.seances if s.id == seance_id), None) if self.detail else None
        date = x.date.strftime("%Y-%m-%d") if x else ""
        preview_pdf(self.context, lambda: emargement_pdf(profile, seance_id), titre="Feuille d'émargement",
                    nom_fichier=f"emargement-{date}.pdf", parent=self)
