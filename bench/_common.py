"""Shared helpers of the bench scripts (not a test module): paths, environment, timing, machine facts."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT = BENCH_DIR / "out"  # git-ignored
DEFAULT_DATASET = OUT / "profile-100k"
# Bench profiles hold only fictitious data; without an OS keyring they are locked by this passphrase.
BENCH_PASSPHRASE = "banc-d-essai-passerelle"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def passphrase_env(**extra: str) -> dict[str, str]:
    """Environment for a child process that opens bench profiles in passphrase mode, Qt offscreen."""
    env = dict(os.environ, PASSERELLE_PASSPHRASE=os.environ.get("PASSERELLE_PASSPHRASE", BENCH_PASSPHRASE))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def keyring_env(keyring_file: Path, **extra: str) -> dict[str, str]:
    """Environment for keyring mode through the bench-only file backend (bench/bench_keyring.py)."""
    env = {k: v for k, v in os.environ.items() if k != "PASSERELLE_PASSPHRASE"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(PYTHON_KEYRING_BACKEND="bench_keyring.FileKeyring", PASSERELLE_BENCH_KEYRING=str(keyring_file),
               PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")])))
    env.update(extra)
    return env


def passerelle_cmd(*args: str) -> list[str]:
    """The ``passerelle`` command of this checkout, run by this interpreter."""
    return [sys.executable, "-m", "desktop_app", *args]


def timed_run(cmd: list[str], env: dict[str, str], timeout: float = 900, cwd: Path = ROOT) -> tuple[float, str]:
    """Wall seconds from spawning ``cmd`` to its exit, and its standard output (raises if it fails); ``cwd``
    another checkout to run its ``python -m desktop_app`` instead of this one's."""
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} a échoué ({done.returncode}) :\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def printed_values(stdout: str) -> dict[str, float]:
    """``name=value`` lines printed by a probe (e.g. ``startup_ms=412.3``)."""
    values = {}
    for line in stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            try:
                values[key.strip()] = float(value)
            except ValueError:
                pass
    return values


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = " ; charge moyenne (1 min) {:.2f}".format(os.getloadavg()[0])
    return f"{os.cpu_count()} cœurs, {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}{load}"


def header(title: str) -> None:
    print(f"== {title}")
    print(f"   {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} — {machine()}")


def keyring_file_for(profile_dir: Path) -> Path:
    """Where the bench file keyring of a keyring-mode bench profile lives (beside the profile)."""
    return Path(profile_dir).resolve().parent / "bench-keyring.json"
