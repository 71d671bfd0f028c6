"""The CEJ's defining rule (issue 15): 15 to 20 hours of activity a week.

A week is an ISO week (Monday to Sunday). What counts: the actualités' durations, the atelier sessions the jeune
attended (from their start to their end), and the weekly hours of a formation, immersion or job, pro rata of the
days of the week it covers. No DB, no Qt: the services gather the minutes, these functions judge them.
"""
from __future__ import annotations

import datetime as dt

SEUIL_HEURES = 15  # below: the week is under the CEJ's floor
CIBLE_HEURES = 20  # the intensity aimed at
SEUIL_MINUTES = SEUIL_HEURES * 60  # a week of fewer minutes is under the floor
# The situations whose weekly hours count (CategorieSituation codes).
CATEGORIES_HEURES = ("emploi", "alternance", "formation", "immersion", "volontariat", "scolarite")


def lundi(jour: dt.date) -> dt.date:
    """The Monday of ``jour``'s ISO week."""
    return jour - dt.timedelta(days=jour.weekday())


def semaine_precedente(jour: dt.date) -> dt.date:
    """The Monday of the week before ``jour``'s (« la semaine dernière »)."""
    return lundi(jour) - dt.timedelta(days=7)


def libelle_semaine(debut: dt.date) -> str:
    """« Semaine 14 (du 31/03 au 06/04/2025) »."""
    fin = debut + dt.timedelta(days=6)
    return f"Semaine {debut.isocalendar()[1]} (du {debut:%d/%m} au {fin:%d/%m/%Y})"


def minutes_entre(debut: dt.time | None, fin: dt.time | None) -> int:
    """Minutes from ``debut`` to ``fin`` (0 when either is unknown or the end is not after the start)."""
    if debut is None or fin is None:
        return 0
    return max(0, (fin.hour * 60 + fin.minute) - (debut.hour * 60 + debut.minute))


def jours_couverts(debut: dt.date, fin: dt.date | None, semaine: dt.date) -> int:
    """Days (0–7) of the week starting on Monday ``semaine`` between ``debut`` and ``fin`` (None: open)."""
    dernier = semaine + dt.timedelta(days=6)
    a = max(debut, semaine)
    b = min(fin, dernier) if fin is not None else dernier
    return max(0, (b - a).days + 1)


def minutes_situation(heures_hebdo: int | None, debut: dt.date, fin: dt.date | None, semaine: dt.date) -> int:
    """The minutes a situation of ``heures_hebdo`` hours a week brings to the week (pro rata of its days)."""
    if not heures_hebdo:
        return 0
    return round(heures_hebdo * 60 * jours_couverts(debut, fin, semaine) / 7)


def sous_seuil(minutes: int) -> bool:
    return minutes < SEUIL_MINUTES


def niveau(minutes: int) -> str:
    """``"sous_seuil"`` (< 15 h), ``"seuil"`` (15–20 h) or ``"cible"`` (≥ 20 h)."""
    if minutes < SEUIL_HEURES * 60:
        return "sous_seuil"
    return "seuil" if minutes < CIBLE_HEURES * 60 else "cible"


def heures_texte(minutes: int) -> str:
    """« 12 h 30 », « 15 h »."""
    h, m = divmod(int(minutes), 60)
    return f"{h} h {m:02d}" if m else f"{h} h"
