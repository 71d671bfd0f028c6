"""Property test (hypothesis): 3–5 devices edit offline in random order and sync in random order; after
everyone has synced twice, every replica is identical, and every value overwritten without having been
seen is listed as a conflict (no silent loss)."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from desktop_app.db.models import Jeune
from desktop_app.services.sync import echanges as sync_service
from hub import auth
from hub.main import create_app
from hub.db import make_engine
from tests.support.sync import new_profile, snapshot

FIELDS = ("commune", "telephone", "nom_usage")
MAX_DEVICES = 5

action = st.one_of(
    st.tuples(st.just("create"), st.integers(0, MAX_DEVICES - 1), st.just(0), st.just("")),
    st.tuples(st.just("edit"), st.integers(0, MAX_DEVICES - 1), st.integers(0, 2), st.sampled_from(FIELDS)),
    st.tuples(st.just("delete"), st.integers(0, MAX_DEVICES - 1), st.integers(0, 2), st.just("")),
    st.tuples(st.just("restore"), st.integers(0, MAX_DEVICES - 1), st.integers(0, 2), st.just("")),
    st.tuples(st.just("sync"), st.integers(0, MAX_DEVICES - 1), st.just(0), st.just("")),
)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from fastapi.testclient import TestClient
    import keyring
    from tests.support.keyring import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    base = tmp_path_factory.mktemp("prop")
    engine = make_engine(f"sqlite:///{base / 'hub.db'}")
    client = TestClient(create_app(engine), base_url="http://hub")
    sid = auth.add_structure(engine, "ML Propriété")
    devices = []
    for i in range(MAX_DEVICES):
        p = new_profile(base, f"d{i}")
        sync_service.enroll(p, "http://hub", auth.create_code(engine, sid, f"d{i}"), client=client)
        devices.append(p)
    for p in devices * 2:
        sync_service.sync_once(p, client=client)
    yield devices, client, backend
    for p in devices:
        p.close()
    client.close()
    keyring.set_keyring(previous)


_unique = itertools.count()


def _jeunes(profile) -> list[str]:
    with profile.session() as s:
        return list(s.exec(select(Jeune.id).order_by(Jeune.id)).all())


def _act(profile, kind: str, pick: int, field: str, writes: list) -> None:
    if kind == "create":
        value = f"c{next(_unique)}"
        with profile.session() as s:
            j = Jeune(structure_id=profile.structure_id, nom_naissance="Prop", prenoms="Test", commune=value)
            s.add(j)
            s.commit()
            writes.append((j.id, "commune", value, None))
        return
    ids = _jeunes(profile)
    if not ids:
        return
    jid = ids[-1 - pick % min(3, len(ids))]  # the newest few: devices often touch the same records
    with profile.session() as s:
        j = s.get(Jeune, jid)
        if kind == "edit":
            value = f"v{next(_unique)}"
            writes.append((jid, field, value, getattr(j, field)))
            setattr(j, field, value)
        else:
            j.deleted = kind == "delete"
        s.commit()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(n=st.integers(3, MAX_DEVICES), actions=st.lists(action, min_size=1, max_size=12))
def test_random_offline_edits_converge_without_silent_loss(world, n, actions):
    import keyring

    from desktop_app.sync import client as sync_client

    devices, client, backend = world
    keyring.set_keyring(backend)  # the per-test in-memory keyring would hide the module's credentials
    pull_limit, sync_client.PULL_LIMIT = sync_client.PULL_LIMIT, 3  # small pages: records move past cursors between pages
    devices = devices[:n]
    writes: list[tuple] = []
    for kind, who, pick, field in actions:
        profile = devices[who % n]
        if kind == "sync":
            sync_service.sync_once(profile, client=client)
        else:
            _act(profile, kind, pick, field, writes)
    for profile in devices * 2:
        sync_service.sync_once(profile, client=client)
    sync_client.PULL_LIMIT = pull_limit

    snaps = [snapshot(p) for p in devices]
    assert all(s == snaps[0] for s in snaps[1:])
    final = snaps[0]
    lost = {(c.row_id, c.field, c.lost_value) for c in sync_service.list_conflicts(devices[0], include_resolved=True)}
    for row_id, field, value, _prev in writes:
        if final[("jeune", row_id)][field][0] == value:
            continue
        seen_then_overwritten = any(w[0] == row_id and w[1] == field and w[3] == value for w in writes)
        assert seen_then_overwritten or (row_id, field, value) in lost, (row_id, field, value)
