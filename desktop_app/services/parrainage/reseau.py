"""Network animation for the référent parrainage: pairs in progress, overdue follow-ups, outcomes, trainings."""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.db.models import FormationParrain, Parrain, Parrainage
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import IssueParrainage
from desktop_app.services.parrainage.acces import acces
from desktop_app.services.parrainage.parrains import EN_COURS, filleuls_en_cours
from desktop_app.services.parrainage.suivi import Relance, relances

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

# "en CDI/CDD ou formation" (the seed's indicator): employment contracts and trainings, alternance included
SORTIES_POSITIVES = (IssueParrainage.CDI, IssueParrainage.CDD, IssueParrainage.INTERIM, IssueParrainage.FORMATION,
                     IssueParrainage.ALTERNANCE)


@dataclass(frozen=True)
class Reseau:
    parrains_actifs: int
    parrains_avec_place: int
    binomes_en_cours: int
    relances: tuple[Relance, ...]
    jeunes_parraines: int  # distinct jeunes whose parrainage started in the period
    jeunes_sortis: int  # of them, those whose parrainage ended with an outcome
    sorties_positives: int  # of them, ended in CDI, CDD, intérim, formation or alternance
    issues: tuple[tuple[str, int], ...]  # (label, count) over ended parrainages of the period
    formations: tuple[tuple[str, int, int], ...]  # (thème, sessions, distinct parrains) in the period
    parrains_jamais_formes: int

    @property
    def phrase_sorties(self) -> str:
        return (f"{self.jeunes_parraines} jeune{'s' if self.jeunes_parraines > 1 else ''} "
                f"parrainé{'s' if self.jeunes_parraines > 1 else ''}, {self.sorties_positives} en emploi "
                f"(CDI, CDD, intérim) ou en formation")


def reseau(profile: Profile, *, debut: dt.date | None = None, fin: dt.date | None = None,
           today: dt.date | None = None) -> Reseau:
    """The network's figures; outcomes and trainings over [debut, fin] (on the contract's start date)."""
    with profile.session() as s:
        acces(s, profile, "parrainage.reseau")
        parrains = s.execute(select(Parrain.id, Parrain.max_filleuls).where(
            vivant(Parrain), Parrain.actif == True)).all()  # noqa: E712
        counts = filleuls_en_cours(s)
        en_cours = s.scalar(select(func.count()).select_from(Parrainage).where(
            vivant(Parrainage), Parrainage.statut.in_([str(c) for c in EN_COURS])))
        query = select(Parrainage.jeune_id, Parrainage.issue, Parrainage.date_debut).where(
            vivant(Parrainage))
        if debut:
            query = query.where(Parrainage.date_debut >= debut)
        if fin:
            query = query.where(Parrainage.date_debut <= fin)
        contrats = s.execute(query.order_by(Parrainage.date_debut)).all()
        fq = select(FormationParrain.theme, func.count(), func.count(func.distinct(FormationParrain.parrain_id))).where(
            vivant(FormationParrain))
        if debut:
            fq = fq.where(FormationParrain.date >= debut)
        if fin:
            fq = fq.where(FormationParrain.date <= fin)
        formations = s.execute(fq.group_by(FormationParrain.theme).order_by(func.count().desc())).all()
        formes = set(s.scalars(select(FormationParrain.parrain_id).where(vivant(FormationParrain))))
    last_issue: dict[str, str | None] = {}
    for jeune_id, issue, _ in contrats:  # a jeune counts once, with its latest contract's outcome
        last_issue[jeune_id] = issue or last_issue.get(jeune_id)
    issues: dict[str, int] = {}
    for issue in last_issue.values():
        if issue:
            issues[issue] = issues.get(issue, 0) + 1
    positives = {str(c) for c in SORTIES_POSITIVES}
    return Reseau(
        parrains_actifs=len(parrains),
        parrains_avec_place=sum(counts.get(pid, 0) < m for pid, m in parrains),
        binomes_en_cours=en_cours or 0,
        relances=tuple(relances(profile, today=today)),
        jeunes_parraines=len(last_issue),
        jeunes_sortis=sum(issues.values()),
        sorties_positives=sum(n for code, n in issues.items() if code in positives),
        issues=tuple((IssueParrainage.label_of(m.value), issues.get(m.value, 0)) for m in IssueParrainage),
        formations=tuple((theme, n, p) for theme, n, p in formations),
        parrains_jamais_formes=sum(pid not in formes for pid, _ in parrains),
    )
