"""A first restore by snapshot: the structure's records streamed by the hub (``hub.snapshot``), written in
large transactions with the derived structures suspended, rebuilt once at the end (:mod:`desktop_app.db.derivees`).

When: a replica that never pulled (its cursor is 0). A replica far behind keeps pulling pages: its rows are
merged one by one either way, and a snapshot would send again everything it holds.

Exactly what pages would have written: the snapshot's records come in the hub's sequence order, as pages bring
them, and go through the same merge (:func:`desktop_app.sync.merge.apply_page`: clocks, conversions, refusals set
aside, erasures); only the trigger work moves to the end (``tests/sync/test_sync_instantane.py`` compares both
databases table by table).

Resumable: each transaction stores, with its rows, the last sequence written and the snapshot's cursor
(``sync_meta`` key :data:`STATE_KEY`); a cut stream is asked again after that sequence with the same cursor —
at once a few times, else at the next synchronisation. Once the snapshot is complete the cursor becomes its
cursor and the scan base 0: the pages pulled next bring whole every record changed since (SYNC.md 15).
"""
from __future__ import annotations

import gc
import json
import queue
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine

from desktop_app.db import derivees
from desktop_app.db.meta import get_meta, set_meta
from desktop_app.db.models import MODELS_BY_TABLE
from desktop_app.sync import effacement, merge, merge_colonnes, wire
from desktop_app.sync.hlc import HybridClock
from desktop_app.sync.transport import HubRefusal, HubUnreachable, Transport

STATE_KEY = "sync_instantane"  # JSON {"curseur": C, "apres": last sequence written, "recus": n, "total": N}
PATH = "/v1/sync/instantane"
FORMAT = 2  # asked of the hub (hub.snapshot.FORMATS); an older hub answers in format 1, read as well
APPLY_BATCH = 20_000  # records per transaction
# During the load only (each transaction still commits whole; a crash loses at most the last ones, resumed):
# fewer fsyncs, a large page cache, the rebuild's sorts and groupings in memory. Restored afterwards.
BULK_PRAGMAS = {"synchronous": 1, "cache_size": -131072, "temp_store": 2}  # NORMAL, 128 MiB, MEMORY
AHEAD = 16  # chunks received and parsed ahead of the writes (a chunk: what one read of the socket brings)
RESUMES = 3  # immediate resumptions of a cut stream before giving up until the next synchronisation

Progress = Callable[["Avancement"], None]


@dataclass
class Avancement:
    """Where a restore stands: records written out of the snapshot's total, and the time left (estimated)."""

    recus: int
    total: int
    ecoule_s: float

    @property
    def reste_s(self) -> float | None:
        if not self.recus or self.recus >= self.total:
            return None if not self.recus else 0.0
        return self.ecoule_s / self.recus * (self.total - self.recus)

    def french(self) -> str:
        text = f"Restauration : {self.recus:,} enregistrements sur {self.total:,}".replace(",", "\u202f")
        left = self.reste_s
        if left is not None and self.recus < self.total:
            text += f", environ {max(1, round(left))} s restantes"
        return text + "."


@dataclass
class Bilan:
    received: int = 0
    conflicts: int = 0
    refused: int = 0
    erased: int = 0
    tables: set[str] = field(default_factory=set)


class _Change:
    """A snapshot record in the shape :func:`merge.apply_page` takes (that of :class:`wire.LightChange`)."""

    __slots__ = ("seq", "table", "row_id", "fields", "clocks")


def wanted(conn: Connection) -> bool:
    """Whether the next pull should start with a snapshot: never pulled, or a snapshot under way."""
    if get_meta(conn, STATE_KEY):
        return True
    return int(get_meta(conn, "sync_cursor", "0")) == 0 and not get_meta(conn, "sync_scan_base")


def restore(engine: Engine, clock: HybridClock, transport: Transport, token: str,
            progress: Progress | None = None) -> Bilan | None:
    """Restore by snapshot; None when the hub offers none (a parrain's device, an older hub): pages then."""
    bilan = Bilan()
    started = time.monotonic()
    # The cyclic collector off while 100 000 records and more are held and written (none of them is a cycle):
    # its passes walk every live object, more of them at each batch. Back as it was at the end, cut or not.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _restore(engine, clock, transport, token, progress, bilan, started)
    finally:
        if collecting:
            gc.enable()


