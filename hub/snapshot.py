"""A device's whole structure as one streamed snapshot (a first restore, or a device far behind).

The snapshot is a gzip stream of JSON lines (:data:`FORMAT`):

* ``{"instantane": 1, "curseur": C, "enregistrements": N}`` first: ``C`` is the structure's counter when the
  snapshot began — the snapshot holds every record whose sequence is at or below it; ``N`` how many (progress);
* ``{"t": i, "table": name, "colonnes": [...]}`` declares (or widens) table number ``i``: its fields in the
  wire's order (the order the hub stores them in);
* ``[i, row_id, seq, [values…], clock, {column index: clock or null}]`` one record: its values in its table's
  column order, the clock most of its fields share, then the fields whose clock differs (``null``: the record
  does not carry that field);
* ``{"conflits": [...]}`` the structure's conflicts up to ``C`` (as pages carry them), then ``{"fin": C}``.

Format 2 (asked by the client with ``format=2``; format 1 stays the default for older clients) sends the stored
values as they are, without parsing and packing them again per record: ``{"t": i, "table": name}`` declares table
number ``i``, then ``[i, row_id, seq, {values}, clock]`` one record, its values map exactly as the hub stores it (a
field absent is not carried) and the clock its fields share, followed by ``{field: clock}`` for the fields whose
clock differs when there are any (only the small clocks map is parsed: sending it whole would make the stream
four times larger). The header, conflicts and end lines are the same.

Records come in sequence order — the order pages bring them in — so that a replica restored from a snapshot
numbers its rows exactly as one restored by pages. Each record carries all its fields as they are now (at or
after ``C``): what changed after ``C`` comes again with the pages pulled from ``C`` with a scan base of 0, and a
record that moved past ``C`` while the snapshot was read comes whole in those pages (see
``desktop_app.sync.restauration``). ``apres`` resumes a cut snapshot after the last record the device stored:
the same ``C`` is given back, so nothing is skipped.

A parrain's device (a scope narrower than its structure) gets no snapshot: its scope is one page already.

Kept ready (:class:`hub.models.HubSnapshot`): the bytes of the last whole snapshot of a structure streamed in a
kept format are stored once sent, and the next fresh devices get them as they are (:func:`ready`), without a
record read or packed again — a fleet's first restores cost the hub a copy of bytes, not a pass over every
record. They then pull the pages from that snapshot's cursor, as after any snapshot: what changed since comes with
them. A kept snapshot is served while the structure has not moved on by more than :func:`stale_limit` sequences
(else a new one is streamed, and kept); an erasure deletes the structure's kept snapshots in its own transaction,
and a kept snapshot older than an erasure of its structure is never served (deleted when found): nothing erased
stays on the hub or reaches a device through it. ``passerelle-hub instantanes`` prepares them ahead (after an
import, at night).
"""
from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator

from sqlalchemy import Engine, Text, cast, delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.domain.ids import utcnow
from hub.auth import DeviceInfo
from hub.errors import HubError
from hub.models import HubConflict, HubErased, HubRecord, HubSnapshot, HubStructure
from hub.scope import scope_of

R, S, K, E, P = (m.__table__ for m in (HubRecord, HubStructure, HubConflict, HubErased,  # type: ignore[attr-defined]
                                       HubSnapshot))
log = logging.getLogger(__name__)
FORMAT = 1  # the default: what a client that names no format gets
FORMATS = (1, 2)
BATCH = 5000  # records read per query (keyset on the sequence)
# Ordered by the sequence alone, as the pages are (hub/page.py): a structure's sequence numbers are unique (one per
# record written, under the structure's lock, hub/store.py), so the index (structure_id, seq) gives the order and
# LIMIT stops the scan. Ordered by (seq, table_name, row_id), PostgreSQL without statistics on a freshly loaded
# hub read every remaining record and sorted them on disk for each batch of 5 000 (143 ms against 4 ms a batch on
# 110 000 records: the snapshot's wall doubled on PostgreSQL).
LEVEL = 1  # gzip level: the hub's CPU is what a restore waits on (loopback or LAN)
KEPT = (2,)  # the formats kept ready (format 1 is for older clients: streamed each time)
KEEP_MAX = 500_000  # records (~30 Mo of gzip, held whole in memory while kept or sent): a larger structure streams
STALE_MIN = 5000  # sequences a kept snapshot may lag behind its structure, at least (see stale_limit)
CHUNK = 1 << 16  # bytes per piece of a kept snapshot sent


