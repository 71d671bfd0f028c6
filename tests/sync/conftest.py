"""Fixtures of the sync tests: main windows on enrolled profiles (closed, their task runners shut down, after)."""
from __future__ import annotations

import pytest
from desktop_app.services.profil.reglages import Settings
from desktop_app.views.bus import DataBus
from desktop_app.views.main_window import MainWindow
from desktop_app.views.sections import ShellContext
from desktop_app.views.tasks import TaskRunner


@pytest.fixture
def make_window(qtbot):
    runners: list[TaskRunner] = []
    windows: list[MainWindow] = []

    def make(profile) -> MainWindow:
        runner = TaskRunner()
        runners.append(runner)
        context = ShellContext(profile=profile, tasks=runner, bus=DataBus(), settings=Settings(profile.settings_path))
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    for runner in runners:
        runner.shutdown()
