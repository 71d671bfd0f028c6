"""A push is read and written by batch (hub.lot): one batch mixing creations, two updates of one record, an op
about an erased dossier, a creation linked to it and poison gives what the op-by-op merge gave — and on
PostgreSQL, where a push reads before it takes its structure's counter, what another push committed in
between is not overwritten nor lost."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.domain.ids import new_id
from desktop_app.sync import effacement as erasure_rules
from desktop_app.sync import wire
from desktop_app.sync.hlc import HybridClock
from hub import auth, lot, store
from hub.db import make_engine
from hub.errors import HubError
from hub.models import HubConflict, HubErased, HubRecord
from tests.support.sync import hub_database_url

NOW = "2026-01-01T00:00:00+00:00"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    with hub_database_url(request.param, tmp_path) as url:
        made = make_engine(url)
        yield made
        made.dispose()


class Poste:
    """An enrolled device that numbers its ops and stamps them with its own hybrid clock."""

    def __init__(self, engine, sid: str, role: str = "admin") -> None:
        device_id = new_id()
        auth.enroll(engine, auth.create_code(engine, sid, f"Poste {device_id[-4:]}", role), device_id)
        self.engine, self.info = engine, next(d for d in auth.list_devices(engine, sid) if d.id == device_id)
        self.clock, self.counter = HybridClock(device_id), 0

    def op(self, table: str, row_id: str, fields: dict | None = None, **named) -> wire.Op:
        fields = {**(fields or {}), **named}
        self.counter += 1
        hlc = self.clock.now()
        return wire.Op(device=self.info.id, counter=self.counter, table=table, row_id=row_id, fields=fields,
                       clocks=dict.fromkeys(fields, hlc))

    def jeune(self, row_id: str, nom: str) -> wire.Op:
        return self.op("jeune", row_id, created_at=NOW, nom_naissance=nom, prenoms="Test",
                       structure_id=self.info.structure_id)

    def actualite(self, row_id: str, jeune_id: str) -> wire.Op:
        return self.op("actualite", row_id, created_at=NOW, date="2026-01-02", jeune_id=jeune_id,
                       type="entretien_individuel")

    def erase(self, jeune_id: str) -> wire.Op:
        return self.op(wire.ERASURE_TABLE, jeune_id, {erasure_rules.ERASURE_FIELD: "jeune"})

    def push(self, *ops: wire.Op, seen: int = 0) -> wire.PushResponse:
        return store.push(self.engine, self.info, wire.PushRequest(protocol=1, schema_version=1, seen=seen,
                                                                   ops=list(ops)))


def _record(engine, table: str, row_id: str):
    with engine.connect() as conn:
        return conn.execute(select(HubRecord).where(HubRecord.table_name == table,
                                                    HubRecord.row_id == row_id)).first()


def test_a_mixed_batch_gives_what_the_op_by_op_merge_gave(engine):
    sid = auth.add_structure(engine, "ML Lots")
    poste = Poste(engine, sid)
    a, erased, b = new_id(), new_id(), new_id()
    first = poste.push(poste.jeune(a, "Avant"), poste.jeune(erased, "Effacé"), poste.erase(erased))
    assert first.applied == 3 and not first.rejected
    before = store.structure_counter(engine, sid)

    ops = [poste.jeune(b, "Nouveau"),                                  # creation
           poste.op("jeune", a, nom_usage="Premier"),                  # one record updated twice:
           poste.op("jeune", a, nom_usage="Second"),                   # the later op wins
           poste.actualite(new_id(), b),                               # points at a record of this batch
           poste.op("jeune", erased, nom_usage="Revenant"),            # about an erased dossier
           poste.actualite(new_id(), erased),                          # a creation linked to it
           poste.op("jeune", new_id(), created_at=NOW, nom_naissance="Poison", prenoms="X",
                    structure_id=sid, date_naissance="31/02/2001"),    # poison
           poste.actualite(new_id(), new_id())]                        # points at nothing the hub holds
    answer = poste.push(*ops)

    counters = [op.counter for op in ops]
    assert answer.applied == 4 and answer.duplicates == 0
    assert {r.counter: r.code for r in answer.rejected} == {counters[6]: "valeur_invalide",
                                                            counters[7]: "reference_inconnue"}
    assert [(d.counter, d.known) for d in answer.dropped] == [(counters[4], True), (counters[5], False)]
    assert answer.acknowledged == counters[-1]
    stored = _record(engine, "jeune", a)
    assert stored.values["nom_usage"] == "Second" and stored.values["nom_naissance"] == "Avant"
    assert stored.clocks["nom_usage"] == ops[2].clocks["nom_usage"]
    assert _record(engine, "jeune", b).values["nom_naissance"] == "Nouveau"
    assert _record(engine, "jeune", erased).values.get("nom_usage") != "Revenant"
    assert _record(engine, "actualite", ops[5].row_id) is None and _record(engine, "jeune", ops[6].row_id) is None
    with engine.connect() as conn:  # the linked creation is registered as erased, never stored
        assert conn.execute(select(HubErased.row_id).where(HubErased.row_id == ops[5].row_id)).first() is not None
    # every applied field change has its own sequence, after the counter the push found, and the pull
    # serves them in order
    page = store.pull(engine, poste.info, before, 100)
    assert sorted(c.row_id for c in page.changes) == sorted([a, b, ops[3].row_id])
    assert [c.seq for c in page.changes] == sorted(c.seq for c in page.changes)
    assert store.structure_counter(engine, sid) == before + 4  # b, a twice (one sequence per op), the actualité
    with pytest.raises(HubError) as replayed:  # replayed: refused as already received, nothing changes
        poste.push(*ops)
    assert replayed.value.code == "deja_recu" and store.structure_counter(engine, sid) == before + 4


@pytest.fixture
def pg_engine(tmp_path):
    with hub_database_url("postgresql", tmp_path) as url:  # where a push reads before it locks
        made = make_engine(url)
        yield made
        made.dispose()


def test_what_commits_between_the_reads_and_the_lock_is_neither_lost_nor_overwritten(pg_engine, monkeypatch):
    engine = pg_engine
    sid = auth.add_structure(engine, "ML Course")
    x, y = Poste(engine, sid, "conseiller"), Poste(engine, sid)
    a, erased = new_id(), new_id()
    assert y.push(y.jeune(a, "Début"), y.jeune(erased, "Bientôt effacé")).applied == 2
    seen = store.structure_counter(engine, sid)
    late_x = x.op("jeune", a, nom_usage="Ancien")  # made first, pushed after y's newer edit
    late_edit = x.op("jeune", erased, nom_usage="Trop tard")
    child = new_id()
    late_child = x.actualite(child, erased)
    newer_y = y.op("jeune", a, nom_usage="Récent")

    monkeypatch.setattr(store, "EARLY_READS", True)  # (off by default: hub/store.py says why)
    reads, raced = lot.read, []

    def read_then_race(conn, structure_id, ops, **kw):
        found = reads(conn, structure_id, ops, **kw)
        if not raced and any(op.device == x.info.id for op in ops):
            raced.append(y.push(newer_y, y.erase(erased), seen=seen))  # commits on its own connection
        return found

    monkeypatch.setattr(lot, "read", read_then_race)
    answer = x.push(late_x, late_edit, late_child, seen=seen)

    assert raced and raced[0].applied == 2
    assert _record(engine, "jeune", a).values["nom_usage"] == "Récent"  # the newer clock stays
    with engine.connect() as conn:  # x's concurrent older value is kept aside as a conflict
        lost = conn.execute(select(HubConflict.lost_value).where(HubConflict.row_id == a)).scalars().all()
    assert lost == ["Ancien"]
    assert answer.conflicts == 1
    assert sorted(d.counter for d in answer.dropped) == [late_edit.counter, late_child.counter]
    assert _record(engine, "actualite", child) is None
    assert _record(engine, "jeune", erased).values.get("nom_usage") != "Trop tard"
    page = store.pull(engine, y.info, 0, 100)
    assert [c.seq for c in page.changes] == sorted({c.seq for c in page.changes})


def test_a_push_stores_each_map_as_its_json_text_and_moves_counter_and_watermark(engine):
    """Quotes, backslashes, non-ASCII and NULL values are stored as ``json.dumps`` writes each map on its own
    (the pull splices that text as it is), and the same push moves the structure's counter and the device's
    watermark (on PostgreSQL all three are one statement)."""
    import json

    from sqlalchemy import text

    sid = auth.add_structure(engine, "ML Texte")
    poste = Poste(engine, sid)
    a, b = new_id(), new_id()
    tricky = 'Nom « Zoë » "entre guillemets" \\ barre \\\\ double\n日本\u00a0'
    answer = poste.push(poste.jeune(a, tricky), poste.jeune(b, "Simple"),
                        poste.op("jeune", b, nom_usage=None, prenoms='"'))
    assert answer.applied == 3
    with engine.connect() as conn:
        rows = {r[0]: r[1:] for r in conn.execute(text(
            'SELECT row_id, CAST("values" AS TEXT), CAST(clocks AS TEXT), CAST(seqs AS TEXT) FROM hub_record'))}
        counter = conn.execute(text("SELECT seq FROM hub_structure WHERE id = :s"), {"s": sid}).scalar_one()
        watermark = conn.execute(text("SELECT last_counter FROM hub_device WHERE id = :d"),
                                 {"d": poste.info.id}).scalar_one()
    for row_id in (a, b):
        stored = _record(engine, "jeune", row_id)
        assert rows[row_id] == (json.dumps(stored.values), json.dumps(stored.clocks), json.dumps(stored.seqs))
    assert _record(engine, "jeune", a).values["nom_naissance"] == tricky
    second = _record(engine, "jeune", b).values
    assert second["prenoms"] == '"' and second["nom_usage"] is None
    assert counter == 3 and watermark == answer.acknowledged == poste.counter
