"""Cold start to the main window painted, against a bare PySide6 window measured the same way (issue 2 figure).

Usage: ``python bench/startup.py --profile DIR [--runs 7]`` (keyring-mode profile, or PASSERELLE_PASSPHRASE set).
Each run is a new process. Two times for Passerelle: the main window's first paint (the profile is still
opening on the database thread) and the profile open with the first section's page built. The time is the process uptime when the window is first painted (Linux: from the
kernel's process start time, see ``desktop_app.views.shell.sonde.process_uptime_ms``), so interpreter start-up,
imports, opening the encrypted profile and the first paint all count. Prints the medians and the ratio.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

BARE = r"""
import os, sys, time
def uptime_ms():
    with open("/proc/self/stat", "rb") as f:
        stat = f.read().decode()
    start = int(stat[stat.rindex(")") + 2:].split()[19])
    return (time.clock_gettime(time.CLOCK_BOOTTIME) - start / os.sysconf("SC_CLK_TCK")) * 1000
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1180, 720)
class P(QObject):
    done = False
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, lambda: (print(f"startup_ms={uptime_ms():.1f}", flush=True), app.exit(0)))
        return False
p = P(); w.installEventFilter(p); w.show(); sys.exit(app.exec())
"""


def _one(cmd: list[str], env: dict[str, str], key: str = "startup_ms") -> float:
    return _run(cmd, env)[key]


def _run(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=True).stdout
    return {k: float(v) for k, _, v in (line.partition("=") for line in out.splitlines()) if k.endswith("_ms")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", required=True)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, PASSERELLE_EXIT_AFTER_SHOW="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    app_cmd = [sys.executable, "-m", "desktop_app", "--profile", args.profile]
    bare_cmd = [sys.executable, "-c", BARE]
    _one(app_cmd, env), _one(bare_cmd, env)  # warm the OS file cache: "cold" = new process, not cold disk
    app_ms, ready_ms, bare_ms = [], [], []
    for _ in range(args.runs):
        run = _run(app_cmd, env)
        app_ms.append(run["startup_ms"])
        ready_ms.append(run["profile_ready_ms"])
        bare_ms.append(_one(bare_cmd, env))
    a, b = statistics.median(app_ms), statistics.median(bare_ms)
    r = statistics.median(ready_ms)
    print(f"Passerelle, fenêtre principale peinte : médiane {a:.0f} ms (min {min(app_ms):.0f}, "
          f"max {max(app_ms):.0f}) sur {args.runs} lancements")
    print(f"Passerelle, profil ouvert (rubrique affichée) : médiane {r:.0f} ms (min {min(ready_ms):.0f}, "
          f"max {max(ready_ms):.0f})")
    print(f"Fenêtre PySide6 nue : médiane {b:.0f} ms (min {min(bare_ms):.0f}, max {max(bare_ms):.0f})")
    print(f"Rapport fenêtre peinte / fenêtre nue : {a / b:.2f} × ; profil ouvert / fenêtre nue : {r / b:.2f} × "
          "(objectif < 3 ×)")
    print(f"Objectif absolu < 1 500 ms : fenêtre {'oui' if a < 1500 else 'NON'}, profil ouvert {'oui' if r < 1500 else 'NON'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
