"""Pieces shared by the Emploi tabs: a company combo with completion, a multi-line text field, the tables the
tabs watch on the bus."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QPlainTextEdit

TABLES_EMPLOI = frozenset({"immersion", "evenement_emploi", "evenement_entreprise", "evenement_preparation",
                           "evenement_invitation", "evenement_entretien", "suivi_maintien", "contact_maintien",
                           "partenaire", "contact_partenaire", "situation", "jeune"})


class ChoixCombo(QComboBox):
    """An editable combo of ``(id, libellé)`` choices: type a few letters (anywhere in the name, without caring
    for capitals), pick with the arrows and Entrée. :meth:`value` is the id of the text shown, None otherwise."""

    def __init__(self, placeholder: str = "Tapez pour chercher…") -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lineEdit().setPlaceholderText(placeholder)
        completer = self.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMinimumContentsLength(24)

    def set_choices(self, choices, keep: str | None = None) -> None:
        current = keep if keep is not None else self.value()
        self.blockSignals(True)
        self.clear()
        for choix in choices:
            self.addItem(choix.libelle, choix.id)
        self.setCurrentIndex(-1)
        self.setEditText("")
        if current:
            self.set_value(current)
        self.blockSignals(False)

    def value(self) -> str | None:
        index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else None

    def set_value(self, ident: str | None) -> None:
        index = self.findData(ident) if ident else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")


def texte_long(placeholder: str = "", hauteur: int = 64) -> QPlainTextEdit:
    """A multi-line field; Tab moves to the next field (never types a tab)."""
    field = QPlainTextEdit()
    field.setPlaceholderText(placeholder)
    field.setTabChangesFocus(True)
    field.setFixedHeight(hauteur)
    return field
