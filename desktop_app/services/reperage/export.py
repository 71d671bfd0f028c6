"""Export of the repérage entries (``passerelle export reperage [--liste NOM]``) to CSV (Excel français) or XLSX.

One row per live entry — of every list, or of one list — with its list, source and date of reception; coded values as their French label, dates
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
from desktop_app.domain.validation import fold, format_phone
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
WHERE e.deleted = 0 AND l.deleted = 0{liste}
ORDER BY l.date_reception, l.nom, e.nom, e.prenom, e.id
"""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(str(value)[:10])


def _rows(profile: Profile, liste_id: str | None) -> Iterator[list[Any]]:
    sql = _SQL.format(liste=" AND l.id = :liste" if liste_id else "")
    with profile.engine.connect() as conn:
        for r in conn.execute(text(sql), {"liste": liste_id} if liste_id else {}).mappings():
            row = [r["liste"], SourceReperage.label_of(r["source"]), _date(r["date_reception"]), r["nom"],
                   r["prenom"], _date(r["date_naissance"]), r["lieu"],
                   format_phone(r["telephone"]) if r["telephone"] else None, r["email"],
                   StatutEntree.label_of(r["statut"]), _date(r["date_statut"]), r["nb_tentatives"],
                   _date(r["date_premier_contact"]), "oui" if r["jeune_id"] else "non"]
            yield [("'" + v) if isinstance(v, str) and v[:1] in _FORMULA_START else v for v in row]


def liste_nommee(profile: Profile, nom: str) -> str:
    """The id of the live list called ``nom`` (accents and case as typed are ignored); a French error when no
    list or several lists bear that name (then their dates of reception tell them apart)."""
    from desktop_app.services.reperage.listes import listes

    trouvees = [r for r in listes(profile) if fold(r.nom).strip() == fold(nom).strip()]
    if not trouvees:
        raise UserError(f"Aucune liste de repérage ne s'appelle « {nom} ».")
    if len(trouvees) > 1:
        dates = ", ".join(f"{r.date_reception:%d/%m/%Y}" for r in trouvees)
        raise UserError(f"{len(trouvees)} listes s'appellent « {nom} » (reçues le {dates}) : "
                        "renommez-en une pour l'exporter seule.")
    return trouvees[0].id


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike, *, liste_id: str | None = None) -> int:
    """Write the entries to ``path`` (``what`` = « reperage »; only those of the list ``liste_id`` when given);
    returns the number of rows. The file appears complete or not at all."""
    from desktop_app.services.jeunes.export import _write_csv, _write_xlsx
    from desktop_app.services.securite import journal

    exiger(profile, "reperage.exporter")
    if what != "reperage":
        raise UserError(f"Export inconnu « {what} » : reperage.")
    if fmt not in FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    objet = "repérage"
    if liste_id:
        from desktop_app.services.reperage.listes import liste

        objet = f"repérage, liste « {liste(profile, liste_id).nom} »"  # raises when the list is gone
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    tmp = path.with_name(path.name + ".partiel")
    try:
        rows = _rows(profile, liste_id)
        count = (_write_csv(tmp, EN_TETES, rows) if fmt == "csv" else _write_xlsx(tmp, "Repérage", EN_TETES, rows))
        os.replace(tmp, path)
        journal.enregistrer(profile, "exporte", objet=f"{objet} ({count} ligne{'s' if count > 1 else ''})")
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    return count
