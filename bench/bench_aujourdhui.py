"""Home screen « Aujourd'hui » figures (issue 15) on the 100k-jeune bench profile, Qt offscreen.

Usage: ``python bench/bench_aujourdhui.py [--profile bench/out/profile-100k] [--rounds 7]`` (passphrase mode:
PASSERELLE_PASSPHRASE, the bench value by default; make the profile with ``python bench/make_dataset.py``).

* À faire: ``a_faire.elements`` for the profile's user (its ~250 jeunes among 100 000: what the home screen and
  ``passerelle a-faire`` compute), against a floor measured in the same run: one indexed read of that
  conseiller's jeunes (``SELECT … FROM jeune WHERE referent_id = ?``). The whole structure (``--conseiller
  tous``: every line of 100 000 dossiers) is reported beside it.
* home screen: from the click on « Aujourd'hui » in the navigation of the main window (page built on that
  click) to the À faire tree painted with its lines; against the floor of the same click on « Synchronisation »
  (a page that shows at once) and the peer « Jeunes » (its list painted with its first rows).

The bench profile has no rendez-vous (the demo's come with the agenda): the first run adds, once, 8 rendez-vous
today for the profile's user and 4 000 across the other conseillers and days, through the ordinary session.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_PASSPHRASE, DEFAULT_DATASET, OUT, header  # noqa: E402

os.environ.setdefault("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def wait(app, predicate, timeout: float = 60.0) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        app.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("délai dépassé")
        time.sleep(0.0005)


def rendez_vous(profile) -> int:
    """Add the bench rendez-vous once; returns how many exist."""
    from sqlalchemy import text

    from desktop_app.db.models import RendezVous, RendezVousParticipant
    from desktop_app.services.sync.horloge import aujourdhui

    with profile.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM rendez_vous")).scalar()
        if n:
            return n
        users = [r[0] for r in conn.execute(text("SELECT id FROM utilisateur WHERE role = 'conseiller'"))]
        mine = [r[0] for r in conn.execute(text("SELECT id FROM jeune WHERE referent_id = :u LIMIT 8"),
                                           {"u": profile.user_id})]
        autres = [r[0] for r in conn.execute(text("SELECT id FROM jeune LIMIT 4000 OFFSET 1000"))]
    jour, rng = aujourdhui(profile), random.Random(15)
    with profile.session() as s:
        for i, jeune_id in enumerate(mine):
            r = RendezVous(structure_id=profile.structure_id, conseiller_id=profile.user_id, date=jour,
                           heure_debut=dt.time(9 + i), heure_fin=dt.time(9 + i, 45), type_lieu="agence",
                           intitule="Entretien de suivi", statut="prevu" if i > 2 else "honore")
            s.add(r)
            s.add(RendezVousParticipant(rendez_vous_id=r.id, jeune_id=jeune_id))
        for jeune_id in autres:
            r = RendezVous(structure_id=profile.structure_id, conseiller_id=rng.choice(users),
                           date=jour + dt.timedelta(days=rng.randint(-60, 30)), heure_debut=dt.time(14),
                           heure_fin=dt.time(15), statut=rng.choice(("prevu", "honore", "honore", "absent_excuse")))
            s.add(r)
            s.add(RendezVousParticipant(rendez_vous_id=r.id, jeune_id=jeune_id))
        s.commit()
    return len(mine) + len(autres)


def timed(fn, rounds: int) -> tuple[list[float], object]:
    out, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        out.append((time.perf_counter() - started) * 1000)
    return out, result


class Painted:
    """Counts the paint events of a widget (the viewport of a list or tree)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.n = 0
        outer = self

        class Filter(QObject):
            def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt name)
                if event.type() == QEvent.Type.Paint:
                    outer.n += 1
                return False

        self.filter = Filter()
        widget.installEventFilter(self.filter)


