"""Column mixins shared by every table: sync metadata for replicated rows, helpers for foreign keys."""
from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from desktop_app.domain.ids import new_id, utcnow

# Columns every synced table carries that are bookkeeping, not user data: they never travel as fields.
SYNC_BOOKKEEPING = frozenset({"id", "hlc", "field_clocks", "updated_at"})


class SyncedModel(SQLModel):
    """Base of every replicated table (SYNC.md).

    * ``id``: UUIDv7 made on the device.
    * ``hlc``: the hybrid logical clock of the row's creation; every field whose clock is not listed in
      ``field_clocks`` was last set at that clock (keeps rows small: a freshly created row stores one clock).
    * ``field_clocks``: ``{field: hlc}`` for fields set after creation.
    * ``deleted``: tombstone flag; rows are never physically deleted by the application.
    """

    __synced__: ClassVar[bool] = True

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted: bool = Field(default=False)
    hlc: str = Field(default="", max_length=64)
    field_clocks: dict[str, str] = Field(default_factory=dict, sa_type=JSON)

    @classmethod
    def synced_fields(cls) -> list[str]:
        """The columns that travel in sync ops, in table order."""
        return [c.name for c in cls.__table__.columns if c.name not in SYNC_BOOKKEEPING]  # type: ignore[attr-defined]

    def clock_of(self, field: str) -> str:
        return (self.field_clocks or {}).get(field, self.hlc)


def fk(target: str, *, nullable: bool = False, index: bool = True, default: Any = ...) -> Any:
    """A foreign key column to ``target`` ("table.id").

    Checks are DEFERRABLE INITIALLY DEFERRED: a sync page may bring a child before its parent inside one
    transaction; SQLite checks at commit.
    """
    column = Column(
        String(36),
        ForeignKey(target, deferrable=True, initially="DEFERRED"),
        nullable=nullable,
        index=index,
    )
    if default is ...:
        default = None if nullable else ...
    if default is ...:
        return Field(sa_column=column)
    return Field(default=default, sa_column=column)
