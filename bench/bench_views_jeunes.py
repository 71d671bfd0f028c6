"""Jeunes screens figures (issue 3): keystroke to repainted list, opening a dossier with 200 timeline items,
RSS with the list open — on the 100k-jeune bench profile, Qt offscreen.

Usage: ``python bench/bench_views_jeunes.py [--profile bench/out/profile-100k] [--rounds 10]``
(passphrase mode: PASSERELLE_PASSPHRASE, the bench value by default; make the profile with
``python bench/make_dataset.py`` or ``passerelle --profile DIR demo --jeunes 100000``).

* keystroke → repainted list: each character of a few searches is typed into the search box (QTest), then
  the clock runs from the keystroke to the list repainted with its first rows read — the work done once the
  150 ms debounce has fired (the debounce itself is a fixed, deliberate wait, reported apart);
* dossier: a jeune marked ``identifiant_externe = BANC-DOSSIER-200`` gets (once) a timeline of 200 items
  written through the services; the clock runs from creating the window to its first paint with form and
  timeline filled;
* RSS: resident memory (VmRSS) with the list open after scrolling through it, and the peak (VmHWM).
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
from _common import BENCH_PASSPHRASE, DEFAULT_DATASET, header  # noqa: E402

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEARCHES = ("martin", "eloise nd", "lefevre", "sarcelles", "06 12", "garcia lea", "nguyen", "ben")
MARK = "BANC-DOSSIER-200"


def rss_mb() -> tuple[float, float]:
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def wait(app, predicate, timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        app.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("délai dépassé")
        time.sleep(0.0005)


def keystrokes(app, screen) -> tuple[list[float], list[float], list[float]]:
    """Per keystroke: wall ms (keystroke → list repainted), ms spent in the services' queries, CPU ms of the
    process (both threads: tells the cost apart from the waiting on a shared machine)."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest

    from desktop_app.services.jeunes import recherche

    spent = [0.0]
    real_ids, real_rows = recherche.search_ids, recherche.rows_for

    def timed(fn):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += (time.perf_counter() - started) * 1000
        return run

    recherche.search_ids, recherche.rows_for = timed(real_ids), timed(real_rows)
    painted: list[bool] = []

    class PaintSpy(QObject):
        def eventFilter(self, _watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    spy = PaintSpy()
    screen.table.viewport().installEventFilter(spy)
    timings, queries, cpu = [], [], []
    for text in SEARCHES:
        screen.search.clear()
        screen.refresh()
        wait(app, lambda: screen.idle())
        app.processEvents()
        for char in text:
            spent[0] = 0.0
            before = screen.results_shown
            started, cpu_started = time.perf_counter(), time.process_time()
            QTest.keyClick(screen.search, char if char != " " else Qt.Key.Key_Space)
            screen._timer.stop()  # the debounce: skipped here, its 150 ms are a deliberate wait
            screen.refresh()
            wait(app, lambda b=before: screen.results_shown > b)
            painted.clear()
            app.processEvents()  # the repaint Qt scheduled for the new rows (none when nothing changed)
            if not painted:
                screen.table.viewport().repaint()
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            queries.append(spent[0])
    recherche.search_ids, recherche.rows_for = real_ids, real_rows
    screen.table.viewport().removeEventFilter(spy)
    return timings, queries, cpu


def dossier_jeune(profile) -> str:
    """The id of the bench jeune with 200 timeline items (written once through the services)."""
    from sqlalchemy import text

    from desktop_app.services.jeunes import dossier as jeunes
    from desktop_app.services.jeunes import chronologie as timeline

    with profile.engine.connect() as conn:
        found = conn.execute(text("SELECT id FROM jeune WHERE identifiant_externe = :m"), {"m": MARK}).scalar()
    if found:
        return found
    jeune = jeunes.create_jeune(profile, {"nom_naissance": "Banc-d'Essai", "prenoms": "Éloïse",
                                          "date_naissance": "14/02/2004", "identifiant_externe": MARK})
    today = dt.date.today()
    for n in range(200):
        day = today - dt.timedelta(days=3 * n)
        kind = n % 10
        if kind < 6:
            timeline.add_actualite(profile, jeune.id, date=day, type="entretien_individuel", duree_minutes=30,
                                   note=f"Entretien n° {n} : point sur la recherche de stage.")
        elif kind < 8:
            timeline.add_proposition(profile, jeune.id, theme="formation", libelle=f"Formation {n}",
                                     date_proposition=day)
        elif kind == 8:
            timeline.add_frein(profile, jeune.id, theme="mobilite", item="Pas de permis", date_identification=day)
        else:
            timeline.add_situation(profile, jeune.id, categorie="emploi", date_debut=day, employeur="Boulangerie")
    return jeune.id


def open_dossiers(app, context, jeune_id: str, rounds: int) -> tuple[list[float], list[float], int]:
    from desktop_app.views.jeunes.dossier import DossierWindow

    timings, cpu, items = [], [], 0
    for _ in range(rounds + 1):
        started, cpu_started = time.perf_counter(), time.process_time()
        window = DossierWindow(context, jeune_id)
        window.show()
        wait(app, lambda: window.is_loaded)
        window.repaint()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        items = window.timeline.tree.topLevelItemCount()
        window.close()
        app.processEvents()
    return timings[1:], cpu[1:], items  # the first opening also imports the modules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default=str(DEFAULT_DATASET))
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop_app.services.profil.profile import open_profile
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.kit.bus import DataBus
    from desktop_app.views.jeunes.liste import DEBOUNCE_MS, JeunesScreen
    from desktop_app.views.shell.sections import ShellContext
    from desktop_app.views.kit.tasks import TaskRunner

    header("Écrans Jeunes (liste, dossier)")
    app = QApplication([])
    profile = open_profile(args.profile)
    with profile.engine.connect() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM jeune").scalar()
        actualites = conn.exec_driver_sql("SELECT count(*) FROM actualite").scalar()
    print(f"   profil {args.profile} : {total} jeunes, {actualites} actualités")
    jeune_id = dossier_jeune(profile)
    context = ShellContext(profile=profile, tasks=TaskRunner(), bus=DataBus(), settings=Settings(profile.settings_path))

    started = time.perf_counter()
    screen = JeunesScreen(context)
    screen.resize(1280, 720)
    screen.show()
    wait(app, lambda: screen.model.rowCount() > 0)
    screen.table.viewport().repaint()
    print(f"liste_ouverture_ms={(time.perf_counter() - started) * 1000:.1f}  ({screen.count.text()})")

    timings, queries, cpu = keystrokes(app, screen)
    own = [t - q for t, q in zip(timings, queries)]
    print(f"frappe_liste_ms p50={statistics.median(timings):.1f} p95={p95(timings):.1f} max={max(timings):.1f} "
          f"(n={len(timings)} frappes ; + {DEBOUNCE_MS} ms d'anti-rebond volontaire)")
    print(f"  dont requêtes search_ids+rows_for p50={statistics.median(queries):.1f} p95={p95(queries):.1f} ; "
          f"écran seul (file d'attente, modèle, repeinte) p50={statistics.median(own):.1f} p95={p95(own):.1f}")
    print(f"  temps CPU du processus par frappe p50={statistics.median(cpu):.1f} p95={p95(cpu):.1f}")

    screen.search.clear()
    screen.refresh()
    wait(app, lambda: screen.model.rowCount() > 50_000)
    bar = screen.table.verticalScrollBar()
    for fraction in (0.1, 0.25, 0.5, 0.75, 1.0, 0.0):
        bar.setValue(int(bar.maximum() * fraction))
        row = screen.table.rowAt(10)
        wait(app, lambda r=row: screen.model.cached_row(r) is not None)
        screen.table.viewport().repaint()
    rss, peak = rss_mb()
    print(f"rss_liste_mb={rss:.0f} (pic {peak:.0f} Mo) après défilement de {screen.model.rowCount()} lignes")

    opened, cpu_opened, items = open_dossiers(app, context, jeune_id, args.rounds)
    print(f"ouverture_dossier_ms p50={statistics.median(opened):.1f} max={max(opened):.1f} "
          f"(n={len(opened)}, {items} éléments de chronologie affichés ; CPU p50={statistics.median(cpu_opened):.1f})")
    context.tasks.shutdown()
    profile.close()
    sys.stdout.flush()
    os._exit(0)  # PySide6 6.12 + Python 3.11: skip the finalizer (see the report on Signal.emit and Py_True)


if __name__ == "__main__":
    main()
