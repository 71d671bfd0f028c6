"""The dossier jeune window: the form (four tabs) beside the timeline; Ctrl+S saves, inline French messages,
an autosaved draft offered back on reopening, duplicate candidates on creation, « Fusionner avec… »."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.errors import UserError
from desktop_app.services.jeunes import brouillons
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.views.jeunes.formulaire import DossierForm, form_values_of
from desktop_app.views.kit.operation import run_write, show_failure
from desktop_app.views.shell.sections import ShellContext
from desktop_app.views.kit.text import format_datetime

if TYPE_CHECKING:
    from desktop_app.services.jeunes.saisies import SaisieJeune

DRAFT_DELAY_MS = 800
VALIDATE_DELAY_MS = 200
TIMELINE_KINDS = frozenset({"actualite", "frein", "proposition", "situation", "dispositif_participation",
                            "lieu", "sync"})  # a lieu renamed: the actualités' lines name it


def _load(profile, jeune_id: str | None) -> dict[str, Any]:
    """Everything the window shows, read in one go on the database thread."""
    from desktop_app.services.profil import referentiels
    from desktop_app.services.jeunes import termes_sensibles
    from desktop_app.services.jeunes import chronologie as timeline
    from desktop_app.services.permanences.seances import lieux

    data: dict[str, Any] = {
        "conseillers": [(c.code, c.libelle) for c in referentiels.conseillers(profile)],
        "lieux": [(lieu.id, lieu.nom) for lieu in lieux(profile)],
        "termes": termes_sensibles.terms_for(profile),
        "brouillon": brouillons.load_draft(profile, FORMULAIRE, jeune_id),
        "jeune": None, "items": [],
    }
    if jeune_id:
        data["jeune"] = jeunes.ouvrir_dossier(profile, jeune_id)  # recorded in the access log
        data["items"] = timeline.timeline(profile, jeune_id)
        from desktop_app.services.agenda.lecture import prochain_rendez_vous

        data["prochain_rdv"] = prochain_rendez_vous(profile, jeune_id)
        from desktop_app.services.reperage.entrees import origine

        data["reperage"] = origine(profile, jeune_id)  # where the person was signalled (« aller vers »)
    return data


FORMULAIRE = "jeune"  # the drafts' form name (services.brouillons)


class DossierWindow(QWidget):
    """One jeune's file in its own window (several can be open side by side)."""

    loaded = Signal()
    saved = Signal(str)  # jeune id
    created = Signal(str)

    def __init__(self, context: ShellContext, jeune_id: str | None, *, opener: QWidget | None = None) -> None:
        # a window of its own, owned by the main window: it closes with the application
        super().__init__(opener.window() if opener is not None else None, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context, self.profile, self.opener = context, context.profile, opener
        self.jeune_id = jeune_id
        self.record = None
        self.baseline: dict[str, Any] = {}
        self.is_loaded = False
        self.errors: dict[str, str] = {}
        self._save_attempted = False
        self._draft_offered = None
        self.setObjectName("dossierJeune")
        self.resize(1280, 720)
        self._build()
        self._wire()
        self.reload()

    # --- layout ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        from desktop_app.views.jeunes.chronologie import ChronologiePanel

        self._build_header()

        self._build_banner()

        from desktop_app.views.agenda.dossier_rdv import RendezVousDossierPanel

        from functools import partial

        from desktop_app.services.sync.horloge import aujourdhui

        # the profile, not the window: a reference to the window from its own child would outlive its deletion
        self.form = DossierForm(today=partial(aujourdhui, self.profile))
        self.timeline = ChronologiePanel(self.context, self.jeune_id, self)
        self.rendez_vous = RendezVousDossierPanel(self.context, self.jeune_id, self)  # coming and past (issue 15)
        self.prochain_rdv = None
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.timeline)
        right.addWidget(self.rendez_vous)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.form)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 660])  # the four tabs of the form without scroll arrows down to a 1024 px screen
        splitter.setChildrenCollapsible(False)

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.summary)
        names.addWidget(self.ou_en_est)
        from desktop_app.views.jeunes.intensite_cej import IntensiteCej

        self.intensite_cej = IntensiteCej(self.context, self.jeune_id, self)  # CEJ only: hours per week
        names.addWidget(self.intensite_cej)
        head.addLayout(names, 1)
        for button in (self.save_button, self.documents_button, self.merge_button, self.offres_button,
                       self.close_button):
            head.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.form, self.timeline)

    def _build_header(self) -> None:
        self.title = QLabel("Nouveau dossier jeune" if self.jeune_id is None else "Chargement du dossier…")
        self.title.setObjectName("titreDossier")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("resumeDossier")
        self.ou_en_est = QLabel()  # where the jeune stands: dispositif, situation, open freins (from the timeline)
        self.ou_en_est.setObjectName("ouEnEstDossier")
        self.ou_en_est.setWordWrap(True)
        self.ou_en_est.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ou_en_est.hide()
        self.save_button = QPushButton("Enregistrer")
        self.save_button.setToolTip("Enregistrer le dossier (Ctrl+S)")
        self.save_button.setDefault(True)
        from desktop_app.views.rappels.documents import DocumentsBouton

        self.documents_button = DocumentsBouton(self.context, self)
        self.documents_button.setEnabled(self.jeune_id is not None)
        self.merge_button = QPushButton("Fusionner avec…")
        self.merge_button.setToolTip("Rattacher à ce dossier un doublon et toute sa chronologie")
        self.merge_button.setEnabled(self.jeune_id is not None)
        self.offres_button = QPushButton("Offres correspondantes…")
        self.offres_button.setObjectName("offresCorrespondantes")
        self.offres_button.setToolTip("Les offres ouvertes qui correspondent à ce dossier (niveau, permis, distance)")
        self.offres_button.setEnabled(self.jeune_id is not None)
        self.close_button = QPushButton("Fermer")
        self.close_button.setToolTip("Fermer (Ctrl+W) : les modifications non enregistrées sont gardées en brouillon")
        self.status = QLabel()
        self.status.setObjectName("etatDossier")
        self.status.setWordWrap(True)

    def _build_banner(self) -> None:
        self.banner = QFrame()
        self.banner.setObjectName("brouillonDossier")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet("#brouillonDossier { background: #fff4ce; }")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.resume_draft_button = QPushButton("Reprendre le brouillon")
        self.drop_draft_button = QPushButton("Ignorer")
        banner = QHBoxLayout(self.banner)
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(self.resume_draft_button)
        banner.addWidget(self.drop_draft_button)
        self.banner.hide()

    def _wire(self) -> None:
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._validate_timer = QTimer(self, singleShot=True, interval=VALIDATE_DELAY_MS)
        self._validate_timer.timeout.connect(self.validate)
        self.form.edited.connect(self._on_edit)
        self.timeline.items_changed.connect(self._show_ou_en_est)
        self.rendez_vous.prochain_changed.connect(self._show_prochain)
        self.save_button.clicked.connect(self.save)
        self.form.submitted.connect(self.save)  # Entrée in a field saves, as the default button promises
        self.merge_button.clicked.connect(self.ask_merge)
        self.offres_button.clicked.connect(self.offres_correspondantes)
        self.close_button.clicked.connect(self.close)
        self.resume_draft_button.clicked.connect(self.resume_draft)
        self.drop_draft_button.clicked.connect(self.drop_draft)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+W"), self, self.close)
        self.context.bus.data_changed.connect(self._on_data_changed)
        app = QApplication.instance()
        if app is not None:  # quitting with this window open: the typing becomes a draft before the end
            app.aboutToQuit.connect(self._keep_draft)

    # --- loading -----------------------------------------------------------------------------------------
    def reload(self) -> None:
        profile, jeune_id = self.profile, self.jeune_id
        self.context.tasks.run_db(lambda: _load(profile, jeune_id), self._loaded, self._load_failed)

    def _loaded(self, data: dict[str, Any]) -> None:
        from desktop_app.services.sync import horloge

        if not isValid(self):
            return
        self.form.set_referents(data["conseillers"])
        self.timeline.set_choices(lieux=data["lieux"], conseillers=data["conseillers"], termes=data["termes"])
        self.record = data["jeune"]
        self.prochain_rdv = data.get("prochain_rdv")
        self.reperage = data.get("reperage", [])
        if self.record is None:
            self.baseline = form_values_of({"statut": "actif", "referent_id": self.profile.user_id,
                                            "date_premier_accueil": horloge.aujourdhui(self.profile)})
        else:
            self.baseline = form_values_of(jeunes.as_dict(self.record))
            self.timeline.set_items(data["items"])
        self.form.set_values(self.baseline)
        self._show_identity()
        self._offer_draft(data["brouillon"])
        self.validate()
        self.is_loaded = True
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.set_status(str(exc))
            self.save_button.setEnabled(False)
        else:
            raise exc

    def _show_identity(self) -> None:
        values = self.form.values() if self.record is None else self.baseline
        if self.record is None:
            self.title.setText("Nouveau dossier jeune")
            self.setWindowTitle("Nouveau dossier jeune — Passerelle")
            return
        name = f"{(values['nom_usage'] or values['nom_naissance']).upper()} {values['prenoms']}"
        self.title.setText(name)
        self.setWindowTitle(f"{name} — Passerelle")
        parts = [self.form.age.text() or None, self.form.widgets["statut"].currentText(),
                 f"référent : {self.form.widgets['referent_id'].currentText()}"]
        self.summary.setText(" · ".join(p for p in parts if p)
                             + "".join(f"\n{line}" for line in getattr(self, "reperage", [])))

    def _show_ou_en_est(self, items) -> None:
        """The header's « où en est le jeune », kept in step with the timeline (each write, each reload)."""
        from desktop_app.services.jeunes.ou_en_est import ou_en_est
        from desktop_app.services.sync.horloge import aujourdhui

        if not isValid(self):
            return
        self._items = items
        self.ou_en_est.setText("\n".join(ou_en_est(items, prochain_rendez_vous=self.prochain_rdv,
                                                             today=aujourdhui(self.profile)).lignes()))
        self.ou_en_est.setVisible(self.jeune_id is not None)

    def _show_prochain(self, prochain) -> None:
        """The agenda's next rendez-vous in the header (after each change of the dossier's rendez-vous)."""
        if isValid(self):
            self.prochain_rdv = prochain
            self._show_ou_en_est(getattr(self, "_items", []))

    def _offer_draft(self, draft) -> None:
        self._draft_offered = None
        if draft is None:
            return
        differs = any(self.baseline.get(k) != v for k, v in draft.valeurs.items() if k in self.baseline)
        if not differs:
            return
        self._draft_offered = draft
        self.banner_text.setText(f"Des modifications non enregistrées du {format_datetime(draft.enregistre_le)} "
                                 "ont été conservées en brouillon.")
        self.banner.show()

    def resume_draft(self) -> None:
        if self._draft_offered is not None:
            self.form.set_values(self._draft_offered.valeurs, silent=False)
        self.banner.hide()
        self.set_status("Brouillon repris : vérifiez puis enregistrez (Ctrl+S).")

    def drop_draft(self) -> None:
        self.banner.hide()
        self._draft_offered = None
        profile, jeune_id = self.profile, self.jeune_id
        run_write(self.context, lambda: brouillons.discard_draft(profile, FORMULAIRE, jeune_id))

    # --- editing -----------------------------------------------------------------------------------------
    def dirty(self) -> bool:
        return self.is_loaded and self.form.values() != self.baseline

    def changes(self) -> SaisieJeune:
        return {k: v for k, v in self.form.values().items() if self.baseline.get(k) != v}

    def _on_edit(self) -> None:
        self._draft_timer.start()
        self._validate_timer.start()

    def validate(self, *, saving: bool = False) -> bool:
        """Messages beside the fields. Before the first save attempt, an empty field is not yet an error
        (a new file does not open all in red)."""
        values = self.form.values()
        verdict = jeunes.check(jeunes.clean(values), existing=None)
        self._save_attempted = self._save_attempted or saving
        shown = {k: v for k, v in verdict.errors.items() if self._save_attempted or values.get(k) not in ("", None)}
        self.form.show_verdict(shown, verdict.warnings)
        self.errors = verdict.errors
        return verdict.ok

    def save_draft(self) -> None:
        self._draft_timer.stop()
        if not self.is_loaded:
            return
        profile, jeune_id = self.profile, self.jeune_id
        if self.dirty():
            values = self.form.values()
            run_write(self.context, lambda: brouillons.save_draft(profile, FORMULAIRE, jeune_id, values))
        elif self._draft_offered is None:
            run_write(self.context, lambda: brouillons.discard_draft(profile, FORMULAIRE, jeune_id))

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    # --- saving ------------------------------------------------------------------------------------------
    def save(self) -> None:
        """Ctrl+S: validate, then create (after the duplicate check) or update; errors stay beside fields."""
        if not self.is_loaded:
            return
        self._validate_timer.stop()
        if not self.validate(saving=True):
            self.form.focus_field(next(n for n in self.form.champs if n in self.errors))
            self.set_status("Le dossier n'a pas été enregistré : corrigez les champs signalés en rouge.")
            return
        if self.record is None:
            self._check_duplicates()
            return
        changes = self.changes()
        if not changes:
            self.set_status("Aucune modification à enregistrer.")
            return
        profile, jeune_id = self.profile, self.jeune_id
        run_write(self.context, lambda: jeunes.update_jeune(profile, jeune_id, changes),
                  on_done=self._saved, on_error=self._save_failed, parent=self)

    def _check_duplicates(self) -> None:
        from desktop_app.services.jeunes.doublons import find_duplicates

        values, profile = self.form.values(), self.profile

        def work():
            try:
                return find_duplicates(profile, values["nom_naissance"], values["prenoms"], values["date_naissance"],
                                       telephone=values.get("telephone"), nom_usage=values.get("nom_usage"))
            except ValueError:
                return []

        self.context.tasks.run_db(work, self._duplicates_found, self._save_failed)

    def _duplicates_found(self, candidats) -> None:
        if not candidats:
            self.create()
            return
        from desktop_app.views.jeunes.doublons import DoublonsDialog

        dialog = DoublonsDialog(candidats, self)
        dialog.open_existing.connect(self._open_existing)
        dialog.create_anyway.connect(lambda: self.create(doublon_confirme=True))
        self.duplicates_dialog = dialog
        dialog.open()

    def _open_existing(self, jeune_id: str) -> None:
        if self.opener is not None and hasattr(self.opener, "open_dossier"):
            self.opener.open_dossier(jeune_id)
        self.set_status("Dossier existant ouvert : ce nouveau dossier reste en brouillon.")
        self.save_draft()

    def create(self, doublon_confirme: bool = False) -> None:
        values: SaisieJeune = {k: v for k, v in self.form.values().items() if v not in ("", None)}
        profile = self.profile
        run_write(self.context, lambda: jeunes.create_jeune(profile, values, doublon_confirme=doublon_confirme),
                  on_done=self._created,
                  on_error=self._save_failed, parent=self)

    def _created(self, jeune) -> None:
        profile = self.profile
        run_write(self.context, lambda: brouillons.discard_draft(profile, FORMULAIRE, None))
        self.jeune_id = jeune.id
        self.timeline.set_jeune(jeune.id)
        self.rendez_vous.set_jeune(jeune.id)
        self.timeline.set_items([])  # a new dossier's header says where the jeune stands at once (nothing yet)
        self.merge_button.setEnabled(True)
        self.documents_button.setEnabled(True)
        self.created.emit(jeune.id)
        self._saved(jeune)

    def _saved(self, jeune) -> None:
        if not isValid(self):
            return
        self._draft_timer.stop()
        profile = self.profile
        run_write(self.context, lambda: brouillons.discard_draft(profile, FORMULAIRE, jeune.id))
        self._draft_offered = None
        self.banner.hide()
        self.record = jeune
        self.baseline = form_values_of(jeunes.as_dict(jeune))
        self.form.set_values(self.baseline)
        self.validate()
        self._show_identity()
        self.set_status(f"Dossier enregistré à {dt.datetime.now():%H:%M}.")
        self.saved.emit(jeune.id)

    def _save_failed(self, exc: BaseException) -> None:
        from desktop_app.services.jeunes.doublons import DoublonPossibleErreur

        if not isValid(self):
            return
        if isinstance(exc, DoublonPossibleErreur):  # the service's own check (a twin saved meanwhile)
            self._duplicates_found(exc.candidats)
        elif isinstance(exc, jeunes.DossierInvalide):
            self.form.show_verdict(exc.errors, exc.warnings)
            self.set_status("Le dossier n'a pas été enregistré : corrigez les champs signalés en rouge.")
        elif isinstance(exc, UserError):
            self.set_status(str(exc))
        else:
            show_failure(exc, parent=self)

    # --- merge -------------------------------------------------------------------------------------------
    def offres_correspondantes(self) -> None:
        from desktop_app.views.partenaires.correspondantes import OffresCorrespondantesDialog

        self.offres_dialog = OffresCorrespondantesDialog(self.context, self.jeune_id, parent=self)
        self.offres_dialog.open()

    def ask_merge(self) -> None:
        from desktop_app.views.jeunes.doublons import FusionDialog

        if self.jeune_id is None:
            return
        dialog = FusionDialog(self.context, self.jeune_id, self.title.text(), self)
        dialog.merged.connect(self._merged)
        self.merge_dialog = dialog
        dialog.open()

    def _merged(self, _other_id: str) -> None:
        self.set_status("Dossiers fusionnés : la chronologie de l'autre dossier est rattachée à celui-ci.")
        self.reload()

    # --- outside changes, closing ------------------------------------------------------------------------
    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if not isValid(self) or self.jeune_id is None:
            return
        if kinds & TIMELINE_KINDS:
            self.timeline.reload()
        if "jeune" in kinds and self.record is not None and not self.dirty():
            profile, jeune_id = self.profile, self.jeune_id
            self.context.tasks.run_db(lambda: jeunes.get_jeune(profile, jeune_id), self._refreshed,
                                      lambda _exc: None)

    def _refreshed(self, jeune) -> None:
        if isValid(self) and not self.dirty():
            self.record = jeune
            self.baseline = form_values_of(jeunes.as_dict(jeune))
            self.form.set_values(self.baseline)
            self._show_identity()

    def _keep_draft(self) -> None:
        if isValid(self) and self.dirty():
            self.save_draft()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing never loses typing: unsaved changes stay as a draft, offered back on reopening."""
        self._keep_draft()
        self.context.bus.data_changed.disconnect(self._on_data_changed)
        super().closeEvent(event)