def stale_limit(records: int) -> int:
    """How far (in sequences) a kept snapshot of ``records`` records may lag behind its structure and still be
    served: the pages that follow bring what moved since (a tenth of the records, at least :data:`STALE_MIN`)."""
    return max(STALE_MIN, records // 10)


def begin(engine: Engine, device: DeviceInfo, cursor: int | None) -> tuple[int, int]:
    """(cursor, records) of a snapshot for ``device``; refuse a scoped device (pages only)."""
    with engine.connect() as conn:
        if scope_of(conn, device) is not None:
            raise HubError(409, "instantane_indisponible", "Instantané indisponible pour un appareil de parrain : "
                           "la synchronisation se fait par pages.")
        top = conn.execute(select(S.c.seq).where(S.c.id == device.structure_id)).scalar_one()
        cursor = top if cursor is None else min(cursor, top)
        count = conn.execute(select(func.count()).select_from(R).where(
            R.c.structure_id == device.structure_id, R.c.seq <= cursor)).scalar_one()
    return cursor, count


def ready(engine: Engine, device: DeviceInfo, version: int) -> bytes | None:
    """The kept snapshot of ``device``'s structure in ``version``, when there is one fresh enough (see the
    module's docstring); None otherwise (a scoped device included: :func:`begin` refuses it)."""
    if version not in KEPT:
        return None
    sid = device.structure_id
    with engine.connect() as conn:
        if scope_of(conn, device) is not None:
            return None
        kept = conn.execute(select(P.c.cursor, P.c.records).where(P.c.structure_id == sid,
                                                                  P.c.format == version)).first()
        if kept is None:
            return None
        if not servable(conn, P, sid, kept.cursor, kept.records, "instantané gardé"):
            return None
        data = conn.execute(select(P.c.data).where(P.c.structure_id == sid, P.c.format == version,
                                                   P.c.cursor == kept.cursor)).scalar()
    return bytes(data) if data is not None else None


def servable(conn, table, sid: str, cursor: int, records: int, what: str) -> bool:
    """Whether a copy of the structure kept at ``cursor`` in ``table`` (a snapshot, a restore image) may be
    served: no erasure of the structure after it — else never, and the older copies deleted here unless a write
    holds the database (then the next reader does) — and the structure not moved on by more than
    :func:`stale_limit`."""
    erased = conn.execute(select(E.c.seq).where(E.c.structure_id == sid, E.c.seq > cursor).limit(1)).first()
    if erased is not None:
        try:
            conn.execute(delete(table).where(table.c.structure_id == sid, table.c.cursor < erased.seq))
            conn.commit()
        except SQLAlchemyError as exc:
            log.info("%s non supprimé (%s) : %s", what, sid, exc.__class__.__name__)
        return False
    top = conn.execute(select(S.c.seq).where(S.c.id == sid)).scalar_one()
    return top - cursor <= stale_limit(records)


def pieces(data: bytes) -> Iterator[bytes]:
    """A kept snapshot's bytes, sent in pieces."""
    view = memoryview(data)
    for start in range(0, len(data), CHUNK):
        yield bytes(view[start:start + CHUNK])


def prepare(engine: Engine, structure_id: str, version: int = KEPT[-1]) -> tuple[int, int] | None:
    """Build and keep the structure's snapshot now (``passerelle-hub instantanes``): (cursor, records), or None
    when the structure is too large to keep one (:data:`KEEP_MAX`)."""
    top, count, current = to_prepare(engine, P, structure_id, P.c.format == version)
    if current:
        return top, count
    if count > KEEP_MAX:
        return None
    for _ in _kept_stream(engine, structure_id, top, count, 0, version, True):
        pass
    return top, count


def to_prepare(engine: Engine, table, structure_id: str, *same) -> tuple[int, int, bool]:
    """(the structure's sequence now, its records up to it, whether ``table`` keeps a copy at that sequence
    already — ``same``: the copy's other keys): what ``passerelle-hub instantanes`` prepares, for a snapshot or
    a restore image (an erasure moves the sequence, so a copy at the top is current)."""
    with engine.connect() as conn:
        top = conn.execute(select(S.c.seq).where(S.c.id == structure_id)).scalar_one()
        kept = conn.execute(select(table.c.records).where(table.c.structure_id == structure_id, table.c.cursor == top,
                                                          *same)).scalar()
        if kept is not None:
            return top, kept, True
        count = conn.execute(select(func.count()).select_from(R).where(
            R.c.structure_id == structure_id, R.c.seq <= top)).scalar_one()
    return top, count, False


def _keep(engine: Engine, sid: str, version: int, cursor: int, count: int, data: bytes) -> None:
    """Store a whole snapshot just streamed, unless a newer one is kept or an erasure came after its cursor."""
    try:
        with engine.begin() as conn:
            if conn.execute(select(E.c.seq).where(E.c.structure_id == sid, E.c.seq > cursor).limit(1)).first():
                return
            kept = conn.execute(select(P.c.cursor).where(P.c.structure_id == sid, P.c.format == version)).scalar()
            if kept is not None and kept >= cursor:
                return
            conn.execute(delete(P).where(P.c.structure_id == sid, P.c.format == version))
            conn.execute(insert(P).values(structure_id=sid, format=version, cursor=cursor, records=count,
                                          built_at=utcnow(), data=data))
    except SQLAlchemyError as exc:  # another process kept one at the same moment: the stream was sent anyway
        log.info("instantané non gardé (%s) : %s", sid, exc.__class__.__name__)


def forget(conn, structure_id: str) -> None:
    """Delete the structure's kept snapshots (an erasure, in its transaction)."""
    conn.execute(delete(P).where(P.c.structure_id == structure_id))


def stream(engine: Engine, device: DeviceInfo, cursor: int, count: int, after: int = 0,
           version: int = FORMAT, keep: bool = False) -> Iterator[bytes]:
    """The gzip bytes of the snapshot (see the module's docstring), records after sequence ``after``; with
    ``keep``, a whole snapshot (``after`` 0) in a kept format is stored once sent."""
    return _kept_stream(engine, device.structure_id, cursor, count, after, version, keep)


def _kept_stream(engine: Engine, sid: str, cursor: int, count: int, after: int, version: int,
                 keep: bool) -> Iterator[bytes]:
    keep = keep and after == 0 and version in KEPT and count <= KEEP_MAX
    sent: list[bytes] | None = [] if keep else None
    for data in _stream(engine, sid, cursor, count, after, version):
        if sent is not None:
            sent.append(data)
        yield data
    if sent is not None:
        _keep(engine, sid, version, cursor, count, b"".join(sent))


def _stream(engine: Engine, sid: str, cursor: int, count: int, after: int, version: int) -> Iterator[bytes]:
    z = zlib.compressobj(LEVEL, zlib.DEFLATED, 31)
    yield z.compress(_line({"instantane": version, "curseur": cursor, "enregistrements": count, "apres": after}))
    tables: dict[str, int] = {}
    columns: dict[str, list[str]] = {}
    while True:
        with engine.connect() as conn:
            rows = conn.execute(select(R.c.table_name, R.c.row_id, R.c.seq, cast(R.c["values"], Text),
                                       cast(R.c.clocks, Text))
                                .where(R.c.structure_id == sid, R.c.seq > after, R.c.seq <= cursor)
                                .order_by(R.c.seq).limit(BATCH)).all()
        if not rows:
            break
        if version == 2:
            out = _raw(rows, tables)
        else:
            out = [_record(table_name, row_id, seq, json.loads(values), json.loads(clocks), tables, columns)
                   for table_name, row_id, seq, values, clocks in rows]
        # a sequence is never shared by two records (one per op), but a short batch ends the read anyway
        after = rows[-1][2]
        yield z.compress("".join(out).encode("utf-8"))
        if len(rows) < BATCH:
            break
    with engine.connect() as conn:
        conflicts = [
            {"id": c.id, "seq": c.seq, "table": c.table_name, "row_id": c.row_id, "field": c.field,
             "kept_value": c.kept_value, "kept_clock": c.kept_clock, "lost_value": c.lost_value,
             "lost_clock": c.lost_clock, "resolution": c.resolution, "resolution_clock": c.resolution_clock}
            for c in conn.execute(select(K).where(K.c.structure_id == sid, K.c.seq <= cursor).order_by(K.c.seq))]
    yield z.compress(_line({"conflits": conflicts}) + _line({"fin": cursor}))
    yield z.flush()


def _raw(rows, tables: dict) -> list[str]:
    """Format 2: each record's stored values as they are (not parsed), its clocks packed (one string per record)."""
    out = []
    quote, loads = _quote, json.loads
    # the batch's clocks maps in one parse (one C call, not one per record)
    every = loads("[" + ",".join([r[4] for r in rows]) + "]")
    for (table_name, row_id, seq, values, _), clocks in zip(rows, every):
        index = tables.get(table_name)
        if index is None:
            index = tables[table_name] = len(tables)
            out.append(_dumps({"t": index, "table": table_name}))
        if "\n" in values:  # never from json.dumps, but a line must stay one line
            values = _dumps(loads(values))[:-1]
        base = clocks.get("created_at") or next(iter(clocks.values()), "")
        others = {n: c for n, c in clocks.items() if c != base} if len(set(clocks.values())) > 1 else None
        if others:
            out.append(f"[{index},{quote(row_id)},{int(seq)},{values},{quote(base)},{_dumps(others)[:-1]}]\n")
        else:
            out.append(f"[{index},{quote(row_id)},{int(seq)},{values},{quote(base)}]\n")
    return out


def _record(table_name: str, row_id: str, seq: int, values: dict, clocks: dict, tables: dict,
            columns: dict) -> str:
    head = ""
    cols = columns.get(table_name)
    if cols is None or not values.keys() <= set(cols):
        cols = (cols or []) + [n for n in values if n not in (cols or ())]
        columns[table_name] = cols
        index = tables.setdefault(table_name, len(tables))
        head = _dumps({"t": index, "table": table_name, "colonnes": cols})
    index = tables[table_name]
    base = clocks.get("created_at") or next(iter(clocks.values()), "")
    others = {}
    row = []
    for i, name in enumerate(cols):
        if name in values:
            row.append(values[name])
            clock = clocks.get(name)
            if clock != base:
                others[i] = clock
        else:
            row.append(None)
            others[i] = None
    return head + _dumps([index, row_id, seq, row, base, others])


_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C encoder of a JSON string


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _line(value) -> bytes:
    return _dumps(value).encode("utf-8")
