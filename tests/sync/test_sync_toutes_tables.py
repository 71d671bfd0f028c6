"""Every synced table, every column type, through a real hub to a fresh device (generated from the registry).

Device A runs the demo generator on a few jeunes; any synced table the demo leaves empty gets a row from a
generic factory driven by column types and foreign keys, and any column left NULL everywhere gets a value
on one row: a table or a column added later is covered without editing this test. A syncs through a hub on
127.0.0.1 (SQLite, then PostgreSQL); a new device B enrols and syncs; both replicas must then hold the same
rows, the same values and the same per-field clocks, table by table.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop_app.db.models import SYNCED_MODELS, Structure
from desktop_app.services.demo import generation as demo
from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import convert
from tests.support.lignes import sample_value as _sample
from tests.support.sync import new_profile, snapshot

TODAY = dt.date(2026, 3, 2)


def _fill_every_table_and_column(profile) -> None:
    """A row in each empty synced table, and a row with every column set in each table where a column is
    NULL on every row (created, not edited: some tables, such as the access log, are append-only)."""
    with profile.session() as s:
        def pick_id(table_name):
            model = next(m for m in SYNCED_MODELS if m.__tablename__ == table_name)
            return s.scalars(select(model.id).order_by(model.id).limit(1)).first()

        def full_row(model):
            values = {c.name: _sample(c, profile, pick_id) for c in model.__table__.columns
                      if c.name in model.synced_fields() and c.name not in ("created_at", "deleted")}
            s.add(model(**values))
            s.flush()

        for model in SYNCED_MODELS:  # parents first: a factory row finds its parents
            empty = s.scalar(select(func.count()).select_from(model)) == 0
            never_set = [c for c in model.__table__.columns if c.name in model.synced_fields() and c.nullable
                         and s.scalar(select(func.count()).select_from(model).where(c.isnot(None))) == 0]
            if empty or never_set:
                full_row(model)
        s.commit()


def _column_kinds_carried(profile) -> set[str]:
    """The column types that carry a non-null value somewhere on ``profile``."""
    kinds = set()
    with profile.engine.connect() as conn:
        for model in SYNCED_MODELS:
            for c in model.__table__.columns:
                if conn.execute(select(func.count()).select_from(model.__table__).where(c.isnot(None))).scalar():
                    kinds.add(type(convert.kind_of(c)).__name__)
    return kinds


def _by_table(snap: dict) -> dict[str, dict]:
    tables: dict[str, dict] = {m.__tablename__: {} for m in SYNCED_MODELS}
    for (table, row_id), fields in snap.items():
        tables[table][row_id] = fields
    return tables


def test_every_synced_table_reaches_a_new_device_identical(hub, tmp_path):
    sid = hub.structure("Mission Locale Toutes Tables")
    a = new_profile(tmp_path, "alice")
    demo.fill(a, jeunes=6, seed=11, today=TODAY)
    sync_service.enroll(a, hub.url, hub.code(sid, "alice"))
    _fill_every_table_and_column(a)
    every_kind = {type(convert.kind_of(c)).__name__ for m in SYNCED_MODELS for c in m.__table__.columns}
    assert {"Time", "Date", "DateTime", "Boolean", "Integer", "String", "JSON"} <= every_kind
    assert _column_kinds_carried(a) == every_kind  # each column type holds a non-null value somewhere

    first = sync_service.sync_once(a)
    assert first.quarantined == 0, [(q.table_name, q.reason) for q in sync_service.list_quarantine(a)]
    b = new_profile(tmp_path, "bruno")
    sync_service.enroll(b, hub.url, hub.code(sid, "bruno"))
    received = sync_service.sync_once(b)
    assert received.refused == 0 and received.quarantined == 0
    sync_service.sync_once(a)  # B's own account and agence reach A

    snap_a, snap_b = _by_table(snapshot(a)), _by_table(snapshot(b))
    for model in SYNCED_MODELS:
        table = model.__tablename__
        assert snap_a[table], f"table {table} vide sur A"
        assert snap_b[table] == snap_a[table], f"table {table} différente sur B"
    assert sync_service.list_received_refused(b) == []
    with b.session() as s:
        assert s.get(Structure, sid) is not None
