"""The session class used for every write to a replica, the write journal that tells which tables a
committed transaction wrote, and the debug guard against database work on the UI thread."""
from __future__ import annotations

from sqlalchemy import Engine, event
from sqlmodel import Session

from desktop_app.db.journal import (  # noqa: F401 (re-exported: the journal and the guard live there)
    GUARD_ENV,
    UiThreadDatabaseAccess,
    WriteJournal,
    _check_thread,
    allow_ui_thread_db,
    note_committed,
    write_journal,
)


class ReplicaSession(Session):
    """A SQLModel session on a profile's database.

    ``info["clock"]`` holds the device's hybrid clock; ``info["applying_remote"]`` is set by the sync
    client while it merges pulled changes (their clocks come from elsewhere and they must not go back
    out through the outbox). Its writes are captured for sync once :func:`desktop_app.sync.capture.install`
    ran (opening or creating a profile calls it).
    """


event.listen(Engine, "engine_connect", _check_thread)
