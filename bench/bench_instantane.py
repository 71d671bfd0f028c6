"""First restore, side by side: Passerelle's snapshot restore against Kinto 26.5 on PostgreSQL, same records
(10k jeunes + 100k actualités), both pulled into an encrypted SQLCipher file, interleaved, repeated.

Usage::

    python3 -m venv /work/tmp/kinto-venv && /work/tmp/kinto-venv/bin/pip install 'kinto[postgresql]==26.5.*'
    .venv/bin/python bench/bench_instantane.py [--jeunes 10000] [--actualites 100000] [--repeats 3]
        [--kinto-venv /work/tmp/kinto-venv] [--pg postgresql://postgres@127.0.0.1:5432] [--hub sqlite|postgresql]
        [--sans-instantane-garde]

Passerelle: the hub (``passerelle-hub serve``, SQLite or a scratch PostgreSQL database) holds the records pushed
by a first profile; each repeat enrols a fresh profile and times its first ``sync_once`` (a snapshot restore:
stream, merge, search index and indicators rebuilt, secondary indexes). The hub keeps its snapshot ready as
``passerelle-hub instantanes`` leaves it after an import (run once after the load; ``--sans-instantane-garde``:
not prepared, the first repeat streams it from the records as the first device after many changes does, and the
hub keeps it for the next repeats). ``instantanes`` also builds the structure's restore image (``hub.image``):
each fresh profile then copies it (``"voie": "image"`` in its line); ``--sans-image`` deletes it, to time the
restore by snapshot. Kinto: its PostgreSQL backend on a scratch
database (``kinto_bench``, dropped and created), its records loaded by direct SQL into its ``objects`` table (Kinto
serves them as if created through its API); each repeat pages through every collection (``_limit`` = its
``paginate_by``, 10 000) and writes the records, as JSON, into a fresh SQLCipher file in one transaction per page,
without any index or trigger (Kinto's client keeps no derived structure: it is given the advantage).
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import OUT, ROOT

import httpx
import keyring

sys.path.insert(0, str(Path(__file__).parent))
from bench_sync import _MemoryKeyring, _cpu, _fill, _port, _records, _wait  # noqa: E402

KINTO_INI = """[app:main]
use = egg:kinto
kinto.storage_backend = kinto.core.storage.postgresql
kinto.storage_url = {pg}/{db}
kinto.cache_backend = kinto.core.cache.memory
kinto.permission_backend = kinto.core.permission.postgresql
kinto.permission_url = {pg}/{db}
kinto.bucket_create_principals = system.Everyone
kinto.paginate_by = 10000
multiauth.policies = basicauth
kinto.userid_hmac_secret = banc-d-essai

[server:main]
use = egg:waitress#main
host = 127.0.0.1
port = {port}
threads = 4
"""
AUTH = ("banc", "secret")


def _psql(pg: str, sql: str, db: str = "postgres") -> None:
    subprocess.run(["psql", f"{pg}/{db}", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


def start_kinto(venv: Path, base: Path, pg: str, records: dict[str, list[dict]],
                db: str = "kinto_bench") -> subprocess.Popen:
    _psql(pg, f"DROP DATABASE IF EXISTS {db}")
    _psql(pg, f"CREATE DATABASE {db}")
    port = _port()
    ini = base / "kinto.ini"
    ini.write_text(KINTO_INI.format(port=port, pg=pg, db=db))
    subprocess.run([str(venv / "bin" / "kinto"), "migrate", "--ini", str(ini)], check=True, cwd=base,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc = subprocess.Popen([str(venv / "bin" / "kinto"), "start", "--ini", str(ini)], cwd=base,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait(port, proc)
    proc.url = f"http://127.0.0.1:{port}/v1"  # type: ignore[attr-defined]
    with httpx.Client(timeout=120, auth=AUTH) as http:
        http.put(f"{proc.url}/buckets/banc").raise_for_status()  # type: ignore[attr-defined]
        for table in records:
            http.put(f"{proc.url}/buckets/banc/collections/{table}").raise_for_status()  # type: ignore[attr-defined]
    _load_kinto(pg, records, db)
    return proc


def _load_kinto(pg: str, records: dict[str, list[dict]], db: str = "kinto_bench") -> None:
    """Direct COPY into Kinto's objects table, distinct increasing timestamps per collection (its invariant)."""
    import psycopg

    with psycopg.connect(f"{pg}/{db}", autocommit=False) as conn:
        conn.execute("ALTER TABLE objects DISABLE TRIGGER tgr_objects_last_modified")
        base = dt.datetime(2026, 1, 1)
        for table, rows in records.items():
            parent = f"/buckets/banc/collections/{table}"
            with conn.cursor().copy("COPY objects (id, parent_id, resource_name, last_modified, data, deleted) "
                                    "FROM STDIN") as copy:
                for i, r in enumerate(rows):
                    data = {k: v for k, v in r.items() if k != "id"}
                    copy.write_row((r["id"], parent, "record", base + dt.timedelta(milliseconds=i + 1),
                                    json.dumps(data), False))
            conn.execute("INSERT INTO timestamps (parent_id, resource_name, last_modified) VALUES (%s, 'record', %s) "
                         "ON CONFLICT (parent_id, resource_name) DO UPDATE SET last_modified = excluded.last_modified",
                         (parent, base + dt.timedelta(milliseconds=len(rows) + 1)))
        conn.execute("ALTER TABLE objects ENABLE TRIGGER tgr_objects_last_modified")
        conn.commit()


