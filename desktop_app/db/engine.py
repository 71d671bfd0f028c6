"""The encrypted SQLite engine (SQLCipher) with the pragmas a field laptop needs."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy is imported by make_engine: a profile opened for its first list needs only the driver
    from sqlalchemy import Engine


class KeyStatus(Enum):
    OK = "ok"
    NOT_A_DATABASE = "not_a_database"  # wrong key, or a damaged/foreign file: the caller tells which


# Cipher settings a profile may record (profile.json "cipher"), each with the values allowed. New profiles use
# HMAC-SHA256 page authentication (SQLCipher's default is SHA-512): same integrity guarantee in practice, and a
# write-heavy loop ~3 points cheaper (bench/RESULTS.md). A profile without the entry uses SQLCipher's defaults.
CIPHER_SETTINGS = {"hmac_algorithm": ("HMAC_SHA256", "HMAC_SHA512")}
NEW_PROFILE_CIPHER = {"hmac_algorithm": "HMAC_SHA256"}


def _apply_key(dbapi_conn, key: bytes | None, cipher: dict | None = None) -> None:
    cur = dbapi_conn.cursor()
    if key is not None:
        # A raw 256-bit key: SQLCipher skips its own KDF (ours already ran, or the key is random).
        cur.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for name, value in (cipher or {}).items():
            if value not in CIPHER_SETTINGS.get(name, ()):
                raise ValueError(f"réglage de chiffrement inconnu : {name} = {value!r}")
            cur.execute(f"PRAGMA cipher_{name} = {value}")
    cur.close()


def _apply_pragmas(dbapi_conn) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = FULL")  # field laptops lose power
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.close()


def _driver(encrypted: bool):
    if encrypted:
        import sqlcipher3

        return sqlcipher3
    import sqlite3

    return sqlite3


def probe(path: Path, key: bytes | None, *, encrypted: bool = True, cipher: dict | None = None) -> KeyStatus:
    """Can ``key`` read the file at ``path``? Opens read-only logic only: never creates or writes."""
    driver = _driver(encrypted)
    conn = driver.connect(f"file:{path}?mode=ro", uri=True)
    try:
        _apply_key(conn, key, cipher)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return KeyStatus.OK
    except driver.DatabaseError:
        return KeyStatus.NOT_A_DATABASE
    finally:
        conn.close()


def connect_raw(path: Path, key: bytes | None, *, encrypted: bool = True, cipher: dict | None = None):
    """A DB-API connection on the database file, keyed and configured as the engine's pooled connections are
    (:func:`make_engine`; it may then take this very connection as its first one)."""
    conn = _driver(encrypted).connect(str(path), check_same_thread=False)
    try:
        _apply_key(conn, key, cipher)
        _apply_pragmas(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(path: Path, key: bytes | None, *, encrypted: bool = True, echo: bool = False,
                cipher: dict | None = None, first_connection=None) -> Engine:
    """An engine on the database file; every pooled connection is keyed and configured on connect.
    ``first_connection``: a connection made by :func:`connect_raw` with the same key, taken as the pool's first
    one (its page cache stays warm)."""
    from sqlalchemy import create_engine, event

    driver = _driver(encrypted)
    options: dict = {"connect_args": {"check_same_thread": False}}
    if first_connection is not None:  # the pool's first connection is that one; the next ones as SQLAlchemy
        adopted = [first_connection]  # makes them (driver.connect(path, check_same_thread=False))

        def creator():
            return adopted.pop() if adopted else driver.connect(str(path), check_same_thread=False)

        options = {"creator": creator}
    engine = create_engine(
        f"sqlite:///{path}",
        module=driver,
        echo=echo,
        pool_pre_ping=False,
        **options,
    )
    ready = [first_connection] if first_connection is not None else []

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_conn, _record) -> None:
        if ready and dbapi_conn is ready[0]:  # adopted: keyed and configured already
            ready.clear()
            return
        _apply_key(dbapi_conn, key, cipher)
        _apply_pragmas(dbapi_conn)

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn, _record) -> None:
        # A COMMIT refused by SQLite (e.g. a deferred foreign key) leaves the transaction open while
        # SQLAlchemy believes it ended: roll it back so the next user of the connection starts clean.
        if dbapi_conn is not None and getattr(dbapi_conn, "in_transaction", False):
            dbapi_conn.rollback()

    return engine