def click_to_painted(app, window, key: str, ready, viewport_of) -> float:
    """ms from the click on section ``key`` (its page dropped first: built on the click) to ``ready(page)``
    and a paint of ``viewport_of(page)`` after it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop_app.views.shell.sections import SECTIONS

    page = window._pages.pop(key, None)  # noqa: SLF001 — the bench rebuilds the page on each click
    if page is not None:
        window.stack.removeWidget(page)
        page.deleteLater()
    window.show_section("synchronisation" if key != "synchronisation" else "aujourdhui")
    app.processEvents()
    row = next(i for i, s in enumerate(SECTIONS) if s.key == key)
    rect = window.nav.visualItemRect(window.nav.item(row))
    started = time.perf_counter()
    QTest.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.page(key)
    wait(app, lambda: ready(page))
    counter = Painted(viewport_of(page))
    viewport_of(page).update()
    wait(app, lambda: counter.n > 0)
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default=str(DEFAULT_DATASET))
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from desktop_app.services.aujourdhui import a_faire
    from desktop_app.services.profil.profile import open_profile
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.kit.bus import DataBus
    from desktop_app.views.kit.tasks import TaskRunner
    from desktop_app.views.shell.main_window import MainWindow
    from desktop_app.views.shell.sections import ShellContext

    header("Écran « Aujourd'hui » et liste « À faire »")
    app = QApplication([])
    profile = open_profile(args.profile)
    with profile.engine.connect() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM jeune").scalar()
        mine = conn.execute(text("SELECT count(*) FROM jeune WHERE referent_id = :u"), {"u": profile.user_id}).scalar()
    print(f"   profil {args.profile} : {total} jeunes, dont {mine} suivis par l'utilisateur du profil ; "
          f"{rendez_vous(profile)} rendez-vous")
    print(f"   charge : {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    ctx = a_faire.contexte(profile, conseiller_id=profile.user_id)
    a_faire.elements(profile, ctx)  # warm: imports, doublons examined once, page cache

    def floor():
        with profile.engine.connect() as conn:
            return conn.execute(text("SELECT id, nom_naissance, prenoms, date_dernier_contact FROM jeune "
                                     "WHERE referent_id = :u AND deleted = 0"), {"u": profile.user_id}).all()

    plancher, _ = timed(floor, args.rounds)
    mesures, lignes = timed(lambda: a_faire.elements(profile, a_faire.contexte(profile, conseiller_id=profile.user_id)),
                            args.rounds)
    print(f"a_faire_conseiller_ms p50={statistics.median(mesures):.1f} max={max(mesures):.1f} "
          f"({len(lignes)} lignes) ; plancher (jeunes du conseiller, une requête) "
          f"p50={statistics.median(plancher):.1f} ; rapport {statistics.median(mesures) / statistics.median(plancher):.1f}")
    structure, lignes = timed(lambda: a_faire.elements(profile, a_faire.contexte(profile)), 2)
    print(f"a_faire_structure_ms p50={statistics.median(structure):.0f} ({len(lignes)} lignes, toute la structure)")

    context = ShellContext(profile=profile, tasks=TaskRunner(), bus=DataBus(), settings=Settings(None))
    window = MainWindow(context)
    window.resize(1280, 800)
    window.show()
    wait(app, lambda: getattr(window.page("aujourdhui"), "premier_affiche", False))
    app.processEvents()

    accueil = [click_to_painted(app, window, "aujourdhui", lambda p: p.premier_affiche, lambda p: p.arbre.viewport())
               for _ in range(args.rounds)]
    sync = [click_to_painted(app, window, "synchronisation", lambda p: True, lambda p: p)
            for _ in range(args.rounds)]
    jeunes = [click_to_painted(app, window, "jeunes", lambda p: p.model.rowCount() > 0,
                               lambda p: p.table.viewport()) for _ in range(args.rounds)]
    page = window.page("aujourdhui") or window._pages.get("aujourdhui")  # noqa: SLF001
    print(f"accueil_clic_peint_ms p50={statistics.median(accueil):.1f} max={max(accueil):.1f} (n={len(accueil)}) ; "
          f"plancher Synchronisation p50={statistics.median(sync):.1f} ; pair Jeunes p50={statistics.median(jeunes):.1f}")
    if page is not None:
        print(f"   écran : {page.rdv.rowCount()} rendez-vous du jour, {page.a_faire_titre.text()}")
        window.show_section("aujourdhui")
        app.processEvents()
        window.grab().save(str(OUT / "aujourdhui-100k.png"))  # to look at it
    print(f"   charge : {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    context.tasks.shutdown()
    profile.close()
    sys.stdout.flush()
    os._exit(0)  # PySide6 6.12 + Python 3.11: skip the finalizer (as bench_views_jeunes.py)


if __name__ == "__main__":
    raise SystemExit(main())
