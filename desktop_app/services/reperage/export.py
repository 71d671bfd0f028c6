"""Export of the repérage entries (``passerelle export reperage``) to CSV (Excel français) or XLSX.

One row per live entry with its list, source and date of reception; coded values as their French label, dates
as dates, never the free text of the reason signalled (CNIL, as every export). Recorded in the access log.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TYPE_CHECKING

from sqlalchemy import text

from desktop_app.domain.errors import UserError, raison_os
from desktop_app.domain.reperage import SourceReperage, StatutEntree
from desktop_app.domain.validation import format_phone
from desktop_app.security.permissions import exiger

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

FORMATS = ("csv", "xlsx")
EN_TETES = ["liste", "source", "date_reception", "nom", "prenom", "date_naissance", "lieu", "telephone", "email",
            "statut", "date_statut", "tentatives", "date_premier_contact", "dossier_cree"]
_SQL = """
SELECT l.nom AS liste, l.source, l.date_reception, e.nom, e.prenom, e.date_naissance, e.lieu, e.telephone,
       e.email, e.statut, e.date_statut, e.nb_tentatives, e.date_premier_contact, e.jeune_id
FROM entree_reperage e JOIN liste_reperage l ON l.id = e.liste_id
WHERE e.deleted = 0 AND l.deleted = 0
ORDER BY l.date_reception, l.nom, e.nom, e.prenom, e.id
"""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(str(value)[:10])


def _rows(profile: Profile) -> Iterator[list[Any]]:
    with profile.engine.connect() as conn:
        for r in conn.execute(text(_SQL)).mappings():
            row = [r["liste"], SourceReperage.label_of(r["source"]), _date(r["date_reception"]), r["nom"],
                   r["prenom"], _date(r["date_naissance"]), r["lieu"],
                   format_phone(r["telephone"]) if r["telephone"] else None, r["email"],
                   StatutEntree.label_of(r["statut"]), _date(r["date_statut"]), r["nb_tentatives"],
                   _date(r["date_premier_contact"]), "oui" if r["jeune_id"] else "non"]
            yield [("'" + v) if isinstance(v, str) and v[:1] in _FORMULA_START else v for v in row]


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike) -> int:
    """Write the entries to ``path`` (``what`` = « reperage »); returns the number of rows. The file appears
    complete or not at all."""
    from desktop_app.services.jeunes.export import _write_csv, _write_xlsx
    from desktop_app.services.securite import journal

    exiger(profile, "reperage.exporter")
    if what != "reperage":
        raise UserError(f"Export inconnu « {what} » : reperage.")
    if fmt not in FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    tmp = path.with_name(path.name + ".partiel")
    try:
        count = (_write_csv(tmp, EN_TETES, _rows(profile)) if fmt == "csv"
                 else _write_xlsx(tmp, "Repérage", EN_TETES, _rows(profile)))
        os.replace(tmp, path)
        journal.enregistrer(profile, "exporte", objet=f"repérage ({count} lignes)")
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    return count
