"""Import of partners from a CSV file (a spreadsheet of companies, another tool's export), following the import
rules of the jeunes (services/jeunes/import_csv): encoding detected per file (UTF-8 with or without BOM,
Windows-1252, UTF-16; a mixed file refused, nothing imported), « ; », « , » or tab; header names case- and
accent-insensitive. Only the name is required; an optional value that fails validation (SIRET, NAF code,
postal code, e-mail, phone…) is left out with a warning naming the line and the file's own header, the partner
is imported; a line that cannot be read (an unclosed quote, too many columns, no name) is rejected with its
number. A line naming a partner already in the directory — same SIRET, or same name (legal form and accents
aside) in the same commune — updates it (only its non-empty cells), never doubles it.
Exit codes of ``passerelle import partenaires``: 0 all imported, 1 lines rejected, 2 file unusable."""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Partenaire
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import TypePartenaire
from desktop_app.domain.validation import fold
from desktop_app.security.permissions import exiger
from desktop_app.services.enregistrements import apply_values
from desktop_app.services.jeunes.import_csv.controles import cell_text, quote_reason, rows, swallowed
from desktop_app.services.jeunes.import_csv.decodage import FichierInutilisable, detect, open_text
from desktop_app.services.jeunes.import_csv.resultat import ResultatImport, column, dropped, reject
from desktop_app.services.partenaires.annuaire import ENGAGEMENTS, _clean
from desktop_app.services.partenaires.validation import chiffres, cle_commune, cle_nom
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

COLONNES = {
    "nom": ("nom", "raison_sociale", "denomination", "entreprise", "partenaire", "organisme", "nom_partenaire"),
    "type": ("type", "type_partenaire", "categorie"),
    "adresse": ("adresse",),
    "code_postal": ("code_postal", "cp"),
    "commune": ("commune", "ville"),
    "telephone": ("telephone", "tel", "standard"),
    "email": ("email", "e_mail", "mail", "courriel"),
    "siret": ("siret", "numero_siret"),
    "code_naf": ("code_naf", "naf", "ape", "code_ape", "naf_ape"),
    "effectif": ("effectif", "tranche_effectif", "taille"),
    **{name: (name,) for name, _ in ENGAGEMENTS},
    "date_convention": ("date_convention",),
}
OPTIONNELS = ("type", "adresse", "code_postal", "commune", "telephone", "email", "siret", "code_naf", "effectif",
              "date_convention")
_OUI = {"oui": True, "o": True, "x": True, "1": True, "vrai": True, "yes": True,
        "non": False, "n": False, "0": False, "faux": False, "no": False}
_TYPES = {fold(label): code for code, label in TypePartenaire.choices()} | {c: c for c in TypePartenaire.codes()}


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "_", fold(name.strip().lstrip("\ufeff"))).strip("_")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _columns(header: list[str], result: ResultatImport) -> dict[str, int]:
    aliases = {alias: canon for canon, names in COLONNES.items() for alias in names}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        canon = aliases.get(_key(name))
        if canon and canon not in found:
            found[canon] = index
            result.entetes[canon] = name.strip().lstrip("\ufeff")
    if "nom" not in found:
        raise FichierInutilisable("Colonne obligatoire absente : nom (ou « Raison sociale », « Entreprise ») sur la "
                                  f"première ligne du fichier. Colonnes reconnues : {', '.join(COLONNES)}.")
    return found


def _cells(row: list[str], cols: dict[str, int], line: int, result: ResultatImport) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for canon, index in cols.items():
        if (raw := cell_text(row, index, line, result, canon)) is None:
            continue
        if canon in dict(ENGAGEMENTS):
            if fold(raw) not in _OUI:
                dropped(result, line, canon, f"« {raw} » n'est ni oui ni non")
                continue
            values[canon] = _OUI[fold(raw)]
        elif canon == "type":
            code = _TYPES.get(fold(raw))
            if code is None:
                dropped(result, line, canon, f"type de partenaire inconnu « {raw} »")
                continue
            values[canon] = code
        else:
            values[canon] = raw
    return values


