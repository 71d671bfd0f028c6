"""Security records: the access log (who opened, changed, printed or exported which dossier, when)."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel
from desktop_app.domain.ids import utcnow


class JournalAcces(SyncedModel, table=True):
    """One access to a dossier. Append-only (services never update nor delete it); synced to the hub.

    Never holds the content: only who (user id and role at the time), what (``action``), which dossier id, when.
    ``jeune_id`` is a plain id, not a foreign key: an erased dossier keeps its tombstone id and its log.
    """

    __tablename__ = "journal_acces"

    structure_id: str = Field(max_length=36)
    utilisateur_id: str = Field(max_length=36, index=True)
    role: str = Field(max_length=32)
    action: str = Field(max_length=16)  # ActionJournal: ouvert, modifie, imprime, exporte, anonymise, efface
    jeune_id: str | None = Field(default=None, max_length=36, index=True)
    objet: str | None = Field(default=None, max_length=64)  # what was printed/exported (a kind, never content)
    quand: datetime = Field(default_factory=utcnow, index=True)
