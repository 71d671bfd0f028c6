"""What the screens list: every action (:func:`lister_actions`) and one action with its séances and
participants (:func:`detail_action`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import (
    ActionCollective,
    AtelierParticipation,
    InscriptionAction,
    Jeune,
    Lieu,
    Partenaire,
    PresenceSeance,
    ResultatAction,
    SeanceAction,
    Utilisateur,
)
from desktop_app.db.queries import vivants
from desktop_app.domain import actions_collectives as D
from desktop_app.security.permissions import exiger
from desktop_app.services.actions_collectives.communs import (
    _action,
    _ateliers_orphelins,
    _co_animation,
    _inscriptions,
    _lieu_texte,
    _nom,
    _participations,
    _seances,
    _virtuelle,
)

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class ActionLigne:
    id: str
    type: str
    libelle_type: str
    titre: str
    lieu: str
    premiere: dt.date | None
    derniere: dt.date | None
    seances: int
    inscrits: int
    public_compte: int
    vises: int | None


@dataclass(frozen=True)
class SeanceLigne:
    id: str
    date: dt.date
    heure_debut: dt.time | None
    heure_fin: dt.time | None
    public_compte: int | None
    public_description: str | None
    presents: int
    atelier_id: str | None


@dataclass(frozen=True)
class Inscrit:
    id: str  # inscription id (atelier participation id for an atelier mobilité)
    jeune_id: str
    nom: str
    prenom: str
    resultats: dict[str, bool]
    presences: int


@dataclass
class ActionDetail:
    action: ActionCollective
    libelle_type: str
    lieu: str
    co_animation: str
    conseiller: str
    seances: list[SeanceLigne] = field(default_factory=list)
    inscrits: list[Inscrit] = field(default_factory=list)

    @property
    def checklist(self) -> tuple[tuple[str, str], ...]:
        return D.checklist(self.action.type)

    @property
    def mobilite(self) -> bool:
        return self.action.type == D.MOBILITE


def lister_actions(profile: Profile, type_action: str | None = None) -> list[ActionLigne]:
    """Every action (of ``type_action`` if given), the most recent first séance first."""
    exiger(profile, "actions.lire")
    with profile.session() as s:
        actions = list(s.scalars(vivants(ActionCollective)))
        seances: dict[str, list[SeanceAction]] = {}
        for x in s.scalars(vivants(SeanceAction)):
            seances.setdefault(x.action_id, []).append(x)
        for atelier in _ateliers_orphelins(s):
            action, seance = _virtuelle(atelier)
            actions.append(action)
            seances[action.id] = [seance]
        if type_action:
            actions = [a for a in actions if a.type == type_action]
        inscrits: dict[str, int] = {}
        for i in s.scalars(vivants(InscriptionAction)):
            inscrits[i.action_id] = inscrits.get(i.action_id, 0) + 1
        par_atelier: dict[str, set[str]] = {}
        for p in s.scalars(vivants(AtelierParticipation)):
            par_atelier.setdefault(p.atelier_id, set()).add(p.jeune_id)
        lieux = dict(s.execute(select(Lieu.id, Lieu.nom)).all())
        partenaires = dict(s.execute(select(Partenaire.id, Partenaire.nom)).all())
        rows = []
        for a in actions:
            mine = seances.get(a.id, [])
            dates = sorted(x.date for x in mine)
            if a.type == D.MOBILITE:
                n = len(set().union(*(par_atelier.get(x.atelier_id, set()) for x in mine)) if mine else set())
            else:
                n = inscrits.get(a.id, 0)
            lieu = lieux.get(a.lieu_id) or (f"chez {partenaires[a.lieu_partenaire_id]}"
                                             if a.lieu_partenaire_id in partenaires else "") or a.lieu_precision or ""
            rows.append(ActionLigne(a.id, a.type, D.TypeActionCollective.label_of(a.type), a.titre, lieu,
                                    dates[0] if dates else None, dates[-1] if dates else None, len(mine), n,
                                    sum(x.public_compte or 0 for x in mine), a.vises))
        rows.sort(key=lambda r: (r.premiere or dt.date.max, r.titre), reverse=True)
        return rows


def detail_action(profile: Profile, action_id: str) -> ActionDetail:
    """The action with its séances (by date) and its participants (by name) with their outcomes."""
    exiger(profile, "actions.lire")
    with profile.session() as s:
        action = _action(s, action_id)
        seances = _seances(s, action.id)
        conseiller = s.get(Utilisateur, action.conseiller_id) if action.conseiller_id else None
        detail = ActionDetail(action, D.TypeActionCollective.label_of(action.type), _lieu_texte(s, action),
                              _co_animation(s, action), conseiller.nom_complet if conseiller else "")
        if action.type == D.MOBILITE:
            by_atelier = {x.atelier_id: x for x in seances if x.atelier_id}
            parts = _participations(s, list(by_atelier))
            presents: dict[str, int] = {}
            for p in parts:
                presents[p.atelier_id] = presents.get(p.atelier_id, 0) + (1 if p.present else 0)
            detail.seances = [SeanceLigne(x.id, x.date, x.heure_debut, x.heure_fin, x.public_compte,
                                          x.public_description, presents.get(x.atelier_id, 0), x.atelier_id)
                              for x in seances]
            per_jeune: dict[str, list[AtelierParticipation]] = {}
            for p in parts:
                per_jeune.setdefault(p.jeune_id, []).append(p)
            for jeune_id, ps in per_jeune.items():
                j = s.get(Jeune, jeune_id)
                if j is None or j.deleted:
                    continue
                nom, prenom = _nom(j)
                detail.inscrits.append(Inscrit(ps[0].id, jeune_id, nom, prenom,
                                               {c: any(getattr(p, c) for p in ps) for c, _ in detail.checklist},
                                               sum(1 for p in ps if p.present)))
        else:
            ids = [x.id for x in seances]
            pres = list(s.scalars(vivants(PresenceSeance).where(PresenceSeance.seance_id.in_(ids)))) if ids else []
            presents = {}
            per_jeune_count: dict[str, int] = {}
            for p in pres:
                if p.present:
                    presents[p.seance_id] = presents.get(p.seance_id, 0) + 1
                    per_jeune_count[p.jeune_id] = per_jeune_count.get(p.jeune_id, 0) + 1
            detail.seances = [SeanceLigne(x.id, x.date, x.heure_debut, x.heure_fin, x.public_compte,
                                          x.public_description, presents.get(x.id, 0), None) for x in seances]
            for i in _inscriptions(s, action.id):
                j = s.get(Jeune, i.jeune_id)
                if j is None or j.deleted:
                    continue
                ticked = {r.code: r.acquis for r in s.scalars(vivants(ResultatAction).where(
                    ResultatAction.inscription_id == i.id))}
                nom, prenom = _nom(j)
                detail.inscrits.append(Inscrit(i.id, j.id, nom, prenom,
                                               {c: bool(ticked.get(c)) for c, _ in detail.checklist},
                                               per_jeune_count.get(j.id, 0)))
        detail.inscrits.sort(key=lambda p: (p.nom.casefold(), p.prenom.casefold()))
        return detail
