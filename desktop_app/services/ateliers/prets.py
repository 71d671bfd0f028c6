"""Prêts of the plate-forme mobilité: items lent to jeunes, loans with deposit and condition out/in, overdue.

Mistakes are corrected, never hard-deleted (the sync layer refuses hard deletes): a loan is corrected
(:func:`corriger_pret`: objet, borrower, dates, deposit, conditions, its return) or cancelled (:func:`annuler_pret`,
a tombstone: the item is available again); a return recorded on the wrong loan is undone (:func:`annuler_retour`);
an item leaving the fleet is retired (:func:`set_objet_actif`: no longer lent, its loans kept)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Jeune, ObjetPret, Pret
from desktop_app.db.queries import vivant, vivants
from desktop_app.domain.enums import EtatObjet, TypeObjetPret
from desktop_app.domain.errors import UserError
from desktop_app.security.permissions import exiger
from desktop_app.domain.saisie import SaisieInvalide, code_field, date_field, montant_centimes, raise_if, text_field
from desktop_app.services.securite.journal import noter_modification
from desktop_app.services.enregistrements import alive, creer_ou_modifier
from desktop_app.services.ateliers.saisies import SaisieObjet, SaisiePret
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


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


def save_objet(profile: Profile, values: SaisieObjet, *, objet_id: str | None = None) -> ObjetPret:
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
        return creer_ou_modifier(s, ObjetPret, objet_id, v, structure_id=profile.structure_id,
                                 absent="Cet objet n'existe pas (ou plus).")


def list_objets(profile: Profile) -> list[tuple[ObjetPret, bool]]:
    """Every item with whether it may be lent now (in the fleet, not hors service, not out on a loan); the items
    retired from the fleet (``actif`` False) come last."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        out = set(s.scalars(select(Pret.objet_id).where(vivant(Pret), Pret.date_retour == None)))  # noqa: E711
        objets = s.scalars(vivants(ObjetPret).order_by(ObjetPret.libelle))
        rows = [(o, o.id not in out and o.actif and o.etat != EtatObjet.HORS_SERVICE) for o in objets]
        return sorted(rows, key=lambda row: not row[0].actif)  # the retired ones last


def _en_cours(s, objet_id: str, *, sauf: str | None = None) -> Pret | None:
    """The loan of ``objet_id`` not yet returned (``sauf``: a loan not to count)."""
    query = select(Pret).where(Pret.objet_id == objet_id, vivant(Pret),
                               Pret.date_retour == None)  # noqa: E711
    if sauf:
        query = query.where(Pret.id != sauf)
    return s.scalars(query).first()


def _indisponible(s, objet: ObjetPret, *, sauf: str | None = None) -> str:
    """Why ``objet`` cannot go out on a loan now ("" if it can)."""
    if not objet.actif:
        return "Cet objet a été retiré du parc."
    if objet.etat == EtatObjet.HORS_SERVICE:
        return "Cet objet est hors service."
    busy = _en_cours(s, objet.id, sauf=sauf)
    if busy is not None:
        return f"Cet objet est déjà prêté (retour prévu le {busy.date_fin_prevue.strftime('%d/%m/%Y')})."
    return ""


def _alive(s, model, record_id: str | None, message: str):
    record = s.get(model, record_id) if record_id else None
    if record is None or record.deleted:
        raise UserError(message)
    return record


def _nom(objet: ObjetPret) -> str:
    return objet.libelle + (f" ({objet.reference})" if objet.reference else "")


