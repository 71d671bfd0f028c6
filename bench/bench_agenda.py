"""Agenda figures (issue 15): the week view of one conseiller on the 100k-jeune demo profile (its rendez-vous come
from the demo: past with outcomes, coming weeks, collective sessions) — target < 100 ms.

Measured in the same run: the floor (one SQL count of that conseiller's week on the same encrypted database), the
service (:func:`desktop_app.services.agenda.lecture.semaine`: rendez-vous with jeunes, lieux, overlaps, and the
sessions of ateliers and permanences), and the screen from the request to the painted grid (the service on the
database thread, then the grid laid out and painted offscreen).

Usage: ``python bench/bench_agenda.py [--dir bench/out/profile-100k-agenda] [--jeunes 100000] [--rounds 30]``
(an existing profile in DIR is reused).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_PASSPHRASE, OUT, header  # noqa: E402

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def describe(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"p50 {statistics.median(samples):.1f} ms, p90 {samples[int(0.9 * (len(samples) - 1))]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=OUT / "profile-100k-agenda")
    parser.add_argument("--jeunes", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    header(f"Agenda : vue semaine d'un conseiller ({args.jeunes} jeunes)")
    from make_dataset import build

    build(args.dir, args.jeunes, 1)

    from sqlalchemy import text

    from desktop_app.services.agenda.lecture import lundi, semaine
    from desktop_app.services.profil.profile import open_profile

    profile = open_profile(args.dir)
    with profile.engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM rendez_vous")).scalar()
        participants = conn.execute(text("SELECT count(*) FROM rendez_vous_participant")).scalar()
        # the demo's reference day is its fill's day: the week of the newest past rendez-vous is a full one
        jour = dt.date.fromisoformat(conn.execute(text(
            "SELECT max(date) FROM rendez_vous WHERE statut <> 'prevu'")).scalar())
        debut = lundi(jour)
        fin = debut + dt.timedelta(days=6)
        conseiller, n_semaine = conn.execute(text(
            "SELECT conseiller_id, count(*) AS n FROM rendez_vous WHERE date BETWEEN :d AND :f "
            "GROUP BY conseiller_id ORDER BY n DESC LIMIT 1"), {"d": debut.isoformat(), "f": fin.isoformat()}).one()
        plan = conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT * FROM rendez_vous WHERE deleted = 0 AND date >= :d AND date <= :f "
            "AND conseiller_id = :c"), {"d": debut.isoformat(), "f": fin.isoformat(), "c": conseiller}).all()
    print(f"  {total} rendez-vous, {participants} participants ; semaine du {debut:%d/%m/%Y} : "
          f"{n_semaine} rendez-vous du conseiller le plus chargé")
    print("  plan :", " / ".join(row[-1] for row in plan))
    # the service reads as that conseiller (its own agenda)
    profile.user_id = conseiller

    def floor():
        with profile.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM rendez_vous WHERE deleted = 0 AND conseiller_id = :c "
                              "AND date BETWEEN :d AND :f"),
                         {"c": conseiller, "d": debut.isoformat(), "f": fin.isoformat()}).scalar()

    vue = semaine(profile, jour)
    print(f"  vue : {len(vue.rendez_vous)} rendez-vous, {len(vue.seances)} séances, "
          f"{sum(r.chevauche for r in vue.rendez_vous)} en chevauchement")
    floor_ms = timed(floor, args.rounds)
    service_ms = timed(lambda: semaine(profile, jour), args.rounds)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from desktop_app.views.agenda.grille import GrilleAgenda

    grille = GrilleAgenda()
    grille.resize(1000, 620)
    grille.show()
    jours = [debut + dt.timedelta(days=i) for i in range(5)]

    def screen():
        agenda = semaine(profile, jour)
        grille.set_agenda(jours, jour, agenda)
        grille.repaint()
        app.processEvents()

    screen_ms = timed(screen, args.rounds)
    print(f"  plancher (un COUNT SQL de la semaine) : {describe(floor_ms)}")
    print(f"  service semaine() : {describe(service_ms)}")
    print(f"  demande → grille peinte : {describe(screen_ms)} (objectif < 100 ms)")
    print(f"  charge moyenne (1 min) : {os.getloadavg()[0]:.2f}")
    profile.close()


if __name__ == "__main__":
    main()
