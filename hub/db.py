"""The hub's database: SQLite by default, PostgreSQL (``postgresql+psycopg://``) for real deployments."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from hub import schema

DATABASE_ENV = "PASSERELLE_HUB_DATABASE"


def default_url() -> str:
    return os.environ.get(DATABASE_ENV) or f"sqlite:///{Path.cwd() / 'passerelle-hub.db'}"


def make_engine(url: str | None = None, *, upgrade: bool = True) -> Engine:
    """An engine on ``url``, its database brought to the head schema revision (:func:`hub.schema.upgrade`)
    unless ``upgrade`` is False."""
    url = url or default_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA busy_timeout = 30000")
            cur.close()
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    if upgrade:
        try:
            schema.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
    return engine
