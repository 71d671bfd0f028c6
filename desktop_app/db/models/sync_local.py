"""Sync tables that stay on this device: conflicts received from the hub, quarantined ops, sync runs.

The hub address, the pull cursor and the acknowledged outbox counter live in ``ProfileMeta``
(keys ``sync_hub_url``, ``sync_cursor``, ``sync_acked``…); the device credential lives in the keyring.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from desktop_app.domain.ids import utcnow


class SyncConflict(SQLModel, table=True):
    """A same-field concurrent edit, as the hub recorded it: the value kept and the one set aside.

    ``resolution`` is None (to review), "kept" or "lost" (which value the user chose to keep); the choice
    travels to the other devices as an op.
    """

    __tablename__ = "sync_conflict"

    id: str = Field(primary_key=True, max_length=36)
    seq: int = Field(index=True)
    table_name: str = Field(max_length=64)
    row_id: str = Field(max_length=36, index=True)
    field: str = Field(max_length=64)
    kept_value: Any = Field(default=None, sa_type=JSON)
    kept_clock: str = Field(max_length=64)
    lost_value: Any = Field(default=None, sa_type=JSON)
    lost_clock: str = Field(max_length=64)
    resolution: str | None = Field(default=None, max_length=8)
    resolution_clock: str | None = Field(default=None, max_length=64)
    received_at: datetime = Field(default_factory=utcnow)


class SyncQuarantine(SQLModel, table=True):
    """An op the hub refused (validation, permission): set aside with the hub's French reason, never
    blocking the rest of the queue."""

    __tablename__ = "sync_quarantine"

    id: int | None = Field(default=None, primary_key=True)
    counter: int = Field(index=True)
    table_name: str = Field(max_length=64)
    row_id: str = Field(max_length=36)
    fields: list[str] = Field(default_factory=list, sa_type=JSON)
    code: str = Field(max_length=32)
    reason: str
    quarantined_at: datetime = Field(default_factory=utcnow)
    # A waiting room, not a bin: how many times it was sent again, and the circumstances it was refused in
    # ({"schema": int, "role": str, "offset_ms": int…}); a round whose circumstances differ sends it again.
    attempts: int = Field(default=0)
    context: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class SyncReceivedRefused(SQLModel, table=True):
    """A pulled change this replica could not store (a value its column refuses, a missing mandatory
    field…): set aside with its French reason, so that the rest of the page is applied and the cursor moves
    on. Shown in the Synchronisation screen (« Reçues refusées »); purged with the record by an erasure."""

    __tablename__ = "sync_recu_refuse"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(default=0)
    table_name: str = Field(max_length=64)
    row_id: str = Field(max_length=64, index=True)
    fields: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # the values as received
    reason: str
    received_at: datetime = Field(default_factory=utcnow)


class SyncRun(SQLModel, table=True):
    """One sync round, for the history screen."""

    __tablename__ = "sync_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    status: str = Field(default="en_cours", max_length=16)  # en_cours | ok | erreur
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    quarantined: int = 0
    message: str | None = None
