"""The lazy table model of the jeunes list: the ordered ids of a search, rows fetched by blocks on demand.

Like Anki's browser model: the search gives every id (cheap even for 100k jeunes); ``data()`` asks for the
block of rows it paints, which the database thread reads through :func:`recherche.rows_for`; rows arrive
back on the main thread and the block repaints. A small LRU of blocks bounds memory. A new search (or a
``data_changed``) resets the model: blocks of an older generation are ignored when they arrive.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop_app.services.jeunes.recherche import JeuneRow
from desktop_app.services.jeunes.recherche_ordre import IdsJoints
from desktop_app.views.kit.text import format_date

BLOCK = 60  # about two screenfuls of rows
MAX_BLOCKS = 80  # 8 000 rows kept at most


@dataclass(frozen=True)
class Colonne:
    titre: str
    tri: str | None  # key of recherche.TRIS, None = not sortable
    valeur: Callable[[JeuneRow], Any]
    droite: bool = False


COLONNES: tuple[Colonne, ...] = (
    Colonne("Nom", "nom", lambda r: r.nom_affiche),
    Colonne("Prénom(s)", "prenoms", lambda r: r.prenoms),
    Colonne("Naissance", "date_naissance", lambda r: format_date(r.date_naissance)),
    Colonne("Âge", "age", lambda r: "" if r.age is None else f"{r.age} ans", droite=True),
    Colonne("Commune", "commune", lambda r: r.commune),
    Colonne("Quartier QPV", "quartier", lambda r: r.quartier_qpv),
    Colonne("Référent", "referent", lambda r: r.referent),
    Colonne("Statut", "statut", lambda r: r.statut),
    Colonne("Dernier contact", "dernier_contact", lambda r: format_date(r.dernier_contact)),
    Colonne("Téléphone", None, lambda r: r.telephone),
)

IdRole = int(Qt.ItemDataRole.UserRole)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_RIGHT_COLUMNS = frozenset(n for n, c in enumerate(COLONNES) if c.droite)
Fetch = Callable[[list[str]], list[JeuneRow]]
Run = Callable[..., Any]  # TaskRunner.run_db(fn, on_done, on_error)


class JeunesModel(QAbstractTableModel):
    """Rows of the jeunes list. ``fetch(ids)`` reads rows (called on the database thread through ``run``)."""

    sort_requested = Signal(str)  # "nom", "-age"…

    def __init__(self, fetch: Fetch, run: Run, parent=None) -> None:
        super().__init__(parent)
        self._fetch, self._run = fetch, run
        self._ids: list[str] = []
        self._blocks: OrderedDict[int, dict[str, tuple[str, ...]]] = OrderedDict()  # id -> display texts
        self._rows: dict[str, JeuneRow] = {}  # rows of the cached blocks
        self._pending: set[int] = set()
        self._generation = 0

    # --- content -----------------------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[str], first_rows: Sequence[JeuneRow] = ()) -> None:
        """Show ``ids`` (a new search); ``first_rows`` = rows of the first block, already read with the ids."""
        self.beginResetModel()
        self._generation += 1
        self._ids = ids if isinstance(ids, IdsJoints) else list(ids)  # immutable: kept as it is
        self._blocks.clear()
        self._rows.clear()
        self._pending.clear()
        if first_rows:
            self._store(0, first_rows)
        self.endResetModel()

    def ids(self) -> Sequence[str]:
        return self._ids

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, jeune_id: str) -> int:
        try:
            return self._ids.index(jeune_id)
        except ValueError:
            return -1

    def cached_row(self, row: int) -> JeuneRow | None:
        return self._rows.get(self._ids[row]) if (row // BLOCK) in self._blocks else None

    def _store(self, number: int, rows: Sequence[JeuneRow]) -> None:
        self._blocks[number] = {r.id: tuple(c.valeur(r) for c in COLONNES) for r in rows}
        self._rows.update((r.id, r) for r in rows)
        while len(self._blocks) > MAX_BLOCKS:
            _old, texts = self._blocks.popitem(last=False)
            for jeune_id in texts:
                self._rows.pop(jeune_id, None)

    # --- Qt model ----------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLONNES)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLONNES[section].titre
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        # Called for every painted cell and role: the display text is pre-formatted per row (see _arrived).
        if role == _DISPLAY:
            row = index.row()
            number = row // BLOCK
            block = self._blocks.get(number)
            if block is None:
                self._request(number)
                return "…" if index.column() == 0 else None
            texts = block.get(self._ids[row])
            if texts is None:
                return "(dossier supprimé)" if index.column() == 0 else None
            return texts[index.column()]
        if role == _ALIGN:
            return _RIGHT if index.column() in _RIGHT_COLUMNS else None
        if role == IdRole:
            return self._ids[index.row()]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLONNES[column].tri
        if key is not None:
            self.sort_requested.emit(("-" if order == Qt.SortOrder.DescendingOrder else "") + key)

    # --- fetching ----------------------------------------------------------------------------------------
    def _request(self, number: int) -> None:
        if number in self._pending:
            return
        self._pending.add(number)
        generation = self._generation
        ids = self._ids[number * BLOCK:(number + 1) * BLOCK]
        self._run(lambda: self._fetch(ids), lambda rows: self._arrived(generation, number, rows),
                  lambda exc: self._failed(generation, number, exc))

    def _arrived(self, generation: int, number: int, rows: list[JeuneRow]) -> None:
        if generation != self._generation:
            return  # an older search: these rows belong to another list
        self._pending.discard(number)
        self._store(number, rows)
        first = number * BLOCK
        last = min(first + BLOCK, len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLONNES) - 1))

    def _failed(self, generation: int, number: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._pending.discard(number)
        import sys

        sys.excepthook(type(exc), exc, exc.__traceback__)
