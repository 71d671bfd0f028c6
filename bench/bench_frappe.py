"""Keystroke cost in the fields that search as you type (issue 18: p95 < 50 ms) on the 100k profile, Qt offscreen.

Usage: ``python bench/bench_frappe.py [--profile DIR] [--rounds 2]``. DIR is the profile made by
``bench/make_dataset.py`` (default bench/out/profile-100k), only read.

Each character of a few searches is typed with QTest key events, interleaved with the same character typed into
a bare QLineEdit (the floor: what any Qt keystroke costs in this process at this moment), in

* the jeune picker (``views/kit/jeune_picker.py``: the permanence « Jeune déjà connu », contracts, loans…):
  the UI thread's own time for the keystroke (what typing feels like), then keystroke → results repainted
  (its debounce skipped: a fixed, deliberate wait, reported apart): from the key event to the end of the
  first paint of the results' viewport that shows the new results (an event filter on its Paint event;
  no forced repaint, one paint counted). Results equal to those already shown need no paint: they count
  until they are in, and their number is printed;
* the jeunes list search box (``views/jeunes/liste.py``): the same two figures.

Printed: p50 / p95 / max wall and CPU of the process, the ratio of each p95 to the floor's, load before/after.
"""
from __future__ import annotations

import argparse
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


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def wait(app, predicate, timeout: float = 60.0) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        app.processEvents()
        if predicate():  # checked at once: the time after the event that answered is not counted
            return
        if time.perf_counter() > end:
            raise TimeoutError("délai dépassé")
        time.sleep(0.0005)


def _key(char: str):
    from PySide6.QtCore import Qt

    return Qt.Key.Key_Space if char == " " else char


class Field:
    """A search-as-you-type field: how to type in it, skip its debounce and know its results are shown."""

    def __init__(self, name, edit, timer, refresh, shown, viewport) -> None:
        self.name, self.edit, self.timer, self.refresh, self.shown, self.viewport = (
            name, edit, timer, refresh, shown, viewport)
        self.typing: list[float] = []
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.unchanged = 0  # keystrokes whose results were those already shown (nothing to repaint)
        self.painted_wall: list[float] = []  # the keystrokes whose new results were painted
        self.painted_cpu: list[float] = []


class PaintWatch:
    """Counts the paints of a viewport that begin once the new results are in (an event filter on its Paint
    event, as views/shell/sonde.py does), and whether its model changed since ``arm()``."""

    def __init__(self, field: Field) -> None:
        from PySide6.QtCore import QEvent, QObject

        watch = self
        paint = QEvent.Type.Paint

        class _Filter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
                if watch.armed and event.type() == paint and field.shown() > watch.before:
                    watch.painted += 1
                return False

        self.field, self.armed, self.before, self.painted, self.changed = field, False, 0, 0, False
        self.filter = _Filter(field.viewport)
        field.viewport.installEventFilter(self.filter)
        model = field.viewport.parent().model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged,
                       model.layoutChanged):
            signal.connect(self._changed)

    def _changed(self, *_args) -> None:
        if self.armed:
            self.changed = True

    def arm(self) -> None:
        self.armed, self.before, self.painted, self.changed = True, self.field.shown(), 0, False


def _stroke(app, field: Field, watch: PaintWatch, char: str) -> None:
    """Key event → end of the first paint of the list showing the new results (one paint, counted by the
    viewport's Paint event; no forced repaint). Results equal to those shown need no paint: they end when
    they are in."""
    from PySide6.QtTest import QTest

    watch.arm()
    started, cpu = time.perf_counter(), time.process_time()
    QTest.keyClick(field.edit, _key(char))
    field.typing.append((time.perf_counter() - started) * 1000)
    field.timer.stop()  # the debounce: skipped, its delay is deliberate
    field.refresh()
    wait(app, lambda: field.shown() > watch.before and (watch.painted or not watch.changed))
    field.wall.append((time.perf_counter() - started) * 1000)
    field.cpu.append((time.process_time() - cpu) * 1000)
    watch.armed = False
    if not watch.changed:
        field.unchanged += 1
    else:
        field.painted_wall.append(field.wall[-1])
        field.painted_cpu.append(field.cpu[-1])


