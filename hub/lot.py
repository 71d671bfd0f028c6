"""A push's reads and writes, by batch: a few statements per push whatever its size, never one per op.

Reads (:func:`read`): one ``hub_record`` query for the records the ops name *and* the records they point to
(the references :mod:`hub.validation` checks), one ``hub_erased`` query for the registry entries of both
(:mod:`hub.effacement`) — on SQLite by chunks of :data:`KEY_CHUNK` keys. Writes (:func:`write_records`): the records
created and changed by the push in one ``INSERT … ON CONFLICT DO UPDATE`` run for them all (PostgreSQL and
SQLite). On PostgreSQL the keys travel as two arrays (``unnest``) and the written rows as one JSON text
(``json_to_recordset``), so every statement keeps one text whatever the batch's size: compiled once by
SQLAlchemy, parsed once by psycopg. An ordinary push on PostgreSQL opens with :func:`open_pg` (counter row lock,
device watermark and both reads in one pipelined round trip) and ends with :func:`finish_pg` (records, counter
and watermark in one statement).

With ``PASSERELLE_HUB_LECTURES_ANTICIPEES=1`` (off by default: see ``hub.store.EARLY_READS``), on PostgreSQL
the reads of an ordinary push (no conflict resolution, no erasure, not a parrain's device) run *before* the
structure's counter row is locked, so that pushes of one structure wait on each other only for
the merge, the writes and the commit (:mod:`hub.store`). Whatever committed in between is caught by
:func:`refresh`, under the lock: every commit of a structure moves its counter, so when the counter read
before the reads has not moved nothing needs reading again; when it has, the records, missing references and
registry entries of the batch that carry a later sequence are read again. Nothing with a sequence at or below
that counter can have been missed: it had committed before the counter showed it (commits of a structure are
serialised), hence before the reads began; and records are never deleted and never change structure (a
reference found stays found).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, select, text, tuple_
from sqlalchemy.exc import NoResultFound
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.sync import effacement as erasure_rules
from desktop_app.sync import wire
from hub import validation
from hub.models import HubDevice, HubErased, HubRecord

R, E = HubRecord.__table__, HubErased.__table__  # type: ignore[attr-defined]
KEY_CHUNK = 500
PSEUDO = (wire.CONFLICT_TABLE, wire.ERASURE_TABLE)

Key = tuple[str, str]


@dataclass
class Reads:
    """What a push needs from the database before it merges."""

    records: dict[Key, dict] = field(default_factory=dict)  # the records the ops name, as stored
    known: set[Key] = field(default_factory=set)  # referenced records the structure holds
    wanted: set[Key] = field(default_factory=set)  # every reference of the ops
    erased: set[Key] = field(default_factory=set)  # registered erased records among the ops' keys and links
    erasure_keys: set[Key] = field(default_factory=set)


def record_of(row) -> dict:
    return {"structure_id": row.structure_id, "seq": row.seq, "values": dict(row.values),
            "clocks": dict(row.clocks), "seqs": dict(row.seqs)}


def _chunks(keys: Iterable[Key]) -> Iterable[list[Key]]:
    listed = sorted(keys)
    for start in range(0, len(listed), KEY_CHUNK):
        yield listed[start:start + KEY_CHUNK]


def op_keys(ops: list[wire.Op]) -> set[Key]:
    return {(op.table, op.row_id) for op in ops if op.table not in PSEUDO}


def erasure_keys(ops: list[wire.Op]) -> set[Key]:
    """The records whose registry entry decides whether an op is dropped: its own, and those it links to."""
    keys: set[Key] = set()
    for op in ops:
        if op.table in PSEUDO:
            continue
        keys.add((op.table, op.row_id))
        for column, target in erasure_rules.links(op.table).items():
            value = op.fields.get(column)
            if isinstance(value, str):
                keys.add((target, value))
        for column in erasure_rules.nullified_columns(op.table):  # set to NULL when it names an erased record
            value = op.fields.get(column)
            if isinstance(value, str):
                keys.add((erasure_rules.models_link(op.table, column), value))
    return keys


def _keyed(conn: Connection, table, columns, keys: Iterable[Key], *where):
    """Rows of ``table`` (``columns``) whose (table_name, row_id) is one of ``keys``. PostgreSQL: one statement
    joined on two arrays (the same text whatever the number of keys: compiled and parsed once); elsewhere
    by chunks of :data:`KEY_CHUNK` pairs in an IN list."""
    keys = sorted(keys)
    if not keys:
        return []
    if conn.dialect.name == "postgresql":
        return _keyed_pg(conn, table, columns, keys, where)
    rows = []
    for chunk in _chunks(keys):
        rows += conn.execute(select(*columns).where(tuple_(table.c.table_name, table.c.row_id).in_(chunk), *where))
    return rows


_PG_READS: dict[tuple, object] = {}


def _keyed_pg(conn: Connection, table, columns, keys: list[Key], where) -> list:
    """PostgreSQL: one statement joined on two arrays. Its text is built once per shape (table, columns,
    conditions) and kept: no SQLAlchemy construction, compilation or cache key per push. ``where`` holds
    ``column == value`` / ``column > value`` conditions (a :class:`~sqlalchemy.sql.elements.BinaryExpression`
    on ``table``), passed as parameters."""
    shape, params = [], {"tables": [k[0] for k in keys], "ids": [k[1] for k in keys]}
    for n, cond in enumerate(where):
        shape.append((cond.left.name, cond.operator.__name__))
        params[f"w{n}"] = cond.right.effective_value
    names = tuple(c.name for c in (table.columns if columns == [table] else columns))
    signature = (table.name, names, tuple(shape))
    stmt = _PG_READS.get(signature)
    if stmt is None:
        ops = {"eq": "=", "gt": ">"}
        conds = "".join(f" AND x.{col} {ops[op]} :w{n}" for n, (col, op) in enumerate(shape))
        cols = ", ".join(f'x."{c}"' for c in names)
        stmt = _PG_READS[signature] = text(
            f"SELECT {cols} FROM {table.name} AS x JOIN unnest(CAST(:tables AS text[]), CAST(:ids AS text[])) "
            f"AS k(t, i) ON x.table_name = k.t AND x.row_id = k.i{conds}")
    return list(conn.execute(stmt, params))


def _load(conn: Connection, structure_id: str, reads: Reads, named: set[Key], referenced: set[Key],
          after: int | None = None) -> None:
    where = [R.c.seq > after] if after is not None else []
    for r in _keyed(conn, R, [R], named | referenced, *where):
        key = (r.table_name, r.row_id)
        if key in named:
            reads.records[key] = record_of(r)
        if key in referenced and r.structure_id == structure_id:
            reads.known.add(key)


def _registry(conn: Connection, structure_id: str, reads: Reads, keys: set[Key], after: int | None = None) -> None:
    where = [E.c.structure_id == structure_id] + ([E.c.seq > after] if after is not None else [])
    reads.erased.update((r.table_name, r.row_id) for r in _keyed(conn, E, [E.c.table_name, E.c.row_id], keys, *where))


def read(conn: Connection, structure_id: str, ops: list[wire.Op], *, references: bool) -> Reads:
    """Every read of a push's merge, two queries per :data:`KEY_CHUNK` keys (``references``: check them)."""
    reads = Reads(wanted=validation.wanted_references(ops) if references else set(),
                  erasure_keys=erasure_keys(ops))
    _load(conn, structure_id, reads, op_keys(ops), reads.wanted)
    _registry(conn, structure_id, reads, reads.erasure_keys)
    return reads


