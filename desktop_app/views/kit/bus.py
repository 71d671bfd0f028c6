"""The app-wide "data changed" signal: screens listen to it instead of refreshing each other (Anki's idea).

A screen's write goes through :class:`desktop_app.views.kit.operation.WriteOp`, which announces here the tables
the transaction wrote, as the session reported them (``{"jeune", "actualite"}``), whether or not the window
that asked is still open. Other agreed kinds (``"sync"``, ``"settings"``, ``"utilisateur"`` when another user
took over) are announced by those who know; every open screen whose data intersects refreshes.
"""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class DataBus(QObject):
    data_changed = Signal(object)  # frozenset[str] of kinds (table names, "sync", "settings"…)

    def notify(self, kinds: Iterable[str]) -> None:
        kinds = frozenset(kinds)
        if kinds:
            self.data_changed.emit(kinds)


_bus: DataBus | None = None


def bus() -> DataBus:
    """The single bus of the application (created on first use, in the main thread)."""
    global _bus
    if _bus is None:
        _bus = DataBus()
    return _bus
