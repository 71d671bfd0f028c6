"""The access-request document (RGPD right of access): everything held about a jeune, as a PDF for that person.

Pure function: the readable sections of :func:`desktop_app.services.securite.acces_lisible.sections` in (French
labels and values, names, dates JJ/MM/AAAA), PDF bytes out. A section holds cards (label / value) and tables.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph

from desktop_app.documents.commun import build_pdf, esc, para, styles, table, usable_width

INTRO = ("Ce document reprend toutes les informations enregistrées sur vous dans Passerelle, le logiciel de "
         "suivi de {structure} : votre dossier, son suivi, les contrats et la liste des personnes qui l'ont "
         "consulté ou modifié. Pour faire corriger ou effacer une information, adressez-vous à votre "
         "conseiller·ère ou à la direction de {structure}.")


def _card(bloc: dict[str, Any], width: float) -> list:
    lignes = bloc["lignes"] or [("—", "aucune information")]
    out = [para(f"<b>{esc(bloc['titre'])}</b>", markup=True)] if bloc.get("titre") else []
    out.append(table(["Information", "Valeur"], lignes, widths=[62 * mm, width - 62 * mm]))
    out.append(para(" ", "petit"))
    return out


def _titre_libre(titre: str) -> Paragraph:
    """A section title not kept with what follows (ReportLab would move a whole long table to the next page)."""
    return Paragraph(esc(titre), ParagraphStyle("sous-titre-libre", parent=styles()["sous-titre"], keepWithNext=0))


def _grid(bloc: dict[str, Any], width: float) -> list:
    colonnes = bloc["colonnes"]
    if not bloc["lignes"]:
        return [para("Aucune entrée.")]
    poids = bloc.get("largeurs") or [1] * len(colonnes)
    widths = [width * p / sum(poids) for p in poids]
    return [table(colonnes, bloc["lignes"], widths=widths), para(" ", "petit")]


def build(sections: Sequence[tuple[str, Sequence[dict[str, Any]]]], *, structure: str, personne: str,
          edite_le: dt.date | None = None) -> bytes:
    width = usable_width()
    nom = structure or "la structure"
    story = [para("Vos données enregistrées (droit d'accès)", "titre"),
             para(f"{personne} — document édité le {(edite_le or dt.date.today()).strftime('%d/%m/%Y')} "
                  f"par {nom}."),
             para(INTRO.format(structure=nom))]
    for titre, blocs in sections:
        head = [para(titre, "sous-titre")]
        for bloc in blocs:
            if "colonnes" in bloc:  # a long table starts on this page and goes on over the next ones
                story.extend([CondPageBreak(30 * mm), *([_titre_libre(titre)] if head else []), *_grid(bloc, width)])
            else:  # a card never splits, and a section title never ends a page
                story.append(KeepTogether(head + _card(bloc, width)))
            head = []
    return build_pdf(story, structure=structure, titre="Droit d'accès — données enregistrées")
