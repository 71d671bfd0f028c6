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
import json
from collections import defaultdict
from operator import itemgetter, methodcaller
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


# --- a first restore's new records, column by column ------------------------------------------------------------

def insert_new(conn: Connection, records: list[tuple]) -> tuple[int, list[tuple], str]:
    """Insert the records of a snapshot that are new to this replica, straight from their values.

    ``records``: (table, row_id, seq, fields, clocks) in sequence order, ``clocks`` a {field: clock} map or the
    one clock all the record's fields share. The rows written are exactly those
    :func:`apply_page` would write for them (same columns, conversions, ``hlc`` and ``field_clocks``, same
    order: each table's new rows grouped by column set as :func:`_insert_rows` groups them), but each column is
    checked and converted as a whole (C-level checks; a column that fails them is converted value by value).
    Return (rows inserted, the records left to :func:`apply_page` — present here already, an erasure, a table
    this schema lacks, a value or a row refused (the merge sets those aside with their reason) — in their
    order, and the newest clock of the rows inserted, to observe)."""
    by_table: dict[str, list[tuple]] = defaultdict(list)
    for r in records:
        by_table[r[0]].append(r)
    rest: list[tuple] = []
    inserted, newest = 0, ""
    terminal = effacement.TERMINAL_CLOCK
    for table_name, recs in by_table.items():
        model = MODELS_BY_TABLE.get(table_name)
        ids = [r[1] for r in recs]
        if model is None or conn.dialect.name != "sqlite" or len(set(ids)) != len(ids):
            rest.extend(recs)
            continue
        table = model.__table__  # type: ignore[attr-defined]
        present = set(conn.exec_driver_sql(
            f"SELECT id FROM {conn.dialect.identifier_preparer.quote(table.name)} "
            "WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)).scalars())
        new = []
        for r in recs:
            c = r[4]
            if r[1] in present or (c == terminal if c.__class__ is str else terminal in c.values()):
                rest.append(r)
            else:
                new.append(r)
        if new:
            count, back, top = _insert_columns(conn, model, new)
            inserted += count
            rest.extend(back)
            if top > newest:
                newest = top
    return inserted, rest, newest


_EXTRA = frozenset({"id", "hlc", "updated_at", "field_clocks", "created_at", "deleted"})  # what _new_row adds


def _insert_columns(conn: Connection, model: type[SyncedModel], recs: list[tuple]) -> tuple[int, list[tuple], str]:
    table = model.__table__  # type: ignore[attr-defined]
    allowed = set(table.columns.keys()) - {"id", "hlc", "field_clocks", "updated_at"}
    steps, required, defaults = _storage_steps(conn, model)
    checks = _column_checks(conn, model)
    quote = conn.dialect.identifier_preparer.quote
    exact: dict[tuple, list[tuple]] = {}
    for r in recs:
        key = tuple(r[3])
        group = exact.get(key)
        if group is None:
            exact[key] = [r]
        else:
            group.append(r)
    canonical: dict[tuple, list[tuple[tuple, list[tuple]]]] = {}  # grouped as _same_keys groups the rows
    for key, group in exact.items():
        canonical.setdefault(tuple(sorted(_EXTRA.union(key))), []).append((key, group))
    back: list[tuple] = []
    count, newest = 0, ""
    now = utcnow()
    for parts in canonical.values():
        names = list(parts[0][0])
        if not names or not allowed.issuperset(names):
            for _, group in parts:
                back.extend(group)
            continue
        group = parts[0][1] if len(parts) == 1 else sorted((r for _, g in parts for r in g), key=itemgetter(2))
        given = set(names)
        constants = {"updated_at": now}
        if "created_at" not in given:
            constants["created_at"] = now
        if "deleted" not in given:
            constants["deleted"] = False
        missing = required.difference(given, ("id", "hlc", "field_clocks"), constants)
        if missing and not missing <= defaults.keys():
            back.extend(group)  # the merge refuses them: a mandatory value missing
            continue
        constants.update((n, defaults[n]) for n in sorted(missing))
        n = len(group)
        fields = [r[3] for r in group]
        clocks = [r[4] for r in group]
        if len(names) == 1:
            columns: list = [[f[names[0]] for f in fields]]
        else:
            columns = list(zip(*map(itemgetter(*names), fields)))
        # hlc and field_clocks as _new_row makes them: most records were created in one go (one clock)
        hlcs = [c if c.__class__ is str else None for c in clocks]
        field_clocks: list = ["{}"] * n
        fc_step = steps.get("field_clocks")
        top = max(filter(None, hlcs), default="")
        if None in hlcs:
            for i, c in enumerate(clocks):
                if c.__class__ is str:
                    continue
                hlc = hlcs[i] = c.get("created_at") or min(c.values())
                odd = {k: v for k, v in c.items() if v != hlc}
                if odd:
                    field_clocks[i] = fc_step(odd) if fc_step is not None else odd
                high = max(c.values())
                if high > top:
                    top = high
        names += ["id", "hlc", "field_clocks"]
        columns += [[r[1] for r in group], hlcs, field_clocks]
        bad: set[int] = set()
        stored = []
        for name, values in zip(names, columns):
            if name == "field_clocks":
                stored.append(values)
                continue
            stored.append(_store_column(name, values, checks.get(name), steps.get(name), name in required, bad))
        for name, value in constants.items():
            step = steps.get(name)
            names.append(name)
            stored.append([step(value) if step is not None and value is not None else value] * n)
        if bad:
            back.extend(group[i] for i in sorted(bad))
            stored = [[v for i, v in enumerate(values) if i not in bad] for values in stored]
            group = [r for i, r in enumerate(group) if i not in bad]
            top = max((r[4] if r[4].__class__ is str else max(r[4].values()) for r in group), default="")
        if not group:
            continue
        marks, bound = _bind_forms(stored)
        rows = list(zip(*bound)) if bound else [()] * len(group)
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) "
               f"VALUES ({', '.join(marks)})")
        try:
            conn.exec_driver_sql(sql, rows)
        except IntegrityError:
            # rows this executemany wrote before failing are new: removed, and the group left to the merge,
            # which inserts them one by one to set the culprit aside (no SAVEPOINT: see _insert_rows)
            conn.exec_driver_sql(f"DELETE FROM {quote(table.name)} WHERE id IN (SELECT value FROM json_each(?))",
                                 (json.dumps([r[1] for r in group]),))
            back.extend(group)
            continue
        count += len(rows)
        if top > newest:
            newest = top
    return count, back, newest


