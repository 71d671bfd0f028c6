"""Mises en relation: jeunes proposed for an offer and their dated pipeline (proposée au jeune, candidature
transmise, entretien prévu, retenu·e, embauché·e — or non retenu·e, désistement), the shortlist of an offer and
the matching offers of a jeune.

A hire opens the jeune's Situation « Emploi » (« Alternance » for an apprenticeship or professionalisation
contract): employer = the partner's name (and its link), contract type and length from the offer; the offer is
« pourvue » once all its posts are filled. A step is dated, never before the step it follows: a hire dated
before the interview is refused at the date.

Shortlist: active dossiers (not archived, not merged) with the level asked or above, the permis when asked, a
vehicle when the offer needs one, living in a commune within ``rayon_km`` of the offer's commune — distances
between the centres of the communes of ``resources/referentiels/communes_bassin.csv``; a commune outside that
table matches by département (the first two digits of the postal code) — and available: no employment or
alternance situation running. One SQL statement on the partial index ``ix_jeune_vivier`` (migration 0021)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, text

from desktop_app.db.models import Jeune, MiseEnRelation, Offre, Partenaire, Situation
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import EtapeMiseEnRelation, NiveauFormation, StatutOffre
from desktop_app.domain.errors import UserError
from desktop_app.domain.formats import format_date as date_fr
from desktop_app.domain.saisie import SaisieInvalide, add_months, date_field
from desktop_app.security.permissions import exiger
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.offres.offres import ABSENTE
from desktop_app.services.offres.referentiels import commune, communes_proches
from desktop_app.services.securite import journal
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ORDRE = ("proposee", "candidature", "entretien", "retenu", "embauche")
FINS = ("embauche", "non_retenu", "desistement")
EN_COURS = ("proposee", "candidature", "entretien", "retenu")
DATE_DE = {e: f"date_{e}" for e in ("proposee", "candidature", "entretien", "retenu", "embauche", "non_retenu",
                                    "desistement")}
NIVEAUX = ("infra3", "3", "4", "5", "6+")
ALTERNANCE = ("apprentissage", "professionnalisation")
RAYON_KM = 15


class EtapeInvalide(SaisieInvalide):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors, "L'étape n'a pas été enregistrée")


@dataclass(frozen=True)
class MiseLigne:
    id: str
    offre_id: str
    jeune_id: str
    jeune: str  # « NOM Prénoms »
    etape: str
    date_etape: dt.date
    dates: dict[str, dt.date]  # step -> date, the steps reached
    offre: str = ""
    entreprise: str = ""

    @property
    def etape_libelle(self) -> str:
        return EtapeMiseEnRelation.label_of(self.etape) or self.etape

    @property
    def terminee(self) -> bool:
        return self.etape in FINS


@dataclass(frozen=True)
class Candidat:
    jeune_id: str
    nom: str
    commune: str
    distance_km: float | None
    niveau: str | None
    permis: str | None
    dernier_contact: dt.date | None
    deja_propose: bool

    @property
    def niveau_libelle(self) -> str:
        return NiveauFormation.label_of(self.niveau) if self.niveau else "non renseigné"


def _nom(nom_naissance: str, nom_usage: str | None, prenoms: str) -> str:
    return f"{(nom_usage or nom_naissance).upper()} {prenoms}".strip()


def _dates(m: MiseEnRelation) -> dict[str, dt.date]:
    return {e: getattr(m, col) for e, col in DATE_DE.items() if getattr(m, col)}


def proposer(profile: Profile, offre_id: str, jeune_ids: list[str], *, date: dt.date | None = None) -> list[str]:
    """Propose the offer to each jeune (step « Proposée au jeune », dated today); a jeune already on this offer
    is skipped. Returns the ids of the mises en relation created."""
    exiger(profile, "partenaires.modifier")
    exiger(profile, "jeune.lire")
    today = aujourdhui(profile)
    jour = date or today
    if jour > today:
        raise EtapeInvalide({"date": "Une proposition se date du jour où elle a été faite, pas dans le futur."})
    if not jeune_ids:
        raise UserError("Choisissez au moins un jeune à qui proposer l'offre.")
    created = []
    with profile.session() as s:
        offre = alive(s, Offre, offre_id, ABSENTE)
        if offre.statut != StatutOffre.OUVERTE:
            raise UserError(f"L'offre « {offre.intitule} » est {StatutOffre.label_of(offre.statut).lower()} : "
                            "rouvrez-la pour y proposer des jeunes.")
        deja = set(s.scalars(select(MiseEnRelation.jeune_id).where(
            MiseEnRelation.offre_id == offre_id, vivant(MiseEnRelation))))
        for jeune_id in dict.fromkeys(jeune_ids):
            if jeune_id in deja:
                continue
            alive(s, Jeune, jeune_id, "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
            m = MiseEnRelation(offre_id=offre_id, jeune_id=jeune_id, conseiller_id=profile.user_id,
                               etape="proposee", date_proposee=jour)
            s.add(m)
            created.append(m.id)
            journal.ajouter(s, profile, "modifie", jeune_id, objet="mise en relation")
        s.commit()
    return created


def _verifier(m: MiseEnRelation, etape: str, jour: dt.date, today: dt.date) -> dict[str, str]:
    if etape not in EtapeMiseEnRelation.codes():
        return {"etape": f"Étape inconnue « {etape} »."}
    if m.etape in FINS:
        return {"etape": f"Cette mise en relation est terminée ({EtapeMiseEnRelation.label_of(m.etape).lower()}) : "
                         "proposez de nouveau l'offre pour reprendre."}
    if etape in ORDRE and ORDRE.index(etape) <= ORDRE.index(m.etape):
        return {"etape": f"L'étape « {EtapeMiseEnRelation.label_of(m.etape)} » est déjà atteinte."}
    if jour > today and etape != "entretien":
        return {"date": "Cette étape se note une fois qu'elle a eu lieu : la date ne peut pas être dans le futur."}
    if etape == "embauche" and m.date_entretien and jour < m.date_entretien:
        return {"date": f"L'embauche ne peut pas précéder l'entretien du {date_fr(m.date_entretien)}."}
    previous = max(_dates(m).values())
    if jour < previous:
        return {"date": f"Cette étape ne peut pas précéder la précédente, du {date_fr(previous)}."}
    return {}


def _situation(s, m: MiseEnRelation, offre: Offre, jour: dt.date, today: dt.date) -> Situation:
    partenaire = s.get(Partenaire, offre.partenaire_id) if offre.partenaire_id else None
    situation = Situation(jeune_id=m.jeune_id, categorie="alternance" if offre.type_contrat in ALTERNANCE else "emploi",
                          etat="prevue" if jour > today else "en_cours", date_debut=jour,
                          date_fin=add_months(jour, offre.duree_mois) if offre.duree_mois else None,
                          employeur=partenaire.nom if partenaire else None,
                          partenaire_id=partenaire.id if partenaire else None,
                          type_contrat=offre.type_contrat, duree_contrat_mois=offre.duree_mois)
    s.add(situation)
    return situation


def avancer(profile: Profile, mise_id: str, etape: str, *, date: object = None) -> MiseEnRelation:
    """Move a mise en relation to ``etape`` on ``date`` (today by default; an interview may be planned ahead).
    An embauche opens the jeune's situation and fills the offer when its last post is taken."""
    exiger(profile, "partenaires.modifier")
    today = aujourdhui(profile)
    errors: dict[str, str] = {}
    jour = date_field(date or today, "date", errors, label="La date de l'étape", required=True)
    if errors:
        raise EtapeInvalide(errors)
    with profile.session() as s:
        m = alive(s, MiseEnRelation, mise_id, "Cette mise en relation n'existe pas (ou plus) sur ce poste.")
        if errors := _verifier(m, etape, jour, today):
            raise EtapeInvalide(errors)
        offre = alive(s, Offre, m.offre_id, ABSENTE)
        values = {"etape": etape, DATE_DE[etape]: jour}
        if etape == "embauche":
            exiger(profile, "timeline.modifier")
            pourvus = len(s.scalars(select(MiseEnRelation.id).where(
                MiseEnRelation.offre_id == offre.id, vivant(MiseEnRelation), MiseEnRelation.etape == "embauche")).all())
            if pourvus >= offre.nb_postes:
                raise EtapeInvalide({"etape": f"Les {offre.nb_postes} poste(s) de l'offre sont déjà pourvus."})
            values["situation_id"] = _situation(s, m, offre, jour, today).id
            if pourvus + 1 >= offre.nb_postes:
                apply_values(offre, {"statut": "pourvue", "date_statut": jour})
        apply_values(m, values)
        journal.ajouter(s, profile, "modifie", m.jeune_id, objet="mise en relation")
        s.commit()
        return m


