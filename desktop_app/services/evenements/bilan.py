"""The report of an employment event (aggregates only): companies, posts, jeunes mobilised and present, interviews,
hires, jeunes visés / touchés, preparation sessions, outcomes at three months; by sex and QPV share."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import EvenementInvitation, Jeune, Structure
from desktop_app.db.queries import vivant
from desktop_app.documents.bilan_evenement import BilanEvenementData, build_bilan_evenement
from desktop_app.domain.enums import IssueEntretien, PresenceEvenement, ResultatTroisMois
from desktop_app.security.permissions import exiger
from desktop_app.services.evenements.evenements import vue
from desktop_app.services.evenements.presences import presents_aux_preparations
from desktop_app.services.securite import journal

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def bilan(profile: Profile, evenement_id: str) -> BilanEvenementData:
    """The figures of an event (no name of a jeune: a report for partners and funders)."""
    exiger(profile, "emploi.lire")
    v = vue(profile, evenement_id)
    with profile.session() as s:
        structure = s.get(Structure, profile.structure_id)
        presents = list(s.execute(select(Jeune.sexe, Jeune.qpv_code).join(
            EvenementInvitation, EvenementInvitation.jeune_id == Jeune.id).where(
            vivant(EvenementInvitation), EvenementInvitation.evenement_id == evenement_id,
            EvenementInvitation.presence == PresenceEvenement.PRESENT.value)))
        resultats: dict[str, int] = {}
        for code in s.scalars(select(EvenementInvitation.resultat_3_mois).where(
                vivant(EvenementInvitation), EvenementInvitation.evenement_id == evenement_id,
                EvenementInvitation.resultat_3_mois.isnot(None))):
            resultats[code] = resultats.get(code, 0) + 1
        prepares = presents_aux_preparations(s, evenement_id)
    entretiens = v.entretiens
    return BilanEvenementData(
        structure_nom=structure.nom if structure else "", intitule=v.intitule, type=v.type_libelle, date=v.date,
        date_fin=v.date_fin, lieu=v.lieu, entreprises=len(v.entreprises),
        postes=sum(e.nb_postes for e in v.entreprises),
        par_entreprise=tuple((e.nom, e.nb_postes,
                              sum(1 for x in entretiens if x.partenaire_id == e.partenaire_id),
                              sum(1 for x in entretiens if x.partenaire_id == e.partenaire_id
                                  and x.issue == IssueEntretien.EMBAUCHE)) for e in v.entreprises),
        vises=v.objectif_jeunes, invites=len(v.invitations), presents=len(presents),
        femmes=sum(1 for sexe, _ in presents if sexe == "F"), qpv=sum(1 for _, q in presents if q),
        jeunes_en_entretien=len({x.jeune_id for x in entretiens}), entretiens=len(entretiens),
        suites=sum(1 for x in entretiens if x.issue == IssueEntretien.SUITE),
        embauches=sum(1 for x in entretiens if x.issue == IssueEntretien.EMBAUCHE),
        preparations=tuple((p.theme, p.date, p.convoques, p.presents) for p in v.preparations),
        resultats=tuple((m.label, resultats[m.value]) for m in ResultatTroisMois if m.value in resultats),
        prepares=prepares)


def bilan_pdf(profile: Profile, evenement_id: str) -> bytes:
    """The event report as a PDF (aggregates: the access log records the print, with no jeune)."""
    exiger(profile, "impression")
    data = bilan(profile, evenement_id)
    pdf = build_bilan_evenement(data)
    journal.enregistrer(profile, "imprime", objet=f"bilan de l'événement emploi « {data.intitule} »")
    return pdf