def _load_hub(engine, sid: str, profile) -> None:
    """The hub's records as the first profile's push would store them (one creation op per record: every field
    with its clock, one sequence each), written directly: pushing 110k ops through the API takes 10–20 min on
    these shared cores, longer than an access token lives."""
    from sqlalchemy import insert, select, update

    from desktop_app.db.models import SYNCED_MODELS
    from desktop_app.sync.wire import to_wire
    from hub.models import HubRecord, HubStructure

    rows, seq = [], 0
    with profile.engine.connect() as conn:
        for model in SYNCED_MODELS:
            names = model.synced_fields()
            for r in conn.execute(select(model.__table__)):
                m = r._mapping
                clocks = m["field_clocks"] or {}
                seq += 1
                rows.append({"table_name": model.__tablename__, "row_id": m["id"], "structure_id": sid, "seq": seq,
                             "values": {n: to_wire(m[n]) for n in names},
                             "clocks": {n: clocks.get(n, m["hlc"]) for n in names},
                             "seqs": dict.fromkeys(names, seq)})
    with engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(HubRecord.__table__), rows[start:start + 5000])
        conn.execute(update(HubStructure.__table__).where(HubStructure.__table__.c.id == sid).values(seq=seq))


def kinto_restore(url: str, tables: list[str], path: Path) -> dict:
    import sqlcipher3

    local = sqlcipher3.connect(str(path))
    local.execute("PRAGMA key = \"x'" + "ab" * 32 + "'\"")  # a raw 256-bit key, as profiles use
    local.execute("PRAGMA journal_mode=WAL")
    received = 0
    cpu, started = time.process_time(), time.perf_counter()
    with httpx.Client(timeout=600, auth=AUTH) as http:
        for table in tables:
            local.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, last_modified INTEGER, data TEXT)")
            page = f"{url}/buckets/banc/collections/{table}/records?_sort=last_modified"
            while page:
                response = http.get(page)
                response.raise_for_status()
                rows = response.json()["data"]
                with local:
                    local.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                                      [(r["id"], r["last_modified"], json.dumps(r)) for r in rows])
                received += len(rows)
                page = response.headers.get("Next-Page")
    wall = time.perf_counter() - started
    local.close()
    for leftover in path.parent.glob(path.name + "*"):  # its file, WAL and shared memory (see main: page cache)
        leftover.unlink()
    return {"s": wall, "cpu_client_s": time.process_time() - cpu, "records": received}


def passerelle_restore(base: Path, url: str, engine, sid: str, n: int) -> dict:
    from desktop_app.services.profil.profile import create_profile
    from desktop_app.services.sync import echanges as sync
    from hub import auth

    b = create_profile(base / f"b{n}", structure_nom="ML Banc", user_nom=f"Bruno{n}")
    sync.enroll(b, url, auth.create_code(engine, sid, f"Bruno{n}"))
    from desktop_app.sync import image

    copied: list[bool] = []
    real = image._apply

    def noted(*a, **k):
        out = real(*a, **k)
        copied.append(True)
        return out

    image._apply = noted
    cpu, started = time.process_time(), time.perf_counter()
    try:
        summary = sync.sync_once(b)
    finally:
        image._apply = real
    wall = time.perf_counter() - started
    out = {"s": wall, "cpu_client_s": time.process_time() - cpu, "records": summary.received,
           "voie": "image" if copied else "instantane"}
    b.close()
    shutil.rmtree(base / f"b{n}")  # see main: the page cache
    return out


