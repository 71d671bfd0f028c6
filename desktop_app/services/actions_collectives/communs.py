"""What the modules of the package share: the lookups over both storages (an atelier mobilité's
séance is an ``atelier_mobilite`` row; an atelier without an action row is shown as a mobility action,
:func:`_virtuelle`), the stable ids of the rows two devices may both write, and :class:`Enregistre`."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop_app.db.models import (
    ActionCollective,
    AtelierMobilite,
    AtelierParticipation,
    InscriptionAction,
    Jeune,
    Lieu,
    Partenaire,
    SeanceAction,
)
from desktop_app.db.queries import vivants
from desktop_app.domain import actions_collectives as D
from desktop_app.domain.enums import NiveauAtelier
from desktop_app.domain.errors import UserError

ABSENTE = "Cette action collective n'existe pas (ou plus)."
SEANCE_ABSENTE = "Cette séance n'existe pas (ou plus)."
_ESPACE = uuid.UUID("6f1d7c2e-4b1a-4c55-9a53-70617373726c")  # ids of presence and outcome rows


def _id_stable(*parts: str) -> str:
    """The same jeune ticked at the same séance on two devices is one row (merged field by field)."""
    return str(uuid.uuid5(_ESPACE, ":".join(parts)))


@dataclass(frozen=True)
class Enregistre:
    valeur: Any
    avertissements: tuple[str, ...] = ()


def _virtuelle(atelier: AtelierMobilite) -> tuple[ActionCollective, SeanceAction]:
    """The action (not stored) of an atelier without one: same id, as migration 0023 makes them."""
    from desktop_app.services.ateliers.seances import _co_animateur

    action = ActionCollective(id=atelier.id, structure_id=atelier.structure_id, type=D.MOBILITE,
                              titre=f"Atelier mobilité ({NiveauAtelier.label_of(atelier.niveau).lower()})",
                              lieu_id=atelier.lieu_id, conseiller_id=atelier.animateur_id,
                              intervenant=_co_animateur(atelier) or None, capacite=atelier.capacite)
    seance = SeanceAction(id=atelier.id, action_id=atelier.id, atelier_id=atelier.id, date=atelier.date,
                          heure_debut=atelier.heure_debut, heure_fin=atelier.heure_fin)
    return action, seance


def _ateliers_orphelins(s) -> list[AtelierMobilite]:
    known = select(SeanceAction.atelier_id).where(SeanceAction.atelier_id.is_not(None))
    return list(s.scalars(vivants(AtelierMobilite).where(AtelierMobilite.id.not_in(known))))


def _stocke_ou_virtuel(s, model, ident: str, part: int, absent: str):
    """The stored record of ``model``, else part ``part`` of the virtual action of an atelier of that id (a
    mobility atelier without an action of its own), else :class:`UserError` ``absent``."""
    record = s.get(model, ident) if ident else None
    if record is None:
        atelier = s.get(AtelierMobilite, ident) if ident else None
        if atelier is not None and not atelier.deleted:
            return _virtuelle(atelier)[part]
    if record is None or record.deleted:
        raise UserError(absent)
    return record


def _action(s, action_id: str) -> ActionCollective:
    return _stocke_ou_virtuel(s, ActionCollective, action_id, 0, ABSENTE)


def _seances(s, action_id: str) -> list[SeanceAction]:
    rows = list(s.scalars(vivants(SeanceAction).where(SeanceAction.action_id == action_id)
                          .order_by(SeanceAction.date, SeanceAction.heure_debut)))
    if not rows and s.get(ActionCollective, action_id) is None:
        atelier = s.get(AtelierMobilite, action_id)
        if atelier is not None and not atelier.deleted:
            rows = [_virtuelle(atelier)[1]]
    return rows


def _seance(s, seance_id: str) -> SeanceAction:
    return _stocke_ou_virtuel(s, SeanceAction, seance_id, 1, SEANCE_ABSENTE)


def _materialiser(s, action: ActionCollective) -> ActionCollective:
    """Store the action of an atelier that had none, before changing it."""
    if s.get(ActionCollective, action.id) is None:
        from desktop_app.services.ateliers.seances import action_de_l_atelier

        action_de_l_atelier(s, s.get(AtelierMobilite, action.id))
        s.flush()
        return s.get(ActionCollective, action.id)
    return action


def _participations(s, atelier_ids: list[str]) -> list[AtelierParticipation]:
    if not atelier_ids:
        return []
    return list(s.scalars(vivants(AtelierParticipation).where(AtelierParticipation.atelier_id.in_(atelier_ids))))


def _inscriptions(s, action_id: str) -> list[InscriptionAction]:
    return list(s.scalars(vivants(InscriptionAction).where(InscriptionAction.action_id == action_id)))


def _nom(j: Jeune) -> tuple[str, str]:
    return (j.nom_usage or j.nom_naissance, j.prenoms)


def _lieu_texte(s, action: ActionCollective) -> str:
    parts = []
    if action.lieu_id and (lieu := s.get(Lieu, action.lieu_id)) is not None:
        parts.append(lieu.nom)
    if action.lieu_partenaire_id and (p := s.get(Partenaire, action.lieu_partenaire_id)) is not None:
        parts.append(f"chez {p.nom}" + (f", {p.commune}" if p.commune else ""))
    if action.lieu_precision:
        parts.append(action.lieu_precision)
    return " — ".join(parts)


def _co_animation(s, action: ActionCollective) -> str:
    partenaire = s.get(Partenaire, action.partenaire_id) if action.partenaire_id else None
    if partenaire and action.intervenant:
        return f"{action.intervenant} ({partenaire.nom})"
    return action.intervenant or (partenaire.nom if partenaire else "")