def _floor(app, edit, char: str, out: list[float]) -> None:
    from PySide6.QtTest import QTest

    started = time.perf_counter()
    QTest.keyClick(edit, _key(char))
    app.processEvents()
    edit.repaint()
    out.append((time.perf_counter() - started) * 1000)


def _line(label: str, values: list[float]) -> str:
    return f"p50 {statistics.median(values):6.1f}  p95 {p95(values):6.1f}  max {max(values):6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default=str(DEFAULT_DATASET))
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication, QLineEdit

    from desktop_app.services.profil.profile import open_profile
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.jeunes.liste import JeunesScreen
    from desktop_app.views.kit.bus import DataBus
    from desktop_app.views.kit.jeune_picker import DEBOUNCE_MS, JeunePicker
    from desktop_app.views.kit.tasks import TaskRunner
    from desktop_app.views.shell.sections import ShellContext

    header("Frappe dans les champs de recherche (sélecteur de jeune, liste des jeunes) contre un QLineEdit nu")
    app = QApplication([])
    profile = open_profile(args.profile)
    with profile.engine.connect() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM jeune").scalar()
    print(f"   profil {args.profile} : {total} jeunes")
    context = ShellContext(profile=profile, tasks=TaskRunner(), bus=DataBus(), settings=Settings(profile.settings_path))

    picker = JeunePicker(context, "Nom, prénom, téléphone…")
    picker.resize(420, 500)
    picker.show()
    shown = [0]
    real_show = picker._show

    def counted(generation, rows):
        real_show(generation, rows)
        if generation == picker._generation:
            shown[0] += 1

    picker._show = counted
    screen = JeunesScreen(context)
    screen.resize(1280, 720)
    screen.show()
    wait(app, lambda: screen.model.rowCount() > 0)
    bare = QLineEdit()
    bare.show()
    fields = [Field("sélecteur de jeune", picker.search, picker._timer, picker.refresh, lambda: shown[0],
                    picker.results.viewport()),
              Field("liste des jeunes", screen.search, screen._timer, screen.refresh, lambda: screen.results_shown,
                    screen.table.viewport())]
    watches = {field.name: PaintWatch(field) for field in fields}
    floor: list[float] = []
    load_before = os.getloadavg()[0]
    for _ in range(args.rounds):
        for text in SEARCHES:
            for field in fields:
                field.edit.clear()
                field.timer.stop()
                field.refresh()
            bare.clear()
            wait(app, lambda: screen.idle())
            app.processEvents()
            time.sleep(0.05)
            app.processEvents()
            for char in text:
                for field in fields:  # interleaved: floor, picker, floor, list
                    _floor(app, bare, char, floor)
                    _stroke(app, field, watches[field.name], char)
    load_after = os.getloadavg()[0]
    print(f"plancher (QLineEdit nu, frappe + repeinte)      {_line('', floor)}  (n={len(floor)})")
    for field in fields:
        print(f"{field.name:<20} frappe seule (fil de l'écran) {_line('', field.typing)}  "
              f"· ratio p95/plancher {p95(field.typing) / p95(floor):5.1f}")
        print(f"{field.name:<20} frappe → résultats repeints  {_line('', field.wall)}  "
              f"· CPU p50 {statistics.median(field.cpu):.1f} p95 {p95(field.cpu):.1f} ms "
              f"· ratio p95/plancher {p95(field.wall) / p95(floor):5.1f}  (n={len(field.wall)} ; "
              f"+ {DEBOUNCE_MS} ms d'anti-rebond volontaire ; {field.unchanged} sans changement, "
              f"sans repeinte)")
        if field.painted_wall:
            print(f"{field.name:<20} dont résultats changés, repeints {_line('', field.painted_wall)}  "
                  f"· CPU p50 {statistics.median(field.painted_cpu):.1f} p95 {p95(field.painted_cpu):.1f} ms "
                  f"(n={len(field.painted_wall)})")
    print(f"charge moyenne (1 min) {load_before:.2f} → {load_after:.2f}")
    context.tasks.shutdown()
    profile.close()
    sys.stdout.flush()
    os._exit(0)  # PySide6 6.12 + Python 3.11: skip the finalizer (as bench_views_jeunes.py)


if __name__ == "__main__":
    main()
