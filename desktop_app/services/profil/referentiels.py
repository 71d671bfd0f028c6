"""Choices the screens offer: the structure's conseillers, the quartiers already known, past permanences."""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.db.models import Actualite, Jeune, Lieu, Permanence, PermanenceConseiller, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import Role, TypeLieu

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class Choix:
    code: str
    libelle: str


@dataclass(frozen=True)
class PermanenceResume:
    id: str
    date: dt.date
    heure_debut: dt.time | None
    heure_fin: dt.time | None
    lieu_id: str
    lieu: str
    type_lieu: str  # TypeLieu label
    contacts: int
    conseillers: tuple[str, ...] = ()  # names of the conseillers present


def conseillers(profile: Profile) -> list[Choix]:
    """Active users who can follow jeunes (not the parrains), by name."""
    with profile.session() as s:
        users = s.scalars(select(Utilisateur).where(
            vivant(Utilisateur), Utilisateur.actif == True,  # noqa: E712
            Utilisateur.role != Role.PARRAIN).order_by(Utilisateur.nom, Utilisateur.prenom)).all()
    return [Choix(u.id, u.nom_complet) for u in users]


def quartiers(profile: Profile) -> list[Choix]:
    """The QPV quartiers of live files (code, name), by name."""
    with profile.session() as s:
        rows = s.execute(select(Jeune.qpv_code, Jeune.qpv_nom).where(
            vivant(Jeune), Jeune.qpv_nom.is_not(None), Jeune.qpv_nom != ""
        ).distinct()).all()
    seen: dict[str, Choix] = {}
    for code, nom in sorted(rows, key=lambda r: (r[0] is None, r[0] or "", r[1])):  # a coded spelling first
        seen.setdefault(nom.casefold(), Choix(code or nom, nom))
    return sorted(seen.values(), key=lambda c: c.libelle.casefold())


def permanences(profile: Profile, *, limite: int = 200, permanence_id: str | None = None) -> list[PermanenceResume]:
    """The most recent permanences (newest first) with their lieu and number of contacts met there."""
    counts = (select(Actualite.permanence_id, func.count(func.distinct(Actualite.jeune_id)).label("n"))
              .where(vivant(Actualite), Actualite.permanence_id.is_not(None))
              .group_by(Actualite.permanence_id).subquery())
    query = (select(Permanence, Lieu.nom, Lieu.type, func.coalesce(counts.c.n, 0))
             .join(Lieu, Lieu.id == Permanence.lieu_id)
             .outerjoin(counts, counts.c.permanence_id == Permanence.id)
             .where(vivant(Permanence))
             .where(Permanence.id == permanence_id if permanence_id else True)
             .order_by(Permanence.date.desc(), Permanence.heure_debut.desc(), Permanence.created_at.desc())
             .limit(limite))
    with profile.session() as s:
        rows = s.execute(query).all()
        present: dict[str, list[str]] = {}
        ids = [p.id for p, *_ in rows]
        for start in range(0, len(ids), 500):
            for perm_id, user in s.execute(
                select(PermanenceConseiller.permanence_id, Utilisateur)
                .join(Utilisateur, Utilisateur.id == PermanenceConseiller.utilisateur_id)
                .where(PermanenceConseiller.permanence_id.in_(ids[start:start + 500]),
                       vivant(PermanenceConseiller))
                .order_by(Utilisateur.nom, Utilisateur.prenom)
            ):
                present.setdefault(perm_id, []).append(user.nom_complet)
    return [PermanenceResume(p.id, p.date, p.heure_debut, p.heure_fin, p.lieu_id, nom, TypeLieu.label_of(type_), n,
                             tuple(present.get(p.id, ())))
            for p, nom, type_, n in rows]


def permanence(profile: Profile, permanence_id: str) -> PermanenceResume | None:
    """One permanence's summary, or None when it does not exist (or no longer)."""
    found = permanences(profile, limite=1, permanence_id=permanence_id)
    return found[0] if found else None
