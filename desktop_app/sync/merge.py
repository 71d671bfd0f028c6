"""Apply a pulled page to a replica, field by field, in one transaction with the cursor.

A field takes the pulled value only when the pulled clock is newer than the one the replica holds for
it, so a local edit not yet pushed (its clock is newer) is never overwritten by an older value. The page,
its conflicts, the new cursor and the advanced clock commit together: replaying a page changes nothing.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy import types as satypes

from desktop_app.db.models import MODELS_BY_TABLE, SyncConflict
from desktop_app.db.models.base import SyncedModel
from desktop_app.domain.ids import utcnow
from desktop_app.sync import wire
from desktop_app.sync.hlc import HybridClock

_CONVERTERS: dict[str, dict[str, Any]] = {}


def _converters(model: type[SyncedModel]) -> dict[str, Any]:
    """{column: function turning a wire value back into the column's Python value}."""
    table = model.__tablename__  # type: ignore[attr-defined]
    if table not in _CONVERTERS:
        conv: dict[str, Any] = {}
        for col in model.__table__.columns:  # type: ignore[attr-defined]
            kind = col.type
            if isinstance(kind, satypes.DateTime) or isinstance(getattr(kind, "impl", None), satypes.DateTime):
                conv[col.name] = _datetime
            elif isinstance(kind, satypes.Date):
                conv[col.name] = dt.date.fromisoformat
            else:
                conv[col.name] = None
        _CONVERTERS[table] = conv
    return _CONVERTERS[table]


def _datetime(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def from_wire(model: type[SyncedModel], name: str, value: Any) -> Any:
    fn = _converters(model).get(name)
    return fn(value) if fn is not None and value is not None else value


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.exec_driver_sql(
        "INSERT INTO profile_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value))


def get_meta(conn: Connection, key: str, default: str | None = None) -> str | None:
    row = conn.exec_driver_sql("SELECT value FROM profile_meta WHERE key = ?", (key,)).first()
    return row[0] if row else default


def apply_page(conn: Connection, page: wire.PullPage, clock: HybridClock) -> tuple[int, int]:
    """Merge ``page`` on ``conn`` (inside the caller's transaction); return (records changed, conflicts)."""
    by_table: dict[str, list[wire.Change]] = defaultdict(list)
    newest = ""
    for change in page.changes:
        by_table[change.table].append(change)
        if change.clocks:
            top = max(change.clocks.values())
            if top > newest:
                newest = top
    for c in page.conflicts:  # a resolution made elsewhere: a choice made here afterwards must win over it
        if c.resolution_clock and c.resolution_clock > newest:
            newest = c.resolution_clock
    changed = sum(_apply_table(conn, table, changes) for table, changes in by_table.items())
    new_conflicts = _store_conflicts(conn, page.conflicts)
    if newest:
        clock.observe(newest)  # always: what this device writes next must win over what it received
        if newest > (get_meta(conn, "hlc_seen") or ""):  # see desktop_app.sync.clock_sync
            set_meta(conn, "hlc_seen", newest)
    set_meta(conn, "sync_cursor", str(page.next))
    set_meta(conn, "hlc_last", clock.last)
    return changed, new_conflicts


def _apply_table(conn: Connection, table_name: str, changes: list[wire.Change]) -> int:
    model = MODELS_BY_TABLE.get(table_name)
    if model is None:
        return 0  # a table of a newer schema: nothing to store it in (additive changes only)
    table = model.__table__  # type: ignore[attr-defined]
    allowed = set(table.columns.keys()) - {"id", "hlc", "field_clocks", "updated_at"}
    existing: dict[str, Any] = {}
    ids = [c.row_id for c in changes]
    for start in range(0, len(ids), 500):
        for row in conn.execute(select(table.c.id, table.c.hlc, table.c.field_clocks)
                                .where(table.c.id.in_(ids[start:start + 500]))):
            existing[row.id] = row
    now = utcnow()
    inserts: list[dict] = []
    count = 0
    for change in changes:
        fields = change.fields
        names = list(fields) if fields.keys() <= allowed else [n for n in fields if n in allowed]
        row = existing.get(change.row_id)
        if row is None:
            record = _new_row(model, change, names, now)
            if record is not None:
                inserts.append(record)
                existing[change.row_id] = record  # a page may name a record twice
            continue
        if isinstance(row, dict):  # created earlier in this page
            _merge_into_new(model, row, change, names)
            continue
        clocks = dict(row.field_clocks or {})
        values = {}
        for name in names:
            if change.clocks[name] > clocks.get(name, row.hlc):
                values[name] = from_wire(model, name, change.fields[name])
                clocks[name] = change.clocks[name]
        if values:
            conn.execute(update(table).where(table.c.id == change.row_id)
                         .values(**values, field_clocks=clocks, updated_at=now))
            count += 1
    if inserts:
        _insert_rows(conn, model, inserts)
        count += len(inserts)
    return count


def _insert_rows(conn: Connection, model: type[SyncedModel], rows: list[dict]) -> None:
    """One executemany per column set, with named parameters; only the columns that need it (datetimes,
    JSON) are converted, in place, by the wire conversion then the column's bind conversion (the ORM's):
    restoring a replica inserts 100k rows and more."""
    table = model.__table__  # type: ignore[attr-defined]
    quote = conn.dialect.identifier_preparer.quote
    converters = _converters(model)
    steps = {}
    for c in table.columns:
        step = _compose(converters.get(c.name), c.type._cached_bind_processor(conn.dialect))
        if isinstance(c.type, satypes.JSON) and step is not None:
            step = _empty_json_first(step)
        if step is not None:
            steps[c.name] = step
    for group in _same_keys(rows):
        names = list(group[0])
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
               f"VALUES ({', '.join(':' + n for n in names)})")
        plan = [(n, steps[n]) for n in names if n in steps]
        for r in group:
            for n, f in plan:
                v = r[n]
                if v is not None:
                    r[n] = f(v)
        conn.exec_driver_sql(sql, group)


def _utc_text(v: str) -> str | None:
    """Fast path for the ISO texts this protocol sends (aware UTC): the SQLite storage form."""
    if v.endswith("+00:00") and v[10:11] == "T":
        if len(v) == 32:
            return f"{v[:10]} {v[11:26]}"
        if len(v) == 25:
            return f"{v[:10]} {v[11:19]}.000000"
    return None


def _empty_json_first(bind):
    return lambda v: "{}" if v == {} else bind(v)  # most field_clocks of a restore are empty


def _compose(back, bind):
    if back is dt.date.fromisoformat and bind is not None:
        return None  # ISO dates are stored as they travel
    if back is _datetime and bind is not None:
        def datetime_step(v):
            if isinstance(v, str):
                return _utc_text(v) or bind(back(v))
            return bind(v)
        return datetime_step
    if back and bind:
        return lambda v: bind(v if not isinstance(v, str) else back(v))
    if back:
        return lambda v: v if not isinstance(v, str) else back(v)
    return bind


def _new_row(model: type[SyncedModel], change: wire.Change, names: list[str], now: dt.datetime) -> dict | None:
    """A new row as wire values (converted once, column by column, by :func:`_insert_rows`)."""
    if not names:
        return None
    clocks = change.clocks
    hlc = clocks.get("created_at") or min(clocks[n] for n in names)
    fields = change.fields
    record = dict(fields) if len(names) == len(fields) else {name: fields[name] for name in names}
    record["id"], record["hlc"], record["updated_at"] = change.row_id, hlc, now
    if len(set(clocks.values())) == 1 and hlc in clocks.values():  # a record created in one go
        record["field_clocks"] = {}
    else:
        record["field_clocks"] = {n: c for n, c in clocks.items() if c != hlc and n in record}
    record.setdefault("created_at", now)
    record.setdefault("deleted", False)
    return record


def _merge_into_new(model: type[SyncedModel], record: dict, change: wire.Change, names: list[str]) -> None:
    clocks = record["field_clocks"]
    for name in names:
        if change.clocks[name] > clocks.get(name, record["hlc"]):
            record[name] = change.fields[name]
            clocks[name] = change.clocks[name]


def _same_keys(rows: list[dict]) -> list[list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(row))].append(row)
    return list(groups.values())


def _store_conflicts(conn: Connection, conflicts: list[wire.ConflictInfo]) -> int:
    table = SyncConflict.__table__  # type: ignore[attr-defined]
    new = 0
    for c in conflicts:
        local = conn.execute(select(table.c.resolution_clock).where(table.c.id == c.id)).first()
        values = dict(seq=c.seq, table_name=c.table, row_id=c.row_id, field=c.field, kept_value=c.kept_value,
                      kept_clock=c.kept_clock, lost_value=c.lost_value, lost_clock=c.lost_clock)
        if local is None:
            conn.execute(insert(table).values(id=c.id, resolution=c.resolution, resolution_clock=c.resolution_clock,
                                              received_at=utcnow(), **values))
            new += 1
            continue
        if c.resolution == "erased" or (c.resolution_clock and (local.resolution_clock is None
                                                                or c.resolution_clock > local.resolution_clock)):
            values.update(resolution=c.resolution, resolution_clock=c.resolution_clock)
        conn.execute(update(table).where(table.c.id == c.id).values(**values))
    return new
