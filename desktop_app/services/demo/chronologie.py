"""Demo data: a jeune's file over time — actualités, freins, propositions, situations, dispositifs."""
from __future__ import annotations

import datetime as dt
from datetime import UTC
import random
from bisect import bisect_left
from typing import Any

from desktop_app.services.demo.aujourdhui import HEURES_HEBDO
from desktop_app.services.demo import donnees as data
from desktop_app.services.demo.outils import Context, JeuneInfo, Weighted

TYPE_ACT = Weighted((("entretien_individuel", 62), ("information_collective", 7), ("atelier", 8),
                     ("entretien_partenaire", 6), ("mediation", 3), ("visite", 2), ("prestation", 5),
                     ("activites_exterieures", 3), ("autre", 4)))
MODALITE = Weighted((("sur_place", 62), ("telephone", 25), ("visio", 7), ("domicile", 6)))
DUREE = Weighted(((20, 10), (30, 35), (45, 30), (60, 18), (90, 5), (120, 2)))
THEMES = Weighted((("emploi", 30), ("formation", 20), ("alternance", 10), ("immersion", 8), ("projet_pro", 10),
                   ("logement", 6), ("sante", 4), ("citoyennete", 4), ("loisirs", 4), ("chantier_ecole", 2),
                   ("creation", 2)))
N_ACTUALITES = Weighted(tuple((n, w) for n, w in zip(range(1, 31), (
    4, 5, 6, 7, 7, 7, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), strict=True)))


def _actualites(context: Context, j: JeuneInfo, out: list[dict[str, Any]]) -> int:
    """About ten actualités over the file's life; a few are contacts made at a permanence hors les murs."""
    rng = context.rng
    n = N_ACTUALITES.one(rng)
    span = max(1, j.last - j.first)
    days = sorted(j.first + int(rng.random() * span) for _ in range(n - 1))
    types, modalites, durees = TYPE_ACT.many(rng, n), MODALITE.many(rng, n), DUREE.many(rng, n)
    notes, themes = data.NOTES_ACTUALITE, THEMES.many(rng, n)
    perm_days, perms = context.ref["permanence_days"], context.ref["permanences"]
    agences = context.lieux["agence"] + context.lieux["antenne"]
    fromordinal = dt.date.fromordinal
    latest = date = j.first
    out.append({"jeune_id": j.id, "date": fromordinal(date), "duree_minutes": 60, "conseiller_id": j.referent,
                "lieu_id": agences[0], "type": "entretien_individuel", "modalite": "sur_place",
                "themes": "projet_pro", "note": data.NOTE_PREMIER_ACCUEIL})
    for k in range(n - 1):
        date, type_, modalite = days[k], types[k], modalites[k]
        row = {"jeune_id": j.id, "date": None, "duree_minutes": durees[k], "conseiller_id": j.referent,
               "lieu_id": None, "type": type_, "modalite": modalite, "themes": themes[k],
               "note": notes[int(rng.random() * len(notes))] if rng.random() < 0.7 else None}
        if rng.random() < 0.05:  # met at a permanence hors les murs
            i = bisect_left(perm_days, date)
            if i < len(perm_days) and perm_days[i] <= context.today:
                date = perm_days[i]
                perm_id, lieu_id, conseiller_id = perms[i]
                row.update(permanence_id=perm_id, lieu_id=lieu_id, conseiller_id=conseiller_id,
                           modalite="sur_place", type="entretien_individuel")
        elif modalite == "sur_place":
            row["lieu_id"] = agences[int(rng.random() * len(agences))]
        if type_ == "information_collective":
            row["duree_minutes"] = 120
        row["date"] = fromordinal(date)
        out.append(row)
        latest = date if date > latest else latest
    return latest


FREIN_THEME = Weighted((("mobilite", 25), ("financier", 15), ("logement", 15), ("numerique", 10),
                        ("administratif", 10), ("famille", 8), ("langue", 7), ("sante", 6), ("justice", 4)))
