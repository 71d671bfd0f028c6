"""Enrolment codes for a new laptop: of a user named on the code (its account comes with the laptop) or of an
existing user of the hub (its name and role are the account's), a parrain's limited to its filleuls."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from desktop_app.domain.enums import Role
from hub.auth import create_code
from hub.errors import HubError
from hub.scope import create_parrain_code
from hub.utilisateurs import get_user

PARRAIN, CONSEILLER = Role.PARRAIN.value, Role.CONSEILLER.value


@dataclass(frozen=True)
class EnrolmentCode:
    code: str  # one-time, valid 24 h
    user_name: str
    role: str


def _existing_user(engine: Engine, structure_id: str, user_id: str, role: str | None,
                   parrain_id: str | None) -> tuple[str, str]:
    """The name and role of an existing user a laptop is enrolled for, checked against the request."""
    user = get_user(engine, user_id)
    if user.structure_id != structure_id:
        raise HubError(400, "autre_structure", f"L'utilisateur « {user_id} » n'appartient pas à la "
                       f"structure « {structure_id} ».")
    if not user.actif:
        raise HubError(409, "compte_desactive", f"Le compte de {user.nom} est désactivé : réactivez-le "
                       "(« passerelle-hub user enable ») avant d'inscrire un poste pour lui.")
    if role and role != user.role:
        raise HubError(400, "role_different", f"{user.nom} a le rôle « {user.role} » : changez-le avec "
                       "« passerelle-hub user role » plutôt qu'à l'inscription.")
    if parrain_id and user.role != PARRAIN:
        raise HubError(400, "pas_parrain", f"{user.nom} a le rôle « {user.role} » : --parrain ne vaut que "
                       "pour un compte parrain.")
    return user.nom, user.role


def enrolment_code(engine: Engine, structure_id: str, *, user_name: str | None = None, user_id: str | None = None,
                   role: str | None = None, parrain_id: str | None = None) -> EnrolmentCode:
    """A one-time code for ``user_name`` (a new user) or ``user_id`` (an existing one); ``role`` defaults to
    the account's, else ``parrain`` with ``parrain_id``, else ``conseiller``. A parrain's code needs
    ``parrain_id`` (its device receives only its filleuls)."""
    if user_id:  # a new laptop for an existing user: its name and role are the account's
        user_name, role = _existing_user(engine, structure_id, user_id, role, parrain_id)
    role = role or (PARRAIN if parrain_id else CONSEILLER)
    if role == PARRAIN or parrain_id:
        if not parrain_id:
            raise HubError(400, "parrain_absent", "Pour un parrain, donnez l'identifiant de sa fiche (--parrain ID) : "
                           "son poste ne recevra que ses filleuls.")
        code = create_parrain_code(engine, structure_id, user_name or "", parrain_id, user_id=user_id)
        return EnrolmentCode(code, user_name or "", PARRAIN)
    return EnrolmentCode(create_code(engine, structure_id, user_name or "", role, user_id=user_id),
                         user_name or "", role)
