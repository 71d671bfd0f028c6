"""Hub hardening: integers out of range, oversized and compressed bodies, rate limits on enrolment codes and
device credentials (against a real uvicorn hub on 127.0.0.1; other client addresses are given through
``X-Forwarded-For``, which uvicorn trusts from 127.0.0.1 only)."""
from __future__ import annotations

import gzip
import re
import socket
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from desktop_app.domain.ids import new_id, utcnow
from desktop_app.services.sync import echanges as sync_service
from desktop_app.sync import wire
from hub import limites
from hub.models import HubAttempt
from tests.support.sync import HubServer, new_profile

V = {wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION), wire.SCHEMA_HEADER: str(wire.SCHEMA_VERSION)}
BIG = 2**63  # one past the largest signed 64-bit integer
ATTACKER, OTHER, THIRD = "203.0.113.66", "198.51.100.7", "192.0.2.30"  # documentation addresses


class Clock:
    """The hub's clock for the limiter, moved by hand."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now


def limiter_of(server: HubServer) -> limites.Limiter:
    # (a hub without a limiter gets a stand-in: its tests then fail on what it answers)
    return getattr(server.server.config.app.state, "limiter", None) or limites.Limiter(server.engine)


def frozen(server: HubServer, clock: Clock | None = None, limits: limites.Limits | None = None) -> Clock:
    clock = clock or Clock()
    limiter = limiter_of(server)
    limiter.clock = clock
    if limits:
        limiter.limits = limits
    return clock


def from_address(address: str) -> dict:
    return {**V, "X-Forwarded-For": address}


def enroll(http: httpx.Client, code: str, address: str = "127.0.0.1", device_id: str | None = None):
    return http.post("/v1/enroll", headers=from_address(address),
                     json={"code": code, "device_id": device_id or new_id()})


def device(hub: HubServer, http: httpx.Client, structure_id: str) -> tuple[str, str]:
    """(device id, credential) of a device enrolled in ``structure_id``."""
    answer = enroll(http, hub.code(structure_id))
    assert answer.status_code == 200, answer.text
    return answer.json()["device_id"], answer.json()["credential"]


def token(http: httpx.Client, device_id: str, credential: str, address: str = "127.0.0.1"):
    return http.post("/v1/token", headers=from_address(address),
                     json={"device_id": device_id, "credential": credential})


def assert_refusal(response: httpx.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert set(body) >= {"code", "detail", "wipe"} and body["wipe"] is False, body
    if code:
        assert body["code"] == code, body
    return body


# --- 1. integers ------------------------------------------------------------------------------------

def test_integers_outside_64_bits_are_refused_with_422_never_a_500(hub):
    sid = hub.structure("ML Entiers")
    with httpx.Client(base_url=hub.url) as http:
        device_id, credential = device(hub, http, sid)
        auth = {**V, "Authorization": f"Bearer {token(http, device_id, credential).json()['access_token']}"}

        def op(counter: int) -> dict:
            return {"device": device_id, "counter": counter, "table": "jeune", "row_id": new_id(),
                    "fields": {"nom_naissance": "Martin"},
                    "clocks": {"nom_naissance": f"1700000000000.0000.{device_id}"}}

        def push(**changes) -> httpx.Response:
            body = {"protocol": 1, "schema_version": 1, "seen": 0, "ops": [op(1)], **changes}
            return http.post("/v1/sync/push", headers=auth, json=body)

        cases = {
            "since": http.get("/v1/sync/pull", headers=auth, params={"since": BIG}),
            "since 10^30": http.get("/v1/sync/pull", headers=auth, params={"since": 10**30}),
            "base": http.get("/v1/sync/pull", headers=auth, params={"since": 0, "base": BIG}),
            "limit": http.get("/v1/sync/pull", headers=auth, params={"limit": 10**30}),
            "counter": push(ops=[op(BIG)]),
            "counter 10^40": push(ops=[op(10**40)]),
            "seen": push(seen=BIG),
            "protocol": push(protocol=2**64),
            "schema_version": push(schema_version=BIG),
            "protocol header": http.get("/v1/sync/pull", headers={**auth, wire.PROTOCOL_HEADER: str(10**30)}),
            "schema header": http.post("/v1/token", headers={**V, wire.SCHEMA_HEADER: str(BIG)},
                                       json={"device_id": device_id, "credential": credential}),
        }
        for name, response in cases.items():
            body = assert_refusal(response, 422, "requete_invalide")
            assert body["detail"].startswith("Requête invalide"), (name, body)
        # an integer too long for Python's JSON reader (over 4300 digits): unreadable body, still no 500
        endless = '{"protocol": 1, "schema_version": 1, "seen": ' + "9" * 5000 + ', "ops": []}'
        assert_refusal(http.post("/v1/sync/push", headers={**auth, "Content-Type": "application/json"},
                                 content=endless), 400, "http_400")
        assert_refusal(http.get("/v1/sync/pull", headers=auth, params={"since": "9" * 5000}), 422)
        # the largest allowed values are fine
        assert http.get("/v1/sync/pull", headers=auth, params={"since": BIG - 1}).status_code == 200
        assert push(ops=[op(BIG - 1)]).status_code == 200


# --- 2. bodies --------------------------------------------------------------------------------------

def _raw_request(port: int, head: bytes, body: bytes) -> tuple[int, dict, bytes]:
    """Send ``head`` + ``body`` on a socket of its own; the status, headers and body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        header, _, rest = data.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(rest) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
    return int(lines[0].split()[1]), headers, rest


