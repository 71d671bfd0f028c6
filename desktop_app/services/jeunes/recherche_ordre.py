"""The alphabetical order of the live jeunes, kept in memory for search as you type.

Sorting tens of thousands of matches on every keystroke ("le", "ma"…) is what made a search slow; the
order of the whole list changes only when a jeune is added, removed, merged or renamed. So the order is read
once (ids sorted by the accent-folded name), and a search only keeps, in that order, the ids whose search
key the FTS index matched. ``jeune_recherche_version.v`` (migration 0005, bumped by triggers in the writing
transaction) says when the copy is stale; it is then read again at the next search.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import threading
from itertools import compress, repeat
import weakref
from dataclasses import dataclass

from desktop_app.db.queries import list_cursor

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

@dataclass
class _Order:
    version: int
    keys: list[int]  # search keys (FTS rowids) of the live jeunes, by name
    ids: list[str]  # their jeune ids, same order
    position: list[int]  # search key (an index here) -> index in ``keys``; len(keys) for a key not listed


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> _Order
_LOCK = threading.Lock()


def _version(cursor) -> int | None:
    try:
        return cursor.execute("SELECT v FROM jeune_recherche_version WHERE id = 1").fetchone()[0]
    except Exception:  # noqa: BLE001 - a profile older than migration 0005 is upgraded on open; be safe anyway
        return None


def _read(cursor, version: int) -> _Order | None:
    joined = cursor.execute(
        "SELECT group_concat(n || ':' || jeune_id, ',') FROM "
        "(SELECT n, jeune_id FROM jeune_recherche_cle WHERE actif = 1 ORDER BY tri, n)"
    ).fetchone()[0]
    if _version(cursor) != version:  # written meanwhile: do not keep a copy that may mix both states
        return None
    keys: list[int] = []
    ids: list[str] = []
    for pair in joined.split(",") if joined else ():
        n, _, jid = pair.partition(":")
        keys.append(int(n))
        ids.append(jid)
    position = [len(keys)] * (max(keys, default=0) + 1)
    for i, n in enumerate(keys):
        position[n] = i
    return _Order(version, keys, ids, position)


def ordered_ids(profile: Profile, matched_keys: list[int] | None) -> list[str] | None:
    """Live jeune ids by name: all of them (``matched_keys`` None) or those whose search key is in
    ``matched_keys``. None when the order cannot be used (then the caller asks SQL)."""
    engine = profile.engine
    with _LOCK, list_cursor(engine) as cursor:
        version = _version(cursor)
        if version is None:
            return None
        order = _CACHE.get(engine)
        if order is None or order.version != version:
            order = _read(cursor, version)
            if order is None:
                return None
            _CACHE[engine] = order
    if matched_keys is None:
        return list(order.ids)
    # C-level loops only (no sort): mark the matched places in a byte mask, then keep the ids so marked.
    size = len(order.position)
    mask = bytearray(len(order.keys) + 1)  # the extra byte takes the keys of deleted/merged jeunes
    places = map(order.position.__getitem__, [n for n in matched_keys if n < size])
    any(map(mask.__setitem__, places, repeat(1)))
    return list(compress(order.ids, mask))


def forget(profile: Profile) -> None:
    """Drop the in-memory order (tests, profile closed)."""
    with _LOCK:
        _CACHE.pop(profile.engine, None)
