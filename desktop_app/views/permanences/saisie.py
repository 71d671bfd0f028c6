"""A permanence in progress: quick capture of a new contact (Enter moves on, Ctrl+Entrée saves), « Jeune déjà
connu » to link a known jeune, and the list and tally of the contacts made there."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.domain.errors import UserError
from desktop_app.views.kit.champs import Champ
from desktop_app.views.kit.jeune_picker import JeunePicker
from desktop_app.views.kit.operation import run_write, show_failure
from desktop_app.views.kit.text import format_date
from desktop_app.views.jeunes.doublons import PropositionDoublons

IdRole = Qt.ItemDataRole.UserRole
CAPTURE_FIELDS = (("prenom", "Prénom *", "prenoms"), ("nom", "Nom *", "nom_naissance"),
                  ("telephone", "Téléphone", "telephone"), ("quartier", "Quartier", "qpv_nom"),
                  ("motif", "Motif de la venue", None))


def tally_phrase(nouveaux: int, connus: int) -> str:
    total = nouveaux + connus
    if total == 0:
        return "Aucun contact pour l'instant"
    return (f"{total} contact{'s' if total > 1 else ''} : {nouveaux} nouveau{'x' if nouveaux > 1 else ''}, "
            f"{connus} déjà connu{'s' if connus > 1 else ''}")


def _heures(resume) -> str:
    if resume.heure_debut and resume.heure_fin:
        return f", {resume.heure_debut:%H:%M}–{resume.heure_fin:%H:%M}"
    if resume.heure_debut:
        return f", à partir de {resume.heure_debut:%H:%M}"
    return ""


class PermanencePanel(QWidget):
    """One permanence. ``captured`` is emitted after each contact saved."""

    captured = Signal(str)  # jeune id

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.permanence_id: str | None = None
        self._windows: list[QWidget] = []
        self.setObjectName("permanenceEnCours")
        self.title = QLabel()
        self.title.setObjectName("titrePermanence")
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.tally = QLabel()
        self.tally.setObjectName("decomptePermanence")
        self.presents = QLabel()
        self.presents.setObjectName("conseillersPresents")

        capture = self._build_capture()
        known = self._build_known()
        self._build_contacts()

        top = QHBoxLayout()
        top.addWidget(capture, 3)
        top.addWidget(known, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        facts = QHBoxLayout()
        facts.addWidget(self.tally)
        facts.addStretch(1)
        self.presents.setWordWrap(True)
        self.presents.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        facts.addWidget(self.presents, 1)
        layout.addLayout(facts)
        layout.addLayout(top)
        contacts_label = QLabel("Contacts de la permanence (double-clic : ouvrir le dossier)")
        contacts_label.setWordWrap(True)
        layout.addWidget(contacts_label)
        layout.addWidget(self.contacts, 1)
        self.setTabOrder(self.fields["motif"], self.save_button)

    def _build_capture(self) -> QGroupBox:
        capture = QGroupBox("Nouveau contact — saisie express")
        form = QFormLayout(capture)
        note = QLabel("Le strict nécessaire : le dossier se complète plus tard.")
        note.setWordWrap(True)
        form.addRow(note)
        self.fields: dict[str, QLineEdit] = {}
        self.champs: dict[str, Champ] = {}
        for name, label, _ in CAPTURE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"saisie_{name}")
            self.fields[name], self.champs[name] = edit, Champ(edit)
            form.addRow(label, self.champs[name])
        self.fields["telephone"].setPlaceholderText("06 12 34 56 78")
        self.fields["motif"].setPlaceholderText("Ex. recherche d'un job d'été, infos permis")
        self.save_button = QPushButton("Enregistrer le contact")
        self.save_button.setToolTip("Enregistrer le contact (Ctrl+Entrée)")
        self.save_button.clicked.connect(self.capture)
        self.capture_message = QLabel()
        self.capture_message.setObjectName("messageSaisie")
        self.capture_message.setWordWrap(True)
        form.addRow("", self.save_button)
        form.addRow("", self.capture_message)
        self.proposition = PropositionDoublons("C'est ce jeune : le rattacher à la permanence")
        self.proposition.use_existing.connect(self._link_existing)
        self.proposition.open_existing.connect(self._open_dossier)
        self.proposition.create_anyway.connect(lambda: self.capture(doublon_confirme=True))
        form.addRow(self.proposition)
        names = [n for n, _, _ in CAPTURE_FIELDS]
        for current, following in zip(names, names[1:]):
            self.fields[current].returnPressed.connect(self.fields[following].setFocus)
        self.fields[names[-1]].returnPressed.connect(self.capture)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), capture, self.capture, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return capture

    def _build_known(self) -> QGroupBox:
        known = QGroupBox("Jeune déjà connu")
        known_layout = QVBoxLayout(known)
        self.picker = JeunePicker(self.context, "Nom, prénom, téléphone…", accessible_name="Chercher un jeune connu")
        self.search, self.results = self.picker.search, self.picker.results
        self.search.setObjectName("rechercheConnu")
        self.results.setObjectName("resultatsConnu")
        self.link_button = QPushButton("Rattacher à la permanence")
        self.link_message = QLabel()
        self.link_message.setWordWrap(True)
        known_layout.addWidget(self.picker, 1)
        known_layout.addWidget(self.link_button)
        known_layout.addWidget(self.link_message)
        self.picker.chosen.connect(lambda *_: self.link_selected())
        self.link_button.clicked.connect(self.link_selected)
        return known

    def _build_contacts(self) -> None:
        self.contacts = QTableWidget(0, 3)
        self.contacts.setObjectName("contactsPermanence")
        self.contacts.setHorizontalHeaderLabels(["Nom", "Prénom(s)", "Contact"])
        self.contacts.verticalHeader().hide()
        self.contacts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contacts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.itemActivated.connect(self._open_contact)

    # --- showing a permanence ----------------------------------------------------------------------------
    def show_permanence(self, permanence_id: str) -> None:
        self.permanence_id = permanence_id
        self.capture_message.clear()
        self.link_message.clear()
        self.refresh()
        self.fields["prenom"].setFocus()

    def refresh(self) -> None:
        from desktop_app.services.permanences.seances import bilan
        from desktop_app.services.profil import referentiels

        if self.permanence_id is None:
            return
        profile, perm_id = self.context.profile, self.permanence_id
        self.context.tasks.run_db(lambda: (referentiels.permanence(profile, perm_id), bilan(profile, perm_id)),
                                  lambda r: self._show(perm_id, *r))

    def _show(self, perm_id: str, resume, result) -> None:
        if not isValid(self) or perm_id != self.permanence_id or resume is None:
            return
        self.title.setText(f"{resume.lieu} — {format_date(resume.date)}{_heures(resume)}")
        self.tally.setText(tally_phrase(result.nouveaux, result.connus))
        self.presents.setText(f"Conseillers présents : {', '.join(resume.conseillers)}" if resume.conseillers else "")
        self.contacts.setRowCount(len(result.contacts))
        for row, c in enumerate(result.contacts):
            nom = c.nom_affiche[: -len(c.prenoms)].strip() if c.nom_affiche.endswith(c.prenoms) else c.nom_affiche
            cells = (nom, c.prenoms, "Nouveau" if c.nouveau else "Déjà connu")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(IdRole, c.jeune_id)
                self.contacts.setItem(row, column, item)

    # --- quick capture -----------------------------------------------------------------------------------
    def capture(self, doublon_confirme: bool = False) -> None:
        from desktop_app.services.jeunes.dossier import DossierInvalide
        from desktop_app.services.jeunes.doublons import DoublonPossibleErreur
        from desktop_app.services.permanences.seances import quick_capture

        if self.permanence_id is None:
            return
        self.proposition.hide()
        values = {name: edit.text() for name, edit in self.fields.items()}
        profile, perm_id = self.context.profile, self.permanence_id

        def done(result) -> None:
            jeune, _actualite = result
            for edit in self.fields.values():
                edit.clear()
            for champ in self.champs.values():
                champ.clear()
            self.capture_message.setText(f"✓ {jeune.nom_affiche} enregistré·e. Contact suivant :")
            self.fields["prenom"].setFocus()
            self.refresh()
            self.captured.emit(jeune.id)

        def failed(exc: BaseException) -> None:
            for champ in self.champs.values():
                champ.clear()
            if isinstance(exc, DossierInvalide):
                by_service = {service: name for name, _l, service in CAPTURE_FIELDS if service}
                for field, text in exc.errors.items():
                    if field in by_service:
                        self.champs[by_service[field]].show_error(text)
                first = next((n for n, _l, s in CAPTURE_FIELDS if s in exc.errors), "prenom")
                self.fields[first].setFocus()
                self.capture_message.setText("Contact non enregistré : corrigez le champ signalé.")
            elif isinstance(exc, DoublonPossibleErreur):
                self.capture_message.setText("Contact non enregistré : ce jeune a peut-être déjà un dossier.")
                self.proposition.show_candidats(exc.candidats)
            elif isinstance(exc, UserError):
                self.capture_message.setText(str(exc))
            else:
                show_failure(exc, parent=self)

        run_write(self.context, lambda: quick_capture(profile, perm_id, doublon_confirme=doublon_confirme, **values),
                  on_done=done, on_error=failed, parent=self)

    def _link_existing(self, jeune_id: str) -> None:
        """The contact is a known jeune: link its dossier (the motif typed goes with it), clear the capture."""
        from desktop_app.services.permanences.seances import link_jeune

        if self.permanence_id is None:
            return
        profile, perm_id, motif = self.context.profile, self.permanence_id, self.fields["motif"].text()

        def done(_actualite) -> None:
            for edit in self.fields.values():
                edit.clear()
            self.capture_message.setText("✓ Dossier existant rattaché à la permanence. Contact suivant :")
            self.fields["prenom"].setFocus()
            self.refresh()
            self.captured.emit(jeune_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.capture_message.setText(str(exc))
            else:
                show_failure(exc, parent=self)

        run_write(self.context, lambda: link_jeune(profile, perm_id, jeune_id, motif=motif), on_done=done,
                  on_error=failed, parent=self)

    # --- known jeunes ------------------------------------------------------------------------------------
    def link_selected(self) -> None:
        from desktop_app.services.permanences.seances import link_jeune

        chosen = self.picker.current()
        if chosen is None or self.permanence_id is None:
            self.link_message.setText("Cherchez puis choisissez le jeune rencontré.")
            return
        profile, perm_id, jeune_id, label = self.context.profile, self.permanence_id, chosen.id, chosen.nom

        def done(_actualite) -> None:
            self.link_message.setText(f"✓ {label} rattaché·e à la permanence.")
            self.search.clear()
            self.results.clear()
            self.refresh()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.link_message.setText(str(exc))
            else:
                show_failure(exc, parent=self)

        run_write(self.context, lambda: link_jeune(profile, perm_id, jeune_id), on_done=done, on_error=failed,
                  parent=self)

    def _open_contact(self, item: QTableWidgetItem) -> None:
        self._open_dossier(item.data(IdRole))

    def _open_dossier(self, jeune_id: str) -> None:
        from desktop_app.views.jeunes.dossier import DossierWindow

        window = DossierWindow(self.context, jeune_id, opener=self)
        self._windows = [w for w in self._windows if isValid(w)] + [window]
        window.show()
