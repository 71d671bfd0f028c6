"""Plausibility rules on *entry*: what a counsellor may record, given the reference day ``today``.

Pure functions: ``today`` is always an argument (services pass the date of the hub-corrected clock,
``desktop_app.services.sync.horloge.aujourdhui``), never read from the wall clock here. Each check returns the
French sentence to show, or ``None`` when the entry is plausible; boundaries: *today* is allowed, *tomorrow*
is refused.

These rules apply to what is typed or imported on this device. Values received by sync were entered on
another device (maybe with a wrong clock) and are stored as they come: sync never loses data.
"""
from __future__ import annotations

import datetime as dt

from desktop_app.domain.enums import ResultatExamen, StatutParcoursAutoEcole
from desktop_app.domain.formats import format_date

EXAMENS = {"code": "du code", "permis": "du permis (conduite)"}


def presence_future(date_seance: dt.date | None, today: dt.date, *, quoi: str = "La séance",
                    note: str = "la présence se note") -> str | None:
    """Attendance (présent or absent) is noted from the day of the session on; planning ahead stays free."""
    if date_seance is None or date_seance <= today:
        return None
    return f"{quoi} du {format_date(date_seance)} n'a pas encore eu lieu : {note} à partir du jour même."


def realisee_future(date: dt.date | None, today: dt.date) -> str | None:
    """An actualité (entretien, atelier, contact at a permanence…) records what took place: not in the future.
    A future appointment is planned (a session, a permanence, a rendez-vous), not logged as an actualité."""
    if date is None or date <= today:
        return None
    return f"La date du {format_date(date)} est dans le futur : une actualité note un contact qui a déjà eu lieu."


def resultat_futur(examen: str, date_examen: dt.date | None, resultat: str | None, today: dt.date) -> str | None:
    """An exam result (code, permis) is known after the exam: a result dated after today is refused; a future
    date without a result is the planned exam and stays fine."""
    if not resultat or date_examen is None or date_examen <= today:
        return None
    return (f"Le résultat {EXAMENS.get(examen, examen)} ne peut pas être daté dans le futur "
            f"({format_date(date_examen)}) : pour un examen prévu, laissez le résultat vide.")


def ordre_examens(date_code: dt.date | None, resultat_code: str | None, date_permis: dt.date | None,
                  resultat_permis: str | None) -> str | None:
    """The driving exam comes after the code is passed (when both are recorded)."""
    if (resultat_code == ResultatExamen.REUSSI and resultat_permis and date_code and date_permis
            and date_permis < date_code):
        return "L'examen du permis ne peut pas précéder la réussite du code."
    return None


def statut_parcours(statut: str | None, resultat_code: str | None, resultat_permis: str | None) -> str:
    """The parcours status follows the results: permis passed → « Permis obtenu » (the parcours is over, a
    success); code passed → « Code obtenu » (no longer « Évaluation de départ » nor « En cours »); a stage no
    result backs (a result corrected to « Échec ») goes back to the previous one. « Suspendu » and
    « Abandonné » are the counsellor's decisions and stay, unless the permis is passed."""
    S = StatutParcoursAutoEcole
    statut = statut or S.EVALUATION.value
    if resultat_permis == ResultatExamen.REUSSI:
        return S.PERMIS_OBTENU.value
    if statut in (S.SUSPENDU, S.ABANDONNE):
        return statut
    if resultat_code == ResultatExamen.REUSSI:
        return S.CODE_OBTENU.value
    if statut in (S.CODE_OBTENU, S.PERMIS_OBTENU):
        return S.EN_COURS.value
    return statut


def second_parcours(jeune: str, auto_ecole: str, debuts: list[dt.date | None]) -> str | None:
    """The question to ask before a second parcours of the same jeune at the same auto-école (``debuts``: the
    start or evaluation dates of the parcours already there)."""
    if not debuts:
        return None
    connus = sorted(d for d in debuts if d)
    depuis = f" (commencé le {format_date(connus[-1])})" if connus else ""
    deja = "un parcours" if len(debuts) == 1 else f"{len(debuts)} parcours"
    return f"{jeune} a déjà {deja} à l'auto-école « {auto_ecole} »{depuis}. Créer quand même un autre parcours ?"


def parrain_au_maximum(parrain: str, filleuls: int, maximum: int) -> str | None:
    """The question to ask before giving a parrain one more filleul than its maximum (``filleuls``: the
    running contracts without this one)."""
    if filleuls < maximum:
        return None
    return (f"{parrain} accompagne déjà {filleuls} filleul{'s' if filleuls > 1 else ''}, son maximum est de "
            f"{maximum}. Lui confier quand même ce filleul ?")
