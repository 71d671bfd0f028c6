"""What the collective actions contribute to the counsellor's day: their séances in the agenda
(:mod:`desktop_app.services.agenda.seances`) and, in « À faire », the séances held (today or in the last
week) whose attendance is not noted yet (:mod:`desktop_app.services.aujourdhui.a_faire`). A role that may not
read the actions gets nothing from here."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import (
    ActionCollective,
    AtelierParticipation,
    InscriptionAction,
    PresenceSeance,
    SeanceAction,
)
from desktop_app.db.queries import vivants
from desktop_app.domain import actions_collectives as D
from desktop_app.domain.formats import format_date
from desktop_app.security.permissions import peut
from desktop_app.services.agenda.seances import SeanceAgenda, source as source_agenda
from desktop_app.services.aujourdhui.a_faire import Contexte, ElementAFaire, source as source_a_faire

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

JOURS_EN_ARRIERE = 7  # a séance not noted for a week is still worth a line


def _seances(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None):
    with profile.session() as s:
        query = (select(SeanceAction, ActionCollective)
                 .join(ActionCollective, ActionCollective.id == SeanceAction.action_id)
                 .where(SeanceAction.deleted == False, ActionCollective.deleted == False,  # noqa: E712
                        ActionCollective.structure_id == profile.structure_id,
                        SeanceAction.date >= du, SeanceAction.date <= au)
                 .order_by(SeanceAction.date, SeanceAction.heure_debut))
        if conseiller_id:
            query = query.where(ActionCollective.conseiller_id == conseiller_id)
        return [(x, a) for x, a in s.execute(query).all()]


@source_agenda
def seances_agenda(profile: Profile, du: dt.date, au: dt.date, conseiller_id: str | None) -> Iterable[SeanceAgenda]:
    """Every séance of an action between ``du`` and ``au`` but the ateliers mobilité's: those are given by their
    own source (:mod:`desktop_app.services.agenda.seances_mobilite`, which also sees an atelier received from a
    device not yet upgraded), so that an atelier is in the agenda once."""
    if not peut(profile, "actions.lire"):
        return []
    from desktop_app.services.actions_collectives.listes import detail_action

    out = []
    for x, a in _seances(profile, du, au, conseiller_id):
        if x.atelier_id:
            continue
        detail = detail_action(profile, a.id)
        out.append(SeanceAgenda(
            cle=f"action_collective:{x.id}", sorte="action_collective",
            libelle_sorte=D.TypeActionCollective.label_of(a.type), titre=a.titre, date=x.date,
            heure_debut=x.heure_debut, heure_fin=x.heure_fin, lieu=detail.lieu or None,
            conseiller_ids=(a.conseiller_id,) if a.conseiller_id else (), inscrits=len(detail.inscrits),
            ouvrir=("actions_collectives", a.id)))
    return out


@source_a_faire
def presences_a_noter(profile: Profile, contexte: Contexte) -> Iterable[ElementAFaire]:
    """Séances held from a week ago to today, with jeunes enrolled and not one attendance noted."""
    if not peut(profile, "actions.lire"):
        return []
    seances = _seances(profile, contexte.jour - dt.timedelta(days=JOURS_EN_ARRIERE), contexte.jour,
                       contexte.conseiller_id)
    out = []
    with profile.session() as s:
        for x, a in seances:
            if x.atelier_id:
                parts = list(s.scalars(vivants(AtelierParticipation).where(
                    AtelierParticipation.atelier_id == x.atelier_id)))
                inscrits, notes = len(parts), sum(1 for p in parts if p.present is not None)
            else:
                inscrits = len(list(s.scalars(vivants(InscriptionAction).where(
                    InscriptionAction.action_id == a.id))))
                notes = len(list(s.scalars(vivants(PresenceSeance).where(
                    PresenceSeance.seance_id == x.id, PresenceSeance.present.is_not(None)))))
            if not inscrits or notes:
                continue
            quand = "aujourd'hui" if x.date == contexte.jour else f"le {format_date(x.date)}"
            out.append(ElementAFaire(
                cle=f"presences_action:{x.id}", sorte="presences_action", libelle_sorte="Présences à noter",
                texte=f"{a.titre} ({quand}) : {inscrits} inscrit{'s' if inscrits > 1 else ''}, aucune présence notée.",
                echeance=x.date, conseiller_id=a.conseiller_id,
                ouvrir=("ateliers", x.atelier_id) if x.atelier_id else ("actions_collectives", a.id)))
    return out
