"""What the auto-école services share: the jeune of a parcours, its financing lines (and the record helpers)."""
from __future__ import annotations

from sqlalchemy import select

from desktop_app.db.models import FinancementLigne, ParcoursAutoEcole
from desktop_app.db.queries import vivant


def jeune_of(s, parcours_id: str) -> str | None:
    parcours = s.get(ParcoursAutoEcole, parcours_id)
    return parcours.jeune_id if parcours is not None else None


def lignes_financement(s, parcours_id: str) -> list[FinancementLigne]:
    return list(s.scalars(select(FinancementLigne).where(FinancementLigne.parcours_id == parcours_id,
                                                         vivant(FinancementLigne))
                          .order_by(FinancementLigne.created_at)))
