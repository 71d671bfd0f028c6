"""A first restore's new records, column by column (issue 18 item 1).

A snapshot's records that are new to the replica skip the field-by-field merge of :mod:`desktop_app.sync.merge`:
each table's new rows are checked and converted a column at a time (C-level checks; a column that fails them is
converted value by value), then written with positional inserts. The rows are exactly those
:func:`~desktop_app.sync.merge.apply_page` would write; whatever this path cannot take (a row present already, an
erasure, a table this schema lacks, a value or a row refused) is handed back to it.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from operator import itemgetter, methodcaller

from sqlalchemy import Connection
from sqlalchemy import types as satypes
from sqlalchemy.exc import IntegrityError

from desktop_app.db.models import MODELS_BY_TABLE
from desktop_app.db.models.base import SyncedModel
from desktop_app.domain.ids import utcnow
from desktop_app.sync import convert, effacement, wire
from desktop_app.sync.convert import ConversionError
from desktop_app.sync.merge import _storage_steps

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
