"""The « Agenda » section (issue 15): a conseiller's day or week — one's own by default, a colleague's read only
when the role allows — with its rendez-vous and sessions in their time slots, overlaps highlighted.

Keyboard: ←/→ the previous/next day, Page précédente/suivante the week, ↑/↓ the selection, Entrée opens, N a new
rendez-vous, T today, J/S day/week view, H honoré, D the jeune's dossier. « Honoré » marks the rendez-vous and
opens the dossier's actualité form pre-filled (date, duration, themes, lieu…): the counsellor completes the note
and saves, the rendez-vous then points at that actualité. A collective session's attendance is taken jeune by
jeune (« Présences… »), each jeune present getting its actualité directly.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.enums import StatutRendezVous
from desktop_app.views.agenda.grille import GrilleAgenda
from desktop_app.views.kit.boutons import dialog_buttons
from desktop_app.views.kit.champs import CodeCombo
from desktop_app.views.kit.formulaire import title_label
from desktop_app.views.kit.operation import run_write, show_failure
from desktop_app.views.kit.text import format_date
from desktop_app.views.shell.sections import ShellContext

KINDS = frozenset({"rendez_vous", "rendez_vous_participant", "atelier_mobilite", "atelier_participation",
                   "permanence", "permanence_conseiller", "jeune", "utilisateur", "lieu", "partenaire", "sync"})
LECTURE_SEULE = "Agenda d'un collègue : en lecture seule."
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _load(profile, vue: str, jour: dt.date, conseiller_id: str | None) -> dict[str, Any]:
    from desktop_app.services.agenda.lecture import journee, semaine

    return {"agenda": (journee if vue == "jour" else semaine)(profile, jour, conseiller_id)}


def _load_choices(profile) -> dict[str, Any]:
    from desktop_app.services.agenda.lecture import conseillers_visibles
    from desktop_app.services.permanences.seances import lieux
    from desktop_app.services.profil import referentiels

    return {"conseillers": conseillers_visibles(profile),
            "actualite": {"lieu": [(lieu.id, lieu.nom) for lieu in lieux(profile)],
                          "conseiller": [(c.code, c.libelle) for c in referentiels.conseillers(profile)]}}


class AgendaScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.setObjectName("ecranAgenda")
        self.context, self.profile = context, context.profile
        from desktop_app.services.sync.horloge import aujourdhui

        self.aujourdhui = aujourdhui(self.profile)
        self.jour = self.aujourdhui
        self.vue = "semaine"
        self.conseiller_id: str | None = self.profile.user_id
        self.agenda = None
        self.lecture_seule = False
        self.choix_actualite: dict[str, list] = {}
        self.dialog: QDialog | None = None
        self.apercu = None
        self._windows: dict[str, QWidget] = {}
        self._generation = 0
        self._select_after_reload: str | None = None
        self._build()
        self._wire()
        context.tasks.run_db(lambda p=self.profile: _load_choices(p), self._choices_loaded, self._failed)
        self.reload()

    # --- layout ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.conseiller = QComboBox()
        self.conseiller.setObjectName("choixConseillerAgenda")
        self.conseiller.setAccessibleName("Agenda de")
        self.conseiller.setMinimumContentsLength(18)
        self.vue_combo = QComboBox()
        self.vue_combo.setAccessibleName("Vue")
        self.vue_combo.addItem("Semaine (S)", "semaine")
        self.vue_combo.addItem("Jour (J)", "jour")
        self.prev_button = QPushButton("◀")
        self.prev_button.setAccessibleName("Jour précédent")
        self.prev_button.setToolTip("Jour précédent (←) ; semaine précédente : Page précédente")
        self.today_button = QPushButton("Aujourd'hui")
        self.today_button.setToolTip("Revenir à aujourd'hui (T)")
        self.next_button = QPushButton("▶")
        self.next_button.setAccessibleName("Jour suivant")
        self.next_button.setToolTip("Jour suivant (→) ; semaine suivante : Page suivante")
        self.periode = QLabel()
        self.periode.setObjectName("periodeAgenda")
        self.new_button = QPushButton("Nouveau rendez-vous…")
        self.new_button.setObjectName("nouveauRendezVous")
        self.new_button.setToolTip("Planifier un rendez-vous le jour choisi (N)")
        self.print_button = QPushButton("Imprimer la journée…")
        self.print_button.setToolTip("Liste A4 des rendez-vous du jour choisi (heure, nom, lieu, objet ; sans note)")
        bar = QHBoxLayout()
        heading = title_label("Agenda")
        heading.setObjectName("sectionTitle")
        bar.addWidget(heading)
        bar.addSpacing(12)
        bar.addWidget(QLabel("Agenda de"))
        bar.addWidget(self.conseiller)
        bar.addWidget(self.vue_combo)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.print_button)

        self.grille = GrilleAgenda()
        self.detail = QLabel()
        self.detail.setObjectName("detailAgenda")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Ouvrir…")
        self.open_button.setToolTip("Voir ou modifier le rendez-vous (Entrée)")
        self.dossier_button = QPushButton("Ouvrir le dossier")
        self.dossier_button.setToolTip("Le dossier du jeune (D)")
        self.convocation_button = QPushButton("Convocation…")
        self.convocation_button.setToolTip("La lettre de convocation (PDF), et son texte SMS / e-mail à copier")
        self.honore_button = QPushButton("Honoré…")
        self.honore_button.setObjectName("statut_honore")
        self.honore_button.setToolTip("Le jeune est venu : l'actualité s'ouvre pré-remplie (H)")
        self.excuse_button = QPushButton("Absent·e excusé·e")
        self.excuse_button.setObjectName("statut_absent_excuse")
        self.absent_button = QPushButton("Absent·e non excusé·e")
        self.absent_button.setObjectName("statut_absent_non_excuse")
        self.presences_button = QPushButton("Présences…")
        self.presences_button.setToolTip("Séance collective : la présence de chaque jeune")
        self.reporter_button = QPushButton("Reporter…")
        self.annuler_button = QPushButton("Annuler le rendez-vous")
        self.annuler_button.setObjectName("statut_annule")
        self.replanifier_button = QPushButton("Remettre en « Prévu »")
        self.replanifier_button.setObjectName("statut_prevu")
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.detail, 1)
        self.actions = (self.open_button, self.dossier_button, self.convocation_button, self.honore_button, self.excuse_button,
                        self.absent_button, self.presences_button, self.reporter_button, self.annuler_button,
                        self.replanifier_button)
        for button in self.actions:
            column.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.grille)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([760, 280])
        splitter.setChildrenCollapsible(False)
        self.status = QLabel()
        self.status.setObjectName("etatAgenda")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.periode)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.setFocusProxy(self.grille)

    def _wire(self) -> None:
        self.conseiller.currentIndexChanged.connect(lambda _i: self._conseiller_changed())
        self.vue_combo.currentIndexChanged.connect(lambda _i: self.set_vue(self.vue_combo.currentData()))
        self.prev_button.clicked.connect(lambda: self.move_day(-1))
        self.next_button.clicked.connect(lambda: self.move_day(1))
        self.today_button.clicked.connect(self.go_today)
        self.new_button.clicked.connect(lambda: self.new_rendez_vous())
        self.print_button.clicked.connect(self.print_day)
        self.grille.day_moved.connect(self.move_day)
        self.grille.week_moved.connect(lambda n: self.move_day(7 * n))
        self.grille.activated.connect(self.open_bloc)
        self.grille.new_at.connect(lambda day, time: self.new_rendez_vous(day, time))
        self.grille.selection_changed.connect(self._show_detail)
        self.open_button.clicked.connect(lambda: self.open_bloc(self.grille.selection))
        self.dossier_button.clicked.connect(self.open_dossier_current)
        self.convocation_button.clicked.connect(self.convocation)
        self.honore_button.clicked.connect(self.honorer)
        self.excuse_button.clicked.connect(lambda: self.set_statut(StatutRendezVous.ABSENT_EXCUSE.value))
        self.absent_button.clicked.connect(lambda: self.set_statut(StatutRendezVous.ABSENT_NON_EXCUSE.value))
        self.annuler_button.clicked.connect(lambda: self.set_statut(StatutRendezVous.ANNULE.value))
        self.replanifier_button.clicked.connect(lambda: self.set_statut(StatutRendezVous.PREVU.value))
        self.presences_button.clicked.connect(self.presences)
        self.reporter_button.clicked.connect(self.reporter)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, slot in (("N", lambda: self.new_rendez_vous()), ("T", self.go_today),
                          ("J", lambda: self.set_vue("jour")), ("S", lambda: self.set_vue("semaine")),
                          ("H", self.honorer), ("D", self.open_dossier_current)):
            QShortcut(QKeySequence(key), self, slot, context=context)
        self.context.bus.data_changed.connect(self._on_data_changed)
        self._show_detail(None)

    # --- loading -----------------------------------------------------------------------------------------
    def _choices_loaded(self, data) -> None:
        if not isValid(self):
            return
        self.choix_actualite = data["actualite"]
        self.conseiller.blockSignals(True)
        self.conseiller.clear()
        for c in data["conseillers"]:
            self.conseiller.addItem(c.nom + (" (lecture seule)" if c.lecture_seule else " (moi)"), c.id)
        if len(data["conseillers"]) > 1:
            self.conseiller.addItem("Toute la structure (lecture seule)", None)
        index = self.conseiller.findData(self.conseiller_id)
        self.conseiller.setCurrentIndex(max(0, index))
        self.conseiller.blockSignals(False)
        self.conseiller.setEnabled(self.conseiller.count() > 1)

    def _conseiller_changed(self) -> None:
        self.conseiller_id = self.conseiller.currentData()
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation, profile, vue, jour, conseiller = (self._generation, self.profile, self.vue, self.jour,
                                                      self.conseiller_id)
        self.context.tasks.run_db(lambda: _load(profile, vue, jour, conseiller),
                                  lambda data: self._loaded(generation, data), self._failed, droppable=True)

    def _jours(self) -> list[dt.date]:
        if self.vue == "jour":
            return [self.jour]
        lundi = self.jour - dt.timedelta(days=self.jour.weekday())
        return [lundi + dt.timedelta(days=i) for i in range(7 if self._weekend() else 5)]

    def _weekend(self) -> bool:
        lundi = self.jour - dt.timedelta(days=self.jour.weekday())
        if self.jour.weekday() >= 5:
            return True
        return self.agenda is not None and any((x.date - lundi).days >= 5 for x in
                                               [*self.agenda.rendez_vous, *self.agenda.seances])

    def _loaded(self, generation: int, data) -> None:
        if generation != self._generation or not isValid(self):
            return
        self.agenda = data["agenda"]
        self.lecture_seule = self.agenda.lecture_seule
        self.grille.set_agenda(self._jours(), self.jour, self.agenda)
        if self._select_after_reload:
            self.grille.select_cle(self._select_after_reload)
            if self.grille.selection is not None and self.grille.selection.cle == self._select_after_reload:
                self._select_after_reload = None
        self._show_periode()
        self._show_detail(self.grille.selection)
        self.new_button.setEnabled(not self.lecture_seule)
        self.new_button.setToolTip(LECTURE_SEULE if self.lecture_seule
                                   else "Planifier un rendez-vous le jour choisi (N)")

    def _failed(self, exc: BaseException) -> None:
        from desktop_app.domain.errors import UserError

        if not isValid(self):
            return
        if isinstance(exc, UserError):
            self.status.setText(exc.message)
        else:
            show_failure(exc, parent=self)

    def _on_data_changed(self, kinds) -> None:
        if isValid(self) and kinds & KINDS:
            self.reload()

    def _show_periode(self) -> None:
        jours = self._jours()
        day = f"{JOURS[self.jour.weekday()]} {format_date(self.jour)}"
        if self.vue == "jour":
            text = day
        else:
            text = f"Semaine du {format_date(jours[0])} au {format_date(jours[-1])} — {day}"
        if self.agenda is not None:
            rdv = [r for r in self.agenda.rendez_vous if r.date == self.jour]
            overlaps = sum(1 for r in rdv if r.chevauche)
            text += f" · {len(rdv)} rendez-vous ce jour" + (f", {overlaps} en chevauchement" if overlaps else "")
        self.periode.setText(text)

    # --- navigation --------------------------------------------------------------------------------------
    def set_vue(self, vue: str) -> None:
        if vue == self.vue:
            return
        self.vue = vue
        self.vue_combo.blockSignals(True)
        self.vue_combo.setCurrentIndex(self.vue_combo.findData(vue))
        self.vue_combo.blockSignals(False)
        self.reload()

    def go_to(self, jour: dt.date) -> None:
        same_week = (self.vue == "semaine" and self.agenda is not None and self.agenda.du <= jour <= self.agenda.au)
        self.jour = jour
        if same_week and jour in self._jours():
            self.grille.set_jour_courant(jour)
            self._show_periode()
            self._show_detail(self.grille.selection)
        else:
            self.reload()

    def move_day(self, days: int) -> None:
        """±1: the previous/next working day (a counsellor's week is Monday to Friday); ±7: a week."""
        step = self.jour + dt.timedelta(days=days)
        if abs(days) == 1:
            while step.weekday() >= 5:
                step += dt.timedelta(days=days)
        self.go_to(step)

    def go_today(self) -> None:
        self.go_to(self.aujourdhui)

    # --- the selection -----------------------------------------------------------------------------------
    def current_ligne(self):
        bloc = self.grille.selection
        return bloc.ligne if bloc is not None else None

    def _show_detail(self, bloc) -> None:
        if not isValid(self):
            return
        ligne = bloc.ligne if bloc is not None else None
        if bloc is None:
            self.detail.setText("Aucun rendez-vous choisi.\n\nN : nouveau rendez-vous · T : aujourd'hui\n"
                                "← → : jour · ↑ ↓ : rendez-vous · Entrée : ouvrir")
        elif bloc.seance is not None:
            x = bloc.seance
            lines = [x.libelle_sorte, x.titre, format_date(x.date) + (f", {bloc.debut:%H:%M}–{bloc.fin:%H:%M}")]
            if x.lieu:
                lines.append(f"Lieu : {x.lieu}")
            if x.inscrits is not None:
                lines.append(f"Inscrits : {x.inscrits}")
            self.detail.setText("\n".join(lines))
        else:
            lines = [f"{JOURS[ligne.date.weekday()].capitalize()} {format_date(ligne.date)}, "
                     f"{ligne.heure_debut:%H:%M}–{ligne.heure_fin:%H:%M}",
                     ligne.intitule or ("Séance collective" if ligne.collectif else "Rendez-vous individuel"),
                     "Jeune(s) : " + "\n  ".join(
                         f"{p.nom}" + (f" ({StatutRendezVous.label_of(p.statut).lower()})" if ligne.collectif else "")
                         for p in ligne.participants),
                     f"Lieu : {ligne.lieu}", "Objet : " + (", ".join(ligne.objet) or "—"),
                     f"Statut : {ligne.libelle_statut}", f"Conseiller·ère : {ligne.conseiller}"]
            if ligne.a_apporter:
                lines.append(f"À apporter : {ligne.a_apporter}")
            if ligne.chevauche:
                lines.append("⚠ Chevauche un autre rendez-vous prévu.")
            if ligne.actualite_id:
                lines.append("Actualité écrite dans le dossier.")
            self.detail.setText("\n".join(lines))
        self._update_buttons(ligne)

    def _update_buttons(self, ligne) -> None:
        has = ligne is not None
        writable = has and not self.lecture_seule
        prevu = has and ligne.statut == StatutRendezVous.PREVU.value
        passe = has and ligne.date <= self.aujourdhui
        collectif = has and ligne.collectif
        self.open_button.setEnabled(has)
        self.dossier_button.setEnabled(has and not collectif)
        self.convocation_button.setEnabled(prevu)
        self.honore_button.setEnabled(writable and passe and not collectif
                                      and ligne.statut != StatutRendezVous.HONORE.value)
        for button in (self.excuse_button, self.absent_button):
            button.setEnabled(writable and passe and not collectif)
        self.presences_button.setEnabled(writable and passe and collectif)
        self.reporter_button.setEnabled(writable and prevu)
        self.annuler_button.setEnabled(writable and prevu)
        self.replanifier_button.setEnabled(writable and not prevu and ligne.statut != StatutRendezVous.REPORTE.value)
        for button in self.actions[3:]:
            if self.lecture_seule and has:
                button.setToolTip(LECTURE_SEULE)
            elif has and not passe and button in (self.honore_button, self.excuse_button, self.absent_button,
                                                   self.presences_button):
                button.setToolTip("Son issue se note le jour venu.")

    # --- actions -----------------------------------------------------------------------------------------
    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def new_rendez_vous(self, day: dt.date | None = None, time: dt.time | None = None) -> None:
        from desktop_app.views.agenda.dialogue import RendezVousDialog

        if self.lecture_seule:
            self.status.setText(LECTURE_SEULE)
            return
        dialog = RendezVousDialog(self.context, jour=day or self.jour, debut=time, conseiller_id=self.conseiller_id,
                                  parent=self)
        dialog.saved.connect(self._saved)
        self._open_dialog(dialog)

    def open_bloc(self, bloc) -> None:
        from desktop_app.views.agenda.dialogue import RendezVousDialog

        if bloc is None or bloc.ligne is None:
            return
        dialog = RendezVousDialog(self.context, ligne=bloc.ligne, parent=self)
        if self.lecture_seule:
            dialog.setWindowTitle("Rendez-vous (lecture seule)")
            dialog.buttons.setEnabled(False)
            dialog.form.setEnabled(False)
        dialog.saved.connect(self._saved)
        self._open_dialog(dialog)

    def _saved(self, rdv_id: str, avertissements: list) -> None:
        self.status.setText("Rendez-vous enregistré." + (" " + " ".join(avertissements) if avertissements else ""))
        self._select_after_reload = f"rdv:{rdv_id}"

    def set_statut(self, statut: str, jeune_id: str | None = None) -> None:
        from desktop_app.services.agenda.rendez_vous import changer_statut

        ligne = self.current_ligne()
        if ligne is None or self.lecture_seule:
            return
        profile, rdv_id = self.profile, ligne.id
        label = StatutRendezVous.label_of(statut)
        run_write(self.context, lambda: changer_statut(profile, rdv_id, statut, jeune_id=jeune_id),
                  on_done=lambda _s: self.status.setText(f"Rendez-vous : « {label} »."), parent=self,
                  titre="Statut non changé")

    def honorer(self) -> None:
        """Honoré: the status is recorded, then the dossier's actualité form opens pre-filled."""
        from desktop_app.services.agenda.rendez_vous import honorer

        ligne = self.current_ligne()
        if ligne is None or self.lecture_seule or ligne.collectif or not self.honore_button.isEnabled():
            return
        profile, rdv_id = self.profile, ligne.id
        jeune = ligne.participants[0] if ligne.participants else None
        run_write(self.context, lambda: honorer(profile, rdv_id),
                  on_done=lambda prefill: self._actualite(rdv_id, jeune, prefill), parent=self,
                  titre="Statut non changé")

    def _actualite(self, rdv_id: str, jeune, prefill) -> None:
        from desktop_app.views.jeunes.elements import ElementDialog

        self.status.setText("Rendez-vous honoré : complétez l'actualité pré-remplie puis enregistrez.")
        if jeune is None:
            return
        dialog = ElementDialog(self.context, "actualite", jeune.jeune_id, choices=self.choix_actualite, parent=self)
        dialog.setWindowTitle(f"Actualité du rendez-vous — {jeune.nom}")
        dialog.prefill(prefill)
        dialog.recorded.connect(lambda record: self._link(rdv_id, record))
        self._open_dialog(dialog)

    def _link(self, rdv_id: str, record) -> None:
        from desktop_app.services.agenda.rendez_vous import lier_actualite

        profile, actualite_id = self.profile, record.id
        run_write(self.context, lambda: lier_actualite(profile, rdv_id, actualite_id),
                  on_done=lambda _r: self.status.setText("Actualité enregistrée dans le dossier du jeune."),
                  parent=self)

    def presences(self) -> None:
        ligne = self.current_ligne()
        if ligne is None or not ligne.collectif or self.lecture_seule:
            return
        dialog = PresencesDialog(self.context, ligne, parent=self)
        dialog.done_.connect(lambda n: self.status.setText(f"Présences enregistrées : {n} actualité(s) écrite(s)."))
        self._open_dialog(dialog)

    def convocation(self) -> None:
        """The convocation letter of the selected rendez-vous, in the PDF preview (its SMS / e-mail text from
        the preview's owner: the dossier's « Documents »)."""
        from desktop_app.views.rappels.documents import apercu_convocation

        ligne = self.current_ligne()
        if ligne is not None and ligne.statut == StatutRendezVous.PREVU.value:
            apercu_convocation(self, self.context, ligne.id)

    def reporter(self) -> None:
        from desktop_app.views.agenda.dialogue import RendezVousDialog

        ligne = self.current_ligne()
        if ligne is None or self.lecture_seule or ligne.statut != StatutRendezVous.PREVU.value:
            return
        dialog = RendezVousDialog(self.context, ligne=ligne, titre="Reporter le rendez-vous", parent=self)
        dialog.mode = "reporter"  # saving postpones: the new one is planned, the old one marked « Reporté »
        dialog.saved.connect(lambda rdv_id, w: (self._saved(rdv_id, w),
                                                self.status.setText("Rendez-vous reporté." + (" " + " ".join(w)
                                                                                              if w else ""))))
        self._open_dialog(dialog)

    def open_dossier_current(self) -> None:
        ligne = self.current_ligne()
        if ligne is not None and ligne.participants and not ligne.collectif:
            self.open_dossier(ligne.participants[0].jeune_id)

    def open_dossier(self, jeune_id: str) -> QWidget:
        from desktop_app.views.jeunes.dossier import DossierWindow

        window = self._windows.get(jeune_id)
        if window is None or not isValid(window):
            window = DossierWindow(self.context, jeune_id, opener=self)
            self._windows[jeune_id] = window
        window.show()
        window.raise_()
        return window

    def print_day(self) -> None:
        from desktop_app.services.agenda.impression import journee_pdf

        profile, jour, conseiller = self.profile, self.jour, self.conseiller_id
        self.status.setText("Préparation de la liste du jour…")
        self.context.tasks.run_db(lambda: journee_pdf(profile, jour, conseiller),
                                  lambda pdf: self._preview(pdf, jour), self._failed)

    def _preview(self, pdf: bytes, jour: dt.date) -> None:
        from desktop_app.views.kit.apercu_pdf import ApercuPdfDialog

        if not isValid(self):
            return
        self.status.setText("")
        self.apercu = ApercuPdfDialog(pdf, titre=f"Journée du {format_date(jour)}",
                                      nom_fichier=f"agenda-{jour:%Y-%m-%d}.pdf", parent=self)
        self.apercu.open()


class PresencesDialog(QDialog):
    """The attendance of a collective session, one status per jeune."""

    done_ = Signal(int)

    def __init__(self, context, ligne, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.ligne = context, ligne
        self.setWindowTitle(f"Présences — {ligne.intitule or 'séance collective'} du {format_date(ligne.date)}")
        self.setObjectName("dialoguePresences")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.combos: dict[str, CodeCombo] = {}
        choices = [(s.value, s.label) for s in (StatutRendezVous.PREVU, StatutRendezVous.HONORE,
                                                StatutRendezVous.ABSENT_EXCUSE, StatutRendezVous.ABSENT_NON_EXCUSE)]
        for p in ligne.participants:
            combo = CodeCombo(choices, empty=None)
            combo.set_value(p.statut)
            combo.setAccessibleName(f"Présence de {p.nom}")
            self.combos[p.jeune_id] = combo
            form.addRow(p.nom, combo)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a4262c;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(self, self.submit))

    def submit(self) -> None:
        from desktop_app.services.agenda.rendez_vous import enregistrer_presences

        statuts = {jeune_id: combo.value() for jeune_id, combo in self.combos.items()}
        profile, rdv_id = self.context.profile, self.ligne.id
        run_write(self.context, lambda: enregistrer_presences(profile, rdv_id, statuts),
                  on_done=lambda ids: (self.done_.emit(len(ids)), self.accept()),
                  on_error=lambda exc: self.message.setText(getattr(exc, "message", "")) if hasattr(exc, "message")
                  else show_failure(exc, parent=self), parent=self)
