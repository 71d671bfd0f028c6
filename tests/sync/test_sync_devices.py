"""Scope, quarantine, revocation, bad requests and the two CLIs, against a hub on a real socket."""
from __future__ import annotations

import gzip
import json

import httpx
from sqlalchemy import update
from sqlmodel import select

from desktop_app import cli
from desktop_app.db.models import Jeune
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.profile import open_profile
from desktop_app.sync import wire
from hub import cli as hub_cli
from tests.support.sync import enrolled, new_profile, snapshot


def _jeune(profile, jid: str | None = None, nom: str = "Martin") -> str:
    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, nom_naissance=nom, prenoms="Léa")
        if jid:
            j.id = jid
        s.add(j)
        s.commit()
        return j.id


def _noms(profile) -> set[str]:
    with profile.session() as s:
        return set(s.exec(select(Jeune.nom_naissance)).all())


def test_structure_b_never_receives_a_data_and_cannot_write_a_records(hub, tmp_path):
    sa, sb = hub.structure("ML A"), hub.structure("ML B")
    a, b = enrolled(hub, tmp_path, "alice", sa), enrolled(hub, tmp_path, "bruno", sb)
    ja = _jeune(a, nom="Secret-A")
    sync_service.sync_once(a)
    _jeune(b, nom="Visible-B")
    hijack = _jeune(b, jid=ja, nom="Pirate")  # a record of structure A named by a device of B
    summary = sync_service.sync_once(b)
    assert summary.quarantined == 1
    assert "Secret-A" not in _noms(b)
    [q] = sync_service.list_quarantine(b)
    assert (q.row_id, q.code) == (hijack, "hors_perimetre") and "autre structure" in q.reason
    sync_service.sync_once(a)
    assert _noms(a) == {"Secret-A"}  # A never sees B's data nor the hijack attempt
    assert snapshot(a)[("jeune", ja)]["nom_naissance"][0] == "Secret-A"


def test_rejected_op_is_quarantined_and_the_rest_goes_through(hub, tmp_path):
    sid = hub.structure("ML Q")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    bad = _jeune(a, nom="Futur")
    with a.engine.begin() as conn:  # a laptop whose clock says 2031
        conn.execute(update(Jeune.__table__).where(Jeune.__table__.c.id == bad)
                     .values(hlc="1940000000000.0000." + a.device_id))
    good = _jeune(a, nom="Présent")
    summary = sync_service.sync_once(a)
    assert summary.quarantined == 1 and summary.sent >= 4
    [q] = sync_service.list_quarantine(a)
    assert q.row_id == bad and q.code == "horloge_future" and "trop en avance" in q.reason
    sync_service.sync_once(b)
    assert "Présent" in _noms(b) and "Futur" not in _noms(b)
    assert sync_service.sync_once(a).quarantined == 0  # not retried for ever, not blocking
    assert good


def test_revoked_device_is_refused_and_wipes_its_profile(hub, tmp_path, memory_keyring, capsys):
    sid = hub.structure("ML R")
    a = enrolled(hub, tmp_path, "alice", sid)
    _jeune(a)
    sync_service.sync_once(a)
    hub_cli.main(["--database", str(hub.engine.url), "revoke", a.device_id])
    directory, profile_id = a.directory, a.file.profile_id
    a.close()
    code = cli.main(["--profile", str(directory), "sync"])
    err = capsys.readouterr().err
    assert code != 0 and "révoqué" in err and "effacé" in err
    assert not (directory / "passerelle.db").exists() and not (directory / "profile.json").exists()
    assert not any(profile_id in user for (_svc, user) in memory_keyring.secrets)


def test_unreachable_hub_gives_a_french_line_and_nonzero_exit(hub, tmp_path, capsys):
    sid = hub.structure("ML U")
    a = enrolled(hub, tmp_path, "alice", sid)
    directory = a.directory
    a.close()
    hub.stop()
    code = cli.main(["--profile", str(directory), "sync"])
    assert code == 1
    assert "injoignable" in capsys.readouterr().err
    p = open_profile(directory)  # local data intact
    assert p.structure_id
    p.close()


