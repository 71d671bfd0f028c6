"""Duplicate check p95 on the 100k profile (issue 14 figure: quick capture < 30 ms p95 over 100k jeunes).

Usage: ``python bench/bench_doublons.py [--profile DIR] [--runs 300] [--seed 1]``. DIR is the profile made by
``bench/make_dataset.py`` (default bench/out/profile-100k), opened read-only in use (nothing is written).
Times :func:`find_duplicates` as quick capture calls it (prénom, nom, téléphone of an existing dossier, no
birth date — the proposal case), as the dossier form calls it (names and birth date), and for a new person
(names and a phone nobody has) — each call opening its own session, as the services do.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

from _common import BENCH_PASSPHRASE, DEFAULT_DATASET, header

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _sample(profile, runs: int, seed: int):
    with profile.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT nom_naissance, prenoms, telephone, date_naissance FROM jeune "
            "WHERE deleted = 0 AND fusionne_dans_id IS NULL AND telephone IS NOT NULL").all()
    return random.Random(seed).sample(rows, min(runs, len(rows)))


def _time(label: str, calls, found) -> None:
    timings, cpu = [], []
    hits = 0
    for call in calls:
        started, started_cpu = time.perf_counter(), time.process_time()
        result = call()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        hits += found(result)
    # CPU time of this process: what the check costs once the machine is not shared (wall time includes waiting
    # for a core on a loaded machine).
    print(f"{label:<60} p50 {statistics.median(timings):6.1f} ms   p95 {_p95(timings):6.1f} ms   "
          f"max {max(timings):6.1f} ms   | CPU p50 {statistics.median(cpu):5.1f} ms  p95 {_p95(cpu):5.1f} ms   "
          f"({len(timings)} appels, {hits} avec le résultat attendu)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from desktop_app.services.jeunes.doublons import find_duplicates
    from desktop_app.services.profil.profile import open_profile

    header("Contrôle des doublons (saisie express, formulaire, nouvelle personne)")
    profile = open_profile(args.profile)
    with profile.engine.connect() as conn:
        print(f"   {conn.exec_driver_sql('SELECT count(*) FROM jeune').scalar()} jeunes dans {args.profile}")
    people = _sample(profile, args.runs, args.seed)
    for p in people[:20]:  # warm the page cache as a working session would be
        find_duplicates(profile, p.nom_naissance, p.prenoms, telephone=p.telephone)
    _time("saisie express : prénom, nom, téléphone d'un dossier existant",
          [lambda p=p: find_duplicates(profile, p.nom_naissance, p.prenoms, telephone=p.telephone) for p in people],
          lambda r: bool(r))
    _time("formulaire : noms et date de naissance d'un dossier existant",
          [lambda p=p: find_duplicates(profile, p.nom_naissance, p.prenoms, p.date_naissance) for p in people],
          lambda r: bool(r))
    rng = random.Random(args.seed + 1)
    _time("saisie express : une personne nouvelle (téléphone inconnu)",
          [lambda p=p: find_duplicates(profile, p.nom_naissance + "x", p.prenoms,
                                       telephone=f"07{rng.randrange(10**8):08d}") for p in people],
          lambda r: not r)
    profile.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
