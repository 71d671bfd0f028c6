"""A staff device's pull page, made by the database: a few set statements per page, no per-record JSON work in
Python (issue 18, item 2).

Every change of the page is written as its JSON text by the statement that reads it: the stored ``values`` and
``clocks`` go out as they are when every field of the record changed after ``base`` (a record created since the
scan began: most of a page), else only the fields changed after ``base`` are picked out of them, by the database
too (``json_each`` over ``seqs``). PostgreSQL: one statement gives the structure's counter, the page joined by
``string_agg`` and its conflicts (``json_agg``), read from one snapshot; it costs one indexed probe when nothing
is new since the cursor. SQLite: the counter first (nothing new: that query only), then one text per change and
the conflicts' query. SQLite older than 3.38 has no ``->`` operator: there, the few records whose fields must be
picked are picked in Python from their stored text.

Ordering guarantee (unchanged, see :func:`hub.store.pull_page_json`): only changes at or below the counter read
first (or in the same snapshot) are served, so the page never holds a gap that a later commit could fill.
"""
from __future__ import annotations

import json
import sqlite3

from sqlalchemy import Connection, text

# ``values -> key`` keeps a field's JSON type (true, null, objects) in json_group_object.
SQLITE_ARROW = sqlite3.sqlite_version_info >= (3, 38)

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

# The records of the page, in sequence order: ``low`` is the lowest sequence of their fields (all changed after
# ``base`` when it is above it).
_PAGE = """
SELECT r.seq, r.table_name, r.row_id, r."values" AS v, r.clocks AS c, r.seqs AS s,
       (SELECT min({seq_value}) FROM json_each(r.seqs)) AS low
FROM hub_record r
WHERE r.structure_id = :sid AND r.seq > :since AND r.seq <= {top}
ORDER BY r.seq
LIMIT :limit
"""

_PG_CHANGE = """'{{"seq":' || p.seq || ',"table":' || to_json(p.table_name)::text || ',"row_id":'
    || to_json(p.row_id)::text || ',"fields":' || {fields} || ',"clocks":' || {clocks} || '}}'"""
_PG_PICKED = """CASE WHEN p.low > :base THEN p.{col}::text ELSE coalesce((SELECT json_object_agg(e.key, p.{col} -> e.key)
    FROM json_each(p.s) e WHERE e.value::text::bigint > :base)::text, '{{}}') END"""
_PG_CONFLICT = """json_build_object('id', k.id, 'seq', k.seq, 'table', k.table_name, 'row_id', k.row_id,
    'field', k.field, 'kept_value', k.kept_value, 'kept_clock', k.kept_clock, 'lost_value', k.lost_value,
    'lost_clock', k.lost_clock, 'resolution', k.resolution, 'resolution_clock', k.resolution_clock)"""

PG_PAGE = text(f"""
WITH top AS (SELECT seq FROM hub_structure WHERE id = :sid),
page AS ({_PAGE.format(seq_value="value::text::bigint", top="(SELECT seq FROM top)")}),
agg AS (SELECT count(*) AS n, max(p.seq) AS last,
               string_agg({_PG_CHANGE.format(fields=_PG_PICKED.format(col='v'), clocks=_PG_PICKED.format(col='c'))},
                          ',' ORDER BY p.seq) AS changes
        FROM page p)
SELECT (SELECT seq FROM top) AS top, agg.n, agg.last, agg.changes,
       (SELECT json_agg({_PG_CONFLICT} ORDER BY k.seq)::text FROM hub_conflict k
        WHERE k.structure_id = :sid AND k.seq > :since
          AND k.seq <= CASE WHEN agg.n = :limit THEN agg.last ELSE (SELECT seq FROM top) END) AS conflicts
FROM agg
""")

_SQLITE_PICKED = """CASE WHEN p.low > :base THEN p.{col} ELSE coalesce((SELECT json_group_object(e.key, p.{col} {arrow} e.key)
    FROM json_each(p.s) e WHERE e.value > :base), '{{}}') END"""
