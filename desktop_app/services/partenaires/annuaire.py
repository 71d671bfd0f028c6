"""The partners directory: create and correct an organisation (French messages at the field), search as you type
without accents over name, commune, NAF code and SIRET, and the partner's card (engagements, figures).

The search reads ``partenaire_recherche`` (migration 0021: the folded text of every partner, kept by triggers),
a ``LIKE`` per word typed: substring matches (« boul » finds « Boulangerie Ménard », « sarcel » Sarcelles)."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, text

from desktop_app.db.models import ContactPartenaire, MiseEnRelation, Offre, Partenaire, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import TypePartenaire
from desktop_app.domain.errors import UserError
from desktop_app.domain.saisie import SaisieInvalide, date_field
from desktop_app.domain.validation import normalize_phone
from desktop_app.security.permissions import exiger
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.partenaires.saisies import SaisiePartenaire
from desktop_app.services.partenaires.validation import (
    check_code_postal,
    check_email,
    check_naf,
    check_siret,
    cle_commune,
    cle_nom,
    mots_recherche,
)
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ABSENT = "Ce partenaire n'existe pas (ou plus) sur ce poste."
ENGAGEMENTS = (("convention_signee", "Convention signée"), ("immersions_offertes", "Immersions offertes"),
               ("offres_prioritaires", "Offres transmises en priorité"), ("parrains_fournis", "Parrains fournis"),
               ("binome_interim", "Binôme intérim"))
EFFECTIFS = ("0", "1-9", "10-49", "50-249", "250-999", "1000+")


class PartenaireInvalide(SaisieInvalide):
    """A partner was not saved: ``errors`` maps each field to its French message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors, "Le partenaire n'a pas été enregistré")


@dataclass(frozen=True)
class PartenaireLigne:
    """One line of the directory list."""

    id: str
    nom: str
    type: str  # TypePartenaire code
    commune: str
    code_naf: str
    actif: bool
    engagements: tuple[str, ...]  # labels of the engagements taken

    @property
    def type_libelle(self) -> str:
        return TypePartenaire.label_of(self.type) or self.type


@dataclass(frozen=True)
class FichePartenaire:
    """A partner's card: the record, its référent's name and its figures."""

    partenaire: Partenaire
    referent: str
    nb_contacts: int
    offres_ouvertes: int
    offres_total: int
    embauches: int


