"""Collective actions (issue 17): one model for every type — information collective, portes ouvertes, ateliers
logement / numérique, codes sociaux, prévention santé, chantier éducatif… and the atelier mobilité.

* ``action_collective``: the action (type, titre, programme, lieu or a partner's premises, facilitators,
  capacity, the number of jeunes *visés*).
* ``seance_action``: its séances (date, hours) and the **public counted** without names (a class of 28
  pupils: counted in the indicators, no dossier). A séance of an atelier mobilité points at its
  ``atelier_mobilite`` row (``atelier_id``), which stays the storage of the mobility séance: its enrolled
  jeunes, attendance and skills are the ``atelier_participation`` rows, as before.
* ``inscription_action`` (a named jeune enrolled), ``presence_seance`` (jeune × séance, present or absent,
  and the « Atelier » actualité it wrote), ``resultat_action`` (an outcome of the type's checklist ticked
  for a participant). Enrolment, presence and outcome rows get a deterministic id (the same jeune ticked on two devices
  is one row, merged field by field).
"""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class ActionCollective(SyncedModel, table=True):
    __tablename__ = "action_collective"

    structure_id: str = fk("structure.id")
    type: str = Field(max_length=24, index=True)  # domain.actions_collectives.TypeActionCollective
    titre: str = Field(max_length=200)
    programme: str | None = None  # what is done, séance by séance
    lieu_id: str | None = fk("lieu.id", nullable=True)  # one of the structure's places
    lieu_partenaire_id: str | None = fk("partenaire.id", nullable=True)  # held at a partner's premises
    lieu_precision: str | None = Field(default=None, max_length=200)  # « salle 12, classe de 3e B »
    conseiller_id: str | None = fk("utilisateur.id", nullable=True)  # the mission locale's facilitator
    partenaire_id: str | None = fk("partenaire.id", nullable=True)  # the partner co-facilitating
    intervenant: str | None = Field(default=None, max_length=200)  # the partner's facilitator, by name
    capacite: int | None = None  # places (named jeunes and counted public together)
    vises: int | None = None  # jeunes initially aimed at (« visés »), against the ones reached (« touchés »)
    note: str | None = None


class SeanceAction(SyncedModel, table=True):
    __tablename__ = "seance_action"

    action_id: str = fk("action_collective.id")
    date: dt.date = Field(index=True)
    heure_debut: dt.time | None = None
    heure_fin: dt.time | None = None
    public_compte: int | None = None  # attendance counted without names (None: not counted)
    public_description: str | None = Field(default=None, max_length=200)  # « élèves de 3e B »
    atelier_id: str | None = fk("atelier_mobilite.id", nullable=True)  # the mobility séance's storage


class InscriptionAction(SyncedModel, table=True):
    __tablename__ = "inscription_action"

    action_id: str = fk("action_collective.id")
    jeune_id: str = fk("jeune.id")


class PresenceSeance(SyncedModel, table=True):
    __tablename__ = "presence_seance"

    seance_id: str = fk("seance_action.id")
    jeune_id: str = fk("jeune.id")
    present: bool | None = None  # None: not noted yet
    actualite_id: str | None = fk("actualite.id", nullable=True)


class ResultatAction(SyncedModel, table=True):
    __tablename__ = "resultat_action"

    inscription_id: str = fk("inscription_action.id")
    code: str = Field(max_length=32)  # a code of domain.actions_collectives.CHECKLISTS[type]
    acquis: bool = False
