"""Building blocks of the demo data: weighted draws, batched UUIDv7 ids, the generation context."""
from __future__ import annotations

import os
import random
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

WINDOW_DAYS = 4 * 365  # "a few years" of history


class Weighted:
    """Values with weights, drawn with precomputed cumulative weights (``random.choices`` is then cheap)."""

    def __init__(self, pairs: tuple[tuple[Any, float], ...]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def one(self, rng: random.Random) -> Any:
        return self.values[bisect_left(self.cum, rng.random() * self.cum[-1])]

    def many(self, rng: random.Random, k: int) -> list[Any]:
        return rng.choices(self.values, cum_weights=self.cum, k=k)


class Ids:
    """UUIDv7 ids made in batches (RFC 9562: 48-bit Unix ms, version 7, a 12-bit counter, the variant, 62
    random bits), monotonic, about three times cheaper than one at a time: a million rows need a million."""

    def __init__(self) -> None:
        self.ms, self.seq, self.pool = 0, 0, []

    def take(self, n: int) -> list[str]:
        ms = max(time.time_ns() // 1_000_000, self.ms)
        seq = self.seq if ms == self.ms else 0
        raw, frombytes, out = os.urandom(8 * n), int.from_bytes, []
        append = out.append
        for i in range(n):
            if seq > 0xFFF:
                ms, seq = ms + 1, 0
            value = ms << 80 | (0x7000 | seq) << 64 | 1 << 63 | frombytes(raw[8 * i:8 * i + 8], "big") >> 2
            h = "%032x" % value
            append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
            seq += 1
        self.ms, self.seq = ms, seq
        return out

    def one(self) -> str:
        if not self.pool:
            self.pool = self.take(1024)[::-1]
        return self.pool.pop()


IDS = Ids()  # one monotonic source for the whole process


@dataclass
class JeuneInfo:
    """What the programmes (ateliers, auto-école, prêts, parrainage) need to know of a jeune."""

    id: str
    row: dict[str, Any]
    birth: int  # ordinals
    first: int
    last: int
    referent: str
    permis: str


@dataclass
class Context:
    rng: random.Random
    today: int  # ordinal of the reference day
    structure_id: str
    agence_id: str
    lieux: dict[str, list[str]] = field(default_factory=dict)  # type -> ids
    lieu_nom: dict[str, str] = field(default_factory=dict)
    conseillers: list[str] = field(default_factory=list)
    referent_parrainage: str = ""
    ref: dict[str, Any] = field(default_factory=dict)  # per-programme reference rows (ateliers, parrains…)
    ids: Ids = field(default_factory=lambda: IDS)

    def new_id(self) -> str:
        return self.ids.one()

    @property
    def start(self) -> int:
        return self.today - WINDOW_DAYS
