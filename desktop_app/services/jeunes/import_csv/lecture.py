"""Import of jeunes from a CSV file (another tool's export, a spreadsheet): streamed, upsert by
``identifiant_externe``, every rejected line reported with its number and reason.

File: UTF-8 (with or without BOM) or Windows-1252; ``;``, ``,`` or tab separated (detected on the header);
header names case-, accent- and spacing-insensitive. Columns (only ``identifiant_externe`` is required;
``nom`` and ``prenom`` for a new jeune): identifiant_externe, nom, nom_usage, prenom, date_naissance
(JJ/MM/AAAA or AAAA-MM-JJ), sexe (F/H/X, Femme/Homme), telephone, email, adresse, code_postal, commune,
code_insee, quartier_qpv (a QPV code such as QN09512M, or a quartier name).

Rules: a column absent from the file, or an empty cell, leaves the existing value unchanged; a line whose
values equal the stored ones writes nothing (no sync op); each chunk of lines is one transaction, so a
record is never half written; the file is read twice as a stream (check, then import): a million lines
never sit in memory.
"""
from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.validation import fold, normalize_phone, parse_date
from desktop_app.services.jeunes.import_csv.application import apply_chunk
from desktop_app.services.jeunes.import_csv.resultat import (
    DoublonPossible,
    Rejet,
    ResultatImport,
    reject,
)

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

CHUNK_LINES = 1000
_READ = 1 << 20
_QPV_CODE = re.compile(r"^Q[NP]\d{3}[0-9A-Z]{2,4}$", re.I)  # QP093001 (2015), QN09512M (2024)

# Canonical column -> accepted header spellings (already folded, separators as "_").
COLONNES = {
    "identifiant_externe": ("identifiant_externe", "id_externe", "identifiant", "numero_dossier"),
    "nom": ("nom", "nom_naissance", "nom_de_naissance"),
    "nom_usage": ("nom_usage", "nom_d_usage"),
    "prenom": ("prenom", "prenoms"),
    "date_naissance": ("date_naissance", "date_de_naissance", "naissance", "ne_le", "nee_le"),
    "sexe": ("sexe", "genre"),
    "telephone": ("telephone", "tel", "portable", "mobile"),
    "email": ("email", "e_mail", "mail", "courriel", "adresse_mail"),
    "adresse": ("adresse",),
    "code_postal": ("code_postal", "cp"),
    "commune": ("commune", "ville"),
    "code_insee": ("code_insee", "insee"),
    "quartier_qpv": ("quartier_qpv", "qpv", "quartier"),
}
OBLIGATOIRES = ("identifiant_externe",)
_SEXES = {"f": "F", "femme": "F", "feminin": "F", "h": "H", "m": "H", "homme": "H", "masculin": "H",
          "x": "X", "autre": "X", "non_precise": "X", "autre_non_precise": "X"}


class FichierInutilisable(UserError):
    """The file cannot be imported at all (nothing was written)."""

    exit_code = 2


def _header_key(name: str) -> str:
    return re.sub(r"[\W_]+", "_", fold(name.strip().lstrip("\ufeff"))).strip("_")


def _scan(path: Path) -> tuple[str, int]:
    """Encoding (utf-8-sig strictly, else cp1252) and line count, reading the file as a stream."""
    if not path.is_file():
        raise FichierInutilisable(f"Fichier introuvable : « {path} ».")
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        lines = 0
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(_READ):
                    if b"\x00" in chunk:
                        raise FichierInutilisable(f"« {path.name} » n'est pas un fichier texte CSV (contenu binaire).")
                    decoder.decode(chunk)
                    lines += chunk.count(b"\n")
                decoder.decode(b"", final=True)
                size = fh.tell()
        except UnicodeDecodeError:
            continue
        if size == 0:
            raise FichierInutilisable(f"« {path.name} » est vide.")
        return encoding, lines
    raise FichierInutilisable(
        f"« {path.name} » n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en « CSV UTF-8 » et recommencez."
    )


