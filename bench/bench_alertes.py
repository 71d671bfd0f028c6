"""Auto-école alerts on the 100k profile (issue 18): ``alertes.alerts()`` against the screen's own list query.

Usage: ``python bench/bench_alertes.py [--profile DIR] [--rounds 5] [--ancien REV]``. DIR is the profile made by
``bench/make_dataset.py`` (default bench/out/profile-100k), only read. Each round times, interleaved, the floor —
``parcours.list_parcours()``, the query the auto-école screen runs anyway for its list — then ``alerts()``; the
ratio alerts / floor is printed with the load average before and after. ``--ancien REV`` also times once the
``alertes.py`` of git revision REV (e.g. ``320482b``, the per-parcours reading before the set queries), loaded
from git beside the current one, and checks that both give the same alerts.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BENCH_PASSPHRASE, DEFAULT_DATASET, ROOT, header

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)


def _load(rev: str):
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:desktop_app/services/auto_ecole/alertes.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "alertes_ancien.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("alertes_ancien", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["alertes_ancien"] = module
    spec.loader.exec_module(module)
    return module


def _timed(fn) -> tuple[float, float, object]:
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, result


def _key(a) -> tuple:
    return (a.date, a.jeune, a.parcours_id, a.kind, a.message)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ancien", metavar="REV")
    args = parser.parse_args()
    from desktop_app.services.auto_ecole import alertes
    from desktop_app.services.auto_ecole.parcours import list_parcours
    from desktop_app.services.profil.profile import open_profile
    from desktop_app.services.sync.horloge import aujourdhui

    header("Alertes auto-école (ce qui est dû) contre la liste des parcours de l'écran")
    profile = open_profile(args.profile)
    today = aujourdhui(profile)
    with profile.engine.connect() as conn:
        counts = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in (
            "jeune", "parcours_auto_ecole", "financement_ligne", "versement", "regroupement", "regroupement_presence")}
        actifs = conn.exec_driver_sql("SELECT count(*) FROM parcours_auto_ecole WHERE deleted = 0 AND statut IN "
                                      "('evaluation', 'en_cours', 'code_obtenu')").scalar()
    print("   " + ", ".join(f"{t} : {n}" for t, n in counts.items()) + f" ; parcours actifs : {actifs}")
    list_parcours(profile), alertes.alerts(profile, today)  # warm the page cache as a working session would be
    floor, wall, cpu = [], [], []
    for _ in range(args.rounds):
        load = os.getloadavg()[0]
        f_ms, _f_cpu, rows = _timed(lambda: list_parcours(profile))
        a_ms, a_cpu, found = _timed(lambda: alertes.alerts(profile, today))
        floor.append(f_ms)
        wall.append(a_ms)
        cpu.append(a_cpu)
        print(f"   tour : liste {f_ms:7.1f} ms ({len(rows)} parcours) · alertes {a_ms:7.1f} ms (CPU {a_cpu:7.1f} ms, "
              f"{len(found)} alertes) · ratio {a_ms / f_ms:5.2f} · charge {load:.2f} → {os.getloadavg()[0]:.2f}")
    print(f"alertes p50 {statistics.median(wall):.1f} ms (CPU p50 {statistics.median(cpu):.1f} ms), liste p50 "
          f"{statistics.median(floor):.1f} ms, ratio p50 {statistics.median(wall) / statistics.median(floor):.2f} "
          f"sur {args.rounds} tours")
    if args.ancien:
        ancien = _load(args.ancien)
        load = os.getloadavg()[0]
        o_ms, o_cpu, old = _timed(lambda: ancien.alerts(profile, today))
        n_ms, _n_cpu, new = _timed(lambda: alertes.alerts(profile, today))
        same = sorted(map(_key, old)) == sorted(map(_key, new))
        print(f"ancienne lecture ({args.ancien}) : {o_ms / 1000:.1f} s (CPU {o_cpu / 1000:.1f} s), nouvelle "
              f"{n_ms:.1f} ms dans la même passe : × {o_ms / n_ms:.0f} ; mêmes alertes : {'oui' if same else 'NON'} "
              f"({len(new)}) · charge {load:.2f} → {os.getloadavg()[0]:.2f}")
    profile.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
