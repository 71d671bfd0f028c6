"""Sync figures of this tree against another checkout (a baseline: the last landed version), interleaved.

Runs ``bench/bench_sync.py`` alternately in the baseline tree and in this one, ``--rounds`` times each, on
the same record counts, and prints the median of each figure, the ratio new / baseline, and the load average
around each run (2 shared cores: absolute times drift, ratios measured side by side hold).

    git worktree add --detach /tmp/base <commit>
    .venv/bin/python bench/compare_sync.py --baseline /tmp/base --jeunes 2000 --actualites 20000 --rounds 3
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ("restore_s", "restore_cpu_client_s", "restore_cpu_hub_s", "incremental_s", "bytes_per_field_push",
           "bytes_per_field_pull", "initial_push_s")


def run(tree: Path, jeunes: int, actualites: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, str(tree / "bench" / "bench_sync.py"), "--kinto-venv", "/nonexistent",
                          "--jeunes", str(jeunes), "--actualites", str(actualites)], cwd=tree, env=env,
                         capture_output=True, text=True, timeout=1800)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    figures = {}
    for line in out.stdout.splitlines():
        key, _, value = line.partition("=")
        if key in FIGURES:
            figures[key] = float(value)
    figures["load"] = os.getloadavg()[0]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, type=Path)
    parser.add_argument("--jeunes", type=int, default=2000)
    parser.add_argument("--actualites", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {"base": [], "new": []}
    for i in range(args.rounds):
        for name, tree in (("base", args.baseline.resolve()), ("new", ROOT)):
            figures = run(tree, args.jeunes, args.actualites)
            runs[name].append(figures)
            print(f"essai {i + 1} {name}: " + ", ".join(f"{k}={v:.3f}" for k, v in figures.items()), flush=True)
    print(f"\n{args.jeunes} jeunes + {args.actualites} actualités, {args.rounds} essais alternés, médianes :")
    for key in FIGURES:
        base = statistics.median(r[key] for r in runs["base"])
        new = statistics.median(r[key] for r in runs["new"])
        print(f"{key:24s} référence {base:9.3f}   ce code {new:9.3f}   rapport {new / base:5.2f}")
    loads = [r["load"] for rs in runs.values() for r in rs]
    print(f"charge moyenne pendant les essais : {min(loads):.2f}–{max(loads):.2f}")


if __name__ == "__main__":
    main()
