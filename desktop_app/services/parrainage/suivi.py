"""The parrain's follow-up file: rencontres, progress per objective, mid-point and final reviews, and the
reminders when no rencontre was logged for longer than the agreed rhythm."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from sqlalchemy import func, select

from desktop_app.db.models import Jeune, ObjectifParrainageLigne, Parrain, Parrainage, RencontreParrainage
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import StatutParrainage, TypeRencontre
from desktop_app.domain.validation import parse_date
from desktop_app.domain.errors import UserError
from desktop_app.services.parrainage.contrats import ContratInvalide, ContratVue, contrat
from desktop_app.services.parrainage.acces import acces, journaliser, noter_modification, parrainage_visible
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.parrainage.saisies import SaisieRencontre
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ACTIFS = (StatutParrainage.EN_COURS, StatutParrainage.PROLONGE)


@dataclass(frozen=True)
class Relance:
    """A pair whose last rencontre (or start) is older than the agreed rhythm."""

    parrainage_id: str
    jeune: str
    parrain: str
    depuis: dt.date  # last rencontre, or the start when none
    jours: int  # days since
    rythme_jours: int
    jamais: bool  # no rencontre logged yet

    @property
    def retard(self) -> int:
        return self.jours - self.rythme_jours


@dataclass(frozen=True)
class FicheSuivi:
    contrat: ContratVue
    rencontres: tuple[RencontreParrainage, ...]
    relance: Relance | None


def _clean_rencontre(data: SaisieRencontre, today: dt.date) -> dict[str, Any]:
    errors: dict[str, str] = {}
    try:
        jour = parse_date(data.get("date"))
        if jour is None:
            errors["date"] = "La date de la rencontre est obligatoire."
        elif jour > today:
            errors["date"] = "Une rencontre se note une fois qu'elle a eu lieu : la date ne peut pas être future."
    except ValueError as exc:
        errors["date"], jour = str(exc), None
    type_ = data.get("type") or TypeRencontre.RENCONTRE
    if type_ not in TypeRencontre.codes():
        errors["type"] = f"Type de rencontre inconnu « {type_} »."
    duree = data.get("duree_minutes")
    try:
        duree = int(duree) if duree not in (None, "") else None
        if duree is not None and not 5 <= duree <= 600:
            raise ValueError
    except (TypeError, ValueError):
        errors["duree_minutes"] = "La durée va de 5 à 600 minutes."
    if errors:
        raise ContratInvalide(errors, "La rencontre n'a pas été enregistrée")
    values = {"date": jour, "type": type_, "duree_minutes": duree}
    for name in ("lieu", "sujets", "demarches", "prochaine_etape"):
        values[name] = str(data.get(name) or "").strip() or None
    return values


def enregistrer_rencontre(profile: Profile, parrainage_id: str, data: SaisieRencontre, *, rencontre_id: str | None = None,
                          today: dt.date | None = None) -> RencontreParrainage:
    """Log (or correct) a rencontre of the follow-up file; the parrain may do so for its own filleuls."""
    values = _clean_rencontre(data, today or aujourdhui(profile))
    with profile.session() as s:
        _, p = parrainage_visible(s, profile, parrainage_id, "parrainage.suivi")
        if values["date"] < p.date_debut:
            raise ContratInvalide({"date": "La rencontre ne peut pas précéder le début du parrainage."},
                                  "La rencontre n'a pas été enregistrée")
        if rencontre_id:
            r = s.get(RencontreParrainage, rencontre_id)
            if r is None or r.deleted or r.parrainage_id != p.id:
                raise UserError("Cette rencontre n'existe pas (ou plus) sur ce poste.")
            apply_values(r, values)
        else:
            r = RencontreParrainage(parrainage_id=p.id, **values)
            s.add(r)
        noter_modification(s, profile, [p.jeune_id], "rencontre de parrainage")
        s.commit()
        return r


def rencontres(profile: Profile, parrainage_id: str) -> list[RencontreParrainage]:
    """The follow-up file's entries, oldest first."""
    with profile.session() as s:
        parrainage_visible(s, profile, parrainage_id, "parrainage.lire")
        return list(s.scalars(select(RencontreParrainage).where(
            RencontreParrainage.parrainage_id == parrainage_id, vivant(RencontreParrainage))
            .order_by(RencontreParrainage.date, RencontreParrainage.created_at)))


def noter_progression(profile: Profile, objectif_id: str, *, progression: str | None, atteint: bool) -> None:
    """Record how far an objective went (free wording of the step reached, and whether it is met)."""
    with profile.session() as s:
        line = alive(s, ObjectifParrainageLigne, objectif_id, "Cet objectif n'existe pas (ou plus) sur ce poste.")
        _, p = parrainage_visible(s, profile, line.parrainage_id, "parrainage.suivi")
        text = str(progression or "").strip() or None
        apply_values(line, {"progression": text, "atteint": bool(atteint)})
        noter_modification(s, profile, [p.jeune_id], "avancement d'un objectif de parrainage")
        s.commit()


