"""What every XLSX export shares: numbers stored as numbers (French Excel shows « 1 720 », « 1 234,50 € »), dates
as dates (JJ/MM/AAAA), and sheet names that mean something within Excel's 31 characters.

An amount is a :class:`~decimal.Decimal` of euros (:func:`euros`): the CSV writes it « 1234,50 », the XLSX a
number with the euro format.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

FORMAT_ENTIER = "#,##0"
FORMAT_DECIMAL = "#,##0.0"
FORMAT_EUROS = '#,##0.00\\ "€"'
FORMAT_POURCENT = "0.0\\ %"
FORMAT_DATE = "DD/MM/YYYY"
LONGUEUR_FEUILLE = 31
_INTERDIT = re.compile(r"\s*[\[\]:*?/\\]\s*")
# Sheet names: the export kinds of the CLI and screens.
FEUILLES = {"jeunes": "Jeunes", "actualites": "Actualités", "freins": "Freins", "propositions": "Propositions",
            "ateliers": "Ateliers mobilité", "parcours-auto-ecole": "Parcours auto-école", "prets": "Prêts",
            "parrains": "Parrains", "parrainages": "Parrainages",
            "immersions": "Immersions", "evenements": "Événements emploi"}


def euros(centimes: int | None) -> Decimal | None:
    """An amount in euros (two decimals) from centimes; None stays None (an empty cell)."""
    return None if centimes is None else Decimal(int(centimes)) / 100


def texte_csv(value: Any) -> Any:
    """A value as a French CSV cell: dates JJ/MM/AAAA, amounts « 1234,50 », decimals with a comma."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def format_de(value: Any) -> str | None:
    """The number format of an XLSX cell holding ``value`` (None: the default)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.date):
        return FORMAT_DATE
    if isinstance(value, Decimal):
        return FORMAT_EUROS
    if isinstance(value, int):
        return FORMAT_ENTIER
    if isinstance(value, float):
        return FORMAT_ENTIER if value.is_integer() else FORMAT_DECIMAL
    return None


def cellule(ws, value: Any, number_format: str | None = None, font=None):
    """A write-only cell: numbers stay numbers (amounts as float euros), with their French format."""
    from openpyxl.cell import WriteOnlyCell

    fmt = number_format or format_de(value)
    cell = WriteOnlyCell(ws, value=float(value) if isinstance(value, Decimal) else value)
    if fmt:
        cell.number_format = fmt
    if font is not None:
        cell.font = font
    return cell


def nom_feuille(titre: str, pris: set[str] | None = None) -> str:
    """A sheet name from ``titre``: forbidden characters replaced, cut at a word (never inside one) within 31
    characters, made unique among ``pris`` (lower case; updated)."""
    base = " ".join(_INTERDIT.sub(" – ", titre).split())
    if len(base) > LONGUEUR_FEUILLE:
        mots, base = base.split(" "), ""
        for mot in mots:
            if len(f"{base} {mot}".strip()) > LONGUEUR_FEUILLE:
                break
            base = f"{base} {mot}".strip()
        base = base.rstrip(" ,;–-")
    pris = set() if pris is None else pris
    nom, n = base, 2
    while nom.lower() in pris:
        suffixe = f" ({n})"
        nom, n = base[:LONGUEUR_FEUILLE - len(suffixe)].rstrip() + suffixe, n + 1
    pris.add(nom.lower())
    return nom