def _restore(engine: Engine, clock: HybridClock, transport: Transport, token: str, progress: Progress | None,
             bilan: Bilan, started: float) -> Bilan | None:
    with engine.connect() as conn:
        state = json.loads(get_meta(conn, STATE_KEY) or "{}")
        conn.commit()  # the pragmas below take effect outside any transaction only
        saved = {name: int(conn.exec_driver_sql(f"PRAGMA {name}").scalar()) for name in BULK_PRAGMAS}
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # pages don't enforce them either (see client.pull)
        for name, value in BULK_PRAGMAS.items():
            conn.exec_driver_sql(f"PRAGMA {name} = {value}")
        conn.commit()
        try:
            attempts = 0
            while True:
                try:
                    if _read(conn, clock, transport, token, state, bilan, progress, started):
                        return bilan
                except HubRefusal as exc:
                    if exc.code in ("instantane_indisponible", "http_404", "http_405") and not state:
                        return None
                    raise
                except HubUnreachable:
                    attempts += 1
                    if attempts > RESUMES:
                        raise
        finally:
            conn.rollback()
            with conn.begin():
                derivees.reprendre(conn)  # also after a cut: the app never runs without its triggers
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            for name, value in saved.items():  # as the profile had them (synchronous = FULL: see db.engine)
                conn.exec_driver_sql(f"PRAGMA {name} = {value}")
            conn.commit()


def _read(conn: Connection, clock: HybridClock, transport: Transport, token: str, state: dict, bilan: Bilan,
          progress: Progress | None, started: float) -> bool:
    """Read the snapshot from ``state`` on; True once it is complete (then the cursor is set)."""
    params = {"apres": state.get("apres", 0), "format": FORMAT}
    if "curseur" in state:
        params["curseur"] = state["curseur"]
    batch: list[tuple] = []
    conflicts: list = []
    end = None
    with transport.stream(PATH, params=params, token=token) as response:
        reader = _ahead(_decoded(_parsed(response.iter_bytes())))
        try:
            for records, controls in reader:
                for item in controls:
                    if "instantane" in item:
                        state.setdefault("curseur", item["curseur"])
                        state["total"] = item["enregistrements"]  # up to the cursor, resumed or not
                    elif "conflits" in item:
                        conflicts = [wire.ConflictInfo.model_validate(c) for c in item["conflits"]]
                    elif "fin" in item:
                        end = int(item["fin"])
                batch += records
                while len(batch) >= APPLY_BATCH:
                    _write(conn, clock, batch[:APPLY_BATCH], state, bilan)
                    del batch[:APPLY_BATCH]
                    _report(progress, state, started)
        except (zlib.error, ValueError, KeyError, TypeError, IndexError) as exc:
            raise HubRefusal(200, wire.ErrorBody(code="reponse_invalide",
                                                 detail=f"Instantané illisible : {exc.__class__.__name__}.")) from None
        finally:
            reader.close()  # the reading thread stopped before the response is closed
            if batch:  # complete records read before a cut are kept
                _write(conn, clock, batch, state, bilan)
                _report(progress, state, started)
    if end is None:
        raise HubUnreachable("Instantané interrompu : la restauration reprendra où elle s'est arrêtée.")
    with conn.begin():
        bilan.conflicts += merge._store_conflicts(conn, conflicts)
        derivees.reprendre(conn)
        set_meta(conn, "sync_cursor", str(end))
        set_meta(conn, "sync_scan_base", "0")  # the pages that follow carry whole records (scan from 0)
        set_meta(conn, STATE_KEY, "")
    return True


def _parsed(chunks: Iterator[bytes]) -> Iterator[list]:
    """The stream's items, one list per chunk received (its complete lines parsed as one JSON array: one call,
    not one per record)."""
    inflate = zlib.decompressobj(31)
    rest = b""
    for chunk in chunks:
        lines = (rest + inflate.decompress(chunk)).split(b"\n")
        rest = lines.pop()
        if lines:
            yield json.loads(b"[" + b",".join(lines) + b"]")


def _decoded(chunks: Iterator[list]) -> Iterator[tuple[list[tuple], list[dict]]]:
    """Each chunk's items as (its records as :func:`_packed` makes them, its other lines but the tables'
    declarations, read here): done on the reading thread, while the caller's writes run in SQLite."""
    columns: dict[int, tuple[str, list[str]]] = {}
    tables: dict[int, str] = {}
    version = 1
    for items in chunks:
        records: list[tuple] = []
        controls: list[dict] = []
        for item in items:
            if item.__class__ is list:
                records.append(_packed(item, tables) if version == 2 else _change(item, columns))
            elif "t" in item:
                if "colonnes" in item:
                    columns[item["t"]] = (item["table"], item["colonnes"])
                else:
                    tables[item["t"]] = item["table"]
            else:
                if "instantane" in item:
                    version = int(item["instantane"])  # an older hub ignores ``format``: its format 1
                    if version not in (1, 2):
                        raise ValueError("format d'instantané inconnu")
                controls.append(item)
        yield records, controls


