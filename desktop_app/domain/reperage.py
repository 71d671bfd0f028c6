"""Repérage (« aller vers », issue 17): sources of the lists, statuses of an entry and the moves between them,
channels and outcomes of a contact try, and the check of a typed or imported entry — pure, no DB, no Qt.

An entry is worked as a contact queue: « À contacter » until a first try, then « Tentative » while nobody
answers; « Joint·e » once the person was reached; « Rendez-vous fixé » (a rendez-vous in the agenda, which needs
a dossier), « Venu·e » (the dossier's premier accueil); or closed as « Injoignable », « Refus », « Déjà suivi·e »
(linked to an existing dossier). A closed entry may be reopened when the person finally answers (a later try).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from desktop_app.domain.labels import LabelledEnum
from desktop_app.domain.validation import normalize_phone, parse_date

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SourceReperage(LabelledEnum):
    MGI_CIO = ("mgi_cio", "MGI / CIO (décrochage scolaire)")
    JDC = ("jdc", "JDC (Journée défense et citoyenneté)")
    PJJ = ("pjj", "PJJ")
    PENITENTIAIRE = ("penitentiaire", "Établissement pénitentiaire")
    PREVENTION = ("prevention", "Éducateurs / prévention spécialisée")
    ADULTES_RELAIS = ("adultes_relais", "Adultes-relais")
    CENTRE_SOCIAL = ("centre_social", "Centre social")
    CLUB = ("club", "Club")
    AUTRE = ("autre", "Autre partenaire")


class StatutEntree(LabelledEnum):
    A_CONTACTER = ("a_contacter", "À contacter")
    TENTATIVE = ("tentative", "Tentative")
    JOINT = ("joint", "Joint·e")
    RDV_FIXE = ("rdv_fixe", "Rendez-vous fixé")
    VENU = ("venu", "Venu·e")
    INJOIGNABLE = ("injoignable", "Injoignable")
    REFUS = ("refus", "Refus")
    DEJA_SUIVI = ("deja_suivi", "Déjà suivi·e")


class CanalContact(LabelledEnum):
    TELEPHONE = ("telephone", "Téléphone")
    SMS = ("sms", "SMS")
    EMAIL = ("email", "E-mail")
    COURRIER = ("courrier", "Courrier")
    VISITE = ("visite", "Visite")
    PARTENAIRE = ("partenaire", "Via le partenaire")


class ResultatTentative(LabelledEnum):
    SANS_REPONSE = ("sans_reponse", "Pas de réponse")
    MESSAGE = ("message", "Message laissé")
    JOINT = ("joint", "Joint·e")
    ERRONE = ("errone", "Coordonnées erronées")
    REFUS = ("refus", "Refus")


S = StatutEntree
# Where an entry may go from each status (a try « without answer » keeps À contacter → Tentative).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.A_CONTACTER: frozenset({S.TENTATIVE, S.JOINT, S.RDV_FIXE, S.VENU, S.INJOIGNABLE, S.REFUS, S.DEJA_SUIVI}),
    S.TENTATIVE: frozenset({S.JOINT, S.RDV_FIXE, S.VENU, S.INJOIGNABLE, S.REFUS, S.DEJA_SUIVI}),
    S.JOINT: frozenset({S.RDV_FIXE, S.VENU, S.REFUS, S.DEJA_SUIVI}),
    S.RDV_FIXE: frozenset({S.VENU, S.JOINT, S.INJOIGNABLE, S.REFUS}),
    S.INJOIGNABLE: frozenset({S.TENTATIVE, S.JOINT, S.RDV_FIXE, S.VENU, S.REFUS, S.DEJA_SUIVI}),
    S.REFUS: frozenset({S.JOINT, S.RDV_FIXE, S.VENU}),
    S.VENU: frozenset(),
    S.DEJA_SUIVI: frozenset({S.A_CONTACTER}),  # a wrong match undone
}
# Statuses where the person was reached (indicators « joints »), where the entry is still to work (the queue),
# and those an entry never reached is purged from after the retention period (CNIL: they did not come).
JOINTS = frozenset({S.JOINT, S.RDV_FIXE, S.VENU, S.REFUS})
A_TRAVAILLER = frozenset({S.A_CONTACTER, S.TENTATIVE})
PURGEABLES = frozenset({S.A_CONTACTER, S.TENTATIVE, S.INJOIGNABLE, S.REFUS})
RETENTION_MOIS_DEFAUT = 6
ACCOMPAGNE_APRES_JOURS = 90  # « accompagné·e trois mois après » : an actualité ≥ 90 days after the premier accueil


def transition_possible(depuis: str, vers: str) -> bool:
    return vers in TRANSITIONS.get(depuis, frozenset())


def erreur_transition(depuis: str, vers: str) -> str | None:
    """The French reason a status change is refused, or None."""
    if depuis == vers or transition_possible(depuis, vers):
        return None
    if not TRANSITIONS.get(depuis):
        return (f"L'entrée est « {StatutEntree.label_of(depuis)} » : son statut ne change plus "
                "(le dossier du jeune prend le relais).")
    return f"Passer de « {StatutEntree.label_of(depuis)} » à « {StatutEntree.label_of(vers)} » n'est pas possible."


def statut_apres_tentative(statut: str, resultat: str) -> str:
    """The status an entry takes when a try is logged: reached → Joint·e, refused → Refus, otherwise
    À contacter becomes Tentative (an entry already further keeps its status)."""
    if resultat == ResultatTentative.JOINT and statut in (S.A_CONTACTER, S.TENTATIVE, S.INJOIGNABLE):
        return S.JOINT
    if resultat == ResultatTentative.REFUS and transition_possible(statut, S.REFUS):
        return S.REFUS
    if statut in (S.A_CONTACTER, S.INJOIGNABLE):
        return S.TENTATIVE
    return statut


LONGUEURS = {"nom": 120, "prenom": 120, "lieu": 200, "motif": 500, "email": 200}
MESSAGE_SANS_IDENTITE = "Indiquez au moins un nom ou un moyen de contact (téléphone ou e-mail)."


def verifier_entree(data: Mapping[str, Any], *, today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    """(cleaned values, {field: French message}) of an entry: an entry with neither a name nor a contact is
    refused at the « nom » field; a phone, e-mail or birth date that cannot be read is refused at its field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in ("nom", "prenom", "lieu", "motif", "email", "telephone"):
        raw = data.get(name)
        text = str(raw).strip() if raw is not None else ""
        values[name] = text or None
        if text and name in LONGUEURS and len(text) > LONGUEURS[name]:
            errors[name] = f"{LONGUEURS[name]} caractères au plus."
    if values["telephone"]:
        try:
            values["telephone"] = normalize_phone(values["telephone"])
        except ValueError as exc:
            errors["telephone"] = str(exc)
    if values["email"] and not _EMAIL.match(values["email"]):
        errors["email"] = f"« {values['email']} » n'est pas une adresse e-mail (exemple : prenom.nom@exemple.fr)."
    try:
        naissance = parse_date(data.get("date_naissance") or None)
    except ValueError as exc:
        errors["date_naissance"] = str(exc)
        naissance = None
    if naissance is not None and naissance > today:
        errors["date_naissance"] = "La date de naissance ne peut pas être dans le futur."
    values["date_naissance"] = naissance
    if not (values["nom"] or values["prenom"] or values["telephone"] or values["email"]) and not (
            {"telephone", "email"} & set(errors)):
        errors["nom"] = MESSAGE_SANS_IDENTITE
    return values, errors


def fin_conservation(date_liste: dt.date, mois: int) -> dt.date:
    """The day from which an entry never reached may be purged: ``mois`` months after the list's date."""
    month0 = date_liste.month - 1 + mois
    year, month = date_liste.year + month0 // 12, month0 % 12 + 1
    import calendar

    return dt.date(year, month, min(date_liste.day, calendar.monthrange(year, month)[1]))


def mediane(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
