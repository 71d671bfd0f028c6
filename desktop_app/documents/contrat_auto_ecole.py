"""The tripartite contract of the auto-école sociale (jeune, mission locale, auto-école) as a PDF.

Pure functions: ``contract_missing(data)`` lists in French what is missing; ``build_contrat(data)`` returns the
PDF bytes. ``data`` is the dict of ``services.mobilite_contrat.contrat_data``. The wording comes from the text
template ``resources/modeles/contrat_auto_ecole.txt`` (a copy in the profile's ``modeles/`` folder wins).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from desktop_app.documents.commun import (
    fill,
    format_date,
    format_montant,
    load_modele,
    para,
    signature_block,
    signature_row,
    table,
    usable_width,
)
from desktop_app.domain.saisie import add_months

MODELE = "contrat_auto_ecole"


def contract_missing(data: dict[str, Any]) -> list[str]:
    """What must be filled before the contract can be printed (French, in reading order); empty when complete."""
    j, ae, p, fin = data["jeune"], data["auto_ecole"], data["parcours"], data["financements"]
    missing = []
    checks = [
        (j.get("date_naissance"), "la date de naissance du jeune"),
        (j.get("adresse") and j.get("commune"), "l’adresse du jeune"),
        (not j.get("mineur") or j.get("representant_nom"), "le représentant légal du jeune mineur"),
        (ae.get("numero_agrement"), "le numéro d’agrément de l’auto-école"),
        (ae.get("assureur"), "l’assureur de l’auto-école"),
        (p.get("date_evaluation"), "la date de l’évaluation de départ"),
        (p.get("heures_prevues_evaluation"), "le nombre d’heures prévu par l’évaluation"),
        (p.get("heures_planifiees"), "le nombre d’heures planifiées"),
        (p.get("cout_total_centimes"), "le coût total de la formation"),
        (fin, "le tableau de financement"),
        (p.get("date_debut"), "la date de début du contrat"),
        (p.get("duree_mois"), "la durée du contrat"),
        (p.get("lieu_signature"), "le lieu de signature"),
    ]
    missing = [label for ok, label in checks if not ok]
    if fin and p.get("cout_total_centimes") and sum(f["montant_centimes"] for f in fin) != p["cout_total_centimes"]:
        missing.append("un tableau de financement égal au coût total")
    return missing


def _values(data: dict[str, Any]) -> dict[str, str]:
    j, ae, p = data["jeune"], data["auto_ecole"], data["parcours"]
    part = sum(f["montant_centimes"] for f in data["financements"] if f["financeur"] == "jeune")
    fin = add_months(p["date_debut"], p["duree_mois"]) if p.get("date_debut") else None
    return {
        "structure": data["structure"]["nom"], "jeune": f"{j['prenoms']} {j['nom']}", "auto_ecole": ae["nom"],
        "numero_agrement": ae.get("numero_agrement") or "", "date_evaluation": format_date(p.get("date_evaluation")),
        "heures_prevues": str(p.get("heures_prevues_evaluation") or ""),
        "heures_planifiees": str(p.get("heures_planifiees") or ""),
        "cout_total": format_montant(p.get("cout_total_centimes")), "part_jeune": format_montant(part),
        "contreparties": _contreparties(p), "duree_mois": str(p.get("duree_mois") or ""),
        "date_debut": format_date(p.get("date_debut")), "date_fin": format_date(fin),
        "lieu_signature": p.get("lieu_signature") or "", "date_signature":
            format_date(p.get("date_signature"), vide="……………………"),
        "conseiller": data.get("conseiller") or "", "moniteur": ae.get("moniteur") or "référent",
    }


def _contreparties(p: dict[str, Any]) -> str:
    text = (p.get("contreparties") or "").rstrip(". ")
    if p.get("heures_contrepartie") and str(p["heures_contrepartie"]) not in text:
        text = f"{text} ({p['heures_contrepartie']} h)" if text else f"{p['heures_contrepartie']} h de bénévolat"
    return text


def _adresse(d: dict[str, Any]) -> str:
    ville = " ".join(x for x in (d.get("code_postal"), d.get("commune")) if x)
    return ", ".join(x for x in (d.get("adresse"), ville) if x)


def _parties(data: dict[str, Any]) -> Table:
    j, ae, st = data["jeune"], data["auto_ecole"], data["structure"]
    jeune = [f"<b>{j['prenoms']} {j['nom']}</b>", f"Né(e) le {format_date(j.get('date_naissance'))}",
             _adresse(j), f"Téléphone : {j['telephone']}" if j.get("telephone") else ""]
    if j.get("mineur"):
        lien = f" ({j['representant_lien']})" if j.get("representant_lien") else ""
        jeune.append(f"Mineur(e), représenté(e) par son représentant légal : <b>{j.get('representant_nom')}</b>{lien}")
    ml = [f"<b>{st['nom']}</b>", _adresse(st), f"Conseiller(ère) référent(e) : {data['conseiller']}"
          if data.get("conseiller") else ""]
    auto = [f"<b>{ae['nom']}</b>", f"Agrément n° {ae.get('numero_agrement')}", f"Assureur : {ae.get('assureur')}",
            _adresse(ae), f"Représentée par : {ae['representant']}" if ae.get("representant") else "",
            f"Moniteur : {ae['moniteur']}" if ae.get("moniteur") else ""]
    from desktop_app.documents.commun import esc

    def cell(lines: list[str]) -> list:
        return [para(esc(line).replace("&lt;b&gt;", "<b>").replace("&lt;/b&gt;", "</b>"), "cellule", markup=True)
                for line in lines if line]

    w = usable_width() / 3
    header = [para("Le jeune", "cellule-gras"), para("La mission locale", "cellule-gras"),
              para("L’auto-école", "cellule-gras")]
    t = Table([header, [cell(jeune), cell(ml), cell(auto)]], colWidths=[w] * 3)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#808080"), ("BACKGROUND", (0, 0), (-1, 0), "#e8eef5"),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def _financement(data: dict[str, Any]) -> Table:
    rows = [[f["libelle"], format_montant(f["montant_centimes"]), f["echeancier"] or "—"]
            for f in data["financements"]]
    total = data["parcours"]["cout_total_centimes"]
    w = usable_width()
    return table(["Financeur", "Montant", "Échéancier"], rows, widths=[w * 0.45, w * 0.2, w * 0.35],
                 total=["Total", format_montant(total), ""], align_right=[1])


def _section(story: list, modele, cle: str, values: dict[str, str], *, heading: str = "sous-titre") -> None:
    titre = modele.titre(cle)
    if titre:
        story.append(para(fill(titre, values), heading))
    for texte in modele.section(cle):
        story.append(para(fill(texte, values)))


def _engagements(story: list, modele, cle: str, values: dict[str, str], before: list | None = None) -> None:
    """One party's commitments kept on one page (with ``before``, e.g. the article heading, in front)."""
    items = [para("• " + fill(t, values)) for t in modele.section(cle)]
    story.append(KeepTogether([*(before or []), para(fill(modele.titre(cle), values), "cellule-gras"),
                               Spacer(1, 1.5 * mm), *items]))


