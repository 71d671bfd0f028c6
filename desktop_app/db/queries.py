"""Query helpers: living rows of a synced table (:func:`vivants`), and a DB-API cursor sized for lists."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # SQLAlchemy and SQLModel are imported on use: the first screen reads through list_cursor only
    from sqlalchemy import ColumnElement, Engine
    from sqlmodel.sql.expression import SelectOfScalar

# Page cache of a connection that serves lists and search (SQLite's default here is 8 MB). With 100k jeunes
# the search keys, their index and the FTS index stay decrypted in memory instead of being decrypted again
# for each keystroke. Per connection; the application reads through one serialized executor, so in practice
# one connection carries it.
LIST_CACHE_KIB = 64 * 1024


@contextmanager
def list_cursor(engine: Engine) -> Iterator[Any]:
    """A raw DB-API cursor (no per-row ORM cost) on a pooled connection, its page cache enlarged once. On a
    profile opened for its first screen (:class:`~desktop_app.db.moteur_differe.MoteurDiffere`, SQLAlchemy not
    imported yet) the cursor is on its one raw connection."""
    held = getattr(engine, "raw_connection_held", None)
    if held is not None:
        with held() as raw:
            if raw is not None:
                yield from _raw_cursor(engine, raw)
                return
    with engine.connect() as conn:
        record = conn.connection
        if not record.info.get("list_cache"):
            record.driver_connection.execute(f"PRAGMA cache_size = -{LIST_CACHE_KIB}")
            record.info["list_cache"] = True
        cursor = record.driver_connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


def _raw_cursor(engine: Any, raw: Any) -> Iterator[Any]:
    from desktop_app.db.journal import _check_thread

    _check_thread()  # the debug guard of a pooled connection's checkout (db/session.py)
    if not engine.raw_info.get("list_cache"):
        raw.execute(f"PRAGMA cache_size = -{LIST_CACHE_KIB}")
        engine.raw_info["list_cache"] = True
    cursor = raw.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def vivant(model: Any) -> ColumnElement[bool]:
    """The clause « not a tombstone » of a synced model: its ``deleted`` flag is false."""
    from sqlalchemy import false

    return model.deleted == false()


def vivants(model: Any) -> SelectOfScalar[Any]:
    """``select(model)`` of its living rows only (tombstones left out); add ``.where(…)`` as usual."""
    from sqlmodel import select

    return select(model).where(vivant(model))
