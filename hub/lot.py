"""A push's reads and writes, by batch: a few statements per push whatever its size, never one per op.

Reads (:func:`read`): one ``hub_record`` query for the records the ops name *and* the records they point to
(the references :mod:`hub.validation` checks), one ``hub_erased`` query for the registry entries of both
(:mod:`hub.effacement`) — by chunks of :data:`KEY_CHUNK` keys. Writes (:func:`write_records`): the records
created and changed by the push in one ``INSERT … ON CONFLICT DO UPDATE`` per chunk (PostgreSQL and SQLite).

On PostgreSQL the reads of an ordinary push (no conflict resolution, no erasure, not a parrain's device) run
*before* the structure's counter row is locked, so that pushes of one structure wait on each other only for
the merge, the writes and the commit (:mod:`hub.store`). Whatever committed in between is caught by
:func:`refresh`, under the lock: every commit of a structure moves its counter, so when the counter read
before the reads has not moved nothing needs reading again; when it has, the records, missing references and
registry entries of the batch that carry a later sequence are read again. Nothing with a sequence at or below
that counter can have been missed: it had committed before the counter showed it (commits of a structure are
serialised), hence before the reads began; and records are never deleted and never change structure (a
reference found stays found).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.sync import effacement as erasure_rules
from desktop_app.sync import wire
from hub import validation
from hub.models import HubErased, HubRecord

R, E = HubRecord.__table__, HubErased.__table__  # type: ignore[attr-defined]
KEY_CHUNK = 500
WRITE_CHUNK = 500  # rows per INSERT statement (7 parameters each: within every driver's limit)
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
    return keys


def _load(conn: Connection, structure_id: str, reads: Reads, named: set[Key], referenced: set[Key],
          after: int | None = None) -> None:
    for chunk in _chunks(named | referenced):
        query = select(R).where(tuple_(R.c.table_name, R.c.row_id).in_(chunk))
        if after is not None:
            query = query.where(R.c.seq > after)
        for r in conn.execute(query):
            key = (r.table_name, r.row_id)
            if key in named:
                reads.records[key] = record_of(r)
            if key in referenced and r.structure_id == structure_id:
                reads.known.add(key)


def _registry(conn: Connection, structure_id: str, reads: Reads, keys: set[Key], after: int | None = None) -> None:
    for chunk in _chunks(keys):
        where = [E.c.structure_id == structure_id, tuple_(E.c.table_name, E.c.row_id).in_(chunk)]
        if after is not None:
            where.append(E.c.seq > after)
        reads.erased.update((r.table_name, r.row_id) for r in conn.execute(
            select(E.c.table_name, E.c.row_id).where(and_(*where))))


def read(conn: Connection, structure_id: str, ops: list[wire.Op], *, references: bool) -> Reads:
    """Every read of a push's merge, two queries per :data:`KEY_CHUNK` keys (``references``: check them)."""
    reads = Reads(wanted=validation.wanted_references(ops) if references else set(),
                  erasure_keys=erasure_keys(ops))
    _load(conn, structure_id, reads, op_keys(ops), reads.wanted)
    _registry(conn, structure_id, reads, reads.erasure_keys)
    return reads


def refresh(conn: Connection, structure_id: str, reads: Reads, ops: list[wire.Op], after: int) -> None:
    """Catch up with what committed in the structure since its counter was ``after`` (under its lock)."""
    _load(conn, structure_id, reads, op_keys(ops), reads.wanted - reads.known, after=after)
    _registry(conn, structure_id, reads, reads.erasure_keys, after=after)


def write_records(conn: Connection, rows: list[dict]) -> None:
    """Insert new records and rewrite changed ones: one statement per :data:`WRITE_CHUNK` rows."""
    if not rows:
        return
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(rows), WRITE_CHUNK):
        stmt = insert(R).values(rows[start:start + WRITE_CHUNK])
        excluded = stmt.excluded
        conn.execute(stmt.on_conflict_do_update(
            index_elements=[R.c.table_name, R.c.row_id],
            set_={"seq": excluded.seq, "values": excluded["values"], "clocks": excluded.clocks,
                  "seqs": excluded.seqs},
            where=R.c.structure_id == excluded.structure_id))  # never another structure's record
