"""Funders' indicators: the period, the scope, the result tables and the computation of them all (no Qt).

Every figure is an SQL aggregate (GROUP BY) over live rows: tombstoned rows (``deleted = 1``) and merged
jeunes (``fusionne_dans_id`` set) are never counted. The definitions are written in the docstrings of the
functions of :mod:`indicateurs_publics` and :mod:`indicateurs_programmes`; each one returns a
:class:`Tableau` (label, value(s)[, target]) whose labels come from the domain's enums.

Scope (:class:`Perimetre`): the jeunes of the structure, optionally only those whose référent is a given
conseiller, only those living in a QPV; a lieu restricts the actualités (and the jeunes en contact through
them) and the ateliers to that place, and the auto-école and parrainage tables to the jeunes *suivis* at that
lieu: those whose latest actualité held at a lieu, on or before the last day of the period, was held there
(each jeune belongs to one lieu at a time, the one where they were last seen; a jeune who moved from one antenne
to another counts in the new one; a jeune never seen at any lieu counts in none). Neither a parcours
d'auto-école nor a parrainage records a lieu of its own.
"""
from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

from sqlalchemy import text

from desktop_app.domain.errors import UserError
from desktop_app.services.indicateurs.modele import (  # noqa: F401 (the model, re-exported from here)
    MOIS,
    NNBSP,
    Contexte,
    Indicateur,
    Ligne,
    Perimetre,
    Periode,
    Tableau,
    appliquer_objectifs,
    format_cible,
    format_nombre,
    format_valeur,
    parse_date,
)

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


# --- computation ------------------------------------------------------------------------------------------

CACHE_CALCUL = -262144  # KiB (256 MiB at most) while computing; the connection's own size is restored after


def registre() -> list[tuple[str, Indicateur]]:
    """(group, function) in the order shown; each function returns one or more tables."""
    from desktop_app.services.indicateurs import actions_collectives as actions
    from desktop_app.services.indicateurs import emploi as emp
    from desktop_app.services.indicateurs import agenda
    from desktop_app.services.indicateurs import cej
    from desktop_app.services.indicateurs import programmes as prog
    from desktop_app.services.indicateurs import publics as pub

    return [("Publics", pub.publics), ("Publics", pub.profils), ("Activité", pub.actualites),
            ("Activité", pub.propositions), ("Activité", agenda.rendez_vous),
            ("Parcours", pub.situations), ("Parcours", pub.dispositifs),
            ("Parcours", pub.freins), ("Parcours", cej.intensite_cej),
            ("Mobilité", prog.ateliers), ("Mobilité", prog.auto_ecole),
            ("Parrainage", prog.parrainage), ("Actions collectives", actions.actions_collectives),
            ("Emploi", emp.emploi)]


@dataclass
class Resultat:
    periode: Periode
    perimetre: Perimetre
    groupes: list[tuple[str, Tableau]]  # (group, table) in display order

    @property
    def tableaux(self) -> list[Tableau]:
        return [t for _, t in self.groupes]

    def tableau(self, cle: str) -> Tableau:
        return next(t for t in self.tableaux if t.cle == cle)


def calculer(profile: Profile, periode: Periode, perimetre: Perimetre | None = None, *,
             progress: Callable[[int, int, str], None] | None = None,
             objectifs: dict[str, Any] | None = None) -> Resultat:
    """Every indicator for ``periode`` and ``perimetre`` (default: the profile's structure).

    Aggregates of the whole structure: the staff's (permission ``statistiques.voir``), never a parrain's."""
    from desktop_app.security.permissions import exiger

    exiger(profile, "statistiques.voir")
    perimetre = perimetre or Perimetre(structure_id=profile.structure_id)
    params = {"debut": periode.debut.isoformat(), "fin": periode.fin.isoformat(),
              "structure": perimetre.structure_id, "lieu": perimetre.lieu_id, "conseiller": perimetre.conseiller_id}
    from desktop_app.services.sync.horloge import aujourdhui

    params["aujourdhui"] = aujourdhui(profile).isoformat()  # weeks not over yet are not counted (CEJ intensity)
    etapes = registre()
    groupes: list[tuple[str, Tableau]] = []
    # The computation allocates some 10^5 short-lived tuples (rows, keys) and no cycles: the cyclic collector's
    # passes meanwhile were ~12 % of a year's CPU on the 100k profile. Reference counting still frees everything.
    ramasse = gc.isenabled()
    gc.disable()
    try:
        groupes = _calculer(profile, etapes, periode, perimetre, params, progress)
    finally:
        if ramasse:
            gc.enable()
    if progress is not None:
        progress(len(etapes), len(etapes), "Terminé")
    if objectifs:
        tableaux = appliquer_objectifs([t for _, t in groupes], objectifs)
        groupes = [(g, t) for (g, _), t in zip(groupes, tableaux)]
    return Resultat(periode, perimetre, groupes)


