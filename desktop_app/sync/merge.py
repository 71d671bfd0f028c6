"""Apply a pulled page to a replica, field by field, in one transaction with the cursor.

A field takes the pulled value only when the pulled clock is newer than the one the replica holds for
it, so a local edit not yet pushed (its clock is newer) is never overwritten by an older value. The page,
its conflicts, the new cursor and the advanced clock commit together: replaying a page changes nothing.

The plausibility rules (desktop_app.domain.plausibilite: no attendance or exam result in the future, second
parcours, parrain above its maximum…) are rules on *entry*, enforced by the services: a received value was
entered on another device (maybe with a wrong clock) and is stored as it comes — sync never loses data.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy import types as satypes
from sqlalchemy.exc import IntegrityError

from desktop_app.db.meta import get_meta, save_clock, set_meta
from desktop_app.db.models import MODELS_BY_TABLE, SyncConflict, SyncReceivedRefused
from desktop_app.db.models.base import SyncedModel
from desktop_app.domain.ids import utcnow
from desktop_app.sync import convert, effacement, wire
from desktop_app.sync.convert import ConversionError
from desktop_app.sync.hlc import HybridClock


def _converters(model: type[SyncedModel]) -> dict[str, Any]:
    """{column: function turning a wire value into the column's Python value} (``convert``, once per table)."""
    return convert.converters(model.__table__)  # type: ignore[attr-defined]


def from_wire(model: type[SyncedModel], name: str, value: Any) -> Any:
    """The column value of a wire value (raises :class:`convert.ConversionError`, in French)."""
    return _converters(model)[name](value)


def apply_page(conn: Connection, page: wire.PullPage, clock: HybridClock,
               refused: list[dict] | None = None) -> tuple[int, int]:
    """Merge ``page`` on ``conn`` (inside the caller's transaction); return (records changed, conflicts).

    A change this replica cannot store (a value its column refuses, a mandatory field missing on a new
    record, any constraint of its row) is set aside in ``sync_recu_refuse`` with its French reason, and
    appended to ``refused`` when given; the rest of the page is applied and the cursor moves on."""
    refused = [] if refused is None else refused
    by_table: dict[str, list[wire.Change]] = defaultdict(list)
    newest = ""
    for change in page.changes:
        by_table[change.table].append(change)
        if change.clocks:  # never the terminal clock of an erasure (desktop_app.sync.effacement)
            top = max(change.clocks.values())
            if top == effacement.TERMINAL_CLOCK:
                top = max((c for c in change.clocks.values() if c != effacement.TERMINAL_CLOCK), default="")
            if top > newest:
                newest = top
    for c in page.conflicts:  # a resolution made elsewhere: a choice made here afterwards must win over it
        if c.resolution_clock and c.resolution_clock > newest and c.resolution_clock != effacement.TERMINAL_CLOCK:
            newest = c.resolution_clock
    start = len(refused)
    changed = sum(_apply_table(conn, table, changes, refused) for table, changes in by_table.items())
    if len(refused) > start:
        conn.execute(insert(SyncReceivedRefused.__table__), refused[start:])  # type: ignore[attr-defined]
    new_conflicts = _store_conflicts(conn, page.conflicts)
    erased = effacement.erased_in(page.changes)
    if erased:  # the record and everything hanging from it, pending local changes included
        effacement.purge(conn, erased)
    if newest:
        clock.observe(newest)  # always: what this device writes next must win over what it received
        if newest > (get_meta(conn, "hlc_seen") or ""):  # see desktop_app.sync.clock_sync
            set_meta(conn, "hlc_seen", newest)
    set_meta(conn, "sync_cursor", str(page.next))
    save_clock(conn, clock.last)
    return changed, new_conflicts


def _refusal(change: wire.Change, reason: str, now: dt.datetime) -> dict:
    """A ``sync_recu_refuse`` row: the change as received, and why this replica could not store it."""
    return {"seq": change.seq, "table_name": change.table, "row_id": change.row_id, "fields": change.fields,
            "reason": reason, "received_at": now}


def _apply_table(conn: Connection, table_name: str, changes: list[wire.Change], refused: list[dict]) -> int:
    model = MODELS_BY_TABLE.get(table_name)
    if model is None:
        return 0  # a table of a newer schema: nothing to store it in (additive changes only)
    table = model.__table__  # type: ignore[attr-defined]
    allowed = set(table.columns.keys()) - {"id", "hlc", "field_clocks", "updated_at"}
    converters = _converters(model)
    existing: dict[str, Any] = {}
    ids = [c.row_id for c in changes]
    for start in range(0, len(ids), 500):
        for row in conn.execute(select(table.c.id, table.c.hlc, table.c.field_clocks)
                                .where(table.c.id.in_(ids[start:start + 500]))):
            existing[row.id] = row
    now = utcnow()
    inserts: list[dict] = []
    sources: dict[str, list[wire.Change]] = {}  # the changes each new row was made of
    count = 0
    for change in changes:
        fields = change.fields
        names = list(fields) if fields.keys() <= allowed else [n for n in fields if n in allowed]
        row = existing.get(change.row_id)
        if row is None:
            record = _new_row(model, change, names, now)
            if record is not None:
                inserts.append(record)
                sources[change.row_id] = [change]
                existing[change.row_id] = record  # a page may name a record twice
            continue
        if isinstance(row, dict):  # created earlier in this page
            _merge_into_new(model, row, change, names)
            sources[change.row_id].append(change)
            continue
        clocks = dict(row.field_clocks or {})
        values = {}
        try:
            for name in names:
                # the hub's erased form is the reference: taken even over a local one (same terminal clock)
                if (change.clocks[name] > clocks.get(name, row.hlc)
                        or change.clocks[name] == effacement.TERMINAL_CLOCK):
                    values[name] = converters[name](change.fields[name])
                    clocks[name] = change.clocks[name]
        except ConversionError as exc:
            refused.append(_refusal(change, str(exc), now))
            continue
        if values:
            try:
                conn.execute(update(table).where(table.c.id == change.row_id)
                             .values(**values, field_clocks=clocks, updated_at=now))
            except IntegrityError as exc:  # SQLite undoes the failing statement alone
                refused.append(_refusal(change, _integrity_reason(exc), now))
                continue
            count += 1
    if inserts:
        count += _insert_rows(conn, model, inserts, sources, refused, now)
    return count


def _integrity_reason(exc: IntegrityError) -> str:
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    if "NOT NULL" in detail:
        return f"valeur obligatoire manquante ({detail.rsplit('.', 1)[-1]})"
    return f"refusé par la base locale ({detail})"


_STEPS: dict[tuple[str, str], tuple[dict, frozenset[str], dict]] = {}


def _storage_steps(conn: Connection, model: type[SyncedModel]) -> tuple[dict, frozenset[str], dict]:
    """({column: wire value → value as stored (checked by ``convert``, then bound)}, the NOT NULL columns
    a new row must carry, {column: its plain default}), built once per table and dialect."""
    table = model.__table__  # type: ignore[attr-defined]
    key = (table.name, conn.dialect.name)
    if key not in _STEPS:
        converters = convert.value_converters(table)  # None is checked by the loop
        steps = {}
        for c in table.columns:
            bind = c.type._cached_bind_processor(conn.dialect)
            if c.name == "field_clocks":
                step = _empty_json_first(bind) if bind else None  # made here, not received
            else:
                step = _compose(c, converters[c.name], bind)
            if step is not None:
                steps[c.name] = step
        required = frozenset(c.name for c in table.columns if not c.nullable and c.server_default is None)
        defaults = {c.name: convert.scalar_default(c)[1] for c in table.columns if convert.scalar_default(c)[0]}
        _STEPS[key] = (steps, required, defaults)
    return _STEPS[key]


def _insert_rows(conn: Connection, model: type[SyncedModel], rows: list[dict],
                 sources: dict[str, list[wire.Change]], refused: list[dict], now: dt.datetime) -> int:
    """One positional executemany per column set, each value checked and converted in place (wire conversion,
    then the ORM's bind conversion). A row its table refuses is set aside (``refused``); should the bulk insert
    still fail, its rows are inserted one by one to isolate the culprit. Return the rows inserted."""
    table = model.__table__  # type: ignore[attr-defined]
    quote = conn.dialect.identifier_preparer.quote
    steps, required, defaults = _storage_steps(conn, model)
    count = 0
    for group in _same_keys(rows):
        names = list(group[0])
        missing = required.difference(names)
        if missing and missing <= defaults.keys():  # what the hub lets a creation leave out: its default
            for r in group:
                r.update((n, defaults[n]) for n in missing)
            names += sorted(missing)
        elif missing:
            reason = f"{', '.join(sorted(missing - defaults.keys()))} : valeur obligatoire manquante"
            for r in group:
                refused.extend(_refusal(c, reason, now) for c in sources[r["id"]])
            continue
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
               f"VALUES ({', '.join('?' * len(names))})")  # positional binds: no dict lookup per value
        values_of = itemgetter(*names)
        plan = [(n, _same_now(steps[n], now)) for n in names if n in steps]
        good = []
        for r in group:
            try:
                for n, f in plan:
                    v = r[n]
                    if v is not None:
                        r[n] = f(v)
                    elif n in required:
                        raise ConversionError(n, "valeur obligatoire manquante")
            except ConversionError as exc:
                refused.extend(_refusal(c, str(exc), now) for c in sources[r["id"]])
                continue
            good.append(r)
        if not good:
            continue
        try:
            conn.exec_driver_sql(sql, [values_of(r) for r in good])
        except IntegrityError:
            # Not a SAVEPOINT: under pysqlite, RELEASE of a savepoint opened before any write commits the
            # page. The rows this executemany wrote before failing are new (absent when the page began):
            # removed, then inserted one by one (SQLite undoes a failing statement alone).
            ids = [r["id"] for r in good]
            for start in range(0, len(ids), 500):
                conn.execute(table.delete().where(table.c.id.in_(ids[start:start + 500])))
            kept = []
            for r in good:
                try:
                    conn.exec_driver_sql(sql, values_of(r))
                except IntegrityError as exc:
                    refused.extend(_refusal(c, _integrity_reason(exc), now) for c in sources[r["id"]])
                else:
                    kept.append(r)
            good = kept
        count += len(good)
    return count


