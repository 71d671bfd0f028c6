"""The write journal (which tables a committed transaction wrote) and the debug guard against database work
on the UI thread, in plain Python: a screen or the main window imports them before the profile is open without
pulling SQLAlchemy or SQLModel onto the UI thread (:mod:`desktop_app.db.session` re-exports them and installs
the guard on every engine)."""
from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import sys
import threading
from collections.abc import Iterable, Iterator

log = logging.getLogger("desktop_app.db.session")


# --- the write journal ----------------------------------------------------------------------------------
#
# The outbox capture (desktop_app.sync.capture) sees every row a flush writes; when the transaction commits
# it hands the names of their tables to the journal open in the current context, if any. A screen's write
# operation opens one around the service call and announces those tables on the data bus: the caller never
# guesses what a write touched (as Anki's backend returns its ``OpChanges``).


class WriteJournal:
    """The tables written by the transactions committed while this journal was open."""

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self._lock = threading.Lock()  # read from the main thread once the work is done, written by the DB one

    def note(self, tables: Iterable[str]) -> None:
        with self._lock:
            self.tables.update(tables)

    def snapshot(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self.tables)


_journal: contextvars.ContextVar[WriteJournal | None] = contextvars.ContextVar("write_journal", default=None)


@contextlib.contextmanager
def write_journal(journal: WriteJournal | None = None) -> Iterator[WriteJournal]:
    """Collect, in ``journal`` (a new one by default), the tables of every transaction committed inside the
    block — including those committed before an exception left it (an import cut half-way)."""
    journal = journal if journal is not None else WriteJournal()
    outer = _journal.get()
    token = _journal.set(journal)
    try:
        yield journal
    finally:
        _journal.reset(token)
        if outer is not None:  # a nested journal: the enclosing operation wrote these tables too
            outer.note(journal.snapshot())


def note_committed(tables: Iterable[str]) -> None:
    """Called by the capture after a commit: the tables go to the open journal (nothing when none is open)."""
    journal = _journal.get()
    if journal is not None:
        journal.note(tables)


# --- debug guard: no database work on the UI thread -----------------------------------------------------
#
# Off by default. ``PASSERELLE_DB_GUARD=log`` logs, ``=raise`` raises :class:`UiThreadDatabaseAccess`, when a
# connection is opened on the main thread by code of ``desktop_app.views`` (a screen calling a service
# directly instead of through the DB executor). Tests that set up data call services from the main thread
# themselves: without a views frame on the stack, that is not the UI thread blocking. The views tests run
# with the guard raising (tests/conftest.py).

GUARD_ENV = "PASSERELLE_DB_GUARD"
_VIEWS = "desktop_app.views"
_allowed = threading.local()


class UiThreadDatabaseAccess(RuntimeError):
    """A screen opened a database connection on the UI thread (debug guard)."""


@contextlib.contextmanager
def allow_ui_thread_db(reason: str) -> Iterator[None]:
    """Let the block open connections on the UI thread (say why in ``reason``: it is logged at debug level).
    For the few accesses that cannot move yet; each one is listed in the guard's report."""
    depth = getattr(_allowed, "depth", 0)
    _allowed.depth = depth + 1
    log.debug("accès base autorisé sur le fil de l'interface : %s", reason)
    try:
        yield
    finally:
        _allowed.depth = depth


def _views_caller() -> str | None:
    """``module:function`` of the innermost views frame on the stack (None when no view is calling)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith(_VIEWS):
            return f"{name}:{frame.f_code.co_name}"
        frame = frame.f_back
    return None


def _check_thread(*_args) -> None:
    mode = os.environ.get(GUARD_ENV, "")
    if not mode or threading.current_thread() is not threading.main_thread():
        return
    if getattr(_allowed, "depth", 0):
        return
    caller = _views_caller()
    if caller is None:
        return
    message = f"connexion à la base ouverte sur le fil de l'interface par {caller}"
    if mode == "raise":
        raise UiThreadDatabaseAccess(message)
    log.warning("%s", message)
