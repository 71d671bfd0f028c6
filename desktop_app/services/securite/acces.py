"""Whether opening the profile asks who is there, read through a raw cursor: the start-up path imports neither
SQLAlchemy, SQLModel nor the models for it (:mod:`desktop_app.services.securite.connexion` holds the login itself)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.db.queries import list_cursor

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def login_requis(profile: Profile) -> bool:
    """True when the profile has at least one active user with a password: the app asks who is there."""
    with list_cursor(profile.engine) as cursor:
        return cursor.execute(
            "SELECT 1 FROM utilisateur WHERE deleted = 0 AND actif = 1 AND mot_de_passe_hash IS NOT NULL "
            "LIMIT 1").fetchone() is not None
