"""Fault injection (55 trials): connections cut at random points by a proxy, the client and the hub
SIGKILLed at random moments. Afterwards: no loss, no duplicate, ``PRAGMA integrity_check`` ok."""
from __future__ import annotations

import random
import subprocess
import sys
import threading

import keyring
import pytest
from sqlmodel import select

from desktop_app.db.models import Jeune, Outbox
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.profile import open_profile
from desktop_app.sync import transport
from desktop_app.db.meta import get_meta
from tests.support.sync_faults import ROOT, CuttingProxy, FileKeyring, HubProcess, subprocess_env
from tests.support.sync import HubServer, enrolled, hub_database_url, free_port, integrity_ok, snapshot

PROXY_TRIALS, CLIENT_KILLS, HUB_KILLS = 30, 15, 10


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(transport, "RETRIES", 2)
    monkeypatch.setattr(transport, "BACKOFF_S", 0.01)


def _create(profile, n: int, field: str, tag: str, expected: dict) -> None:
    with profile.session() as s:
        for i in range(n):
            j = Jeune(structure_id=profile.structure_id, nom_naissance=f"{tag}-{i}", prenoms="Test")
            setattr(j, field, f"{tag}-{i}")
            s.add(j)
            expected[j.id] = {field: f"{tag}-{i}"}
        s.commit()


def _edit(profile, rng: random.Random, field: str, tag: str, expected: dict) -> None:
    ids = sorted(expected)
    with profile.session() as s:
        for jid in rng.sample(ids, min(len(ids), rng.randint(0, 20))):
            j = s.get(Jeune, jid)
            if j is None:
                continue  # not received yet on this device
            setattr(j, field, tag)
            expected[jid][field] = tag
        s.commit()


def _try_sync(profile, outcomes: list | None = None) -> None:
    try:
        sync_service.sync_once(profile)
        ok = True
    except sync_service.SyncError:
        ok = False
    if outcomes is not None:
        outcomes.append(ok)


def _jeunes(profile) -> dict:
    with profile.session() as s:
        return {j.id: j for j in s.exec(select(Jeune)).all()}


def _pending(profile) -> int:
    with profile.engine.connect() as conn:
        acked = int(get_meta(conn, "sync_acked", "0"))
        return len(conn.execute(select(Outbox.counter).where(Outbox.counter > acked)).all())


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_connections_cut_at_random_points(kind, tmp_path):
    with hub_database_url(kind, tmp_path) as url:
        _cut_connections(url, tmp_path)


def _cut_connections(url: str, tmp_path) -> None:
    hub = HubServer(url).start()
    proxy = CuttingProxy(hub.port, seed=20261126, cut_rate=0.6, max_bytes=12_000)
    try:
        sid = hub.structure("ML Coupures")
        a = enrolled(hub, tmp_path, "alice", sid, url=proxy.url)
        b = enrolled(hub, tmp_path, "bruno", sid, url=proxy.url)
        rng = random.Random(7)
        expected: dict = {}
        for trial in range(PROXY_TRIALS):
            _create(a, rng.randint(0, 40), "commune", f"a{trial}", expected)
            _create(b, rng.randint(0, 40), "telephone", f"b{trial}", expected)
            _edit(a, rng, "commune", f"A{trial}", expected)
            _edit(b, rng, "telephone", f"B{trial}", expected)
            for p in rng.sample([a, b, a, b], rng.randint(1, 4)):
                _try_sync(p)
        assert proxy.cuts > 10
        proxy.cut_rate = 0.0
        proxy.random.seed(0)
        for p in (a, b, a, b):
            sync_service.sync_once(p)
        for p in (a, b):
            rows = _jeunes(p)
            assert set(rows) == set(expected)  # nothing lost
            for jid, fields in expected.items():
                for name, value in fields.items():
                    assert getattr(rows[jid], name) == value
            assert integrity_ok(p) and _pending(p) == 0
            assert sync_service.list_conflicts(p) == [] and sync_service.list_quarantine(p) == []
        assert snapshot(a) == snapshot(b)
        with hub.engine.connect() as conn:  # every record once on the hub
            assert conn.exec_driver_sql("SELECT count(*) FROM hub_record WHERE table_name='jeune'").scalar() == len(expected)
    finally:
        proxy.close()
        hub.stop()


