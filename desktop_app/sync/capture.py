"""Outbox capture: every change to a synced row writes its outbox entry in the same transaction.

Installed on :class:`ReplicaSession` at import time. A flush stamps new rows with a clock, records the
clock of each changed field, and adds one :class:`Outbox` row per changed record per transaction; a
rollback discards both together, so the outbox holds an entry exactly when the change committed.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import json

from sqlalchemy import event, func, inspect, literal, text
from sqlalchemy.sql import sqltypes
from sqlalchemy.orm import Session

from desktop_app.db.models import Outbox, SyncedModel
from desktop_app.db.models.base import SYNC_BOOKKEEPING
from desktop_app.db.session import ReplicaSession, note_committed
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import new_id, utcnow
from desktop_app.sync.hlc import TERMINAL_CLOCK

ALL_FIELDS = "*"
_PATCHED = "clocks_patched"  # session.info key: objects whose field_clocks the last flush merged in SQL
_PENDING = "outbox_pending"  # session.info key: {(table, row id): Outbox} written in this transaction
_WRITTEN = "tables_written"  # session.info key: names of the tables this transaction wrote (for the journal)
_UNREPORTED = frozenset({Outbox.__tablename__})  # bookkeeping no screen shows


class HardDeleteError(RuntimeError):
    """Synced rows are never physically deleted: set ``deleted = True`` (a tombstone) instead."""


def _clock(session: Session):
    clock = session.info.get("clock")
    if clock is None:
        raise RuntimeError("ReplicaSession without a clock: open sessions through the profile")
    return clock


def _record(session: Session, obj: SyncedModel, fields: list[str], hlc: str) -> None:
    pending: dict[tuple[str, str], Outbox] = session.info.setdefault(_PENDING, {})
    key = (obj.__tablename__, obj.id)
    entry = pending.get(key)
    if entry is None:
        entry = Outbox(table_name=key[0], row_id=key[1], fields=fields, hlc=hlc)
        pending[key] = entry
        session.add(entry)
    elif ALL_FIELDS not in entry.fields:
        entry.fields = sorted(set(entry.fields) | set(fields))
        entry.hlc = hlc


def _changed_fields(obj: SyncedModel) -> list[str]:
    state = inspect(obj)
    return [
        attr.key
        for attr in state.attrs
        if attr.key not in SYNC_BOOKKEEPING and attr.history.has_changes()
    ]


def note_written(session: Session, tables: Iterable[str]) -> None:
    """Remember which tables this transaction writes; the journal hears of them once it commits. The capture
    calls it for every ORM write; a service writing through Core on the session's connection (the erasure's
    purge) names its tables itself."""
    session.info.setdefault(_WRITTEN, set()).update(t for t in tables if t not in _UNREPORTED)


def _tables_of(objects: Iterable[Any]) -> set[str]:
    names = set()
    for obj in objects:
        table = getattr(type(obj), "__tablename__", None)
        if isinstance(table, str):
            names.add(table)
    return names


def _refuse_if_erased(obj: SyncedModel) -> None:
    """An RGPD erasure is terminal: a record in its erased form (every field at the erasure's clock) is never
    changed again here — restoring or editing it would put content back that the hub drops, and that this
    laptop might never be told to remove."""
    clocks = inspect(obj).committed_state.get("field_clocks", obj.field_clocks)
    if isinstance(clocks, dict) and clocks.get("deleted") == TERMINAL_CLOCK:
        raise UserError("Ce dossier a été effacé (droit à l'effacement RGPD) : il ne peut plus être modifié "
                        "ni restauré.")


@event.listens_for(ReplicaSession, "before_flush")
def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    # Every table of the flush, synced or local (drafts in profile_meta, conflicts…), and pulled changes too.
    note_written(session, _tables_of([*session.new, *session.dirty, *session.deleted]))
    if session.info.get("applying_remote"):
        return
    if any(isinstance(o, SyncedModel) for o in session.deleted) and not session.info.get("erasing"):
        raise HardDeleteError("Suppression physique interdite : marquez l'enregistrement comme supprimé.")
    clock = None
    now = utcnow()
    for obj in list(session.new):
        if not isinstance(obj, SyncedModel):
            continue
        clock = clock or _clock(session)
        hlc = clock.now()
        obj.hlc = hlc
        obj.field_clocks = {}
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        _record(session, obj, [ALL_FIELDS], hlc)
    for obj in list(session.dirty):
        if not isinstance(obj, SyncedModel) or obj in session.new:
            continue
        changed = _changed_fields(obj)
        if not changed:
            continue
        _refuse_if_erased(obj)
        clock = clock or _clock(session)
        hlc = clock.now()
        # Merged into the stored clocks by the UPDATE itself (json_patch), not from the copy this session
        # loaded: a sync round that wrote other fields' clocks meanwhile keeps them.
        column = type(obj).__table__.c.field_clocks  # type: ignore[attr-defined]
        obj.field_clocks = func.json_patch(func.coalesce(column, "{}"),
                                           literal(json.dumps(dict.fromkeys(changed, hlc))))
        obj.updated_at = now
        session.info.setdefault(_PATCHED, []).append(obj)
        _record(session, obj, changed, hlc)
    # The clock is not saved here (one page less per transaction): the newest outbox row carries it, and
    # opening a profile starts from that row or the saved ``hlc_last`` (sync rounds, bulk inserts, close).


@event.listens_for(ReplicaSession, "after_flush_postexec")
def _reload_patched_clocks(session: Session, _ctx: Any) -> None:
    """Read back the merged clocks, so that objects used after their session closed still have them."""
    for obj in session.info.pop(_PATCHED, ()):
        if obj in session and not inspect(obj).deleted:
            session.refresh(obj, ["field_clocks"])


def _save_clock(session: Session, last: str) -> None:
    session.execute(
        text("INSERT INTO profile_meta(key, value) VALUES ('hlc_last', :v) "
             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
        {"v": last},
    )


@event.listens_for(ReplicaSession, "do_orm_execute")
def _note_orm_statement(state: Any) -> None:
    """ORM-enabled INSERT/UPDATE/DELETE statements (``session.execute(update(Model)…)``) write their table."""
    if state.is_insert or state.is_update or state.is_delete:
        mapper = state.bind_mapper
        if mapper is not None and mapper.local_table is not None:
            note_written(state.session, [mapper.local_table.name])


@event.listens_for(ReplicaSession, "after_commit")
def _report_written(session: Session) -> None:
    """The transaction committed: the open write journal (a screen's operation) learns its tables."""
    session.info.pop(_PENDING, None)
    written = session.info.pop(_WRITTEN, None)
    if written:
        note_committed(written)


@event.listens_for(ReplicaSession, "after_soft_rollback")
def _forget_pending(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)
    if not session.in_transaction():  # the outermost transaction rolled back: it wrote nothing
        session.info.pop(_WRITTEN, None)


def _column_defaults(model: type[SyncedModel]) -> dict[str, Any]:
    """Python-side defaults of the model's fields, so that Core inserts store what the ORM would."""
    defaults: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in SYNC_BOOKKEEPING or name in ("created_at", "deleted"):
            continue
        if info.default_factory is not None:
            defaults[name] = info.default_factory()
        elif not info.is_required():
            defaults[name] = info.default
    return defaults


# The bookkeeping columns every bulk-inserted row gets, first in the INSERT, in this order.
_BOOKKEEPING_INSERT = ("id", "hlc", "created_at", "updated_at", "deleted", "field_clocks")
_OUTBOX_INSERT = ("table_name", "row_id", "fields", "hlc", "created_at")
_MISSING = object()


class _InsertPlan:
    """A table's positional INSERT and the bind conversions the ORM would apply to each column (dates,
    booleans, JSON…), worked out once per table and dialect."""

    def __init__(self, table: Any, dialect: Any, columns: tuple[str, ...] | None = None) -> None:
        quote = dialect.identifier_preparer.quote
        by_name = {c.name: c for c in table.columns}
        if columns is None:  # a synced table: bookkeeping first, then the data columns
            columns = _BOOKKEEPING_INSERT + tuple(c for c in by_name if c not in _BOOKKEEPING_INSERT)
        self.columns = columns
        self.data_columns = columns[len(_BOOKKEEPING_INSERT):]
        self.known = frozenset(by_name)
        self.sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})")
        self.processors = {c: by_name[c].type._cached_bind_processor(dialect) for c in columns}
        # Immutable values (dates, times, booleans) are converted once per distinct value and call.
        self.memoizable = {c for c in columns
                           if isinstance(by_name[c].type, (sqltypes.Date, sqltypes.Time, sqltypes.Boolean))}

    def bind(self, column: str, value: Any) -> Any:
        proc = self.processors.get(column)
        return proc(value) if proc is not None and value is not None else value


