"""Checks of the lines of an imported CSV file that the csv module does not make: a quote opened and never
closed (it swallows the next lines into one value), csv errors turned into French reasons with the lines
concerned, and identifiers repeated within the file (grouped in one message per identifier)."""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from desktop_app.services.jeunes.import_csv.resultat import ResultatImport, column, dropped, reject, warn

LIMITE_CASE = 131_072  # characters in one value (the csv module's default limit)
LIMITE_LECTURE = 16 << 20  # what the reader accepts, so that a long value costs only that value
_LIGNES_NOMMEES = 10
# « Ã© », « Ã‰ », « â€™ »: UTF-8 read once as Windows-1252 before reaching this file (a lead byte, then a
# continuation byte as Windows-1252 shows it).
_MOJIBAKE = re.compile("[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def rows(reader) -> Iterator[tuple[int, int, list[str] | None, str | None]]:
    """(first line, last line, cells, None) of each record, or (first, last, None, French reason) of a record
    the csv module cannot read. Line 1 is the header, read before."""
    if csv.field_size_limit() < LIMITE_LECTURE:
        csv.field_size_limit(LIMITE_LECTURE)  # only ever raised: no other reader of the process is narrowed
    end = 1
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = reader.line_num + 1
            yield start, end, None, _csv_reason(exc, start, end)
            continue
        end = reader.line_num + 1
        yield start, end, row, None


def _csv_reason(exc: csv.Error, start: int, end: int) -> str:
    lignes = f"la ligne {start} n'est pas importée" if end <= start else \
        f"les lignes {start} à {end} ne sont pas importées"
    if "field limit" in str(exc):
        return (f"une valeur dépasse {LIMITE_LECTURE >> 20} millions de caractères : {lignes} (un guillemet "
                f"ouvert ligne {start} et jamais refermé ?)")
    return f"lecture impossible (guillemets mal placés ?) : {lignes}"


def swallowed(row: list[str], delimiter: str) -> int | None:
    """Index of a cell that runs over several lines and holds a separator: an unclosed quote swallowed the
    next lines (a multi-line address without separator is a legitimate value)."""
    for index, cell in enumerate(row):
        if "\n" in cell and any(delimiter in part for part in cell.split("\n")[1:]):
            return index
    return None


def quote_reason(column: str, start: int, end: int) -> str:
    return (f"guillemet ouvert ligne {start} dans {column} et jamais refermé (ou refermé plus loin) : les lignes "
            f"{start} à {end} ont été lues comme une seule valeur et ne sont pas importées. Corrigez le guillemet "
            "puis importez de nouveau le fichier")


def too_long(value: str) -> str | None:
    if len(value) <= LIMITE_CASE:
        return None
    return (f"valeur de {_nombre(len(value))} caractères, plus que les {_nombre(LIMITE_CASE)} permis dans une case "
            "(un guillemet mal placé ?)")


def repaired(value: str) -> str | None:
    """``value`` with its letters restored when it was garbled upstream (« Ã‰loÃ¯se » → « Éloïse »), else None."""
    if not _MOJIBAKE.search(value):
        return None
    try:
        fixed = value.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != value else None


def cell_text(row: list[str], index: int, line: int, result: ResultatImport, name: str) -> str | None:
    """The text of a cell of line ``line`` as every import reads it: trimmed, the guard our exports put before
    an Excel formula removed, garbled letters restored (with a warning naming the file's header of field
    ``name``); None when it is empty, or too long (then left out with its reason)."""
    raw = row[index].strip() if index < len(row) else ""
    if raw[:1] == "'" and raw[1:2] in ("=", "+", "-", "@"):
        raw = raw[1:]  # a value our export protected from Excel formulas
    if not raw:
        return None
    if fixed := repaired(raw):
        warn(result, line, f"{column(result, name)} : « {raw} » était mal encodé dans le fichier, importé "
                           f"comme « {fixed} » (vérifiez).")
        raw = fixed
    if reason := too_long(raw):
        dropped(result, line, name, reason)
        return None
    return raw


class Repetitions:
    """Identifiers already met in the file: the first line of each is imported, the repeated lines are not
    (which one would be right?) and are reported in one message per identifier, naming the lines."""

    def __init__(self) -> None:
        self._first: dict[str, int] = {}
        self._repeated: dict[str, list[int]] = {}  # ident -> [count, last line, first lines named…]

    def repeated(self, ident: str, line: int) -> bool:
        first = self._first.setdefault(ident, line)
        if first == line:
            return False
        seen = self._repeated.setdefault(ident, [0, 0])
        seen[0] += 1
        seen[1] = line
        if len(seen) - 2 < _LIGNES_NOMMEES:
            seen.append(line)
        return True

    def report(self, result: ResultatImport, header: str) -> None:
        for ident, (count, last, *named) in self._repeated.items():
            first = self._first[ident]
            lines = ", ".join(str(n) for n in named)
            if count > len(named):
                lines += f" … et {_nombre(count - len(named))} autres jusqu'à la ligne {last}"
            reject(result, named[0], (
                f"{header} « {ident} » répété : déjà ligne {first}, puis {_nombre(count)} fois (lignes {lines}). "
                f"Seule la ligne {first} est prise en compte ; les lignes répétées ne sont pas importées "
                "(gardez une seule ligne par personne)"), nb=count)
