"""Prêts of the plate-forme mobilité: items lent to jeunes, loans with deposit and condition out/in, overdue."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop_app.db.models import Jeune, ObjetPret, Pret
from desktop_app.domain.enums import EtatObjet, TypeObjetPret
from desktop_app.security.permissions import exiger
from desktop_app.services.errors import UserError
from desktop_app.services.mobilite_saisie import (
    SaisieInvalide,
    code_field,
    date_field,
    montant_centimes,
    noter_modification,
    raise_if,
    text_field,
)


@dataclass(frozen=True)
class PretLigne:
    id: str
    objet_id: str
    objet: str
    jeune_id: str
    jeune: str
    date_debut: dt.date
    date_fin_prevue: dt.date
    date_retour: dt.date | None
    caution_centimes: int
    caution_rendue: bool
    etat_depart: str | None
    etat_retour: str | None

    def en_retard(self, today: dt.date) -> bool:
        return self.date_retour is None and self.date_fin_prevue < today

    def jours_de_retard(self, today: dt.date) -> int:
        return (today - self.date_fin_prevue).days if self.en_retard(today) else 0


def save_objet(profile, values: Mapping[str, Any], *, objet_id: str | None = None) -> ObjetPret:
    exiger(profile, "mobilite.modifier")
    errors: dict[str, str] = {}
    v = {"type": code_field(values.get("type"), TypeObjetPret, "type", errors, label="Le type", required=True),
         "libelle": text_field(values.get("libelle")), "reference": text_field(values.get("reference")),
         "etat": code_field(values.get("etat") or EtatObjet.BON, EtatObjet, "etat", errors, label="L'état",
                            required=True)}
    if not v["libelle"]:
        errors["libelle"] = "Le libellé de l'objet est obligatoire."
    raise_if(errors, "Objet non enregistré")
    with profile.session() as s:
        if objet_id:
            record = s.get(ObjetPret, objet_id)
            if record is None or record.deleted:
                raise UserError("Cet objet n'existe pas (ou plus).")
            for name, value in v.items():
                if getattr(record, name) != value:
                    setattr(record, name, value)
        else:
            record = ObjetPret(structure_id=profile.structure_id, **v)
            s.add(record)
        s.commit()
        return record


def list_objets(profile) -> list[tuple[ObjetPret, bool]]:
    """Every item with whether it is available (not out on a loan)."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        out = set(s.scalars(select(Pret.objet_id).where(Pret.deleted == False, Pret.date_retour == None)))  # noqa: E711,E712
        objets = s.scalars(select(ObjetPret).where(ObjetPret.deleted == False).order_by(ObjetPret.libelle))  # noqa: E712
        return [(o, o.id not in out and o.actif and o.etat != EtatObjet.HORS_SERVICE) for o in objets]


