"""One record in a service: the living record or a French refusal, new values set only where they change."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.errors import UserError


def alive(s, model: type, record_id: str | None, message: str) -> Any:
    """The record ``record_id`` of ``model`` on session ``s``; :class:`UserError` ``message`` when there is
    none or it is a tombstone."""
    record = s.get(model, record_id) if record_id else None
    if record is None or record.deleted:
        raise UserError(message)
    return record


def apply_values(record: Any, values: Mapping[str, Any]) -> None:
    """Set each value that differs from the stored one (the others stay untouched: no outbox field for them)."""
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