_PLANS: dict[tuple[str, str], _InsertPlan] = {}


def _plan(table: Any, dialect: Any, columns: tuple[str, ...] | None = None) -> _InsertPlan:
    plan = _PLANS.get((dialect.name, table.name))
    if plan is None:
        plan = _PLANS[(dialect.name, table.name)] = _InsertPlan(table, dialect, columns)
    return plan


def _binder(proc: Any, memo: bool) -> Any:
    if not memo:
        return proc
    cache: dict[Any, Any] = {}

    def bind(value: Any) -> Any:
        bound = cache.get(value, _MISSING)
        if bound is _MISSING:
            bound = cache[value] = proc(value)
        return bound

    return bind


def bulk_insert(session: Session, model: type[SyncedModel], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert many new rows of ``model`` with their outbox entries, one executemany each (for demo data and
    imports of thousands of rows). Same guarantees as the ORM path: same transaction, same metadata, the
    same stored values (each column goes through the bind conversion the ORM applies to it)."""
    clock = _clock(session)
    conn = session.connection()
    table = model.__table__  # type: ignore[attr-defined]
    plan = _plan(table, conn.dialect)
    out_plan = _plan(Outbox.__table__, conn.dialect, _OUTBOX_INSERT)  # type: ignore[attr-defined]
    now = utcnow()
    now_bound, clocks_bound = plan.bind("updated_at", now), plan.bind("field_clocks", {})
    bind_created, bind_deleted = plan.processors["created_at"], plan.processors["deleted"]
    deleted_false = bind_deleted(False)
    defaults = _column_defaults(model)
    recipe = [(c, defaults.get(c)) for c in plan.data_columns]
    converters = [(i, _binder(plan.processors[c], c in plan.memoizable))
                  for i, c in enumerate(plan.data_columns) if plan.processors[c] is not None]
    tablename = model.__tablename__
    out_fields, out_created = out_plan.bind("fields", [ALL_FIELDS]), out_plan.bind("created_at", now)
    records: list[tuple[Any, ...]] = []
    outbox: list[tuple[Any, ...]] = []
    checked = False
    for row in rows:
        if not checked:
            unknown = set(row) - plan.known
            if unknown:
                raise ValueError(f"{tablename} : colonnes inconnues {sorted(unknown)}")
            checked = True
        values = [row.get(c, d) for c, d in recipe]
        for i, convert in converters:
            value = values[i]
            if value is not None:
                values[i] = convert(value)
        hlc = clock.now()
        row_id = row.get("id") or new_id()
        created, deleted = row.get("created_at"), row.get("deleted")
        records.append((row_id, hlc, bind_created(created) if created else now_bound, now_bound,
                        deleted_false if deleted is None else bind_deleted(deleted), clocks_bound, *values))
        outbox.append((tablename, row_id, out_fields, hlc, out_created))
    if records:
        conn.exec_driver_sql(plan.sql, records)
        conn.exec_driver_sql(out_plan.sql, outbox)
        _save_clock(session, clock.last)
        note_written(session, [tablename])
    return len(records)
