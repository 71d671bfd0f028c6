"""Identifiers and timestamps made on the device."""
from __future__ import annotations

from datetime import UTC, datetime

import uuid6


def new_id() -> str:
    """A UUIDv7 as text: time-ordered (good for B-tree locality) and unique across devices without a server."""
    return str(uuid6.uuid7())


def utcnow() -> datetime:
    """Now, as an aware UTC datetime (every timestamp in the base is UTC)."""
    return datetime.now(UTC)
