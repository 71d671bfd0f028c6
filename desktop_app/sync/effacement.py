"""RGPD erasure is terminal (SYNC.md guarantee 14): shared by the devices and the hub.

An erasure travels as one op of the pseudo-table :data:`ERASURE_TABLE` (row id: the erased record's id, field
``table``: its table). The hub registers the erased ids (``hub_erased``: ids only), finds the records hanging
from it through the stored foreign keys, rewrites each to its :func:`erased_form` with :data:`TERMINAL_CLOCK`
on every field, and drops every later op about a registered id. Devices write the same erased form with the
same terminal clock (:func:`purge`), so that no pulled value, whatever its clock, replaces it; a pulled erased
form from the hub is always taken (the hub's is the reference). The terminal clock is never observed into a
device's HLC.

The access log (``journal_acces``) is kept: it holds ids only.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import String, delete, func, select, update
from sqlmodel.sql.sqltypes import AutoString

from desktop_app.sync.hlc import TERMINAL_CLOCK  # noqa: F401  (re-exported: the erasure's clock)

ERASURE_TABLE = "_erasure"
ERASURE_FIELD = "table"
# TERMINAL_CLOCK (desktop_app.sync.hlc, re-exported here) beats every real clock (year 2286) and fits the
# wire.Clock pattern; never fed to HybridClock.observe.
ERASED_RESOLUTION = "erased"
KEPT_TABLES = frozenset({"journal_acces"})  # ids only: kept by an erasure
# What an erasure op may name (never a structure or a user: its whole world): a dossier, or a repérage entry
# purged after its retention (issue 17); and the roles whose device may push it.
# A partner's contact person erased after its retention (issue 16) is a root too: direction and admin.
ROOT_TABLES = frozenset({"jeune", "entree_reperage", "contact_partenaire"})
ERASER_ROLES = {"jeune": frozenset({"admin"}), "entree_reperage": frozenset({"admin", "direction"}),
                "contact_partenaire": frozenset({"admin", "direction"})}
# Links an erasure does NOT follow: the record pointing through one is a jeune's history (an immersion) or the
# partner's (an exchange) and stays; the link is set to NULL with the terminal clock instead, on every replica
# and on the hub, so that no later value brings the erased person back.
NULLIFIED: dict[str, frozenset[str]] = {"immersion": frozenset({"tuteur_id"}),
                                        "echange_partenaire": frozenset({"contact_id"})}
ANONYME = "ANONYME"
CONTACT_EFFACE = "Contact effacé"
_CODES = frozenset({"themes"})  # unbounded text columns that hold codes, not free text
_KEEP = frozenset({"created_at"})

Key = tuple[str, str]


def is_terminal(clock: str | None) -> bool:
    return clock == TERMINAL_CLOCK


def _models() -> dict:
    from desktop_app.db.models import MODELS_BY_TABLE

    return MODELS_BY_TABLE


_CHILDREN: list[tuple[str, str, str]] | None = None
_FKS: dict[str, dict[str, str]] = {}


def children() -> list[tuple[str, str, str]]:
    """(child table, column, parent table) for every synced foreign key an erasure follows."""
    global _CHILDREN
    if _CHILDREN is None:
        out = []
        for table, model in _models().items():
            if table in KEPT_TABLES or table == "jeune":  # a jeune merged into another is not its record
                continue
            for column in model.__table__.columns:  # type: ignore[attr-defined]
                if column.name in NULLIFIED.get(table, ()):
                    continue
                for fk in column.foreign_keys:
                    out.append((table, column.name, fk.column.table.name))
        _CHILDREN = out
    return _CHILDREN


def nullified_links() -> list[tuple[str, str, str]]:
    """(child table, column, parent table) of the links an erasure sets to NULL instead of following."""
    models = _models()
    return [(table, column, fk.column.table.name) for table, columns in NULLIFIED.items() for column in columns
            for fk in models[table].__table__.c[column].foreign_keys]  # type: ignore[attr-defined]


def nullified_columns(table: str) -> frozenset[str]:
    return NULLIFIED.get(table, frozenset())


def models_link(table: str, column: str) -> str:
    """The parent table of a nullified link."""
    return next(p for c, col, p in nullified_links() if c == table and col == column)


def links(table: str) -> dict[str, str]:
    """{column: parent table}: the foreign keys of ``table`` an erasure follows (a record pointing through
    one at an erased record is erased with it; a jeune's own links — merged into, referent — are not)."""
    if table not in _FKS:
        _FKS[table] = {column: parent for child, column, parent in children() if child == table}
    return _FKS[table]


def closure(roots: Iterable[Key], find: Callable[[str, str, set[str]], set[str]]) -> set[Key]:
    """The roots and every record hanging from them, transitively; ``find(child table, column, parent ids)``
    gives the ids of the child table whose column points at one of the parent ids."""
    found: dict[str, set[str]] = defaultdict(set)
    frontier: dict[str, set[str]] = defaultdict(set)
    for table, row_id in roots:
        if table not in KEPT_TABLES:
            found[table].add(row_id)
            frontier[table].add(row_id)
    while frontier:
        nxt: dict[str, set[str]] = defaultdict(set)
        for child, column, parent in children():
            parent_ids = frontier.get(parent)
            if not parent_ids:
                continue
            ids = list(parent_ids)
            for start in range(0, len(ids), 500):
                for row_id in find(child, column, set(ids[start:start + 500])) - found[child]:
                    found[child].add(row_id)
                    nxt[child].add(row_id)
        frontier = nxt
    return {(t, i) for t, ids in found.items() for i in ids}


def _free_text(column) -> bool:
    return (isinstance(column.type, (String, AutoString)) and getattr(column.type, "length", 0) is None
            and column.name not in _CODES)


def _scalar_default(column):
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return True, default.arg
    return False, None


def erased_form(table: str, values: dict) -> dict:
    """The one erased form of a record, from its values (wire or Python: only kept or constant values come
    out): links and creation date kept, free text and nullable fields emptied, other fields to their default,
    the jeune's identity as ``rgpd.effacer`` writes it, ``deleted`` True. ``erased_form`` of an erased form is
    itself."""
    model = _models()[table]
    out = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        name = column.name
        if name in ("id", "hlc", "field_clocks", "updated_at"):
            continue
        value = values.get(name)
        if name == "deleted":
            value = True
        elif column.foreign_keys or name in _KEEP:
            pass
        elif table == "jeune" and name == "nom_naissance":
            value = ANONYME
        elif table == "jeune" and name == "prenoms":
            value = "—"
        elif table == "jeune" and name == "statut":
            value = "archive"
        elif table == "contact_partenaire" and name == "nom":
            value = CONTACT_EFFACE
        elif _free_text(column):
            value = None if column.nullable else "—"
        elif column.nullable:
            value = None
        else:
            has, default = _scalar_default(column)
            if has:
                value = default
        out[name] = value
    return out


# --- device side --------------------------------------------------------------------------------


def local_closure(conn, roots: Iterable[Key]) -> set[Key]:
    models = _models()

    def find(child: str, column: str, parent_ids: set[str]) -> set[str]:
        t = models[child].__table__  # type: ignore[attr-defined]
        return {r[0] for r in conn.execute(select(t.c.id).where(t.c[column].in_(parent_ids)))}

    return closure(roots, find)


def purge(conn, roots: Iterable[Key], *, first: Callable | None = None, requeue: bool = True,
          hlc: str | None = None) -> set[Key]:
    """Erase on this replica (inside the caller's transaction) the roots and everything hanging from them:
    rows to their erased form with the terminal clock, their outbox entries, conflicts, refused pulled
    changes, quarantined ops and drafts. Returns the records erased.

    Records created here that the hub never received (their creation still in the outbox, or quarantined)
    get one new outbox entry, after what ``first(conn)`` writes (the erasure op itself): the hub drops it and
    registers their ids, and this replica then deletes them (:func:`forget`) — the same everywhere."""
    from desktop_app.db.models import Outbox, ProfileMeta, SyncConflict, SyncQuarantine, SyncReceivedRefused
    from desktop_app.domain.ids import utcnow

    models = _models()
    keys = {k for k in local_closure(conn, [k for k in roots if k[0] in models]) if k[0] in models}
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, row_id in keys:
        by_table[table].append(row_id)
    now = utcnow()
    outbox, conflicts = Outbox.__table__, SyncConflict.__table__  # type: ignore[attr-defined]
    quarantine, refused = SyncQuarantine.__table__, SyncReceivedRefused.__table__  # type: ignore[attr-defined]
    highest = conn.execute(select(func.max(outbox.c.counter))).scalar() or 0
    unpushed = _unpushed(conn, by_table, outbox, quarantine) if requeue else []
    for table, ids in by_table.items():
        model = models[table]
        t = model.__table__  # type: ignore[attr-defined]
        names = model.synced_fields()
        terminal = dict.fromkeys(names, TERMINAL_CLOCK)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for row in conn.execute(select(t).where(t.c.id.in_(chunk))):
                m = row._mapping
                form = erased_form(table, dict(m))
                values = {n: v for n, v in form.items() if m[n] != v}
                if values or (m["field_clocks"] or {}) != terminal:
                    conn.execute(update(t).where(t.c.id == m["id"]).values(**values, field_clocks=terminal,
                                                                          updated_at=now))
            # The newest outbox entry stays (emptied): SQLite must never hand out its counter again.
            mine = (outbox.c.table_name == table) & outbox.c.row_id.in_(chunk)
            conn.execute(delete(outbox).where(mine, outbox.c.counter < highest))
            conn.execute(update(outbox).where(mine, outbox.c.counter == highest).values(fields=[]))
            conn.execute(update(conflicts).where(conflicts.c.table_name == table, conflicts.c.row_id.in_(chunk))
                         .values(kept_value=None, lost_value=None, resolution=ERASED_RESOLUTION,
                                 resolution_clock=TERMINAL_CLOCK))
            conn.execute(delete(quarantine).where(quarantine.c.table_name == table,
                                                  quarantine.c.row_id.in_(chunk)))
            conn.execute(delete(refused).where(refused.c.table_name == table, refused.c.row_id.in_(chunk)))
    _purge_drafts(conn, ProfileMeta.__table__, {i for _t, i in keys})  # type: ignore[attr-defined]
    _nullify(conn, by_table, now)
    if first is not None:
        first(conn)
    if unpushed:
        from desktop_app.sync.capture import ALL_FIELDS

        # a real clock (a profile reopens from its newest outbox entry's): values and clocks go from the row
        hlc = hlc or _newest_clock(conn, outbox)
        conn.execute(outbox.insert(), [{"table_name": t, "row_id": i, "fields": [ALL_FIELDS], "hlc": hlc,
                                        "created_at": now} for t, i in sorted(unpushed)])
    return keys


def _nullify(conn, by_table: dict[str, list[str]], now) -> None:
    """The records that keep their place when what they point at is erased (:data:`NULLIFIED`): the link set
    to NULL with the terminal clock (the hub writes the same)."""
    models = _models()
    for child, column, parent in nullified_links():
        parent_ids = by_table.get(parent)
        if not parent_ids:
            continue
        t = models[child].__table__  # type: ignore[attr-defined]
        for start in range(0, len(parent_ids), 500):
            for row in conn.execute(select(t.c.id, t.c.field_clocks).where(
                    t.c[column].in_(parent_ids[start:start + 500]))):
                clocks = {**(row.field_clocks or {}), column: TERMINAL_CLOCK}
                conn.execute(update(t).where(t.c.id == row.id).values(**{column: None}, field_clocks=clocks,
                                                                     updated_at=now))


def _newest_clock(conn, outbox) -> str:
    from desktop_app.db.meta import CLOCK_KEY, get_meta  # here: the hub imports this module, not the profile's meta

    saved = get_meta(conn, CLOCK_KEY)
    newest = conn.execute(select(func.max(outbox.c.hlc)).where(outbox.c.hlc != TERMINAL_CLOCK)).scalar()
    return max(filter(None, (saved, newest)), default="0000000000000.0000.local")


def _unpushed(conn, by_table: dict[str, list[str]], outbox, quarantine) -> list[Key]:
    """The records among these whose creation the hub has not received."""
    from desktop_app.db.meta import get_meta

    acked = get_meta(conn, "sync_acked")
    acked = int(acked or 0)
    out: set[Key] = set()
    for table, ids in by_table.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in conn.execute(select(outbox.c.row_id, outbox.c.fields).where(
                    outbox.c.table_name == table, outbox.c.row_id.in_(chunk), outbox.c.counter > acked)):
                if "*" in (r.fields or ()):
                    out.add((table, r.row_id))
            for r in conn.execute(select(quarantine.c.row_id, quarantine.c.fields).where(
                    quarantine.c.table_name == table, quarantine.c.row_id.in_(chunk))):
                if "*" in (r.fields or ()):
                    out.add((table, r.row_id))
    return sorted(out)


def forget(conn, roots: Iterable[Key]) -> set[Key]:
    """Records the hub never held and registered as erased (created here, linked to an erased record),
    with everything hanging from them (created here too, so unknown to the hub as well): purged, then
    deleted from this replica — the hub keeps their ids only, and every replica ends up identical."""
    models = _models()
    keys = purge(conn, roots, requeue=False)
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, row_id in keys:
        by_table[table].append(row_id)
    for table, ids in by_table.items():
        t = models[table].__table__  # type: ignore[attr-defined]
        for start in range(0, len(ids), 500):
            conn.execute(delete(t).where(t.c.id.in_(ids[start:start + 500])))
    return keys


def _purge_drafts(conn, meta, ids: set[str]) -> None:
    """Drafts of forms about an erased record (``brouillon:<formulaire>:<id>``, services.brouillons)."""
    if not ids:
        return
    stale = [k for (k,) in conn.execute(select(meta.c.key).where(meta.c.key.like("brouillon:%")))
             if k.rsplit(":", 1)[-1] in ids]
    for start in range(0, len(stale), 500):
        conn.execute(delete(meta).where(meta.c.key.in_(stale[start:start + 500])))


def erased_in(changes) -> set[Key]:
    """The records a pulled page brings in their erased form (``deleted`` set by the terminal clock)."""
    return {(c.table, c.row_id) for c in changes
            if c.clocks.get("deleted") == TERMINAL_CLOCK and c.fields.get("deleted")}


def ignored_french(count: int) -> str:
    if count == 1:
        return "1 modification ignorée : dossier effacé"
    return f"{count} modifications ignorées : dossier effacé"