SQLITE_PAGE = text(f"""
SELECT p.seq, '{{"seq":' || p.seq || ',"table":' || json_quote(p.table_name) || ',"row_id":'
    || json_quote(p.row_id) || ',"fields":' || {_SQLITE_PICKED.format(col='v', arrow='->')} || ',"clocks":'
    || {_SQLITE_PICKED.format(col='c', arrow='->>')} || '}}'
FROM ({_PAGE.format(seq_value="value", top=":top")}) p
ORDER BY p.seq
""")
# Without ``->``: the whole records by the statement, the others (NULL) in Python from their stored text.
SQLITE_PAGE_OLD = text(f"""
SELECT p.seq, CASE WHEN p.low > :base THEN '{{"seq":' || p.seq || ',"table":' || json_quote(p.table_name)
    || ',"row_id":' || json_quote(p.row_id) || ',"fields":' || p.v || ',"clocks":' || p.c || '}}' END,
    p.table_name, p.row_id, p.v, p.c, p.s
FROM ({_PAGE.format(seq_value="value", top=":top")}) p
ORDER BY p.seq
""")
SQLITE_TOP = text("SELECT seq FROM hub_structure WHERE id = :sid")
SQLITE_CONFLICTS = text("""
SELECT id, seq, table_name, row_id, field, kept_value, kept_clock, lost_value, lost_clock, resolution,
       resolution_clock
FROM hub_conflict WHERE structure_id = :sid AND seq > :since AND seq <= :upto ORDER BY seq
""")
_CONFLICT_KEYS = ("id", "seq", "table", "row_id", "field", "kept_value", "kept_clock", "lost_value", "lost_clock",
                  "resolution", "resolution_clock")


def _page(changes: str, conflicts: str, upto: int, since: int, more: bool) -> str:
    return (f'{{"changes":[{changes}],"conflicts":{conflicts},"next":{max(upto, since)},'
            f'"more":{"true" if more else "false"}}}')


def page_json(conn: Connection, structure_id: str, since: int, limit: int, base: int) -> str:
    """The JSON text of the :class:`wire.PullPage` of a staff device of ``structure_id`` (see the module)."""
    params = {"sid": structure_id, "since": since, "limit": limit, "base": base}
    if conn.dialect.name == "postgresql":
        top, n, last, changes, conflicts = conn.execute(PG_PAGE, params).one()
        more = n == limit
        return _page(changes or "", conflicts or "[]", last if more else top, since, more)
    top = conn.execute(SQLITE_TOP, params).scalar_one()
    if top <= since:  # nothing new: one indexed query
        return _page("", "[]", top, since, False)
    params["top"] = top
    if SQLITE_ARROW:
        rows = conn.execute(SQLITE_PAGE, params).all()
        parts = [row[1] for row in rows]
    else:
        rows = conn.execute(SQLITE_PAGE_OLD, params).all()
        parts = [row[1] if row[1] is not None else _picked(row, base) for row in rows]
    more = len(rows) == limit
    upto = rows[-1][0] if more else top
    conflicts = [dict(zip(_CONFLICT_KEYS, (*c[:5], json.loads(c[5]), c[6], json.loads(c[7]), *c[8:])))
                 for c in conn.execute(SQLITE_CONFLICTS, {**params, "upto": upto})]
    return _page(",".join(parts), _ENCODE(conflicts), upto, since, more)


def _picked(row, base: int) -> str:
    """One change whose fields changed after ``base`` are picked out of its stored text (old SQLite)."""
    seq, _, table_name, row_id, values, clocks, seqs = row
    values, clocks = json.loads(values), json.loads(clocks)
    names = [n for n, s in json.loads(seqs).items() if s > base]
    return (f'{{"seq":{seq},"table":{_ENCODE(table_name)},"row_id":{_ENCODE(row_id)},'
            f'"fields":{_ENCODE({n: values.get(n) for n in names})},"clocks":{_ENCODE({n: clocks[n] for n in names})}}}')
