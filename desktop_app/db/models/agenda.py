"""The counsellor's day (issue 15): rendez-vous with one jeune, or several for a collective session."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class RendezVous(SyncedModel, table=True):
    """An appointment of a conseiller, on a day, from ``heure_debut`` to ``heure_fin``.

    Its jeunes are its :class:`RendezVousParticipant` rows (one for an individual rendez-vous). ``objet`` holds
    ThemeProposition codes, comma-separated (like ``Actualite.themes``); ``note`` is free text, never printed on a
    convocation nor sent in a reminder."""

    __tablename__ = "rendez_vous"

    structure_id: str = fk("structure.id")
    conseiller_id: str = fk("utilisateur.id")
    date: dt.date = Field(index=True)
    heure_debut: dt.time
    heure_fin: dt.time
    type_lieu: str = Field(default="agence", max_length=16)  # TypeLieuRendezVous
    lieu_id: str | None = fk("lieu.id", nullable=True)
    partenaire_id: str | None = fk("partenaire.id", nullable=True)
    lieu_precision: str | None = None  # address, room, visio link, phone number to call
    objet: str | None = None  # ThemeProposition codes, comma-separated
    intitule: str | None = Field(default=None, max_length=200)  # short title (« Point CEJ », « Info collective »)
    a_apporter: str | None = None  # what to bring, printed on the convocation
    collectif: bool = False
    statut: str = Field(default="prevu", max_length=20)  # StatutRendezVous
    date_statut: dt.date | None = None
    note: str | None = None  # free text: never on a convocation, never in a message
    actualite_id: str | None = fk("actualite.id", nullable=True)  # the actualité written when honoured
    reporte_vers_id: str | None = fk("rendez_vous.id", nullable=True, index=False)  # the new one, when postponed


class RendezVousParticipant(SyncedModel, table=True):
    """A jeune expected at a rendez-vous; ``statut`` is per jeune for a collective session (StatutRendezVous)."""

    __tablename__ = "rendez_vous_participant"

    rendez_vous_id: str = fk("rendez_vous.id")
    jeune_id: str = fk("jeune.id")
    statut: str = Field(default="prevu", max_length=20)  # StatutRendezVous
