"""The parrainage contract PDF: the three parties, the objectives by barrier, duration and rhythm, each party's
commitments and confidentiality (editable wording in resources/modeles/contrat_parrainage.txt), signatures."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from desktop_app.documents.commun import (
    build_pdf,
    fill,
    format_date,
    load_modele,
    para,
    signature_block,
    signature_row,
    table,
    usable_width,
)

TITRE = "Contrat de parrainage"
MODELE = "contrat_parrainage"


@dataclass(frozen=True)
class ObjectifContrat:
    libelle: str
    resultat_attendu: str


@dataclass(frozen=True)
class ContratData:
    """What the contract prints (the services fill it from the stored contract: ``services.parrainage``)."""

    structure_nom: str
    jeune_nom_complet: str
    mineur: bool
    representant_nom: str
    conseiller_nom: str
    parrain_nom: str
    parrain_employeur: str
    date_debut: dt.date
    fin_prevue: dt.date
    duree_mois: int
    prolongation_mois: int
    rythme: str
    rythme_jours: int
    lieux: str
    consentement_jeune: bool
    date_consentement: dt.date | None
    consentement_representant: bool
    objectifs: tuple[ObjectifContrat, ...]


def duree_texte(c: ContratData) -> str:
    if c.prolongation_mois == 3 and c.duree_mois == 6:
        return "6 mois, suivis de 3 mois de parrainage dans l'emploi"
    total = c.duree_mois + c.prolongation_mois
    if c.prolongation_mois:
        return f"{total} mois ({c.duree_mois} mois prolongés de {c.prolongation_mois} mois)"
    return f"{c.duree_mois} mois"


def rythme_texte(c: ContratData) -> str:
    base = "au moins une fois par semaine" if c.rythme_jours <= 7 else (
        "au moins une fois par mois" if 28 <= c.rythme_jours <= 31 else f"au moins une fois tous les {c.rythme_jours} jours")
    return f"{base} ({c.rythme})" if c.rythme else base


def valeurs(c: ContratData) -> dict[str, str]:
    return {"structure": c.structure_nom, "jeune": c.jeune_nom_complet, "parrain": c.parrain_nom,
            "conseiller": c.conseiller_nom, "date_debut": format_date(c.date_debut),
            "fin_prevue": format_date(c.fin_prevue), "duree": duree_texte(c), "rythme": rythme_texte(c),
            "lieux": c.lieux or "à convenir entre le jeune et son parrain ou sa marraine"}


def _parties(c: ContratData, width: float):
    rows = [("Le jeune", c.jeune_nom_complet + (" (mineur·e)" if c.mineur else "")),
            ("Le conseiller ou la conseillère", f"{c.conseiller_nom}, {c.structure_nom}"),
            ("Le parrain ou la marraine", c.parrain_nom + (f" — {c.parrain_employeur}" if c.parrain_employeur else ""))]
    if c.mineur:
        rows.insert(1, ("Son représentant légal", c.representant_nom or "…………………………………………"))
    return table(("Partie", "Identité"), rows, widths=[width * 0.32, width * 0.68])


def _consentements(c: ContratData) -> list:
    quand = f" le {format_date(c.date_consentement)}" if c.date_consentement else ""
    lines = [f"☑ Le jeune a donné son accord pour entrer en parrainage{quand}." if c.consentement_jeune
             else "☐ Accord du jeune pour entrer en parrainage."]
    if c.mineur:
        lines.append("☑ Le représentant légal a donné son accord." if c.consentement_representant
                     else "☐ Accord du représentant légal (le jeune est mineur).")
    return [para(line) for line in lines]


def build_contrat(c: ContratData, *, modeles_dir: Path | None = None) -> bytes:
    """The contract's PDF bytes."""
    width = usable_width()
    v = valeurs(c)
    modele = load_modele(MODELE, modeles_dir)
    story = [para(TITRE, "titre"),
             para(f"Entre {c.jeune_nom_complet}, {c.parrain_nom} et {c.structure_nom}", "centre"),
             Spacer(1, 3 * mm), para("Les parties", "sous-titre"), _parties(c, width),
             para("Objectifs du parrainage", "sous-titre"),
             para("Les objectifs portent sur les freins que le jeune souhaite lever avec l'aide de son parrain "
                  "ou de sa marraine."),
             table(("Frein à lever", "Résultat attendu"),
                   [(o.libelle, o.resultat_attendu or "—") for o in c.objectifs],
                   widths=[width * 0.32, width * 0.68]),
             para("Durée et rythme des rencontres", "sous-titre"),
             table(("Début", "Fin prévue", "Durée", "Rencontres"),
                   [(v["date_debut"], v["fin_prevue"], v["duree"], v["rythme"][:1].upper() + v["rythme"][1:])],
                   widths=[width * 0.15, width * 0.15, width * 0.3, width * 0.4])]
    for *_cle, titre, paragraphes in modele.sections:
        if titre:
            story.append(para(fill(titre, v), "sous-titre"))
        story += [para(fill(p, v)) for p in paragraphes]
    story += [para("Accords", "sous-titre"), *_consentements(c),
              Spacer(1, 3 * mm),
              para(f"Fait à ………………………………, le ……/……/…………, en {'quatre' if c.mineur else 'trois'} exemplaires.")]
    parties = [("Le jeune", [c.jeune_nom_complet])]
    if c.mineur:
        parties.append(("Le représentant légal", [c.representant_nom]))
    parties += [("Le conseiller ou la conseillère", [c.conseiller_nom, c.structure_nom]),
                ("Le parrain ou la marraine", [c.parrain_nom])]
    blocks = [signature_block(titre, lines, width=width / len(parties) - 4 * mm) for titre, lines in parties]
    story.append(signature_row(blocks, total_width=width))
    return build_pdf(story, structure=c.structure_nom, titre=TITRE)
