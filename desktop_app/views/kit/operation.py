"""The one way a screen writes: a service call on the DB executor, its outcome on the main thread, and the
tables it wrote announced on the data bus (in the manner of Anki's ``CollectionOp``).

``WriteOp(context, lambda: service(profile, …), parent=self, form=self.form).success(cb).run()`` — or the
shorthand :func:`run_write`. The service runs inside a write journal (desktop_app.db.session): the session
reports the tables each committed transaction wrote, and the operation announces them from a ``finally:``
— on success, on failure (what committed before the error stays committed), and whether or not the window
that started it still exists. Only the UI callbacks are skipped for a widget that was closed meanwhile.

Failures are shown in French: a refusal with field errors (``exc.errors``) beside the fields of ``form``,
other expected refusals (:class:`UserError`, :class:`AccesRefuse`) in a dialog, anything else through the
global exception hook (logged with its traceback, « erreur inattendue » for the user).
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from typing import Any, Protocol

from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from desktop_app.db.journal import WriteJournal, write_journal
from desktop_app.domain.errors import UserError

log = logging.getLogger(__name__)


class ShowsErrors(Protocol):
    """A form that shows ``{field: message}`` beside its fields (``{}`` clears them)."""

    def show_errors(self, errors: dict[str, str]) -> None: ...


def _alive(widget: Any) -> bool:
    return widget is None or not isinstance(widget, QWidget) or isValid(widget)


def collecting(fn: Callable[..., Any], journal: WriteJournal) -> Callable[..., Any]:
    """``fn`` run inside ``journal``: the tables its committed transactions wrote land there."""

    def work(*args: Any, **kwargs: Any) -> Any:
        with write_journal(journal):
            return fn(*args, **kwargs)

    return work


def announce(context, journal: WriteJournal, also: Iterable[str] = ()) -> frozenset[str]:
    """Tell every screen which tables changed (nothing when nothing was written)."""
    kinds = journal.snapshot() | frozenset(also)
    if kinds:
        context.bus.notify(kinds)
    return kinds


def show_failure(exc: BaseException, *, parent: QWidget | None = None, form: ShowsErrors | None = None,
                 titre: str = "Non enregistré") -> None:
    """The French message for a failed write (main thread)."""
    from desktop_app.security.permissions import AccesRefuse

    errors = getattr(exc, "errors", None)
    if isinstance(exc, UserError) and form is not None and isinstance(errors, Mapping) and errors:
        form.show_errors(dict(errors))
    elif isinstance(exc, AccesRefuse):
        QMessageBox.warning(parent, "Accès refusé", exc.message)
    elif isinstance(exc, UserError):
        QMessageBox.warning(parent, titre, exc.message)
    else:  # logged with its traceback; the user reads « erreur inattendue » (views.errors)
        sys.excepthook(type(exc), exc, exc.__traceback__)


def refus_montre(exc: BaseException, error, *, parent: QWidget | None = None, champ: str | None = None) -> bool:
    """A refused read or write: the message of a :class:`UserError` in ``error`` (a message label) — the one
    it gives for field ``champ`` when there is one — True; anything else goes to :func:`show_failure`, False."""
    if not isinstance(exc, UserError):
        show_failure(exc, parent=parent)
        return False
    errors = getattr(exc, "errors", None)
    message = errors.get(champ) if champ and isinstance(errors, Mapping) else None
    error.show_message(message or exc.message)
    return True


class WriteOp:
    """A service write run on the DB executor; see the module docstring."""

    def __init__(self, context, fn: Callable[[], Any], *, parent: QWidget | None = None,
                 form: ShowsErrors | None = None, also: Iterable[str] = (), titre: str = "Non enregistré") -> None:
        self.context, self.fn = context, fn
        self.parent, self.form = parent, form
        self.also = frozenset(also)  # local tables the journal cannot see (a settings file…)
        self.titre = titre
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self.journal = WriteJournal()
        self.announced: frozenset[str] | None = None

    def success(self, callback: Callable[[Any], None] | None) -> WriteOp:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None] | None) -> WriteOp:
        """Replace the default French message (the callback gets the exception; main thread)."""
        self._failure = callback
        return self

    def run(self) -> Future:
        return self.context.tasks.run_db(collecting(self.fn, self.journal), self._done, self._failed)

    # --- main thread ---------------------------------------------------------------------------------------

    def _done(self, result: Any) -> None:
        try:
            if not _alive(self.parent) or not _alive(self.form):
                return  # saved; the window asking was closed meanwhile
            if self.form is not None:
                self.form.show_errors({})
            if self._success is not None:
                self._success(result)
        finally:
            self.announced = announce(self.context, self.journal, self.also)

    def _failed(self, exc: BaseException) -> None:
        try:
            if not _alive(self.parent) or not _alive(self.form):
                if isinstance(exc, UserError):
                    log.info("Écriture refusée après la fermeture de sa fenêtre : %s", exc.message)
                else:
                    sys.excepthook(type(exc), exc, exc.__traceback__)
                return
            if self._failure is not None:
                self._failure(exc)
            else:
                show_failure(exc, parent=self.parent, form=self.form, titre=self.titre)
        finally:
            self.announced = announce(self.context, self.journal, self.also)


def run_write(context, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None, form: ShowsErrors | None = None,
              parent: QWidget | None = None, also: Iterable[str] = (), titre: str = "Non enregistré") -> WriteOp:
    """Shorthand: ``WriteOp(…).success(on_done).failure(on_error).run()``; returns the operation."""
    op = WriteOp(context, fn, parent=parent, form=form, also=also, titre=titre).success(on_done).failure(on_error)
    op.run()
    return op


def run_write_with_progress(context, fn: Callable[..., Any], title: str, parent: QWidget, *,
                            on_done: Callable[[Any], None] | None = None,
                            on_error: Callable[[BaseException], None] | None = None,
                            also: Iterable[str] = ()) -> WriteOp:
    """A long write (an import) behind the progress dialog of :func:`~desktop_app.views.kit.tasks.run_with_progress`:
    same journal and same announcement in a ``finally:`` as :class:`WriteOp` — chunks committed before a
    failure or a cancel are announced too."""
    from desktop_app.views.kit.tasks import (
        TaskCancelled,
        _accepts_cancel,
        run_with_progress,
    )

    op = WriteOp(context, fn, parent=parent, also=also).success(on_done).failure(on_error)
    takes_cancel = _accepts_cancel(fn)

    def guarded(progress, cancelled=None):
        with write_journal(op.journal):
            try:
                return fn(progress, cancelled=cancelled) if takes_cancel else fn(progress)
            except TaskCancelled:
                return _CANCELLED

    if takes_cancel:
        def work(progress, cancelled):
            return guarded(progress, cancelled)
    else:
        def work(progress):
            return guarded(progress)

    def done(result: Any) -> None:
        if result is _CANCELLED:  # cancelled: no success callback, but what committed is announced
            op.announced = announce(context, op.journal, op.also)
        else:
            op._done(result)

    run_with_progress(work, title, parent, on_done=done, on_error=op._failed, task_runner=context.tasks)
    return op


_CANCELLED = object()


def context_of(profile, parent: QWidget | None = None):
    """The shell context of ``parent``'s window (its task runner and bus); a dialog opened without one (a
    test, the CLI) gets the application's runner and bus."""
    window = parent.window() if isinstance(parent, QWidget) else None
    for candidate in (parent, window):
        context = getattr(candidate, "context", None)
        if context is not None and hasattr(context, "tasks") and hasattr(context, "bus"):
            return context
    from types import SimpleNamespace

    from desktop_app.views.kit.bus import bus
    from desktop_app.views.kit.tasks import runner

    return SimpleNamespace(profile=profile, tasks=runner(), bus=bus())