FREIN_STATUT = Weighted((("identifie", 25), ("en_cours", 35), ("leve", 30), ("abandonne", 10)))
N_FREINS = Weighted(((0, 25), (1, 35), (2, 22), (3, 12), (4, 6)))


def _day_in(rng: random.Random, j: JeuneInfo, until: int | None = None) -> int:
    return j.first + int(rng.random() * max(1, (until or j.last) - j.first))


def _freins(context: Context, j: JeuneInfo, out: list[dict[str, Any]], historique: list[dict[str, Any]]) -> None:
    """Freins by theme; santé and justice stay yes/no flags (no item). The status is dated, and its path kept
    (``historique``: a frein levé or abandonné a while after being identified went « en cours » half-way)."""
    rng = context.rng
    seen: set[str] = set()
    for _ in range(N_FREINS.one(rng)):
        theme = FREIN_THEME.one(rng)
        if theme in seen:
            continue
        seen.add(theme)
        day = _day_in(rng, j)
        statut = FREIN_STATUT.one(rng)
        changed = min(context.today, day + rng.randrange(15, 300)) if statut != "identifie" else day
        items = data.ITEMS_FREIN.get(theme)
        frein_id = context.new_id()
        out.append({"id": frein_id, "jeune_id": j.id, "theme": theme, "item": rng.choice(items) if items else None,
                    "impact": rng.choice(("fort", "moyen", "moyen", "faible")), "statut": statut,
                    "date_identification": dt.date.fromordinal(day), "date_statut": dt.date.fromordinal(changed)})
        if statut in ("leve", "abandonne") and changed - day > 30:  # no draw: the demo's other values stay
            historique.append({"frein_id": frein_id, "statut": "en_cours",
                               "date": dt.date.fromordinal(day + (changed - day) // 2)})
        if statut != "identifie":
            historique.append({"frein_id": frein_id, "statut": statut, "date": dt.date.fromordinal(changed)})


PROP_STATUT = Weighted((("realisee", 35), ("refusee", 12), ("abandonnee", 13), ("acceptee", 22), ("proposee", 18)))
N_PROPOSITIONS = Weighted(((0, 15), (1, 25), (2, 25), (3, 18), (4, 10), (5, 7)))


def _propositions(context: Context, j: JeuneInfo, out: list[dict[str, Any]]) -> None:
    rng = context.rng
    for _ in range(N_PROPOSITIONS.one(rng)):
        theme = THEMES.one(rng)
        libelle, partenaire = rng.choice(data.PROPOSITIONS[theme])
        day = _day_in(rng, j)
        statut = PROP_STATUT.one(rng) if day < context.today - 30 else rng.choice(("proposee", "acceptee"))
        out.append({"jeune_id": j.id, "theme": theme, "libelle": libelle, "partenaire": partenaire,
                    "date_proposition": dt.date.fromordinal(day), "date_echeance": dt.date.fromordinal(day + 30),
                    "statut": statut, "date_statut": dt.date.fromordinal(min(context.today, day + rng.randrange(1, 45)))
                    if statut != "proposee" else None})


SITUATION = Weighted((("emploi", 35), ("formation", 20), ("alternance", 10), ("immersion", 8), ("volontariat", 5),
                      ("scolarite", 7), ("demandeur_emploi", 15)))
CONTRAT = Weighted((("cdi", 18), ("cdd", 40), ("interim", 25), ("contrat_aide", 7), ("independant", 3),
                    ("autre", 7)))
N_SITUATIONS = Weighted(((0, 30), (1, 40), (2, 20), (3, 10)))
MOIS_CDD = (1, 2, 3, 4, 6, 6, 8, 9, 12, 12, 18)


def _situations(context: Context, j: JeuneInfo, out: list[dict[str, Any]]) -> None:
    """What the jeune did: jobs (some CDI or CDD of 6 months and more: emploi durable), training…"""
    rng = context.rng
    for _ in range(N_SITUATIONS.one(rng)):
        categorie = SITUATION.one(rng)
        debut = _day_in(rng, j, context.today + 30)
        contrat, mois, employeur = None, None, None
        if categorie == "emploi":
            contrat = CONTRAT.one(rng)
            mois = rng.choice(MOIS_CDD) if contrat in ("cdd", "contrat_aide") else None
            employeur = rng.choice(data.EMPLOYEURS)
            fin = debut + mois * 30 if mois else (debut + rng.randrange(7, 120) if contrat == "interim" else None)
        elif categorie == "alternance":
            contrat = rng.choice(("apprentissage", "professionnalisation"))
            mois, employeur = rng.choice((12, 24)), rng.choice(data.EMPLOYEURS)
            fin = debut + mois * 30
        elif categorie in ("formation", "scolarite"):
            employeur, fin = rng.choice(data.ORGANISMES), debut + rng.randrange(60, 300)
        elif categorie == "immersion":
            employeur, fin = rng.choice(data.EMPLOYEURS), debut + rng.randrange(5, 30)
        elif categorie == "volontariat":
            employeur, fin = "Unis-Cité", debut + 240
        else:
            fin = debut + rng.randrange(30, 365) if rng.random() < 0.7 else None
        etat = "prevue" if debut > context.today else ("terminee" if fin is not None and fin < context.today else "en_cours")
        out.append({"jeune_id": j.id, "categorie": categorie, "etat": etat,
                    "date_debut": dt.date.fromordinal(debut),
                    "date_fin": dt.date.fromordinal(fin) if fin is not None else None,
                    "employeur": employeur, "type_contrat": contrat, "duree_contrat_mois": mois,
                    "heures_hebdo": HEURES_HEBDO.get(categorie)})


CEJ_START = dt.date(2022, 3, 1).toordinal()
SORTIE = Weighted((("emploi", 35), ("formation", 20), ("fin", 30), ("abandon", 10), ("demenagement", 3),
                   ("autre", 2)))


def _dispositifs(context: Context, j: JeuneInfo, out: list[dict[str, Any]]) -> None:
    """CEJ (since March 2022), Garantie jeunes before it, PACEA, a few PPAE."""
    rng = context.rng
    r = rng.random()
    if r < 0.35:
        type_, mois = ("cej", 12) if j.last >= CEJ_START else ("garantie_jeunes", 12)
    elif r < 0.7:
        type_, mois = "pacea", 24
    elif r < 0.76:
        type_, mois = "ppae", 12
    else:
        return
    debut = _day_in(rng, j)
    if type_ == "cej":
        debut = max(debut, CEJ_START)
    elif type_ == "garantie_jeunes":
        debut = min(debut, CEJ_START - 1)
    fin_prevue = debut + mois * 30
    fin_reelle = fin_prevue if fin_prevue < context.today else None
    if rng.random() < 0.2:  # early exit
        early = debut + rng.randrange(30, mois * 30)
        fin_reelle = early if early < context.today else fin_reelle
    out.append({"jeune_id": j.id, "type": type_, "date_debut": dt.date.fromordinal(debut),
                "date_fin_prevue": dt.date.fromordinal(fin_prevue),
                "date_fin_reelle": dt.date.fromordinal(fin_reelle) if fin_reelle else None,
                "motif_sortie": SORTIE.one(rng) if fin_reelle else None})


def _journal(context: Context, j: JeuneInfo, last_contact: int, out: list[dict[str, Any]]) -> None:
    """The access log: who opened, changed or printed the dossier and when (never what it holds)."""
    rng = context.rng
    if rng.random() < 0.5:
        day = dt.date.fromordinal(last_contact)
        quand = dt.datetime(day.year, day.month, day.day, rng.randrange(8, 18), rng.randrange(60), tzinfo=UTC)
        out.append({"structure_id": context.structure_id, "utilisateur_id": j.referent, "role": "conseiller",
                    "action": "modifie", "jeune_id": j.id, "quand": quand})
        if rng.random() < 0.05:
            out.append({"structure_id": context.structure_id, "utilisateur_id": j.referent, "role": "conseiller",
                        "action": "imprime", "jeune_id": j.id, "objet": "fiche de liaison",
                        "quand": quand + dt.timedelta(minutes=5)})
