"""À faire « Absences à relancer » (issue 15): a jeune marked absent·e non excusé·e at a rendez-vous of the last
:data:`FENETRE_JOURS` days, with no rendez-vous planned or held since — the conseiller calls back and plans one."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import aliased

from desktop_app.db.models import Jeune, RendezVous, RendezVousParticipant
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import StatutRendezVous
from desktop_app.security.permissions import exiger
from desktop_app.services.aujourdhui.a_faire import Contexte, ElementAFaire, source

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

FENETRE_JOURS = 60
SORTE = "absence_a_relancer"
LIBELLE = "Absences à relancer"


@source
def absences_a_relancer(profile: Profile, contexte: Contexte) -> list[ElementAFaire]:
    exiger(profile, "timeline.lire")
    depuis = contexte.jour - dt.timedelta(days=FENETRE_JOURS)
    later_rdv, later_p = aliased(RendezVous), aliased(RendezVousParticipant)
    plus_tard = (select(later_p.id).join(later_rdv, later_rdv.id == later_p.rendez_vous_id)
                 .where(later_p.jeune_id == RendezVousParticipant.jeune_id, vivant(later_p), vivant(later_rdv),
                        later_rdv.date > RendezVous.date,
                        later_rdv.statut.notin_([StatutRendezVous.ANNULE.value, StatutRendezVous.REPORTE.value]))
                 .exists())
    query = (select(RendezVous.id, RendezVous.date, RendezVous.heure_debut, RendezVous.conseiller_id, Jeune.id,
                    Jeune.nom_usage, Jeune.nom_naissance, Jeune.prenoms)
             .join(RendezVousParticipant, RendezVousParticipant.rendez_vous_id == RendezVous.id)
             .join(Jeune, Jeune.id == RendezVousParticipant.jeune_id)
             .where(vivant(RendezVous), vivant(RendezVousParticipant), vivant(Jeune),
                    RendezVousParticipant.statut == StatutRendezVous.ABSENT_NON_EXCUSE.value,
                    RendezVous.date >= depuis, RendezVous.date <= contexte.jour, ~plus_tard)
             .order_by(RendezVous.date))
    if contexte.conseiller_id is not None:
        query = query.where(RendezVous.conseiller_id == contexte.conseiller_id)
    with profile.session() as s:
        rows = s.execute(query).all()
    dernier: dict[str, tuple] = {}
    for row in rows:  # the latest absence of each jeune
        dernier[row[4]] = row
    return [ElementAFaire(
        cle=f"{SORTE}:{rdv_id}:{jeune_id}", sorte=SORTE, libelle_sorte=LIBELLE,
        texte=(f"{(nom_usage or nom_naissance).upper()} {prenoms} : absent·e non excusé·e au rendez-vous du "
               f"{jour:%d/%m/%Y} à {debut:%H:%M}, aucun rendez-vous depuis."),
        echeance=jour, jeune_id=jeune_id, conseiller_id=conseiller_id, ouvrir=("jeune", jeune_id))
        for rdv_id, jour, debut, conseiller_id, jeune_id, nom_usage, nom_naissance, prenoms in dernier.values()]
