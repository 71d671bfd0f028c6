"""The action itself: create, change, delete (with its séances, enrolments and attendance), and what its
form offers (:func:`choix`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from desktop_app.db.models import ActionCollective, AtelierMobilite, Lieu, Partenaire, Utilisateur
from desktop_app.db.queries import vivants
from desktop_app.domain import actions_collectives as D
from desktop_app.domain.saisie import SaisieInvalide, code_field, int_field, raise_if, text_field
from desktop_app.security.permissions import exiger
from desktop_app.services.actions_collectives.communs import (
    _action,
    _inscriptions,
    _materialiser,
    _participations,
    _seances,
)
from desktop_app.services.actions_collectives.saisies import SaisieAction
from desktop_app.services.actions_collectives.seances import _supprimer_seance
from desktop_app.services.enregistrements import apply_values

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def _valider_action(s, values: SaisieAction, nombre_inscrits: int) -> dict[str, Any]:
    errors: dict[str, str] = {}
    v: dict[str, Any] = {
        "type": code_field(values.get("type"), D.TypeActionCollective, "type", errors, label="Le type d'action",
                           required=True),
        "titre": text_field(values.get("titre")),
        "programme": text_field(values.get("programme")),
        "lieu_id": values.get("lieu_id") or None,
        "lieu_partenaire_id": values.get("lieu_partenaire_id") or None,
        "lieu_precision": text_field(values.get("lieu_precision")),
        "conseiller_id": values.get("conseiller_id") or None,
        "partenaire_id": values.get("partenaire_id") or None,
        "intervenant": text_field(values.get("intervenant")),
        "capacite": int_field(values.get("capacite"), "capacite", errors, label="La capacité", minimum=1,
                              maximum=D.PUBLIC_COMPTE_MAX),
        "vises": int_field(values.get("vises"), "vises", errors, label="Le nombre de jeunes visés", minimum=0,
                           maximum=100_000),
        "note": text_field(values.get("note")),
    }
    if errors.get("capacite", "").endswith(f"entre 1 et {D.PUBLIC_COMPTE_MAX}."):
        errors["capacite"] = f"La capacité va de 1 à {D.PUBLIC_COMPTE_MAX} places."
    if errors.get("vises", "").startswith("Le nombre de jeunes visés doit être compris"):
        errors["vises"] = "Le nombre de jeunes visés ne peut pas être négatif."
    if not v["titre"]:
        errors["titre"] = "Donnez un titre à l'action (par exemple « Information collective — 3e B »)."
    elif len(v["titre"]) > 200:
        errors["titre"] = "Le titre fait au plus 200 caractères."
    if v["lieu_precision"] and len(v["lieu_precision"]) > 200:
        errors["lieu_precision"] = "La précision du lieu fait au plus 200 caractères."
    if v["intervenant"] and len(v["intervenant"]) > 200:
        errors["intervenant"] = "Le nom de l'intervenant fait au plus 200 caractères."
    if v["type"] == D.MOBILITE and (v["capacite"] or 0) > 15:
        errors["capacite"] = "Un atelier mobilité accueille 15 participants au plus."
    if v["capacite"] is not None and v["capacite"] < nombre_inscrits:
        errors["capacite"] = "La capacité ne peut pas être inférieure au nombre d'inscrits."
    for key, model, message in (("lieu_id", Lieu, "Ce lieu n'existe pas (ou plus)."),
                                ("lieu_partenaire_id", Partenaire, "Ce partenaire n'existe pas (ou plus)."),
                                ("partenaire_id", Partenaire, "Ce partenaire n'existe pas (ou plus)."),
                                ("conseiller_id", Utilisateur, "Ce conseiller n'existe pas (ou plus).")):
        if v[key]:
            row = s.get(model, v[key])
            if row is None or getattr(row, "deleted", False):
                errors[key] = message
    raise_if(errors, "Action non enregistrée")
    return v


def enregistrer_action(profile: Profile, values: SaisieAction, *, action_id: str | None = None) -> ActionCollective:
    """Create (or change) an action; :class:`SaisieInvalide` with a message per field, nothing written."""
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        if action_id is None:
            v = _valider_action(s, values, 0)
            if v["conseiller_id"] is None:
                v["conseiller_id"] = profile.user_id
            action = ActionCollective(structure_id=profile.structure_id, **v)
            s.add(action)
        else:
            action = _materialiser(s, _action(s, action_id))
            v = _valider_action(s, values, len(_inscrits_ids(s, action)))
            if v["type"] != action.type and D.MOBILITE in (v["type"], action.type) and _seances(s, action.id):
                raise SaisieInvalide({"type": "Une action qui a des séances ne passe pas d'atelier mobilité à un "
                                              "autre type (ni l'inverse) : créez une nouvelle action."},
                                     "Action non enregistrée")
            apply_values(action, v)
            if action.type == D.MOBILITE:
                for seance in _seances(s, action.id):
                    atelier = s.get(AtelierMobilite, seance.atelier_id) if seance.atelier_id else None
                    if atelier is not None:
                        apply_values(atelier, {"lieu_id": action.lieu_id, "capacite": action.capacite or 15})
        s.commit()
        return action


def supprimer_action(profile: Profile, action_id: str) -> None:
    """The action, its séances, enrolments, attendance and actualités become tombstones."""
    exiger(profile, "actions.modifier")
    with profile.session() as s:
        action = _materialiser(s, _action(s, action_id))
        for seance in _seances(s, action.id):
            _supprimer_seance(s, profile, seance)
        for i in _inscriptions(s, action.id):
            i.deleted = True
        action.deleted = True
        s.commit()


def _inscrits_ids(s, action: ActionCollective) -> list[str]:
    if action.type == D.MOBILITE:
        ids = [x.atelier_id for x in _seances(s, action.id) if x.atelier_id]
        return list(dict.fromkeys(p.jeune_id for p in _participations(s, ids)))
    return [i.jeune_id for i in _inscriptions(s, action.id)]


@dataclass(frozen=True)
class Choix:
    """What the action form offers: the structure's places, the partners of the directory, the counsellors."""
    lieux: list[tuple[str, str]]
    partenaires: list[tuple[str, str]]
    conseillers: list[tuple[str, str]]


def choix(profile: Profile) -> Choix:
    exiger(profile, "actions.lire")
    with profile.session() as s:
        lieux = [(x.id, x.nom) for x in s.scalars(vivants(Lieu).order_by(Lieu.nom))]
        partenaires = [(x.id, x.nom + (f" ({x.commune})" if x.commune else ""))
                       for x in s.scalars(vivants(Partenaire).where(Partenaire.actif == True)  # noqa: E712
                                          .order_by(Partenaire.nom))]
        conseillers = [(x.id, x.nom_complet) for x in s.scalars(vivants(Utilisateur).where(
            Utilisateur.actif == True, Utilisateur.role != "parrain").order_by(Utilisateur.nom))]  # noqa: E712
    return Choix(lieux, partenaires, conseillers)
