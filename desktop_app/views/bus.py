"""The app-wide "data changed" signal: screens listen to it instead of refreshing each other (Anki's idea).

A service call that changed data is followed by ``bus().notify({"jeune", "actualite"})`` (table names, or
other agreed kinds such as ``"sync"`` or ``"settings"``); every open screen whose data intersects refreshes.
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
