"""Exports of jeunes, actualités, freins and propositions to CSV (French Excel) or XLSX, streamed.

Every row carries the Passerelle id and the jeune's ``identifiant_externe``. Coded values are exported with
their French label. Free-text notes (``actualite.note``) are NEVER exported (CNIL): no column reads them.
CSV: UTF-8 with BOM, ``;``, dates JJ/MM/AAAA. XLSX: openpyxl write-only, real dates shown JJ/MM/AAAA.
The jeunes export's column names are those the import reads: export → edit → import round-trips.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TYPE_CHECKING

from sqlalchemy import text

from desktop_app.domain import enums as E
from desktop_app.domain.errors import UserError, raison_os
from desktop_app.domain.validation import format_phone
from desktop_app.security.permissions import exiger

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

FORMATS = ("csv", "xlsx")
_JEUNE = "j.id AS jid, j.identifiant_externe, j.nom_naissance, j.prenoms"


def _label(enum) -> Callable[[Any], str]:
    return enum.label_of


def _user(row: dict, prefix: str) -> str:
    prenom, nom = row.get(f"{prefix}_prenom"), row.get(f"{prefix}_nom")
    return f"{prenom} {nom}".strip() if prenom else (nom or "")


# what -> (SQL, [(header, column or callable(row), formatter)])
def _spec(what: str) -> tuple[str, list[tuple[str, Any, Callable | None]]]:
    alive = "j.deleted = 0 AND j.fusionne_dans_id IS NULL"
    ident = [("id_jeune", "jid", None), ("identifiant_externe", "identifiant_externe", None),
             ("nom", "nom_naissance", None), ("prenom", "prenoms", None)]
    if what == "jeunes":
        sql = (f"SELECT j.*, j.id AS jid, u.prenom AS u_prenom, u.nom AS u_nom FROM jeune j "
               f"LEFT JOIN utilisateur u ON u.id = j.referent_id WHERE {alive} ORDER BY j.nom_naissance, j.prenoms")
        cols = [("id_passerelle", "jid", None), ("identifiant_externe", "identifiant_externe", None),
                ("nom", "nom_naissance", None), ("nom_usage", "nom_usage", None), ("prenom", "prenoms", None),
                ("sexe", "sexe", _label(E.Sexe)), ("date_naissance", "date_naissance", None),
                ("commune_naissance", "commune_naissance", None), ("nationalite", "nationalite", _label(E.Nationalite)),
                ("adresse", "adresse", None), ("code_postal", "code_postal", None), ("commune", "commune", None),
                ("code_insee", "code_insee", None), ("code_qpv", "qpv_code", None), ("quartier_qpv", "qpv_nom", None),
                ("zrr", "zrr", None), ("telephone", "telephone", format_phone), ("email", "email", None),
                ("representant_nom", "representant_nom", None),
                ("representant_lien", "representant_lien", _label(E.LienRepresentant)),
                ("representant_telephone", "representant_telephone", format_phone),
                ("situation_familiale", "situation_familiale", _label(E.SituationFamiliale)),
                ("nombre_enfants", "nombre_enfants", None), ("logement", "logement", _label(E.Logement)),
                ("niveau_formation", "niveau_formation", _label(E.NiveauFormation)), ("diplome", "diplome", None),
                ("permis", "permis", _label(E.Permis)), ("moyen_transport", "moyen_transport", _label(E.MoyenTransport)),
                ("inscrit_france_travail", "inscrit_france_travail", None), ("rqth", "rqth", None),
                ("minima_sociaux", "minima_sociaux", None), ("date_premier_accueil", "date_premier_accueil", None),
                ("referent", lambda r: _user(r, "u"), None), ("statut", "statut", _label(E.StatutJeune)),
                ("date_dernier_contact", "date_dernier_contact", None), ("informe_rgpd", "informe_rgpd", None)]
        return sql, cols
    if what == "actualites":  # never a.note
        sql = (f"SELECT a.id, a.date, a.duree_minutes, a.type, a.modalite, a.themes, l.nom AS lieu, "
               f"u.prenom AS u_prenom, u.nom AS u_nom, {_JEUNE} FROM actualite a JOIN jeune j ON j.id = a.jeune_id "
               f"LEFT JOIN lieu l ON l.id = a.lieu_id LEFT JOIN utilisateur u ON u.id = a.conseiller_id "
               f"WHERE a.deleted = 0 AND {alive} ORDER BY a.date, a.id")
        themes = (lambda v: ", ".join(E.ThemeProposition.label_of(t) for t in (v or "").split(",") if t))
        return sql, [("id_actualite", "id", None), *ident, ("date", "date", None),
                     ("duree_minutes", "duree_minutes", None), ("type", "type", _label(E.TypeActualite)),
                     ("modalite", "modalite", _label(E.Modalite)), ("themes", "themes", themes),
                     ("lieu", "lieu", None), ("conseiller", lambda r: _user(r, "u"), None)]
    if what == "freins":
        sql = (f"SELECT f.*, {_JEUNE} FROM frein f JOIN jeune j ON j.id = f.jeune_id "
               f"WHERE f.deleted = 0 AND {alive} ORDER BY f.date_identification, f.id")
        return sql, [("id_frein", "id", None), *ident, ("theme", "theme", _label(E.ThemeFrein)),
                     ("item", "item", None), ("impact", "impact", _label(E.Impact)),
                     ("statut", "statut", _label(E.StatutFrein)), ("date_identification", "date_identification", None),
                     ("date_statut", "date_statut", None)]
    if what == "propositions":
        sql = (f"SELECT p.*, {_JEUNE} FROM proposition p JOIN jeune j ON j.id = p.jeune_id "
               f"WHERE p.deleted = 0 AND {alive} ORDER BY p.date_proposition, p.id")
        return sql, [("id_proposition", "id", None), *ident, ("theme", "theme", _label(E.ThemeProposition)),
                     ("libelle", "libelle", None), ("partenaire", "partenaire", None),
                     ("date_proposition", "date_proposition", None), ("date_echeance", "date_echeance", None),
                     ("statut", "statut", _label(E.StatutProposition)), ("date_statut", "date_statut", None)]
    raise UserError(f"Export inconnu « {what} » : jeunes, actualites, freins ou propositions.")


EXPORTS = ("jeunes", "actualites", "freins", "propositions")
_DATE_COLUMNS = {"date", "date_naissance", "date_premier_accueil", "date_dernier_contact", "date_identification",
                 "date_statut", "date_proposition", "date_echeance"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BOOL_COLUMNS = {"zrr", "inscrit_france_travail", "rqth", "minima_sociaux", "informe_rgpd"}


def _rows(profile: Profile, what: str) -> tuple[list[str], Iterator[list[Any]]]:
    sql, cols = _spec(what)
    headers = [h for h, _, _ in cols]

    def generate() -> Iterator[list[Any]]:
        with profile.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=2000).execute(text(sql))
            for row in result.mappings():
                out = []
                for header, source, fmt in cols:
                    value = source(row) if callable(source) else row[source]
                    if fmt is not None:
                        value = fmt(value)
                    elif header in _DATE_COLUMNS and value:
                        value = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
                    elif header in _BOOL_COLUMNS and value is not None:
                        value = "oui" if value else "non"
                    if isinstance(value, str) and value[:1] in _FORMULA_START:
                        value = "'" + value  # never a formula in Excel (CSV/formula injection)
                    out.append(value)
                yield out

    return headers, generate()


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike) -> int:
    """Write ``what`` to ``path`` in ``fmt``; returns the number of rows. The file appears complete or not at all."""
    exiger(profile, "export")
    from desktop_app.services.securite import journal
    if fmt not in FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    headers, rows = _rows(profile, what)
    tmp = path.with_name(path.name + ".partiel")
    try:
        count = _write_csv(tmp, headers, rows) if fmt == "csv" else _write_xlsx(tmp, what, headers, rows)
        os.replace(tmp, path)
        journal.enregistrer(profile, "exporte", objet=f"{what} ({count} lignes)")
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    return count


def _write_csv(path: Path, headers: list[str], rows: Iterator[list[Any]]) -> int:
    from desktop_app.services.classeur import texte_csv

    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([texte_csv(v) for v in row])
            count += 1
    return count


def _write_xlsx(path: Path, what: str, headers: list[str], rows: Iterator[list[Any]]) -> int:
    """One sheet named after ``what`` (« Parcours auto-école »); numbers, amounts and dates typed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from desktop_app.services.classeur import FEUILLES, cellule, nom_feuille

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=nom_feuille(FEUILLES.get(what, what.capitalize())))
    bold = Font(bold=True)
    ws.append([cellule(ws, h, font=bold) for h in headers])
    count = 0
    for row in rows:
        ws.append([cellule(ws, value) for value in row])
        count += 1
    with path.open("wb") as fh:
        wb.save(fh)
    return count
