"""Small shared pieces of the Parrainage screens: titles, read-only tables, field errors from a service."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

IdRole = Qt.ItemDataRole.UserRole


def titre(text: str, scale: float = 1.3) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def read_only_table(headers: Sequence[str]) -> QTableWidget:
    """An empty table with ``headers``, no row numbers, not editable in place."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    return t


def tableau(headers: Sequence[str], *, stretch: int | None = None, name: str = "") -> QTableWidget:
    """A read-only, row-selecting table; column ``stretch`` takes the free width."""
    t = read_only_table(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setWordWrap(False)
    t.setAlternatingRowColors(True)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if name:
        t.setObjectName(name)
    return t


def ajuster(t: QTableWidget, contenu: Sequence[int], largeurs: Mapping[int, int] | None = None) -> None:
    """Columns ``contenu`` (dates, short codes) as wide as their contents, ``largeurs`` (column → pixels) of that
    fixed width, the others share the rest of the width: the table fits its pane without a horizontal scroll
    bar, a cut text is read whole in its tooltip."""
    header = t.horizontalHeader()
    largeurs = largeurs or {}
    for col in range(t.columnCount()):
        if col in largeurs:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, largeurs[col])
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents if col in contenu
                                        else QHeaderView.ResizeMode.Stretch)


def remplir(t: QTableWidget, rows: Iterable[tuple[str | None, Sequence[object]]], *,
            tooltips: bool = True, keep: str | None = None) -> None:
    """Fill ``t`` with ``(id, cells)``; the id is kept on the first cell; the row ``keep`` stays selected."""
    t.setSortingEnabled(False)
    t.blockSignals(True)
    t.setRowCount(0)
    for row, (ident, cells) in enumerate(rows):
        t.insertRow(row)
        for col, value in enumerate(cells):
            item = QTableWidgetItem("" if value is None else str(value))
            if tooltips and value:
                item.setToolTip(str(value))
            if col == 0:
                item.setData(IdRole, ident)
            t.setItem(row, col, item)
        if keep is not None and ident == keep:
            t.selectRow(row)
    t.blockSignals(False)
    header = t.horizontalHeader()
    for col in range(t.columnCount()):  # never wider than 320 px: the tooltip shows the rest
        if header.sectionResizeMode(col) == QHeaderView.ResizeMode.Interactive:  # the others size themselves
            t.resizeColumnToContents(col)
            t.setColumnWidth(col, min(max(t.columnWidth(col), 60), 320))


def id_selectionne(t: QTableWidget) -> str | None:
    row = t.currentRow()
    item = t.item(row, 0) if row >= 0 else None
    return item.data(IdRole) if item is not None else None


def afficher_erreurs(champs: Mapping[str, QWidget], errors: Mapping[str, str]) -> list[str]:
    """Show each message beside its field (``Champ.show_error``); returns the messages no field took."""
    for champ in champs.values():
        champ.clear()
    left = []
    for name, message in errors.items():
        champ = champs.get(name)
        if champ is not None:
            champ.show_error(message)
        else:
            left.append(message)
    return left


def show_errors(champs: Mapping[str, QWidget], message, exc: BaseException) -> None:
    """A service refusal: each field's message beside it, the others (or the whole sentence) in ``message``.
    Anything but a UserError goes on to the global error hook."""
    from desktop_app.domain.errors import UserError

    if not isinstance(exc, UserError):
        from desktop_app.views.kit.operation import show_failure

        show_failure(exc)
        return
    errors = getattr(exc, "errors", None) or {}
    left = afficher_erreurs(champs, errors)
    if not errors:
        message.show_message(exc.message)
    elif left:
        message.show_message(" ".join(left))
    else:
        message.show_message("Corrigez les champs signalés en rouge.")
