"""Who may see what in parrainage (CNIL): a parrain sees only its own filleuls' parrainage, never the dossier jeune.

Every parrainage service resolves the caller with :func:`acces`, checks the role against the permission table
(``parrainage.*`` in security/permissions.py) with :meth:`Acces.exiger`, and checks a record's scope with
:meth:`Acces.verifier`. Staff roles (conseiller, référent parrainage, direction, admin) see the whole
structure's parrainage; a parrain only the contracts where it is the parrain.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass

from sqlalchemy import select

from desktop_app.db.models import Parrain, Parrainage, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import Role
from desktop_app.domain.errors import UserError
from desktop_app.security.permissions import AccesRefuse as PermissionRefusee
from desktop_app.security.permissions import Actor, require
from desktop_app.services.securite.journal import journaliser, noter_modification  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

REFUS = "Accès refusé : en tant que parrain, vous ne voyez que le parrainage de vos propres filleuls."
REFUS_GESTION = "Accès refusé : seule l'équipe de la Mission Locale gère le réseau des parrains et les contrats."


class AccesRefuse(PermissionRefusee):
    """A parrain asked for something outside its own filleuls' parrainage (a role refusal like the others)."""


@dataclass(frozen=True)
class Acces:
    role: str
    parrain_id: str | None = None  # the caller's own Parrain record, when the caller is a parrain
    actor: Actor | None = None

    @property
    def est_parrain(self) -> bool:
        return self.role == Role.PARRAIN

    def exiger(self, action: str) -> Acces:
        """Refuse (AccesRefuse, French sentence) when the caller's role may not do ``action``."""
        if self.est_parrain and action == "parrainage.gerer":
            raise AccesRefuse(REFUS_GESTION)
        try:
            require(self.actor or Actor("", self.role), action)
        except PermissionRefusee as exc:
            raise AccesRefuse(exc.message) from None
        return self

    def peut(self, action: str) -> bool:
        try:
            self.exiger(action)
        except AccesRefuse:
            return False
        return True

    def verifier(self, parrainage: Parrainage | None) -> Parrainage:
        """The parrainage if the caller may see it; AccesRefuse (or 'introuvable') otherwise."""
        if parrainage is None or parrainage.deleted:
            raise UserError("Ce parrainage n'existe pas (ou plus) sur ce poste.")
        if self.est_parrain and parrainage.parrain_id != self.parrain_id:
            raise AccesRefuse(REFUS)
        return parrainage

    def exiger_equipe(self) -> None:
        """Refuse management actions (registry, contracts) to anyone but the staff running the activity."""
        self.exiger("parrainage.gerer")


def acces(s, profile: Profile, action: str | None = None) -> Acces:
    """The caller's access, read from the profile's user (an unknown user gets the narrowest access, inactive);
    with ``action``, refused unless the caller's role may do it."""
    user = s.get(Utilisateur, profile.user_id)
    if user is None or user.deleted:
        actor = Actor(profile.user_id, Role.PARRAIN.value, actif=False)
    else:
        actor = Actor(user.id, user.role, bool(user.actif))
    role = actor.role
    if role != Role.PARRAIN:
        a = Acces(role, actor=actor)
        return a.exiger(action) if action else a
    parrain_id = s.scalars(select(Parrain.id).where(Parrain.utilisateur_id == profile.user_id,
                                                    vivant(Parrain))).first()
    if parrain_id is None and _enrolled(s):
        # A parrain's own enrolled device holds one Parrain record, its own: the hub sends it nothing else
        # (hub/scope.py). Anywhere else, a parrain account not linked to a record sees nothing.
        own = s.scalars(select(Parrain.id).where(vivant(Parrain)).limit(2)).all()
        parrain_id = own[0] if len(own) == 1 else None
    a = Acces(role, parrain_id, actor)
    return a.exiger(action) if action else a


def _enrolled(s) -> bool:
    from desktop_app.db.meta import get_meta

    return get_meta(s.connection(), "sync_hub_structure") is not None


def parrainage_visible(s, profile: Profile, parrainage_id: str, action: str = "parrainage.lire") -> tuple[Acces, Parrainage]:
    """The caller's access and the parrainage, refused when the role may not do ``action`` or when the
    parrainage is outside the caller's scope (a parrain and another parrain's filleul)."""
    a = acces(s, profile, action)
    return a, a.verifier(s.get(Parrainage, parrainage_id))


def verifier_jeune(s, a: Acces, jeune_id: str) -> None:
    """Refuse a parrain asking about a jeune who is not (or no longer) one of its filleuls."""
    if not a.est_parrain:
        return
    mine = s.scalars(select(Parrainage.id).where(Parrainage.jeune_id == jeune_id, vivant(Parrainage),
                                                 Parrainage.parrain_id == (a.parrain_id or ""))).first()
    if mine is None:
        raise AccesRefuse(REFUS)


def acces_courant(profile: Profile) -> Acces:
    """The current user's access (for screens deciding what to show)."""
    with profile.session() as s:
        return acces(s, profile)
