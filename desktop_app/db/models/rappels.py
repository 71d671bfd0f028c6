"""Messages of a rendez-vous sent by the hub (issue 15): confirmation, rappel, modification, annulation.

Written by the hub only (its own clock, node ``hub``: :mod:`hub.rappels`); a device receives them by sync and
shows them in the dossier (« Messages envoyés »). The hub refuses a device's change to an existing one
(:mod:`hub.droits`). Linked to the jeune: an RGPD erasure takes them along."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class MessageRendezVous(SyncedModel, table=True):
    """One message per (rendez-vous, jeune, type, canal) — the id is derived from that key
    (:func:`desktop_app.domain.rappels.message_id`). ``adresse``: the e-mail or phone number it went to."""

    __tablename__ = "message_rendez_vous"

    structure_id: str = fk("structure.id")
    rendez_vous_id: str = fk("rendez_vous.id")
    jeune_id: str = fk("jeune.id")
    type: str = Field(max_length=16)  # TypeMessage
    canal: str = Field(max_length=8)  # CanalMessage
    destinataire: str = Field(default="jeune", max_length=16)  # DestinataireMessage
    adresse: str | None = Field(default=None, max_length=200)
    statut: str = Field(default="en_attente", max_length=16)  # StatutMessage
    raison: str | None = Field(default=None, max_length=300)  # why it failed or was refused
    tentatives: int = 0
    date_envoi: dt.datetime | None = None
    prochain_essai: dt.datetime | None = None
