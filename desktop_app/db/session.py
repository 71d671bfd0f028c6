"""The session class used for every write to a replica (the sync capture listens on it)."""
from __future__ import annotations

from sqlmodel import Session


class ReplicaSession(Session):
    """A SQLModel session on a profile's database.

    ``info["clock"]`` holds the device's hybrid clock; ``info["applying_remote"]`` is set by the sync
    client while it merges pulled changes (their clocks come from elsewhere and they must not go back
    out through the outbox).
    """