def _hub_url(args, base: Path) -> str:
    if args.hub == "postgresql":
        _psql(args.pg, "DROP DATABASE IF EXISTS passerelle_bench")
        _psql(args.pg, "CREATE DATABASE passerelle_bench")
        return f"{args.pg.replace('postgresql://', 'postgresql+psycopg://')}/passerelle_bench"
    return f"sqlite:///{base / 'hub.db'}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jeunes", type=int, default=10_000)
    parser.add_argument("--actualites", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--kinto-venv", default="/work/tmp/kinto-venv")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--hub", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--sans-instantane-garde", action="store_true",
                        help="the snapshot not prepared ahead: the first restore streams it from the records (the "
                             "hub keeps it for the next ones, as in the field)")
    parser.add_argument("--sans-image", action="store_true",
                        help="no restore image on the hub (deleted after `instantanes`): the restore by snapshot")
    parser.add_argument("--kinto-db", default="kinto_bench", help="Kinto's scratch database (dropped, created)")
    args = parser.parse_args()
    keyring.set_keyring(_MemoryKeyring())
    os.environ.pop("PASSERELLE_PASSPHRASE", None)
    OUT.mkdir(exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="bench-instantane-", dir=OUT))
    from desktop_app.services.profil.profile import create_profile
    from desktop_app.services.sync import echanges as sync
    from hub import auth
    from hub.db import make_engine

    from hub.image import CACHE_ENV

    os.environ[CACHE_ENV] = str(base / "copies-images-hub")  # the hub's copies of its image, removed with the run
    db_url = _hub_url(args, base)
    engine = make_engine(db_url)
    sid = auth.add_structure(engine, "ML Banc")
    port = _port()
    hub = subprocess.Popen([sys.executable, "-m", "hub.cli", "--database", db_url, "serve", "--port", str(port)],
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kinto = None
    try:
        _wait(port, hub)
        url = f"http://127.0.0.1:{port}"
        a = create_profile(base / "a", structure_nom="ML Banc", user_nom="Alice")
        _fill(a, args.jeunes, args.actualites)
        sync.enroll(a, url, auth.create_code(engine, sid, "Alice"))
        t = time.perf_counter()
        _load_hub(engine, sid, a)
        print(f"hub chargé ({args.hub}, directement) en {time.perf_counter() - t:.1f} s", flush=True)
        if not args.sans_instantane_garde:  # as `passerelle-hub instantanes` leaves it after an import
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "hub.cli", "--database", db_url, "instantanes"], cwd=ROOT,
                                  check=True, stdout=subprocess.PIPE, text=True)
            print(f"instantané et image préparés en {time.perf_counter() - t:.1f} s :", done.stdout.strip(), flush=True)
            from hub.models import HubImage
            from sqlalchemy import delete, func, select

            with engine.begin() as conn:
                if args.sans_image:
                    conn.execute(delete(HubImage))
                size = conn.execute(select(func.sum(func.length(HubImage.data)))).scalar()
            print(f"image de restauration : {(size or 0) / 1e6:.1f} Mo", flush=True)
        records = _records(a)
        a.close()
        t = time.perf_counter()
        kinto = start_kinto(Path(args.kinto_venv), base, args.pg, records, args.kinto_db)
        print(f"Kinto chargé (PostgreSQL, COPY) en {time.perf_counter() - t:.1f} s", flush=True)
        rows = []
        for n in range(args.repeats):
            for side in (("kinto", "passerelle") if n % 2 == 0 else ("passerelle", "kinto")):
                # Each side's database is deleted once timed: on these virtual machines, a page of the page cache
                # never used before costs the writer far more than one freed and used again (a 150 MB file
                # written between two restores added 0.15 s of system time to the next), and keeping every
                # repeat's files would charge each run for the ones before (2 GB left behind, a run).
                # The bench's own objects (the records kept for Kinto, the first profile's) out of the collector's
                # sight: neither side pays for a full collection of what the other left (counted in "gc2")
                gc.collect()
                gc.freeze()
                full = gc.get_stats()[2]["collections"]
                load = os.getloadavg()[0]
                hub_cpu = _cpu(hub.pid)
                if side == "kinto":
                    r = kinto_restore(kinto.url, list(records), base / f"kinto{n}.db")  # type: ignore[attr-defined]
                else:
                    r = passerelle_restore(base, url, engine, sid, n)
                    r["cpu_hub_s"] = _cpu(hub.pid) - hub_cpu
                r.update(side=side, repeat=n, load=load, gc2=gc.get_stats()[2]["collections"] - full)
                rows.append(r)
                print(json.dumps(r), flush=True)
        _summary(rows, args)
    finally:
        hub.terminate()
        hub.wait()
        if kinto is not None:
            kinto.terminate()
            kinto.wait()
        engine.dispose()
        shutil.rmtree(base, ignore_errors=True)


def _summary(rows: list[dict], args) -> None:
    import statistics

    k = [r["s"] for r in rows if r["side"] == "kinto"]
    p = [r["s"] for r in rows if r["side"] == "passerelle"]
    ratios = [rk["s"] / rp["s"] for rk, rp in zip([r for r in rows if r["side"] == "kinto"],
                                                   [r for r in rows if r["side"] == "passerelle"])]
    print(f"kinto_median_s={statistics.median(k):.2f} passerelle_median_s={statistics.median(p):.2f} "
          f"ratio_median={statistics.median(ratios):.2f} ratios={[round(x, 2) for x in ratios]} "
          f"load={[round(r['load'], 1) for r in rows]} hub={args.hub}")


if __name__ == "__main__":
    main()
