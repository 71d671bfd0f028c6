"""Job offers: post and correct an offer (French messages at the field: no post, an unknown ROME code…), list
and open them, close them. An offer whose every post is filled by a hire becomes « pourvue » by itself
(:mod:`desktop_app.services.offres.mises_en_relation`)."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.db.models import MiseEnRelation, Offre, Partenaire
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import MobiliteRequise, NiveauFormation, SourceOffre, StatutOffre, TypeContrat
from desktop_app.domain.saisie import SaisieInvalide, date_field, int_field
from desktop_app.domain.validation import fold
from desktop_app.security.permissions import exiger
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.offres.referentiels import libelle_rome, rome
from desktop_app.services.offres.saisies import SaisieOffre
from desktop_app.services.partenaires.validation import check_code_postal
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ABSENTE = "Cette offre n'existe pas (ou plus) sur ce poste."
CONTRATS_A_DUREE = ("cdd", "interim", "apprentissage", "professionnalisation", "contrat_aide")


class OffreInvalide(SaisieInvalide):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors, "L'offre n'a pas été enregistrée")


@dataclass(frozen=True)
class OffreLigne:
    id: str
    intitule: str
    code_rome: str
    entreprise: str
    partenaire_id: str | None
    commune: str
    type_contrat: str | None
    duree_mois: int | None
    nb_postes: int
    embauches: int
    en_cours: int  # mises en relation not ended
    statut: str
    source: str
    date_publication: dt.date
    date_limite: dt.date | None

    @property
    def contrat(self) -> str:
        label = TypeContrat.label_of(self.type_contrat) if self.type_contrat else ""
        return f"{label} {self.duree_mois} mois" if label and self.duree_mois else label

    @property
    def statut_libelle(self) -> str:
        return StatutOffre.label_of(self.statut) or self.statut

    @property
    def postes(self) -> str:
        return f"{self.embauches} / {self.nb_postes}"


def _clean(data: SaisieOffre, errors: dict[str, str], today: dt.date, creating: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    intitule = " ".join(str(data.get("intitule") or "").split())
    if not intitule:
        errors["intitule"] = "L'intitulé du poste est obligatoire."
    out["intitule"] = intitule
    out["partenaire_id"] = data.get("partenaire_id") or None
    if not out["partenaire_id"]:
        errors["partenaire_id"] = "Choisissez l'entreprise (ou l'agence) de l'annuaire qui propose le poste."
    code = str(data.get("code_rome") or "").strip().upper()[:5] or None
    if code and code not in rome():
        errors["code_rome"] = f"Code ROME inconnu « {code} » : choisissez-le dans la liste (tapez un métier)."
    out["code_rome"] = code
    contrat = data.get("type_contrat") or None
    if contrat and contrat not in TypeContrat.codes():
        errors["type_contrat"] = f"Type de contrat inconnu « {contrat} »."
    out["type_contrat"] = contrat
    out["duree_mois"] = int_field(data.get("duree_mois"), "duree_mois", errors, label="La durée du contrat (mois)",
                                  minimum=1, maximum=60)
    if contrat == "cdi" and out["duree_mois"]:
        errors["duree_mois"] = "Un CDI n'a pas de durée : laissez la durée vide."
    nb = data.get("nb_postes")
    if nb in (None, "") and not creating:
        nb = None
    out["nb_postes"] = int_field(1 if nb in (None, "") else nb, "nb_postes", errors, label="Le nombre de postes",
                                 minimum=0, maximum=500)
    if out["nb_postes"] == 0:
        errors["nb_postes"] = "Une offre a au moins un poste à pourvoir."
    out["commune"] = " ".join(str(data.get("commune") or "").split()) or None
    out["code_postal"] = check_code_postal(data.get("code_postal"), errors)
    out["horaires"] = " ".join(str(data.get("horaires") or "").split()) or None
    niveau = data.get("niveau_requis") or None
    if niveau and niveau not in NiveauFormation.codes():
        errors["niveau_requis"] = f"Niveau inconnu « {niveau} »."
    out["niveau_requis"] = niveau
    out["permis_requis"] = bool(data.get("permis_requis", False))
    mobilite = data.get("mobilite") or "aucune"
    if mobilite not in MobiliteRequise.codes():
        errors["mobilite"] = f"Exigence de mobilité inconnue « {mobilite} »."
    out["mobilite"] = mobilite
    out["date_publication"] = date_field(data.get("date_publication") or today, "date_publication", errors,
                                         label="La date de l'offre", required=True)
    if out["date_publication"] and out["date_publication"] > today:
        errors["date_publication"] = "L'offre ne peut pas être datée dans le futur (date de réception de l'offre)."
    for name, label in (("date_limite", "La date limite"), ("date_debut_poste", "La date de prise de poste")):
        out[name] = date_field(data.get(name), name, errors, label=label)
        if out[name] and out["date_publication"] and out[name] < out["date_publication"]:
            errors[name] = f"{label} ne peut pas précéder la date de l'offre."
    source = data.get("source") or "entreprise"
    if source not in SourceOffre.codes():
        errors["source"] = f"Source inconnue « {source} »."
    out["source"] = source
    statut = data.get("statut") or "ouverte"
    if statut not in StatutOffre.codes():
        errors["statut"] = f"Statut inconnu « {statut} »."
    out["statut"] = statut
    out["description"] = str(data.get("description") or "").strip() or None
    out["referent_id"] = data.get("referent_id") or None
    return out


def enregistrer_offre(profile: Profile, data: SaisieOffre, *, offre_id: str | None = None) -> Offre:
    """Post an offer, or correct ``offre_id``; OffreInvalide (a message per field) otherwise. The place defaults
    to the company's commune."""
    exiger(profile, "partenaires.modifier")
    today = aujourdhui(profile)
    errors: dict[str, str] = {}
    values = _clean(data, errors, today, offre_id is None)
    with profile.session() as s:
        partenaire = s.get(Partenaire, values["partenaire_id"]) if values["partenaire_id"] else None
        if values["partenaire_id"] and (partenaire is None or partenaire.deleted):
            errors["partenaire_id"] = "Ce partenaire n'existe pas (ou plus) dans l'annuaire."
        record = alive(s, Offre, offre_id, ABSENTE) if offre_id else None
        if record is not None and values["nb_postes"]:
            pourvus = _embauches(s, offre_id)
            if values["nb_postes"] < pourvus:
                errors["nb_postes"] = f"{pourvus} jeunes sont déjà embauchés sur cette offre : au moins {pourvus} postes."
        if errors:
            raise OffreInvalide(errors)
        if partenaire is not None and not values["commune"]:
            values["commune"], values["code_postal"] = partenaire.commune, values["code_postal"] or partenaire.code_postal
        if record is None:
            values["date_statut"] = values["date_publication"]
            record = Offre(structure_id=profile.structure_id, referent_id=values.pop("referent_id") or profile.user_id,
                           **values)
            s.add(record)
        else:
            if values["statut"] != record.statut:
                values["date_statut"] = today
            apply_values(record, values)
        s.commit()
        return record


