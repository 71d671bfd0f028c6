"""Sync figures: initial restore (10k jeunes + 100k actualités) over loopback, incremental sync of 100
field edits, gzip wire bytes per field change, and the same restore from a Kinto server side by side.

Usage: ``python bench/bench_sync.py [--jeunes 10000] [--actualites 100000] [--kinto-venv /tmp/kinto-venv]
[--append]``. The hub runs as a ``passerelle-hub serve`` subprocess on 127.0.0.1 with SQLite; Kinto
(installed in a separate venv: ``python -m venv /tmp/kinto-venv && /tmp/kinto-venv/bin/pip install kinto``)
runs with its memory backend on 127.0.0.1. ``--append`` adds a section to bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import OUT, ROOT

import httpx
import keyring
from keyring.backend import KeyringBackend


class _MemoryKeyring(KeyringBackend):
    priority = 10

    def __init__(self) -> None:
        super().__init__()
        self.data: dict = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        self.data.pop((service, username), None)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("le serveur s'est arrêté au démarrage")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("le serveur n'a pas démarré")


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Counter:
    """httpx event hooks summing gzip bytes on the wire (request bodies as sent, responses as received)."""

    def __init__(self) -> None:
        self.sent = self.received = 0

    def client(self) -> httpx.Client:
        return httpx.Client(timeout=120, event_hooks={"request": [self._request], "response": [self._response]})

    def _request(self, request: httpx.Request) -> None:
        self.sent += len(request.content)

    def _response(self, response: httpx.Response) -> None:
        response.read()
        self.received += response.num_bytes_downloaded


def _fill(profile, jeunes: int, actualites: int, seed: int = 1) -> None:
    from desktop_app.db.models import Actualite, Jeune
    from desktop_app.domain.ids import new_id
    from desktop_app.sync.capture import bulk_insert

    rng = random.Random(seed)
    communes = ["Cergy", "Pontoise", "Sarcelles", "Argenteuil", "Gonesse", "Éragny", "Osny"]
    with profile.session() as s:
        ids = [new_id() for _ in range(jeunes)]
        bulk_insert(s, Jeune, ({"id": ids[i], "structure_id": profile.structure_id,
                                "nom_naissance": f"Nom{i}", "prenoms": rng.choice(["Léa", "Noé", "Inès", "Yanis"]),
                                "commune": rng.choice(communes), "code_postal": "95000",
                                "date_naissance": dt.date(2000 + i % 8, 1 + i % 12, 1 + i % 28),
                                "telephone": f"06{i:08d}"} for i in range(jeunes)))
        bulk_insert(s, Actualite, ({"jeune_id": ids[i % jeunes], "date": dt.date(2025, 1 + i % 12, 1 + i % 28),
                                    "type": "entretien", "duree_minutes": 30 + i % 60, "modalite": "presentiel",
                                    "note": f"Entretien de suivi n°{i}"} for i in range(actualites)))
        s.commit()


def _records(profile) -> dict[str, list[dict]]:
    """Every synced row as its wire fields (what Kinto is given)."""
    from sqlalchemy import select

    from desktop_app.db.models import SYNCED_MODELS
    from desktop_app.sync.wire import to_wire

    out: dict[str, list[dict]] = {}
    with profile.engine.connect() as conn:
        for model in SYNCED_MODELS:
            names = model.synced_fields()
            rows = [{"id": r._mapping["id"], **{n: to_wire(r._mapping[n]) for n in names}}
                    for r in conn.execute(select(model.__table__))]
            if rows:
                out[model.__tablename__] = rows
    return out


def bench_passerelle(base: Path, jeunes: int, actualites: int) -> tuple[dict, dict]:
    from desktop_app.services.sync import echanges as sync
    from desktop_app.services.profil.profile import create_profile
    from hub import auth
    from hub.db import make_engine

    figures: dict = {}
    db_url = f"sqlite:///{base / 'hub.db'}"
    engine = make_engine(db_url)
    sid = auth.add_structure(engine, "ML Banc")
    port = _port()
    hub = subprocess.Popen([sys.executable, "-m", "hub.cli", "--database", db_url, "serve", "--port", str(port)],
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port, hub)
        url = f"http://127.0.0.1:{port}"
        a = create_profile(base / "a", structure_nom="ML Banc", user_nom="Alice")
        _fill(a, jeunes, actualites)
        sync.enroll(a, url, auth.create_code(engine, sid, "Alice"))
        started = time.perf_counter()
        summary = sync.sync_once(a)
        figures["initial_push_s"] = time.perf_counter() - started
        figures["initial_push_ops"] = summary.sent

        b = create_profile(base / "b", structure_nom="ML Banc", user_nom="Bruno")
        sync.enroll(b, url, auth.create_code(engine, sid, "Bruno"))
        counter = _Counter()
        hub_cpu, cpu = _cpu(hub.pid), time.process_time()
        started = time.perf_counter()
        summary = sync.sync_once(b, client=counter.client())
        figures["restore_s"] = time.perf_counter() - started
        figures["restore_cpu_client_s"] = time.process_time() - cpu
        figures["restore_cpu_hub_s"] = _cpu(hub.pid) - hub_cpu
        figures["load_average"] = os.getloadavg()[0]
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            from desktop_app.db.meta import set_meta
            with b.engine.begin() as conn:
                set_meta(conn, "sync_cursor", "0")
                conn.exec_driver_sql("DELETE FROM actualite")
            cProfile.runctx("sync.sync_once(b)", globals(), locals(), str(base / "prof"))
            pstats.Stats(str(base / "prof")).sort_stats(os.environ["BENCH_PROFILE"]).print_stats(25)
        figures["restore_records"] = summary.received
        figures["restore_wire_mb"] = counter.received / 1e6

        from desktop_app.db.models import Jeune
        from sqlmodel import select
        rng = random.Random(2)
        with a.session() as s:
            ids = list(s.exec(select(Jeune.id)).all())
            for jid in rng.sample(ids, 100):  # 100 jeunes, one field each, varied values
                j = s.get(Jeune, jid)
                j.telephone = f"07{rng.randrange(10**8):08d}"
            s.commit()
        push_counter, pull_counter = _Counter(), _Counter()
        started = time.perf_counter()
        sent = sync.sync_once(a, client=push_counter.client()).sent
        received = sync.sync_once(b, client=pull_counter.client()).received
        figures["incremental_s"] = time.perf_counter() - started
        figures["incremental_counts"] = (sent, received)
        # everything on the wire for the round, token exchange included
        figures["bytes_per_field_push"] = push_counter.sent / 100
        figures["bytes_per_field_pull"] = pull_counter.received / 100
        records = _records(a)
        a.close()
        b.close()
    finally:
        hub.terminate()
        hub.wait()
        engine.dispose()
    return figures, records


KINTO_INI = """[app:main]
use = egg:kinto
kinto.storage_backend = kinto.core.storage.memory
kinto.cache_backend = kinto.core.cache.memory
kinto.permission_backend = kinto.core.permission.memory
kinto.bucket_create_principals = system.Everyone
kinto.batch_max_requests = 1000
kinto.paginate_by = 1000
multiauth.policies = basicauth
kinto.userid_hmac_secret = banc-d-essai

