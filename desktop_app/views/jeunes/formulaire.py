"""The dossier jeune form: every field of the Jeune model in four tabs (Identité, Coordonnées, Situation
personnelle, Accompagnement), with the message of each field beside it. No NIR, no identity-document field."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from desktop_app.domain import enums as E
from desktop_app.domain.validation import age_on, format_phone, parse_date
from desktop_app.views.kit.champs import Champ, CodeCombo, DateField, change_signal, set_widget_value, widget_value


@dataclass(frozen=True)
class Spec:
    name: str
    label: str
    kind: str = "text"  # text | date | enum | bool | int | referent
    enum: Any = None
    width: int | None = None


ONGLETS: tuple[tuple[str, tuple[Spec, ...]], ...] = (
    ("Identité", (
        Spec("nom_naissance", "Nom de naissance *"),
        Spec("nom_usage", "Nom d'usage"),
        Spec("prenoms", "Prénom(s) *"),
        Spec("sexe", "Sexe", "enum", E.Sexe),
        Spec("date_naissance", "Date de naissance", "date"),
        Spec("commune_naissance", "Commune de naissance"),
        Spec("nationalite", "Nationalité", "enum", E.Nationalite),
    )),
    ("Coordonnées", (
        Spec("adresse", "Adresse"),
        Spec("code_postal", "Code postal", width=90),
        Spec("commune", "Commune"),
        Spec("code_insee", "Code INSEE de la commune", width=90),
        Spec("qpv_nom", "Quartier prioritaire (QPV)"),
        Spec("qpv_code", "Code du QPV", width=120),
        Spec("zrr", "Habite en zone de revitalisation rurale (ZRR)", "bool"),
        Spec("telephone", "Téléphone", width=160),
        Spec("email", "E-mail"),
        Spec("representant_nom", "Représentant légal (si mineur·e)"),
        Spec("representant_lien", "Lien avec le jeune", "enum", E.LienRepresentant),
        Spec("representant_telephone", "Téléphone du représentant", width=160),
        Spec("representant_email", "E-mail du représentant"),
        Spec("consentement_sms", "Accepte les rappels de rendez-vous par SMS", "bool"),
        Spec("consentement_email", "Accepte les rappels de rendez-vous par e-mail", "bool"),
    )),
    ("Situation personnelle", (
        Spec("situation_familiale", "Situation familiale", "enum", E.SituationFamiliale),
        Spec("nombre_enfants", "Nombre d'enfants", "int"),
        Spec("logement", "Logement", "enum", E.Logement),
        Spec("niveau_formation", "Niveau de formation", "enum", E.NiveauFormation),
        Spec("diplome", "Diplôme le plus élevé"),
        Spec("permis", "Permis de conduire", "enum", E.Permis),
        Spec("moyen_transport", "Moyen de transport", "enum", E.MoyenTransport),
        Spec("inscrit_france_travail", "Inscrit·e à France Travail", "bool"),
        Spec("rqth", "Reconnaissance de travailleur handicapé (RQTH)", "bool"),
        Spec("minima_sociaux", "Bénéficiaire de minima sociaux", "bool"),
    )),
    ("Accompagnement", (
        Spec("referent_id", "Conseiller·ère référent·e", "referent"),
        Spec("statut", "Statut du dossier", "enum", E.StatutJeune),
        Spec("date_premier_accueil", "Date du premier accueil", "date"),
        Spec("date_dernier_contact", "Date du dernier contact", "date"),
        Spec("informe_rgpd", "Le jeune a été informé du traitement de ses données", "bool"),
        Spec("identifiant_externe", "Identifiant externe (autre logiciel)", width=200),
    )),
)
SPECS: dict[str, Spec] = {spec.name: spec for _, specs in ONGLETS for spec in specs}
_DATES = {n for n, s in SPECS.items() if s.kind == "date"}
_PHONES = {"telephone", "representant_telephone"}


def _widget(spec: Spec) -> QWidget:
    if spec.kind == "date":
        return DateField()
    if spec.kind == "enum":
        return CodeCombo(spec.enum.choices())
    if spec.kind == "referent":
        return CodeCombo([], empty="Aucun")
    if spec.kind == "bool":
        return QCheckBox(spec.label)
    if spec.kind == "int":
        box = QSpinBox()
        box.setRange(0, 20)
        box.setMaximumWidth(80)
        return box
    edit = QLineEdit()
    if spec.width:
        edit.setMaximumWidth(spec.width)
    return edit


def form_values_of(record: dict[str, Any]) -> dict[str, Any]:
    """A stored dossier (``jeunes.as_dict``) as the form shows it: dates JJ/MM/AAAA, phones 06 12 34 56 78."""
    out: dict[str, Any] = {}
    for name, spec in SPECS.items():
        value = record.get(name)
        if spec.kind == "date":
            value = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else (value or "")
        elif name in _PHONES:
            value = format_phone(value)
        elif spec.kind == "bool":
            value = bool(value)
        elif spec.kind == "int":
            value = int(value or 0)
        elif spec.kind in ("text",):
            value = value or ""
        out[name] = value
    return out


class DossierForm(QTabWidget):
    """The four tabs of fields. ``edited`` is emitted on every change made by the user (or a draft);
    ``submitted`` when Entrée is pressed in a field (the dossier saves). Tab from a tab's last field goes to
    the next tab's first field (Maj+Tab back), so the keyboard follows the form and not the buttons around."""

    edited = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.setObjectName("formulaireDossier")
        self._today = today  # the day the age is counted at: the hub-corrected day of the profile (dossier)
        self.widgets: dict[str, QWidget] = {}
        self.champs: dict[str, Champ] = {}
        self._tab_of: dict[str, int] = {}
        self.age = QLabel()
        self.age.setObjectName("ageCalcule")
        for title, specs in ONGLETS:
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            for spec in specs:
                widget = _widget(spec)
                widget.setObjectName(f"champ_{spec.name}")
                champ = Champ(widget, suffix=self.age if spec.name == "date_naissance" else None)
                self.widgets[spec.name], self.champs[spec.name] = widget, champ
                self._tab_of[spec.name] = self.count()
                if spec.kind == "bool":  # a check box carries its own text: the whole row, not the field column
                    form.addRow(champ)
                else:
                    form.addRow(spec.label, champ)
                change_signal(widget).connect(self.edited)  # signal to signal: no Python emit per keystroke
            scroll = QScrollArea()
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own: the fields are
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.addTab(scroll, title)
        self.widgets["date_naissance"].textChanged.connect(self._update_age)
        self._bounds = {}  # field widget → (tab index, is first, is last)
        for index, (_title, specs) in enumerate(ONGLETS):
            for spec in (specs[0], specs[-1]):
                first, last = spec is specs[0], spec is specs[-1]
                self._bounds[self.widgets[spec.name]] = (index, first, last)
        for widget in self.widgets.values():
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.submitted.emit()
            return True
        index, first, last = self._bounds.get(watched, (None, False, False))
        if index is None or event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if key == Qt.Key.Key_Tab and last and index + 1 < self.count():
            self.focus_field(ONGLETS[index + 1][1][0].name)
            return True
        if key == Qt.Key.Key_Backtab and first and index > 0:
            self.focus_field(ONGLETS[index - 1][1][-1].name)
            return True
        return False

    def _update_age(self) -> None:
        try:
            naissance = parse_date(self.widgets["date_naissance"].value())
        except ValueError:
            naissance = None
        today = self._today()
        age = age_on(naissance, today) if naissance and naissance <= today else None
        self.age.setText("" if age is None else f"{age} ans")

    def set_referents(self, choix: list[tuple[str, str]]) -> None:
        self.widgets["referent_id"].set_choices(choix, empty="Aucun")

    def values(self) -> dict[str, Any]:
        return {name: widget_value(w) for name, w in self.widgets.items()}

    def set_values(self, values: dict[str, Any], *, silent: bool = True) -> None:
        """Fill the fields; ``silent`` = not an edit by the user (``edited`` is not emitted)."""
        self.blockSignals(silent)
        try:
            for name, value in values.items():
                if name in self.widgets:
                    set_widget_value(self.widgets[name], value)
        finally:
            self.blockSignals(False)
        self._update_age()

    def show_verdict(self, errors: dict[str, str], warnings: dict[str, str]) -> None:
        """Each field's message (errors first); tab titles carry a mark where something is wrong."""
        marked: set[int] = set()
        for name, champ in self.champs.items():
            if name in errors:
                champ.show_error(errors[name])
                marked.add(self._tab_of[name])
            elif name in warnings:
                champ.show_warning(warnings[name])
            else:
                champ.clear()
        for index, (title, _specs) in enumerate(ONGLETS):
            self.setTabText(index, f"{title} ⚠" if index in marked else title)

    def focus_field(self, name: str) -> None:
        if name in self.widgets:
            self.setCurrentIndex(self._tab_of[name])
            self.widgets[name].setFocus()
