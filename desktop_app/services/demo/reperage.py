"""Demo data of the repérage (issue 17): lists from the JDC, the MGI, the PJJ, street educators and a centre
social, received weeks or months ago, their entries at every stage (to contact, tried, reached, given a
rendez-vous, came — linked to a dossier —, injoignable, refused, already followed) with their tries."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from desktop_app.db import models as m
from desktop_app.services.demo import donnees as data

if TYPE_CHECKING:
    from desktop_app.services.demo.outils import Context

D = dt.date.fromordinal
# (source, name, days before today, entries, place, reason)
LISTES = (
    ("jdc", "JDC — session de {mois}", 12, 18, ("Lycée Jean-Jaurès", "Lycée Paul-Langevin", "Collège Camus"),
     "Difficultés de lecture repérées à la JDC"),
    ("mgi_cio", "MGI — décrocheurs du CIO de Sarcelles", 45, 14, ("Collège Voltaire", "Lycée pro Arthur-Rimbaud"),
     "Sortie du système scolaire sans diplôme"),
    ("pjj", "PJJ — jeunes suivis (UEMO)", 95, 8, ("UEMO Sarcelles",), "Suivi PJJ, projet d'insertion à construire"),
    ("prevention", "Éducateurs de rue — quartier des Lochères", 150, 12, ("Quartier des Lochères", "Les Flanades"),
     "Rencontré·e par l'équipe de prévention"),
    ("centre_social", "Centre social Les Rosiers", 230, 10, ("Centre social Les Rosiers",),
     "Orienté·e par l'animatrice du centre social"),
)
# Where the entries of a list stand, by age of the list (weights of each status).
_ETAPES = {
    "recente": (("a_contacter", 10), ("tentative", 5), ("joint", 2), ("rdv_fixe", 1)),
    "moyenne": (("a_contacter", 2), ("tentative", 4), ("joint", 2), ("rdv_fixe", 2), ("venu", 3), ("injoignable", 2),
                ("refus", 1), ("deja_suivi", 1)),
    "ancienne": (("tentative", 1), ("venu", 4), ("injoignable", 4), ("refus", 2), ("deja_suivi", 1)),
}
_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre")
_TYPE_PARTENAIRE = {"pjj": "pjj", "centre_social": "centre_social", "mgi_cio": "etablissement_scolaire",
                    "club": "club"}
CANAUX = ("telephone", "telephone", "sms", "email", "courrier", "visite", "partenaire")


def _statut(rng, age: int) -> str:
    weights = _ETAPES["recente" if age < 30 else "moyenne" if age < 120 else "ancienne"]
    return rng.choices([s for s, _ in weights], [w for _, w in weights])[0]


def remplir(s, context: Context, insert) -> None:
    """Write the lists, entries and tries (after the jeunes: some entries link to their dossier)."""
    rng = context.rng
    dossiers = list(s.execute(select(m.Jeune.id, m.Jeune.nom_naissance, m.Jeune.prenoms, m.Jeune.date_naissance,
                                     m.Jeune.telephone).where(m.Jeune.deleted.is_(False))
                              .order_by(m.Jeune.id).limit(400)))
    rng.shuffle(dossiers)
    partenaires: dict[str, str] = {}  # the directory's partner of each source's kind, when the demo has one
    for partenaire_id, type_ in s.execute(select(m.Partenaire.id, m.Partenaire.type).where(
            m.Partenaire.deleted.is_(False)).order_by(m.Partenaire.id)):
        partenaires.setdefault(type_, partenaire_id)
    listes: list[dict[str, Any]] = []
    entrees: list[dict[str, Any]] = []
    tentatives: list[dict[str, Any]] = []
    for source, nom, age, count, lieux, motif in LISTES:
        reception = D(context.today - age)
        liste_id = context.new_id()
        listes.append({"id": liste_id, "structure_id": context.structure_id, "source": source,
                       "nom": nom.format(mois=_MOIS[reception.month - 1]), "date_reception": reception,
                       "partenaire_id": partenaires.get(_TYPE_PARTENAIRE.get(source, "")),
                       "responsable_id": rng.choice(context.conseillers) if context.conseillers else None})
        for _ in range(count):
            statut = _statut(rng, age)
            linked = statut in ("venu", "deja_suivi", "rdv_fixe") and dossiers
            if linked:
                jeune_id, nom_p, prenom, naissance, telephone = dossiers.pop()
            else:
                jeune_id = None
                prenom = rng.choice(data.PRENOMS_F if rng.random() < 0.5 else data.PRENOMS_H)
                nom_p = rng.choice(data.NOMS)
                naissance = D(context.today - rng.randint(16 * 365, 22 * 365)) if rng.random() < 0.8 else None
                telephone = f"+336{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.85 else None
            if statut in ("venu", "deja_suivi", "rdv_fixe") and not linked:
                statut = "joint"  # no dossier to link in a tiny demo
            entree_id = context.new_id()
            tries = 0 if statut == "a_contacter" else 1 if statut == "deja_suivi" else rng.randint(1, 3)
            days = sorted(rng.randint(1, max(2, min(age, 40))) for _ in range(tries))
            conseiller = rng.choice(context.conseillers) if context.conseillers and statut != "a_contacter" else None
            for i, day in enumerate(days):
                last = i == tries - 1
                resultat = ("joint" if last and statut in ("joint", "rdv_fixe", "venu") else
                            "refus" if last and statut == "refus" else rng.choice(("sans_reponse", "message")))
                tentatives.append({"id": context.new_id(), "entree_id": entree_id, "date": D(reception.toordinal() + day),
                                   "canal": rng.choice(CANAUX), "resultat": resultat, "conseiller_id": conseiller})
            entrees.append({
                "id": entree_id, "liste_id": liste_id, "nom": nom_p, "prenom": prenom, "date_naissance": naissance,
                "lieu": rng.choice(lieux), "telephone": telephone,
                "email": f"{data.PRENOMS_F[0].lower()}.{rng.randint(1, 999)}@example.fr" if rng.random() < 0.2 else None,
                "motif": motif, "statut": statut, "conseiller_id": conseiller, "jeune_id": jeune_id,
                "date_statut": D(reception.toordinal() + (days[-1] if days else 0)) if statut != "a_contacter" else None,
                "date_premier_contact": D(reception.toordinal() + days[0]) if days else None,
                "derniere_tentative": (dt.datetime.combine(D(reception.toordinal() + days[-1]), dt.time(10), dt.UTC)
                                       if days else None),
                "nb_tentatives": tries})
    insert(s, m.ListeReperage, listes)
    insert(s, m.EntreeReperage, entrees)
    insert(s, m.TentativeContact, tentatives)
