"""Two and three devices around a hub on a real socket: push, pull, field-level merge, conflicts."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import Outbox
from desktop_app.services.sync import echanges as sync_service
from tests.support.sync import (
    enrolled,
    integrity_ok,
    snapshot,
)
from tests.support.sync import add_jeune as _jeune
from tests.support.sync import edit_jeune as _edit
from tests.support.sync import get_jeune as _get


def test_two_devices_converge_and_different_fields_both_survive(hub, tmp_path):
    sid = hub.structure("ML Est")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    jid = _jeune(a, date_naissance=dt.date(2005, 3, 14), commune="Cergy")
    first = sync_service.sync_once(a)
    assert first.sent >= 4  # structure, user, lieu, jeune: a profile's history goes out on its first sync
    sync_service.sync_once(b)
    assert _get(b, jid).date_naissance == dt.date(2005, 3, 14)

    _edit(a, jid, telephone="0612345678")  # offline, different fields
    _edit(b, jid, commune="Pontoise")
    for p in (a, b, a, b):
        sync_service.sync_once(p)
    for p in (a, b):
        j = _get(p, jid)
        assert (j.telephone, j.commune) == ("0612345678", "Pontoise")
    assert snapshot(a) == snapshot(b)
    assert sync_service.list_conflicts(a) == [] and sync_service.list_conflicts(b) == []
    assert integrity_ok(a) and integrity_ok(b)


def test_same_field_resolves_identically_with_one_reversible_conflict(hub, tmp_path):
    sid = hub.structure("ML Ouest")
    a, b, c = (enrolled(hub, tmp_path, n, sid) for n in ("alice", "bruno", "chloe"))
    jid = _jeune(a)
    for p in (a, b, c):
        sync_service.sync_once(p)
    _edit(a, jid, commune="Argenteuil")
    _edit(b, jid, commune="Sarcelles")  # later clock: the last writer wins
    for p in (a, b, c, a, b, c):
        sync_service.sync_once(p)
    assert {_get(p, jid).commune for p in (a, b, c)} == {"Sarcelles"}
    conflicts = [sync_service.list_conflicts(p) for p in (a, b, c)]
    assert all(len(cs) == 1 for cs in conflicts)
    conflict = conflicts[0][0]
    assert (conflict.field, conflict.kept_value, conflict.lost_value) == ("commune", "Sarcelles", "Argenteuil")

    sync_service.resolve_conflict(c, conflict.id, keep="remote")  # put back the value set aside
    for p in (c, a, b, c):
        sync_service.sync_once(p)
    assert {_get(p, jid).commune for p in (a, b, c)} == {"Argenteuil"}
    assert all(sync_service.list_conflicts(p) == [] for p in (a, b, c))
    assert snapshot(a) == snapshot(b) == snapshot(c)

    sync_service.resolve_conflict(a, conflict.id, keep="local")  # and reverse the choice
    for p in (a, b, c):
        sync_service.sync_once(p)
    assert {_get(p, jid).commune for p in (a, b, c)} == {"Sarcelles"}


def test_replaying_pushes_and_pulls_changes_nothing(hub, tmp_path):
    from desktop_app.db.meta import set_meta

    sid = hub.structure("ML Nord")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    jid = _jeune(a)
    sync_service.sync_once(a)
    sync_service.sync_once(b)
    before_hub = _hub_rows(hub)
    before_b = snapshot(b)
    # replay every push of A (as if every acknowledgement had been lost) and every pull page of B
    with a.engine.begin() as conn:
        set_meta(conn, "sync_acked", "0")
    with b.engine.begin() as conn:
        set_meta(conn, "sync_cursor", "0")
    again_a, again_b = sync_service.sync_once(a), sync_service.sync_once(b)
    assert again_a.sent == 0 and again_b.received == 0
    assert _hub_rows(hub) == before_hub
    assert snapshot(b) == before_b
    assert _get(b, jid).nom_naissance == "Martin"


def _hub_rows(hub) -> list:
    from hub.models import HubRecord

    with hub.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(HubRecord.__table__)))


def test_outbox_counters_never_reused_after_acknowledgement(hub, tmp_path):
    sid = hub.structure("ML Sud")
    a = enrolled(hub, tmp_path, "alice", sid)
    sync_service.sync_once(a)
    with a.engine.connect() as conn:
        top = conn.execute(select(Outbox.counter).order_by(Outbox.counter.desc())).scalar()
    jid = _jeune(a)
    with a.engine.connect() as conn:
        assert conn.execute(select(Outbox.counter).where(Outbox.row_id == jid)).scalar() > top
    assert sync_service.sync_once(a).sent == 1


def test_new_device_restores_children_before_their_lately_edited_parent(hub, tmp_path, monkeypatch):
    """Pages follow the hub's order of last changes: a jeune edited after its actualités comes after them."""
    from desktop_app.db.models import Actualite
    from desktop_app.sync import client as sync_client

    sid = hub.structure("ML Pages")
    a = enrolled(hub, tmp_path, "alice", sid)
    jid = _jeune(a)
    with a.session() as s:
        s.add(Actualite(jeune_id=jid, date=dt.date(2026, 1, 5), type="entretien"))
        s.commit()
    sync_service.sync_once(a)
    _edit(a, jid, commune="Éragny")  # the jeune's sequence number is now after its actualité's
    sync_service.sync_once(a)
    monkeypatch.setattr(sync_client, "PULL_LIMIT", 1)
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)
    assert _get(b, jid).commune == "Éragny" and _get(b, jid).nom_naissance == "Martin"
    sync_service.sync_once(a)
    assert snapshot(a) == snapshot(b)
    with b.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_forgotten_conflicts_are_blanked_on_the_hub_and_every_device(hub, tmp_path):
    """RGPD erasure: the values kept in conflicts about an erased dossier disappear everywhere."""
    sid = hub.structure("ML Effacement")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    jid = _jeune(a)
    for p in (a, b):
        sync_service.sync_once(p)
    _edit(a, jid, telephone="0611111111")
    _edit(b, jid, telephone="0622222222")
    for p in (a, b, a):
        sync_service.sync_once(p)
    [conflict] = sync_service.list_conflicts(a)
    with a.session() as s:
        assert sync_service.forget_conflicts(s, clock=a.clock, row_ids=[jid]) == 1
        s.commit()
    for p in (a, b):
        sync_service.sync_once(p)
    for p in (a, b):
        [kept] = sync_service.list_conflicts(p, include_resolved=True)
        assert (kept.kept_value, kept.lost_value, kept.resolution) == (None, None, "erased")
    with hub.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT kept_value, lost_value FROM hub_conflict").one()
    assert "0611111111" not in str(row) and "0622222222" not in str(row)
    with pytest.raises(sync_service.UserError):
        sync_service.resolve_conflict(b, conflict.id, keep="remote")