def start_pret(profile, values: Mapping[str, Any]) -> Pret:
    """Lend an item: dates in order, deposit ≥ 0, the item available."""
    exiger(profile, "mobilite.modifier")
    errors: dict[str, str] = {}
    debut = date_field(values.get("date_debut"), "date_debut", errors, label="La date de début", required=True)
    fin = date_field(values.get("date_fin_prevue"), "date_fin_prevue", errors, label="La date de fin prévue",
                     required=True)
    caution = montant_centimes(values.get("caution") or "0", "caution", errors, label="La caution")
    etat = code_field(values.get("etat_depart") or EtatObjet.BON, EtatObjet, "etat_depart", errors,
                      label="L'état au départ")
    if debut and fin and fin < debut:
        errors["date_fin_prevue"] = "La fin du prêt ne peut pas être avant son début."
    if not values.get("objet_id"):
        errors["objet_id"] = "Choisissez l'objet prêté."
    if not values.get("jeune_id"):
        errors["jeune_id"] = "Choisissez l'emprunteur."
    raise_if(errors, "Prêt non enregistré")
    with profile.session() as s:
        objet = s.get(ObjetPret, values["objet_id"])
        if objet is None or objet.deleted:
            raise SaisieInvalide({"objet_id": "Cet objet n'existe pas (ou plus)."}, "Prêt non enregistré")
        if objet.etat == EtatObjet.HORS_SERVICE:
            raise SaisieInvalide({"objet_id": "Cet objet est hors service."}, "Prêt non enregistré")
        busy = s.scalars(select(Pret).where(Pret.objet_id == objet.id, Pret.deleted == False,  # noqa: E712
                                            Pret.date_retour == None)).first()  # noqa: E711
        if busy is not None:
            raise SaisieInvalide({"objet_id": f"Cet objet est déjà prêté (retour prévu le "
                                              f"{busy.date_fin_prevue.strftime('%d/%m/%Y')})."}, "Prêt non enregistré")
        jeune = s.get(Jeune, values["jeune_id"])
        if jeune is None or jeune.deleted:
            raise SaisieInvalide({"jeune_id": "Ce dossier jeune n'existe pas (ou plus)."}, "Prêt non enregistré")
        record = Pret(objet_id=objet.id, jeune_id=jeune.id, date_debut=debut, date_fin_prevue=fin,
                      caution_centimes=caution or 0, etat_depart=etat)
        s.add(record)
        noter_modification(s, profile, [jeune.id], "prêt mobilité")
        s.commit()
        return record


def return_pret(profile, pret_id: str, *, date_retour: Any, etat_retour: str | None = None,
                caution_rendue: bool = True) -> Pret:
    """The item came back: date (not before the start), condition; the item's condition follows."""
    exiger(profile, "mobilite.modifier")
    errors: dict[str, str] = {}
    retour = date_field(date_retour, "date_retour", errors, label="La date de retour", required=True)
    etat = code_field(etat_retour, EtatObjet, "etat_retour", errors, label="L'état au retour")
    with profile.session() as s:
        pret = s.get(Pret, pret_id)
        if pret is None or pret.deleted:
            raise UserError("Ce prêt n'existe pas (ou plus).")
        if pret.date_retour is not None:
            raise UserError(f"Cet objet a déjà été rendu le {pret.date_retour.strftime('%d/%m/%Y')}.")
        if retour and retour < pret.date_debut:
            errors["date_retour"] = "Le retour ne peut pas être avant le début du prêt."
        raise_if(errors, "Retour non enregistré")
        pret.date_retour, pret.etat_retour, pret.caution_rendue = retour, etat, bool(caution_rendue)
        objet = s.get(ObjetPret, pret.objet_id)
        if etat and objet.etat != etat:
            objet.etat = etat
        noter_modification(s, profile, [pret.jeune_id], "retour d'un prêt mobilité")
        s.commit()
        return pret


def list_prets(profile, *, en_cours: bool = False) -> list[PretLigne]:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        query = (select(Pret, ObjetPret, Jeune).join(ObjetPret, ObjetPret.id == Pret.objet_id)
                 .join(Jeune, Jeune.id == Pret.jeune_id).where(Pret.deleted == False)  # noqa: E712
                 .order_by(Pret.date_debut.desc()))
        if en_cours:
            query = query.where(Pret.date_retour == None)  # noqa: E711
        return [PretLigne(p.id, o.id, o.libelle + (f" ({o.reference})" if o.reference else ""), j.id,
                          f"{j.prenoms} {j.nom_usage or j.nom_naissance}", p.date_debut, p.date_fin_prevue,
                          p.date_retour, p.caution_centimes, p.caution_rendue, p.etat_depart, p.etat_retour)
                for p, o, j in s.execute(query).all()]


def overdue(profile, today: dt.date | None = None) -> list[PretLigne]:
    """Loans not returned whose planned end is past, the longest overdue first."""
    today = today or dt.date.today()
    return sorted((p for p in list_prets(profile, en_cours=True) if p.en_retard(today)),
                  key=lambda p: p.date_fin_prevue)
