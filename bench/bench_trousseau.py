"""Figure: reading the profile's key in keyring mode — keyring's search of a backend (what every opening paid
before ``profile.json`` named the backend holding the key) against the named backend imported alone, each in
a fresh process (as at start-up), interleaved, repeated.

Usage: ``python bench/bench_trousseau.py [--runs 9] [--backend keyring.backends.SecretService.Keyring]``.

On a machine without D-Bus (CI, this bench machine) the named backend cannot work: its import and its
viability check are still what is measured (a real desktop then reads the key in ~1 ms more), and the search
ends on keyring's « fail » backend after having imported and asked every backend it knows.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys

from _common import ROOT, header, median

SEARCH = r"""
import time
t = time.perf_counter()
from desktop_app.security import keys
kr = keys.trousseau()
kr.get_keyring()
print((time.perf_counter() - t) * 1000)
"""

NAMED = r"""
import sys, time
t = time.perf_counter()
from desktop_app.security import keys
keys._backend_nomme(sys.argv[1])
print((time.perf_counter() - t) * 1000)
"""


def _run(code: str, *args: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True,
                         timeout=120, cwd=ROOT)
    return float(out.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--backend", default="keyring.backends.SecretService.Keyring")
    args = parser.parse_args()
    header("Clé du profil en mode trousseau : recherche du trousseau par keyring vs trousseau noté dans profile.json")
    _run(SEARCH)  # bytecode written, caches warm
    search, named = [], []
    for i in range(args.runs):
        for kind in (("search", "named") if i % 2 == 0 else ("named", "search")):
            (search if kind == "search" else named).append(_run(SEARCH) if kind == "search" else
                                                           _run(NAMED, args.backend))
    load = os.getloadavg()
    s, n = median(search), median(named)
    print(f"  recherche par keyring (tous ses trousseaux importés et interrogés) : {s:.1f} ms (médiane de {args.runs})")
    print(f"  trousseau noté ({args.backend}) importé seul : {n:.1f} ms")
    print(f"  rapport : {s / n:.1f} × ; charge {load[0]:.1f} / {load[1]:.1f}")


if __name__ == "__main__":
    main()