def _records(reader, cols: dict[str, int], width: int, result: ResultatImport):
    for start, end, row, error in rows(reader):
        if error:
            reject(result, start, error, nb=end - start + 1)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if (index := swallowed(row, result.separateur)) is not None:
            name = next((n for n, i in cols.items() if i == index), None)
            header = column(result, name) if name else f"la colonne {index + 1}"
            reject(result, start, quote_reason(header, start, end), nb=end - start + 1)
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            reject(result, start, f"{len(row)} colonnes au lieu de {width} (séparateur dans une valeur sans "
                                  "guillemets ?)")
            continue
        values = _cells(row, cols, start, result)
        if not str(values.get("nom") or "").strip():
            reject(result, start, f"{column(result, 'nom')} vide : le nom de l'organisation est obligatoire")
            continue
        yield start, values


def _current(p: Partenaire) -> dict[str, Any]:
    return {name: getattr(p, name) for name in ("nom", "type", "adresse", "code_postal", "commune", "telephone",
                                                "email", "siret", "code_naf", "effectif", "referent_id", "actif",
                                                "note", "date_convention", *dict(ENGAGEMENTS))}


def _judge(result: ResultatImport, line: int, base: dict[str, Any], cells: dict[str, Any], today) -> dict[str, Any] | None:
    """The cleaned values of ``base`` overlaid with ``cells``; an invalid optional cell is dropped with a warning."""
    while True:
        errors: dict[str, str] = {}
        values = _clean(base | cells, errors, today)  # type: ignore[arg-type]
        if not errors:
            return values
        if "nom" in errors:
            reject(result, line, f"{column(result, 'nom')} : {errors['nom']}")
            return None
        for name, reason in errors.items():
            if name in cells:
                del cells[name]
                dropped(result, line, name, reason)
            else:  # a stored value no longer valid: left as it is
                base.pop(name, None)


def import_partenaires(profile: Profile, path: str | Path) -> ResultatImport:
    """Import ``path`` into the directory (see the module docstring); FichierInutilisable (exit code 2) when the
    file cannot be used at all, nothing imported."""
    exiger(profile, "partenaires.modifier")
    path = Path(path)
    encodage = detect(path)
    result = ResultatImport(encodage=encodage.libelle)
    today = aujourdhui(profile)
    with open_text(path, encodage) as fh:
        first = fh.readline()
        result.separateur = _delimiter(first)
        header = next(csv.reader([first], delimiter=result.separateur), [])
        cols = _columns(header, result)
        records = list(_records(csv.reader(fh, delimiter=result.separateur), cols, len(header), result))
    touched: list[str] = []
    with profile.session() as s:
        known = list(s.scalars(select(Partenaire).where(vivant(Partenaire))))
        by_siret = {p.siret: p for p in known if p.siret}
        by_key = {(cle_nom(p.nom), cle_commune(p.commune)): p for p in known}
        seen: set[str] = set()
        for line, cells in records:
            existing = by_siret.get(chiffres(cells.get("siret"))) if cells.get("siret") else None
            existing = existing or by_key.get((cle_nom(cells["nom"]), cle_commune(cells.get("commune"))))
            base = _current(existing) if existing else {}
            if existing is not None:  # the same name or commune typed otherwise: the stored spelling stays
                if cle_nom(cells["nom"]) == cle_nom(existing.nom):
                    cells["nom"] = existing.nom
                if cells.get("commune") and cle_commune(cells["commune"]) == cle_commune(existing.commune):
                    cells["commune"] = existing.commune
            values = _judge(result, line, base, cells, today)
            if values is None:
                continue
            if existing is None:
                record = Partenaire(structure_id=profile.structure_id, **values)
                s.add(record)
                result.crees += 1
            else:
                record = existing
                before = _current(record)
                apply_values(record, values)
                changed = _current(record) != before
                if record.id in seen or changed:
                    result.modifies += changed
                    result.inchanges += not changed
                else:
                    result.inchanges += 1
            seen.add(record.id)
            touched.append(record.id)
            if record.siret:
                by_siret[record.siret] = record
            by_key[(cle_nom(record.nom), cle_commune(record.commune))] = record
        s.commit()
    if touched:
        from desktop_app.services.partenaires.liens import rattacher_textes

        rattacher_textes(profile, partenaire_ids=touched)
    result.rejets.sort(key=lambda r: r.ligne)
    result.avertissements.sort(key=lambda a: a.ligne)
    return result


def resume(result: ResultatImport) -> str:
    return (f"{result.crees} partenaire(s) créé(s), {result.modifies} mis à jour, {result.inchanges} inchangé(s), "
            f"{result.nb_rejets} ligne(s) rejetée(s)"
            + (f", {result.nb_avertissements} avertissement(s)." if result.nb_avertissements else "."))