def _file_keyring(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSERELLE_TEST_KEYRING_FILE", str(tmp_path / "keyring.json"))
    keyring.set_keyring(FileKeyring())  # the autouse memory keyring is restored after the test
    return subprocess_env(tmp_path / "keyring.json")


def test_client_killed_at_random_moments(tmp_path, monkeypatch):
    env = _file_keyring(tmp_path, monkeypatch)
    hub = HubServer(f"sqlite:///{tmp_path / 'hub.db'}").start()
    try:
        sid = hub.structure("ML Arrêts")
        a = enrolled(hub, tmp_path, "alice", sid)
        c = enrolled(hub, tmp_path, "chloe", sid)
        c_dir = c.directory
        c.close()
        rng = random.Random(11)
        expected: dict = {}
        killed = 0
        _create(a, 1500, "commune", "base", expected)
        sync_service.sync_once(a)
        for trial in range(CLIENT_KILLS):
            _create(a, rng.randint(200, 600), "commune", f"a{trial}", expected)
            sync_service.sync_once(a)
            c = open_profile(c_dir)
            _create(c, rng.randint(0, 200), "telephone", f"c{trial}", expected)
            c.close()
            proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "--profile", str(c_dir), "sync"],
                                    env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(timeout=rng.uniform(0.2, 1.5))
            except subprocess.TimeoutExpired:
                proc.kill()  # SIGKILL, wherever it is
                proc.wait()
                killed += 1
        assert killed >= 1  # (how many land mid-sync depends on the machine; each trial is checked below)
        c = open_profile(c_dir)
        try:
            assert integrity_ok(c)
            sync_service.sync_once(c)
            sync_service.sync_once(a)
            assert set(_jeunes(c)) == set(expected) == set(_jeunes(a))
            assert snapshot(a) == snapshot(c)
            assert integrity_ok(c) and _pending(c) == 0
            with hub.engine.connect() as conn:
                assert conn.exec_driver_sql(
                    "SELECT count(*) FROM hub_record WHERE table_name='jeune'").scalar() == len(expected)
        finally:
            c.close()
    finally:
        hub.stop()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_hub_killed_at_random_moments(kind, tmp_path):
    with hub_database_url(kind, tmp_path) as url:
        _kill_hub(url, tmp_path)


def _kill_hub(url: str, tmp_path) -> None:
    port = free_port()
    hub = HubProcess(url, port, subprocess_env(tmp_path / "unused.json")).start()
    helper = HubServer(url)  # admin functions on the same database (not serving)
    try:
        sid = helper.structure("ML Pannes")
        a = enrolled(helper, tmp_path, "alice", sid, url=hub.url)
        b = enrolled(helper, tmp_path, "bruno", sid, url=hub.url)
        rng = random.Random(13)
        expected: dict = {}
        outcomes: list[bool] = []
        for trial in range(HUB_KILLS):
            _create(a, rng.randint(100, 600), "commune", f"a{trial}", expected)
            worker = threading.Thread(target=_try_sync, args=(a, outcomes))
            worker.start()
            worker.join(rng.uniform(0.0, 0.8))
            hub.kill()  # SIGKILL, wherever it is
            worker.join()
            hub.start()
        assert outcomes.count(False) >= 1  # some rounds really were cut by the kill
        for p in (a, b, a, b):
            sync_service.sync_once(p)
        assert set(_jeunes(b)) == set(expected) == set(_jeunes(a))
        assert snapshot(a) == snapshot(b)
        assert integrity_ok(a) and integrity_ok(b) and _pending(a) == 0
        with helper.engine.connect() as conn:
            if url.startswith("sqlite"):
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("SELECT count(*) FROM hub_record WHERE table_name='jeune'").scalar() == len(expected)
    finally:
        hub.kill()
        helper.engine.dispose()