def test_oversized_bodies_are_413_with_their_own_reason(hub, monkeypatch):
    import json

    # A small limit (read by the hub at each request): the whole refused body fits in the loopback socket
    # buffers, so the hub's early answer never races the client still writing (no reset under load).
    monkeypatch.setattr(wire, "MAX_BODY_BYTES", 64 * 1024)

    with httpx.Client(base_url=hub.url) as http:
        plain = http.post("/v1/enroll", headers={**V, "Content-Type": "application/json"},
                          content=b" " * (wire.MAX_BODY_BYTES + 1))

        def chunks():  # no Content-Length: chunked transfer
            for _ in range(wire.MAX_BODY_BYTES // 65536 + 2):
                yield b" " * 65536

        chunked = http.post("/v1/enroll", headers={**V, "Content-Type": "application/json"}, content=chunks())
        assert "content-length" not in chunked.request.headers
    for response in (plain, chunked):
        body = assert_refusal(response, 413, "trop_volumineux")
        assert body["detail"] == "Requête trop volumineuse : envoyez des lots plus petits."
    # a Content-Length announcing more than the limit is refused at once, without waiting for the body
    head = (f"POST /v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"{wire.PROTOCOL_HEADER}: 1\r\n{wire.SCHEMA_HEADER}: 1\r\n"
            f"Content-Length: {wire.MAX_BODY_BYTES * 100}\r\n\r\n").encode()
    status, _headers, raw = _raw_request(hub.port, head, b'{"code": "AAAAAA"')
    assert status == 413 and json.loads(raw)["code"] == "trop_volumineux"
    # a Content-Length announcing less than sent: the hub reads what was announced, no more
    small = b'{"code": "AAAAAA-BBBBBB", "device_id": "x"}'
    head = (f"POST /v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"{wire.PROTOCOL_HEADER}: 1\r\n{wire.SCHEMA_HEADER}: 1\r\nContent-Length: 10\r\n\r\n").encode()
    status, _headers, raw = _raw_request(hub.port, head, small + b" " * 4000)
    assert 400 <= status < 500 and json.loads(raw)["code"] == "requete_invalide"


def test_gzip_bomb_and_corrupt_gzip_are_told_apart(hub):
    bomb = gzip.compress(b" " * (wire.MAX_INFLATED_BYTES + 1), compresslevel=9)
    assert len(bomb) < wire.MAX_BODY_BYTES
    gz = {**V, "Content-Type": "application/json", "Content-Encoding": "gzip"}
    with httpx.Client(base_url=hub.url, timeout=60) as http:  # inflating the bomb takes seconds under load
        bombed = http.post("/v1/sync/push", headers=gz, content=bomb)
        corrupt = http.post("/v1/sync/push", headers=gz, content=b"\x1f\x8b\x08\x00garbage")
        truncated = http.post("/v1/sync/push", headers=gz, content=gzip.compress(b'{"protocol": 1}')[:-6])
        fine = http.post("/v1/enroll", headers=gz, content=gzip.compress(b'{"code": "AAAAAA-BBBBBB", '
                                                                         b'"device_id": "x"}'))
    body = assert_refusal(bombed, 413, "trop_volumineux_decompresse")
    assert "trop volumineuse une fois décompressée" in body["detail"]
    for response in (corrupt, truncated):
        assert assert_refusal(response, 400, "gzip_invalide")["detail"] == "Corps compressé illisible."
    assert_refusal(fine, 403, "code_invalide")  # a sound gzip body is read as before


# --- 3. rate limits ---------------------------------------------------------------------------------

TOO_MANY = re.compile(r"^Trop d'essais infructueux : réessayez dans (\d+) minutes?\.$")


def assert_limited(response: httpx.Response, max_seconds: int = 600) -> int:
    body = assert_refusal(response, 429, "trop_d_essais")
    assert TOO_MANY.match(body["detail"]), body["detail"]
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= max_seconds
    assert int(TOO_MANY.match(body["detail"]).group(1)) == -(-seconds // 60)
    return seconds


def test_bad_codes_block_their_address_not_others_and_every_hub_process_knows(hub, hub_url):
    structure_a, structure_b = hub.structure("ML A"), hub.structure("ML B")
    clock = frozen(hub)
    limit = limites.Limits.from_env().per_address
    assert limit == 10  # the default
    second = HubServer(hub_url).start()  # another hub process on the same database
    frozen(second, clock)
    try:
        with httpx.Client(base_url=hub.url) as http, httpx.Client(base_url=second.url) as http2:
            for i in range(limit):
                assert_refusal(enroll(http if i % 2 else http2, f"FAUX{i:02d}-CODE"), 403, "code_invalide")
                assert_refusal(enroll(http, f"FAUX{i:02d}-CODE", ATTACKER), 403, "code_invalide")
            for client in (http, http2):
                assert assert_limited(enroll(client, "ENCORE-FAUX", ATTACKER)) == 600
            clock.now += timedelta(minutes=3)
            good_a = hub.code(structure_a)
            assert assert_limited(enroll(http2, good_a, ATTACKER)) == 420  # a good code too, until the window passes
            # another address is not concerned, for another structure or the same one
            assert enroll(http, hub.code(structure_b), OTHER).status_code == 200
            assert enroll(http2, hub.code(structure_a), THIRD).status_code == 200
            # 127.0.0.1 had its own 10 failures: blocked too, separately
            assert_limited(enroll(http, hub.code(structure_b)))
            clock.now += timedelta(minutes=7, seconds=1)
            answer = enroll(http, good_a, ATTACKER)
            assert answer.status_code == 200 and answer.json()["structure_id"] == structure_a
    finally:
        second.stop()
    with hub.engine.connect() as conn:
        buckets = conn.execute(select(HubAttempt.bucket)).scalars().all()
    assert buckets and not any(ATTACKER in b or "127.0.0.1" in b or "FAUX" in b for b in buckets)


def test_wrong_credentials_protect_their_structure_from_many_addresses_and_successes_are_free(hub):
    structure_a, structure_b = hub.structure("ML A"), hub.structure("ML B")
    clock = frozen(hub, limits=limites.Limits(per_address=3, per_structure=5, window=timedelta(minutes=10)))
    with httpx.Client(base_url=hub.url) as http:
        a_id, a_cred = device(hub, http, structure_a)
        b_id, b_cred = device(hub, http, structure_b)
        for _ in range(20):  # successes never count
            assert token(http, a_id, a_cred, ATTACKER).status_code == 200
        attackers = [f"203.0.113.{n}" for n in range(1, 6)]
        for address in attackers:  # one wrong credential from each of five addresses
            assert_refusal(token(http, a_id, "x" * 43, address), 401, "identifiants_invalides")
        # structure A is protected, whoever asks; B is not concerned, nor these addresses for B
        assert_limited(token(http, a_id, a_cred, OTHER))
        assert token(http, b_id, b_cred, OTHER).status_code == 200
        assert token(http, b_id, b_cred, attackers[0]).status_code == 200
        # an unknown device names no structure: its address only
        for _ in range(3):
            assert_refusal(token(http, "inconnu", "y" * 43, THIRD), 401)
        assert_limited(token(http, b_id, b_cred, THIRD))
        assert token(http, b_id, b_cred, OTHER).status_code == 200
        clock.now += timedelta(minutes=10, seconds=1)
        assert token(http, a_id, a_cred, OTHER).status_code == 200
        assert token(http, b_id, b_cred, THIRD).status_code == 200


def test_limits_come_from_the_environment():
    assert limites.Limits.from_env({}) == limites.Limits(10, 30, timedelta(minutes=10))
    env = {limites.ADDRESS_ENV: "5", limites.STRUCTURE_ENV: "0", limites.WINDOW_ENV: "30"}
    assert limites.Limits.from_env(env) == limites.Limits(5, 0, timedelta(minutes=30))
    for bad in ({limites.ADDRESS_ENV: "-1"}, {limites.WINDOW_ENV: "0"}, {limites.STRUCTURE_ENV: "dix"}):
        with pytest.raises(ValueError):
            limites.Limits.from_env(bad)
    assert limites.network_of("2001:db8:1:2:3:4:5:6") == limites.network_of("2001:db8:1:2:ffff::1")
    assert limites.network_of("::ffff:192.0.2.1") == "192.0.2.1"


# --- 4. the client ----------------------------------------------------------------------------------

def test_the_client_shows_a_429_in_french_without_retrying(hub, tmp_path):
    frozen(hub, limits=limites.Limits(per_address=2, per_structure=30, window=timedelta(minutes=10)))
    sent = []
    client = httpx.Client(event_hooks={"request": [sent.append]})
    profile = new_profile(tmp_path, "poste")
    try:
        for _ in range(2):
            with pytest.raises(sync_service.SyncError, match="Code d'inscription inconnu"):
                sync_service.enroll(profile, hub.url, "FAUX00-CODE", client=client)
        sent.clear()
        with pytest.raises(sync_service.SyncError) as caught:
            sync_service.enroll(profile, hub.url, hub.code(hub.structure("ML")), client=client)
        assert str(caught.value) == "Inscription refusée : Trop d'essais infructueux : réessayez dans 10 minutes."
        assert len(sent) == 1
        from desktop_app.sync.transport import HubRefusal, Transport

        with pytest.raises(HubRefusal) as refusal:
            Transport(hub.url, client=client).call("POST", "/v1/enroll", body=wire.EnrollRequest(
                code="FAUX01-CODE", device_id=profile.device_id))
        assert refusal.value.status == 429 and refusal.value.retry_after == 600 and len(sent) == 2
    finally:
        client.close()
        profile.close()
