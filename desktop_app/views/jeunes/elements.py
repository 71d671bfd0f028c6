"""Small dialogs to add or edit a timeline item (actualité, frein, proposition, situation, dispositif) and to
change the status of a frein or a proposition; French messages beside each field, nothing lost on error."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import enums as E
from desktop_app.domain.errors import UserError
from desktop_app.views.kit.boutons import dialog_buttons
from desktop_app.views.kit.champs import (
    Champ,
    CodeCombo,
    DateField,
    NoteField,
    set_widget_value,
    widget_value,
)
from desktop_app.views.kit.operation import run_write, show_failure
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.jeunes.saisies import SaisieElement

TITRES = {"actualite": "actualité", "frein": "frein", "proposition": "proposition", "situation": "situation",
          "dispositif": "dispositif"}
TABLES = {"actualite": "actualite", "frein": "frein", "proposition": "proposition", "situation": "situation",
          "dispositif": "dispositif_participation"}


@dataclass(frozen=True)
class F:
    name: str
    label: str
    kind: str = "text"  # text | date | enum | int | lieu | conseiller | themes | note
    enum: Any = None


FIELDS: dict[str, tuple[F, ...]] = {
    "actualite": (F("date", "Date *", "date"), F("type", "Type *", "enum", E.TypeActualite),
                  F("modalite", "Modalité", "enum", E.Modalite), F("duree_minutes", "Durée (minutes)", "int"),
                  F("lieu_id", "Lieu", "lieu"), F("conseiller_id", "Conseiller·ère", "conseiller"),
                  F("themes", "Thèmes abordés", "themes"), F("note", "Note", "note")),
    "frein": (F("theme", "Thème *", "enum", E.ThemeFrein), F("item", "Précision"),
              F("impact", "Impact", "enum", E.Impact), F("statut", "Statut", "enum", E.StatutFrein),
              F("date_identification", "Identifié le *", "date"), F("date_statut", "Statut depuis le", "date")),
    "proposition": (F("theme", "Thème *", "enum", E.ThemeProposition), F("libelle", "Libellé *"),
                    F("partenaire", "Partenaire"), F("date_proposition", "Proposée le *", "date"),
                    F("date_echeance", "Échéance", "date"), F("statut", "Statut", "enum", E.StatutProposition),
                    F("date_statut", "Statut depuis le", "date")),
    "situation": (F("categorie", "Catégorie *", "enum", E.CategorieSituation),
                  F("etat", "État", "enum", E.EtatSituation), F("date_debut", "Début *", "date"),
                  F("date_fin", "Fin", "date"), F("employeur", "Employeur / organisme"),
                  F("type_contrat", "Type de contrat", "enum", E.TypeContrat),
                  F("duree_contrat_mois", "Durée du contrat (mois)", "int"),
                  F("heures_hebdo", "Heures par semaine", "int")),
    "dispositif": (F("type", "Dispositif *", "enum", E.TypeDispositif), F("date_debut", "Entrée le *", "date"),
                   F("date_fin_prevue", "Fin prévue", "date"), F("date_fin_reelle", "Sortie le", "date"),
                   F("motif_sortie", "Motif de sortie", "enum", E.MotifSortieDispositif)),
}


def defaults(kind: str, user_id: str | None, today: dt.date) -> dict[str, Any]:
    return {
        "actualite": {"date": today, "type": E.TypeActualite.ENTRETIEN_INDIVIDUEL.value,
                      "modalite": E.Modalite.SUR_PLACE.value, "conseiller_id": user_id},
        "frein": {"date_identification": today, "statut": E.StatutFrein.IDENTIFIE.value},
        "proposition": {"date_proposition": today, "statut": E.StatutProposition.PROPOSEE.value},
        "situation": {"date_debut": today, "etat": E.EtatSituation.EN_COURS.value},
        "dispositif": {"date_debut": today},
    }[kind]


class ThemesField(QListWidget):
    """Several themes ticked in a short list (stored as comma-separated codes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code, label in E.ThemeProposition.choices():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(96)

    def value(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_value(self, codes) -> None:
        wanted = set((codes or "").split(",") if isinstance(codes, str) else (codes or []))
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)


def _field_widget(f: F, choices: dict[str, list[tuple[str, str]]], termes: list[str] | None) -> QWidget:
    if f.kind == "date":
        return DateField()
    if f.kind == "enum":
        return CodeCombo(f.enum.choices())
    if f.kind in ("lieu", "conseiller"):
        return CodeCombo(choices.get(f.kind, []))
    if f.kind == "int":
        box = QSpinBox()
        box.setRange(0, 24 * 60 if f.name == "duree_minutes" else 120)
        box.setSpecialValueText("—")
        box.setMaximumWidth(100)
        return box
    if f.kind == "themes":
        return ThemesField()
    if f.kind == "note":
        return NoteField(termes)
    return QLineEdit()


def _shown(value: Any) -> Any:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value


class ElementDialog(QDialog):
    """Add (``record`` None) or edit one item; the service call runs on the database thread."""

    saved = Signal(str)  # the table touched
    recorded = Signal(object)  # the record as stored (the timeline shows it at once)

    def __init__(self, context, kind: str, jeune_id: str, record=None, *, choices=None, termes=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.kind, self.jeune_id, self.record = context, kind, jeune_id, record
        verb = "Modifier" if record is not None else "Ajouter"
        self.setWindowTitle(f"{verb} : {TITRES[kind]}")
        self.setObjectName(f"dialogue_{kind}")
        self.setMinimumWidth(520)
        self.widgets: dict[str, QWidget] = {}
        self.champs: dict[str, Champ] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for f in FIELDS[kind]:
            widget = _field_widget(f, choices or {}, termes)
            widget.setObjectName(f"element_{f.name}")
            self.widgets[f.name] = widget
            self.champs[f.name] = Champ(widget)
            form.addRow(f.label, self.champs[f.name])
        layout.addLayout(form)
        annuaire = {"proposition": "partenaire", "situation": "employeur"}.get(kind)
        if annuaire:  # the directory offered as you type; the text stays free (linked by the service)
            from desktop_app.views.partenaires.completer import completer_annuaire

            completer_annuaire(context, self.widgets[annuaire])
        self.sensitive_hint = QLabel("Santé, justice : seule la présence du frein est notée (oui / non), sans détail.")
        self.sensitive_hint.setWordWrap(True)
        self.sensitive_hint.setStyleSheet("color: #505050; font-style: italic;")
        self.sensitive_hint.setVisible(False)
        layout.addWidget(self.sensitive_hint)
        self.message = QLabel()
        self.message.setObjectName("messageElement")
        self.message.setStyleSheet("color: #a4262c;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = dialog_buttons(self, self.submit)
        layout.addWidget(buttons)
        self.initial = self._initial_values(record)
        for name, value in self.initial.items():
            if name in self.widgets:
                self._set(name, value)
        if kind == "frein":
            self.widgets["theme"].currentIndexChanged.connect(self._sensitive_theme)
            self._sensitive_theme()
        self.widgets[FIELDS[kind][0].name].setFocus()

    def _initial_values(self, record) -> dict[str, Any]:
        if record is None:
            return {k: _shown(v) for k, v in defaults(self.kind, self.context.profile.user_id, aujourdhui(self.context.profile)).items()}
        return {f.name: _shown(getattr(record, f.name)) for f in FIELDS[self.kind]}

    def prefill(self, values) -> None:
        """A new item's fields filled beforehand (an honoured rendez-vous gives its actualité)."""
        for name, value in values.items():
            if name in self.widgets and value is not None:
                self._set(name, _shown(value))

    def _set(self, name: str, value: Any) -> None:
        widget = self.widgets[name]
        if isinstance(widget, ThemesField):
            widget.set_value(value)
        else:
            set_widget_value(widget, value)

    def _get(self, name: str) -> Any:
        widget = self.widgets[name]
        if isinstance(widget, ThemesField):
            return widget.value()
        value = widget_value(widget)
        if isinstance(widget, QSpinBox) and value == 0:
            return None  # « — »
        return value

    def _sensitive_theme(self) -> None:
        sensitive = self.widgets["theme"].value() in E.THEMES_FREIN_SENSIBLES
        item = self.widgets["item"]
        if sensitive:
            item.clear()
        item.setEnabled(not sensitive)
        self.sensitive_hint.setVisible(sensitive)

    def values(self) -> SaisieElement:
        current = {f.name: self._get(f.name) for f in FIELDS[self.kind]}
        if self.record is None:
            return current
        initial = {k: (",".join(v) if isinstance(v, list) else v) for k, v in self.initial.items()}
        changed = {}
        for k, v in current.items():
            shown = ",".join(v) if isinstance(v, list) else v
            if (initial.get(k) or None) != (shown or None):
                changed[k] = v
        return changed

    def submit(self) -> None:
        from desktop_app.services.jeunes import chronologie as timeline

        values, profile, kind = self.values(), self.context.profile, self.kind
        if self.record is None:
            jeune_id = self.jeune_id
            work = lambda: timeline.add(profile, kind, jeune_id, values)  # noqa: E731
        elif not values:
            self.accept()
            return
        else:
            item_id = self.record.id
            work = lambda: timeline.update(profile, kind, item_id, values)  # noqa: E731
        run_write(self.context, work, on_done=self._done, on_error=self._failed, parent=self)

    def _done(self, record) -> None:
        self.recorded.emit(record)
        self.saved.emit(TABLES[self.kind])
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from desktop_app.services.jeunes.chronologie import ElementInvalide

        for champ in self.champs.values():
            champ.clear()
        if isinstance(exc, ElementInvalide):
            for name, text in exc.errors.items():
                if name in self.champs:
                    self.champs[name].show_error(text)
            self.message.setText("Non enregistré : corrigez les champs signalés.")
        elif isinstance(exc, UserError):
            self.message.setText(str(exc))
        else:
            show_failure(exc, parent=self)


class StatutDialog(QDialog):
    """Move a frein (identifié → en cours → levé / abandonné) or a proposition to a new status, dated."""

    saved = Signal(str)
    recorded = Signal(object)  # the record as stored

    def __init__(self, context, kind: str, record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.kind, self.record = context, kind, record
        enum = E.StatutFrein if kind == "frein" else E.StatutProposition
        self.setWindowTitle(f"Changer le statut : {TITRES[kind]}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.statut = CodeCombo(enum.choices(), empty=None)
        self.statut.set_value(record.statut)
        self.date = DateField()
        self.date.set_value(aujourdhui(self.context.profile))
        self.champ_date = Champ(self.date)
        form.addRow("Nouveau statut", self.statut)
        form.addRow("Depuis le", self.champ_date)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a4262c;")
        layout.addWidget(self.message)
        buttons = dialog_buttons(self, self.submit)
        layout.addWidget(buttons)
        self.statut.setFocus()

    def submit(self) -> None:
        from desktop_app.domain.validation import parse_date
        from desktop_app.services.jeunes import chronologie as timeline

        try:
            when = parse_date(self.date.value()) or aujourdhui(self.context.profile)
        except ValueError as exc:
            self.champ_date.show_error(str(exc))
            return
        profile, kind, item_id, statut = self.context.profile, self.kind, self.record.id, self.statut.value()
        run_write(self.context, lambda: timeline.set_statut(profile, kind, item_id, statut, date=when),
                  on_done=lambda r: (self.recorded.emit(r), self.saved.emit(TABLES[kind]), self.accept()),
                  on_error=self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            errors = getattr(exc, "errors", {})
            if "date_statut" in errors:
                self.champ_date.show_error(errors["date_statut"])
            self.message.setText(str(exc))
        else:
            show_failure(exc, parent=self)