def _lignes(rows) -> list[MiseLigne]:
    return [MiseLigne(m.id, m.offre_id, m.jeune_id, _nom(nn, nu, pr), m.etape, max(_dates(m).values()), _dates(m),
                      intitule or "", entreprise or "")
            for m, nn, nu, pr, intitule, entreprise in rows]


def _query():
    return (select(MiseEnRelation, Jeune.nom_naissance, Jeune.nom_usage, Jeune.prenoms, Offre.intitule, Partenaire.nom)
            .join(Jeune, Jeune.id == MiseEnRelation.jeune_id).join(Offre, Offre.id == MiseEnRelation.offre_id)
            .join(Partenaire, Partenaire.id == Offre.partenaire_id, isouter=True).where(vivant(MiseEnRelation)))


def pipeline(profile: Profile, offre_id: str) -> list[MiseLigne]:
    """The jeunes proposed for an offer: those still in progress first (furthest step first), then the ended."""
    exiger(profile, "partenaires.lire")
    exiger(profile, "jeune.lire")
    with profile.session() as s:
        rows = s.execute(_query().where(MiseEnRelation.offre_id == offre_id)).all()
    lignes = _lignes(rows)
    rank = {e: i for i, e in enumerate(("embauche", "retenu", "entretien", "candidature", "proposee", "non_retenu",
                                        "desistement"))}
    return sorted(lignes, key=lambda x: (rank.get(x.etape, 9), x.jeune))


