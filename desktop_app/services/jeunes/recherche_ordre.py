"""The alphabetical order of the live jeunes, kept in memory for search as you type.

Sorting tens of thousands of matches on every keystroke ("le", "ma"…) is what made a search slow; the
order of the whole list changes only when a jeune is added, removed, merged or renamed. So the order is read
once (ids sorted by the accent-folded name), and a search only keeps, in that order, the ids whose search
key the FTS index matched. ``jeune_recherche_version.v`` (migration 0005, bumped by triggers in the writing
transaction) says when the copy is stale; it is then read again at the next search.

At start-up the order is on the first screen's path (the list and its first search): a copy read from the index
is saved after the first screen (:func:`enregistrer`, table ``jeune_recherche_ordre`` of migration 0034, deleted
by a trigger with any bump of the version) and the next start-up reads that one row instead (~4× faster on
100 000 jeunes).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import json
import sys
import threading
from array import array
from collections.abc import Sequence
from itertools import compress, islice, repeat
import weakref
from dataclasses import dataclass

from desktop_app.db.moteur_differe import cle_moteur
from desktop_app.db.queries import list_cursor

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

class IdsJoints(Sequence):
    """Jeune ids kept as the one string they were read in (``a,b,c``, every id 36 characters: a UUID): an id is
    sliced out of it when asked, the string is split into a list only when the whole is iterated. Splitting
    100 000 ids costs 8–10 ms of the interpreter at start-up; the first list needs its first rows, its count,
    and a search the ids of its matches. Immutable, equal to the list of the same ids."""

    __slots__ = ("texte", "_n", "_liste")
    LARGEUR = 36
    PAS = LARGEUR + 1  # the comma

    def __init__(self, texte: str, n: int) -> None:
        self.texte, self._n, self._liste = texte, n, None

    @classmethod
    def depuis(cls, texte: str | None) -> Sequence[str]:
        """``texte`` as an :class:`IdsJoints` when every id has the fixed width, else split as usual."""
        if not texte:
            return []
        n = (len(texte) + 1) // cls.PAS
        if (len(texte) != n * cls.PAS - 1 or texte.count(",") != n - 1
                or texte[cls.LARGEUR::cls.PAS] != "," * (n - 1)):
            return texte.split(",")
        return cls(texte, n)

    def liste(self) -> list[str]:
        """The ids as a list (split once, at C speed, then kept)."""
        if self._liste is None:
            self._liste = self.texte.split(",")
        return self._liste

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            places = range(self._n)[i]
            if self._liste is not None or len(places) > 1000:
                return self.liste()[i]
            t, w, pas = self.texte, self.LARGEUR, self.PAS
            return [t[j * pas:j * pas + w] for j in places]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("indice hors de la liste")
        return self.texte[i * self.PAS:i * self.PAS + self.LARGEUR]

    def __iter__(self):
        return iter(self.liste())

    def index(self, value, start: int = 0, stop: int | None = None) -> int:
        if isinstance(value, str) and len(value) == self.LARGEUR and "," not in value:
            t, pas = self.texte, self.PAS
            at = t.find(value, start * pas)
            while at != -1:
                if at % pas == 0:
                    i = at // pas
                    if stop is None or i < stop:
                        return i
                    break
                at = t.find(value, at + 1)
        raise ValueError(f"{value!r} absent de la liste")

    def __contains__(self, value) -> bool:
        try:
            self.index(value)
        except ValueError:
            return False
        return True

    def choisis(self, mask: bytearray, limit: int | None = None) -> list[str]:
        """The ids whose place is marked in ``mask`` (in order), the first ``limit`` only if given."""
        if self._liste is not None or mask.count(1) > self._n // 8:  # many: split once, then C-level
            kept = compress(self.liste(), mask)
            return list(islice(kept, limit) if limit is not None else kept)
        places = compress(range(self._n), mask)
        if limit is not None:
            places = islice(places, limit)
        t, w, pas = self.texte, self.LARGEUR, self.PAS
        return [t[j * pas:j * pas + w] for j in places]

    def __eq__(self, other) -> bool:
        if isinstance(other, IdsJoints):
            return self.texte == other.texte
        if isinstance(other, (list, tuple)):
            return len(other) == self._n and self.liste() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IdsJoints({self._n} ids)"


@dataclass
class _Order:
    version: int
    keys: list[int]  # search keys (FTS rowids) of the live jeunes, by name
    ids: Sequence[str]  # their jeune ids, same order (an IdsJoints as read, or a list)
    position: Sequence[int]  # search key (an index here) -> index in ``keys``; len(keys) for a key not listed
    a_enregistrer: bool = False  # read from the index, not saved yet (see enregistrer)


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine (see cle_moteur) -> _Order
_LOCK = threading.Lock()


def _version(cursor) -> int | None:
    try:
        return cursor.execute("SELECT v FROM jeune_recherche_version WHERE id = 1").fetchone()[0]
    except Exception:  # noqa: BLE001 - a profile older than migration 0005 is upgraded on open; be safe anyway
        return None


# Read in the order of the index (actif, tri, n, jeune_id) of migration 0033: no sort at start-up.
ORDER_SQL = ("SELECT group_concat(n, ','), group_concat(jeune_id, ',') FROM "
             "(SELECT n, jeune_id FROM jeune_recherche_cle WHERE actif = 1 ORDER BY tri, n)")


SAVED_TABLE = "jeune_recherche_ordre"  # migration 0034 (named as such in the SQL below)


def _packed(values: Sequence[int]) -> bytes:
    """32-bit little-endian integers (the saved order's format on every machine)."""
    packed = array("i", values)
    if packed.itemsize != 4:  # pragma: no cover - no platform Passerelle runs on
        raise OverflowError("entiers de 32 bits indisponibles")
    if sys.byteorder == "big":  # pragma: no cover
        packed.byteswap()
    return packed.tobytes()


def _unpacked(blob: bytes) -> array:
    values = array("i")
    values.frombytes(blob)
    if sys.byteorder == "big":  # pragma: no cover
        values.byteswap()
    return values


def _read_saved(cursor, version: int) -> _Order | None:
    """The order saved for ``version`` (one row, no per-jeune work but splitting the ids), else None."""
    try:
        row = cursor.execute("SELECT v, cles, places, ids FROM jeune_recherche_ordre WHERE id = 1").fetchone()
    except Exception:  # noqa: BLE001 - a profile older than migration 0034 is upgraded on open; be safe anyway
        return None
    if row is None or row[0] != version:
        return None
    keys, position = _unpacked(row[1]), _unpacked(row[2])
    ids = IdsJoints.depuis(row[3])
    if len(ids) != len(keys) or len(position) < len(keys):
        return None  # not what enregistrer() writes: read the index instead
    return _Order(version, keys, ids, position)


def _read(cursor, version: int) -> _Order | None:
    saved = _read_saved(cursor, version)
    if saved is not None:
        return saved
    # two strings in the same order (the keys, then the ids: ids never contain a comma), split at C speed:
    # no Python loop per jeune (100k jeunes at start-up, when the first list is Jeunes)
    keys_text, ids_text = cursor.execute(ORDER_SQL).fetchone()
    high = cursor.execute("SELECT max(n) FROM jeune_recherche_cle").fetchone()[0]  # deleted ones too
    if _version(cursor) != version:  # written meanwhile: do not keep a copy that may mix both states
        return None
    keys: list[int] = json.loads(f"[{keys_text}]") if keys_text else []  # json's C parser: integers
    ids = IdsJoints.depuis(ids_text)
    # every key of the table has a place (the deleted/merged ones: the extra one), so a search's keys index
    # it without a bounds check; only a key added after this read falls outside (see ids_in)
    position = [len(keys)] * (max(high or 0, max(keys, default=0)) + 1)
    any(map(position.__setitem__, keys, range(len(keys))))  # position[n] = i, in C
    return _Order(version, keys, ids, position, a_enregistrer=True)


def enregistrer(profile: Profile) -> bool:
    """Save the order in memory when it was read from the index (after the first screen, on the database
    thread), for the next start-up; nothing when it changed meanwhile (the version is checked in the writing
    transaction) or is already saved. True when written."""
    from desktop_app.db.moteur_differe import moteur_reel

    with _LOCK:
        order = _CACHE.get(cle_moteur(profile.engine))
    if order is None or not order.a_enregistrer:
        return False
    try:
        ids = order.ids.texte if isinstance(order.ids, IdsJoints) else ",".join(order.ids)
        row = (order.version, _packed(order.keys), _packed(order.position), ids, order.version)
    except OverflowError:  # a key beyond 32 bits: keep reading the index
        order.a_enregistrer = False
        return False
    with moteur_reel(profile.engine).begin() as conn:
        written = conn.exec_driver_sql(
            "INSERT OR REPLACE INTO jeune_recherche_ordre (id, v, cles, places, ids) SELECT 1, ?, ?, ?, ? "
            "WHERE (SELECT v FROM jeune_recherche_version WHERE id = 1) = ?", row).rowcount
    order.a_enregistrer = False
    return written == 1


def current(profile: Profile) -> _Order | None:
    """The order of the live jeunes (read again when the index changed); None when it cannot be used."""
    engine = profile.engine
    key = cle_moteur(engine)  # the same before and after the real engine of a deferred opening is built
    with _LOCK, list_cursor(engine) as cursor:
        version = _version(cursor)
        if version is None:
            return None
        order = _CACHE.get(key)
        if order is None or order.version != version:
            order = _read(cursor, version)
            if order is None:
                return None
            _CACHE[key] = order
    return order


def ordered_ids(profile: Profile, matched_keys: Sequence[int] | None, limit: int | None = None
                ) -> Sequence[str] | None:
    """Live jeune ids by name: all of them (``matched_keys`` None) or those whose search key is in
    ``matched_keys``; the first ``limit`` only if given. None when the order cannot be used (then the
    caller asks SQL)."""
    order = current(profile)
    return None if order is None else ids_in(order, matched_keys, limit)


def ids_in(order: _Order, matched_keys: Sequence[int] | None, limit: int | None = None) -> Sequence[str]:
    """:func:`ordered_ids` on an order already read (see :func:`current`): a list, or (all of them) the
    order's own immutable :class:`IdsJoints`."""
    if matched_keys is None:
        if limit is not None:
            return order.ids[:limit]
        return order.ids if isinstance(order.ids, IdsJoints) else list(order.ids)
    # C-level loops only (no sort): mark the matched places in a byte mask, then keep the ids so marked.
    mask = bytearray(len(order.keys) + 1)  # the extra byte takes the keys of deleted/merged jeunes
    table = order.position
    try:
        places = list(map(table.__getitem__, matched_keys))
    except IndexError:  # a key added since the order was read (so not live in it); negative keys never occur
        size = len(table)
        places = [table[n] for n in matched_keys if n < size]
    any(map(mask.__setitem__, places, repeat(1)))
    if isinstance(order.ids, IdsJoints):
        return order.ids.choisis(mask, limit)
    kept = compress(order.ids, mask)
    return list(islice(kept, limit) if limit is not None else kept)


def forget(profile: Profile) -> None:
    """Drop the in-memory order (tests, profile closed)."""
    with _LOCK:
        _CACHE.pop(cle_moteur(profile.engine), None)
