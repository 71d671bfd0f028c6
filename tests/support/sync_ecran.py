"""Helpers of the Synchronisation screen tests."""
from __future__ import annotations

from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.sync.ecran import SyncScreen

WAIT = 20_000  # ms: generous, never a speed assertion


def sync_screen(window: MainWindow, qtbot) -> SyncScreen:
    window.show_section("synchronisation")
    screen = window.page("synchronisation")
    qtbot.waitUntil(lambda: screen.loaded, timeout=WAIT)
    return screen


def idle_after(controller, qtbot, rounds: int) -> None:
    qtbot.waitUntil(lambda: controller.rounds_started >= rounds and not controller.running, timeout=WAIT)