def _columns(header: list[str]) -> dict[str, int]:
    aliases = {alias: canon for canon, names in COLONNES.items() for alias in names}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        canon = aliases.get(_header_key(name))
        if canon and canon not in found:
            found[canon] = index
    missing = [c for c in OBLIGATOIRES if c not in found]
    if missing:
        raise FichierInutilisable(
            f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}. Colonnes reconnues : "
            f"{', '.join(COLONNES)} (première ligne du fichier)."
        )
    return found


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _value(canon: str, raw: str) -> tuple[str, Any]:
    """(model field, value) of a non-empty cell; ValueError with a French reason."""
    if canon == "nom":
        return "nom_naissance", raw
    if canon == "prenom":
        return "prenoms", raw
    if canon == "date_naissance":
        return "date_naissance", parse_date(raw)
    if canon == "sexe":
        code = _SEXES.get(_header_key(raw))
        if code is None:
            raise ValueError(f"sexe « {raw} » inconnu (F, H ou X)")
        return "sexe", code
    if canon == "telephone":
        return "telephone", normalize_phone(raw)
    if canon == "code_postal":
        return "code_postal", raw.zfill(5) if raw.isdigit() and len(raw) == 4 else raw  # Excel drops the 0
    if canon == "code_insee":
        return "code_insee", raw.upper().zfill(5) if raw.isdigit() else raw.upper()
    if canon == "quartier_qpv":
        return ("qpv_code", raw.upper()) if _QPV_CODE.match(raw) else ("qpv_nom", raw)
    return canon, raw


def _parse_row(row: list[str], cols: dict[str, int], width: int) -> tuple[str, dict[str, Any]]:
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        raise ValueError(f"{len(row)} colonnes au lieu de {width} (séparateur dans une valeur sans guillemets ?)")
    ident = (row[cols["identifiant_externe"]] if cols["identifiant_externe"] < len(row) else "").strip()
    if not ident:
        raise ValueError("identifiant_externe vide")
    if len(ident) > 64:
        raise ValueError("identifiant_externe trop long (64 caractères au plus)")
    values: dict[str, Any] = {}
    for canon, index in cols.items():
        if canon == "identifiant_externe" or index >= len(row):
            continue
        raw = row[index].strip()
        if raw[:1] == "'" and raw[1:2] in ("=", "+", "-", "@"):
            raw = raw[1:]  # a value our export protected from Excel formulas
        if raw:
            try:
                name, value = _value(canon, raw)
            except ValueError as exc:
                raise ValueError(f"{canon} : {exc}") from None
            values[name] = value
    return ident, values


def _records(reader: Iterator[list[str]], cols, width, result: ResultatImport) -> Iterator[tuple[int, str, dict]]:
    line = 1
    for row in reader:
        start = line + 1
        line = reader.line_num  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in row):
            continue
        try:
            ident, values = _parse_row(row, cols, width)
        except ValueError as exc:
            reject(result, start, str(exc))
            continue
        yield start, ident, values


def import_jeunes(profile: Profile, path: str | Path, *, progress: Callable[[int, int], None] | None = None,
                  doublons: str = "ignorer") -> ResultatImport:
    """Import ``path`` into the profile; see the module docstring for the format and the rules. A new line
    that may be a known jeune is reported and created only with ``doublons="creer"`` (import_csv.doublons)."""
    path = Path(path)
    encoding, total = _scan(path)
    result = ResultatImport(encodage="UTF-8" if encoding == "utf-8-sig" else "Windows-1252", doublons_politique=doublons)
    with path.open(encoding=encoding, newline="") as fh:
        first = fh.readline()
        result.separateur = _delimiter(first)
        header = next(csv.reader([first], delimiter=result.separateur), [])
        cols = _columns(header)
        reader = csv.reader(fh, delimiter=result.separateur)
        chunk: list[tuple[int, str, dict]] = []
        try:
            for record in _records(_Counted(reader), cols, len(header), result):
                chunk.append(record)
                if len(chunk) >= CHUNK_LINES:
                    apply_chunk(profile, chunk, result)
                    chunk = []
                    if progress:
                        progress(min(record[0], total), total)
            if chunk:
                apply_chunk(profile, chunk, result)
        except csv.Error as exc:
            raise FichierInutilisable(f"Fichier CSV mal formé vers la ligne {reader.line_num + 1} : {exc}. "
                                      f"{result.resume()}") from None
    result.rejets.sort(key=lambda r: r.ligne)
    if progress:
        progress(total, total)
    return result


class _Counted:
    """A csv reader whose ``line_num`` counts the header line too (csv's count restarts at the reader)."""

    def __init__(self, reader) -> None:
        self._reader = reader

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        return next(self._reader)

    @property
    def line_num(self) -> int:
        return self._reader.line_num + 1


__all__ = ["DoublonPossible", "FichierInutilisable", "Rejet", "ResultatImport", "import_jeunes"]
