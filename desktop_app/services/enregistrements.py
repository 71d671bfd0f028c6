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


def creer_ou_modifier(s, model: type, record_id: str | None, values: Mapping[str, Any], *, structure_id: str,
                      absent: str) -> Any:
    """The living record ``record_id`` of ``model`` given ``values`` (:func:`alive` refuses with ``absent``),
    or, without ``record_id``, a new one of ``structure_id``; committed on session ``s``."""
    if record_id:
        record = alive(s, model, record_id, absent)
        apply_values(record, values)
    else:
        record = model(structure_id=structure_id, **values)
        s.add(record)
    s.commit()
    return record