def _calculer(profile: Profile, etapes: list, periode: Periode, perimetre: Perimetre, params: dict,
              progress: Callable[[int, int, str], None] | None) -> list[tuple[str, Tableau]]:
    """The tables of every step, on one connection (its cache and temporary store enlarged meanwhile)."""
    groupes: list[tuple[str, Tableau]] = []
    with profile.engine.connect() as conn:
        cache = conn.execute(text("PRAGMA cache_size")).scalar()
        temp_store = conn.execute(text("PRAGMA temp_store")).scalar()
        # the period's index pages are read by several aggregates: keep them decrypted in memory meanwhile;
        # temporary tables and DISTINCT indexes in memory (a temp file would be encrypted page by page too)
        conn.execute(text(f"PRAGMA cache_size = {CACHE_CALCUL}"))
        conn.execute(text("PRAGMA temp_store = MEMORY"))
        context = Contexte(conn, periode, perimetre, params)
        from desktop_app.services.indicateurs.publics import TEMPORAIRES, preparer_contacts

        preparer_contacts(context)
        try:
            for i, (groupe, fn) in enumerate(etapes):
                if progress is not None:
                    progress(i, len(etapes), f"Calcul : {groupe.lower()}…")
                groupes += [(groupe, t) for t in fn(context)]
        finally:
            for table in TEMPORAIRES:
                conn.execute(text(f"DROP TABLE IF EXISTS temp.{table}"))
            conn.rollback()
            conn.execute(text(f"PRAGMA cache_size = {int(cache)}"))
            conn.execute(text(f"PRAGMA temp_store = {int(temp_store)}"))
    return groupes


def choix_perimetre(profile: Profile) -> dict[str, list[tuple[str, str]]]:
    """Lieux and conseillers of the structure offered by the scope selector: {"lieux": [(id, nom)], …}."""
    from desktop_app.security.permissions import exiger

    exiger(profile, "statistiques.voir")
    with profile.engine.connect() as conn:
        lieux = conn.execute(text("SELECT id, nom FROM lieu WHERE deleted = 0 AND structure_id = :s ORDER BY nom"),
                             {"s": profile.structure_id}).all()
        users = conn.execute(text(
            "SELECT id, COALESCE(prenom || ' ' || nom, nom) FROM utilisateur WHERE deleted = 0 "
            "AND structure_id = :s AND role IN ('conseiller', 'referent_parrainage', 'direction', 'admin') "
            "ORDER BY nom, prenom"), {"s": profile.structure_id}).all()
    return {"lieux": [(r[0], r[1]) for r in lieux], "conseillers": [(r[0], r[1]) for r in users]}


def _plie(texte: str) -> str:
    """Case- and accent-folded text, for matching a name typed on the command line."""
    import unicodedata

    decompose = unicodedata.normalize("NFKD", texte.casefold())
    return " ".join("".join(c for c in decompose if not unicodedata.combining(c)).split())


def _trouver(valeur: str, choix: list[tuple[str, str]], quoi: str, pluriel: str) -> tuple[str, str]:
    """(id, name) of ``choix`` named by ``valeur``: its id, its full name, or a unique part of its name."""
    for ident, nom in choix:
        if valeur == ident:
            return ident, nom
    plie = _plie(valeur)
    exacts = [(i, n) for i, n in choix if _plie(n) == plie]
    trouves = exacts or [(i, n) for i, n in choix if plie and plie in _plie(n)]
    if len(trouves) == 1:
        return trouves[0]
    noms = ", ".join(f"« {n} »" for _, n in (trouves or choix)) or "aucun"
    if trouves:
        raise UserError(f"Plusieurs {pluriel} correspondent à « {valeur} » : {noms}. Précisez le nom.")
    raise UserError(f"Aucun {quoi} ne correspond à « {valeur} ». {pluriel.capitalize()} possibles : {noms}.")


def perimetre_depuis(profile: Profile, *, lieu: str | None = None, referent: str | None = None,
                     qpv: bool = False) -> Perimetre:
    """The scope named on the command line (``passerelle report --lieu … --referent … --qpv``): a lieu and a
    référent of the structure by id, full name or a unique part of it (accents and case ignored); the label
    reads like the screen's (« Lieu : … », « Référent : … », « — jeunes résidant en QPV »)."""
    choix = choix_perimetre(profile) if lieu or referent else {"lieux": [], "conseillers": []}
    morceaux, lieu_id, conseiller_id = [], None, None
    if lieu:
        lieu_id, nom = _trouver(lieu, choix["lieux"], "lieu", "lieux")
        morceaux.append(f"Lieu : {nom}")
    if referent:
        conseiller_id, nom = _trouver(referent, choix["conseillers"], "référent", "référents")
        morceaux.append(f"Référent : {nom}")
    libelle = " — ".join(morceaux) or "Toute la structure"
    if qpv:
        libelle += " — jeunes résidant en QPV"
    return Perimetre(profile.structure_id, lieu_id=lieu_id, conseiller_id=conseiller_id, qpv_seulement=qpv,
                     libelle=libelle)


def nom_structure(profile: Profile) -> str:
    with profile.engine.connect() as conn:
        return conn.execute(text("SELECT nom FROM structure WHERE id = :s"), {"s": profile.structure_id}).scalar() or ""
