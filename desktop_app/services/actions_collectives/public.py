"""The public counted without names at a séance (a class of 28 pupils), and the warning when the named
and counted attendance goes beyond the capacity."""
from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.db.models import ActionCollective, AtelierMobilite, PresenceSeance, SeanceAction
from desktop_app.db.queries import vivants
from desktop_app.domain import actions_collectives as D
from desktop_app.domain.plausibilite import presence_future
from desktop_app.domain.saisie import int_field, raise_if, text_field
from desktop_app.security.permissions import exiger
from desktop_app.services.actions_collectives.communs import (
    Enregistre,
    _action,
    _materialiser,
    _participations,
    _seance,
)
from desktop_app.services.actions_collectives.saisies import SaisiePublic
from desktop_app.services.enregistrements import apply_values
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def _capacite(s, seance: SeanceAction, action: ActionCollective) -> int | None:
    if seance.atelier_id and (atelier := s.get(AtelierMobilite, seance.atelier_id)) is not None:
        return atelier.capacite
    return action.capacite


def _depassement(profile: Profile, seance_id: str) -> list[str]:
    with profile.session() as s:
        seance = _seance(s, seance_id)
        action = _action(s, seance.action_id)
        capacite = _capacite(s, seance, action)
        if not capacite:
            return []
        if seance.atelier_id:
            nommes = sum(1 for p in _participations(s, [seance.atelier_id]) if p.present)
        else:
            nommes = sum(1 for p in s.scalars(vivants(PresenceSeance).where(
                PresenceSeance.seance_id == seance.id)) if p.present)
        total = nommes + (seance.public_compte or 0)
        if total > capacite:
            return [f"Présence au-delà de la capacité : {total} personnes pour {capacite} places."]
        return []


def noter_public(profile: Profile, seance_id: str, values: SaisiePublic) -> Enregistre:
    """The public counted without names (a class of 28 pupils): counted in the indicators, no dossier. Negative,
    or above the action's capacity (the room), is refused at the field; with the named jeunes present beyond
    the capacity, a warning. A count at a future séance is refused like attendance."""
    exiger(profile, "actions.modifier")
    errors: dict[str, str] = {}
    with profile.session() as s:
        seance = _seance(s, seance_id)
        action = _action(s, seance.action_id)
        capacite = _capacite(s, seance, action)
        plafond = capacite or D.PUBLIC_COMPTE_MAX
        raw = values.get("public_compte")
        nombre = int_field(raw, "public_compte", errors, label="Le public compté", minimum=0, maximum=plafond)
        if "public_compte" in errors:
            try:
                n = int(str(raw).strip())
            except ValueError:
                n = None
            if n is not None and n < 0:
                errors["public_compte"] = "Le public compté ne peut pas être négatif."
            elif n is not None:
                errors["public_compte"] = (f"Le public compté ({n}) dépasse la capacité de la salle ({capacite} "
                                           f"places)." if capacite else
                                           f"Le public compté ({n}) dépasse {D.PUBLIC_COMPTE_MAX} personnes.")
        description = text_field(values.get("public_description"))
        if description and len(description) > 200:
            errors["public_description"] = "La description du public fait au plus 200 caractères."
        if nombre and (message := presence_future(seance.date, aujourdhui(profile), note="le public se compte")):
            errors["public_compte"] = message
        raise_if(errors, "Public non enregistré")
        seance = _materialiser_seance(s, seance)
        apply_values(seance, {"public_compte": nombre, "public_description": description})
        s.commit()
    return Enregistre(nombre, tuple(_depassement(profile, seance_id)))


def _materialiser_seance(s, seance: SeanceAction) -> SeanceAction:
    if s.get(SeanceAction, seance.id) is None:
        _materialiser(s, _action(s, seance.action_id))
        return s.get(SeanceAction, seance.id)
    return seance
