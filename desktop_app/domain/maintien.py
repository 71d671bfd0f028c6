"""The trial period of a hired jeune and the follow-up contacts until its end (maintien dans l'emploi).

Durations implemented (maximum legal durations, without a longer branch agreement nor a renewal — the
conseiller edits the end date when the contract says otherwise), source: Code du travail —

* **CDI** (L1221-19): ouvriers et employés **2 mois**, agents de maîtrise et techniciens **3 mois**,
  cadres **4 mois**;
* **CDD** (L1242-10), and the contracts concluded as a CDD (professionnalisation, contrat aidé): **1 jour par
  semaine** of contract, within the limit of **2 semaines** for a contract of 6 months or less; **1 mois** beyond
  6 months;
* **intérim** (L1251-14): **2 jours** for a mission of one month or less, **3 jours** from one to two months,
  **5 jours** beyond (days worked: Monday to Friday here);
* **apprentissage** (L6222-18): the first **45 jours** of practical training in the company, counted here as
  calendar days (an approximation: the conseiller adjusts it);
* anything else (indépendant, autre): no trial period is computed; the end date is the conseiller's.

Trial periods in months or weeks are counted in calendar days, date to date (Cass. soc. 28 avril 2011).
The contacts: J+7, mid-trial (when the trial lasts more than two weeks), end of trial, then 6 months after the
hire for « emploi durable » (DOMAIN.md: a CDI, or a CDD of 6 months or more, still held).
"""
from __future__ import annotations

import datetime as dt

from desktop_app.domain.saisie import add_months

CONTRATS_CDD = frozenset({"cdd", "professionnalisation", "contrat_aide"})


def _jours_ouvres(debut: dt.date, n: int) -> dt.date:
    """The n-th working day (Monday–Friday) from ``debut`` included."""
    day, count = debut, 0
    while True:
        if day.weekday() < 5:
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)


def duree_contrat_jours(type_contrat: str | None, duree_mois: int | None, duree_jours: int | None) -> int | None:
    if duree_jours:
        return duree_jours
    if duree_mois:
        return round(duree_mois * 30.4)
    return None


def fin_essai(type_contrat: str | None, categorie: str | None, debut: dt.date, *,
              duree_mois: int | None = None, duree_jours: int | None = None) -> dt.date | None:
    """The last day of the trial period (None: none computed for this contract)."""
    jours = duree_contrat_jours(type_contrat, duree_mois, duree_jours)
    if type_contrat == "cdi":
        mois = {"agent_maitrise": 3, "cadre": 4}.get(categorie or "", 2)
        return add_months(debut, mois) - dt.timedelta(days=1)
    if type_contrat in CONTRATS_CDD:
        if jours is None:
            return None
        if jours > 183:  # more than 6 months
            return add_months(debut, 1) - dt.timedelta(days=1)
        semaines = max(1, jours // 7)
        return debut + dt.timedelta(days=min(semaines, 14) - 1)
    if type_contrat == "interim":
        if jours is None:
            return None
        n = 2 if jours <= 31 else 3 if jours <= 62 else 5
        return _jours_ouvres(debut, n)
    if type_contrat == "apprentissage":
        return debut + dt.timedelta(days=44)
    return None


def contacts_prevus(debut: dt.date, fin: dt.date) -> list[tuple[str, dt.date]]:
    """``(EtapeMaintien code, date)`` of the planned contacts: J+7, mid-trial, end of trial, 6 months."""
    contacts = [("j7", debut + dt.timedelta(days=7))]
    duree = (fin - debut).days + 1
    if duree > 14:
        contacts.append(("mi_essai", debut + dt.timedelta(days=duree // 2)))
    contacts.append(("fin_essai", fin))
    contacts.append(("six_mois", add_months(debut, 6)))
    contacts.sort(key=lambda c: c[1])
    return contacts


def est_emploi_durable(type_contrat: str | None, duree_mois: int | None) -> bool:
    """DOMAIN.md: a CDI, or a CDD of 6 months or more."""
    return type_contrat == "cdi" or (type_contrat in CONTRATS_CDD | {"apprentissage"} and (duree_mois or 0) >= 6)