def _embauches(s, offre_id: str) -> int:
    return s.scalar(select(func.count()).select_from(MiseEnRelation).where(
        MiseEnRelation.offre_id == offre_id, vivant(MiseEnRelation), MiseEnRelation.etape == "embauche")) or 0


def changer_statut(profile: Profile, offre_id: str, statut: str) -> Offre:
    """Close an offer, reopen it, or mark it filled (dated today)."""
    exiger(profile, "partenaires.modifier")
    if statut not in StatutOffre.codes():
        raise OffreInvalide({"statut": f"Statut inconnu « {statut} »."})
    with profile.session() as s:
        record = alive(s, Offre, offre_id, ABSENTE)
        if record.statut != statut:
            apply_values(record, {"statut": statut, "date_statut": aujourdhui(profile)})
            s.commit()
        return record


def offres(profile: Profile, *, texte: str = "", statut: str | None = None, partenaire_id: str | None = None,
           limite: int = 1000) -> list[OffreLigne]:
    """The offers, newest first, filtered by status, company, or words of the title, company, commune or ROME."""
    exiger(profile, "partenaires.lire")
    embauches = (select(MiseEnRelation.offre_id, func.count().label("n")).where(
        vivant(MiseEnRelation), MiseEnRelation.etape == "embauche").group_by(MiseEnRelation.offre_id).subquery())
    en_cours = (select(MiseEnRelation.offre_id, func.count().label("n")).where(
        vivant(MiseEnRelation), MiseEnRelation.etape.in_(("proposee", "candidature", "entretien", "retenu")))
        .group_by(MiseEnRelation.offre_id).subquery())
    query = (select(Offre, Partenaire.nom, embauches.c.n, en_cours.c.n)
             .join(Partenaire, Partenaire.id == Offre.partenaire_id, isouter=True)
             .join(embauches, embauches.c.offre_id == Offre.id, isouter=True)
             .join(en_cours, en_cours.c.offre_id == Offre.id, isouter=True)
             .where(vivant(Offre)))
    if statut:
        query = query.where(Offre.statut == statut)
    if partenaire_id:
        query = query.where(Offre.partenaire_id == partenaire_id)
    with profile.session() as s:
        rows = s.execute(query.order_by(Offre.date_publication.desc(), Offre.created_at.desc())).all()
    words = fold(texte).split()
    out = []
    for o, entreprise, n_emb, n_cours in rows:
        if words:
            hay = fold(" ".join(filter(None, (o.intitule, entreprise, o.commune, o.code_rome, libelle_rome(o.code_rome)))))
            if not all(w in hay for w in words):
                continue
        out.append(OffreLigne(o.id, o.intitule, o.code_rome or "", entreprise or "", o.partenaire_id, o.commune or "",
                              o.type_contrat, o.duree_mois, o.nb_postes, n_emb or 0, n_cours or 0, o.statut, o.source,
                              o.date_publication, o.date_limite))
        if len(out) >= limite:
            break
    return out


def offre(profile: Profile, offre_id: str) -> Offre:
    exiger(profile, "partenaires.lire")
    with profile.session() as s:
        record = alive(s, Offre, offre_id, ABSENTE)
        s.expunge(record)
        return record
