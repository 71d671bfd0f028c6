"""Hub under load: N devices push K ops per round and pull the others' changes, for a bounded time, against
one or more hub processes on SQLite or PostgreSQL — loopback only (127.0.0.1).

Usage::

    python bench/bench_hub_charge.py [--devices 50] [--ops 20] [--structures 5] [--seconds 20] [--warmup 3]
        [--backends sqlite,postgresql] [--processes 1,2,4] [--repeats 1]
        [--tree this=.] [--tree main=/work/main] [--mode ports|workers]

Each ``--tree NAME=DIR`` is a checkout whose hub is started as ``python -m hub.cli serve`` with ``DIR`` as its
working directory (so that its own ``hub`` package is imported); trees are run one after the other for every
configuration (interleaved), ``--repeats`` times. ``--mode ports`` starts P separate processes on P ports (the
devices are spread over them: works with any tree); ``--mode workers`` starts one ``serve --workers P`` (one
port). PostgreSQL: a scratch database (``--pg-database``, default ``hub_bench``) is dropped and created again
for every run through ``--pg-admin`` (never the ``test`` database).

A device is an async httpx client (the devices are spread over ``--client-procs`` processes). One round: push
K ops (gzip JSON, as the application sends them: a quarter creations of jeunes, half creations of actualités
pointing at one of its jeunes, a quarter edits of one of its jeunes), then pull by cursor until the page says
no more. Printed per run: ops applied per second over the measured window, round p50/p95, ops refused (must be
0), the load average, the hub processes' CPU time, and the ratio against the 2 000 ops/s target.
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TARGET = 2000.0
HEADERS = {"X-Passerelle-Protocol": "1", "X-Passerelle-Schema": "1"}
_SETUP = """
import sys
from hub import auth
from hub.db import make_engine
engine = make_engine(sys.argv[1])
n, structures = int(sys.argv[2]), int(sys.argv[3])
sids = [auth.add_structure(engine, f"ML banc {i}") for i in range(structures)]
for i in range(n):
    sid = sids[i % structures]
    print(sid, auth.create_code(engine, sid, f"Poste {i}"))
engine.dispose()
"""


# In process (``--cpu``): the hub's CPU per op without HTTP — token check, push, then pulls until the page says no
# more, each device in turn (no concurrency: the CPU time of the calls is the cost, whatever the machine's load).
# Run in a subprocess with the tree as its working directory, so that its own ``hub`` package is measured.
_CPU = """
import json, sys, time, uuid, cProfile, pstats
sys.path.insert(0, sys.argv[6])
from bench_hub_charge import Device
from desktop_app.sync import wire
from hub import auth, store
from hub.db import make_engine
engine = make_engine(sys.argv[1])
n, k, rounds, warmup = (int(a) for a in sys.argv[2:6])
profile = sys.argv[7] if len(sys.argv) > 7 else ""
sid = auth.add_structure(engine, "ML banc")
devices = []
for i in range(n):
    device_id = str(uuid.uuid4())
    cred = auth.enroll(engine, auth.create_code(engine, sid, f"Poste {i}"), device_id)["credential"]
    token, _ttl = auth.issue_token(engine, device_id, cred)
    d = Device({"device_id": device_id, "structure_id": sid, "url": "", "token": token})
    devices.append(d)
push_cpu = pull_cpu = empty_cpu = 0.0
applied = pulled = pulls = empties = 0
prof = cProfile.Profile(time.process_time) if profile else None
for r in range(warmup + rounds):
    measured = r >= warmup
    for d in devices:
        body = wire.PushRequest.model_validate({"protocol": 1, "schema_version": 1, "seen": d.cursor,
                                                "ops": d.ops(k)})
        if prof and measured: prof.enable()
        t = time.process_time()
        who = auth.authenticate(engine, d.token)
        answer = store.push(engine, who, body)
        t1 = time.process_time()
        if prof and measured: prof.disable()
        base = d.cursor
        while True:
            if prof and measured: prof.enable()
            t2 = time.process_time()
            who = auth.authenticate(engine, d.token)
            page = store.pull_page_json(engine, who, d.cursor, 1000, base)
            t3 = time.process_time()
            if prof and measured: prof.disable()
            data = json.loads(page)
            d.cursor = data["next"]
            if measured:
                pull_cpu += t3 - t2
                pulls += 1
                pulled += len(data["changes"])
            if not data["more"]:
                break
        if measured:
            push_cpu += t1 - t
            applied += answer.applied
    if measured:  # an empty pull per device: nothing new since its cursor
        for d in devices:
            while True:  # catch up first (the others pushed after this device's pull)
                data = json.loads(store.pull_page_json(engine, auth.authenticate(engine, d.token), d.cursor, 1000))
                d.cursor = data["next"]
                if not data["more"]:
                    break
            t = time.process_time()
            who = auth.authenticate(engine, d.token)
            page = store.pull_page_json(engine, who, d.cursor, 1000, d.cursor)
            empty_cpu += time.process_time() - t
            empties += 1
            assert '"changes":[]' in page, page[:200]
