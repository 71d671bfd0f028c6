"""Background work for the views: one serialized executor for the database, a small pool for the network.

Inspired by Anki's taskman: a function runs off the UI thread, and its result (or exception) comes back to
the main thread through a Qt signal, where ``on_done(result)`` or ``on_error(exc)`` run. Only the main thread
touches widgets. ``run_with_progress`` adds a French progress dialog for long work.
"""
from __future__ import annotations

import inspect
import logging
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None] | None
OnError = Callable[[BaseException], None] | None


class TaskCancelled(Exception):
    """Raised by a task that saw its cancel flag: neither on_done nor on_error is called."""


class TaskRunner(QObject):
    """Runs callables on the database executor (one thread: SQLite work is serialized) or the network pool."""

    _deliver = Signal(object)  # a zero-argument callable to run on the main thread

    def __init__(self, parent: QObject | None = None, *, net_workers: int = 3) -> None:
        super().__init__(parent)
        from desktop_app.views.shell.startup import take_early_db_executor

        # the one that started opening the profile before the window was built, if any (views/shell/app.py)
        self._db = take_early_db_executor() or ThreadPoolExecutor(max_workers=1, thread_name_prefix="passerelle-db")
        self._net = ThreadPoolExecutor(max_workers=net_workers, thread_name_prefix="passerelle-net")
        self._deliver.connect(self._run_delivery, Qt.ConnectionType.QueuedConnection)
        self._closed = False
        self._droppable: set[Future] = set()  # reads not started yet that quitting may drop
        self._droppable_lock = threading.Lock()  # the set shrinks on the database thread

    def run_db(self, fn: Callable[[], Any], on_done: OnDone = None, on_error: OnError = None, *,
               droppable: bool = False) -> Future:
        """Run ``fn()`` on the database thread; callbacks run on the main thread.

        ``droppable``: a read only a screen waits for (a list, a count, the status bar): if the application
        quits before it started, it is dropped instead of delaying the exit (writes are never droppable)."""
        future = self._submit(self._db, fn, on_done, on_error)
        if droppable:
            with self._droppable_lock:
                self._droppable.add(future)
            future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future) -> None:
        with self._droppable_lock:
            self._droppable.discard(future)

    def run_net(self, fn: Callable[[], Any], on_done: OnDone = None, on_error: OnError = None) -> Future:
        """Run ``fn()`` on the network pool; callbacks run on the main thread."""
        return self._submit(self._net, fn, on_done, on_error)

    def call_in_main(self, fn: Callable[[], None]) -> None:
        """Run ``fn()`` on the main thread (safe to call from any thread)."""
        self._deliver.emit(fn)

    def _submit(self, pool: ThreadPoolExecutor, fn, on_done: OnDone, on_error: OnError) -> Future:
        if self._closed:  # the application is closing: a screen's late reload has nowhere to go
            log.debug("tâche ignorée : le gestionnaire de tâches est arrêté")
            dropped: Future = Future()
            dropped.cancel()
            return dropped
        future = pool.submit(fn)
        future.add_done_callback(lambda f: self._deliver.emit(lambda: self._finish(f, on_done, on_error)))
        return future

    def _run_delivery(self, fn: Callable[[], None]) -> None:
        fn()

    def _finish(self, future: Future, on_done: OnDone, on_error: OnError) -> None:
        if future.cancelled():
            return
        if self._closed:  # the work landed; the widgets waiting for it are being torn down
            exc = future.exception()
            if exc is not None:
                log.error("tâche en erreur pendant la fermeture", exc_info=(type(exc), exc, exc.__traceback__))
            return
        exc = future.exception()
        if exc is None:
            if on_done is not None:
                on_done(future.result())
        elif isinstance(exc, TaskCancelled):
            return
        elif on_error is not None:
            on_error(exc)
        else:  # nobody handles it: the global hook logs it and tells the user
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def shutdown(self, *, wait: bool = True) -> None:
        """Finish the queued database work (writes must land) except the droppable reads not started yet;
        drop network work not yet started."""
        if self._closed:
            return
        self._closed = True
        with self._droppable_lock:
            pending = list(self._droppable)
        for future in pending:
            future.cancel()  # False (kept) once it runs: a read under way finishes, bounded
        self._net.shutdown(wait=False, cancel_futures=True)
        self._db.shutdown(wait=wait)


_runner: TaskRunner | None = None


def runner() -> TaskRunner:
    """The application's task runner (created on first use, from the main thread)."""
    global _runner
    if _runner is None:
        _runner = TaskRunner()
    return _runner


def shutdown_runner() -> None:
    global _runner
    if _runner is not None:
        _runner.shutdown()
        _runner = None


# --- long work with a progress dialog ---------------------------------------------------------------------

_CANCELLED = object()


class _ProgressRelay(QObject):
    changed = Signal(int, int, str)


def _accepts_cancel(fn: Callable) -> bool:
    try:
        return "cancelled" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _progress_dialog(title: str, cancellable: bool, parent: QWidget | None) -> QProgressDialog:
    dialog = QProgressDialog(title, "Annuler" if cancellable else None, 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def _throttled_progress(dialog: QProgressDialog) -> Callable[..., None]:
    """``progress(done, total, message)`` callable from any thread, updating ``dialog`` at most every 50 ms."""
    relay = _ProgressRelay(dialog)

    def _update(done: int, total: int, message: str) -> None:
        if dialog.maximum() != max(total, 0):
            dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if message:
            dialog.setLabelText(message)

    relay.changed.connect(_update, Qt.ConnectionType.QueuedConnection)
    last = [0.0]

    def progress(done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= 0.05 or done >= total:
            last[0] = now
            relay.changed.emit(int(done), int(total), str(message))

    return progress


def run_with_progress(
    fn: Callable[..., Any],
    title: str,
    parent: QWidget | None,
    *,
    on_done: OnDone = None,
    on_error: OnError = None,
    network: bool = False,
    task_runner: TaskRunner | None = None,
) -> tuple[Future, QProgressDialog]:
    """Run ``fn(progress)`` (or ``fn(progress, cancelled)``) in the background behind a progress dialog.

    ``progress(done, total, message)`` may be called from the task at any rate (the dialog is updated at most
    every 50 ms); ``cancelled()`` returns True once the user pressed « Annuler » — the dialog offers that
    button only when ``fn`` takes a ``cancelled`` parameter. A task may raise :class:`TaskCancelled`.
    """
    tr = task_runner or runner()
    cancellable = _accepts_cancel(fn)
    dialog = _progress_dialog(title, cancellable, parent)
    cancel_flag = threading.Event()
    dialog.canceled.connect(cancel_flag.set)
    progress = _throttled_progress(dialog)

    def task():
        try:
            if cancellable:
                return fn(progress, cancelled=cancel_flag.is_set)
            return fn(progress)
        except TaskCancelled:
            return _CANCELLED

    def _close() -> None:
        dialog.canceled.disconnect(cancel_flag.set)
        dialog.close()
        dialog.deleteLater()

    def _done(result: Any) -> None:
        _close()
        if on_done is not None and result is not _CANCELLED:
            on_done(result)

    def _error(exc: BaseException) -> None:
        _close()
        if on_error is not None:
            on_error(exc)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    submit = tr.run_net if network else tr.run_db
    future = submit(task, _done, _error)
    return future, dialog
