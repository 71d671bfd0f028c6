"""The randomized field scenario of ``tests/sync/test_sync_convergence.py``, longer and over more seeds, and the
time of a sync round with 5 laptops.

Prints, per seed: steps, laptops, cuts made, rounds to quiet (target ≤ 3); then the time of one whole round
(5 laptops, each pushing 10 field edits and pulling the others'), median of the repeats, with the load
average. A real hub (uvicorn on 127.0.0.1, SQLite), loopback only, bounded in steps.

    .venv/bin/python bench/convergence.py --seeds 20 --steps 200
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _keyring() -> None:
    import keyring

    from tests.support.keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


def scenario(seed: int, steps: int, devices: int) -> tuple[int, int, float]:
    import pytest

    from tests.support import convergence as cs
    from tests.support.sync import HubServer

    with tempfile.TemporaryDirectory() as tmp:
        hub = HubServer(f"sqlite:///{Path(tmp) / 'hub.db'}").start()
        mp = pytest.MonkeyPatch()
        try:
            started = time.perf_counter()
            world = cs.run(hub, Path(tmp), seed, mp, n_devices=devices, steps=steps)
            elapsed = time.perf_counter() - started
            for p in world.devices:
                p.close()
            return world.rounds_to_quiet, world.cuts.count, elapsed
        finally:
            mp.undo()
            hub.stop()


def round_time(repeats: int, edits: int = 10) -> list[float]:
    from desktop_app.db.models import Jeune
    from desktop_app.services.sync import echanges as sync_service
    from tests.support.sync import HubServer, add_jeune, enrolled

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubServer(f"sqlite:///{Path(tmp) / 'hub.db'}").start()
        try:
            sid = hub.structure("ML Tour")
            laptops = [enrolled(hub, Path(tmp), f"poste{i}", sid) for i in range(5)]
            ids = [add_jeune(laptops[0], nom=f"Jeune{i}") for i in range(50)]
            for p in laptops * 2:
                sync_service.sync_once(p)
            for r in range(repeats):
                for i, p in enumerate(laptops):
                    with p.session() as s:
                        for k in range(edits):
                            j = s.get(Jeune, ids[(i * edits + k) % len(ids)])
                            j.commune = f"Commune {r}-{i}-{k}"
                        s.commit()
                started = time.perf_counter()
                for p in laptops:
                    sync_service.sync_once(p)
                times.append(time.perf_counter() - started)
            for p in laptops:
                p.close()
        finally:
            hub.stop()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--devices", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    _keyring()
    worst = 0
    for seed in range(1, args.seeds + 1):
        rounds, cuts, elapsed = scenario(seed, args.steps, args.devices)
        worst = max(worst, rounds)
        print(f"graine {seed:3d} : {args.steps} étapes, {args.devices} postes, {cuts} coupures, "
              f"{rounds} tour(s) jusqu'au calme, {elapsed:.1f} s", flush=True)
    print(f"pire nombre de tours jusqu'au calme : {worst} (objectif ≤ 3)")
    times = round_time(args.repeats)
    load = os.getloadavg()
    print(f"tour de synchronisation à 5 postes (10 modifications chacun) : médiane {statistics.median(times):.3f} s, "
          f"min {min(times):.3f} s, max {max(times):.3f} s sur {len(times)} ; charge {load[0]:.2f}")


if __name__ == "__main__":
    main()
