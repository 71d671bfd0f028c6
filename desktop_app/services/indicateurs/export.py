"""Export of the indicator tables, exactly as the Statistiques screen shows them, to CSV (French Excel) or XLSX.

CSV: UTF-8 with BOM, ``;`` — one block per table (title line, header line, its lines, a blank line).
XLSX: one sheet per table (openpyxl), numbers as numbers with a French format, sheet names within 31 characters. Aggregates only: no personal data, no note can reach these files.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

from desktop_app.domain.errors import UserError, raison_os
from desktop_app.services.jeunes.export import FORMATS
from desktop_app.services.indicateurs.calcul import Resultat, Tableau


def blocs(resultat: Resultat) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, lines) of every table, the texts the screen shows."""
    return [(t.titre, t.colonnes(), t.lignes_texte()) for t in resultat.tableaux]


def _nettoie(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell  # never a formula in Excel


def exporter(resultat: Resultat, fmt: str, path: str | os.PathLike, *, structure: str = "") -> int:
    """Write every table to ``path``; returns the number of tables. The file appears complete or not at all."""
    if fmt not in FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    tmp = path.with_name(path.name + ".partiel")
    entete = [f"Indicateurs {structure}".strip(), resultat.periode.texte, f"Périmètre : {resultat.perimetre.libelle}"]
    try:
        if fmt == "csv":
            _csv(tmp, entete, blocs(resultat))
        else:
            _xlsx(tmp, entete, resultat.tableaux)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    return len(resultat.tableaux)


def _csv(path: Path, entete: list[str], tables) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(entete)
        writer.writerow([])
        for titre, header, lignes in tables:
            writer.writerow([titre])
            writer.writerow(header)
            writer.writerows([[_nettoie(c) for c in ligne] for ligne in lignes])
            writer.writerow([])


# Sheet names of the tables whose title does not fit Excel's 31 characters (others: the title, cut at a word).
ONGLETS = {
    "publics": "Jeunes en contact et accueils", "age": "Jeunes par tranche d'âge",
    "niveau": "Jeunes par niveau de formation", "qpv": "Jeunes résidant en QPV",
    "logement": "Jeunes par logement", "permis": "Jeunes par permis de conduire",
    "sexe": "Jeunes par sexe", "ateliers_competences": "Compétences (ateliers)",
    "situations": "Situations par catégorie", "sorties": "Sorties emploi et formation",
    "freins": "Freins identifiés et levés", "parrainage": "Parrainage – binômes",
    "parrainage_issues": "Parrainage – issues",
    "rendez_vous_mois": "Rendez-vous par mois", "delai_premier_entretien": "Délai 1er accueil – entretien",
}


def _nombres(t: Tableau, ligne) -> list[tuple[object, str | None]]:
    """The cells of one line as numbers with their format (the screen's texts, typed)."""
    from desktop_app.services.classeur import FORMAT_EUROS, FORMAT_POURCENT, format_de

    def typed(v):
        if v is None:
            return (None, None)
        if ligne.unite == "%":
            return (v / 100, FORMAT_POURCENT)
        if ligne.unite == "€":
            return (float(v), FORMAT_EUROS)
        if ligne.unite:
            return (v, f'{format_de(v)}\\ "{ligne.unite}"')
        return (v, format_de(v))

    cells = [(ligne.libelle, None), *(typed(v) for v in ligne.valeurs)]
    if t.part:
        total = t.total()
        cells.append((None, None) if ligne.unite or not total else ((ligne.valeurs[0] or 0) / total, FORMAT_POURCENT))
    if any(x.cible for x in t.lignes):
        cells.append((ligne.cible, format_de(ligne.cible)) if ligne.cible else (None, None))
    return cells


def _xlsx(path: Path, entete: list[str], tableaux: list[Tableau]) -> None:
    """One sheet per table: its title, the period, the header, then numbers (never « 1 720 » as text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from desktop_app.services.classeur import cellule, nom_feuille

    wb = Workbook(write_only=True)
    pris: set[str] = set()
    gras = Font(bold=True)
    for t in tableaux:
        ws = wb.create_sheet(nom_feuille(ONGLETS.get(t.cle, t.titre), pris))
        ws.column_dimensions["A"].width = 55
        for col in "BCDEF":
            ws.column_dimensions[col].width = 22
        ws.append([cellule(ws, t.titre, font=Font(bold=True, size=12))])
        ws.append([" — ".join(entete)])
        ws.append([])
        ws.append([cellule(ws, c, font=gras) for c in t.colonnes()])
        for ligne in t.lignes:
            ws.append([cellule(ws, _nettoie(v) if isinstance(v, str) else v, fmt) for v, fmt in _nombres(t, ligne)])
    with path.open("wb") as fh:
        wb.save(fh)


def rapport_pdf(resultat: Resultat, *, structure: str, cles: list[str] | None = None) -> bytes:
    """The funder report PDF of ``resultat`` (the tables named in ``cles``, default all)."""
    from desktop_app.documents.rapport_financeur import build_rapport

    tableaux = [t for t in resultat.tableaux if cles is None or t.cle in cles]
    return build_rapport(structure=structure, periode=resultat.periode.texte,
                         perimetre=resultat.perimetre.libelle, tableaux=tableaux)
