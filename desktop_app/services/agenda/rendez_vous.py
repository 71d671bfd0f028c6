"""Rendez-vous (issue 15): plan one with a jeune, or a collective session with several, offline like any record.

:func:`planifier` is the one entry point every feature uses to plan a rendez-vous (the agenda, the dossier, the end
of an entretien, a repérage entry, an employment event's invitations): the rules of
:mod:`desktop_app.domain.agenda` apply to all of them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Jeune, Lieu, Partenaire, RendezVous, RendezVousParticipant, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.agenda import chevauche, erreurs_creneau
from desktop_app.domain.enums import StatutRendezVous, TypeLieuRendezVous
from desktop_app.domain.saisie import SaisieInvalide, code_field, date_field, text_field, time_field
from desktop_app.security.permissions import exiger
from desktop_app.services.agenda.saisies import SaisieRendezVous
from desktop_app.services.securite.journal import noter_modification
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

PREFIXE = "Le rendez-vous n'a pas été enregistré"


@dataclass(frozen=True)
class Planifie:
    """A stored rendez-vous and the warnings of its slot (another rendez-vous of the conseiller at that time:
    a warning, never a block)."""
    id: str
    avertissements: list[str]


def _valeurs(s, profile: Profile, data: SaisieRendezVous, today: dt.date) -> dict:
    errors: dict[str, str] = {}
    jour = date_field(data.get("date"), "date", errors, label="La date", required=True)
    debut = time_field(data.get("heure_debut"), "heure_debut", errors, label="L'heure de début")
    fin = time_field(data.get("heure_fin"), "heure_fin", errors, label="L'heure de fin")
    if debut is None and "heure_debut" not in errors:
        errors["heure_debut"] = "L'heure de début est obligatoire."
    if fin is None and "heure_fin" not in errors:
        errors["heure_fin"] = "L'heure de fin est obligatoire."
    errors.update({k: v for k, v in erreurs_creneau(jour, debut, fin, today).items() if k not in errors})
    type_lieu = code_field(data.get("type_lieu") or TypeLieuRendezVous.AGENCE, TypeLieuRendezVous, "type_lieu",
                           errors, label="Le lieu")
    conseiller_id = data.get("conseiller_id") or profile.user_id
    conseiller = s.get(Utilisateur, conseiller_id)
    if conseiller is None or conseiller.deleted:
        errors["conseiller_id"] = "Ce conseiller n'existe pas (ou plus) sur ce poste."
    jeune_ids = list(dict.fromkeys(data.get("jeune_ids") or []))
    if not jeune_ids:
        errors["jeune_ids"] = "Choisissez le jeune attendu au rendez-vous."
    for jeune_id in jeune_ids:
        jeune = s.get(Jeune, jeune_id)
        if jeune is None or jeune.deleted:
            errors["jeune_ids"] = "Un des jeunes choisis n'existe pas (ou plus) sur ce poste."
    for name, model, message in (("lieu_id", Lieu, "Ce lieu n'existe pas (ou plus) sur ce poste."),
                                 ("partenaire_id", Partenaire, "Ce partenaire n'existe pas (ou plus) sur ce poste.")):
        ref = data.get(name)  # type: ignore[misc]
        if ref and (s.get(model, ref) is None or s.get(model, ref).deleted):
            errors[name] = message
    if errors:
        raise SaisieInvalide(errors, PREFIXE)
    values = {"date": jour, "heure_debut": debut, "heure_fin": fin, "type_lieu": type_lieu,
              "conseiller_id": conseiller_id, "lieu_id": data.get("lieu_id") or None,
              "partenaire_id": data.get("partenaire_id") or None, "collectif": len(jeune_ids) > 1}
    for name in ("lieu_precision", "objet", "intitule", "a_apporter", "note"):
        values[name] = text_field(data.get(name))  # type: ignore[misc]
    return {"values": values, "jeune_ids": jeune_ids}


def conflits(s, conseiller_id: str, jour: dt.date, debut: dt.time, fin: dt.time, *,
             sauf: str | None = None) -> list[RendezVous]:
    """The conseiller's other planned rendez-vous of ``jour`` overlapping the slot."""
    rows = s.scalars(select(RendezVous).where(
        vivant(RendezVous), RendezVous.conseiller_id == conseiller_id, RendezVous.date == jour,
        RendezVous.statut == StatutRendezVous.PREVU.value, RendezVous.id != (sauf or "")))
    return [r for r in rows if chevauche(debut, fin, r.heure_debut, r.heure_fin)]


def planifier(profile: Profile, data: SaisieRendezVous) -> Planifie:
    """Store a new rendez-vous (status « Prévu ») with its jeunes; French :class:`SaisieInvalide` per field."""
    exiger(profile, "timeline.modifier")
    with profile.session() as s:
        checked = _valeurs(s, profile, data, aujourdhui(profile))
        values = checked["values"]
        autres = conflits(s, values["conseiller_id"], values["date"], values["heure_debut"], values["heure_fin"])
        rdv = RendezVous(structure_id=profile.structure_id, statut=StatutRendezVous.PREVU.value, **values)
        s.add(rdv)
        s.flush()
        for jeune_id in checked["jeune_ids"]:
            s.add(RendezVousParticipant(rendez_vous_id=rdv.id, jeune_id=jeune_id))
        noter_modification(s, profile, checked["jeune_ids"], "rendez-vous")
        s.commit()
        avertissements = [f"Attention : un autre rendez-vous est prévu de {r.heure_debut:%H:%M} à "
                          f"{r.heure_fin:%H:%M} ce jour-là." for r in autres]
        return Planifie(rdv.id, avertissements)
