"""The immersion (PMSMP) convention and its bilan, as PDFs: the fields of the official agreement — bénéficiaire,
prescripteur, structure d'accueil, tuteur, objet, dates, horaires, lieu, activités, compétences — and the
signatures of the three parties; the bilan: skills observed, assiduité, savoir-être, what follows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from desktop_app.documents.commun import (
    build_pdf,
    format_date,
    para,
    signature_block,
    signature_row,
    table,
    usable_width,
)

TITRE = "Convention d'immersion professionnelle (PMSMP)"
TITRE_BILAN = "Bilan de l'immersion professionnelle (PMSMP)"


@dataclass(frozen=True)
class ConventionData:
    """What the convention and the bilan print (``services.immersions.documents`` fills it)."""
    structure_nom: str
    structure_adresse: str
    conseiller_nom: str
    jeune_nom: str
    jeune_naissance: dt.date | None
    jeune_adresse: str
    jeune_telephone: str
    mineur: bool
    representant_nom: str
    entreprise_nom: str
    entreprise_adresse: str
    entreprise_siret: str
    entreprise_telephone: str
    tuteur_nom: str
    tuteur_fonction: str
    tuteur_telephone: str
    tuteur_email: str
    objectif: str
    metier: str
    date_debut: dt.date
    date_fin: dt.date
    date_fin_renouvellement: dt.date | None
    heures_hebdo: int
    horaires: str
    lieu: str
    activites: str
    competences: tuple[str, ...]
    date_signature: dt.date | None
    # bilan
    date_bilan: dt.date | None = None
    competences_observees: str = ""
    assiduite: str = ""
    savoir_etre: str = ""
    suite: str = ""
    bilan_commentaire: str = ""


VIDE = "…………………………………………"


def _ou(value: str) -> str:
    return value or VIDE


def _parties(c: ConventionData, width: float):
    naissance = f", né·e le {format_date(c.jeune_naissance)}" if c.jeune_naissance else ""
    rows = [("Bénéficiaire", f"{c.jeune_nom}{naissance}" + (" (mineur·e)" if c.mineur else "")),
            ("Adresse du bénéficiaire", _ou(c.jeune_adresse)),
            ("Téléphone du bénéficiaire", _ou(c.jeune_telephone))]
    if c.mineur:
        rows.append(("Représentant légal", _ou(c.representant_nom)))
    rows += [("Prescripteur", f"{c.structure_nom}" + (f" — {c.structure_adresse}" if c.structure_adresse else "")),
             ("Conseiller ou conseillère référent·e", _ou(c.conseiller_nom)),
             ("Structure d'accueil", c.entreprise_nom + (f" — {c.entreprise_adresse}" if c.entreprise_adresse else "")),
             ("SIRET de la structure d'accueil", _ou(c.entreprise_siret)),
             ("Tuteur ou tutrice", c.tuteur_nom + (f", {c.tuteur_fonction}" if c.tuteur_fonction else "")),
             ("Coordonnées du tuteur", " — ".join(x for x in (c.tuteur_telephone, c.tuteur_email) if x) or VIDE)]
    return table(("Partie", "Identité"), rows, widths=[width * 0.34, width * 0.66])


def _periode(c: ConventionData, width: float):
    renouvellement = (f"renouvelée jusqu'au {format_date(c.date_fin_renouvellement)}"
                      if c.date_fin_renouvellement else "non renouvelée")
    rows = [("Objet de l'immersion", c.objectif),
            ("Métier ou poste observé", _ou(c.metier)),
            ("Dates", f"du {format_date(c.date_debut)} au {format_date(c.date_fin)} ({renouvellement})"),
            ("Durée hebdomadaire", f"{c.heures_hebdo} heures par semaine"),
            ("Horaires", _ou(c.horaires)),
            ("Lieu de l'immersion", _ou(c.lieu or c.entreprise_adresse))]
    return table(("Rubrique", "Contenu"), rows, widths=[width * 0.34, width * 0.66])


def _texte_lignes(texte: str) -> list:
    lignes = [line.strip(" -•") for line in (texte or "").splitlines() if line.strip()]
    return [para(f"• {line}") for line in lignes] or [para(VIDE)]


def _signatures(c: ConventionData, width: float, mention: str):
    parties = [("Le bénéficiaire", [c.jeune_nom])]
    if c.mineur:
        parties.append(("Le représentant légal", [c.representant_nom or VIDE]))
    parties += [("Le prescripteur", [c.conseiller_nom, c.structure_nom]),
                ("La structure d'accueil", [c.entreprise_nom, f"Tuteur : {c.tuteur_nom}"])]
    # boxes side by side of one height: a structure name too long for its box takes two lines, the others get a
    # blank line more (signature_block pads by lines given, not by lines drawn)
    long_nom = len(c.structure_nom) > 28
    blocks = [signature_block(titre, lines, width=width / len(parties) - 4 * mm, mention=mention,
                              lignes_min=(2 if titre == "Le prescripteur" else 3) if long_nom else 2)
              for titre, lines in parties]
    return signature_row(blocks, total_width=width)


def build_convention(c: ConventionData) -> bytes:
    """The convention's PDF bytes."""
    width = usable_width()
    story = [para(TITRE, "titre"),
             para("Période de mise en situation en milieu professionnel (Code du travail, articles L5135-1 et "
                  "suivants)", "centre"),
             Spacer(1, 3 * mm),
             para("Les parties", "sous-titre"), _parties(c, width),
             para("Objet, dates et horaires", "sous-titre"), _periode(c, width),
             para("Activités confiées", "sous-titre"), *_texte_lignes(c.activites),
             para("Compétences à observer", "sous-titre"),
             *([para(f"• {comp}") for comp in c.competences] or [para(VIDE)]),
             KeepTogether([
             para("Engagements", "sous-titre"),
             para("Le bénéficiaire reste inscrit auprès du prescripteur et garde son statut ; il n'est pas rémunéré "
                  "par la structure d'accueil. La période ne peut excéder un mois ; elle peut être renouvelée une "
                  "fois pour le même objet. La structure d'accueil désigne un tuteur qui accueille, guide et évalue "
                  "le bénéficiaire, et prévient le prescripteur de toute absence ou difficulté. Le prescripteur "
                  "suit le déroulement et réalise le bilan avec le tuteur et le bénéficiaire."),
             Spacer(1, 3 * mm),
             para(f"Fait à ………………………………, le {format_date(c.date_signature) if c.date_signature else '……/……/…………'}, "
                  f"en {'quatre' if c.mineur else 'trois'} exemplaires."),
             _signatures(c, width, "Lu et approuvé, date et signature")])]
    return build_pdf(story, structure=c.structure_nom, titre=TITRE)