[server:main]
use = egg:waitress#main
host = 127.0.0.1
port = {port}
"""


def bench_kinto(venv: Path, base: Path, records: dict[str, list[dict]]) -> dict:
    port = _port()
    ini = base / "kinto.ini"
    ini.write_text(KINTO_INI.format(port=port))
    proc = subprocess.Popen([str(venv / "bin" / "kinto"), "start", "--ini", str(ini)], cwd=base,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    figures: dict = {}
    try:
        _wait(port, proc)
        url = f"http://127.0.0.1:{port}/v1"
        auth = ("banc", "secret")
        with httpx.Client(timeout=600, auth=auth) as http:
            http.put(f"{url}/buckets/banc").raise_for_status()
            started = time.perf_counter()
            for table, rows in records.items():
                http.put(f"{url}/buckets/banc/collections/{table}").raise_for_status()
                for start in range(0, len(rows), 1000):
                    chunk = rows[start:start + 1000]
                    http.post(f"{url}/batch", json={
                        "defaults": {"method": "PUT"},
                        "requests": [{"path": f"/buckets/banc/collections/{table}/records/{r['id']}",
                                      "body": {"data": r}} for r in chunk]}).raise_for_status()
            figures["kinto_load_s"] = time.perf_counter() - started
            counter = _Counter()
        with counter.client() as http:
            http.auth = auth
            local = sqlite3.connect(base / "kinto-replica.db")
            local.execute("PRAGMA journal_mode=WAL")
            started = time.perf_counter()
            total = 0
            for table in records:
                local.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, last_modified INTEGER, data TEXT)")
                page = f"{url}/buckets/banc/collections/{table}/records?_limit=1000&_sort=last_modified"
                while page:
                    response = http.get(page)
                    response.raise_for_status()
                    rows = response.json()["data"]
                    with local:
                        local.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                                          [(r["id"], r["last_modified"], json.dumps(r)) for r in rows])
                    total += len(rows)
                    page = response.headers.get("Next-Page")
            figures["kinto_restore_s"] = time.perf_counter() - started
            figures["kinto_load_average"] = os.getloadavg()[0]
            figures["kinto_restore_records"] = total
            figures["kinto_wire_mb"] = counter.received / 1e6
            local.close()
    finally:
        proc.terminate()
        proc.wait()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jeunes", type=int, default=10_000)
    parser.add_argument("--actualites", type=int, default=100_000)
    parser.add_argument("--kinto-venv", default="/tmp/kinto-venv")
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    keyring.set_keyring(_MemoryKeyring())
    os.environ.pop("PASSERELLE_PASSPHRASE", None)
    OUT.mkdir(exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=OUT))
    figures, records = bench_passerelle(base, args.jeunes, args.actualites)
    for k, v in figures.items():
        print(f"{k}={v}")
    kinto = {}
    if Path(args.kinto_venv, "bin", "kinto").exists():
        kinto = bench_kinto(Path(args.kinto_venv), base, records)
        for k, v in kinto.items():
            print(f"{k}={v}")
    if args.append:
        _append(args, figures, kinto)


def _append(args, f: dict, k: dict) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    ratio = (k["kinto_restore_s"] / f["restore_s"]) if k else None
    lines = [
        "", f"## Synchronisation ({dt.datetime.now(dt.UTC).strftime('%d/%m/%Y %H:%M')} UTC)", "",
        f"Commande : `.venv/bin/python bench/bench_sync.py --jeunes {args.jeunes} --actualites {args.actualites} --append` "
        "(hub `passerelle-hub serve` en sous-processus, SQLite, boucle locale 127.0.0.1 ; profils SQLCipher).", "",
        "| mesure | valeur | objectif |", "|---|---|---|",
        f"| restauration initiale ({f['restore_records']} enregistrements, {f['restore_wire_mb']:.1f} Mo gzip) "
        f"| {f['restore_s']:.2f} s (CPU : client {f['restore_cpu_client_s']:.1f} s, hub {f['restore_cpu_hub_s']:.1f} s ; "
        f"charge moyenne de la machine {f['load_average']:.1f} sur {os.cpu_count()} cœurs) | < 10 s |",
        f"| synchronisation incrémentale de 100 modifications de champ (envoi A + réception B) "
        f"| {f['incremental_s']:.3f} s | < 1 s |",
        f"| octets gzip par modification de champ — envoi (requête push) | {f['bytes_per_field_push']:.1f} | < 60 |",
        f"| octets gzip par modification de champ — réception (page pull) | {f['bytes_per_field_pull']:.1f} | < 60 |",
        f"| envoi initial ({f['initial_push_ops']} opérations) | {f['initial_push_s']:.2f} s | — |",
    ]
    if k:
        lines += [
            f"| Kinto (backend mémoire, même jeu d'enregistrements) : restauration paginée par 1000 vers SQLite "
            f"({k['kinto_restore_records']} enregistrements, {k['kinto_wire_mb']:.1f} Mo ; charge {k['kinto_load_average']:.1f} ; "
            f"réplique Kinto = JSON brut dans un SQLite non chiffré sans index, donc avantagée) | {k['kinto_restore_s']:.2f} s | — |",
            f"| rapport Kinto / Passerelle (restauration) | {ratio:.1f}× | ≥ 3× |",
        ]
    text = path.read_text(encoding="utf-8") if path.exists() else "# Résultats des bancs d'essai\n"
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
