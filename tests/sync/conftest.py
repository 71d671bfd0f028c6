"""Fixtures of the sync tests: main windows on enrolled profiles (closed after the test)."""
from __future__ import annotations

import pytest

from desktop_app.views.shell.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, make_context):
    windows: list[MainWindow] = []

    def make(profile) -> MainWindow:
        window = MainWindow(make_context(profile))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
