"""Feuille d'émargement of a séance (A4) — an atelier mobilité or any collective action (issue 17): structure,
séance, one row per enrolled participant (name and first name only — no more personal data than needed) with a
signature box, a line for the public counted without names (« Public compté : 28 élèves de 3e B »), and the
animators' signatures. Pure function: data in (``services.ateliers.seances.emargement_data`` or
``services.actions_collectives.inscriptions.emargement_data``), PDF bytes out. Without ``type`` the data is an
atelier mobilité's (the sheet as it always was)."""
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
    type_action = data.get("type") or "Atelier mobilité"
    capacite = data.get("capacite") or 0
    inscrits = f"{len(data['participants'])} / {capacite} places" if capacite else str(len(data["participants"]))
    details = [("Action", data["titre"])] if data.get("titre") else []
    details += [("Date", f"{format_date(data['date'])} {_heures(data)}".strip())]
    if data.get("seance"):
        details.append(("Séance", data["seance"]))
    details.append(("Lieu", data.get("lieu") or "—"))
    if data.get("niveau") or not data.get("type"):
        details.append(("Niveau", data.get("niveau") or "—"))
    details += [("Co-animateur", co_anim or "—"), ("Inscrits", inscrits)]
    story: list = [para(f"Feuille d’émargement — {type_action}", "titre"),
                   para(data["structure"], "centre"), Spacer(1, 2 * mm)]
    for label, value in details:
        story.append(para(f"<b>{esc(label)} :</b> {esc(value)}", "corps", markup=True))
    story.append(Spacer(1, 3 * mm))
    rows = [[str(n), nom.upper(), prenom, ""] for n, (nom, prenom) in enumerate(data["participants"], start=1)]
    spare = min(LIGNES_VIDES, max(0, int(capacite) - len(rows))) if capacite else LIGNES_VIDES
    rows += [[str(len(rows) + k + 1), "", "", ""] for k in range(spare)]
    story.append(table(["N°", "Nom", "Prénom", "Signature"], rows,
                       widths=[w * 0.07, w * 0.33, w * 0.28, w * 0.32], row_heights=HAUTEUR_LIGNE))
    story.append(para("En signant, chaque participant atteste de sa présence à la séance.", "petit"))
    if data.get("type"):
        compte = data.get("public_compte")
        qui = data.get("public_description") or "personnes non inscrites nominativement"
        texte = (f"{compte} — {qui}" if compte is not None
                 else f"______ (nombre de {qui}, sans nom ni signature)")
        story.append(Spacer(1, 2 * mm))
        story.append(para(f"<b>Public compté :</b> {esc(texte)}", "corps", markup=True))
    bw = w / 2 - 4
    story.append(signature_row([
        signature_block("L’animateur de la mission locale", [data["structure"]], width=bw, mention="Date et signature"),
        signature_block("Le co-animateur", [co_anim], width=bw, mention="Date et signature"),
    ], total_width=w))
    return build_pdf(story, structure=data["structure"],
                     titre=f"Émargement — {(data.get('type') or 'atelier').lower()} du {format_date(data['date'])}")