# PostgreSQL, the opening of an ordinary push (not a parrain's device): the structure's counter row taken, the
# device's watermark, the records and the registry entries, sent together in one pipeline (one round trip,
# BEGIN included). Each statement runs after the one before it has finished, hence after the lock is held, with
# its own snapshot: it sees every commit of the structure up to the counter it returns.
_PG_LOCK = "UPDATE hub_structure SET seq = seq WHERE id = %(sid)s RETURNING seq"
_PG_LAST = "SELECT last_counter FROM hub_device WHERE id = %(did)s"
_PG_KEYS = "JOIN unnest(%(t)s::text[], %(i)s::text[]) AS k(t, i) ON x.table_name = k.t AND x.row_id = k.i"
_PG_RECORDS = ('SELECT x.table_name, x.row_id, x.structure_id, x.seq, x."values", x.clocks, x.seqs '
               f"FROM hub_record AS x {_PG_KEYS}")
_PG_ERASED = f"SELECT x.table_name, x.row_id FROM hub_erased AS x {_PG_KEYS} AND x.structure_id = %(sid)s"


def open_pg(conn: Connection, structure_id: str, device_id: str, ops: list[wire.Op]) -> tuple[int, int, Reads]:
    """PostgreSQL: (the structure's counter, the device's watermark, the reads of ``ops``) in one round trip,
    the counter row locked until the transaction ends. The reads cover every op of the batch, those already
    received included: a superset of what the fresh ops need, which changes nothing they find."""
    reads = Reads(wanted=validation.wanted_references(ops), erasure_keys=erasure_keys(ops))
    named = op_keys(ops)
    keys, erasable = sorted(named | reads.wanted), sorted(reads.erasure_keys)
    raw = conn.connection.driver_connection
    with raw.pipeline():
        lock = raw.execute(_PG_LOCK, {"sid": structure_id})
        last = raw.execute(_PG_LAST, {"did": device_id})
        found = raw.execute(_PG_RECORDS, {"t": [k[0] for k in keys], "i": [k[1] for k in keys]}) if keys else None
        erased = raw.execute(_PG_ERASED, {"t": [k[0] for k in erasable], "i": [k[1] for k in erasable],
                                          "sid": structure_id}) if erasable else None
    seq, counter = lock.fetchone(), last.fetchone()
    if seq is None or counter is None:
        raise NoResultFound("structure ou appareil introuvable")
    for table, row_id, owner, record_seq, values, clocks, seqs in (found.fetchall() if found else ()):
        key = (table, row_id)
        if key in named:
            reads.records[key] = {"structure_id": owner, "seq": record_seq, "values": dict(values),
                                  "clocks": dict(clocks), "seqs": dict(seqs)}
        if key in reads.wanted and owner == structure_id:
            reads.known.add(key)
    reads.erased.update((t, i) for t, i in (erased.fetchall() if erased else ()))
    for cursor in (lock, last, found, erased):
        if cursor is not None:
            cursor.close()
    return seq[0], counter[0], reads


