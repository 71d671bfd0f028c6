"""Frozen bundle figures (issue 9): cold start of dist/passerelle/passerelle to the main window, and the bundle size.

Usage: ``.venv/bin/python bench/bench_package.py [--runs 7] [--build]`` from the project root. ``--build`` (or a
missing dist/passerelle) runs ``installers/linux/build.sh`` first. Each run is a new process with
``PASSERELLE_EXIT_AFTER_SHOW=1`` on a small passphrase-mode profile (``PASSERELLE_PASSPHRASE``, as where no OS
keyring exists); the time is the process uptime at the main window's first paint (see
``desktop_app.views.shell.sonde.process_uptime_ms``), so the bootloader unpacking nothing (one-dir), the interpreter,
imports, opening the encrypted profile and the first paint all count. The same is measured from the .venv for
comparison. Prints medians and sizes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT

BUNDLE = ROOT / "dist" / "passerelle"
TARBALL = ROOT / "dist" / "passerelle-linux-x86_64.tar.gz"
PASSPHRASE = "banc-d-essai-paquet"


def _startup_ms(cmd: list[str], env: dict[str, str]) -> float:
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=True).stdout
    values = dict(line.partition("=")[::2] for line in out.splitlines() if "=" in line)
    return float(values["startup_ms"])


def _tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    if args.build or not (BUNDLE / "passerelle").is_file():
        subprocess.run([str(ROOT / "installers" / "linux" / "build.sh")], check=True,
                       env=dict(os.environ, SKIP_SELF_TEST="1"))
    with tempfile.TemporaryDirectory(prefix="passerelle-bench-paquet-") as tmp:
        profile_dir = Path(tmp) / "profil"
        env = dict(os.environ, PASSERELLE_PASSPHRASE=PASSPHRASE)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        # made by the bundle itself: its schema is the one it knows (the checkout may have newer migrations)
        # `demo --jeunes 0`, not `init` (which asks for a password, then a login would stop the probe)
        subprocess.run([str(BUNDLE / "passerelle"), "--profile", str(profile_dir), "demo", "--jeunes", "0",
                        "--structure", "Banc d'essai"], env=env, check=True, timeout=120)
        env["PASSERELLE_EXIT_AFTER_SHOW"] = "1"
        frozen = [str(BUNDLE / "passerelle"), "--profile", str(profile_dir)]
        venv = [sys.executable, "-m", "desktop_app", "--profile", str(profile_dir)]
        _startup_ms(frozen, env)  # warm the OS file cache: "cold" = a new process
        frozen_ms = [_startup_ms(frozen, env) for _ in range(args.runs)]
        _startup_ms(venv, env)  # after the bundle: the checkout may upgrade the profile's schema
        venv_ms = [_startup_ms(venv, env) for _ in range(args.runs)]
    print(f"frozen startup_ms median={statistics.median(frozen_ms):.0f} max={max(frozen_ms):.0f} (runs={args.runs})")
    print(f"venv   startup_ms median={statistics.median(venv_ms):.0f} max={max(venv_ms):.0f}")
    print(f"bundle dist/passerelle: {_tree_size(BUNDLE) / 1e6:.1f} MB on disk, "
          f"{sum(1 for p in BUNDLE.rglob('*') if p.is_file())} files")
    if TARBALL.is_file():
        print(f"tarball {TARBALL.name}: {TARBALL.stat().st_size / 1e6:.1f} MB")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
