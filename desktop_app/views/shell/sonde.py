"""The start-up probe of ``PASSERELLE_EXIT_AFTER_SHOW=1`` (benchmarks, ``bench/bench_startup.py``): it prints
the process uptime (:func:`process_uptime_ms`) at four moments, then quits:

* ``startup_ms``: the main window's first paint;
* ``profile_ready_ms``: the profile is open and the first section's page is built;
* ``list_shown_ms``: that page's first results painted (the jeunes list with its first rows);
* ``profile_usable_ms``: a search typed in the list (the first three letters of the first name shown, asked at
  once: the deliberate debounce of the typing is not counted) answered and its rows painted.

A first page without a list (a role without the Jeunes section) is usable when it is built: the last two
marks are then printed with the profile's. With them, ``sqlalchemy_list_shown`` and ``sqlalchemy_usable``: 1
when SQLAlchemy was imported by then (a profile at head needs it not for its first screen).
"""
from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, QObject, QTimer

_IMPORTED_AT = time.perf_counter()

PAINT_FALLBACK_MS = 500  # a result equal to the list shown may need no repaint: mark it after this


def process_uptime_ms() -> float:
    """Milliseconds since this process started.

    On Linux: ``CLOCK_BOOTTIME`` now minus the process start time the kernel records in ``/proc/self/stat``
    (field 22, in clock ticks since boot — 10 ms resolution), so interpreter start-up and every import
    count. Elsewhere: since this module was imported (an underestimate by the start-up before it).
    """
    try:
        with open("/proc/self/stat", "rb") as f:
            stat = f.read().decode()
        fields = stat[stat.rindex(")") + 2:].split()
        start_ticks = int(fields[19])  # field 22 of proc(5); fields[0] here is field 3
        elapsed = time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / os.sysconf("SC_CLK_TCK")
        return elapsed * 1000.0
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORTED_AT) * 1000.0


def mark(name: str) -> None:
    print(f"{name}={process_uptime_ms():.1f}", flush=True)


def mark_sqlalchemy(moment: str) -> None:
    """Whether SQLAlchemy is imported yet (1/0): the first screen of a profile at head needs it not."""
    import sys

    print(f"sqlalchemy_{moment}={int('sqlalchemy' in sys.modules)}", flush=True)


class _OnPaint(QObject):
    """Calls ``then()`` once, at the first paint of the watched widget after it was armed."""

    def __init__(self, widget, then) -> None:
        super().__init__(widget)
        self.widget, self.then, self.armed = widget, then, False
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
        if self.armed and event.type() == QEvent.Type.Paint:
            self.armed = False
            QTimer.singleShot(0, self._fire)  # after the paint itself
        return False

    def _fire(self) -> None:
        self.widget.removeEventFilter(self)
        self.then()


class StartupProbe:
    """Prints the marks above for ``window``, then quits ``app`` with 0 (a failure keeps its own exit code)."""

    def __init__(self, window, app) -> None:
        self.window, self.app, self.painted, self.usable = window, app, False, False
        watcher = _OnPaint(window, self._painted)
        watcher.armed = True
        self._watchers = [watcher]

    def _painted(self) -> None:
        mark("startup_ms")
        self.painted = True
        self._maybe_quit()

    def profile_ready(self) -> None:
        mark("profile_ready_ms")
        page = self.window.stack.currentWidget()
        if getattr(page, "premier_affichage", None) is None or not hasattr(page, "search"):
            mark("list_shown_ms")
            self._usable()
            return
        self.page = page
        if page.premier_affiche:
            QTimer.singleShot(0, self._list_in_model)
        else:
            page.premier_affichage.connect(self._list_in_model)

    def _after_paint(self, then) -> None:
        watcher = _OnPaint(self.page.table.viewport(), then)
        self._watchers.append(watcher)
        watcher.armed = True
        self.page.table.viewport().update(self.page.table.viewport().rect())  # one repaint of the whole list

    def _list_in_model(self) -> None:
        self._after_paint(self._list_painted)

    def _list_painted(self) -> None:
        mark("list_shown_ms")
        mark_sqlalchemy("list_shown")
        page = self.page
        first = page.model.index(0, 0).data() or ""
        query = "".join(c for c in str(first) if c.isalpha())[:3] or "ab"
        self._before = page.results_shown
        page.model.modelReset.connect(self._answered)
        QTimer.singleShot(PAINT_FALLBACK_MS, self._fallback)
        page.search.setText(query)
        page.refresh()  # at once: the debounce of the typing is not counted

    def _answered(self) -> None:
        self.page.model.modelReset.disconnect(self._answered)
        self._after_paint(self._usable)

    def _fallback(self) -> None:
        if not self.usable and self.page.results_shown > self._before:
            self._usable()
        elif not self.usable:
            QTimer.singleShot(PAINT_FALLBACK_MS, self._fallback)

    def _usable(self) -> None:
        if self.usable:
            return
        self.usable = True
        mark("profile_usable_ms")
        mark_sqlalchemy("usable")
        self._maybe_quit()

    def _maybe_quit(self) -> None:
        if self.painted and self.usable:
            QTimer.singleShot(0, lambda: self.app.exit(0))
