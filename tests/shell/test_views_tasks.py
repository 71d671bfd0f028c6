"""The background-task runner: work off the UI thread, results and errors back on the main thread."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton
from shiboken6 import isValid

from desktop_app.domain.errors import UserError
from desktop_app.views.kit.bus import DataBus
from desktop_app.views.kit.tasks import TaskCancelled, TaskRunner, run_with_progress


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown()


def test_run_db_runs_off_the_ui_thread_and_delivers_on_it(runner, qtbot):
    seen = {}

    def work():
        seen["worker"] = threading.current_thread().name
        return 41 + 1

    def done(value):
        seen["value"] = value
        seen["main"] = QThread.currentThread() is QApplication.instance().thread()

    runner.run_db(work, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen == {"worker": seen["worker"], "value": 42, "main": True}
    assert seen["worker"].startswith("passerelle-db")


def test_database_work_is_serialized(runner, qtbot):
    active, overlaps, finished = [0], [], []
    lock = threading.Lock()

    def work(i):
        with lock:
            active[0] += 1
            overlaps.append(active[0])
        threading.Event().wait(0.01)
        with lock:
            active[0] -= 1
        return i

    for i in range(5):
        runner.run_db(lambda i=i: work(i), on_done=finished.append)
    qtbot.waitUntil(lambda: len(finished) == 5)
    assert finished == [0, 1, 2, 3, 4] and max(overlaps) == 1


def test_errors_reach_on_error_on_the_main_thread(runner, qtbot):
    got = {}

    def fail():
        raise UserError("Ce jeune a déjà un dossier.")

    def on_error(exc):
        got["exc"] = exc
        got["main"] = QThread.currentThread() is QApplication.instance().thread()

    runner.run_net(fail, on_done=lambda _r: got.setdefault("done", True), on_error=on_error)
    qtbot.waitUntil(lambda: "exc" in got)
    assert got["main"] and "done" not in got
    assert isinstance(got["exc"], UserError) and got["exc"].message == "Ce jeune a déjà un dossier."


def test_unhandled_task_error_goes_to_the_global_hook(runner, qtbot, monkeypatch):
    import sys

    caught = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: caught.append(e))
    runner.run_db(lambda: 1 / 0)
    qtbot.waitUntil(lambda: bool(caught))
    assert isinstance(caught[0], ZeroDivisionError)


def test_progress_dialog_reports_and_can_cancel(runner, qtbot):
    results, started = [], threading.Event()

    def long_work(progress, cancelled):
        for i in range(1000):
            if cancelled():
                raise TaskCancelled
            progress(i, 1000, f"Dossier {i} sur 1000")
            started.set()
            threading.Event().wait(0.005)
        return "fini"

    future, dialog = run_with_progress(long_work, "Import des jeunes", None, on_done=results.append,
                                       task_runner=runner)
    assert dialog.windowTitle() == "Import des jeunes"
    [cancel_button] = dialog.findChildren(QPushButton)
    assert cancel_button.text() == "Annuler"
    qtbot.waitUntil(lambda: dialog.value() > 0)
    assert dialog.labelText().startswith("Dossier ")
    cancel_button.click()
    qtbot.waitUntil(future.done)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible())
    assert results == []  # a cancelled task delivers nothing


def test_progress_without_cancel_flag_has_no_cancel_button_and_returns(runner, qtbot):
    results = []

    def work(progress):
        progress(1, 2, "Moitié")
        progress(2, 2, "Terminé")
        return 7

    future, dialog = run_with_progress(work, "Calcul des indicateurs", None, on_done=results.append,
                                       task_runner=runner)
    assert dialog.findChildren(QPushButton) == []
    qtbot.waitUntil(lambda: results == [7])


def test_data_changed_signal_carries_the_kinds(qtbot):
    bus = DataBus()
    with qtbot.waitSignal(bus.data_changed) as blocker:
        bus.notify(["jeune", "actualite"])
    assert blocker.args == [frozenset({"jeune", "actualite"})]


def test_work_after_shutdown_is_dropped_and_late_callbacks_do_not_fire(qapp, qtbot):
    """A screen that reloads while the window closes must neither crash nor call into dead widgets."""
    r = TaskRunner()
    calls = []
    landed = threading.Event()

    def write():
        landed.set()
        return "écrit"

    r.run_db(write, on_done=calls.append)
    r.shutdown()  # queued database work lands…
    assert landed.is_set()
    qtbot.wait(50)  # …but its delivery, queued on the event loop, finds the runner closed
    assert calls == []
    late = r.run_db(lambda: "trop tard", on_done=calls.append, on_error=calls.append)
    assert late.cancelled()
    qtbot.wait(50)
    assert calls == []
