"""Read-only tables of the Synchronisation screen: the history of rounds, the quarantined operations and
the received changes this device could not store."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.kit.text import format_int

RUN_HEADERS = ("Date", "Envoyées", "Reçues", "Conflits", "Quarantaine", "Statut", "Message")
QUARANTINE_HEADERS = ("Date", "Type", "Enregistrement", "Champs", "Motif")
REFUSED_HEADERS = ("Date", "Type", "Enregistrement", "Motif")


def moment_text(moment) -> str:
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{local:%d/%m/%Y %H:%M}"


class _ReadOnlyTable(QTableWidget):
    def __init__(self, headers: tuple[str, ...], stretch: int, parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def _set_rows(self, rows: list[tuple], numeric: set[int]) -> None:
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(format_int(value) if c in numeric else str(value))
                if c in numeric:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(value) if len(str(value)) > 40 else "")
                self.setItem(r, c, item)


class RunsTable(_ReadOnlyTable):
    """One line per round, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(RUN_HEADERS, 6, parent)
        self.setObjectName("syncHistory")

    def set_runs(self, runs, *, running: bool = False) -> None:
        """``running``: the newest round not finished yet is the one in progress (else it was interrupted)."""
        self._set_rows([(moment_text(r.started_at), r.sent, r.received, r.conflicts, r.quarantined,
                         "En cours" if running and i == 0 and r.status == "en_cours" else r.status_label,
                         r.message) for i, r in enumerate(runs)], {1, 2, 3, 4})


class QuarantineTable(_ReadOnlyTable):
    """The operations the hub refused, with its French reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QUARANTINE_HEADERS, 4, parent)
        self.setObjectName("syncQuarantine")

    def set_items(self, items) -> None:
        self._set_rows([(moment_text(q.when), q.table_label, q.record, q.fields, q.reason) for q in items], set())


class ReceivedRefusedPanel(QWidget):
    """« Reçues refusées »: changes received from the hub that this device could not store, with the reason;
    a sentence when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from desktop_app.services.sync.refus import EMPTY_TEXT

        super().__init__(parent)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("syncRefusedEmpty")
        self.empty.setWordWrap(True)
        self.table = _ReadOnlyTable(REFUSED_HEADERS, 3)
        self.table.setObjectName("syncRefused")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.set_items([])

    def set_items(self, items) -> None:
        self.table._set_rows([(moment_text(r.when), r.table_label, r.record, r.reason) for r in items], set())
        self.empty.setVisible(not items)
        self.table.setVisible(bool(items))
