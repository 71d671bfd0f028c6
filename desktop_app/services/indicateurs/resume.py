"""The monthly activity summary of the indicators (migration 0011): how a period is cut into whole months read
from the summary and edge days read from ``actualite``, and a check of the summary against a recount.

The summary (``indicateur_activite``: live actualités per month, jeune number and lieu, with the count of
*accompagnement* ones; ``indicateur_annee``: the same per calendar year, every lieu together;
``indicateur_actualites``: per month, lieu, type and modalité, every jeune together) is
kept exact by triggers on ``actualite``; see the migration's docstring. ``indicateur_annee_types`` (migration
0028: per year and jeune number, the actualités of each type and modalité) gives a calendar year's actualités
by type in a scope leaving out many jeunes (QPV, référent) as a sum over the year's rows. A period that does not start on the 1st
or end on the last day of a month takes its whole months from the summary and its first/last days from
``actualite`` itself, so every period is exact.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

# Compute from the summary (True) or from ``actualite`` alone, as before migration 0011 (tests compare both).
UTILISER_RESUME = True
# Actualités by type and modalité: the summary counts every jeune; the actualités of the jeunes outside the
# scope are subtracted when they are at most this many jeunes, else those of the jeunes inside the scope are
# counted directly when they are at most this many, else the whole period is counted from ``actualite``.
SEUIL_JEUNES = 2000


def numero_mois(jour: dt.date) -> int:
    """AAAAMM, the ``mois`` column of the summary."""
    return jour.year * 100 + jour.month


@dataclass(frozen=True)
class Decoupage:
    """``mois``: (first, last) AAAAMM of the whole months of the period, or None; ``bords``: the date ranges
    of the period outside those months (0, 1 or 2, or the whole period when it holds no whole month)."""

    mois: tuple[int, int] | None
    bords: tuple[tuple[dt.date, dt.date], ...]

    @property
    def mois_dates(self) -> tuple[dt.date, dt.date] | None:
        """First and last day of the whole months."""
        if self.mois is None:
            return None
        (a, b) = self.mois
        fin = dt.date(b // 100, b % 100, calendar.monthrange(b // 100, b % 100)[1])
        return dt.date(a // 100, a % 100, 1), fin


def decouper(debut: dt.date, fin: dt.date) -> Decoupage:
    premier = debut if debut.day == 1 else _mois_suivant(debut)
    dernier_jour = calendar.monthrange(fin.year, fin.month)[1]
    fin_mois = fin if fin.day == dernier_jour else fin.replace(day=1) - dt.timedelta(days=1)
    if premier > fin_mois:
        return Decoupage(None, ((debut, fin),))
    bords = []
    if premier > debut:
        bords.append((debut, premier - dt.timedelta(days=1)))
    if fin_mois < fin:
        bords.append((fin_mois + dt.timedelta(days=1), fin))
    return Decoupage((numero_mois(premier), numero_mois(fin_mois)), tuple(bords))


def annee_entiere(debut: dt.date, fin: dt.date) -> int | None:
    """The year when ``debut``..``fin`` is exactly one calendar year (read from ``indicateur_annee``)."""
    if debut == dt.date(debut.year, 1, 1) and fin == dt.date(debut.year, 12, 31):
        return debut.year
    return None


def _mois_suivant(jour: dt.date) -> dt.date:
    return dt.date(jour.year + (jour.month == 12), jour.month % 12 + 1, 1)


# --- check ------------------------------------------------------------------------------------------------

_ACC = "COALESCE(a.type IN ('entretien_individuel', 'information_collective', 'atelier'), 0)"
_MOIS = "(CAST(substr(a.date, 1, 4) AS INTEGER) * 100 + CAST(substr(a.date, 6, 2) AS INTEGER))"
_VIVANTE = "a.deleted = 0 AND a.date IS NOT NULL AND a.jeune_id IS NOT NULL"


def ecarts(conn) -> list[str]:
    """Differences between the summary and a recount of ``actualite`` (empty when the summary is exact): one
    French line per differing group. Reads every actualité: for tests and diagnostics, not the screen."""
    resume = {(r[0], r[1], r[2]): (r[3], r[4]) for r in conn.execute(text(
        "SELECT s.mois, k.jeune_id, s.lieu, s.nb, s.acc FROM indicateur_activite s "
        "JOIN indicateur_jeune k ON k.n = s.n"))}
    orphelins = conn.execute(text(
        "SELECT COUNT(*) FROM indicateur_activite s WHERE s.n NOT IN (SELECT n FROM indicateur_jeune)")).scalar()
    compte = {(r[0], r[1], r[2]): (r[3], r[4]) for r in conn.execute(text(
        f"SELECT {_MOIS}, a.jeune_id, COALESCE(a.lieu_id, ''), COUNT(*), SUM({_ACC}) FROM actualite a "
        f"WHERE {_VIVANTE} GROUP BY 1, 2, 3"))}
    out = [f"activité {cle} : résumé {resume.get(cle)}, recompte {compte.get(cle)}"
           for cle in sorted(set(resume) | set(compte), key=str) if resume.get(cle) != compte.get(cle)]
    if orphelins:
        out.append(f"{orphelins} lignes d'activité sans numéro de jeune")
    annees = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(text(
        "SELECT s.annee, k.jeune_id, s.nb, s.acc FROM indicateur_annee s JOIN indicateur_jeune k ON k.n = s.n"))}
    par_an = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(text(
        f"SELECT CAST(substr(a.date, 1, 4) AS INTEGER), a.jeune_id, COUNT(*), SUM({_ACC}) FROM actualite a "
        f"WHERE {_VIVANTE} GROUP BY 1, 2"))}
    out += [f"année {cle} : résumé {annees.get(cle)}, recompte {par_an.get(cle)}"
            for cle in sorted(set(annees) | set(par_an), key=str) if annees.get(cle) != par_an.get(cle)]
    groupes = {tuple(r[:4]): r[4] for r in conn.execute(text(
        "SELECT mois, lieu, type, modalite, nb FROM indicateur_actualites"))}
    recompte = {tuple(r[:4]): r[4] for r in conn.execute(text(
        f"SELECT {_MOIS}, COALESCE(a.lieu_id, ''), COALESCE(a.type, ''), COALESCE(a.modalite, ''), COUNT(*) "
        f"FROM actualite a WHERE {_VIVANTE} GROUP BY 1, 2, 3, 4"))}
    out += [f"actualités {cle} : résumé {groupes.get(cle)}, recompte {recompte.get(cle)}"
            for cle in sorted(set(groupes) | set(recompte), key=str) if groupes.get(cle) != recompte.get(cle)]
    out += _ecarts_profil(conn)
    out += _ecarts_types(conn)
    return out


def _ecarts_types(conn) -> list[str]:
    """Rows of ``indicateur_annee_types`` (migration 0028) that differ from a recount of ``actualite``."""
    import importlib

    m = importlib.import_module("desktop_app.db.migrations.versions.0028_indicateurs_types_annee")
    cols = ", ".join(f"s.{c}" for c in m.COLONNES)
    resume = {(r[0], r[1]): tuple(r[2:]) for r in conn.execute(text(
        f"SELECT s.annee, k.jeune_id, s.nb, {cols} FROM indicateur_annee_types s "
        f"JOIN indicateur_jeune k ON k.n = s.n"))}
    sommes = ", ".join([f"SUM(COALESCE(a.type = '{t}', 0))" for t in m.TYPES]
                       + [f"SUM(COALESCE(a.modalite = '{x}', 0))" for x in m.MODALITES])
    compte = {(r[0], r[1]): tuple(r[2:]) for r in conn.execute(text(
        f"SELECT CAST(substr(a.date, 1, 4) AS INTEGER), a.jeune_id, COUNT(*), {sommes} FROM actualite a "
        f"WHERE {_VIVANTE} GROUP BY 1, 2"))}
    out = [f"types {cle} : résumé {resume.get(cle)}, recompte {compte.get(cle)}"
           for cle in sorted(set(resume) | set(compte), key=str) if resume.get(cle) != compte.get(cle)]
    orphelins = conn.execute(text(
        "SELECT COUNT(*) FROM indicateur_annee_types s WHERE s.n NOT IN (SELECT n FROM indicateur_jeune)")).scalar()
    if orphelins:
        out.append(f"{orphelins} lignes de types sans numéro de jeune")
    return out


def _ecarts_profil(conn) -> list[str]:
    """Keys whose copy of the jeune's columns (migration 0016) differs from the jeune row (NULL without one)."""
    import importlib

    colonnes = importlib.import_module("desktop_app.db.migrations.versions.0016_indicateurs_profil").COLONNES
    egal = " AND ".join(f"k.{c} IS j.{c}" for c in colonnes)
    return [f"profil du jeune {r[0]} : copie différente de son dossier" for r in conn.execute(text(
        f"SELECT k.jeune_id FROM indicateur_jeune k LEFT JOIN jeune j ON j.id = k.jeune_id WHERE NOT ({egal})"))]
