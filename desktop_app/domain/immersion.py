"""Rules of a période de mise en situation en milieu professionnel (PMSMP), pure functions, French messages.

What is implemented (Code du travail, articles L5135-1 to L5135-8 and D5135-1 to D5135-8):

* the object is one of the three of L5135-1 (découvrir un métier ou un secteur d'activité, confirmer un projet
  professionnel, initier une démarche de recrutement);
* a period lasts **at most one month**, counted from date to date (a period beginning on 10 March ends on
  9 April at the latest), continuous or not (D5135-3);
* it may be **renewed once**, for the same object, for at most one more month: the renewed period ends at the
  latest one month after the first end date, so that the whole never exceeds two months;
* a tutor at the host is required (the convention names them, D5135-4), the end comes on or after the start;
* the weekly hours stay within the legal maximum working week (48 h, L3121-20), and 35 h for a minor
  (L3162-1), the beneficiary following the host's schedule.
"""
from __future__ import annotations

import datetime as dt

from desktop_app.domain.saisie import add_months

DUREE_MAX_MOIS = 1
HEURES_MAX = 48
HEURES_MAX_MINEUR = 35


def fin_maximale(debut: dt.date) -> dt.date:
    """The last day a period starting on ``debut`` may last (one month, date to date)."""
    return add_months(debut, DUREE_MAX_MOIS) - dt.timedelta(days=1)


def erreurs_periode(debut: dt.date | None, fin: dt.date | None,
                    fin_renouvellement: dt.date | None = None) -> dict[str, str]:
    """French messages by field (``date_debut``, ``date_fin``, ``date_fin_renouvellement``) for the dates."""
    errors: dict[str, str] = {}
    if debut is None or fin is None:
        return errors
    if fin < debut:
        errors["date_fin"] = "La date de fin doit être le jour du début ou après."
        return errors
    limite = fin_maximale(debut)
    if fin > limite:
        errors["date_fin"] = (f"Une immersion dure au plus un mois : elle doit finir le {limite:%d/%m/%Y} au plus "
                              "tard (elle peut ensuite être renouvelée une fois).")
    if fin_renouvellement is not None and "date_fin" not in errors:
        if fin_renouvellement <= fin:
            errors["date_fin_renouvellement"] = "Le renouvellement doit finir après la fin de la première période."
        else:
            limite_r = fin_maximale(fin + dt.timedelta(days=1))
            if fin_renouvellement > limite_r:
                errors["date_fin_renouvellement"] = (
                    "Le renouvellement (une seule fois) dure au plus un mois : il doit finir le "
                    f"{limite_r:%d/%m/%Y} au plus tard.")
    return errors


def erreur_heures(heures: int | None, *, mineur: bool) -> str | None:
    if heures is None:
        return None
    maximum = HEURES_MAX_MINEUR if mineur else HEURES_MAX
    if heures < 1:
        return "Le nombre d'heures par semaine doit être d'au moins 1."
    if heures > maximum:
        qui = "pour un jeune mineur" if mineur else "(durée maximale du travail)"
        return f"Le nombre d'heures par semaine ne peut dépasser {maximum} {qui}."
    return None


def fin_effective(fin: dt.date, fin_renouvellement: dt.date | None) -> dt.date:
    return fin_renouvellement or fin