def du_jeune(profile: Profile, jeune_id: str) -> list[MiseLigne]:
    """A jeune's mises en relation, most recent first."""
    exiger(profile, "partenaires.lire")
    with profile.session() as s:
        rows = s.execute(_query().where(MiseEnRelation.jeune_id == jeune_id)).all()
    return sorted(_lignes(rows), key=lambda x: x.date_etape, reverse=True)


def _zone(offre: Offre, rayon_km: float) -> tuple[dict[str, float], str | None]:
    """(INSEE code → distance) of the communes within reach of the offer, or the département to fall back on."""
    centre = commune(nom=offre.commune, code_postal=offre.code_postal)
    if centre is None:
        return {}, (offre.code_postal or "")[:2] or None
    return {c.code_insee: d for c, d in communes_proches(centre, rayon_km)}, None


_SHORTLIST = """SELECT j.id, j.nom_naissance, j.nom_usage, j.prenoms, j.commune, j.code_insee, j.niveau_formation,
       j.permis, j.date_dernier_contact
FROM jeune j
WHERE j.deleted = 0 AND j.fusionne_dans_id IS NULL AND j.statut = 'actif' AND {zone}{criteres}
  AND NOT EXISTS (SELECT 1 FROM situation s WHERE s.jeune_id = j.id AND s.deleted = 0 AND s.etat = 'en_cours'
                  AND s.categorie IN ('emploi', 'alternance') AND (s.date_fin IS NULL OR s.date_fin >= :today))
  AND {deja} EXISTS (SELECT 1 FROM mise_en_relation m WHERE m.jeune_id = j.id AND m.offre_id = :offre
                     AND m.deleted = 0)
ORDER BY j.date_dernier_contact DESC, j.id
LIMIT :limite"""


def _criteres(offre: Offre) -> str:
    out = []
    if offre.niveau_requis in NIVEAUX:
        ok = NIVEAUX[NIVEAUX.index(offre.niveau_requis):]
        out.append(" AND j.niveau_formation IN (" + ", ".join(f"'{n}'" for n in ok) + ")")
    if offre.permis_requis:
        out.append(" AND j.permis = 'obtenu'")
    if offre.mobilite == "vehicule":
        out.append(" AND j.moyen_transport IN ('voiture', 'deux_roues')")
    return "".join(out)


