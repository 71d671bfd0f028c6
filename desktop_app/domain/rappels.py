"""Convocations and reminders of a rendez-vous (issue 15): who receives what, on which channel, and its text.

Pure rules, shared by the hub's sender (:mod:`hub.rappels`) and the application (the convocation's SMS / e-mail
text shown in the dossier):

* a message exists per (rendez-vous, jeune, kind, channel) — its id is derived from that key
  (:func:`message_id`), so that every hub process and every restart names the same message the same way;
* kinds: ``confirmation`` when the rendez-vous reaches the hub, ``rappel`` N hours before (48 by default),
  ``modification`` when its day, time or place changes after a confirmation, ``annulation`` when it is cancelled
  after a confirmation;
* the recipient is the jeune, or the legal guardian when the jeune is a minor on the rendez-vous' day;
* **only on a channel the jeune consented to** (``consentement_email`` / ``consentement_sms``): without consent
  no message is created at all (nothing is queued, nothing is shown as sent);
* the text never carries the rendez-vous' note, nor anything about the jeune's situation.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from desktop_app.domain.labels import LabelledEnum

RAPPEL_HEURES_DEFAUT = 48
ESSAIS_MAX = 8  # attempts before a failure is final
DELAI_BASE_S = 60  # first retry one minute after a failure, then 2, 4, 8… minutes
DELAI_MAX_S = 6 * 3600
_NAMESPACE = uuid.UUID("6f1d7b3e-52a4-4c59-9a0e-2f3c8d1e7a15")


class TypeMessage(LabelledEnum):
    CONFIRMATION = ("confirmation", "Confirmation")
    RAPPEL = ("rappel", "Rappel")
    MODIFICATION = ("modification", "Modification")
    ANNULATION = ("annulation", "Annulation")


class CanalMessage(LabelledEnum):
    EMAIL = ("email", "E-mail")
    SMS = ("sms", "SMS")


class StatutMessage(LabelledEnum):
    EN_ATTENTE = ("en_attente", "En attente")
    ENVOYE = ("envoye", "Envoyé")
    ECHEC = ("echec", "Échec")
    REFUSE = ("refuse", "Refusé")


class DestinataireMessage(LabelledEnum):
    JEUNE = ("jeune", "Le jeune")
    REPRESENTANT = ("representant", "Représentant légal")


def message_id(rendez_vous_id: str, jeune_id: str, type_: str, canal: str, version: str = "") -> str:
    """The message's id: the same for the same key on every hub process (UUID v5 of the key)."""
    return str(uuid.uuid5(_NAMESPACE, "|".join((rendez_vous_id, jeune_id, type_, canal, version))))


def version_horaire(date: str | None, heure_debut: str | None, heure_fin: str | None, lieu: str) -> str:
    """A short fingerprint of what a modification notice is about (day, times, place)."""
    text = "|".join(str(v or "") for v in (date, heure_debut, heure_fin, lieu))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def age_le(date_naissance: dt.date | None, jour: dt.date) -> int | None:
    if date_naissance is None:
        return None
    return jour.year - date_naissance.year - ((jour.month, jour.day) < (date_naissance.month, date_naissance.day))


def est_mineur(date_naissance: dt.date | None, jour: dt.date) -> bool:
    """A minor on ``jour`` (an unknown birth date: not a minor)."""
    age = age_le(date_naissance, jour)
    return age is not None and age < 18


def delai_essai(essais: int) -> dt.timedelta:
    """The wait after the ``essais``-th failed attempt: exponential back-off, capped."""
    return dt.timedelta(seconds=min(DELAI_MAX_S, DELAI_BASE_S * 2 ** max(0, essais - 1)))


@dataclass(frozen=True)
class TexteRendezVous:
    """What a convocation or a reminder may say (never the note)."""

    structure: str
    structure_telephone: str | None
    date: dt.date
    heure_debut: dt.time
    heure_fin: dt.time | None
    lieu: str  # « Agence de Sainte-Foy », « Visioconférence »…
    adresse: str | None  # the place's address, a room, a visio link
    a_apporter: str | None
    intitule: str | None
    prenom: str  # the jeune's first name
    pour_representant: bool = False


