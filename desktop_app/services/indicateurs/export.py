"""Export of the indicator tables, exactly as the Statistiques screen shows them, to CSV (French Excel) or XLSX.

CSV: UTF-8 with BOM, ``;`` — one block per table (title line, header line, its lines, a blank line).
XLSX: one sheet per table (openpyxl). Aggregates only: no personal data, no note can reach these files.
"""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from desktop_app.domain.errors import UserError
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
        raise UserError(f"Impossible d'écrire « {path} » : {exc.strerror or exc}.") from None
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


_INTERDIT = re.compile(r"[\[\]:*?/\\]")


def _titre_feuille(titre: str, pris: set[str]) -> str:
    base = _INTERDIT.sub(" ", titre)[:28].strip()
    nom, n = base, 2
    while nom.lower() in pris:
        nom, n = f"{base[:25]} ({n})", n + 1
    pris.add(nom.lower())
    return nom


def _xlsx(path: Path, entete: list[str], tableaux: list[Tableau]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    pris: set[str] = set()
    gras = Font(bold=True)
    for t in tableaux:
        ws = wb.create_sheet(_titre_feuille(t.titre, pris))
        ws.append([t.titre])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append([" — ".join(entete)])
        ws.append([])
        ws.append(t.colonnes())
        for cell in ws[4]:
            cell.font = gras
        for ligne in t.lignes_texte():
            ws.append([_nettoie(c) for c in ligne])
        ws.column_dimensions["A"].width = 55
        for col in "BCDEF":
            ws.column_dimensions[col].width = 22
    with path.open("wb") as fh:
        wb.save(fh)


def rapport_pdf(resultat: Resultat, *, structure: str, cles: list[str] | None = None) -> bytes:
    """The funder report PDF of ``resultat`` (the tables named in ``cles``, default all)."""
    from desktop_app.documents.rapport_financeur import build_rapport

    tableaux = [t for t in resultat.tableaux if cles is None or t.cle in cles]
    return build_rapport(structure=structure, periode=resultat.periode.texte,
                         perimetre=resultat.perimetre.libelle, tableaux=tableaux)