def relances(profile: Profile, *, today: dt.date | None = None, referent_id: str | None = None) -> list[Relance]:
    """Running pairs with no rencontre for longer than their rhythm, the longest overdue first (``referent_id``:
    only the pairs of that conseiller's jeunes — the home screen's À faire)."""
    today = today or aujourdhui(profile)
    # the last rencontre of each pair, read through the rencontres' pair index (a grouped subquery read every
    # rencontre of the structure even for one conseiller's pairs)
    last = (select(func.max(RencontreParrainage.date)).where(
        RencontreParrainage.parrainage_id == Parrainage.id, vivant(RencontreParrainage))
        .correlate(Parrainage).scalar_subquery())
    with profile.session() as s:
        a = acces(s, profile, "parrainage.lire")
        query = (select(Parrainage, last, Jeune.prenoms, Jeune.nom_naissance, Jeune.nom_usage,
                        Parrain.prenom, Parrain.nom)
                 .join(Jeune, Jeune.id == Parrainage.jeune_id).join(Parrain, Parrain.id == Parrainage.parrain_id)
                 .where(vivant(Parrainage), Parrainage.statut.in_([str(c) for c in ACTIFS]),
                        Parrainage.date_debut <= today))
        if a.est_parrain:
            query = query.where(Parrainage.parrain_id == (a.parrain_id or ""))
        if referent_id is not None:
            query = query.where(Jeune.referent_id == referent_id)
        rows = s.execute(query).all()
    out = []
    for p, derniere, jp, jn, ju, pp, pn in rows:
        if isinstance(derniere, str):
            derniere = dt.date.fromisoformat(derniere[:10])
        depuis = max(derniere or p.date_debut, p.date_debut)
        jours = (today - depuis).days
        if jours > p.rythme_jours:
            out.append(Relance(p.id, f"{jp} {ju or jn}", f"{pp} {pn}", depuis, jours, p.rythme_jours, derniere is None))
    return sorted(out, key=lambda r: -r.retard)


def fiche_suivi(profile: Profile, parrainage_id: str, *, today: dt.date | None = None) -> FicheSuivi:
    """Everything the compte-rendu shows: the contract, its objectives' progress and the rencontres."""
    vue = contrat(profile, parrainage_id)
    entries = tuple(rencontres(profile, parrainage_id))
    relance = next((r for r in relances(profile, today=today) if r.parrainage_id == parrainage_id), None)
    return FicheSuivi(vue, entries, relance)


def ouvrir_fiche(profile: Profile, parrainage_id: str, *, today: dt.date | None = None) -> FicheSuivi:
    """The follow-up file a user opens (its panel): read it and record the access in the jeune's access log."""
    fiche = fiche_suivi(profile, parrainage_id, today=today)
    journaliser(profile, "ouvert", [fiche.contrat.jeune_id], "parrainage")
    return fiche


def donnees_compte_rendu(fiche: FicheSuivi):
    """The compte-rendu document's input (``documents.compte_rendu_parrainage.CompteRenduData``)."""
    from desktop_app.documents.compte_rendu_parrainage import BinomeSuivi, CompteRenduData, ObjectifSuivi, RetardSuivi

    c, r = fiche.contrat, fiche.relance
    binome = BinomeSuivi(
        structure_nom=c.structure_nom, jeune_nom_complet=c.jeune_nom_complet, parrain_nom=c.parrain_nom,
        conseiller_nom=c.conseiller_nom, date_debut=c.date_debut, fin_prevue=c.fin_prevue, date_fin=c.date_fin,
        rythme=c.rythme, rythme_jours=c.rythme_jours, statut=c.statut, issue=c.issue,
        objectifs=tuple(ObjectifSuivi(o.libelle, o.resultat_attendu, o.progression, o.atteint)
                        for o in c.objectifs))
    return CompteRenduData(binome, fiche.rencontres, RetardSuivi(r.jours, r.rythme_jours) if r else None)


def compte_rendu_pdf(profile: Profile, parrainage_id: str, *, today: dt.date | None = None) -> bytes:
    """The compte-rendu for the référent (staff only, like every nominative print), recorded as printed."""
    from desktop_app.documents.compte_rendu_parrainage import build_compte_rendu

    with profile.session() as s:
        parrainage_visible(s, profile, parrainage_id, "impression")
    fiche = fiche_suivi(profile, parrainage_id, today=today)
    data = donnees_compte_rendu(fiche)
    pdf = build_compte_rendu(data, today=today)
    journaliser(profile, "imprime", [fiche.contrat.jeune_id], "compte-rendu de parrainage")
    return pdf