def build_bilan(c: ConventionData) -> bytes:
    """The bilan's PDF bytes (an immersion without bilan prints a blank bilan to fill in by hand)."""
    width = usable_width()
    periode = f"du {format_date(c.date_debut)} au {format_date(c.date_fin_renouvellement or c.date_fin)}"
    story = [para(TITRE_BILAN, "titre"),
             para(f"{c.jeune_nom} chez {c.entreprise_nom}, {periode}", "centre"),
             Spacer(1, 3 * mm),
             table(("Rubrique", "Contenu"),
                   [("Bénéficiaire", c.jeune_nom), ("Structure d'accueil", c.entreprise_nom),
                    ("Tuteur ou tutrice", c.tuteur_nom), ("Prescripteur", f"{c.conseiller_nom}, {c.structure_nom}"),
                    ("Objet de l'immersion", c.objectif), ("Métier ou poste observé", _ou(c.metier)),
                    ("Date du bilan", format_date(c.date_bilan) if c.date_bilan else VIDE)],
                   widths=[width * 0.34, width * 0.66]),
             para("Compétences observées", "sous-titre"), *_texte_lignes(c.competences_observees),
             para("Appréciations", "sous-titre"),
             table(("Critère", "Appréciation"),
                   [("Assiduité et ponctualité", _ou(c.assiduite)), ("Savoir-être", _ou(c.savoir_etre)),
                    ("Suite donnée", _ou(c.suite))], widths=[width * 0.34, width * 0.66]),
             para("Observations", "sous-titre"), para(c.bilan_commentaire or VIDE),
             _signatures(c, width, "Date et signature")]
    return build_pdf(story, structure=c.structure_nom, titre=TITRE_BILAN)
