"""Run every bench script of issue 2 in turn and keep their output in bench/out/run_all-<date>.txt.

Usage: ``python bench/run_all.py [--quick]`` (``--quick``: small sizes, to check the scripts work; the
figures of RESULTS.md come from the full run). Order: build/reuse the 100k dataset (with its keyring-mode
copy), the demo command timing, the SQLCipher overhead loop, the start-up comparison.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time

from _common import BENCH_DIR, OUT, ROOT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    dataset = OUT / ("profile-quick" if args.quick else "profile-100k")
    scripts = [
        ["make_dataset.py", "--dir", str(dataset), "--keyring-copy"] + (["--jeunes", "2000"] if args.quick else []),
        ["bench_demo.py"] + (["--jeunes", "2000"] if args.quick else []),
        ["bench_sqlcipher.py"] + (["--writes", "500", "--repeats", "1"] if args.quick else []),
        ["bench_startup.py", "--profile", str(dataset)] + (["--runs", "2"] if args.quick else []),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"run_all-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.txt"
    failures = 0
    with log.open("w", encoding="utf-8") as out:
        for script in scripts:
            cmd = [sys.executable, str(BENCH_DIR / script[0]), *script[1:]]
            line = f"$ {' '.join(['python', 'bench/' + script[0], *script[1:]])}"
            print(line, flush=True)
            out.write(line + "\n")
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            assert proc.stdout is not None
            for text in proc.stdout:
                print(text, end="", flush=True)
                out.write(text)
            if proc.wait() != 0:
                failures += 1
                out.write(f"(code de sortie {proc.returncode})\n")
    print(f"Sortie complète : {log}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