def set_objet_actif(profile: Profile, objet_id: str, actif: bool) -> ObjetPret:
    """Retire an item from the fleet (sold, stolen, scrapped: no longer lent, its past loans kept) or put it
    back. An item out on a loan comes back first."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        objet = _alive(s, ObjetPret, objet_id, "Cet objet n'existe pas (ou plus).")
        if not actif and objet.actif:
            busy = _en_cours(s, objet.id)
            if busy is not None:
                raise UserError(f"« {_nom(objet)} » est prêté jusqu'au {busy.date_fin_prevue:%d/%m/%Y} : "
                                "enregistrez d'abord son retour, puis retirez-le du parc.")
        if bool(objet.actif) != bool(actif):
            objet.actif = bool(actif)
        s.commit()
        return objet


def start_pret(profile: Profile, values: SaisiePret) -> Pret:
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
        refus = _indisponible(s, objet)
        if refus:
            raise SaisieInvalide({"objet_id": refus}, "Prêt non enregistré")
        jeune = s.get(Jeune, values["jeune_id"])
        if jeune is None or jeune.deleted:
            raise SaisieInvalide({"jeune_id": "Ce dossier jeune n'existe pas (ou plus)."}, "Prêt non enregistré")
        record = Pret(objet_id=objet.id, jeune_id=jeune.id, date_debut=debut, date_fin_prevue=fin,
                      caution_centimes=caution or 0, etat_depart=etat)
        s.add(record)
        noter_modification(s, profile, [jeune.id], "prêt mobilité")
        s.commit()
        return record


def return_pret(profile: Profile, pret_id: str, *, date_retour: Any, etat_retour: str | None = None,
                caution_rendue: bool = True) -> Pret:
    """The item came back: date (not before the start), condition; the item's condition follows."""
    exiger(profile, "mobilite.modifier")
    errors: dict[str, str] = {}
    retour = date_field(date_retour, "date_retour", errors, label="La date de retour", required=True)
    etat = code_field(etat_retour, EtatObjet, "etat_retour", errors, label="L'état au retour")
    with profile.session() as s:
        pret = alive(s, Pret, pret_id, "Ce prêt n'existe pas (ou plus).")
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


def corriger_pret(profile: Profile, pret_id: str, values: SaisiePret) -> Pret:
    """Correct a loan entered by mistake: the objet, the borrower (``jeune_id``), the dates, the deposit
    (``caution`` in euros), the condition at departure; once returned, the return too (``date_retour``,
    ``etat_retour``, ``caution_rendue``). A key left out keeps what is stored. Same rules as
    :func:`start_pret` and :func:`return_pret`; an objet put on a loan still in progress must be available.
    « modifie » in the access log of the borrower (both, when the borrower changes)."""
    exiger(profile, "mobilite.modifier")
    errors: dict[str, str] = {}
    with profile.session() as s:
        pret = _alive(s, Pret, pret_id, "Ce prêt n'existe pas (ou a été annulé).")

        def given(name: str, stored: Any) -> Any:
            return values[name] if name in values else stored

        debut = date_field(given("date_debut", pret.date_debut), "date_debut", errors, label="La date de début",
                           required=True)
        fin = date_field(given("date_fin_prevue", pret.date_fin_prevue), "date_fin_prevue", errors,
                         label="La date de fin prévue", required=True)
        caution = montant_centimes(given("caution", pret.caution_centimes) or "0", "caution", errors,
                                   label="La caution")
        etat = code_field(given("etat_depart", pret.etat_depart), EtatObjet, "etat_depart", errors,
                          label="L'état au départ")
        if debut and fin and fin < debut:
            errors["date_fin_prevue"] = "La fin du prêt ne peut pas être avant son début."
        objet_id, jeune_id = given("objet_id", pret.objet_id), given("jeune_id", pret.jeune_id)
        if not objet_id:
            errors["objet_id"] = "Choisissez l'objet prêté."
        if not jeune_id:
            errors["jeune_id"] = "Choisissez l'emprunteur."
        retour = _retour_corrige(pret, values, given, debut, errors)
        _check_objet_et_jeune(s, pret, objet_id, jeune_id, debut, retour, errors)
        raise_if(errors, "Prêt non modifié")
        ancien_jeune, ancien_etat_retour = pret.jeune_id, pret.etat_retour
        for name, value in {"objet_id": objet_id, "jeune_id": jeune_id, "date_debut": debut, "date_fin_prevue": fin,
                            "caution_centimes": caution or 0, "etat_depart": etat, **retour}.items():
            if getattr(pret, name) != value:
                setattr(pret, name, value)
        if retour and retour["etat_retour"] != ancien_etat_retour:
            _etat_suit_le_retour(s, pret, ancien_etat_retour, retour["etat_retour"])
        noter_modification(s, profile, [ancien_jeune, jeune_id], "prêt mobilité corrigé")
        s.commit()
        return pret


