"""A staff device's pull page is made by the database (hub.page): it must say exactly what the former per-record
Python page said — every cursor and scan base, fields picked after the base, JSON types kept (booleans, null,
numbers, accents, quotes), conflicts, pages cut by the limit — on SQLite (with and without the ``->`` operator)
and on PostgreSQL; and a pull with nothing new costs one query."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import event, select

from desktop_app.domain.ids import new_id
from desktop_app.sync import wire
from desktop_app.sync.hlc import HybridClock
from hub import auth, page, store
from hub.db import make_engine
from hub.models import HubConflict, HubRecord, HubStructure
from tests.support.sync import hub_database_url

NOW = "2026-01-01T00:00:00+00:00"
R, S, K = (m.__table__ for m in (HubRecord, HubStructure, HubConflict))


@pytest.fixture(params=["sqlite", "sqlite-sans-fleche", "postgresql"])
def engine(request, tmp_path, monkeypatch):
    if request.param == "sqlite-sans-fleche":
        monkeypatch.setattr(page, "SQLITE_ARROW", False)
    with hub_database_url(request.param.split("-")[0], tmp_path) as url:
        made = make_engine(url)
        yield made
        made.dispose()


class Poste:
    def __init__(self, engine, sid: str) -> None:
        device_id = new_id()
        auth.enroll(engine, auth.create_code(engine, sid, f"Poste {device_id[-4:]}", "admin"), device_id)
        self.engine, self.info = engine, next(d for d in auth.list_devices(engine, sid) if d.id == device_id)
        self.clock, self.counter = HybridClock(device_id), 0

    def push(self, *changes: tuple[str, str, dict], seen: int = 0) -> wire.PushResponse:
        ops = []
        for table, row_id, fields in changes:
            self.counter += 1
            ops.append(wire.Op(device=self.info.id, counter=self.counter, table=table, row_id=row_id,
                               fields=fields, clocks=dict.fromkeys(fields, self.clock.now())))
        answer = store.push(self.engine, self.info, wire.PushRequest(protocol=1, schema_version=1, seen=seen,
                                                                     ops=ops))
        assert answer.applied == len(ops) and not answer.rejected, answer
        return answer


def _reference(engine, structure_id: str, since: int, limit: int, base: int | None) -> dict:
    """The page as the hub made it before hub.page, record by record in Python."""
    base = since if base is None else min(base, since)
    with engine.connect() as conn:
        top = conn.execute(select(S.c.seq).where(S.c.id == structure_id)).scalar_one()
        rows = conn.execute(select(R.c.table_name, R.c.row_id, R.c.seq, R.c["values"], R.c.clocks, R.c.seqs)
                            .where(R.c.structure_id == structure_id, R.c.seq > since, R.c.seq <= top)
                            .order_by(R.c.seq).limit(limit)).all()
        more = len(rows) == limit
        upto = rows[-1].seq if more else top
        changes = []
        for table_name, row_id, seq, values, clocks, seqs in rows:
            names = [n for n, s in seqs.items() if s > base] if base else list(values)
            changes.append({"seq": seq, "table": table_name, "row_id": row_id,
                            "fields": {n: values.get(n) for n in names}, "clocks": {n: clocks[n] for n in names}})
        conflicts = [
            {"id": c.id, "seq": c.seq, "table": c.table_name, "row_id": c.row_id, "field": c.field,
             "kept_value": c.kept_value, "kept_clock": c.kept_clock, "lost_value": c.lost_value,
             "lost_clock": c.lost_clock, "resolution": c.resolution, "resolution_clock": c.resolution_clock}
            for c in conn.execute(select(K).where(K.c.structure_id == structure_id, K.c.seq > since,
                                                  K.c.seq <= upto).order_by(K.c.seq))]
    return {"changes": changes, "conflicts": conflicts, "next": max(upto, since), "more": more}


def _jeune(sid: str, nom: str, **more) -> dict:
    return {"created_at": NOW, "structure_id": sid, "nom_naissance": nom, "prenoms": "Léa « l'aînée »", **more}


def test_the_page_says_what_the_python_page_said(engine):
    sid, other = auth.add_structure(engine, "ML Pages"), auth.add_structure(engine, "ML Voisine")
    a, b, voisin = Poste(engine, sid), Poste(engine, sid), Poste(engine, other)
    j1, j2, j3 = new_id(), new_id(), new_id()
    a.push(("jeune", j1, _jeune(sid, "Martin", rqth=True, zrr=False, nombre_enfants=0, nom_usage=None,
                                 commune='Saint-Étienne "centre"')),
           ("jeune", j2, _jeune(sid, "Durand")),
           ("actualite", new_id(), {"created_at": NOW, "date": "2026-01-02", "jeune_id": j1,
                                     "type": "entretien_individuel", "duree_minutes": 30}))
    ailleurs = new_id()
    voisin.push(("jeune", ailleurs, _jeune(other, "Ailleurs")))
    middle = store.structure_counter(engine, sid)
    # edits after ``middle``: some fields of old records only, a boolean set to false, a value set to null
    a.push(("jeune", j1, {"rqth": False, "nom_usage": "Épouse Leroy"}), ("jeune", j2, {"telephone": None}),
           ("jeune", j3, _jeune(sid, "Petit")))
    b.push(("jeune", j1, {"nom_usage": "Autre"}), seen=0)  # same field, concurrently: a conflict
    top = store.structure_counter(engine, sid)
    with engine.connect() as conn:
        assert conn.execute(select(K.c.id).where(K.c.structure_id == sid)).first() is not None

    seen_fields = set()
    for since in range(0, top + 1):
        for base in {None, 0, middle, since}:
            for limit in (1, 2, 1000):
                got = json.loads(store.pull_page_json(engine, a.info, since, limit, base))
                assert got == _reference(engine, sid, since, limit, base), (since, base, limit)
                for change in got["changes"]:
                    seen_fields.update(change["fields"])
    assert {"rqth", "zrr", "nom_usage", "telephone", "commune"} <= seen_fields  # the test saw every kind
    picked = json.loads(store.pull_page_json(engine, a.info, middle, 1000, middle))["changes"]
    edited = next(c for c in picked if c["row_id"] == j1)
    assert set(edited["fields"]) == {"rqth", "nom_usage"} and edited["fields"]["rqth"] is False
    assert next(c for c in picked if c["row_id"] == j2)["fields"] == {"telephone": None}
    whole = json.loads(store.pull_page_json(engine, a.info, 0, 1000, 0))
    assert ailleurs not in {c["row_id"] for c in whole["changes"]}  # another structure's record
    first = next(c for c in whole["changes"] if c["row_id"] == j1)["fields"]
    assert first["commune"] == 'Saint-Étienne "centre"' and first["zrr"] is False and first["nombre_enfants"] == 0
    assert len(whole["conflicts"]) == 1 and whole["conflicts"][0]["row_id"] == j1
    assert wire.PullPage.model_validate_json(store.pull_page_json(engine, a.info, 0, 2, 0)).more is True


def test_a_pull_with_nothing_new_is_one_query(engine):
    sid = auth.add_structure(engine, "ML Vide")
    a = Poste(engine, sid)
    a.push(("jeune", new_id(), _jeune(sid, "Martin")))
    top = store.structure_counter(engine, sid)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        got = json.loads(store.pull_page_json(engine, a.info, top, 1000, top))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert got == {"changes": [], "conflicts": [], "next": top, "more": False}
    assert len(statements) == 1, statements
