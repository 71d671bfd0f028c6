"""Permanences hors les murs: outreach desks held where the young people are."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class Permanence(SyncedModel, table=True):
    __tablename__ = "permanence"

    structure_id: str = fk("structure.id")
    lieu_id: str = fk("lieu.id")
    date: dt.date = Field(index=True)
    heure_debut: dt.time | None = None
    heure_fin: dt.time | None = None
    commentaire: str | None = None


class PermanenceConseiller(SyncedModel, table=True):
    """A conseiller present at a permanence."""

    __tablename__ = "permanence_conseiller"

    permanence_id: str = fk("permanence.id")
    utilisateur_id: str = fk("utilisateur.id")
