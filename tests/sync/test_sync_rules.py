"""Merge rules and protocol edges: delete wins over a concurrent edit until an explicit restore, a pending
local field is never overwritten by an older value, an older client is told to update and keeps its data,
tokens expire, TLS with a custom CA bundle."""
from __future__ import annotations

import datetime as dt
import subprocess
import threading

import pytest
import uvicorn

from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import wire
from desktop_app.sync.merge import apply_page
from hub import auth
from hub.main import create_app
from hub.errors import HubError
from tests.support.sync import HubServer, add_jeune, enrolled, free_port, new_profile, snapshot
from tests.support.sync import edit_jeune as _set
from tests.support.sync import get_jeune as _get


def test_delete_wins_over_a_later_concurrent_edit_until_an_explicit_restore(hub_sqlite, tmp_path):
    sid = hub_sqlite.structure("ML D")
    a, b = enrolled(hub_sqlite, tmp_path, "alice", sid), enrolled(hub_sqlite, tmp_path, "bruno", sid)
    jid = add_jeune(a, nom="Durand", prenoms="Noé")
    for p in (a, b):
        sync_service.sync_once(p)
    _set(a, jid, deleted=True)
    _set(b, jid, commune="Gonesse")  # concurrent edit, later clock
    for p in (a, b, a, b):
        sync_service.sync_once(p)
    for p in (a, b):
        j = _get(p, jid)
        assert j.deleted is True and j.commune == "Gonesse"  # still deleted; the edit is not lost
    _set(b, jid, deleted=False)  # explicit restore
    for p in (b, a):
        sync_service.sync_once(p)
    assert _get(a, jid).deleted is False
    assert snapshot(a) == snapshot(b)


def test_pulled_older_value_never_overwrites_a_pending_local_edit(tmp_path):
    p = new_profile(tmp_path, "alice")
    jid = add_jeune(p, nom="Durand", prenoms="Noé")
    _set(p, jid, commune="Locale")  # pending: not pushed
    local_clock = _get(p, jid).clock_of("commune")
    older = "0000000000001.0000.autre"
    newer_other = wire.Change(seq=2, table="jeune", row_id=jid, fields={"telephone": "0600000000"},
                              clocks={"telephone": local_clock[:13] + ".9999.zzz"})
    page = wire.PullPage(changes=[wire.Change(seq=1, table="jeune", row_id=jid, fields={"commune": "Ancienne"},
                                              clocks={"commune": older}), newer_other], next=2, more=False)
    for _ in range(2):  # and replaying the page changes nothing more
        with p.engine.begin() as conn:
            apply_page(conn, page, p.clock)
        j = _get(p, jid)
        assert (j.commune, j.telephone) == ("Locale", "0600000000")
    assert p.clock.now() > newer_other.clocks["telephone"]  # the clock observed what it received
    p.close()


def test_older_client_is_told_to_update_and_keeps_its_data(hub_sqlite, tmp_path, monkeypatch):
    sid = hub_sqlite.structure("ML V")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    jid = add_jeune(a, nom="Durand", prenoms="Noé")
    monkeypatch.setattr(wire, "PROTOCOL_VERSION", 0)
    with pytest.raises(sync_service.SyncError, match="mettez-la à jour"):
        sync_service.sync_once(a)
    assert _get(a, jid).nom_naissance == "Durand"
    assert sync_service.pending_count(a) > 0  # nothing was dropped from the outbox
    monkeypatch.setattr(wire, "PROTOCOL_VERSION", 1)
    assert sync_service.sync_once(a).sent >= 4


def test_access_tokens_expire_and_credentials_are_checked(hub_sqlite, tmp_path, monkeypatch):
    sid = hub_sqlite.structure("ML T")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    credential = sync_service._load_credential(a)
    with pytest.raises(HubError) as wrong:
        auth.issue_token(hub_sqlite.engine, a.device_id, "x" * 43)
    assert wrong.value.status == 401
    monkeypatch.setattr(auth, "TOKEN_VALIDITY", dt.timedelta(seconds=-1))
    token, _ttl = auth.issue_token(hub_sqlite.engine, a.device_id, credential)
    with pytest.raises(HubError) as expired:
        auth.authenticate(hub_sqlite.engine, token)
    assert expired.value.code == "jeton_expire"
    monkeypatch.setattr(auth, "TOKEN_VALIDITY", dt.timedelta(minutes=15))
    token, _ttl = auth.issue_token(hub_sqlite.engine, a.device_id, credential)
    assert auth.authenticate(hub_sqlite.engine, token).id == a.device_id


def test_tls_with_a_custom_ca_bundle(tmp_path):
    cert, key = tmp_path / "hub.pem", tmp_path / "hub.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    plain = HubServer(f"sqlite:///{tmp_path / 'hub.db'}")  # admin side only
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(plain.engine), host="127.0.0.1", port=port, log_level="error",
                                           lifespan="off", ssl_certfile=str(cert), ssl_keyfile=str(key)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            thread.join(0.02)
        sid = plain.structure("ML TLS")
        p = new_profile(tmp_path, "alice")
        with pytest.raises(sync_service.SyncError, match="injoignable"):  # unknown certificate: refused
            sync_service.enroll(p, f"https://127.0.0.1:{port}", plain.code(sid))
        sync_service.enroll(p, f"https://127.0.0.1:{port}", plain.code(sid), ca_bundle=str(cert))
        assert sync_service.sync_once(p).sent >= 3
        p.close()
    finally:
        server.should_exit = True
        thread.join(10)
        plain.engine.dispose()


def test_passphrase_profile_keeps_its_credential_inside_its_encrypted_database(hub_sqlite, tmp_path, monkeypatch):
    from desktop_app.services.profil.profile import create_profile, open_profile

    monkeypatch.setattr("desktop_app.security.keys.keyring_available", lambda: False)
    p = create_profile(tmp_path / "sans-trousseau", structure_nom="ML P", user_nom="Paul",
                       passphrase="une phrase secrète longue")
    sid = hub_sqlite.structure("ML P")
    sync_service.enroll(p, hub_sqlite.url, hub_sqlite.code(sid))
    assert sync_service.sync_once(p).sent >= 3
    directory = p.directory
    p.close()
    raw = b"".join(f.read_bytes() for f in directory.rglob("*") if f.is_file())
    credential_hint = b"sync_credential"
    assert credential_hint not in raw  # the database is encrypted: nothing readable on disk
    p = open_profile(directory, passphrase="une phrase secrète longue")
    assert sync_service.sync_once(p).sent == 0
    p.close()


def test_pending_count_can_stop_at_a_cap(tmp_path):
    """The status display counts pending changes up to a cap instead of scanning a huge outbox."""
    from desktop_app.services.profil.profile import create_profile

    p = create_profile(tmp_path / "cap", structure_nom="ML", user_nom="Martin")
    try:
        total = sync_service.pending_count(p)
        assert total >= 3  # structure, user, lieu made at creation
        assert sync_service.pending_count(p, cap=2) == 2
        assert sync_service.pending_count(p, cap=1000) == total
    finally:
        p.close()