def _same_now(step, now: dt.datetime):
    """``step``, its value for this page's ``now`` (every new row's ``updated_at``) computed once."""
    try:
        stored = step(now)
    except Exception:  # a column that takes no datetime: its own step alone
        return step
    return lambda v: stored if v is now else step(v)


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


def _compose(column, back, bind):
    """The storage step of one column: ``back`` (``convert``: checks, raises in French) then ``bind``."""
    kind = convert.kind_of(column)
    if isinstance(kind, satypes.Date) and not isinstance(kind, satypes.DateTime) and bind is not None:
        def date_step(v):
            if v.__class__ is str:
                back(v)  # checked; canonical ISO dates (YYYY-MM-DD) are stored as they travel
                return v
            return bind(back(v))
        return date_step
    if isinstance(kind, satypes.DateTime) and bind is not None:
        fromiso = dt.datetime.fromisoformat
        name = column.name

        def datetime_step(v):
            if v.__class__ is str:
                text = _utc_text(v)
                if text is not None:
                    try:
                        fromiso(v)
                    except ValueError:
                        raise ConversionError(name, f"date et heure invalides ({convert.preview(v)})") from None
                    return text
            return bind(back(v))
        return datetime_step
    if bind is not None:
        return lambda v: bind(back(v))
    return back


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
        if change.clocks[name] > clocks.get(name, record["hlc"]) or change.clocks[name] == effacement.TERMINAL_CLOCK:
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
