"""Small read-only facts the application shell shows: counts per area, who is working, last sync."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, true

from desktop_app.db.models import MODELS_BY_TABLE, Outbox, ProfileMeta, Structure, SyncRun, Utilisateur
from desktop_app.domain.enums import Role
from desktop_app.services.profile import Profile

OUTBOX = "outbox"  # pseudo-table name: changes waiting to be sent to the hub
SYNC_LAST_SUCCESS = "sync_last_success"  # ProfileMeta key written by the sync client (ISO 8601, UTC)


@dataclass(frozen=True)
class Identity:
    structure_nom: str
    user_nom: str
    role_label: str


def live_counts(profile: Profile, tables: Iterable[str]) -> dict[str, int]:
    """Live (not deleted) rows of each named synced table; ``"outbox"`` counts changes not yet sent.

    An unknown table name raises ``KeyError`` (a programming error, not a user one). Counted as all rows
    minus tombstones: the total comes from the smallest index, and the tombstone count becomes instant
    once a partial index ``WHERE deleted = 1`` exists on the table (without it, a table scan).
    """
    counts: dict[str, int] = {}
    with profile.session() as s:
        for name in tables:
            if name == OUTBOX:
                stmt = select(func.count()).select_from(Outbox)
            else:
                model = MODELS_BY_TABLE[name]
                total = select(func.count()).select_from(model).scalar_subquery()
                deleted = select(func.count()).select_from(model).where(model.deleted == true()).scalar_subquery()
                stmt = select(total - deleted)
            counts[name] = s.scalar(stmt) or 0
    return counts


def identity(profile: Profile) -> Identity:
    """The structure's name and the current user's name and role label."""
    with profile.session() as s:
        structure = s.get(Structure, profile.structure_id)
        user = s.get(Utilisateur, profile.user_id)
        return Identity(
            structure_nom=structure.nom if structure else "",
            user_nom=user.nom_complet if user else "",
            role_label=Role.label_of(user.role) if user else "",
        )


def last_sync_success(profile: Profile) -> datetime | None:
    """When this profile last synchronised successfully (aware UTC), or None if never / unreadable.

    Read from the ``sync_last_success`` profile fact when the sync client wrote it, else from the latest
    successful round in the sync history.
    """
    with profile.session() as s:
        meta = s.get(ProfileMeta, SYNC_LAST_SUCCESS)
        value: str | datetime | None = meta.value if meta else None
        if not value:
            value = s.scalar(select(func.max(SyncRun.finished_at)).where(SyncRun.status == "ok"))
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
