"""Retention (CNIL social-sector guideline): which dossiers are past their keeping period, for anonymisation.

A dossier is past retention when every rule that keeps it has lapsed (thresholds are settings):

* age: kept until the jeune is 25 + 2 = 27 years old (``retention.age_limite``);
* last contact: kept 2 years after the last contact (``retention.annees_apres_contact``) — the last contact is
  the latest of the dossier's last actualité (``date_dernier_contact``), its premier accueil and the end of any
  dispositif (not the row's creation: an imported old dossier is created today);
* a dispositif still running keeps it (no real end date, planned end not reached);
* CEJ: kept 10 years after the contract ended (``retention.annees_apres_cej``).

One SQL statement over the jeune table and a grouped read of the dispositifs (< 1 s on 100 000 jeunes,
bench/bench_securite.py). Already anonymised dossiers are never proposed again.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from desktop_app.security.permissions import exiger
from desktop_app.services.profil.reglages import Setting, declare
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

AGE_LIMITE = declare(Setting("retention.age_limite", int, 27, "Conservation : jusqu'à l'âge de (ans)",
                             minimum=18, maximum=99))
APRES_CONTACT = declare(Setting("retention.annees_apres_contact", int, 2,
                                "Conservation après le dernier contact (années)", minimum=1, maximum=50))
APRES_CEJ = declare(Setting("retention.annees_apres_cej", int, 10,
                            "Conservation après la fin d'un CEJ (années)", minimum=1, maximum=50))
DERNIER_CONTROLE = declare(Setting("retention.dernier_controle", str, "",
                                   "Date du dernier contrôle quotidien de conservation"))
STATUT_ANONYMISE = "anonymise"


@dataclass(frozen=True)
class Regles:
    age_limite: int = 27
    annees_apres_contact: int = 2
    annees_apres_cej: int = 10

    @classmethod
    def from_settings(cls, settings) -> Regles:
        return cls(settings.get(AGE_LIMITE), settings.get(APRES_CONTACT), settings.get(APRES_CEJ))


@dataclass(frozen=True)
class Candidat:
    id: str
    nom_affiche: str
    date_naissance: dt.date | None
    dernier_contact: dt.date | None


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


_SQL = """
WITH dispo AS (
    SELECT jeune_id,
           max(CASE WHEN date_fin_reelle IS NULL AND (date_fin_prevue IS NULL OR date_fin_prevue >= :today)
                    THEN 1 ELSE 0 END) AS en_cours,
           max(CASE WHEN type = 'cej' THEN coalesce(date_fin_reelle, date_fin_prevue) END) AS fin_cej,
           max(coalesce(date_fin_reelle, date_fin_prevue, date_debut)) AS fin
    FROM dispositif_participation WHERE deleted = 0 GROUP BY jeune_id
), contact AS (
    SELECT j.id, j.nom_naissance, j.nom_usage, j.prenoms, j.date_naissance, d.en_cours, d.fin_cej,
           max(coalesce(j.date_dernier_contact, ''), coalesce(j.date_premier_accueil, ''),
               coalesce(d.fin, '')) AS dernier
    FROM jeune j LEFT JOIN dispo d ON d.jeune_id = j.id
    WHERE j.deleted = 0 AND j.statut != :anonymise
)
SELECT id, nom_naissance, nom_usage, prenoms, date_naissance, dernier FROM contact
WHERE dernier < :contact_cutoff
  AND (date_naissance IS NULL OR date_naissance < :birth_cutoff)
  AND coalesce(en_cours, 0) = 0
  AND (fin_cej IS NULL OR fin_cej < :cej_cutoff)
ORDER BY dernier, id
"""


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def a_anonymiser(profile: Profile, *, regles: Regles | None = None, today: dt.date | None = None) -> list[Candidat]:
    """The dossiers past retention, oldest last contact first (direction and admin)."""
    exiger(profile, "retention.anonymiser")
    return candidats(profile.engine, regles or Regles(), today or aujourdhui(profile))


def candidats(engine, regles: Regles, today: dt.date) -> list[Candidat]:
    params = {"today": today.isoformat(), "anonymise": STATUT_ANONYMISE,
              "contact_cutoff": _years_before(today, regles.annees_apres_contact).isoformat(),
              "birth_cutoff": _years_before(today, regles.age_limite).isoformat(),
              "cej_cutoff": _years_before(today, regles.annees_apres_cej).isoformat()}
    with engine.connect() as conn:
        rows = conn.execute(text(_SQL), params).all()
    return [Candidat(r[0], f"{(r[2] or r[1] or '').upper()} {r[3] or ''}".strip(), _date(r[4]), _date(r[5]))
            for r in rows]


def controle_quotidien(profile: Profile, settings, *, today: dt.date | None = None) -> int | None:
    """The daily check: the number of dossiers past retention, once a day and only for the roles that
    anonymise (None otherwise: not due yet, or not allowed)."""
    from desktop_app.security.permissions import actor_of, allowed

    today = today or aujourdhui(profile)
    if settings.get(DERNIER_CONTROLE) == today.isoformat() or not allowed(actor_of(profile), "retention.anonymiser"):
        return None
    found = len(candidats(profile.engine, Regles.from_settings(settings), today))
    settings.set(DERNIER_CONTROLE, today.isoformat())
    return found
