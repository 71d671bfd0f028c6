"""Cursors that never claim what was not received (SYNC.md 15), and true pending counts.

« Why » 5 of the field-sync issue: B's pull is cut after its first page; B then edits a field whose newer
value it never received. The push's ``seen`` watermark must not cover that field: the hub sees a concurrent
edit and keeps the overwritten value as a conflict instead of losing it silently.
"""
from __future__ import annotations

import pytest

from desktop_app.services.profil import faits as stats
from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import client as sync_client
from desktop_app.db.meta import get_meta
from desktop_app.sync.transport import HubUnreachable
from tests.support.sync import add_jeune, edit_jeune, enrolled, get_jeune, snapshot


def _cut_after_first_page(monkeypatch):
    real = sync_client.SyncClient._fetch
    calls = []

    def fetch(self, since, base):
        calls.append(since)
        if len(calls) > 1:
            raise HubUnreachable("Connexion coupée (test).")
        return real(self, since, base)

    monkeypatch.setattr(sync_client.SyncClient, "_fetch", fetch)
    return calls


def test_edit_after_cut_pull_keeps_the_unseen_value_as_a_conflict(hub_sqlite, tmp_path, monkeypatch):
    sid = hub_sqlite.structure("ML Curseurs")
    a, b = enrolled(hub_sqlite, tmp_path, "alice", sid), enrolled(hub_sqlite, tmp_path, "bruno", sid)
    jid = add_jeune(a, commune="Cergy")
    others = [add_jeune(a, nom=f"Autre{i}") for i in range(6)]
    for p in (a, b):
        sync_service.sync_once(p)
    assert get_jeune(b, jid).commune == "Cergy"

    edit_jeune(a, jid, commune="Pontoise")  # the field B will not receive
    for i, oid in enumerate(others):
        edit_jeune(a, oid, telephone=f"06000000{i:02d}")
    edit_jeune(a, jid, telephone="0611111111")  # J's record moves to the end of the sequence
    sync_service.sync_once(a)

    monkeypatch.setattr(sync_client, "PULL_LIMIT", 2)
    calls = _cut_after_first_page(monkeypatch)
    with pytest.raises(sync_service.SyncOffline):
        sync_service.sync_once(b)
    assert len(calls) == 2
    assert get_jeune(b, jid).commune == "Cergy"  # not received: the cut came first
    with b.engine.connect() as conn:
        assert int(get_meta(conn, "sync_cursor", "0")) > 0  # the first page did commit its cursor

    monkeypatch.undo()
    edit_jeune(b, jid, commune="Évry-Courcouronnes")  # B never saw « Pontoise »
    for p in (b, a, b, a):
        sync_service.sync_once(p)

    assert get_jeune(a, jid).commune == get_jeune(b, jid).commune
    conflicts = [c for c in sync_service.list_conflicts(a) if c.row_id == jid and c.field == "commune"]
    assert len(conflicts) == 1, "the value B overwrote without seeing it must be kept as a conflict"
    assert {conflicts[0].kept_value, conflicts[0].lost_value} == {"Pontoise", "Évry-Courcouronnes"}
    assert snapshot(a) == snapshot(b)


def test_pending_counts_agree_and_are_zero_after_a_quiet_round(hub_sqlite, tmp_path):
    sid = hub_sqlite.structure("ML Comptes")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    add_jeune(a)
    assert sync_service.pending_count(a) > 0
    assert stats.profile_summary(a)["Modifications en attente de synchronisation"] == str(sync_service.pending_count(a))
    sync_service.sync_once(a)
    sync_service.sync_once(a)
    assert sync_service.pending_count(a) == 0
    assert stats.profile_summary(a)["Modifications en attente de synchronisation"] == "0"
    from desktop_app.services.sync import etat as sync_status

    assert sync_status.overview(a).pending == 0
