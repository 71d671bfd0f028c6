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
        # the start-up round is started once the first page showed (or 3 s later): waited for here, so that
        # a test's own round (an enrolment, « Synchroniser maintenant ») never races it on a loaded machine
        qtbot.waitUntil(lambda: window.background_started)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
