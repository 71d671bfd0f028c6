"""« Reçues refusées »: the pulled changes this replica could not store, worded for the Synchronisation screen."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop_app.db.models import SyncReceivedRefused
from desktop_app.services.profil.profile import Profile
from desktop_app.services.sync.libelles import FIELDS, record_label, table_label

EMPTY_TEXT = ("Aucune modification reçue n'a été refusée : tout ce que le serveur a envoyé a été enregistré "
              "sur ce poste.")


@dataclass(frozen=True)
class ReceivedRefusedView:
    when: dt.datetime | None
    table_label: str
    record: str
    reason: str


def _record(conn, table: str, row_id: str, fields: dict) -> str:
    label = record_label(conn, table, row_id)
    if not label.endswith("(absent de ce poste)"):
        return label
    names = [fields.get(n) for n in ("prenoms", "prenom", "nom_naissance", "nom", "libelle")]
    name = " ".join(n for n in names if isinstance(n, str) and n.strip())[:80]
    return f"{table_label(table)} : {name} (absent de ce poste)" if name else label


def _worded(reason: str) -> str:
    """« date_naissance : date invalide… » → « Date de naissance : date invalide… » (the column's French label)."""
    name, sep, rest = reason.partition(" : ")
    return f"{FIELDS[name]} : {rest}" if sep and name in FIELDS else reason


def received_refused(profile: Profile) -> list[ReceivedRefusedView]:
    """Newest first. The record is named when this replica holds it (a refused edit), else by its id."""
    t = SyncReceivedRefused.__table__  # type: ignore[attr-defined]
    with profile.engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.id.desc())).all()
        views = []
        for r in rows:
            moment = r.received_at
            if moment is not None and moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            views.append(ReceivedRefusedView(moment, table_label(r.table_name),
                                             _record(conn, r.table_name, r.row_id, r.fields or {}),
                                             _worded(r.reason)))
        return views
