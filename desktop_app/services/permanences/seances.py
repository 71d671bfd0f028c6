"""Permanences hors les murs: hold a desk at a club, a centre social or a breakfast, capture new contacts in
seconds, log the known jeunes met there, and count them.

Every contact is an actualité (modalité "sur place / en permanence") carrying the permanence's lieu and id.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Actualite, Jeune, Lieu, Permanence, PermanenceConseiller, Utilisateur
from desktop_app.db.queries import vivant, vivants
from desktop_app.domain.enums import Modalite, TypeActualite, TypeLieu
from desktop_app.domain.plausibilite import presence_future
from desktop_app.domain.validation import parse_date
from desktop_app.domain.errors import UserError
from desktop_app.services.jeunes.dossier import DossierInvalide, check, clean
from desktop_app.services.jeunes.doublons import identite, refuse_twin
from desktop_app.services.enregistrements import alive
from desktop_app.services.sync.horloge import aujourdhui
from desktop_app.services.permanences.saisies import SaisieLieu

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

TYPES_LIEU_HORS_LES_MURS = (TypeLieu.CLUB_SPORT, TypeLieu.CENTRE_SOCIAL, TypeLieu.PETIT_DEJEUNER, TypeLieu.AUTRE)


@dataclass(frozen=True)
class ContactPermanence:
    jeune_id: str
    actualite_id: str
    nom_affiche: str
    prenoms: str
    nouveau: bool  # first welcomed at this permanence


@dataclass(frozen=True)
class Bilan:
    contacts: list[ContactPermanence]

    @property
    def nouveaux(self) -> int:
        return sum(c.nouveau for c in self.contacts)

    @property
    def connus(self) -> int:
        return len(self.contacts) - self.nouveaux


def lieux(profile: Profile) -> list[Lieu]:
    """The structure's active places, by name."""
    with profile.session() as s:
        return list(s.scalars(vivants(Lieu).where(Lieu.actif == True)  # noqa: E712
                              .order_by(Lieu.nom)))


def _time(value: Any, label: str, errors: dict[str, str], name: str) -> dt.time | None:
    if value in (None, "") or isinstance(value, dt.time):
        return value or None
    text = str(value).strip().lower().replace("h", ":")
    if text.endswith(":"):
        text += "00"
    try:
        return dt.time.fromisoformat(text if len(text.split(":")[0]) == 2 else "0" + text)
    except ValueError:
        errors[name] = f"{label} : heure invalide (ex. 14:30)."
        return None


def _new_lieu(s, profile: Profile, data: SaisieLieu, errors: dict[str, str]) -> Lieu | None:
    nom = str(data.get("nom") or "").strip()
    type_ = data.get("type") or TypeLieu.AUTRE
    if not nom:
        errors["lieu"] = "Donnez le nom du lieu."
    if type_ not in TypeLieu.codes():
        errors["lieu"] = f"Type de lieu inconnu « {type_} »."
    if errors:
        return None
    lieu = Lieu(structure_id=profile.structure_id, nom=nom, type=type_, adresse=data.get("adresse") or None,
                code_postal=data.get("code_postal") or None, commune=data.get("commune") or None)
    s.add(lieu)
    return lieu


def start_permanence(profile: Profile, *, lieu_id: str | None = None, nouveau_lieu: SaisieLieu | None = None,
                     date: Any = None, heure_debut: Any = None, heure_fin: Any = None,
                     conseiller_ids: Iterable[str] | None = None, commentaire: str | None = None) -> Permanence:
    """Open a permanence at an existing lieu or at a new one (``nouveau_lieu`` = nom, type, adresse…)."""
    errors: dict[str, str] = {}
    try:
        jour = parse_date(date) or aujourdhui(profile)
    except ValueError as exc:
        errors["date"] = str(exc)
        jour = aujourdhui(profile)
    debut = _time(heure_debut, "Début", errors, "heure_debut")
    fin = _time(heure_fin, "Fin", errors, "heure_fin")
    if debut and fin and fin <= debut:
        errors["heure_fin"] = "L'heure de fin doit suivre l'heure de début."
    conseillers = list(dict.fromkeys(conseiller_ids or [profile.user_id]))
    with profile.session() as s:
        if lieu_id:
            lieu = s.get(Lieu, lieu_id)
            if lieu is None or lieu.deleted:
                errors["lieu"] = "Ce lieu n'existe pas (ou plus)."
        elif nouveau_lieu:
            lieu = _new_lieu(s, profile, nouveau_lieu, errors)
        else:
            errors["lieu"] = "Choisissez le lieu de la permanence."
        unknown = [u for u in conseillers if (user := s.get(Utilisateur, u)) is None or user.deleted]
        if unknown:
            errors["conseillers"] = "Un des conseillers choisis n'existe pas (ou plus)."
        if errors:
            raise UserError("Permanence non créée : " + " ; ".join(errors.values()))
        perm = Permanence(structure_id=profile.structure_id, lieu_id=lieu.id, date=jour, heure_debut=debut,
                          heure_fin=fin, commentaire=(commentaire or "").strip() or None)
        s.add(perm)
        s.add_all(PermanenceConseiller(permanence_id=perm.id, utilisateur_id=u) for u in conseillers)
        s.commit()
        return perm