def _bind_forms(columns: list[list]) -> tuple[list[str], list[list]]:
    """(the VALUES expression of each column, the columns still bound) storing exactly what binding ``columns``
    would store, for less: the driver adapts a None or a bool through its slow path (~3 µs a value, most of a
    restore's insert time: most optional fields are empty). A column of NULLs becomes the literal NULL; bools
    are bound as the 0/1 the driver would make of them; the NULLs of a mixed column are bound as a sentinel of a
    type the column holds no value of, turned back into NULL by ``NULLIF`` (no affinity applies to either side
    of that comparison: an integer never equals a text)."""
    marks, bound = [], []
    for values in columns:
        nulls = values.count(None)
        if nulls == len(values):
            marks.append("NULL")
            continue
        types = set(map(type, values))
        if bool in types:
            values = [v if v is None or v.__class__ is not bool else int(v) for v in values]
            types = set(map(type, values))
        if not nulls:
            marks.append("?")
        elif not types & {int, float}:
            marks.append("NULLIF(?, 0)")
            values = [0 if v is None else v for v in values]
        elif not types & {str, bytes}:
            marks.append("NULLIF(?, '')")
            values = ["" if v is None else v for v in values]
        else:  # both kinds: its NULLs bound as they are
            marks.append("?")
        bound.append(values)
    return marks, bound


_CHECKS: dict[tuple[str, str], dict[str, tuple]] = {}


def _column_checks(conn: Connection, model: type[SyncedModel]) -> dict[str, tuple]:
    """{column: (kind, limit, codes)} of the columns a whole-column check applies to (once per table)."""
    table = model.__table__  # type: ignore[attr-defined]
    key = (table.name, conn.dialect.name)
    if key not in _CHECKS:
        out = {}
        for c in table.columns:
            kind = convert.kind_of(c)
            bind = c.type._cached_bind_processor(conn.dialect)
            if isinstance(kind, satypes.DateTime):
                out[c.name] = ("datetime", None, None)
            elif isinstance(kind, satypes.Date):
                out[c.name] = ("date", None, None)
            elif isinstance(kind, satypes.Boolean):
                out[c.name] = ("bool", None, None)  # sqlite stores True/False as 1/0, as the bind does
            elif isinstance(kind, satypes.Integer) and bind is None:
                out[c.name] = ("int", None, None)
            elif isinstance(kind, satypes.JSON) and bind is not None:
                out[c.name] = ("json", bind, None)
            elif isinstance(kind, (satypes.String, satypes.Enum)) and bind is None:
                length = getattr(kind, "length", None)
                limit = min(length, wire.MAX_TEXT_VALUE) if length else wire.MAX_TEXT_VALUE
                out[c.name] = ("text", limit, convert.codes_of(c))
        _CHECKS[key] = out
    return _CHECKS[key]


_JSON_TYPES = frozenset({dict, list, str, int, float, bool})


def _store_column(name: str, values, check: tuple | None, step, required: bool, bad: set[int]) -> list:
    """The column's values as stored; the rows whose value the column refuses added to ``bad``."""
    if check is not None:
        stored = _whole_column(values, check, required)
        if stored is not None:
            return stored
    out = []
    for i, v in enumerate(values):  # value by value, as _insert_rows does
        if v is None:
            if required:
                bad.add(i)
            out.append(None)
        elif step is None:
            out.append(v)
        else:
            try:
                out.append(step(v))
            except ConversionError:
                bad.add(i)
                out.append(None)
    return out


def _whole_column(values, check: tuple, required: bool) -> list | tuple | None:
    """The stored values when every value of the column passes its C-level check, else None."""
    kind, arg, codes = check
    has_none = None in values
    if has_none and required:
        return None
    present = [v for v in values if v is not None] if has_none else values
    if not present:
        return values
    types = set(map(type, present))
    if kind == "text":
        if types == {str} and max(map(len, present)) <= arg and (codes is None or codes.issuperset(present)):
            return values
        return None
    if kind == "date":
        if types == {str} and set(map(len, present)) == {10}:
            try:
                list(map(_fromiso_date, present))
            except ValueError:
                return None
            return values
        return None
    if kind == "datetime":
        if (types == {str} and set(map(len, present)) == {32} and set(map(_at10, present)) == {"T"}
                and all(map(_utc_suffix, present))):
            try:
                list(map(_fromiso_datetime, present))
            except ValueError:
                return None
            return [None if v is None else f"{v[:10]} {v[11:26]}" for v in values]
        return None
    if kind == "int":
        if types == {int} and min(present) >= convert.INT64_MIN and max(present) <= convert.INT64_MAX:
            return values
        return None
    if kind == "bool":
        return values if types == {bool} else None
    if kind == "json":
        if types <= _JSON_TYPES:
            return [None if v is None else arg(v) for v in values]
        return None
    return None


_fromiso_date, _fromiso_datetime = dt.date.fromisoformat, dt.datetime.fromisoformat
_at10 = itemgetter(10)
_utc_suffix = methodcaller("endswith", "+00:00")
