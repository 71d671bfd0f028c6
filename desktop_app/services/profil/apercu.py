"""Small read-only facts the application shell shows: who is working, last sync."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from desktop_app.db.models import ProfileMeta, Structure, SyncRun, Utilisateur
from desktop_app.domain.enums import Role
from desktop_app.services.profil.profile import Profile

SYNC_LAST_SUCCESS = "sync_last_success"  # ProfileMeta key written by the sync client (ISO 8601, UTC)


@dataclass(frozen=True)
class Identity:
    structure_nom: str
    user_nom: str
    role_label: str


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
