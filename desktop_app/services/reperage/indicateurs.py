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
from desktop_app.security.permissions import exiger

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

_SQL = """
SELECT l.source, e.statut, e.nb_tentatives, e.date_premier_contact, l.date_reception,
       CASE WHEN e.statut = 'venu' AND EXISTS (
           SELECT 1 FROM actualite a WHERE a.jeune_id = e.jeune_id AND a.deleted = 0
             AND a.date >= date(j.date_premier_accueil, '+{jours} days')) THEN 1 ELSE 0 END AS accompagne
FROM entree_reperage e
JOIN liste_reperage l ON l.id = e.liste_id
LEFT JOIN jeune j ON j.id = e.jeune_id
WHERE e.deleted = 0 AND l.deleted = 0 AND l.date_reception BETWEEN :debut AND :fin
""".format(jours=int(ACCOMPAGNE_APRES_JOURS))

_JOINTS = {"joint", "rdv_fixe", "venu", "refus"}


def indicateurs(profile: Profile, debut: dt.date, fin: dt.date) -> list[LigneIndicateurs]:
    """One line per source with entries in the period (catalogue order), then the total."""
    exiger(profile, "statistiques.voir")
    exiger(profile, "reperage.lire")
    acc: dict[str, list] = {}
    with profile.engine.connect() as conn:
        rows = conn.execute(text(_SQL), {"debut": debut.isoformat(), "fin": fin.isoformat()}).all()
    for source, statut, nb, premier, reception, accompagne in rows:
        a = acc.setdefault(source, [0, 0, 0, 0, 0, 0, []])
        a[0] += 1
        if nb or statut != "a_contacter":
            a[1] += 1
        if statut in _JOINTS:
            a[2] += 1
        if statut == "deja_suivi":
            a[3] += 1
        if statut == "venu":
            a[4] += 1
        a[5] += accompagne
        if premier:
            delay = (dt.date.fromisoformat(str(premier)[:10]) - dt.date.fromisoformat(str(reception)[:10])).days
            a[6].append(max(delay, 0))
    order = [c.value for c in SourceReperage] + sorted(set(acc) - SourceReperage.codes())
    out = [LigneIndicateurs(code, *acc[code][:6], mediane(acc[code][6])) for code in order if code in acc]
    total = [sum(line[i] for line in acc.values()) for i in range(6)]
    delays = [d for line in acc.values() for d in line[6]]
    out.append(LigneIndicateurs("", *total, mediane(delays)))
    return out


def taux(part: int, tout: int) -> str:
    """« 42 % » (French), or « — » when nothing was signalled."""
    return f"{round(100 * part / tout)} %" if tout else "—"