def _signatures(data: dict[str, Any]) -> object:
    j, ae, st = data["jeune"], data["auto_ecole"], data["structure"]
    jeune_lines = [f"{j['prenoms']} {j['nom']}"]
    if j.get("mineur"):
        jeune_lines += ["et son représentant légal :", j.get("representant_nom") or ""]
    w = usable_width() / 3 - 4
    n = 3
    blocks = [signature_block("Le jeune", jeune_lines, width=w, lignes_min=n),
              signature_block("Pour la mission locale", [st["nom"], data.get("conseiller") or ""], width=w,
                              lignes_min=n),
              signature_block("Pour l’auto-école", [ae["nom"], ae.get("representant") or ""], width=w,
                              lignes_min=n)]
    return signature_row(blocks, total_width=usable_width())


def build_contrat(data: dict[str, Any], *, modeles_dir: Path | None = None) -> bytes:
    """The contract's PDF bytes (call ``contract_missing`` first: this builder assumes complete data)."""
    from desktop_app.documents.commun import build_pdf

    modele = load_modele(MODELE, modeles_dir)
    v = _values(data)
    story: list = [para(fill(modele.titre("titre"), v), "titre"),
                   para(fill(modele.titre("sous_titre"), v), "centre"), Spacer(1, 3 * mm)]
    _section(story, modele, "preambule", v)
    _section(story, modele, "parties", v)
    story.append(_parties(data))
    _section(story, modele, "evaluation", v)
    _section(story, modele, "programme", v)
    _section(story, modele, "financement", v)
    story += [_financement(data), Spacer(1, 2 * mm)]
    if v["contreparties"]:
        _section(story, modele, "contreparties", v, heading="cellule-gras")
    heading: list = []
    _section(heading, modele, "engagements", v)
    for cle in ("engagements_ml", "engagements_jeune", "engagements_auto_ecole"):
        _engagements(story, modele, cle, v, before=heading)
        heading = []
        story.append(Spacer(1, 2 * mm))
    _section(story, modele, "duree", v)
    signature_title = fill(modele.titre("signatures"), v)
    closing = [para(fill(t, v)) for t in modele.section("signatures")]
    story.append(KeepTogether([para(signature_title, "sous-titre"), *closing, _signatures(data)]))
    j = data["jeune"]
    return build_pdf(story, structure=data["structure"]["nom"],
                     titre=f"Contrat auto-école sociale — {j['prenoms']} {j['nom']}")
