"""The hub's database: SQLite by default, PostgreSQL (``postgresql+psycopg://``) for real deployments.

Erased content must not survive in the file (SYNC.md guarantee 14). SQLite: every connection sets
``PRAGMA secure_delete = ON``, so that deleted or rewritten records are overwritten with zeros in their page
and freed pages are zeroed, instead of lingering in free space (the WAL's old frames are overwritten as it is
checkpointed and reused; closing the last connection deletes it).

PostgreSQL: an UPDATE leaves the old row version (a dead tuple) in its heap page until VACUUM. A plain
``VACUUM`` (or autovacuum) marks that space reusable but does not overwrite it: the bytes remain in the data
file until a later row reuses the space; ``VACUUM FULL hub_record, hub_conflict`` rewrites the tables into new
files and releases the old ones to the filesystem (their blocks are not wiped by PostgreSQL either: use an
encrypted volume). The WAL and base backups also keep old versions until they are recycled or expire.
Deployments that handle erasure requests should run ``VACUUM FULL`` on these two tables after erasures
(e.g. nightly) and keep WAL archives on encrypted storage with a bounded retention.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from hub import schema
from hub.errors import HubError

DATABASE_ENV = "PASSERELLE_HUB_DATABASE"
# PostgreSQL connection pool of each hub process: POOL_ENV connections kept open, up to POOL_EXTRA_ENV more
# under a burst (closed when returned). Every hub process holds at most their sum: processes × (pool + extra)
# must stay below the server's max_connections (README « Hub sur PostgreSQL et plusieurs processus »).
POOL_ENV, POOL_EXTRA_ENV = "PASSERELLE_HUB_POOL", "PASSERELLE_HUB_POOL_EXTRA"
POOL_DEFAULT, POOL_EXTRA_DEFAULT = 10, 10
POOL_RECYCLE_S = 300  # seconds: a pooled connection older than this is replaced at checkout


def pool_sizes(env=None) -> tuple[int, int]:
    """(pool size, overflow) of a PostgreSQL hub engine, from the environment."""
    env = os.environ if env is None else env

    def number(name: str, default: int, least: int) -> int:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        if not raw.isdigit() or not least <= int(raw) <= 1000:
            raise HubError(400, "reglage_invalide", f"{name} : nombre entier entre {least} et 1000 attendu, "
                           f"pas « {raw} ».")
        return int(raw)

    return number(POOL_ENV, POOL_DEFAULT, 1), number(POOL_EXTRA_ENV, POOL_EXTRA_DEFAULT, 0)


def default_url() -> str:
    return os.environ.get(DATABASE_ENV) or f"sqlite:///{Path.cwd() / 'passerelle-hub.db'}"


def _wal(cur) -> None:
    """Switch a SQLite hub database to WAL. Switching needs the database to itself, and SQLite answers
    « database is locked » at once — without waiting on the busy timeout — while another hub process holds it
    (several processes starting at once, one of them migrating): try again for up to 30 s."""
    import sqlite3
    import time

    deadline = time.monotonic() + 30
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(url: str | None = None, *, upgrade: bool = True) -> Engine:
    """An engine on ``url``, its database brought to the head schema revision (:func:`hub.schema.upgrade`)
    unless ``upgrade`` is False."""
    url = url or default_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout = 30000")
            _wal(cur)
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA secure_delete = ON")  # erased content never lingers in free space
            cur.close()
    else:
        size, extra = pool_sizes()
        # No ``pool_pre_ping``: it cost one round trip per checkout, and a request checks out twice (token,
        # then push or pull). Connections are recycled after POOL_RECYCLE_S instead (before a server or proxy
        # idle timeout closes them); a connection the server closed anyway (restart) fails its request once —
        # SQLAlchemy then sees the disconnect and empties the pool, and the device's next sync succeeds.
        engine = create_engine(url, pool_size=size, max_overflow=extra, pool_recycle=POOL_RECYCLE_S)
    if upgrade:
        try:
            schema.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
    return engine
