"""A completer offering the partners of the directory on a free-text field (a proposition's partner, a
situation's employer, an auto-école, a parrain's employer): the names are read off the UI thread; typing filters
them, accents and case ignored (« menard » offers « Boulangerie Ménard »); what is typed stays free text, and the
service links it to the directory when it names one partner (or to the one picked, ``choisi(id, nom)``)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit
from shiboken6 import isValid

from desktop_app.domain.validation import fold

FoldedRole = Qt.ItemDataRole.UserRole + 1  # what the typed text is matched against
IdRole = Qt.ItemDataRole.UserRole + 2


class _Noms(QAbstractListModel):
    """(id, nom, nom plié) rows: set in one go (the folding is done off the UI thread), read lazily."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str]] = []

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        pid, nom, folded = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return nom
        if role == FoldedRole:
            return folded
        if role == IdRole:
            return pid
        return None

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class CompleterAnnuaire(QCompleter):
    """Matches the folded text typed against the folded names, shows and inserts the names as written."""

    def __init__(self, field: QLineEdit, types: tuple[str, ...] | None = None) -> None:
        super().__init__(field)
        self.types = types  # the partner types offered (None: every type)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionRole(FoldedRole)
        self.setModel(_Noms(self))

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt name)
        return [fold(path)]

    def pathFromIndex(self, index: QModelIndex) -> str:  # noqa: N802 (Qt name)
        return index.data(Qt.ItemDataRole.DisplayRole) or ""

    def charger(self, context, loaded: Callable[[list[tuple[str, str]]], None] | None = None) -> None:
        """(Re)read the directory's names off the UI thread (a screen that stays open: at each reload)."""
        from desktop_app.services.partenaires.annuaire import noms

        def arrived(rows) -> None:
            if isValid(self):
                self.model().set_rows(rows)
                if loaded is not None:
                    loaded([(pid, nom) for pid, nom, _f in rows])

        def ignore(_exc: BaseException) -> None:  # a role without the directory: plain free text
            return None

        profile, types = context.profile, self.types
        context.tasks.run_db(lambda: [(pid, nom, fold(nom)) for pid, nom in noms(profile, types=types)], arrived,
                             ignore)

    def set_names(self, names) -> None:
        self.model().set_rows([(pid, nom, fold(nom)) for pid, nom in names])


def completer_annuaire(context, field: QLineEdit, *, choisi: Callable[[str, str], None] | None = None,
                       loaded: Callable[[list[tuple[str, str]]], None] | None = None,
                       types: tuple[str, ...] | None = None) -> CompleterAnnuaire:
    """Offer the directory on ``field`` (the partners of ``types`` only, when given); ``choisi(id, nom)`` when a
    partner is picked in the list, ``loaded(names)`` once the names have come (the (id, nom) pairs, for a form
    that shows which partner its text names)."""
    completer = CompleterAnnuaire(field, types)
    field.setCompleter(completer)
    field.setPlaceholderText("Tapez un nom : l'annuaire des partenaires est proposé")

    def picked(index: QModelIndex) -> None:
        nom = index.data(Qt.ItemDataRole.DisplayRole) or ""
        field.setText(nom)  # the name as written in the directory (the line edit does so only when focused)
        if choisi is not None:
            choisi(index.data(IdRole), nom)

    completer.activated[QModelIndex].connect(picked)

    completer.charger(context, loaded)
    return completer
