"""The access log (CNIL): who opened, changed, printed, exported, anonymised or erased which dossier, and when.

Append-only: services add entries in the same transaction as what they record; nothing updates or deletes
them (a mapper hook refuses it outside the sync's own merge). Entries never hold the dossier's content, only
its id. They are synced to the hub like any record. Read by direction and admin only (:func:`consulter`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import object_session

from desktop_app.db.models import JournalAcces, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.errors import UserError
from desktop_app.security.permissions import Actor, actor_of, exiger

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ACTIONS = {
    "ouvert": "Dossier ouvert",
    "modifie": "Dossier modifié",
    "imprime": "Impression",
    "exporte": "Export",
    "anonymise": "Dossier anonymisé",
    "efface": "Dossier effacé (RGPD)",
}


class JournalEnLectureSeule(UserError):
    pass


@event.listens_for(JournalAcces, "before_update")
def _refuse_update(mapper, connection, target) -> None:  # noqa: ARG001 (SQLAlchemy signature)
    session = object_session(target)
    if session is None or not (session.info.get("applying_remote") or session.info.get("erasing")):
        raise JournalEnLectureSeule("Le journal des accès ne se modifie pas.")


def ajouter(s, profile: Profile, action: str, jeune_id: str | None = None, *, objet: str | None = None,
            actor: Actor | None = None) -> JournalAcces:
    """Add one entry to the open session ``s`` (committed with the change it records)."""
    if action not in ACTIONS:
        raise ValueError(action)
    actor = actor or actor_of(profile)
    entry = JournalAcces(structure_id=profile.structure_id, utilisateur_id=actor.user_id, role=actor.role,
                         action=action, jeune_id=jeune_id, objet=objet)
    s.add(entry)
    return entry


def enregistrer(profile: Profile, action: str, jeune_id: str | None = None, *, objet: str | None = None) -> None:
    """Add one entry in a transaction of its own (opening, printing, exporting: nothing else is written)."""
    with profile.session() as s:
        ajouter(s, profile, action, jeune_id, objet=objet)
        s.commit()


def journaliser(profile: Profile, action: str, jeune_ids, objet: str) -> int:
    """One entry per jeune concerned (``imprime``, ``exporte``, ``ouvert``) in a single transaction of its own;
    ``objet`` names the document or export, never its content. Returns the number of entries."""
    ids = [j for j in dict.fromkeys(jeune_ids) if j]
    if not ids:
        return 0
    actor = actor_of(profile)
    with profile.session() as s:
        for jeune_id in ids:
            ajouter(s, profile, action, jeune_id, objet=objet, actor=actor)
        s.commit()
    return len(ids)


def noter_modification(s, profile: Profile, jeune_ids, objet: str) -> None:
    """« modifie » entries in the open session ``s`` (committed with the change they record), one per jeune
    concerned; ``objet`` says what changed, never the content."""
    user = s.get(Utilisateur, profile.user_id)
    actor = Actor(user.id, user.role, bool(user.actif)) if user is not None else None
    for jeune_id in dict.fromkeys(j for j in jeune_ids if j):
        ajouter(s, profile, "modifie", jeune_id, objet=objet, actor=actor)


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _plie(texte: str) -> str:
    """« Éloïse N'Diaye » → « eloise ndiaye »: no accents, no case, no apostrophes or hyphens."""
    from desktop_app.domain.validation import fold

    return re.sub(r"[^\w\s]", "", fold(texte).replace("-", " "))


@dataclass(frozen=True)
class Entree:
    quand: dt.datetime
    utilisateur: str
    role: str
    action: str
    action_label: str
    jeune_id: str | None
    objet: str | None
    dossier: str = ""  # the jeune's name as shown (« BENALI Yanis »), « dossier effacé », or "" (no dossier)


def consulter(profile: Profile, *, utilisateur_id: str | None = None, jeune_id: str | None = None,
              action: str | None = None, depuis: dt.date | None = None, jusqu_au: dt.date | None = None,
              dossier: str | None = None, limite: int = 1000) -> list[Entree]:
    """Entries matching the filters, most recent first (direction and admin only).

    ``dossier``: a dossier id, or words of the jeune's names (birth or usage name, first names; accents and
    case ignored). Each entry names its dossier as the reader knows it (« BENALI Yanis »); an erased dossier
    keeps only its id (« dossier effacé »)."""
    from desktop_app.db.models import Jeune

    exiger(profile, "journal.voir")
    query = (select(JournalAcces, Utilisateur.prenom, Utilisateur.nom, Jeune.nom_naissance, Jeune.nom_usage,
                    Jeune.prenoms, Jeune.deleted)
             .join(Utilisateur, Utilisateur.id == JournalAcces.utilisateur_id, isouter=True)
             .join(Jeune, Jeune.id == JournalAcces.jeune_id, isouter=True)
             .where(vivant(JournalAcces)))
    if utilisateur_id:
        query = query.where(JournalAcces.utilisateur_id == utilisateur_id)
    if jeune_id:
        query = query.where(JournalAcces.jeune_id == jeune_id)
    mots: list[str] = []
    if dossier and dossier.strip():
        texte = dossier.strip()
        if _UUID.fullmatch(texte.lower()):
            query = query.where(JournalAcces.jeune_id == texte.lower())
        else:
            mots = _plie(texte).split()
            query = query.where(JournalAcces.jeune_id.is_not(None))
    if action:
        query = query.where(JournalAcces.action == action)
    if depuis:
        query = query.where(JournalAcces.quand >= dt.datetime.combine(depuis, dt.time(), dt.timezone.utc))
    if jusqu_au:
        end = dt.datetime.combine(jusqu_au + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
        query = query.where(JournalAcces.quand < end)
    query = query.order_by(JournalAcces.quand.desc())
    if not mots:
        query = query.limit(limite)
    entries: list[Entree] = []
    with profile.session() as s:
        for e, prenom, nom, nom_naissance, nom_usage, prenoms, efface in s.execute(query):
            if e.jeune_id is None:
                libelle = ""
            elif nom_naissance is None or efface:
                libelle = "dossier effacé"
            else:
                libelle = " ".join(x for x in ((nom_usage or nom_naissance).upper(), prenoms or "") if x)
            if mots:
                noms = _plie(" ".join(x for x in (nom_naissance, nom_usage, prenoms) if x))
                if libelle == "dossier effacé" or not all(m in noms for m in mots):
                    continue
            entries.append(Entree(e.quand, f"{prenom} {nom}".strip() if prenom else (nom or "utilisateur inconnu"),
                                  e.role, e.action, ACTIONS.get(e.action, e.action), e.jeune_id, e.objet, libelle))
            if len(entries) >= limite:
                break
    return entries


