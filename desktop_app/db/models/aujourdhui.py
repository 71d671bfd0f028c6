"""The home screen « Aujourd'hui » (issue 15): lines of À faire snoozed by a user, and per-user settings.

Both are synced and belong to one user (``utilisateur_id``): a counsellor who snoozes a line on the laptop sees
it hidden on the desktop too, and finds there the same « sans contact depuis N semaines »."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class ReportAFaire(SyncedModel, table=True):
    """« Reporter au… »: the line ``cle`` (``ElementAFaire.cle``) is hidden for ``utilisateur_id`` until
    ``jusqu_au`` (it shows again on that day). ``jeune_id``: the jeune the line is about, so that erasing the
    dossier erases the snooze."""

    __tablename__ = "report_a_faire"

    utilisateur_id: str = fk("utilisateur.id")
    cle: str = Field(max_length=120, index=True)
    jusqu_au: dt.date
    jeune_id: str | None = fk("jeune.id", nullable=True)


class ReglageUtilisateur(SyncedModel, table=True):
    """A setting of one user that follows them from device to device (``cle`` a declared
    :class:`~desktop_app.services.profil.reglages.Setting` key, ``valeur`` its JSON text)."""

    __tablename__ = "reglage_utilisateur"

    utilisateur_id: str = fk("utilisateur.id")
    cle: str = Field(max_length=80)
    valeur: str
