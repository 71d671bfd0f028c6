"""Tables that stay on this device: profile metadata and the sync outbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from desktop_app.domain.ids import utcnow


class ProfileMeta(SQLModel, table=True):
    """Key/value facts about this replica: device id, last clock issued, structure, current user."""

    __tablename__ = "profile_meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str


class Outbox(SQLModel, table=True):
    """One row per changed record per transaction, written in the same transaction as the change.

    ``counter`` (autoincrement) with the device id is the op's identity for the hub. ``fields`` names the
    fields the change set; their values and clocks are read from the row when pushing, so the outbox never
    holds personal data of its own (an RGPD erasure has nothing to chase here).
    """

    __tablename__ = "outbox"

    counter: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=64)
    row_id: str = Field(max_length=36)  # not indexed: nothing looks ops up by record (one page less per write)
    fields: list[str] = Field(default_factory=list, sa_type=JSON)
    hlc: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