def _retour_corrige(pret: Pret, values: SaisiePret, given: Callable[[str, Any], Any], debut: Any,
                    errors: dict[str, str]) -> dict[str, Any]:
    """The corrected return of a returned loan ({} for a loan in progress, which cannot get one here)."""
    if pret.date_retour is not None:
        rendu = date_field(given("date_retour", pret.date_retour), "date_retour", errors,
                           label="La date de retour", required=True)
        if rendu and debut and rendu < debut:
            errors["date_retour"] = "Le retour ne peut pas être avant le début du prêt."
        return {"date_retour": rendu,
                "etat_retour": code_field(given("etat_retour", pret.etat_retour), EtatObjet, "etat_retour",
                                          errors, label="L'état au retour"),
                "caution_rendue": bool(given("caution_rendue", pret.caution_rendue))}
    if values.get("date_retour") or values.get("etat_retour"):
        errors["date_retour"] = ("Ce prêt est en cours : enregistrez son retour avec « Retour de l'objet "
                                 "sélectionné ».")
    return {}


def _check_objet_et_jeune(s, pret: Pret, objet_id: str | None, jeune_id: str | None, debut: Any,
                          retour: dict[str, Any], errors: dict[str, str]) -> None:
    """The corrected objet exists and is free over the loan's dates; the corrected borrower exists."""
    if objet_id and objet_id != pret.objet_id:
        objet = s.get(ObjetPret, objet_id)
        if objet is None or objet.deleted:
            errors["objet_id"] = "Cet objet n'existe pas (ou plus)."
        elif pret.date_retour is None and _indisponible(s, objet, sauf=pret.id):
            errors["objet_id"] = _indisponible(s, objet, sauf=pret.id)
    if debut and objet_id and "objet_id" not in errors and not (retour and retour["date_retour"] is None):
        autre = _chevauchement(s, objet_id, debut, retour["date_retour"] if retour else None, sauf=pret.id)
        if autre:
            key = "objet_id" if objet_id != pret.objet_id else "date_retour" if retour else "date_debut"
            errors[key] = autre
    if jeune_id and jeune_id != pret.jeune_id:
        jeune = s.get(Jeune, jeune_id)
        if jeune is None or jeune.deleted:
            errors["jeune_id"] = "Ce dossier jeune n'existe pas (ou plus)."


def _chevauchement(s, objet_id: str, debut, retour, *, sauf: str) -> str:
    """Why a loan of ``objet_id`` from ``debut`` to ``retour`` (None: not back) would overlap another loan of
    the same item ("" if it does not); an item back on a day may go out again that same day."""
    fin = retour or dt.date.max
    for autre, jeune in s.execute(select(Pret, Jeune).join(Jeune, Jeune.id == Pret.jeune_id).where(
            Pret.objet_id == objet_id, Pret.id != sauf, vivant(Pret))
            .order_by(Pret.date_debut)).all():
        if autre.date_debut < fin and debut < (autre.date_retour or dt.date.max):
            periode = (f"du {autre.date_debut:%d/%m/%Y} au {autre.date_retour:%d/%m/%Y}" if autre.date_retour
                       else f"depuis le {autre.date_debut:%d/%m/%Y}")
            return (f"Cet objet était prêté à {jeune.prenoms} {jeune.nom_usage or jeune.nom_naissance} {periode} : "
                    "les dates se chevauchent.")
    return ""


