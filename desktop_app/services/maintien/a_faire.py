"""À faire of the follow-up in employment: the planned contacts due within a week (J+7, mid-trial, end of trial,
6 months), and the hires not yet followed."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import ContactMaintien, Jeune, Situation, SuiviMaintien
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import EtapeMaintien, IssueEssai
from desktop_app.security.permissions import peut
from desktop_app.services.aujourdhui.a_faire import Contexte, ElementAFaire, source
from desktop_app.services.maintien.suivis import embauches_sans_suivi

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

AVANCE_JOURS = 7


@source
def contacts_maintien(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    if not peut(profile, "emploi.lire"):
        return
    horizon = contexte.jour + dt.timedelta(days=AVANCE_JOURS)
    with profile.session() as s:
        query = select(ContactMaintien, SuiviMaintien, Jeune, Situation).join(
            SuiviMaintien, SuiviMaintien.id == ContactMaintien.suivi_id).join(
            Jeune, Jeune.id == ContactMaintien.jeune_id).join(Situation, Situation.id == SuiviMaintien.situation_id).where(
            vivant(ContactMaintien), vivant(SuiviMaintien), ContactMaintien.date_realise.is_(None),
            ContactMaintien.echeance <= horizon)
        if contexte.conseiller_id:
            query = query.where(SuiviMaintien.conseiller_id == contexte.conseiller_id)
        rows = s.execute(query.order_by(ContactMaintien.echeance)).all()
    for contact, suivi, jeune, sit in rows:
        if suivi.issue != IssueEssai.EN_COURS and contact.etape != "six_mois":
            continue
        nom = f"{jeune.prenoms} {jeune.nom_usage or jeune.nom_naissance}"
        retard = " (en retard)" if contact.echeance < contexte.jour else ""
        yield ElementAFaire(
            cle=f"contact_maintien:{contact.id}", sorte="contact_maintien",
            libelle_sorte="Suivis dans l'emploi à faire",
            texte=f"{EtapeMaintien.label_of(contact.etape)} avec {nom} chez {sit.employeur or 'son employeur'}, "
                  f"le {contact.echeance:%d/%m/%Y}{retard}.",
            echeance=contact.echeance, jeune_id=jeune.id, conseiller_id=suivi.conseiller_id,
            ouvrir=("suivi_maintien", suivi.id))


@source
def embauches_a_suivre(profile: Profile, contexte: Contexte) -> Iterator[ElementAFaire]:
    if not peut(profile, "emploi.lire"):
        return
    for e in embauches_sans_suivi(profile, depuis_jours=62):
        yield ElementAFaire(
            cle=f"embauche_sans_suivi:{e.situation_id}", sorte="embauche_sans_suivi",
            libelle_sorte="Embauches à suivre dans l'emploi",
            texte=f"{e.jeune} a été embauché·e chez {e.employeur or 'un employeur'} le {e.date_debut:%d/%m/%Y} "
                  f"({e.contrat}) : ouvrir son suivi de période d'essai.",
            echeance=e.date_debut + dt.timedelta(days=7), jeune_id=e.jeune_id, ouvrir=("jeune", e.jeune_id))
