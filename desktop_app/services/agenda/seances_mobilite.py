"""The agenda's sessions of ateliers mobilité and permanences hors les murs (issue 15), through the registry of
:mod:`desktop_app.services.agenda.seances`. An atelier is in its animateur's agenda, a permanence in the agendas of
the conseillers who hold it; with ``conseiller_id`` None (the whole structure) every session is.

The queries are built once (the week view is read at each move of the agenda)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, select

from desktop_app.db.models import AtelierMobilite, AtelierParticipation, Lieu, Permanence, PermanenceConseiller
from desktop_app.domain.enums import NiveauAtelier
from desktop_app.services.agenda.seances import SeanceAgenda, source

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

_A = AtelierMobilite.__table__.c
_AP = AtelierParticipation.__table__.c
_PE = Permanence.__table__.c
_PC = PermanenceConseiller.__table__.c
_L = Lieu.__table__.c

_ATELIERS = (select(_A.id, _A.date, _A.heure_debut, _A.heure_fin, _A.niveau, _A.animateur_id, _L.nom,
                    select(func.count()).where(_AP.atelier_id == _A.id, _AP.deleted.is_(False))
                    .scalar_subquery().label("inscrits"))
             .outerjoin(Lieu.__table__, _L.id == _A.lieu_id)
             .where(_A.deleted.is_(False), _A.date >= bindparam("du"), _A.date <= bindparam("au")))
_ATELIERS_CONSEILLER = _ATELIERS.where(_A.animateur_id == bindparam("conseiller"))
_PERMANENCES = (select(_PE.id, _PE.date, _PE.heure_debut, _PE.heure_fin, _L.nom)
                .outerjoin(Lieu.__table__, _L.id == _PE.lieu_id)
                .where(_PE.deleted.is_(False), _PE.date >= bindparam("du"), _PE.date <= bindparam("au")))
_PERMANENCES_CONSEILLER = _PERMANENCES.where(_PE.id.in_(
    select(_PC.permanence_id).where(_PC.utilisateur_id == bindparam("conseiller"), _PC.deleted.is_(False))))
_TENANTS = select(_PC.permanence_id, _PC.utilisateur_id).where(
    _PC.permanence_id.in_(bindparam("ids", expanding=True)), _PC.deleted.is_(False))


@source
def ateliers(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[SeanceAgenda]:
    params = {"du": du, "au": au, "conseiller": conseiller_id}
    with profile.engine.connect() as conn:
        rows = conn.execute(_ATELIERS if conseiller_id is None else _ATELIERS_CONSEILLER, params).all()
    return [SeanceAgenda(cle=f"atelier:{a.id}", sorte="atelier", libelle_sorte="Atelier mobilité",
                         titre=f"Atelier mobilité — {NiveauAtelier.label_of(a.niveau) or a.niveau}", date=a.date,
                         heure_debut=a.heure_debut, heure_fin=a.heure_fin, lieu=a.nom,
                         conseiller_ids=(a.animateur_id,) if a.animateur_id else (), inscrits=int(a.inscrits or 0),
                         ouvrir=("ateliers", a.id)) for a in rows]


@source
def permanences(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> list[SeanceAgenda]:
    params = {"du": du, "au": au, "conseiller": conseiller_id}
    with profile.engine.connect() as conn:
        rows = conn.execute(_PERMANENCES if conseiller_id is None else _PERMANENCES_CONSEILLER, params).all()
        if not rows:
            return []
        tenants: dict[str, list[str]] = defaultdict(list)
        for perm_id, user_id in conn.execute(_TENANTS, {"ids": [p.id for p in rows]}):
            tenants[perm_id].append(user_id)
    return [SeanceAgenda(cle=f"permanence:{p.id}", sorte="permanence", libelle_sorte="Permanence",
                         titre=f"Permanence — {p.nom or 'lieu inconnu'}", date=p.date, heure_debut=p.heure_debut,
                         heure_fin=p.heure_fin, lieu=p.nom, conseiller_ids=tuple(tenants.get(p.id, ())),
                         ouvrir=("permanences", p.id)) for p in rows]
