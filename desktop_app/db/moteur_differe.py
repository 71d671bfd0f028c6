"""The engine of a profile opened for its first screen: one raw SQLCipher connection until SQLAlchemy is needed.

``import sqlalchemy`` costs more CPU than a whole bare Qt window. A profile opened by
``open_profile(…, differe=True)`` (the start-up path) reads its first list, its search and the few facts the
window needs (who is there, the role) through :func:`desktop_app.db.queries.list_cursor`, which takes the raw
connection of this object while it is not :attr:`~MoteurDiffere.pret`. Anything else asked of it
(``connect()``, ``begin()``, a session…) first builds the real engine (:meth:`MoteurDiffere.reel`), which adopts
the same connection as its first pooled one (same key, same pragmas, its page cache warm), then hands the
profile that engine (``on_ready``). The window builds it on the database thread once the first screen is live.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app.db.engine import connect_raw


class MoteurDiffere:
    """A stand-in for the profile's engine (see the module doc); thread-safe."""

    def __init__(self, path: Path, key: bytes | None, *, cipher: dict | None = None, encrypted: bool = True) -> None:
        self.path, self._key, self._cipher, self._encrypted = Path(path), key, cipher, encrypted
        self._raw = connect_raw(self.path, key, encrypted=encrypted, cipher=cipher)
        self._lock = threading.RLock()
        self._engine = None
        self.raw_info: dict = {}  # as a pooled connection's record.info (list_cursor's page-cache mark)
        self.on_ready: list[Callable[[Any], None]] = []

    @property
    def pret(self) -> bool:
        """The real engine is built: every read goes through it."""
        return self._engine is not None

    @contextmanager
    def raw_connection_held(self) -> Iterator[Any]:
        """The raw connection while the real engine is not built (None once it is), for one read at a time."""
        with self._lock:
            yield None if self._engine is not None else self._raw

    def reel(self):
        """The real SQLAlchemy engine, built once (its first pooled connection is the raw one)."""
        engine = self._engine
        if engine is not None:
            return engine
        with self._lock:
            if self._engine is None:
                from desktop_app.db.engine import make_engine
                from desktop_app.db import session  # noqa: F401 - the UI-thread guard on every engine connect

                engine = make_engine(self.path, self._key, encrypted=self._encrypted, cipher=self._cipher,
                                     first_connection=self._raw)
                engine.passerelle_origine = self  # the in-memory caches keyed by the engine stay valid
                self._engine = engine
                for callback in self.on_ready:
                    callback(engine)
        return self._engine

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            else:
                self._raw.close()

    def __getattr__(self, name: str):  # connect, begin, raw_connection, url, dialect…: the real engine's
        if name.startswith("__") or name in {"_raw", "_lock", "_engine", "_key", "_cipher", "_encrypted"}:
            raise AttributeError(name)
        return getattr(self.reel(), name)


def moteur_reel(engine):
    """``engine`` itself, or the real engine behind a :class:`MoteurDiffere` (built if need be)."""
    return engine.reel() if isinstance(engine, MoteurDiffere) else engine


def cle_moteur(engine):
    """What an in-memory cache keyed by the engine keys on: the :class:`MoteurDiffere` a real engine came from,
    so that the cache survives the swap."""
    if isinstance(engine, MoteurDiffere):
        return engine
    return getattr(engine, "passerelle_origine", engine)
