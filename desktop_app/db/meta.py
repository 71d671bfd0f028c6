"""The profile's own facts (``profile_meta``: ids, sync cursors, the saved clock…): read, write, one clock rule.

Every write of these facts outside the ORM goes through this module (drafts, sign-in failures and the
creation of a profile add :class:`~desktop_app.db.models.ProfileMeta` rows through their session). The
hybrid logical clock's last value (``hlc_last``) has its own function, :func:`save_clock`, with one rule: it
never moves backwards. Only the clock realignment (:func:`desktop_app.sync.clock_sync.realign`), which
deliberately takes back clocks this device issued in the future, sets it lower, through :func:`rewind_clock`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

CLOCK_KEY = "hlc_last"

_UPSERT = ("INSERT INTO profile_meta(key, value) VALUES (?, ?) "
           "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
# Clocks encode as fixed-width text, so the text order is the clock order.
_UPSERT_FORWARD = ("INSERT INTO profile_meta(key, value) VALUES (?, ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)")


def get_meta(conn: Connection, key: str, default: str | None = None) -> str | None:
    """The value saved under ``key``, or ``default`` when there is none."""
    row = conn.exec_driver_sql("SELECT value FROM profile_meta WHERE key = ?", (key,)).first()
    return row[0] if row else default


def set_meta(conn: Connection, key: str, value: str) -> None:
    """Save ``value`` under ``key`` (inside the caller's transaction), replacing any earlier value."""
    if key == CLOCK_KEY:
        raise ValueError("hlc_last se sauvegarde par save_clock (jamais en arrière)")
    conn.exec_driver_sql(_UPSERT, (key, value))


def delete_meta(conn: Connection, key: str) -> None:
    """Forget what was saved under ``key``."""
    conn.exec_driver_sql("DELETE FROM profile_meta WHERE key = ?", (key,))


def save_clock(conn: Connection, last: str) -> None:
    """Keep the clock's last value for the next opening of the profile. **Never moves it backwards**: a saved
    value newer than ``last`` stays (the newer of the two is kept)."""
    conn.exec_driver_sql(_UPSERT_FORWARD, (CLOCK_KEY, last))


def save_clock_raw(dbapi_conn, last: str) -> None:
    """:func:`save_clock` on a DB-API connection, committed (a profile whose engine was never built)."""
    dbapi_conn.execute(_UPSERT_FORWARD, (CLOCK_KEY, last))
    dbapi_conn.commit()


def rewind_clock(conn: Connection, last: str) -> None:
    """Set the saved clock to ``last`` even when it is older: only for the realignment that re-stamped this
    device's future clocks (:func:`desktop_app.sync.clock_sync.realign`); anything else calls
    :func:`save_clock`."""
    conn.exec_driver_sql(_UPSERT, (CLOCK_KEY, last))
