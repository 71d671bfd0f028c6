"""Clock skew for sync tests: a device whose wall clock lies.

``skew_clock(profile, ms)`` makes ``profile``'s own clock read real time + ``ms`` (negative: behind): its
hybrid clock stamps from it (corrected by the offset it learns from the hub) and its transport measures the
offset with it. Call it again to change or correct the skew (``skew_clock(p, 0)``). For a whole process
under a false time, see ``tests/support/horloge_poste.py`` (Debian's ``faketime``).
"""
from __future__ import annotations

import time

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def real_ms() -> int:
    return time.time_ns() // 1_000_000


def skew_clock(profile, ms: int) -> None:
    profile.clock.physical = lambda: real_ms() + ms