if prof:
    pstats.Stats(prof).sort_stats("cumulative").dump_stats(profile)
print(json.dumps({"applied": applied, "pulled": pulled, "pulls": pulls, "push_cpu": push_cpu, "pull_cpu": pull_cpu,
                  "empty_us": empty_cpu / empties * 1e6}))
engine.dispose()
"""


def cpu_once(name: str, root: Path, backend: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-hub-cpu-") as tmp:
        url = _database(backend, args, Path(tmp))
        cmd = [sys.executable, "-c", _CPU, url, str(args.cpu_devices), str(args.ops), str(args.cpu_rounds),
               "2", str(Path(__file__).resolve().parent)]
        if args.profile:
            cmd.append(str(Path(args.profile).resolve()) + f".{name}.{backend}")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        load = os.getloadavg()[0]
        out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
        if out.returncode:
            raise RuntimeError(out.stderr[-3000:])
        r = json.loads(out.stdout.strip().splitlines()[-1])
    return {"tree": name, "backend": backend, "load": load, **r,
            "push_us": r["push_cpu"] / max(r["applied"], 1) * 1e6, "pull_us": r["pull_cpu"] / max(r["pulled"], 1) * 1e6,
            "round_us": (r["push_cpu"] + r["pull_cpu"]) / max(r["applied"], 1) * 1e6}


def _cpu_line(r: dict) -> str:
    return (f"{r['tree']:>6} {r['backend']:>10}  push {r['push_us']:6.0f} µs CPU par op appliquée  "
            f"pull {r['pull_us']:6.0f} µs CPU par changement reçu ({r['pulled']} en {r['pulls']} pages)  "
            f"tour {r['round_us']:6.0f} µs par op  pull vide {r['empty_us']:5.0f} µs  charge {r['load']:.1f}")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, procs: list[subprocess.Popen], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("le serveur s'est arrêté au démarrage")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("le serveur ne répond pas")


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process and its reaped children (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _tree_cpu(pid: int) -> float:
    total = _cpu(pid)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return total + sum(_tree_cpu(int(c)) for c in children)


# --- a device ---------------------------------------------------------------------------------------

class Device:
    def __init__(self, info: dict) -> None:
        self.id, self.structure = info["device_id"], info["structure_id"]
        self.base_url, self.token = info["url"], info["token"]
        self.counter, self.cursor, self.n = 0, 0, 0
        self.jeunes: list[str] = []
        self.rng = random.Random(self.id)

    def _clock(self) -> str:
        self.n += 1
        return f"{time.time_ns() // 1_000_000:013d}.{self.n:04d}.{self.id}"

    def _op(self, table: str, row_id: str, fields: dict) -> dict:
        self.counter += 1
        clock = self._clock()
        return {"device": self.id, "counter": self.counter, "table": table, "row_id": row_id,
                "fields": fields, "clocks": dict.fromkeys(fields, clock)}

    def ops(self, k: int) -> list[dict]:
        out, now = [], time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        for i in range(k):
            kind = i % 4
            if kind == 0 or not self.jeunes:
                row_id = str(uuid.uuid4())
                self.jeunes.append(row_id)
                out.append(self._op("jeune", row_id, {"created_at": now, "structure_id": self.structure,
                                                      "nom_naissance": f"Banc {self.counter}", "prenoms": "Essai"}))
            elif kind == 3:
                out.append(self._op("jeune", self.rng.choice(self.jeunes), {"nom_usage": f"Usage {self.counter}"}))
            else:
                out.append(self._op("actualite", str(uuid.uuid4()), {
                    "created_at": now, "date": "2026-12-01", "jeune_id": self.rng.choice(self.jeunes),
                    "type": "entretien_individuel", "duree_minutes": 30}))
        return out

    async def round(self, client, k: int) -> tuple[int, int, int]:
        """(applied, refused, changes pulled)."""
        body = gzip.compress(json.dumps({"protocol": 1, "schema_version": 1, "seen": self.cursor,
                                         "ops": self.ops(k)}).encode(), 5)
        auth = {**HEADERS, "Authorization": f"Bearer {self.token}"}
        r = await client.post(f"{self.base_url}/v1/sync/push", content=body,
                              headers={**auth, "Content-Type": "application/json", "Content-Encoding": "gzip"})
        r.raise_for_status()
        answer = r.json()
        pulled, base = 0, self.cursor
        while True:
            r = await client.get(f"{self.base_url}/v1/sync/pull",
                                 params={"since": self.cursor, "base": base, "limit": 1000}, headers=auth)
            r.raise_for_status()
            page = r.json()
            pulled += len(page["changes"])
            self.cursor = page["next"]
            if not page["more"]:
                break
        return answer["applied"], len(answer["rejected"]) + len(answer.get("dropped", [])), pulled


async def _devices_main(infos: list[dict], k: int, start: float, stop: float) -> list[tuple]:
    import httpx

    results: list[tuple] = []

    async def run(info: dict) -> None:
        device = Device(info)
        async with httpx.AsyncClient(timeout=60) as client:
            while time.monotonic() < start:  # everyone starts together
                await asyncio.sleep(0.01)
            while time.monotonic() < stop:
                began = time.monotonic()
                applied, refused, pulled = await device.round(client, k)
                results.append((began, time.monotonic(), applied, refused, pulled))

    await asyncio.gather(*(run(i) for i in infos))
    return results


def _client_proc(infos: list[dict], k: int, ready, go, out) -> None:
    """A process of devices: says when it is ready (imports done), waits for the start, sends its rounds."""
    import httpx  # noqa: F401  (imported before the start is given)

    ready.put(len(infos))
    start, stop = go.get()
    out.put(asyncio.run(_devices_main(infos, k, start, stop)))


def _drive(groups: list[list[dict]], k: int, warmup: float, seconds: float) -> tuple[list[tuple], float, float]:
    """Run the device processes together; their rounds, the start of the measured window and its end."""
    ctx = multiprocessing.get_context("spawn")
    ready, go, out = ctx.Queue(), ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=_client_proc, args=(g, k, ready, go, out)) for g in groups]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=300)
    start = time.monotonic() + 0.5
    measure_from, stop = start + warmup, start + warmup + seconds
    for _ in procs:
        go.put((start, stop))
    parts = [out.get(timeout=seconds + warmup + 300) for _ in procs]
    for p in procs:
        p.join(30)
    return [r for part in parts for r in part], measure_from, stop


def _enrol(urls: list[str], codes: list[tuple[str, str]]) -> list[dict]:
    import httpx

    infos = []
    with httpx.Client(timeout=60) as client:
        for i, (sid, code) in enumerate(codes):
            url, device_id = urls[i % len(urls)], str(uuid.uuid4())
            r = client.post(f"{url}/v1/enroll", json={"code": code, "device_id": device_id}, headers=HEADERS)
            r.raise_for_status()
            credential = r.json()["credential"]
            r = client.post(f"{url}/v1/token", json={"device_id": device_id, "credential": credential},
                            headers=HEADERS)
            r.raise_for_status()
            infos.append({"device_id": device_id, "structure_id": sid, "url": url,
                          "token": r.json()["access_token"]})
    return infos


# --- one run ------------------------------------------------------------------------------------------

def _database(backend: str, args, tmp: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'hub.db'}"
    import psycopg

    with psycopg.connect(args.pg_admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.pg_database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.pg_database}"')
    admin = args.pg_admin.rsplit("/", 1)[0]
    return f"{admin.replace('postgresql://', 'postgresql+psycopg://')}/{args.pg_database}"


def _start(root: Path, url: str, processes: int, mode: str) -> tuple[list[subprocess.Popen], list[str]]:
    cmd = [sys.executable, "-m", "hub.cli", "--database", url, "serve", "--host", "127.0.0.1"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if mode == "workers":
        port = _port()
        extra = ["--workers", str(processes)] if processes > 1 else []
        procs = [subprocess.Popen(cmd + ["--port", str(port), *extra], cwd=root, env=env)]
        _wait(port, procs)
        return procs, [f"http://127.0.0.1:{port}"]
    procs, urls = [], []
    for _ in range(processes):
        port = _port()
        procs.append(subprocess.Popen(cmd + ["--port", str(port)], cwd=root, env=env))
        _wait(port, procs)  # one after the other: the first one migrates the database
        urls.append(f"http://127.0.0.1:{port}")
    return procs, urls


def run_once(name: str, root: Path, backend: str, processes: int, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        url = _database(backend, args, Path(tmp))
        setup = subprocess.run([sys.executable, "-c", _SETUP, url, str(args.devices), str(args.structures)],
                               cwd=root, capture_output=True, text=True, check=True)
        codes = [tuple(line.split()) for line in setup.stdout.splitlines() if line.strip()]
        procs, urls = _start(root, url, processes, args.mode)
        try:
            infos = _enrol(urls, codes)
            groups = [infos[i::args.client_procs] for i in range(args.client_procs)]
            cpu0 = sum(_tree_cpu(p.pid) for p in procs)
            load0 = os.getloadavg()[0]
            rounds, measure_from, stop = _drive(groups, args.ops, args.warmup, args.seconds)
            cpu = sum(_tree_cpu(p.pid) for p in procs) - cpu0
            load1 = os.getloadavg()[0]
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    p.kill()
    every = rounds
    rounds = [r for r in rounds if measure_from <= r[1] <= stop]  # rounds ending in the window
    window = args.seconds
    applied = sum(r[2] for r in rounds)
    durations = sorted(r[1] - r[0] for r in rounds) or [0.0]
    p95 = durations[min(len(durations) - 1, int(0.95 * len(durations)))]
    return {"tree": name, "backend": backend, "processes": processes, "ops_s": applied / window,
            "p50": statistics.median(durations), "p95": p95, "rounds": len(rounds),
            "refused": sum(r[3] for r in rounds), "pulled_s": sum(r[4] for r in rounds) / window,
            "load": f"{load0:.1f}–{load1:.1f}", "hub_cpu": cpu,
            # ops applied per second of the hub processes' CPU (over the whole run, warm-up included): what one
            # core given to the hub would apply, whatever the machine's load (PostgreSQL's own CPU not counted)
            "ops_cpu": sum(r[2] for r in every) / cpu if cpu else 0.0}


def _line(r: dict) -> str:
    return (f"{r['tree']:>6} {r['backend']:>10} ×{r['processes']}  {r['ops_s']:7.0f} ops/s  "
            f"({r['ops_s'] / TARGET:4.2f}× l'objectif)  tour p50 {r['p50'] * 1000:5.0f} ms  p95 {r['p95'] * 1000:5.0f} ms  "
            f"tours {r['rounds']:4d}  refusées {r['refused']}  reçues {r['pulled_s']:6.0f}/s  "
            f"CPU hub {r['hub_cpu']:5.1f} s ({r['ops_cpu']:5.0f} ops par s de CPU du hub)  charge {r['load']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--ops", type=int, default=20, help="ops per push (per round)")
    parser.add_argument("--structures", type=int, default=5, help="devices spread over this many structures")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--mode", choices=["ports", "workers"], default="ports")
    parser.add_argument("--client-procs", type=int, default=2)
    parser.add_argument("--tree", action="append", metavar="NAME=DIR",
                        help="a checkout to run (repeatable; default: this one)")
    parser.add_argument("--pg-admin", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--pg-database", default="hub_bench")
    parser.add_argument("--cpu", action="store_true", help="in process: the hub's CPU per op, no HTTP")
    parser.add_argument("--cpu-devices", type=int, default=10, help="--cpu: devices of one structure")
    parser.add_argument("--cpu-rounds", type=int, default=5, help="--cpu: measured rounds (after 2 of warm-up)")
    parser.add_argument("--profile", help="--cpu: write cProfile stats to PROFILE.<tree>.<backend>")
    args = parser.parse_args()
    if args.pg_database == "test":
        parser.error("jamais la base « test » des essais")
    trees = [t.split("=", 1) for t in (args.tree or [f"this={Path(__file__).resolve().parent.parent}"])]
    print(f"== charge du hub : {args.devices} postes, {args.structures} structure(s), {args.ops} ops par envoi, "
          f"{args.seconds:g} s mesurées (+{args.warmup:g} s d'échauffement), mode {args.mode} — "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cœurs", flush=True)
    results = []
    if args.cpu:
        print(f"== en processus : {args.cpu_devices} postes d'une structure, {args.cpu_rounds} tours mesurés", flush=True)
        for _ in range(args.repeats):
            for backend in args.backends.split(","):
                for name, root in trees:
                    print(_cpu_line(cpu_once(name, Path(root).resolve(), backend, args)), flush=True)
        return
    for _ in range(args.repeats):
        for backend in args.backends.split(","):
            for processes in (int(p) for p in args.processes.split(",")):
                for name, root in trees:
                    r = run_once(name, Path(root).resolve(), backend, processes, args)
                    results.append(r)
                    print(_line(r), flush=True)
    if len(trees) > 1 or args.repeats > 1:
        print("== médianes")
        for backend in args.backends.split(","):
            for processes in (int(p) for p in args.processes.split(",")):
                med = {}
                for name, _root in trees:
                    rs = [r for r in results if (r["tree"], r["backend"], r["processes"]) == (name, backend, processes)]
                    med[name] = statistics.median(r["ops_s"] for r in rs)
                    p95 = statistics.median(r["p95"] for r in rs)
                    per_cpu = statistics.median(r["ops_cpu"] for r in rs)
                    print(f"{name:>6} {backend:>10} ×{processes}  {med[name]:7.0f} ops/s "
                          f"({med[name] / TARGET:4.2f}× l'objectif)  p95 {p95 * 1000:5.0f} ms  "
                          f"{per_cpu:5.0f} ops par s de CPU du hub")
                if len(trees) > 1 and med.get(trees[1][0]):
                    print(f"       rapport {trees[0][0]}/{trees[1][0]} : {med[trees[0][0]] / med[trees[1][0]]:.2f}×")


if __name__ == "__main__":
    main()