def refresh(conn: Connection, structure_id: str, reads: Reads, ops: list[wire.Op], after: int) -> None:
    """Catch up with what committed in the structure since its counter was ``after`` (under its lock)."""
    _load(conn, structure_id, reads, op_keys(ops), reads.wanted - reads.known, after=after)
    _registry(conn, structure_id, reads, reads.erasure_keys, after=after)


def write_records(conn: Connection, rows: list[dict]) -> None:
    """Insert new records and rewrite changed ones: one cached ``INSERT … ON CONFLICT DO UPDATE`` run for
    every row (SQLite: an ``executemany``; PostgreSQL: :func:`finish_pg` writes them with the counters)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(_PG_UPSERT, {"rows": _rows_json(rows)})
    else:
        conn.execute(_upsert(conn.dialect.name), rows)


def _rows_json(rows: list[dict]) -> str:
    """The records as ONE JSON array for ``json_to_recordset``: one ``json.dumps`` in C, one text parameter (the
    driver does not escape element by element as it does for a ``text[]``). A ``json`` field of the record set
    is the exact text of its value in the document, so each record's maps are stored as ``json.dumps`` writes
    them on their own — byte for byte what the earlier one-array-per-column statement stored."""
    return json.dumps([{"t": r["table_name"], "i": r["row_id"], "s": r["structure_id"], "q": r["seq"],
                        "v": r["values"], "c": r["clocks"], "z": r["seqs"]} for r in rows])


# PostgreSQL: every row of the batch in ONE statement (the rows as one JSON array): one parse, one round trip,
# whatever the number of records.
_PG_ROWS = (
    'INSERT INTO hub_record (table_name, row_id, structure_id, seq, "values", clocks, seqs) '
    "SELECT t, i, s, q, v, c, z FROM json_to_recordset(CAST(:rows AS json)) "
    "AS u(t text, i text, s text, q bigint, v json, c json, z json) "
    "ON CONFLICT (table_name, row_id) DO UPDATE SET seq = excluded.seq, \"values\" = excluded.\"values\", "
    "clocks = excluded.clocks, seqs = excluded.seqs WHERE hub_record.structure_id = excluded.structure_id")
_PG_UPSERT = text(_PG_ROWS)
# The end of an ordinary push on PostgreSQL, in one statement and one round trip: its records, the structure's
# counter and the device's watermark (data-modifying CTEs: each part runs once, whatever the others return).
_PG_FINISH = text(
    f"WITH r AS ({_PG_ROWS}), s AS (UPDATE hub_structure SET seq = :seq WHERE id = :sid) "
    "UPDATE hub_device SET last_counter = :ack, last_seen = :now WHERE id = :did"
).bindparams(bindparam("now", type_=HubDevice.__table__.c.last_seen.type))  # type: ignore[attr-defined]


def finish_pg(conn: Connection, rows: list[dict], structure_id: str, seq: int, device_id: str, acknowledged: int,
              now) -> None:
    """PostgreSQL: write the push's records, the structure's counter and the device's watermark at once."""
    conn.execute(_PG_FINISH, {"rows": _rows_json(rows), "seq": seq, "sid": structure_id, "ack": acknowledged,
                              "did": device_id, "now": now})


_UPSERTS: dict[str, object] = {}


def _upsert(dialect: str):
    if dialect not in _UPSERTS:
        stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(R)
        excluded = stmt.excluded
        _UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=[R.c.table_name, R.c.row_id],
            set_={"seq": excluded.seq, "values": excluded["values"], "clocks": excluded.clocks,
                  "seqs": excluded.seqs},
            where=R.c.structure_id == excluded.structure_id)  # never another structure's record
    return _UPSERTS[dialect]