def _permanence(s, permanence_id: str) -> Permanence:
    return alive(s, Permanence, permanence_id, "Cette permanence n'existe pas (ou plus).")


def _actualite(profile: Profile, perm: Permanence, jeune_id: str, motif: str | None, type_: str) -> Actualite:
    """The contact made at the permanence; refused (nothing written) at a permanence that has not taken place
    yet: planning one ahead is fine, a contact is noted on the day (domain.plausibilite)."""
    message = presence_future(perm.date, aujourdhui(profile), quoi="La permanence", note="un contact s'y note")
    if message:
        raise UserError(message)
    return Actualite(jeune_id=jeune_id, date=perm.date, conseiller_id=profile.user_id, lieu_id=perm.lieu_id,
                     type=type_, modalite=Modalite.SUR_PLACE, note=(motif or "").strip() or None,
                     permanence_id=perm.id)


def quick_capture(profile: Profile, permanence_id: str, *, prenom: str, nom: str, telephone: str | None = None,
                  quartier: str | None = None, motif: str | None = None,
                  type_actualite: str = TypeActualite.ENTRETIEN_INDIVIDUEL,
                  doublon_confirme: bool = False) -> tuple[Jeune, Actualite]:
    """A new contact met at the permanence: a dossier (first welcomed that day, to complete later) and an
    actualité at the permanence's lieu, in one transaction. ``quartier`` goes to the QPV name, to be checked
    against the QPV list when the file is completed; ``motif`` is the actualité's note. A contact that may
    already have a dossier raises ``DoublonPossibleErreur`` (nothing saved; link the existing dossier with
    :func:`link_jeune`) unless the user confirmed it is someone else (``doublon_confirme``)."""
    values = clean({"prenoms": prenom, "nom_naissance": nom, "telephone": telephone, "qpv_nom": quartier})
    verdict = check(values)
    if not verdict.ok:
        raise DossierInvalide(verdict)
    with profile.session() as s:
        perm = _permanence(s, permanence_id)
        if not doublon_confirme:
            refuse_twin(s, identite(values.get("nom_naissance"), values.get("prenoms"),
                                    telephone=values.get("telephone")))
        jeune = Jeune(structure_id=profile.structure_id, referent_id=profile.user_id, date_premier_accueil=perm.date,
                      date_dernier_contact=min(perm.date, aujourdhui(profile)), **values)
        s.add(jeune)
        actualite = _actualite(profile, perm, jeune.id, motif, type_actualite)
        s.add(actualite)
        s.commit()
        return jeune, actualite


def link_jeune(profile: Profile, permanence_id: str, jeune_id: str, *, motif: str | None = None,
               type_actualite: str = TypeActualite.ENTRETIEN_INDIVIDUEL) -> Actualite:
    """A known jeune met at the permanence: an actualité at its lieu (once per jeune and permanence)."""
    with profile.session() as s:
        perm = _permanence(s, permanence_id)
        jeune = alive(s, Jeune, jeune_id, "Ce dossier jeune n'existe pas (ou plus) sur ce poste.")
        existing = s.scalars(select(Actualite).where(
            Actualite.permanence_id == perm.id, Actualite.jeune_id == jeune_id, vivant(Actualite)
        )).first()
        if existing is not None:
            return existing
        actualite = _actualite(profile, perm, jeune_id, motif, type_actualite)
        s.add(actualite)
        if perm.date <= aujourdhui(profile) and (jeune.date_dernier_contact is None or perm.date > jeune.date_dernier_contact):
            jeune.date_dernier_contact = perm.date
        s.commit()
        return actualite


def bilan(profile: Profile, permanence_id: str) -> Bilan:
    """The contacts of a permanence (in capture order) and the tally of new and known jeunes."""
    with profile.session() as s:
        perm = _permanence(s, permanence_id)
        rows = s.execute(
            select(Actualite.id, Jeune).join(Jeune, Jeune.id == Actualite.jeune_id)
            .where(Actualite.permanence_id == perm.id, vivant(Actualite))
            .order_by(Actualite.created_at)
        ).all()
    contacts = [
        ContactPermanence(j.id, actualite_id, j.nom_affiche, j.prenoms,
                          nouveau=j.date_premier_accueil is not None and j.date_premier_accueil >= perm.date)
        for actualite_id, j in rows
    ]
    return Bilan(contacts)
