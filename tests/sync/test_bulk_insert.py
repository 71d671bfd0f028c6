"""``bulk_insert`` stores exactly what the ORM stores: same rows, same column values and storage types, same
outbox entries — for every synced model (rows from the generic factory of ``test_sync_toutes_tables``)."""
from __future__ import annotations

from types import SimpleNamespace

from sqlmodel import select

from desktop_app.db.models import SYNCED_MODELS, Outbox, Structure, Utilisateur
from desktop_app.domain.ids import new_id
from desktop_app.services.profil.profile import create_profile
from desktop_app.sync.capture import bulk_insert
from tests.support.lignes import sample_value as _sample

STAMPS = ("hlc", "created_at", "updated_at")  # the clock and the time of the write: their form is compared


def _rows() -> list[tuple[type, dict]]:
    """(model, values) for every synced model, parents first: a full row and a row of required fields only,
    each with a fixed id, every reference pointing at a row made before."""
    made: dict[str, str] = {}
    ids = SimpleNamespace(structure_id=None, user_id=None)
    out = []
    for model in SYNCED_MODELS:
        full_id, minimal_id = new_id(), new_id()
        if model is Structure:
            ids.structure_id = full_id
        if model is Utilisateur:
            ids.user_id = full_id
        columns = [c for c in model.__table__.columns
                   if c.name in model.synced_fields() and c.name not in ("created_at", "deleted", "id")]
        full = {c.name: _sample(c, ids, made.get) for c in columns}  # a self-reference: None
        required = {name for name, info in model.model_fields.items() if info.is_required()}
        minimal = {name: value for name, value in full.items() if name in required}
        out += [(model, {"id": full_id, **full}), (model, {"id": minimal_id, **minimal})]
        made[model.__tablename__] = full_id
    return out


def _write(profile, rows, *, bulk: bool) -> None:
    with profile.session() as s:
        for model, values in rows:
            if bulk:
                bulk_insert(s, model, [values])
            else:
                s.add(model(**values))
                s.flush()
        s.commit()


def _stored(profile, rows) -> dict:
    """{(table, id): {column: (storage type, value)}} as SQLite holds them, and the outbox entries."""
    out = {}
    with profile.engine.connect() as conn:
        for model, values in rows:
            table = model.__tablename__
            names = [c.name for c in model.__table__.columns]
            select_list = ", ".join(f'typeof("{n}"), "{n}"' for n in names)
            row = conn.exec_driver_sql(f'SELECT {select_list} FROM "{table}" WHERE id = ?', (values["id"],)).one()
            # a value drawn at the write (a time, an id from a default factory): its form only
            drawn = set(STAMPS) | {n for n, info in model.model_fields.items()
                                   if info.default_factory is not None and n not in values}
            stored = {}
            for i, name in enumerate(names):
                kind, value = row[2 * i], row[2 * i + 1]
                stored[name] = (kind, len(str(value)) if name in drawn and value is not None else value)
            out[(table, values["id"])] = stored
    with profile.session() as s:
        hlcs = {}
        for model, values in rows:
            hlcs[(model.__tablename__, values["id"])] = s.get(model, values["id"]).hlc
        entries = {(o.table_name, o.row_id): o for o in s.exec(select(Outbox))}
        for key, hlc in hlcs.items():
            entry = entries[key]
            out[key]["outbox"] = (entry.fields, entry.hlc == hlc, type(entry.created_at).__name__)
    return out


def test_bulk_insert_stores_what_the_orm_stores(tmp_path):
    rows = _rows()
    by_orm = create_profile(tmp_path / "orm", structure_nom="ML Orm", user_nom="Martin")
    by_bulk = create_profile(tmp_path / "bulk", structure_nom="ML Bulk", user_nom="Martin")
    try:
        _write(by_orm, rows, bulk=False)
        _write(by_bulk, rows, bulk=True)
        orm, bulk = _stored(by_orm, rows), _stored(by_bulk, rows)
    finally:
        by_orm.close()
        by_bulk.close()
    assert {m.__tablename__ for m, _v in rows} == {m.__tablename__ for m in SYNCED_MODELS}
    for key in orm:
        assert bulk[key] == orm[key], key
