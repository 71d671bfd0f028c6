"""What the auto-école services share: a living record or a French refusal, the jeune of a parcours."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from desktop_app.db.models import FinancementLigne, ParcoursAutoEcole
from desktop_app.db.queries import vivant
from desktop_app.domain.errors import UserError


def alive(s, model, record_id: str | None, message: str):
    record = s.get(model, record_id) if record_id else None
    if record is None or record.deleted:
        raise UserError(message)
    return record


def jeune_of(s, parcours_id: str) -> str | None:
    parcours = s.get(ParcoursAutoEcole, parcours_id)
    return parcours.jeune_id if parcours is not None else None


def apply_values(record, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)


def lignes_financement(s, parcours_id: str) -> list[FinancementLigne]:
    return list(s.scalars(select(FinancementLigne).where(FinancementLigne.parcours_id == parcours_id,
                                                         vivant(FinancementLigne))
                          .order_by(FinancementLigne.created_at)))
