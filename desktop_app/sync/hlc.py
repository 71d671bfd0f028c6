"""Hybrid logical clock: (wall-clock ms, counter, device id), encoded as a text that sorts like the tuple."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

# The hub refuses ops whose clocks are further ahead of *its* time than this (a laptop set to 2031…).
MAX_DRIFT_MS = 10 * 60 * 1000


# The clock an RGPD erasure stamps on every field of an erased record (desktop_app.sync.effacement): later than
# any real clock, never observed into a device's clock, and the mark of a record that can no longer change.
TERMINAL_CLOCK = "9999999999999.9999.efface"


class ClockDriftError(ValueError):
    """Kept for compatibility: :meth:`HybridClock.observe` no longer raises it (causality first)."""


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
    """Issues strictly increasing timestamps for one device, and absorbs the clocks it receives.

    Its wall time is the device's clock (``physical``, local ms) corrected by ``offset_ms`` (hub time − local
    time, learned from every hub answer): a laptop whose clock lies stamps with the hub's time. Tests inject a
    skewed device clock through ``physical`` (e.g. ``lambda: real() - 30 * 60_000``)."""

    def __init__(self, device: str, last: str | None = None, physical=_physical_ms, offset_ms: int = 0) -> None:
        if "." in device:
            raise ValueError("device id must not contain '.'")
        self.device = device
        self.physical = physical  # the device's own wall clock (ms), possibly wrong
        self.offset_ms = offset_ms
        self._lock = threading.Lock()
        self._wall, self._counter = 0, 0
        if last:
            ts = Timestamp.decode(last)
            self._wall, self._counter = ts.wall_ms, ts.counter

    @property
    def last(self) -> str:
        return Timestamp(self._wall, self._counter, self.device).encode()

    def _physical(self) -> int:
        return self.physical() + self.offset_ms

    def corrected_ms(self) -> int:
        """The hub's time as this device estimates it (its own clock + the learned offset)."""
        return self._physical()

    def rewind(self, target: str, *, if_last: str) -> bool:
        """Set the clock back to ``target`` — only when no timestamp was issued or observed since ``if_last``
        was read (the caller worked out from the data that nothing seen or sent lies beyond ``target``)."""
        ts = Timestamp.decode(target)
        with self._lock:
            if self.last != if_last:
                return False
            if (ts.wall_ms, ts.counter) < (self._wall, self._counter):
                self._wall, self._counter = ts.wall_ms, ts.counter
            return True

    def now(self) -> str:
        with self._lock:
            physical = self._physical()
            if physical > self._wall:
                self._wall, self._counter = physical, 0
            else:
                self._counter += 1
            return Timestamp(self._wall, self._counter, self.device).encode()

    def observe(self, remote: str) -> None:
        """Move our clock past a received one, so that what we write next wins over what we have seen.

        Always, whatever our own clock says: received clocks come from the hub, which refuses clocks too far
        ahead of its own time; refusing one here would let our next edit lose to a value it followed."""
        ts = Timestamp.decode(remote)
        with self._lock:
            physical = self._physical()
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