def _etat_suit_le_retour(s, pret: Pret, avant: str | None, apres: str | None) -> None:
    """The item's condition was set from this return: it follows the correction, unless the item went out
    again since or its condition was changed by hand."""
    objet = s.get(ObjetPret, pret.objet_id)
    plus_tard = s.scalars(select(Pret.id).where(Pret.objet_id == pret.objet_id, Pret.id != pret.id,
                                                vivant(Pret),
                                                Pret.date_debut >= pret.date_debut)).first()
    if objet is not None and plus_tard is None and objet.etat == (avant or objet.etat) and apres \
            and objet.etat != apres:
        objet.etat = apres


def annuler_retour(profile: Profile, pret_id: str) -> Pret:
    """A return recorded on the wrong loan: the loan is in progress again (no return date, condition or deposit
    given back); the item's condition goes back to its condition at departure. Refused when the item has gone
    out on another loan since (even one already back), or has been retired from the fleet."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        pret = _alive(s, Pret, pret_id, "Ce prêt n'existe pas (ou a été annulé).")
        if pret.date_retour is None:
            raise UserError("Ce prêt est déjà en cours : il n'y a pas de retour à annuler.")
        objet = s.get(ObjetPret, pret.objet_id)
        since = _en_cours(s, pret.objet_id, sauf=pret.id) or s.scalars(  # out again since (even back already)
            select(Pret).where(Pret.objet_id == pret.objet_id, Pret.id != pret.id, vivant(Pret),
                               Pret.date_debut >= pret.date_debut).order_by(Pret.date_debut)).first()
        if since is not None:
            raise UserError(f"« {_nom(objet)} » a été prêté de nouveau le {since.date_debut:%d/%m/%Y} : ce retour ne "
                            "peut plus être annulé (corrigez plutôt sa date).")
        if objet is not None and not objet.actif:
            raise UserError(f"« {_nom(objet)} » a été retiré du parc : remettez-le d'abord dans le parc.")
        if objet is not None and pret.etat_depart and pret.etat_retour and objet.etat == pret.etat_retour \
                and objet.etat != pret.etat_depart:
            objet.etat = pret.etat_depart
        pret.date_retour = None
        if pret.etat_retour is not None:
            pret.etat_retour = None
        if pret.caution_rendue:
            pret.caution_rendue = False
        noter_modification(s, profile, [pret.jeune_id], "retour d'un prêt mobilité annulé")
        s.commit()
        return pret


def annuler_pret(profile: Profile, pret_id: str) -> None:
    """Cancel a loan entered by mistake: a tombstone (it travels to the other devices); the item is available
    again and the loan leaves the lists, the overdue ones and the exports."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        pret = _alive(s, Pret, pret_id, "Ce prêt n'existe pas (ou a déjà été annulé).")
        pret.deleted = True
        noter_modification(s, profile, [pret.jeune_id], "prêt mobilité annulé")
        s.commit()


def list_prets(profile: Profile, *, en_cours: bool = False) -> list[PretLigne]:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        query = (select(Pret, ObjetPret, Jeune).join(ObjetPret, ObjetPret.id == Pret.objet_id)
                 .join(Jeune, Jeune.id == Pret.jeune_id).where(vivant(Pret))
                 .order_by(Pret.date_debut.desc()))
        if en_cours:
            query = query.where(Pret.date_retour == None)  # noqa: E711
        return [PretLigne(p.id, o.id, o.libelle + (f" ({o.reference})" if o.reference else ""), j.id,
                          f"{j.prenoms} {j.nom_usage or j.nom_naissance}", p.date_debut, p.date_fin_prevue,
                          p.date_retour, p.caution_centimes, p.caution_rendue, p.etat_depart, p.etat_retour)
                for p, o, j in s.execute(query).all()]


def overdue(profile: Profile, today: dt.date | None = None) -> list[PretLigne]:
    """Loans not returned whose planned end is past, the longest overdue first."""
    today = today or aujourdhui(profile)
    return sorted((p for p in list_prets(profile, en_cours=True) if p.en_retard(today)),
                  key=lambda p: p.date_fin_prevue)
