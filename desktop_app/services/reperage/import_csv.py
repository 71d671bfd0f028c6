"""Import of a repérage list from a CSV file (the partner's spreadsheet), with the rules of the jeunes import.

The file is decoded by :mod:`desktop_app.services.jeunes.import_csv.decodage` (UTF-8 with or without BOM,
Windows-1252, UTF-16 « Texte Unicode » of Excel; a file mixing encodings refused, naming the line), read with its
checks (:mod:`~desktop_app.services.jeunes.import_csv.controles`: unclosed quotes, huge values, garbled names
restored) and reported the same way: a rejected line named with its number and reason, an optional value that
cannot be read left out with a warning naming the line and the file's own header, the person imported.

Columns (headers case-, accent- and spacing-insensitive, none required by itself): nom, prenom, date_naissance,
lieu (établissement, école, lieu de repérage), telephone, email, motif. A line with neither a name nor a contact
is rejected; the same person twice in the file is imported once (the repeated lines named); a line already in
the list (the file imported again) is not added twice. Exit codes: 0 all imported, 1 lines rejected, 2 file
unusable (nothing imported).
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import EntreeReperage, ListeReperage
from desktop_app.domain.doublons import cle_nom, cle_telephone
from desktop_app.domain.reperage import MESSAGE_SANS_IDENTITE, SourceReperage, verifier_entree
from desktop_app.domain.validation import fold, normalize_phone, phone_warning

_PHONE_CHARS = re.compile(r"^[\d\s.\-()/]+$")  # a national number (an international one takes the full path)
from desktop_app.security.permissions import exiger
from desktop_app.services.jeunes.import_csv.controles import cell_text, quote_reason, rows, swallowed
from desktop_app.services.jeunes.import_csv.decodage import FichierInutilisable, detect, open_text
from desktop_app.services.jeunes.import_csv.resultat import Avertissement, Rejet, column, dropped, reject, warn
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

CHUNK = 1000
COLONNES = {
    "nom": ("nom", "nom_naissance", "nom_de_naissance", "nom_de_famille"),
    "prenom": ("prenom", "prenoms"),
    "date_naissance": ("date_naissance", "date_de_naissance", "naissance", "ne_le", "nee_le", "ne_e_le"),
    "lieu": ("lieu", "etablissement", "ecole", "college", "lycee", "lieu_de_reperage", "structure", "quartier"),
    "telephone": ("telephone", "tel", "portable", "mobile"),
    "email": ("email", "e_mail", "mail", "courriel", "adresse_mail"),
    "motif": ("motif", "raison", "motif_signalement", "observation", "observations", "commentaire", "besoin"),
}


@dataclass
class ResultatImportReperage:
    """What an import of a repérage list reports (the attributes the jeunes import's helpers write)."""
    liste_id: str = ""
    liste_nom: str = ""
    liste_creee: bool = False
    crees: int = 0
    deja_dans_la_liste: int = 0
    rejets: list[Rejet] = field(default_factory=list)
    nb_rejets: int = 0
    avertissements: list[Avertissement] = field(default_factory=list)
    nb_avertissements: int = 0
    encodage: str = ""
    separateur: str = ""
    entetes: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.nb_rejets else 0

    def resume(self) -> str:
        deja = (f", {self.deja_dans_la_liste} déjà dans la liste (non ajoutée(s))" if self.deja_dans_la_liste
                else "")
        avert = f", {self.nb_avertissements} avertissement(s)" if self.nb_avertissements else ""
        return (f"liste « {self.liste_nom} »{' (créée)' if self.liste_creee else ''} : {self.crees} entrée(s) "
                f"importée(s){deja}, {self.nb_rejets} ligne(s) rejetée(s){avert}.")


def _header_key(name: str) -> str:
    return re.sub(r"[\W_]+", "_", fold(name.strip().lstrip("\ufeff"))).strip("_")


def _columns(header: list[str], result: ResultatImportReperage) -> dict[str, int]:
    aliases = {alias: canon for canon, names in COLONNES.items() for alias in names}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        canon = aliases.get(_header_key(name))
        if canon and canon not in found:
            found[canon] = index
            result.entetes[canon] = name.strip().lstrip("\ufeff")
    if not ({"nom", "prenom", "telephone", "email"} & set(found)):
        raise FichierInutilisable(
            "Aucune colonne de nom ni de contact sur la première ligne du fichier : il faut au moins « nom », "
            f"« prénom », « téléphone » ou « e-mail ». Colonnes reconnues : {', '.join(COLONNES)}.")
    return found


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _cle(values: dict) -> tuple:
    """Who a line is, for repeated lines: folded names and birth date, else the phone, else the e-mail."""
    noms = (cle_nom(values.get("nom")), cle_nom(values.get("prenom")))
    if any(noms):
        return ("n", *noms, values.get("date_naissance"))
    if values.get("telephone"):
        return ("t", cle_telephone(values["telephone"]))
    return ("e", fold(values.get("email") or ""))


def _line(row: list[str], cols: dict[str, int], width: int, line: int, today: dt.date,
          result: ResultatImportReperage) -> dict | None:
    """The values of one line (None: rejected, the reason reported)."""
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        reject(result, line, f"{len(row)} colonnes au lieu de {width} (séparateur dans une valeur sans guillemets ?)")
        return None
    raw: dict[str, str] = {}
    for canon, index in cols.items():
        if (value := cell_text(row, index, line, result, canon)) is not None:
            raw[canon] = value
    phone = raw.pop("telephone", None)  # read apart: one parse for the usual number (see _telephone)
    values, errors = verifier_entree(raw, today=today)
    if errors.get("nom") == MESSAGE_SANS_IDENTITE:
        del errors["nom"]  # judged below, once the phone is read
    for name, reason in errors.items():
        if name != "nom":
            dropped(result, line, name, reason)
            values[name] = None
    if "nom" in errors:  # a name too long: left out like any optional value
        dropped(result, line, "nom", errors["nom"])
        values["nom"] = None
    values["telephone"] = None
    if phone:
        try:
            values["telephone"], doubt = _telephone(phone)
        except ValueError as exc:
            dropped(result, line, "telephone", str(exc))
        else:
            if doubt:
                warn(result, line, f"{column(result, 'telephone')} : {doubt} Le numéro est importé.")
    if not (values.get("nom") or values.get("prenom") or values.get("telephone") or values.get("email")):
        reject(result, line, MESSAGE_SANS_IDENTITE.rstrip(".") + " : ligne non importée")
        return None
    return values


def _telephone(raw: str) -> tuple[str, str | None]:
    """(E.164 form, warning or None) of a phone cell, as ``normalize_phone`` and ``phone_warning`` give them:
    a number valid in France costs one parse; any other goes through those two (every region tried)."""
    import phonenumbers

    if _PHONE_CHARS.match(raw):
        try:
            number = phonenumbers.parse(raw, "FR")
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None
    stored = normalize_phone(raw)  # ValueError with the French reason
    return stored, phone_warning(raw)


def _liste(profile: Profile, source: str, nom: str | None, result: ResultatImportReperage) -> None:
    from desktop_app.services.reperage.listes import creer_liste

    if source not in SourceReperage.codes():
        choices = ", ".join(sorted(SourceReperage.codes()))
        raise FichierInutilisable(f"Source inconnue « {source} » : {choices}.")
    today = aujourdhui(profile)
    nom = (nom or "").strip() or f"{SourceReperage.label_of(source).split(' (')[0]} — {today:%d/%m/%Y}"
    with profile.session() as s:
        found = s.scalars(select(ListeReperage).where(ListeReperage.nom == nom, ListeReperage.deleted.is_(False))
                          .order_by(ListeReperage.created_at)).first()
        if found is not None:
            result.liste_id, result.liste_nom = found.id, found.nom
            return
    result.liste_id = creer_liste(profile, {"nom": nom, "source": source, "date_reception": today})
    result.liste_nom, result.liste_creee = nom, True


def _known(profile: Profile, liste_id: str) -> set[tuple]:
    e = EntreeReperage
    with profile.session() as s:
        return {_cle({"nom": r.nom, "prenom": r.prenom, "date_naissance": r.date_naissance, "telephone": r.telephone,
                      "email": r.email})
                for r in s.execute(select(e.nom, e.prenom, e.date_naissance, e.telephone, e.email).where(
                    e.liste_id == liste_id, e.deleted.is_(False)))}


def _write(profile: Profile, liste_id: str, chunk: list[dict]) -> None:
    from desktop_app.sync.capture import bulk_insert

    with profile.session() as s:
        bulk_insert(s, EntreeReperage, [{**values, "liste_id": liste_id} for values in chunk])
        s.commit()


def import_reperage(profile: Profile, path: str | Path, *, source: str, liste: str | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ResultatImportReperage:
    """Import ``path`` into the list named ``liste`` (created with ``source`` and today's date when no live
    list has that name); see the module docstring for the format and the rules."""
    exiger(profile, "reperage.modifier")
    path = Path(path)
    encodage = detect(path)  # before anything is written: an unusable file creates no list
    result = ResultatImportReperage(encodage=encodage.libelle)
    today = aujourdhui(profile)
    with open_text(path, encodage) as fh:
        first = fh.readline()
        result.separateur = _delimiter(first)
        header = next(csv.reader([first], delimiter=result.separateur), [])
        cols = _columns(header, result)
        _liste(profile, source, liste, result)
        known = _known(profile, result.liste_id)
        seen: dict[tuple, int] = {}
        chunk: list[dict] = []
        reader = csv.reader(fh, delimiter=result.separateur)
        for start, end, row, error in rows(reader):
            if error:
                reject(result, start, error, nb=end - start + 1)
                continue
            if not any(cell.strip() for cell in row):
                continue
            if (index := swallowed(row, result.separateur)) is not None:
                header_name = next((column(result, c) for c, i in cols.items() if i == index),
                                   f"la colonne {index + 1}")
                reject(result, start, quote_reason(header_name, start, end), nb=end - start + 1)
                continue
            values = _line(row, cols, len(header), start, today, result)
            if values is None:
                continue
            key = _cle(values)
            if key in seen:
                reject(result, start, f"même personne que la ligne {seen[key]} : seule la ligne {seen[key]} est "
                                      "importée")
                continue
            seen[key] = start
            if key in known:
                result.deja_dans_la_liste += 1
                continue
            chunk.append(values)
            if len(chunk) >= CHUNK:
                _write(profile, result.liste_id, chunk)
                result.crees += len(chunk)
                chunk = []
                if progress:
                    progress(min(start, encodage.lignes), encodage.lignes)
        if chunk:
            _write(profile, result.liste_id, chunk)
            result.crees += len(chunk)
    result.rejets.sort(key=lambda r: r.ligne)
    result.avertissements.sort(key=lambda a: a.ligne)
    if progress:
        progress(encodage.lignes, encodage.lignes)
    return result
