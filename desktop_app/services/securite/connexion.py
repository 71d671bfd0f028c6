"""Users' login on a shared laptop: set a password, log in, and slow down guessing.

Five failed logins for a user → a growing delay (30 s, 1 min, 2 min… up to 1 h), persisted in the profile's
local ``profile_meta`` (a restart does not reset it). A user disabled on the hub (``actif`` False, received by
sync) can no longer log in. The password hash is a synced field of ``utilisateur``: users are managed on the hub.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from desktop_app.db.models import ProfileMeta, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import utcnow
from desktop_app.security import passwords
from desktop_app.security.permissions import Actor, exiger
from desktop_app.services.securite.acces import login_requis  # noqa: F401 (re-exported)
from desktop_app.services.enregistrements import alive

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

log = logging.getLogger(__name__)

ECHECS_AVANT_DELAI = 5
DELAI_INITIAL_S = 30
DELAI_MAX_S = 3600


class ConnexionRefusee(UserError):
    """Login refused; ``attente_s`` is the remaining delay when the user is throttled (0 otherwise)."""

    def __init__(self, message: str, attente_s: int = 0) -> None:
        super().__init__(message)
        self.attente_s = attente_s


@dataclass(frozen=True)
class Compte:
    id: str
    nom: str
    role: str


def comptes(profile: Profile) -> list[Compte]:
    """The users who can log in on this profile, by name (the login dialog's list)."""
    with profile.session() as s:
        users = s.scalars(select(Utilisateur).where(*_connectables()).order_by(Utilisateur.nom, Utilisateur.prenom))
        return [Compte(u.id, u.nom_complet, u.role) for u in users]


def _connectables():
    return (vivant(Utilisateur), Utilisateur.actif == True,  # noqa: E712
            Utilisateur.mot_de_passe_hash.is_not(None))


def definir_mot_de_passe(profile: Profile, user_id: str, password: str, *, confirmation: str | None = None) -> None:
    """Set ``user_id``'s password (one's own, or anyone's for an admin). Synced like any change of a user."""
    if user_id != profile.user_id:
        exiger(profile, "utilisateurs.gerer")
    if confirmation is not None and confirmation != password:
        raise UserError("Les deux mots de passe saisis sont différents.")
    if problem := passwords.password_problem(password):
        raise UserError(problem)
    hashed = passwords.hash_password(password)
    with profile.session() as s:
        user = alive(s, Utilisateur, user_id, "Cet utilisateur n'existe pas (ou plus) sur ce poste.")
        user.mot_de_passe_hash = hashed
        s.commit()
    log.info("mot de passe défini pour l'utilisateur %s", user_id)


def changer_mot_de_passe(profile: Profile, ancien: str, nouveau: str, confirmation: str) -> None:
    """The current user changes their own password: the present one (when there is one), the new one twice.
    Field errors (``ancien``, ``nouveau``, ``confirmation``) are raised together as :class:`SaisieInvalide`."""
    from desktop_app.domain.saisie import raise_if

    errors: dict[str, str] = {}
    with profile.session() as s:
        user = alive(s, Utilisateur, profile.user_id, "Cet utilisateur n'existe pas (ou plus) sur ce poste.")
        stored = user.mot_de_passe_hash
    if stored and not passwords.verify_password(stored, ancien):
        errors["ancien"] = "Mot de passe actuel incorrect."
    if problem := passwords.password_problem(nouveau):
        errors["nouveau"] = problem
    elif confirmation != nouveau:
        errors["confirmation"] = "Les deux mots de passe saisis sont différents."
    raise_if(errors, "Mot de passe non changé")
    definir_mot_de_passe(profile, profile.user_id, nouveau)


def activer(profile: Profile, user_id: str, actif: bool) -> None:
    """Enable or disable a user's account (admin). Synced: a disabled user can no longer log in anywhere."""
    exiger(profile, "utilisateurs.gerer")
    if user_id == profile.user_id and not actif:
        raise UserError("Vous ne pouvez pas désactiver votre propre compte.")
    with profile.session() as s:
        user = alive(s, Utilisateur, user_id, "Cet utilisateur n'existe pas (ou plus) sur ce poste.")
        if user.actif != actif:
            user.actif = actif
            s.commit()


def _meta_key(user_id: str) -> str:
    return f"connexion_echecs:{user_id}"


def _echecs(s, user_id: str) -> tuple[int, datetime | None]:
    row = s.get(ProfileMeta, _meta_key(user_id))
    if row is None:
        return 0, None
    data = json.loads(row.value)
    until = datetime.fromisoformat(data["jusqu_a"]) if data.get("jusqu_a") else None
    return int(data.get("echecs", 0)), until


def _delai(echecs: int) -> int:
    if echecs < ECHECS_AVANT_DELAI:
        return 0
    return min(DELAI_MAX_S, DELAI_INITIAL_S * 2 ** (echecs - ECHECS_AVANT_DELAI))


def _attente(seconds: float) -> str:
    seconds = max(1, int(seconds + 0.999))
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def connecter(profile: Profile, user_id: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check ``password`` for ``user_id``; on success the profile's current user becomes ``user_id``."""
    now = now or utcnow()
    with profile.session() as s:
        user = s.get(Utilisateur, user_id)
        if user is None or user.deleted:
            raise ConnexionRefusee("Cet utilisateur n'existe pas (ou plus) sur ce poste.")
        if not user.actif:
            raise ConnexionRefusee("Ce compte est désactivé : adressez-vous à l'administrateur de votre structure.")
        echecs, until = _echecs(s, user_id)
        if until is not None and until > now:
            wait = (until - now).total_seconds()
            raise ConnexionRefusee(f"Trop d'essais infructueux : réessayez dans {_attente(wait)}.", int(wait) + 1)
        if not passwords.verify_password(user.mot_de_passe_hash, password):
            echecs += 1
            delay = _delai(echecs)
            value = {"echecs": echecs, "jusqu_a": (now + timedelta(seconds=delay)).isoformat() if delay else None}
            s.merge(ProfileMeta(key=_meta_key(user_id), value=json.dumps(value)))
            s.commit()
            log.warning("connexion refusée pour l'utilisateur %s (%d échec(s))", user_id, echecs)
            if delay:
                raise ConnexionRefusee(f"Mot de passe incorrect. Trop d'essais infructueux : réessayez dans "
                                       f"{_attente(delay)}.", delay)
            raise ConnexionRefusee("Mot de passe incorrect.")
        if (row := s.get(ProfileMeta, _meta_key(user_id))) is not None:
            s.delete(row)
        if passwords.needs_rehash(user.mot_de_passe_hash or ""):
            user.mot_de_passe_hash = passwords.hash_password(password)
        s.commit()
        actor = Actor(user.id, user.role, True, user.nom_complet)
    profile.user_id = user_id
    log.info("connexion de l'utilisateur %s", user_id)
    return actor


def deverrouiller(profile: Profile, password: str) -> Actor:
    """The lock screen's check: the current user's password (failures count like logins)."""
    return connecter(profile, profile.user_id, password)
