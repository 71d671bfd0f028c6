"""Figure: SQLCipher overhead on a write-heavy loop vs plain SQLite (target < 15 %).

Usage: ``python bench/bench_sqlcipher.py [--writes 20000] [--repeats 3]``. The same engine code
(``make_engine(..., encrypted=True/False)``: WAL, synchronous=FULL, foreign keys) and the same write path as
the app: one actualité per transaction through ``profile.session()`` (ORM flush + outbox row + clock), on a
profile holding a few hundred jeunes. Runs alternate plain/encrypted; medians are compared. "Plain" is the same
SQLCipher build (SQLite 3.53) opened without a key, so only the encryption differs (Python's own sqlite3, 3.40 here,
is too old for the schema since migration 0009).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import time
from pathlib import Path

from _common import BENCH_PASSPHRASE, OUT, header, median

TARGET = 0.15


def _profile(directory: Path, encrypted: bool):
    from desktop_app.db import engine as db_engine
    from desktop_app.services.profil import profile as service

    def unkeyed(path, _key, **kwargs):
        return db_engine.make_engine(path, None, **kwargs)

    original = service.make_engine
    service.make_engine = original if encrypted else unkeyed
    try:
        return service.create_profile(directory, structure_nom="Banc SQLCipher", user_nom="Martin",
                                      passphrase=BENCH_PASSPHRASE)
    finally:
        service.make_engine = original


def one_run(encrypted: bool, writes: int) -> tuple[float, float]:
    from desktop_app.db.models import Actualite, Jeune

    directory = OUT / f"sqlcipher-{'chiffre' if encrypted else 'clair'}-{os.getpid()}"
    shutil.rmtree(directory, ignore_errors=True)
    profile = _profile(directory, encrypted)
    try:
        with profile.engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
        assert (mode, sync) == ("wal", 2), (mode, sync)
        header_ = (directory / "passerelle.db").read_bytes()[:16]
        assert (header_ == b"SQLite format 3\x00") != encrypted, header_  # plain file iff no key
        with profile.session() as s:
            jeunes = [Jeune(structure_id=profile.structure_id, nom_naissance=f"Bénard-{i}", prenoms="Noé")
                      for i in range(300)]
            s.add_all(jeunes)
            s.commit()
            ids = [j.id for j in jeunes]
        day = dt.date(2026, 1, 5)
        started, cpu_started = time.perf_counter(), time.process_time()
        for i in range(writes):
            with profile.session() as s:
                s.add(Actualite(jeune_id=ids[i % len(ids)], date=day + dt.timedelta(days=i % 300),
                                duree_minutes=30, conseiller_id=profile.user_id, type="entretien_individuel",
                                modalite="telephone", note="Point sur la recherche d'emploi."))
                s.commit()
        return time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        profile.close()
        shutil.rmtree(directory, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    header(f"SQLCipher vs SQLite : {args.writes} actualités, une transaction chacune, WAL + synchronous=FULL")
    wall: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    for repeat in range(args.repeats):
        order = (False, True) if repeat % 2 == 0 else (True, False)
        for enc in order:
            seconds, cpu_seconds = one_run(enc, args.writes)
            wall[enc].append(seconds)
            cpu[enc].append(cpu_seconds)
            print(f"  essai {repeat + 1} {'chiffré' if enc else 'clair  '} : {seconds:.2f} s "
                  f"({args.writes / seconds:.0f} écritures/s), CPU {cpu_seconds:.2f} s", flush=True)
    for name, values in (("temps écoulé", wall), ("temps CPU du processus", cpu)):
        p, e = median(values[False]), median(values[True])
        overhead = e / p - 1
        print(f"Médianes ({name}) : clair {p:.2f} s, chiffré {e:.2f} s — surcoût {overhead * 100:+.1f} % "
              f"(objectif < {TARGET * 100:.0f} %) : {'atteint' if overhead < TARGET else 'MANQUÉ'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
