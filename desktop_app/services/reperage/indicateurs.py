"""Repérage indicators per source and period (funders' « visés / touchés »): signalled, contacted, reached,
came, accompanied three months later, and the median delay from the list's date to the first contact.

Counted on the entries of the lists **received** in the period (the cohort signalled then), whatever the date
of their later steps:

* signalés: live entries; contactés: at least one try logged (or a status beyond « À contacter »);
* joints: reached (« Joint·e », « Rendez-vous fixé », « Venu·e », « Refus »); déjà suivis: matched to a dossier;
* venus: « Venu·e »; accompagnés à 3 mois: venus whose dossier has an actualité dated 90 days or more after its
  premier accueil (``ACCOMPAGNE_APRES_JOURS``: still in contact a quarter later, not just one visit);
* délai médian: days from the list's date of reception to the first try, over the entries tried.

Entries purged after their retention are gone (erased): run the indicators of a period before its purge.
One grouped SQL statement (< 300 ms for a year of lists, bench/bench_reperage.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from desktop_app.domain.reperage import ACCOMPAGNE_APRES_JOURS, SourceReperage, mediane
from desktop_app.security.permissions import actor_of, require

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class LigneIndicateurs:
    source: str  # code, or "" for the total
    signales: int
    contactes: int
    joints: int
    deja_suivis: int
    venus: int
    accompagnes_3_mois: int
    delai_median_jours: float | None

    @property
    def libelle(self) -> str:
        return SourceReperage.label_of(self.source) if self.source else "Toutes sources"


COLONNES = ("Source", "Signalés", "Contactés", "Joints", "Déjà suivis", "Venus", "Accompagnés à 3 mois",
            "Délai médian (jours)")

_FROM = """
FROM liste_reperage l
JOIN entree_reperage e ON e.liste_id = l.id AND e.deleted = 0
WHERE l.deleted = 0 AND l.date_reception BETWEEN :debut AND :fin
"""
# One grouped pass over the covering index ix_entree_reperage_indicateurs (the wide rows are never read).
_SQL = """
SELECT l.source, count(*),
       sum(CASE WHEN e.nb_tentatives > 0 OR e.statut != 'a_contacter' THEN 1 ELSE 0 END),
       sum(CASE WHEN e.statut IN ('joint', 'rdv_fixe', 'venu', 'refus') THEN 1 ELSE 0 END),
       sum(CASE WHEN e.statut = 'deja_suivi' THEN 1 ELSE 0 END),
       sum(CASE WHEN e.statut = 'venu' THEN 1 ELSE 0 END),
       sum(CASE WHEN e.statut = 'venu' AND EXISTS (
           SELECT 1 FROM jeune j JOIN actualite a ON a.jeune_id = j.id
           WHERE j.id = e.jeune_id AND a.deleted = 0 AND a.date >= date(j.date_premier_accueil, '+{jours} days'))
           THEN 1 ELSE 0 END)
""".format(jours=int(ACCOMPAGNE_APRES_JOURS)) + _FROM + " GROUP BY l.source"
_DELAIS = ("SELECT l.source, CAST(julianday(e.date_premier_contact) - julianday(l.date_reception) AS INTEGER) AS d, "
           "count(*)" + _FROM + " AND e.date_premier_contact IS NOT NULL GROUP BY l.source, d")


def indicateurs(profile: Profile, debut: dt.date, fin: dt.date) -> list[LigneIndicateurs]:
    """One line per source with entries in the period (catalogue order), then the total."""
    actor = actor_of(profile)
    require(actor, "statistiques.voir")
    require(actor, "reperage.lire")
    params = {"debut": debut.isoformat(), "fin": fin.isoformat()}
    with profile.engine.connect() as conn:
        counts = {r[0]: [int(v or 0) for v in r[1:]] for r in conn.execute(text(_SQL), params)}
        delays: dict[str, list[int]] = {}  # the delays of each source, from their histogram
        for source, delay, n in conn.execute(text(_DELAIS), params):
            delays.setdefault(source, []).extend([max(int(delay), 0)] * int(n))
    order = [c.value for c in SourceReperage] + sorted(set(counts) - SourceReperage.codes())
    out = [LigneIndicateurs(code, *counts[code], mediane(delays.get(code, []))) for code in order if code in counts]
    total = [sum(line[i] for line in counts.values()) for i in range(6)]
    out.append(LigneIndicateurs("", *total, mediane([d for ds in delays.values() for d in ds])))
    return out


def taux(part: int, tout: int) -> str:
    """« 42 % » (French), or « — » when nothing was signalled."""
    return f"{round(100 * part / tout)} %" if tout else "—"
