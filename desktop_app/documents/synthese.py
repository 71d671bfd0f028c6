"""Synthèse du parcours (issue 15): a readable summary of a jeune's path, for the jeune or for a partner the jeune
agrees to. Minimal identity, dispositifs, situations, propositions and their outcome, freins lifted, ateliers
attended, auto-école and parrainage milestones. Never a free-text note, never a health or justice frein: the
service leaves them out before this builder sees the data (:mod:`desktop_app.services.attestations`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from desktop_app.documents.commun import build_pdf, para, table, usable_width
from desktop_app.documents.courriers import EnTete
from desktop_app.domain.formats import format_date


@dataclass(frozen=True)
class Section:
    titre: str
    entetes: tuple[str, ...]
    lignes: list[tuple[str, ...]]
    vide: str = "Aucun élément."


@dataclass(frozen=True)
class DonneesSynthese:
    entete: EnTete
    jeune: str
    date_naissance: dt.date | None
    commune: str | None
    premier_accueil: dt.date | None
    referent: str | None
    destinataire: str | None  # a partner named with the jeune's agreement; None: for the jeune
    le: dt.date
    auteur: str
    sections: list[Section] = field(default_factory=list)


def build_synthese(d: DonneesSynthese) -> bytes:
    story = [para("Synthèse du parcours", "titre"), para(d.jeune, "centre")]
    identite = [("Date de naissance", format_date(d.date_naissance, "non renseignée")),
                ("Commune", d.commune or "non renseignée"),
                ("Inscrit·e depuis le", format_date(d.premier_accueil, "non renseigné")),
                ("Conseiller·ère référent·e", d.referent or "non désigné·e")]
    story += [para("Identité et inscription", "sous-titre"),
              table(("Rubrique", "Information"), identite, widths=[60 * mm, usable_width() - 60 * mm])]
    for section in d.sections:
        story.append(para(section.titre, "sous-titre"))
        if section.lignes:
            story.append(table(section.entetes, section.lignes))
        else:
            story.append(para(section.vide, "petit"))
    story.append(Spacer(1, 6 * mm))
    if d.destinataire:
        story.append(para(f"Document remis à {d.destinataire}, avec l'accord du jeune, le {format_date(d.le)}."))
    else:
        story.append(para(f"Document remis à l'intéressé·e le {format_date(d.le)}."))
    story.append(para(f"Établi par {d.auteur}, {d.entete.nom}. Ce document ne contient ni les notes des "
                      "entretiens ni d'information de santé ou de justice.", "petit"))
    return build_pdf(story, structure=d.entete.nom, titre="Synthèse du parcours", auteur=d.auteur)
