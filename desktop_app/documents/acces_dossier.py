"""The access-request document (RGPD right of access): everything held about a jeune, as a PDF.

Pure function: the extraction dict of :func:`desktop_app.services.securite.rgpd.extraction` in, PDF bytes out.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reportlab.lib.units import mm

from desktop_app.documents.commun import build_pdf, para, table, usable_width

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}).*)?$")
_HIDDEN = {"structure_id", "deleted"}
TITRES = {
    "actualite": "Actualités (entretiens, ateliers…) et notes", "frein": "Freins", "proposition": "Propositions",
    "situation": "Situations", "dispositif_participation": "Dispositifs", "parrainage": "Parrainages",
    "rencontre_parrainage": "Rencontres de parrainage", "objectif_parrainage": "Objectifs de parrainage",
    "parcours_auto_ecole": "Auto-école sociale (contrats)", "pret": "Prêts", "atelier_participation": "Ateliers",
}


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str) and (m := _ISO_DATE.match(value)):
        day = f"{m[3]}/{m[2]}/{m[1]}"
        return f"{day} {m[4]}:{m[5]}" if m[4] else day
    return str(value)


def _fields(record: dict[str, Any]) -> list[list[str]]:
    return [[name.replace("_", " "), _value(v)] for name, v in record.items() if name not in _HIDDEN]


def build(data: dict[str, Any], *, structure: str, edite_le: dt.date | None = None) -> bytes:
    width = usable_width()
    widths = [55 * mm, width - 55 * mm]
    jeune = data["jeune"]
    story = [para("Données détenues sur une personne (droit d'accès)", "titre"),
             para(f"Édité le {(edite_le or dt.date.today()).strftime('%d/%m/%Y')} par {structure}. "
                  "Ce document reprend toutes les informations enregistrées dans Passerelle : le dossier, son "
                  "suivi, les notes, les contrats et le journal des accès au dossier."),
             para("Dossier", "sous-titre"), table(["Information", "Valeur"], _fields(jeune), widths=widths)]
    for name, records in data["enregistrements"].items():
        story.append(para(f"{TITRES.get(name, name.replace('_', ' ').capitalize())} ({len(records)})", "sous-titre"))
        for record in records:
            story.append(table(["Information", "Valeur"], _fields(record), widths=widths))
            story.append(para(" ", "petit"))
    log = data.get("journal_acces", [])
    story.append(para(f"Journal des accès au dossier ({len(log)})", "sous-titre"))
    story.append(table(["Date", "Action", "Rôle", "Utilisateur (id)"],
                       [[_value(e["quand"]), e["action"], e["role"], e["utilisateur_id"]] for e in log]))
    return build_pdf(story, structure=structure, titre="Droit d'accès — données détenues")