def _clean(data: SaisiePartenaire, errors: dict[str, str], today: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    nom = " ".join(str(data.get("nom") or "").split())
    if not nom:
        errors["nom"] = "Le nom de l'organisation est obligatoire."
    elif len(nom) > 200:
        errors["nom"] = "Le nom a 200 caractères au plus."
    out["nom"] = nom
    type_ = data.get("type") or "entreprise"
    if type_ not in TypePartenaire.codes():
        errors["type"] = f"Type de partenaire inconnu « {type_} »."
    out["type"] = type_
    out["code_postal"] = check_code_postal(data.get("code_postal"), errors)
    out["siret"] = check_siret(data.get("siret"), errors)
    out["code_naf"] = check_naf(data.get("code_naf"), errors)
    out["email"] = check_email(data.get("email"), errors)
    try:
        out["telephone"] = normalize_phone(data.get("telephone"))
    except ValueError as exc:
        errors["telephone"] = str(exc)
    for name in ("adresse", "commune", "note"):
        out[name] = str(data.get(name) or "").strip() or None
    effectif = str(data.get("effectif") or "").strip() or None
    if effectif and effectif not in EFFECTIFS:
        errors["effectif"] = f"Tranche d'effectif inconnue « {effectif} » : {', '.join(EFFECTIFS)} salariés."
    out["effectif"] = effectif
    out["referent_id"] = data.get("referent_id") or None
    out["actif"] = bool(data.get("actif", True))
    for name, _ in ENGAGEMENTS:
        out[name] = bool(data.get(name, False))
    out["date_convention"] = date_field(data.get("date_convention"), "date_convention", errors,
                                        label="La date de la convention")
    if out["date_convention"] and out["date_convention"] > today:
        errors["date_convention"] = "La convention ne peut pas être datée dans le futur."
    if out["date_convention"] and not out["convention_signee"]:
        out["convention_signee"] = True  # a dated convention is a signed one
    return out


def _doublon(s, values: dict[str, Any], partenaire_id: str | None) -> dict[str, str]:
    """A living partner with the same SIRET, or the same name key in the same commune."""
    if values.get("siret"):
        query = select(Partenaire.nom).where(vivant(Partenaire), Partenaire.siret == values["siret"])
        if partenaire_id:
            query = query.where(Partenaire.id != partenaire_id)
        if (twin := s.scalars(query).first()) is not None:
            return {"siret": f"Ce SIRET est déjà celui de « {twin} » dans l'annuaire."}
    for twin in jumeaux(s, values["nom"], values.get("commune"), sauf=partenaire_id):
        lieu = f" ({twin[2]})" if twin[2] else ""
        return {"nom": f"« {twin[1]} »{lieu} est déjà dans l'annuaire : ouvrez sa fiche plutôt que d'en "
                       "créer une seconde."}
    return {}


def jumeaux(s, nom: str, commune: str | None, *, sauf: str | None = None) -> list[tuple[str, str, str | None]]:
    """(id, nom, commune) of the living partners with the same name key in the same commune."""
    words = mots_recherche(nom)
    if not words:
        return []
    rows = s.execute(text(
        "SELECT p.id, p.nom, p.commune FROM partenaire_recherche r JOIN partenaire p ON p.id = r.partenaire_id "
        "WHERE r.actif = 1 AND r.texte LIKE :w ESCAPE '\\' AND p.id != :sauf"),
        {"w": f"%{_escape(max(words, key=len))}%", "sauf": sauf or ""}).all()
    key, where = cle_nom(nom), cle_commune(commune)
    return [tuple(r) for r in rows if cle_nom(r[1]) == key and cle_commune(r[2]) == where]


def valider_partenaire(profile: Profile, data: SaisiePartenaire, *, partenaire_id: str | None = None) -> dict[str, Any]:
    """The cleaned values of ``data``; PartenaireInvalide (a message per field) otherwise."""
    errors: dict[str, str] = {}
    values = _clean(data, errors, aujourdhui(profile))
    if errors:
        raise PartenaireInvalide(errors)
    return values


def enregistrer_partenaire(profile: Profile, data: SaisiePartenaire, *, partenaire_id: str | None = None) -> Partenaire:
    """Create a partner, or correct ``partenaire_id``; PartenaireInvalide with a message per field otherwise
    (a twin of an existing partner — same SIRET, or same name in the same commune — is refused at the name)."""
    exiger(profile, "partenaires.modifier")
    values = valider_partenaire(profile, data, partenaire_id=partenaire_id)
    with profile.session() as s:
        ref = values["referent_id"]
        if ref and ((u := s.get(Utilisateur, ref)) is None or u.deleted):
            raise PartenaireInvalide({"referent_id": "Ce référent n'existe pas (ou plus)."})
        if twin := _doublon(s, values, partenaire_id):
            raise PartenaireInvalide(twin)
        if partenaire_id:
            record = alive(s, Partenaire, partenaire_id, ABSENT)
            apply_values(record, values)
        else:
            record = Partenaire(structure_id=profile.structure_id, **values)
            s.add(record)
        s.commit()
        pid = record.id
    from desktop_app.services.partenaires.liens import rattacher_textes

    rattacher_textes(profile, partenaire_ids=[pid])
    with profile.session() as s:
        return s.get(Partenaire, pid)


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_LIGNES = """SELECT p.id, p.nom, p.type, p.commune, p.code_naf, p.actif, p.convention_signee, p.immersions_offertes,
       p.offres_prioritaires, p.parrains_fournis, p.binome_interim
FROM partenaire_recherche r JOIN partenaire p ON p.id = r.partenaire_id
WHERE r.actif = 1{filtres}
ORDER BY r.texte LIMIT :limite"""


def chercher(profile: Profile, texte: str = "", *, type: str | None = None, actifs: bool | None = True,
             engagement: str | None = None, limite: int = 300) -> list[PartenaireLigne]:
    """Partners whose name, commune, NAF code or SIRET hold every word typed (accents and case ignored), by name."""
    exiger(profile, "partenaires.lire")
    filtres, params = [], {"limite": limite}
    for i, word in enumerate(mots_recherche(texte)[:8]):
        filtres.append(f" AND r.texte LIKE :m{i} ESCAPE '\\'")
        params[f"m{i}"] = f"%{_escape(word)}%"
    if type:
        filtres.append(" AND p.type = :type")
        params["type"] = type
    if actifs is not None:
        filtres.append(" AND p.actif = :actif")
        params["actif"] = actifs
    if engagement in dict(ENGAGEMENTS):
        filtres.append(f" AND p.{engagement} = 1")
    sql = _LIGNES.format(filtres="".join(filtres))
    with profile.engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    return [PartenaireLigne(r[0], r[1], r[2], r[3] or "", r[4] or "", bool(r[5]),
                            tuple(label for (name, label), flag in zip(ENGAGEMENTS, r[6:11]) if flag))
            for r in rows]


def fiche(profile: Profile, partenaire_id: str) -> FichePartenaire:
    exiger(profile, "partenaires.lire")
    with profile.session() as s:
        p = alive(s, Partenaire, partenaire_id, ABSENT)
        s.expunge(p)
        referent = s.get(Utilisateur, p.referent_id) if p.referent_id else None
        nb_contacts = s.scalar(select(func.count()).select_from(ContactPartenaire).where(
            ContactPartenaire.partenaire_id == partenaire_id, vivant(ContactPartenaire))) or 0
        offres = s.execute(select(Offre.statut, func.count()).where(
            Offre.partenaire_id == partenaire_id, vivant(Offre)).group_by(Offre.statut)).all()
        embauches = s.scalar(select(func.count()).select_from(MiseEnRelation).join(
            Offre, Offre.id == MiseEnRelation.offre_id).where(
            Offre.partenaire_id == partenaire_id, vivant(MiseEnRelation),
            MiseEnRelation.etape == "embauche")) or 0
    counts = dict(offres)
    return FichePartenaire(p, referent.nom_complet if referent else "", nb_contacts, counts.get("ouverte", 0),
                           sum(counts.values()), embauches)


def noms(profile: Profile, *, types: tuple[str, ...] | None = None, inactifs: bool = False) -> list[tuple[str, str]]:
    """(id, nom) of the active partners, by name: what the completers and choices of other forms offer
    (``inactifs``: the inactive ones too, marked « (inactif) », for a record that still names one)."""
    exiger(profile, "partenaires.lire")
    query = select(Partenaire.id, Partenaire.nom, Partenaire.actif).where(vivant(Partenaire))
    if not inactifs:
        query = query.where(Partenaire.actif == True)  # noqa: E712
    if types:
        query = query.where(Partenaire.type.in_(types))
    with profile.session() as s:
        rows = s.execute(query.order_by(Partenaire.nom)).all()
    return [(r.id, r.nom if r.actif else f"{r.nom} (inactif)") for r in rows]


def referents(profile: Profile) -> list[tuple[str, str]]:
    """The users who can be a partner's référent entreprise (the staff), by name."""
    from desktop_app.services.profil.referentiels import conseillers

    exiger(profile, "partenaires.lire")
    return [(c.code, c.libelle) for c in conseillers(profile)]


def ne_plus_travailler(profile: Profile, partenaire_id: str) -> None:
    """Mark a partner inactive (kept with its history; no longer offered in the forms)."""
    exiger(profile, "partenaires.modifier")
    with profile.session() as s:
        record = alive(s, Partenaire, partenaire_id, ABSENT)
        if record.actif:
            record.actif = False
            s.commit()


def partenaire_existe(s, partenaire_id: str | None) -> Partenaire:
    if not partenaire_id:
        raise UserError("Choisissez un partenaire de l'annuaire.")
    return alive(s, Partenaire, partenaire_id, ABSENT)
