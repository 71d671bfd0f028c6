"""Who may see what in parrainage (CNIL): a parrain sees only its own filleuls' parrainage, never the dossier jeune.

Every parrainage service resolves the caller with :func:`acces` and checks a record with :meth:`Acces.verifier`.
Staff roles (conseiller, référent parrainage, direction, admin) see the whole structure's parrainage.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop_app.db.models import Parrain, Parrainage, Utilisateur
from desktop_app.domain.enums import Role
from desktop_app.security.permissions import AccesRefuse as PermissionRefusee
from desktop_app.services.errors import UserError

REFUS = "Accès refusé : en tant que parrain, vous ne voyez que le parrainage de vos propres filleuls."
REFUS_GESTION = "Accès refusé : seule l'équipe de la Mission Locale gère le réseau des parrains et les contrats."


class AccesRefuse(PermissionRefusee):
    """A parrain asked for something outside its own filleuls' parrainage (a role refusal like the others)."""


@dataclass(frozen=True)
class Acces:
    role: str
    parrain_id: str | None = None  # the caller's own Parrain record, when the caller is a parrain

    @property
    def est_parrain(self) -> bool:
        return self.role == Role.PARRAIN

    def verifier(self, parrainage: Parrainage | None) -> Parrainage:
        """The parrainage if the caller may see it; AccesRefuse (or 'introuvable') otherwise."""
        if parrainage is None or parrainage.deleted:
            raise UserError("Ce parrainage n'existe pas (ou plus) sur ce poste.")
        if self.est_parrain and parrainage.parrain_id != self.parrain_id:
            raise AccesRefuse(REFUS)
        return parrainage

    def exiger_equipe(self) -> None:
        """Refuse management actions (registry, contracts, network) to a parrain."""
        if self.est_parrain:
            raise AccesRefuse(REFUS_GESTION)


def acces(s, profile) -> Acces:
    """The caller's access, read from the profile's user (an unknown user gets the narrowest access)."""
    user = s.get(Utilisateur, profile.user_id)
    role = user.role if user is not None and not user.deleted else Role.PARRAIN
    if role != Role.PARRAIN:
        return Acces(role)
    parrain_id = s.scalars(select(Parrain.id).where(Parrain.utilisateur_id == profile.user_id,
                                                    Parrain.deleted == False)).first()  # noqa: E712
    if parrain_id is None and _enrolled(s):
        # A parrain's own enrolled device holds one Parrain record, its own: the hub sends it nothing else
        # (hub/scope.py). Anywhere else, a parrain account not linked to a record sees nothing.
        own = s.scalars(select(Parrain.id).where(Parrain.deleted == False).limit(2)).all()  # noqa: E712
        parrain_id = own[0] if len(own) == 1 else None
    return Acces(role, parrain_id)


def _enrolled(s) -> bool:
    from sqlalchemy import text

    return s.execute(text("SELECT 1 FROM profile_meta WHERE key = 'sync_hub_structure'")).first() is not None


def parrainage_visible(s, profile, parrainage_id: str) -> tuple[Acces, Parrainage]:
    """The caller's access and the parrainage, refused when outside the caller's scope."""
    a = acces(s, profile)
    return a, a.verifier(s.get(Parrainage, parrainage_id))


def acces_courant(profile) -> Acces:
    """The current user's access (for screens deciding what to show)."""
    with profile.session() as s:
        return acces(s, profile)
