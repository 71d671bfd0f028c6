"""A partner's contact people (personal data: read and export logged, kept until the relation ended plus a
declared period, then erased) and the dated history of exchanges with the partner."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop_app.db.models import ContactPartenaire, EchangePartenaire, Partenaire, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import TypeEchange
from desktop_app.domain.saisie import SaisieInvalide, date_field
from desktop_app.domain.validation import normalize_phone
from desktop_app.security.permissions import exiger
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.partenaires.annuaire import ABSENT
from desktop_app.services.partenaires.saisies import SaisieContact, SaisieEchange
from desktop_app.services.partenaires.validation import check_email
from desktop_app.services.profil.reglages import Setting, declare
from desktop_app.services.securite import journal
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

# CNIL (prospection and business contacts): a contact's data is kept three years after the relation ended.
ANNEES_APRES_RELATION = declare(Setting("retention.contacts_partenaires_annees", int, 3,
                                        "Conservation des contacts partenaires après la fin de la relation (années)",
                                        minimum=1, maximum=20))
CONTACT_ABSENT = "Ce contact n'existe pas (ou plus) sur ce poste."


class ContactInvalide(SaisieInvalide):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors, "Le contact n'a pas été enregistré")


class EchangeInvalide(SaisieInvalide):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors, "L'échange n'a pas été enregistré")


@dataclass(frozen=True)
class EchangeLigne:
    id: str
    date: dt.date
    type: str
    contact: str
    conseiller: str
    objet: str

    @property
    def type_libelle(self) -> str:
        return TypeEchange.label_of(self.type) or self.type


def _clean_contact(data: SaisieContact, errors: dict[str, str], today: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    nom = " ".join(str(data.get("nom") or "").split())
    if not nom:
        errors["nom"] = "Le nom du contact est obligatoire."
    out["nom"] = nom
    for name in ("prenom", "fonction"):
        out[name] = " ".join(str(data.get(name) or "").split()) or None
    try:
        out["telephone"] = normalize_phone(data.get("telephone"))
    except ValueError as exc:
        errors["telephone"] = str(exc)
    out["email"] = check_email(data.get("email"), errors)
    out["date_fin_relation"] = date_field(data.get("date_fin_relation"), "date_fin_relation", errors,
                                          label="La fin de la relation")
    if out["date_fin_relation"] and out["date_fin_relation"] > today:
        errors["date_fin_relation"] = "La fin de la relation ne peut pas être dans le futur."
    out["actif"] = bool(data.get("actif", True)) and out["date_fin_relation"] is None
    return out


def enregistrer_contact(profile: Profile, partenaire_id: str, data: SaisieContact, *,
                        contact_id: str | None = None) -> ContactPartenaire:
    """Add a contact person to a partner, or correct ``contact_id``; ContactInvalide otherwise."""
    exiger(profile, "partenaires.modifier")
    errors: dict[str, str] = {}
    values = _clean_contact(data, errors, aujourdhui(profile))
    if errors:
        raise ContactInvalide(errors)
    with profile.session() as s:
        alive(s, Partenaire, partenaire_id, ABSENT)
        if contact_id:
            record = alive(s, ContactPartenaire, contact_id, CONTACT_ABSENT)
            apply_values(record, values)
        else:
            record = ContactPartenaire(partenaire_id=partenaire_id, **values)
            s.add(record)
        s.commit()
        return record


def contacts(profile: Profile, partenaire_id: str, *, anciens: bool = True,
             journaliser: bool = True) -> list[ContactPartenaire]:
    """A partner's contact people, current first; reading them is written in the access log (``journaliser``
    False: a screen refreshing the card it already shows, whose opening was logged)."""
    exiger(profile, "partenaires.lire")
    with profile.session() as s:
        nom = alive(s, Partenaire, partenaire_id, ABSENT).nom
        query = select(ContactPartenaire).where(ContactPartenaire.partenaire_id == partenaire_id,
                                                vivant(ContactPartenaire))
        if not anciens:
            query = query.where(ContactPartenaire.actif == True)  # noqa: E712
        found = list(s.scalars(query.order_by(ContactPartenaire.actif.desc(), ContactPartenaire.nom)))
        for c in found:
            s.expunge(c)
    if found and journaliser:
        journal.enregistrer(profile, "ouvert", objet=f"contacts du partenaire « {nom} » ({len(found)})")
    return found


def mettre_fin_relation(profile: Profile, contact_id: str, *, date: dt.date | str | None = None) -> ContactPartenaire:
    """The person left (or the relation ended) on ``date`` (today by default, JJ/MM/AAAA accepted): dated, no
    longer offered; its retention period starts then (never in the future)."""
    exiger(profile, "partenaires.modifier")
    today = aujourdhui(profile)
    errors: dict[str, str] = {}
    fin = date_field(date or today, "date_fin_relation", errors, label="La fin de la relation")
    if fin and fin > today:
        errors["date_fin_relation"] = "La fin de la relation ne peut pas être dans le futur."
    if errors:
        raise ContactInvalide(errors)
    with profile.session() as s:
        record = alive(s, ContactPartenaire, contact_id, CONTACT_ABSENT)
        apply_values(record, {"actif": False, "date_fin_relation": fin})
        s.commit()
        return record


@dataclass(frozen=True)
class ContactEchu:
    id: str
    nom: str
    partenaire: str
    date_fin_relation: dt.date
    fonction: str = ""


def contacts_a_effacer(profile: Profile, *, annees: int | None = None, today: dt.date | None = None) -> list[ContactEchu]:
    """Contacts whose relation ended more than ``annees`` years ago (the retention review; direction and admin)."""
    exiger(profile, "retention.anonymiser")
    today = today or aujourdhui(profile)
    if annees is None:
        from desktop_app.services.profil.reglages import Settings

        annees = Settings(getattr(profile, "settings_path", None)).get(ANNEES_APRES_RELATION)
    try:
        limite = today.replace(year=today.year - annees)
    except ValueError:
        limite = today.replace(year=today.year - annees, day=28)
    with profile.session() as s:
        rows = s.execute(select(ContactPartenaire.id, ContactPartenaire.prenom, ContactPartenaire.nom,
                                Partenaire.nom, ContactPartenaire.date_fin_relation, ContactPartenaire.fonction)
                         .join(Partenaire, Partenaire.id == ContactPartenaire.partenaire_id)
                         .where(vivant(ContactPartenaire), ContactPartenaire.date_fin_relation.is_not(None),
                                ContactPartenaire.date_fin_relation < limite)
                         .order_by(ContactPartenaire.date_fin_relation, Partenaire.nom, ContactPartenaire.nom)).all()
    return [ContactEchu(r[0], f"{r[1] or ''} {r[2]}".strip(), r[3], r[4], r[5] or "") for r in rows]


def effacer_contacts(profile: Profile, contact_ids: list[str], *, today: dt.date | None = None) -> int:
    """Erase contacts past retention everywhere the sync goes (an **erasure**, :mod:`desktop_app.sync.effacement`:
    one erasure op per contact, terminal): name, role and coordinates gone on this device, on the hub and on every
    other device, only the id stays. What named them stays with the link emptied: an immersion keeps its record
    (« tuteur : contact effacé »), an exchange its date and type. Only contacts still past retention are erased
    (one whose relation was reopened since the review is left alone); returns how many were erased."""
    from desktop_app.db.nettoyage import scrub
    from desktop_app.services.securite.rgpd import effacer_partout

    actor = exiger(profile, "retention.anonymiser")
    echus = {c.id for c in contacts_a_effacer(profile, today=today)}
    ids = [cid for cid in dict.fromkeys(contact_ids) if cid in echus]
    if not ids:
        return 0
    with profile.session() as s:
        effacer_partout(s, "contact_partenaire", ids, aussi={"immersion", "echange_partenaire"})
        journal.ajouter(s, profile, "efface", None, objet=f"{len(ids)} contact(s) partenaire(s) (conservation)"[:64],
                        actor=actor)
        s.commit()
    scrub(profile.engine)
    return len(ids)


def _clean_echange(data: SaisieEchange, errors: dict[str, str], today: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["date"] = date_field(data.get("date") or today, "date", errors, label="La date de l'échange",
                             required=True)
    if out["date"] and out["date"] > today:
        errors["date"] = "Un échange se note une fois qu'il a eu lieu : la date ne peut pas être dans le futur."
    type_ = data.get("type") or None
    if type_ not in TypeEchange.codes():
        errors["type"] = "Choisissez le type d'échange (visite, appel, e-mail, rencontre)."
    out["type"] = type_
    objet = " ".join(str(data.get("objet") or "").split()) or None
    if objet and len(objet) > 300:
        errors["objet"] = "L'objet a 300 caractères au plus."
    out["objet"] = objet
    out["contact_id"] = data.get("contact_id") or None
    return out


def enregistrer_echange(profile: Profile, partenaire_id: str, data: SaisieEchange) -> EchangePartenaire:
    """Note a visit, call, e-mail or meeting with a partner (today by default)."""
    exiger(profile, "partenaires.modifier")
    errors: dict[str, str] = {}
    values = _clean_echange(data, errors, aujourdhui(profile))
    if errors:
        raise EchangeInvalide(errors)
    with profile.session() as s:
        alive(s, Partenaire, partenaire_id, ABSENT)
        if values["contact_id"]:
            contact = s.get(ContactPartenaire, values["contact_id"])
            if contact is None or contact.deleted or contact.partenaire_id != partenaire_id:
                raise EchangeInvalide({"contact_id": "Ce contact n'est pas l'un de ceux du partenaire."})
        record = EchangePartenaire(partenaire_id=partenaire_id, conseiller_id=profile.user_id, **values)
        s.add(record)
        s.commit()
        return record


def echanges(profile: Profile, partenaire_id: str) -> list[EchangeLigne]:
    """The history of exchanges with a partner, most recent first."""
    exiger(profile, "partenaires.lire")
    with profile.session() as s:
        rows = s.execute(select(EchangePartenaire, ContactPartenaire.prenom, ContactPartenaire.nom,
                                Utilisateur.prenom, Utilisateur.nom)
                         .join(ContactPartenaire, ContactPartenaire.id == EchangePartenaire.contact_id, isouter=True)
                         .join(Utilisateur, Utilisateur.id == EchangePartenaire.conseiller_id, isouter=True)
                         .where(EchangePartenaire.partenaire_id == partenaire_id, vivant(EchangePartenaire))
                         .order_by(EchangePartenaire.date.desc(), EchangePartenaire.created_at.desc())).all()
    return [EchangeLigne(e.id, e.date, e.type, f"{cp or ''} {cn or ''}".strip(), f"{up or ''} {un or ''}".strip(),
                         e.objet or "") for e, cp, cn, up, un in rows]
