"""Feuille d'émargement of an atelier mobilité (A4): structure, session, one row per enrolled participant
(name and first name only — no more personal data than needed) with a signature box, and the animators'
signatures. Pure function: data in (``services.mobilite_ateliers.emargement_data``), PDF bytes out."""
from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from desktop_app.documents.commun import (
    build_pdf,
    esc,
    format_date,
    para,
    signature_block,
    signature_row,
    table,
    usable_width,
)

LIGNES_VIDES = 2  # for a participant who joins on the day, while the session has room
HAUTEUR_LIGNE = 9 * mm  # 15 participants, 2 spare rows and the signatures fit on one A4 page


def _heures(data: dict[str, Any]) -> str:
    debut, fin = data.get("heure_debut"), data.get("heure_fin")
    if debut and fin:
        return f"de {debut.strftime('%H:%M')} à {fin.strftime('%H:%M')}"
    return f"à {debut.strftime('%H:%M')}" if debut else ""


def build_emargement(data: dict[str, Any]) -> bytes:
    w = usable_width()
    co_anim = data.get("co_animateur_nom") or ""
    if data.get("co_animateur_organisation"):
        co_anim = f"{co_anim} ({data['co_animateur_organisation']})" if co_anim else data["co_animateur_organisation"]
    details = [
        ("Date", f"{format_date(data['date'])} {_heures(data)}".strip()),
        ("Lieu", data.get("lieu") or "—"),
        ("Niveau", data.get("niveau") or "—"),
        ("Co-animateur", co_anim or "—"),
        ("Inscrits", f"{len(data['participants'])} / {data.get('capacite', '')} places"),
    ]
    story: list = [para("Feuille d’émargement — Atelier mobilité", "titre"),
                   para(data["structure"], "centre"), Spacer(1, 2 * mm)]
    for label, value in details:
        story.append(para(f"<b>{esc(label)} :</b> {esc(value)}", "corps", markup=True))
    story.append(Spacer(1, 3 * mm))
    rows = [[str(n), nom.upper(), prenom, ""] for n, (nom, prenom) in enumerate(data["participants"], start=1)]
    spare = min(LIGNES_VIDES, max(0, int(data.get("capacite") or 0) - len(rows)))
    rows += [[str(len(rows) + k + 1), "", "", ""] for k in range(spare)]
    story.append(table(["N°", "Nom", "Prénom", "Signature"], rows,
                       widths=[w * 0.07, w * 0.33, w * 0.28, w * 0.32], row_heights=HAUTEUR_LIGNE))
    story.append(para("En signant, chaque participant atteste de sa présence à la séance.", "petit"))
    bw = w / 2 - 4
    story.append(signature_row([
        signature_block("L’animateur de la mission locale", [data["structure"]], width=bw, mention="Date et signature"),
        signature_block("Le co-animateur", [co_anim], width=bw, mention="Date et signature"),
    ], total_width=w))
    return build_pdf(story, structure=data["structure"],
                     titre=f"Émargement — atelier du {format_date(data['date'])}")