def _ahead(items: Iterator) -> Iterator:
    """``items`` read (received, inflated, parsed) by a thread, a few chunks ahead of the caller: the hub goes
    on sending while this device writes (SQLite lets other threads run meanwhile). Whatever the reading
    raises is raised here, in order; the thread is stopped and waited for when the caller stops."""
    ahead: queue.Queue = queue.Queue(AHEAD)
    stop = threading.Event()

    def read() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        ahead.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ahead.put((None, None))
        except BaseException as exc:  # noqa: BLE001 — handed to the caller, raised there
            ahead.put((None, exc))

    thread = threading.Thread(target=read, name="restauration-lecture", daemon=True)
    thread.start()
    try:
        while True:
            item, exc = ahead.get()
            if exc is not None:
                raise exc
            if item is None:
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # a put waiting on a full queue sees ``stop``; a read ends with its chunk
            try:
                ahead.get_nowait()
            except queue.Empty:
                thread.join(0.05)


def _packed(item: list, tables: dict[int, str]) -> tuple:
    """A format-2 record: (table, row_id, seq, fields, clocks); ``clocks`` is the one clock all its fields
    share (a record created in one go, most of them), else {field: clock}."""
    if len(item) == 5:
        index, row_id, seq, fields, base = item
        others = None
    else:
        index, row_id, seq, fields, base, others = item
    if (fields.__class__ is not dict or base.__class__ is not str or row_id.__class__ is not str
            or seq.__class__ is not int):
        raise ValueError("enregistrement mal formé")
    if others:
        clocks = dict.fromkeys(fields, base)
        clocks.update((n, c) for n, c in others.items() if n in clocks)
        return tables[index], row_id, seq, fields, clocks
    return tables[index], row_id, seq, fields, base


def _change(item: list, columns: dict[int, tuple[str, list[str]]]) -> tuple:
    """A format-1 record (one array of values in its table's column order), as a format-2 one."""
    index, row_id, seq, values, base, others = item
    table, cols = columns[index]
    if len(values) != len(cols) or row_id.__class__ is not str or seq.__class__ is not int:
        raise ValueError("enregistrement mal formé")
    fields = dict(zip(cols, values))
    if not others:
        return table, row_id, seq, fields, base
    clocks = dict.fromkeys(cols, base)
    for i, clock in others.items():
        name = cols[int(i)]
        if clock is None:
            del fields[name], clocks[name]
        else:
            clocks[name] = clock
    return table, row_id, seq, fields, clocks


def _as_change(record: tuple) -> _Change:
    c = _Change()
    c.table, c.row_id, c.seq, c.fields, clocks = record
    c.clocks = dict.fromkeys(c.fields, clocks) if clocks.__class__ is str else clocks
    return c


def _write(conn: Connection, clock: HybridClock, batch: list[tuple], state: dict, bilan: Bilan) -> None:
    """One transaction: the records, then where the snapshot stands (the triggers suspended on the first).

    The records new to this replica go straight to their tables (:func:`merge_colonnes.insert_new`: the rows the merge
    would write, column by column); the others — present here already, an erasure, a value refused — through
    the pages' merge, which sets aside what cannot be stored."""
    with conn.begin():
        derivees.suspendre(conn, [t for t in MODELS_BY_TABLE])
        inserted, rest, newest = merge_colonnes.insert_new(conn, batch)
        if newest:
            clock.observe(newest)  # as apply_page does for its changes (below, with the clock saved)
            if newest > (get_meta(conn, "hlc_seen") or ""):
                set_meta(conn, "hlc_seen", newest)
        changes = [_as_change(r) for r in rest]
        page = wire.PullPage.model_construct(changes=changes, conflicts=[], more=True,
                                             next=int(get_meta(conn, "sync_cursor", "0")))
        refused: list[dict] = []
        changed, _ = merge.apply_page(conn, page, clock, refused)
        state["apres"] = batch[-1][2]
        state["recus"] = state.get("recus", 0) + len(batch)
        set_meta(conn, STATE_KEY, json.dumps(state))
    changed += inserted
    bilan.received += changed
    bilan.refused += len(refused)
    bilan.erased += len(effacement.erased_in(changes))
    if changed:
        bilan.tables.update(r[0] for r in batch)


def _report(progress: Progress | None, state: dict, started: float) -> None:
    if progress is not None:
        progress(Avancement(state.get("recus", 0), max(state.get("total", 0), state.get("recus", 0)),
                            time.monotonic() - started))
