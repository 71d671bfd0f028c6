"""Hybrid logical clock: (wall-clock ms, counter, device id), encoded as a text that sorts like the tuple."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

# Clocks from another device further ahead of ours than this are refused (a laptop set to 2031…).
MAX_DRIFT_MS = 10 * 60 * 1000


class ClockDriftError(ValueError):
    """A remote clock is too far in the future to be trusted."""


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}.{self.counter:04d}.{self.device}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, counter, device = text.split(".", 2)
        return cls(int(wall), int(counter), device)


def _physical_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """Issues strictly increasing timestamps for one device, and absorbs the clocks it receives."""

    def __init__(self, device: str, last: str | None = None, physical=_physical_ms) -> None:
        if "." in device:
            raise ValueError("device id must not contain '.'")
        self.device = device
        self._physical = physical
        self._lock = threading.Lock()
        self._wall, self._counter = 0, 0
        if last:
            ts = Timestamp.decode(last)
            self._wall, self._counter = ts.wall_ms, ts.counter

    @property
    def last(self) -> str:
        return Timestamp(self._wall, self._counter, self.device).encode()

    def now(self) -> str:
        with self._lock:
            physical = self._physical()
            if physical > self._wall:
                self._wall, self._counter = physical, 0
            else:
                self._counter += 1
            return Timestamp(self._wall, self._counter, self.device).encode()

    def observe(self, remote: str) -> None:
        """Move our clock past a received one, so that what we write next wins over what we have seen."""
        ts = Timestamp.decode(remote)
        with self._lock:
            physical = self._physical()
            if ts.wall_ms > physical + MAX_DRIFT_MS:
                raise ClockDriftError(
                    f"Horloge distante trop en avance ({(ts.wall_ms - physical) // 1000} s) : "
                    "vérifiez la date et l'heure de l'appareil qui a envoyé ces données."
                )
            wall = max(self._wall, ts.wall_ms, physical)
            if wall == self._wall and wall == ts.wall_ms:
                counter = max(self._counter, ts.counter) + 1
            elif wall == self._wall:
                counter = self._counter + 1
            elif wall == ts.wall_ms:
                counter = ts.counter + 1
            else:
                counter = 0
            self._wall, self._counter = wall, counter
