"""Figure: ``passerelle demo --jeunes 100000`` in a fresh profile, timed from spawn to exit (target < 60 s).

Usage: ``python bench/bench_demo.py [--jeunes 100000] [--runs 1] [--keep]``. Each run uses a new directory
under bench/out/ (deleted afterwards unless --keep) in passphrase mode; the command prints its own fill time,
recorded too. The profile creation (argon2 derivation) and closing (final checkpoint) are in the wall time.
"""
from __future__ import annotations

import argparse
import re
import resource
import shutil
import time

from _common import OUT, header, median, passerelle_cmd, passphrase_env, timed_run

TARGET_S = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jeunes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    header(f"passerelle demo --jeunes {args.jeunes}")
    walls, fills, cpus = [], [], []
    for run in range(args.runs):
        directory = OUT / f"demo-{int(time.time())}-{run}"
        cmd = passerelle_cmd("--profile", str(directory), "demo", "--jeunes", str(args.jeunes))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            wall, out = timed_run(cmd, passphrase_env())
        finally:
            if not args.keep:
                shutil.rmtree(directory, ignore_errors=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        found = re.search(r"en ([\d.]+) s", out)
        fill = float(found.group(1)) if found else float("nan")
        actualites = re.search(r"Actualités : (\d+)", out)
        walls.append(wall)
        fills.append(fill)
        cpus.append(cpu)
        print(f"  essai {run + 1} : {wall:.1f} s de bout en bout (remplissage annoncé {fill:.1f} s, "
              f"{actualites.group(1) if actualites else '?'} actualités) ; temps CPU du processus {cpu:.1f} s "
              f"(utilisateur + système, tous fils)", flush=True)
    best = median(walls)
    print(f"Médiane : {best:.1f} s de bout en bout, remplissage {median(fills):.1f} s — objectif < {TARGET_S:.0f} s : "
          f"{'atteint' if best < TARGET_S else 'MANQUÉ'} ; CPU médian {median(cpus):.1f} s (sur une machine chargée par "
          "d'autres processus, le temps écoulé dépasse le temps CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