def _heure(h: dt.time) -> str:
    return f"{h.hour:02d}h{h.minute:02d}"


def _quand(t: TexteRendezVous) -> str:
    return f"le {t.date:%d/%m/%Y} à {_heure(t.heure_debut)}"


def _ou(t: TexteRendezVous) -> str:
    return t.lieu + (f" ({t.adresse})" if t.adresse else "")


def _qui(t: TexteRendezVous) -> str:
    return f"{t.prenom} a" if t.pour_representant else "Vous avez"


def _contact(t: TexteRendezVous) -> str:
    return t.structure + (f", {t.structure_telephone}" if t.structure_telephone else "")


def sujet(type_: str, t: TexteRendezVous) -> str:
    quoi = {"confirmation": "Confirmation de rendez-vous", "rappel": "Rappel de rendez-vous",
            "modification": "Rendez-vous modifié", "annulation": "Rendez-vous annulé"}[type_]
    return f"{quoi} du {t.date:%d/%m/%Y} — {t.structure}"


def texte_sms(type_: str, t: TexteRendezVous) -> str:
    """The SMS: one short paragraph, French, with the day, time, place and whom to call."""
    objet = f" ({t.intitule})" if t.intitule else ""
    if type_ == "annulation":
        corps = f"{t.structure} : le rendez-vous{objet} du {t.date:%d/%m/%Y} à {_heure(t.heure_debut)} est annulé."
    else:
        debut = {"confirmation": "rendez-vous confirmé", "rappel": "rappel de rendez-vous",
                 "modification": "rendez-vous modifié"}[type_]
        pour = f" pour {t.prenom}" if t.pour_representant else ""
        corps = f"{t.structure} : {debut}{pour}{objet} {_quand(t)}, {_ou(t)}."
        if t.a_apporter:
            corps += f" À apporter : {t.a_apporter}."
    if t.structure_telephone:
        corps += f" Empêchement ? Appelez le {t.structure_telephone}."
    return corps


def texte_email(type_: str, t: TexteRendezVous) -> str:
    """The e-mail's body (plain text)."""
    salut = "Bonjour," if t.pour_representant else f"Bonjour {t.prenom},"
    objet = f" ({t.intitule})" if t.intitule else ""
    lignes = [salut, ""]
    if type_ == "annulation":
        lignes.append(f"Le rendez-vous{objet} prévu le {t.date:%d/%m/%Y} à {_heure(t.heure_debut)} "
                      f"{'avec ' + t.prenom + ' ' if t.pour_representant else ''}est annulé.")
        lignes.append("Nous reprendrons contact pour convenir d'une nouvelle date.")
    else:
        intro = {"confirmation": f"{_qui(t)} rendez-vous{objet} avec {t.structure} :",
                 "rappel": f"Nous vous rappelons le rendez-vous{objet} "
                           f"{'de ' + t.prenom + ' ' if t.pour_representant else ''}avec {t.structure} :",
                 "modification": f"Le rendez-vous{objet} {'de ' + t.prenom + ' ' if t.pour_representant else ''}"
                                 f"avec {t.structure} a changé. Nouvel horaire :"}[type_]
        lignes.append(intro)
        fin = f" à {_heure(t.heure_fin)}" if t.heure_fin else ""
        lignes.append(f"  Date : {t.date:%d/%m/%Y}, de {_heure(t.heure_debut)}{fin}")
        lignes.append(f"  Lieu : {t.lieu}")
        if t.adresse:
            lignes.append(f"  Adresse : {t.adresse}")
        if t.a_apporter:
            lignes.append(f"  À apporter : {t.a_apporter}")
    lignes.append("")
    if t.structure_telephone:
        lignes.append(f"En cas d'empêchement, merci de prévenir au {t.structure_telephone}.")
    lignes += ["", "Cordialement,", _contact(t)]
    return "\n".join(lignes)
