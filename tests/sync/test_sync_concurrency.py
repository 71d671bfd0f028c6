"""Two pushers racing on one structure while a third device pulls by cursor: the per-structure counter
row makes commits visible in sequence order, so the cursor never skips a change (SYNC.md's trap)."""
from __future__ import annotations

import threading

import pytest

from desktop_app.domain.ids import new_id
from desktop_app.sync import wire
from desktop_app.sync.hlc import HybridClock
from hub import auth, store
from hub.db import make_engine
from tests.support.sync import hub_database_url

BATCHES, PER_BATCH = 40, 10


def _device(engine, sid: str, name: str) -> auth.DeviceInfo:
    device_id = new_id()
    auth.enroll(engine, auth.create_code(engine, sid, name), device_id)
    return next(d for d in auth.list_devices(engine, sid) if d.id == device_id)


def _pusher(engine, device: auth.DeviceInfo, made: list, errors: list) -> None:
    clock = HybridClock(device.id)
    try:
        counter = 0
        for _ in range(BATCHES):
            ops = []
            for _ in range(PER_BATCH):
                counter += 1
                row_id = new_id()
                hlc = clock.now()
                ops.append(wire.Op(device=device.id, counter=counter, table="jeune", row_id=row_id,
                                   fields={"created_at": "2026-01-01T00:00:00+00:00", "nom_naissance": row_id,
                                           "prenoms": "Test", "structure_id": device.structure_id},
                                   clocks={"created_at": hlc, "nom_naissance": hlc, "prenoms": hlc,
                                           "structure_id": hlc}))
            answer = store.push(engine, device, wire.PushRequest(protocol=1, schema_version=1, seen=0, ops=ops))
            assert answer.applied == PER_BATCH and not answer.rejected
            made.extend(op.row_id for op in ops)
    except Exception as exc:  # reported by the main thread
        errors.append(exc)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_concurrent_pushers_never_make_a_cursor_skip_a_change(kind, tmp_path):
    with hub_database_url(kind, tmp_path) as url:
        engine = make_engine(url)
        try:
            sid = auth.add_structure(engine, "ML Course")
            pushers = [_device(engine, sid, f"p{i}") for i in range(2)]
            reader = _device(engine, sid, "lecteur")
            made: list[str] = []
            errors: list[Exception] = []
            threads = [threading.Thread(target=_pusher, args=(engine, d, made, errors)) for d in pushers]
            for t in threads:
                t.start()
            cursor, received, seqs = 0, set(), []
            while any(t.is_alive() for t in threads):
                page = store.pull(engine, reader, cursor, 7)  # small pages: many cursors mid-race
                seqs.extend(c.seq for c in page.changes)
                received.update(c.row_id for c in page.changes)
                cursor = page.next
            for t in threads:
                t.join()
            assert not errors, errors
            while True:
                page = store.pull(engine, reader, cursor, 50)
                seqs.extend(c.seq for c in page.changes)
                received.update(c.row_id for c in page.changes)
                cursor = page.next
                if not page.more:
                    break
            assert len(made) == 2 * BATCHES * PER_BATCH
            assert received == set(made)  # nothing skipped by the cursor
            assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))  # each change once, in order
            assert store.structure_counter(engine, sid) == len(made)
        finally:
            engine.dispose()
