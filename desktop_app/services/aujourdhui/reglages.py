"""The settings of À faire that belong to a user and follow them from device to device (synced table
``reglage_utilisateur``): « jeunes sans contact depuis N semaines », N per conseiller. Each key is a declared
:class:`~desktop_app.services.profil.reglages.Setting` (type, default, bounds); a stored value that no longer fits
reads as the default."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from desktop_app.db.models import ReglageUtilisateur, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.saisie import raise_if
from desktop_app.security.permissions import exiger
from desktop_app.services.aujourdhui.saisies import SaisieReglagesAujourdhui
from desktop_app.services.profil.reglages import SANS_CONTACT_SEMAINES, Setting

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

SANS_CONTACT = SANS_CONTACT_SEMAINES


def _valeurs(s, setting: Setting, utilisateur_id: str | None = None) -> dict[str, Any]:
    """``{user id: value}`` (the latest row of each user by clock: two devices may both have written it)."""
    query = select(ReglageUtilisateur.utilisateur_id, ReglageUtilisateur.valeur, ReglageUtilisateur.hlc).where(
        ReglageUtilisateur.cle == setting.key, vivant(ReglageUtilisateur))
    if utilisateur_id is not None:
        query = query.where(ReglageUtilisateur.utilisateur_id == utilisateur_id)
    out: dict[str, tuple[str, Any]] = {}
    for user, valeur, hlc in s.execute(query).all():
        try:
            value = setting.coerce(json.loads(valeur))
        except ValueError:
            value = setting.default
        if user not in out or hlc > out[user][0]:
            out[user] = (hlc, value)
    return {user: value for user, (_h, value) in out.items()}


def lire(profile: Profile, setting: Setting, utilisateur_id: str | None = None) -> Any:
    """The value of ``setting`` for ``utilisateur_id`` (default: the current user)."""
    actor = exiger(profile, "aujourdhui.voir")
    with profile.session() as s:
        return _valeurs(s, setting, utilisateur_id or actor.user_id).get(utilisateur_id or actor.user_id,
                                                                          setting.default)


def sans_contact_par_conseiller(profile: Profile) -> dict[str, int]:
    """``{conseiller id: N weeks}`` of the users who set it (the others: the default)."""
    exiger(profile, "aujourdhui.voir")
    with profile.session() as s:
        return _valeurs(s, SANS_CONTACT)


def enregistrer(profile: Profile, saisie: SaisieReglagesAujourdhui, utilisateur_id: str | None = None) -> None:
    """Set the current user's settings of À faire (an administrator may set another user's)."""
    actor = exiger(profile, "aujourdhui.reporter")
    cible = utilisateur_id or actor.user_id
    if cible != actor.user_id:
        exiger(profile, "utilisateurs.gerer")
    errors: dict[str, str] = {}
    values: dict[Setting, Any] = {}
    if "sans_contact_semaines" in saisie:
        raw = saisie.get("sans_contact_semaines")
        try:
            n = int(str(raw).strip())
        except (TypeError, ValueError):
            errors["sans_contact_semaines"] = "Saisissez un nombre de semaines."
        else:
            if not SANS_CONTACT.minimum <= n <= SANS_CONTACT.maximum:
                errors["sans_contact_semaines"] = (f"Saisissez un nombre de semaines entre {SANS_CONTACT.minimum} "
                                                   f"et {SANS_CONTACT.maximum}.")
            values[SANS_CONTACT] = n
    raise_if(errors)
    with profile.session() as s:
        if s.get(Utilisateur, cible) is None:
            raise_if({"utilisateur_id": "Cet utilisateur n'existe pas sur ce poste."})
        for setting, value in values.items():
            rows = list(s.scalars(select(ReglageUtilisateur).where(
                ReglageUtilisateur.utilisateur_id == cible, ReglageUtilisateur.cle == setting.key,
                vivant(ReglageUtilisateur))))
            text_value = json.dumps(value)
            if rows:
                if rows[0].valeur != text_value:
                    rows[0].valeur = text_value
                for extra in rows[1:]:
                    extra.deleted = True
            else:
                s.add(ReglageUtilisateur(utilisateur_id=cible, cle=setting.key, valeur=text_value))
        s.commit()


__all__ = ["SANS_CONTACT", "enregistrer", "lire", "sans_contact_par_conseiller"]
