"""The agenda's sessions of ateliers mobilité and permanences hors les murs (issue 15), through the registry of
:mod:`desktop_app.services.agenda.seances`. An atelier is in its animateur's agenda, a permanence in the agendas of
the conseillers who hold it; with ``conseiller_id`` None (the whole structure) every session is."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from desktop_app.db.models import AtelierMobilite, AtelierParticipation, Lieu, Permanence, PermanenceConseiller
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import NiveauAtelier
from desktop_app.services.agenda.seances import SeanceAgenda, source

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@source
def ateliers(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[SeanceAgenda]:
    with profile.session() as s:
        query = select(AtelierMobilite).where(vivant(AtelierMobilite), AtelierMobilite.date >= du,
                                              AtelierMobilite.date <= au)
        if conseiller_id is not None:
            query = query.where(AtelierMobilite.animateur_id == conseiller_id)
        rows = list(s.scalars(query))
        if not rows:
            return []
        ids = [a.id for a in rows]
        inscrits = Counter(dict(s.execute(
            select(AtelierParticipation.atelier_id, func.count()).where(
                AtelierParticipation.atelier_id.in_(ids), vivant(AtelierParticipation))
            .group_by(AtelierParticipation.atelier_id)).all()))
        lieux = dict(s.execute(select(Lieu.id, Lieu.nom).where(Lieu.id.in_({a.lieu_id for a in rows if a.lieu_id})))
                     .all())
        return [SeanceAgenda(cle=f"atelier:{a.id}", sorte="atelier", libelle_sorte="Atelier mobilité",
                             titre=f"Atelier mobilité — {NiveauAtelier.label_of(a.niveau) or a.niveau}", date=a.date,
                             heure_debut=a.heure_debut, heure_fin=a.heure_fin, lieu=lieux.get(a.lieu_id),
                             conseiller_ids=(a.animateur_id,) if a.animateur_id else (), inscrits=inscrits[a.id],
                             ouvrir=("ateliers", a.id)) for a in rows]


@source
def permanences(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[SeanceAgenda]:
    with profile.session() as s:
        query = select(Permanence).where(vivant(Permanence), Permanence.date >= du, Permanence.date <= au)
        if conseiller_id is not None:
            query = query.where(Permanence.id.in_(select(PermanenceConseiller.permanence_id).where(
                PermanenceConseiller.utilisateur_id == conseiller_id, vivant(PermanenceConseiller))))
        rows = list(s.scalars(query))
        if not rows:
            return []
        tenants: dict[str, list[str]] = defaultdict(list)
        for perm_id, user_id in s.execute(select(PermanenceConseiller.permanence_id, PermanenceConseiller.utilisateur_id)
                                          .where(PermanenceConseiller.permanence_id.in_([p.id for p in rows]),
                                                 vivant(PermanenceConseiller))):
            tenants[perm_id].append(user_id)
        lieux = dict(s.execute(select(Lieu.id, Lieu.nom).where(Lieu.id.in_({p.lieu_id for p in rows}))).all())
        return [SeanceAgenda(cle=f"permanence:{p.id}", sorte="permanence", libelle_sorte="Permanence",
                             titre=f"Permanence — {lieux.get(p.lieu_id, 'lieu inconnu')}", date=p.date,
                             heure_debut=p.heure_debut, heure_fin=p.heure_fin, lieu=lieux.get(p.lieu_id),
                             conseiller_ids=tuple(tenants.get(p.id, ())), ouvrir=("permanences", p.id))
                for p in rows]
