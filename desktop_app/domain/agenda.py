"""Rules of a rendez-vous (issue 15): what a conseiller may plan. No Qt, no database."""
from __future__ import annotations

import datetime as dt

HORIZON_ANNEES = 2  # a rendez-vous is planned at most this far ahead (a date 10 years away is a typing error)
RECUL_ANNEES = 1  # … and recorded at most this far back (a past rendez-vous is entered to record its outcome)


def erreurs_creneau(jour: dt.date | None, debut: dt.time | None, fin: dt.time | None, today: dt.date) -> dict[str, str]:
    """The French message of each field of a rendez-vous's slot that cannot be stored (empty: plausible)."""
    errors: dict[str, str] = {}
    if jour is not None:
        if jour > today + dt.timedelta(days=365 * HORIZON_ANNEES):
            errors["date"] = (f"Un rendez-vous se prévoit au plus {HORIZON_ANNEES} ans à l'avance : "
                              "vérifiez l'année.")
        elif jour < today - dt.timedelta(days=365 * RECUL_ANNEES):
            errors["date"] = f"Un rendez-vous date au plus d'il y a {RECUL_ANNEES} an : vérifiez l'année."
    if debut is not None and fin is not None and fin <= debut:
        errors["heure_fin"] = "Le rendez-vous doit finir après son heure de début."
    return errors


def chevauche(debut_a: dt.time, fin_a: dt.time, debut_b: dt.time, fin_b: dt.time) -> bool:
    """Whether two slots of the same day overlap (touching ends do not)."""
    return debut_a < fin_b and debut_b < fin_a
