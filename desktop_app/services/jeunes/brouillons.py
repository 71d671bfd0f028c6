"""Drafts of unsaved forms (a dossier being typed): kept on this device, encrypted with the profile, offered
back when the form is reopened after an accidental close.

A draft lives in the local ``profile_meta`` table (never synced, never exported) under
``brouillon:<formulaire>:<id or "nouveau">``; saving the form discards it.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import ProfileMeta
from desktop_app.domain.ids import utcnow

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

PREFIX = "brouillon:"


@dataclass(frozen=True)
class Brouillon:
    formulaire: str
    objet_id: str | None
    valeurs: dict[str, Any]  # dates as ISO text: the form parses them as typed values
    enregistre_le: dt.datetime


def _key(formulaire: str, objet_id: str | None) -> str:
    if ":" in formulaire:
        raise ValueError(formulaire)
    return f"{PREFIX}{formulaire}:{objet_id or 'nouveau'}"


def _default(value: Any) -> str:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def save_draft(profile: Profile, formulaire: str, objet_id: str | None, valeurs: dict[str, Any]) -> None:
    """Keep what is typed (called by the form's autosave timer); replaces the previous draft."""
    payload = json.dumps({"valeurs": valeurs, "enregistre_le": utcnow().isoformat()}, default=_default,
                         ensure_ascii=False)
    with profile.session() as s:
        s.merge(ProfileMeta(key=_key(formulaire, objet_id), value=payload))
        s.commit()


def load_draft(profile: Profile, formulaire: str, objet_id: str | None) -> Brouillon | None:
    with profile.session() as s:
        row = s.get(ProfileMeta, _key(formulaire, objet_id))
    if row is None:
        return None
    try:
        data = json.loads(row.value)
        return Brouillon(formulaire, objet_id, dict(data["valeurs"]), dt.datetime.fromisoformat(data["enregistre_le"]))
    except (ValueError, KeyError, TypeError):
        discard_draft(profile, formulaire, objet_id)  # a damaged draft is dropped, never an error
        return None


def discard_draft(profile: Profile, formulaire: str, objet_id: str | None) -> None:
    with profile.session() as s:
        row = s.get(ProfileMeta, _key(formulaire, objet_id))
        if row is not None:
            s.delete(row)
            s.commit()


def drafts(profile: Profile) -> list[tuple[str, str | None]]:
    """(formulaire, objet_id) of every draft kept on this device."""
    with profile.session() as s:
        keys = s.scalars(select(ProfileMeta.key).where(ProfileMeta.key.startswith(PREFIX))).all()
    out = []
    for key in keys:
        formulaire, _, objet = key[len(PREFIX):].partition(":")
        out.append((formulaire, None if objet == "nouveau" else objet))
    return out
