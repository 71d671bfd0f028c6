"""Search-as-you-type p95 on 100k jeunes (issue 3 figure): the search part of bench_accompagnement.py.

Usage: ``python bench/bench_search.py [--dir DIR | --profile DIR] [--jeunes 100000] [--actualites 1000000]``
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_accompagnement  # noqa: E402

if __name__ == "__main__":
    sys.argv[1:1] = ["--only", "search"]
    raise SystemExit(bench_accompagnement.main())