def test_cli_enroll_sync_conflicts_round_trip(hub, tmp_path, capsys):
    url = str(hub.engine.url)
    assert hub_cli.main(["--database", url, "structure", "add", "Mission Locale Rives"]) == 0
    sid = capsys.readouterr().out.strip().splitlines()[-1]
    assert hub_cli.main(["--database", url, "enroll-code", "--structure", sid, "--user", "Amélie"]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    p = new_profile(tmp_path, "amelie")
    _jeune(p, nom="Déjà-là")  # worked alone first: everything goes out on the first sync
    directory = p.directory
    p.close()
    assert cli.main(["--profile", str(directory), "enroll", "--hub", hub.url, "--code", code]) == 0
    assert "structure « Mission Locale Rives », utilisateur Amélie (Conseiller·ère)" in capsys.readouterr().out
    other = new_profile(tmp_path, "autre")
    other_dir = other.directory
    other.close()
    assert cli.main(["--profile", str(other_dir), "enroll", "--hub", hub.url, "--code", code]) == 1
    assert "déjà servi" in capsys.readouterr().err  # one-time: another device cannot spend it again
    assert cli.main(["--profile", str(directory), "sync"]) == 0
    out = capsys.readouterr().out
    # 6 = structure, user and lieu made at creation, the jeune, the hub's structure row adopted at enrolment
    # and the tombstone of the local one
    assert "Envoyées : 6" in out and "reçues" in out and "conflits : 0" in out and "quarantaine : 0" in out
    assert cli.main(["--profile", str(directory), "conflicts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert hub_cli.main(["--database", url, "devices", "--structure", sid]) == 0
    header, line = capsys.readouterr().out.strip().splitlines()
    assert header.split("\t") == ["Appareil", "Utilisateur", "Rôle", "État", "Dernière connexion"]
    device, user, role, state, _seen = line.split("\t")
    assert (user, role, state) == ("Amélie", "Conseiller·ère", "actif")


def test_bad_requests_get_a_4xx_json_reason_and_change_nothing(hub, tmp_path):
    sid = hub.structure("ML X")
    a = enrolled(hub, tmp_path, "alice", sid)
    sync_service.sync_once(a)
    before = _counts(hub)
    v = {wire.PROTOCOL_HEADER: "1", wire.SCHEMA_HEADER: "1"}
    with httpx.Client(base_url=hub.url) as http:
        assert http.get("/openapi.json").json()["paths"]["/v1/sync/push"]
        token = http.post("/v1/token", headers=v, json={"device_id": a.device_id,
                                                         "credential": sync_service._load_credential(a)}).json()
        auth = {**v, "Authorization": f"Bearer {token['access_token']}"}
        cases = [
            http.post("/v1/sync/push", headers=auth, content=b"{not json"),
            http.post("/v1/sync/push", headers={**auth, "Content-Encoding": "gzip"}, content=b"garbage"),
            http.post("/v1/sync/push", headers=auth, json={"protocol": 1, "schema_version": 1, "seen": 0,
                                                           "ops": [{"device": a.device_id, "counter": 1}]}),
            http.post("/v1/sync/push", headers=auth, content=b"x" * (wire.MAX_BODY_BYTES + 10)),
            http.post("/v1/sync/push", headers={**auth, "Content-Encoding": "gzip"},
                      content=gzip.compress(b" " * (wire.MAX_INFLATED_BYTES + 10))),
            http.post("/v1/sync/push", headers={"Authorization": auth["Authorization"]}, json={}),
            http.post("/v1/sync/push", headers={**auth, wire.PROTOCOL_HEADER: "0"}, json={}),
            http.get("/v1/sync/pull", headers={**v, "Authorization": "Bearer faux"}),
            http.get("/v1/sync/pull", headers=auth, params={"since": -1}),
            http.post("/v1/enroll", headers=v, json={"code": "AAAAAA-BBBBBB", "device_id": "x"}),
            # replaying an already acknowledged push
            http.post("/v1/sync/push", headers=auth, json={"protocol": 1, "schema_version": 1, "seen": 0, "ops": [
                {"device": a.device_id, "counter": 1, "table": "jeune", "row_id": "r1",
                 "fields": {"nom_naissance": "X"}, "clocks": {"nom_naissance": "1700000000000.0000." + a.device_id}}]}),
        ]
    for response in cases:
        assert 400 <= response.status_code < 500, (response.status_code, response.text)
        body = response.json()
        assert body.get("code") and body.get("detail"), (response.request.url, body)
    assert cases[-1].json()["code"] == "deja_recu"
    assert cases[6].status_code == 426 and "mettez-la à jour" in cases[6].json()["detail"]
    after = _counts(hub)
    assert before == after


def _counts(hub) -> tuple:
    with hub.engine.connect() as conn:
        return tuple(conn.exec_driver_sql("SELECT count(*), max(seq) FROM hub_record").one())


def test_cli_enroll_for_an_existing_hub_user_says_whose_laptop_it_becomes(hub, tmp_path, capsys):
    url = str(hub.engine.url)
    assert hub_cli.main(["--database", url, "structure", "add", "Mission Locale Rives"]) == 0
    sid = capsys.readouterr().out.strip().splitlines()[-1]
    assert hub_cli.main(["--database", url, "user", "add", "--structure", sid, "--name", "Camille Martin",
                         "--role", "direction"]) == 0
    camille = capsys.readouterr().out.strip().splitlines()[-1]
    assert hub_cli.main(["--database", url, "enroll-code", "--structure", sid, "--user-id", camille]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    p = new_profile(tmp_path, "poste")
    directory = p.directory
    p.close()
    assert cli.main(["--profile", str(directory), "enroll", "--hub", hub.url, "--code", code]) == 0
    out = capsys.readouterr().out
    assert "utilisateur Camille Martin (Direction)" in out
    assert "Ce poste est désormais celui de Camille Martin" in out
