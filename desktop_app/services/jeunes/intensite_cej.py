"""CEJ intensity (issue 15): hours of activity per ISO week of the jeunes in CEJ.

A week counts for a jeune when a CEJ participation covers it whole (entered on or before its Monday, not left
before its Sunday). Its minutes: the actualités' durations that week (an actualité of an atelier the jeune is
marked present at is counted once, as the session), the atelier sessions attended (start to end), and the weekly
hours of the situations (formation, immersion, emploi…) pro rata of the days they cover. The rule itself
(15 h floor, 20 h target) is :mod:`desktop_app.domain.intensite_cej`.

One function reads every kind for a period in three grouped queries (:func:`minutes_par_semaine`); the dossier's
chart, the list filter « CEJ sous 15 h la semaine dernière » and the monthly indicator all read it.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from desktop_app.domain import intensite_cej as R
from desktop_app.security.permissions import exiger

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

_LUNDI = "date({col}, 'weekday 0', '-6 days')"  # the Monday of the ISO week of a date column
# its number from the Monday :du (read dates are on or after it; the two julian days are both at noon: an exact
# whole number of days)
_NUMERO = "CAST(julianday(substr({col}, 1, 10)) - julianday(:du) AS INTEGER) / 7"
_MINUTES = ("((CAST(substr(a.heure_fin, 1, 2) AS INTEGER) * 60 + CAST(substr(a.heure_fin, 4, 2) AS INTEGER)) - "
            "(CAST(substr(a.heure_debut, 1, 2) AS INTEGER) * 60 + CAST(substr(a.heure_debut, 4, 2) AS INTEGER)))")


@dataclass(frozen=True)
class SemaineCej:
    lundi: dt.date
    actualites: int  # minutes
    ateliers: int
    situations: int

    @property
    def minutes(self) -> int:
        return self.actualites + self.ateliers + self.situations

    @property
    def sous_seuil(self) -> bool:
        return R.sous_seuil(self.minutes)

    @property
    def libelle(self) -> str:
        return R.libelle_semaine(self.lundi)


def _d(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _periodes_cej(conn, du: dt.date, au: dt.date, filtre: str, params: dict) -> dict[str, list[tuple]]:
    rows = conn.execute(text(
        "SELECT d.jeune_id, d.date_debut, d.date_fin_reelle FROM dispositif_participation d "
        "JOIN jeune j ON j.id = d.jeune_id AND j.deleted = 0 AND j.fusionne_dans_id IS NULL "
        "WHERE d.deleted = 0 AND d.type = 'cej' AND d.date_debut <= :au "
        f"AND (d.date_fin_reelle IS NULL OR d.date_fin_reelle >= :du){filtre}"),
        {**params, "du": du.isoformat(), "au": au.isoformat()}).all()
    out: dict[str, list[tuple]] = defaultdict(list)
    for jeune_id, debut, fin in rows:
        out[jeune_id].append((_d(debut), _d(fin)))
    return out


def _semaines_pleines(periodes: list[tuple], du: dt.date, au: dt.date) -> list[dt.date]:
    """Mondays of the weeks between ``du`` and ``au`` that a CEJ period covers whole."""
    out = set()
    for debut, fin in periodes:
        lundi = max(R.lundi(du), R.lundi(debut) if debut.weekday() == 0 else R.lundi(debut) + dt.timedelta(days=7))
        while lundi <= au and (fin is None or fin >= lundi + dt.timedelta(days=6)):
            out.add(lundi)
            lundi += dt.timedelta(days=7)
    return sorted(out)


def detail_par_semaine(conn, du: dt.date, au: dt.date, *, filtre: str = "",
                       params: dict | None = None) -> dict[tuple[str, dt.date], SemaineCej]:
    """``{(jeune_id, monday): SemaineCej}`` for every full CEJ week whose Monday lies in ``du``..``au``, of the
    jeunes kept by ``filtre`` (an AND fragment on ``d.jeune_id``; ``params`` its values)."""
    du = R.lundi(du)
    lus = lectures(conn, du, au, filtre=filtre, params=params)
    if lus is None:
        return {}
    periodes, actualites, ateliers, situations = lus
    par_actualites = {(j, _d(lundi)): int(m or 0) for j, lundi, m in actualites}
    par_ateliers = {(j, _d(lundi)): int(m or 0) for j, lundi, m in ateliers}
    sits: dict[str, list[tuple]] = defaultdict(list)
    for j, heures, debut, fin in situations:
        sits[j].append((int(heures), _d(debut), _d(fin)))
    out: dict[tuple[str, dt.date], SemaineCej] = {}
    for jeune_id, periods in periodes.items():
        for lundi in _semaines_pleines(periods, du, R.lundi(au)):
            minutes_sit = sum(R.minutes_situation(h, debut, fin, lundi) for h, debut, fin in sits.get(jeune_id, ()))
            out[(jeune_id, lundi)] = SemaineCej(lundi, par_actualites.get((jeune_id, lundi), 0),
                                                par_ateliers.get((jeune_id, lundi), 0), minutes_sit)
    return out


def lectures(conn, du: dt.date, au: dt.date, *, filtre: str = "", params: dict | None = None,
             numeros: bool = False):
    """What :func:`detail_par_semaine` reads, as rows: ({jeune_id: [(début, fin)]} of the CEJ periods,
    (jeune_id, lundi 'AAAA-MM-JJ', minutes) of the actualités, the same of the ateliers, (jeune_id, heures_hebdo,
    début, fin) of the situations), for the weeks from the Monday of ``du`` to the Sunday after ``au``; None
    without any CEJ. ``numeros``: the week as its number from the Monday of ``du`` (0, 1, …) instead of its
    Monday, and the actualités one row each (not summed per week). Also read by the indicator (:mod:`desktop_app.services.indicateurs.cej`)."""
    params = dict(params or {})
    du, fin_lecture = R.lundi(du), R.lundi(au) + dt.timedelta(days=6)
    semaine = _NUMERO if numeros else _LUNDI  # {col} → the week of a date column
    periodes = _periodes_cej(conn, du, fin_lecture, filtre, params)
    if not periodes:
        return None
    p = {**params, "du": du.isoformat(), "au": fin_lecture.isoformat()}
    cej = ("SELECT d.jeune_id FROM dispositif_participation d WHERE d.deleted = 0 AND d.type = 'cej' "
           f"AND d.date_debut <= :au AND (d.date_fin_reelle IS NULL OR d.date_fin_reelle >= :du){filtre}")
    # numbered weeks: one row per actualité, summed by the caller (grouping them here sorted every row: ~60 % of
    # the read for a year's 177 000 actualités of CEJ jeunes)
    somme, groupes = ("x.duree_minutes", "") if numeros else ("SUM(x.duree_minutes)", " GROUP BY x.jeune_id, l")
    actualites = conn.execute(text(
        f"SELECT x.jeune_id, {semaine.format(col='x.date')} AS l, {somme} FROM actualite x "
        f"WHERE x.deleted = 0 AND x.date BETWEEN :du AND :au AND x.duree_minutes > 0 AND x.jeune_id IN ({cej}) "
        "AND (x.atelier_id IS NULL OR NOT EXISTS (SELECT 1 FROM atelier_participation ap "
        "WHERE ap.atelier_id = x.atelier_id AND ap.jeune_id = x.jeune_id AND ap.deleted = 0 AND ap.present = 1))"
        f"{groupes}"), p).all()
    ateliers = conn.execute(text(
        f"SELECT ap.jeune_id, {semaine.format(col='a.date')} AS l, SUM(MAX({_MINUTES}, 0)) "
        "FROM atelier_participation ap JOIN atelier_mobilite a ON a.id = ap.atelier_id AND a.deleted = 0 "
        "WHERE ap.deleted = 0 AND ap.present = 1 AND a.date BETWEEN :du AND :au "
        f"AND a.heure_debut IS NOT NULL AND a.heure_fin IS NOT NULL AND ap.jeune_id IN ({cej}) "
        "GROUP BY ap.jeune_id, l"), p).all()
    situations = conn.execute(text(
        "SELECT s.jeune_id, s.heures_hebdo, s.date_debut, s.date_fin FROM situation s "
        "WHERE s.deleted = 0 AND s.heures_hebdo > 0 AND s.etat != 'prevue' AND s.date_debut <= :au "
        f"AND (s.date_fin IS NULL OR s.date_fin >= :du) AND s.jeune_id IN ({cej})"), p).all()
    return periodes, actualites, ateliers, situations


def semaines(profile: Profile, jeune_id: str, *, jusqu_au: dt.date | None = None,
             nombre: int = 12) -> list[SemaineCej]:
    """The last ``nombre`` full CEJ weeks of one jeune up to the week before ``jusqu_au`` (default: today,
    hub-corrected), oldest first. Empty for a jeune never in CEJ."""
    from desktop_app.services.sync.horloge import aujourdhui

    exiger(profile, "timeline.lire")
    jour = jusqu_au or aujourdhui(profile)
    fin = R.semaine_precedente(jour)
    debut = fin - dt.timedelta(days=7 * (nombre - 1))
    with profile.engine.connect() as conn:
        weeks = detail_par_semaine(conn, debut, fin, filtre=" AND d.jeune_id = :jeune", params={"jeune": jeune_id})
    return [w for (_j, _l), w in sorted(weeks.items(), key=lambda kv: kv[0][1])]


def jeunes_sous_seuil(profile: Profile, semaine: dt.date) -> list[str]:
    """The jeunes in CEJ the whole week of Monday ``semaine`` with fewer than 15 hours of activity in it."""
    exiger(profile, "jeune.lire")
    lundi = R.lundi(semaine)
    with profile.engine.connect() as conn:
        weeks = detail_par_semaine(conn, lundi, lundi)
    return sorted(j for (j, _l), w in weeks.items() if w.sous_seuil)


__all__ = ["SemaineCej", "detail_par_semaine", "jeunes_sous_seuil", "semaines"]
