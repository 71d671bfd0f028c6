"""Import of jeunes from a CSV file (another tool's export, a spreadsheet): streamed, upsert by
``identifiant_externe``, every rejected line reported with its number and reason.

File: UTF-8 (with or without BOM), Windows-1252 or UTF-16 (``decodage``: detected per file, mixed files
refused); ``;``, ``,`` or tab separated (detected on the header);
header names case-, accent- and spacing-insensitive. Columns (only ``identifiant_externe`` is required;
``nom`` and ``prenom`` for a new jeune): identifiant_externe, nom, nom_usage, prenom, date_naissance
(JJ/MM/AAAA or AAAA-MM-JJ), sexe (F/H/X, Femme/Homme), telephone, email, adresse, code_postal, commune,
code_insee, quartier_qpv (a QPV code such as QN09512M, or a quartier name).

Rules: a column absent from the file, or an empty cell, leaves the existing value unchanged; an optional value
that fails validation is left out with a warning naming the line and the file's own header, the person is
imported (only a missing identifier, or name/first name for a new dossier, rejects the line); an identifier
repeated in the file imports its first line only (``controles``); a line whose
values equal the stored ones writes nothing (no sync op); each chunk of lines is one transaction, so a
record is never half written; the file is read twice as a stream (check, then import): a million lines
never sit in memory.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TYPE_CHECKING

from desktop_app.domain.validation import fold, normalize_phone, parse_date, phone_warning
from desktop_app.services.jeunes.import_csv.application import apply_chunk
from desktop_app.services.jeunes.import_csv.controles import (
    Repetitions,
    quote_reason,
    repaired,
    rows,
    swallowed,
    too_long,
)
from desktop_app.services.jeunes.import_csv.decodage import FichierInutilisable, detect, open_text
from desktop_app.services.jeunes.import_csv.resultat import (
    Avertissement,
    DoublonPossible,
    Rejet,
    ResultatImport,
    column,
    dropped,
    reject,
    warn,
)

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile
    from desktop_app.services.jeunes.saisies import SaisieJeune

CHUNK_LINES = 1000
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


def _header_key(name: str) -> str:
    return re.sub(r"[\W_]+", "_", fold(name.strip().lstrip("\ufeff"))).strip("_")


_CHAMPS = {"nom": ("nom_naissance",), "prenom": ("prenoms",), "quartier_qpv": ("qpv_code", "qpv_nom")}


def _columns(header: list[str], result: ResultatImport) -> dict[str, int]:
    """Index of each recognised column; ``result.entetes`` gets the file's own header of each model field."""
    aliases = {alias: canon for canon, names in COLONNES.items() for alias in names}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        canon = aliases.get(_header_key(name))
        if canon and canon not in found:
            found[canon] = index
            for field_name in _CHAMPS.get(canon, (canon,)):
                result.entetes[field_name] = name.strip().lstrip("\ufeff")
    missing = [c for c in OBLIGATOIRES if c not in found]
    if missing:
        raise FichierInutilisable(
            f"Colonne obligatoire absente : {', '.join(missing)} (ou « Identifiant », « Numéro dossier ») sur la "
            f"première ligne du fichier. Colonnes reconnues : {', '.join(COLONNES)}."
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
            raise ValueError(f"« {raw} » inconnu (F, H ou X)")
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


def _identifier(row: list[str], cols: dict[str, int], width: int, result: ResultatImport) -> str:
    """The identifier of a line; ValueError (the line is rejected) when it cannot be imported at all."""
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        raise ValueError(f"{len(row)} colonnes au lieu de {width} (séparateur dans une valeur sans guillemets ?)")
    ident = (row[cols["identifiant_externe"]] if cols["identifiant_externe"] < len(row) else "").strip()
    header = column(result, "identifiant_externe")
    if not ident:
        raise ValueError(f"{header} vide")
    if len(ident) > 64:
        raise ValueError(f"{header} trop long (64 caractères au plus)")
    return ident


def _parse_row(row: list[str], cols: dict[str, int], line: int, result: ResultatImport) -> SaisieJeune:
    """The values of a line; a value that cannot be read is left out with a warning (see ``judge``)."""
    values: SaisieJeune = {}
    for canon, index in cols.items():
        if canon == "identifiant_externe" or index >= len(row):
            continue
        raw = row[index].strip()
        if raw[:1] == "'" and raw[1:2] in ("=", "+", "-", "@"):
            raw = raw[1:]  # a value our export protected from Excel formulas
        if not raw:
            continue
        field_name = _CHAMPS.get(canon, (canon,))[0]
        if fixed := repaired(raw):
            warn(result, line, f"{column(result, field_name)} : « {raw} » était mal encodé dans le fichier, importé "
                               f"comme « {fixed} » (vérifiez).")
            raw = fixed
        try:
            if reason := too_long(raw):
                raise ValueError(reason)
            name, value = _value(canon, raw)
        except ValueError as exc:
            dropped(result, line, field_name, str(exc))
            continue
        if canon == "telephone" and (doubt := phone_warning(raw)):
            warn(result, line, f"{column(result, name)} : {doubt} Le numéro est importé.")
        values[name] = value
    return values


def _records(reader, cols, width, result: ResultatImport, repetitions: Repetitions) -> Iterator[tuple[int, str, dict]]:
    delimiter = result.separateur
    for start, end, row, error in rows(reader):
        if error:
            reject(result, start, error, nb=end - start + 1)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if (index := swallowed(row, delimiter)) is not None:
            header = column(result, "", f"la colonne {index + 1}")
            for name, position in cols.items():
                if position == index:
                    header = column(result, _CHAMPS.get(name, (name,))[0])
            reject(result, start, quote_reason(header, start, end), nb=end - start + 1)
            continue
        try:
            ident = _identifier(row, cols, width, result)
        except ValueError as exc:
            reject(result, start, str(exc))
            continue
        if repetitions.repeated(ident, start):
            continue
        yield start, ident, _parse_row(row, cols, start, result)


def import_jeunes(profile: Profile, path: str | Path, *, progress: Callable[[int, int], None] | None = None,
                  doublons: str = "ignorer") -> ResultatImport:
    """Import ``path`` into the profile; see the module docstring for the format and the rules. A new line
    that may be a known jeune is reported and created only with ``doublons="creer"`` (import_csv.doublons)."""
    path = Path(path)
    encodage = detect(path)
    total = encodage.lignes
    result = ResultatImport(encodage=encodage.libelle, doublons_politique=doublons)
    repetitions = Repetitions()
    with open_text(path, encodage) as fh:
        first = fh.readline()
        result.separateur = _delimiter(first)
        header = next(csv.reader([first], delimiter=result.separateur), [])
        cols = _columns(header, result)
        reader = csv.reader(fh, delimiter=result.separateur)
        chunk: list[tuple[int, str, dict]] = []
        for record in _records(reader, cols, len(header), result, repetitions):
            chunk.append(record)
            if len(chunk) >= CHUNK_LINES:
                apply_chunk(profile, chunk, result)
                chunk = []
                if progress:
                    progress(min(record[0], total), total)
        if chunk:
            apply_chunk(profile, chunk, result)
    repetitions.report(result, column(result, "identifiant_externe"))
    result.rejets.sort(key=lambda r: r.ligne)
    result.avertissements.sort(key=lambda a: a.ligne)
    if progress:
        progress(total, total)
    return result


__all__ = ["Avertissement", "DoublonPossible", "FichierInutilisable", "Rejet", "ResultatImport", "import_jeunes"]
