"""« Imprimer la journée » (issue 15): a conseiller's day on A4 — time, jeune, lieu, objet of each rendez-vous and
the day's sessions. Minimal personal data: names only, never a note, a phone number nor an address of a jeune.
Pure function: data in (``services.agenda.impression.journee_data``), PDF bytes out."""
from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from desktop_app.documents.commun import build_pdf, para, table, usable_width

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def date_longue(jour) -> str:
    return f"{JOURS[jour.weekday()]} {jour.day} {MOIS[jour.month - 1]} {jour.year}"


def build_journee(data: dict[str, Any]) -> bytes:
    w = usable_width()
    story: list = [para(f"Journée du {date_longue(data['date'])}", "titre"),
                   para(f"{data['conseiller']} — {data['structure']}", "centre"), Spacer(1, 3 * mm)]
    if data["lignes"]:
        story.append(table(["Heure", "Jeune(s)", "Lieu", "Objet", "Statut"], data["lignes"],
                           widths=[w * 0.15, w * 0.28, w * 0.21, w * 0.24, w * 0.12]))
    else:
        story.append(para("Aucun rendez-vous ce jour-là.", "corps"))
    if data["seances"]:
        story.append(Spacer(1, 4 * mm))
        story.append(para("Séances du jour", "sous-titre"))
        story.append(table(["Heure", "Séance", "Lieu", "Inscrits"], data["seances"],
                           widths=[w * 0.15, w * 0.45, w * 0.28, w * 0.12]))
    story.append(Spacer(1, 4 * mm))
    story.append(para("Document de travail : à ne pas laisser à la vue du public, à détruire après usage.", "petit"))
    return build_pdf(story, structure=data["structure"], titre=f"Agenda du {data['date']:%d/%m/%Y}")