def shortlist(profile: Profile, offre_id: str, *, rayon_km: float = RAYON_KM, limite: int = 200) -> list[Candidat]:
    """The jeunes who match the offer (see the module docstring), nearest first, then most recently seen; those
    already proposed last. The communes are read nearest first, each through the covering partial index
    ``ix_jeune_vivier`` (statut, commune, last contact…: already in the order wanted, nothing sorted) until
    ``limite`` jeunes are found; a running job or a proposal already made is one index probe per jeune read
    (``ix_situation_emploi_en_cours``, ``ix_mise_en_relation_jeune_id``; migration 0021)."""
    exiger(profile, "jeune.lire")
    today = aujourdhui(profile)
    with profile.session() as s:
        offre = alive(s, Offre, offre_id, ABSENTE)
        s.expunge(offre)
    distances, departement = _zone(offre, rayon_km)
    if distances:
        groupes: dict[float, list[str]] = {}
        for code, km in distances.items():
            groupes.setdefault(round(km, 1), []).append(code)
        zones = [(km, [("j.code_insee = :zone", code) for code in codes]) for km, codes in sorted(groupes.items())]
    elif departement:
        zones = [(None, [("substr(j.code_postal, 1, 2) = :zone", departement)])]
    else:
        zones = [(None, [("1 = :zone", 1)])]
    criteres = _criteres(offre)
    parse = dt.date.fromisoformat
    out: list[Candidat] = []
    with profile.engine.connect() as conn:
        for deja in ("NOT", ""):  # the jeunes not yet proposed, then (last) those already on this offer
            for km, parts in zones:
                found = []
                for zone, value in parts:
                    if len(out) >= limite:
                        break
                    sql = _SHORTLIST.format(zone=zone, criteres=criteres, deja=deja)
                    found += conn.execute(text(sql), {"offre": offre_id, "today": today.isoformat(), "zone": value,
                                                      "limite": limite - len(out)}).fetchall()
                if len(parts) > 1:  # communes at the same distance: by last contact together
                    found.sort(key=lambda r: (str(r[8] or ""), r[0]), reverse=True)
                for r in found[:limite - len(out)]:
                    out.append(Candidat(r[0], _nom(r[1], r[2], r[3]), r[4] or "", km, r[6], r[7],
                                        parse(str(r[8])[:10]) if r[8] else None, deja == ""))
                if len(out) >= limite:
                    return out
    return out


def offres_correspondantes(profile: Profile, jeune_id: str, *, rayon_km: float = RAYON_KM) -> list[tuple[Offre, float | None, bool]]:
    """The open offers a jeune matches (level, permis, vehicle, distance), nearest first: (offer, distance,
    already proposed)."""
    exiger(profile, "partenaires.lire")
    exiger(profile, "jeune.lire")
    with profile.session() as s:
        j = alive(s, Jeune, jeune_id, "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        ouvertes = list(s.scalars(select(Offre).where(vivant(Offre), Offre.statut == "ouverte")))
        deja = set(s.scalars(select(MiseEnRelation.offre_id).where(MiseEnRelation.jeune_id == jeune_id,
                                                                    vivant(MiseEnRelation))))
        for o in ouvertes:
            s.expunge(o)
        home = commune(code_insee=j.code_insee, nom=j.commune, code_postal=j.code_postal)
        niveau, permis, transport, cp = j.niveau_formation, j.permis, j.moyen_transport, j.code_postal or ""
    out = []
    for o in ouvertes:
        if o.niveau_requis in NIVEAUX and (niveau not in NIVEAUX or NIVEAUX.index(niveau) < NIVEAUX.index(o.niveau_requis)):
            continue
        if o.permis_requis and permis != "obtenu":
            continue
        if o.mobilite == "vehicule" and transport not in ("voiture", "deux_roues"):
            continue
        place = commune(nom=o.commune, code_postal=o.code_postal)
        if home and place:
            from desktop_app.services.offres.referentiels import distance_km

            d = distance_km(home, place)
            if d > rayon_km:
                continue
        else:
            d = None
            if (o.code_postal or "")[:2] != cp[:2]:
                continue
        out.append((o, d, o.id in deja))
    out.sort(key=lambda x: (x[2], x[1] if x[1] is not None else 999, x[0].intitule))
    return out
