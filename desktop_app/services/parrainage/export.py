"""Exports of the parrains registry and of the parrainage contracts to CSV (French Excel) or XLSX, with ids.

Same file conventions as services/export.py (whose writers are reused): CSV UTF-8 with BOM and « ; », dates
JJ/MM/AAAA, coded values as French labels, no formula in a cell. No free text of the dossier jeune is read."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TYPE_CHECKING

from desktop_app.domain.enums import IssueParrainage, StatutParrain, StatutParrainage
from desktop_app.domain.validation import format_phone
from desktop_app.services.jeunes import export as base
from desktop_app.security.permissions import exiger
from desktop_app.domain.errors import UserError, raison_os
from desktop_app.services.parrainage.contrats import parrainages
from desktop_app.services.parrainage.acces import journaliser
from desktop_app.services.parrainage.parrains import parrains

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

EXPORTS = ("parrains", "parrainages")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in base._FORMULA_START:
        return "'" + value
    return value


def _rows(profile: Profile, what: str, jeunes: list[str]) -> tuple[list[str], Iterator[list[Any]]]:
    if what == "parrains":
        headers = ["id_parrain", "nom", "prenom", "statut", "employeur_reseau", "secteur", "competences",
                   "disponibilite", "telephone", "email", "date_entree", "actif", "max_filleuls",
                   "filleuls_en_cours", "formations_suivies"]
        rows = ([r.id, r.nom, r.prenom, StatutParrain.label_of(r.statut), r.employeur_reseau, r.secteur,
                 r.competences, r.disponibilite, format_phone(r.telephone), r.email, r.date_entree,
                 "oui" if r.actif else "non", r.max_filleuls, r.nb_filleuls, r.nb_formations]
                for r in parrains(profile))
    elif what == "parrainages":
        headers = ["id_parrainage", "id_jeune", "jeune", "id_parrain", "parrain", "conseiller", "date_debut",
                   "fin_prevue", "statut", "issue", "objectifs"]
        found = parrainages(profile)
        jeunes.extend(r.jeune_id for r in found)
        rows = ([r.id, r.jeune_id, r.jeune, r.parrain_id, r.parrain, r.conseiller, r.date_debut, r.fin_prevue,
                 StatutParrainage.label_of(r.statut), IssueParrainage.label_of(r.issue), r.objectifs]
                for r in found)
    else:
        raise UserError(f"Export inconnu « {what} » : parrains ou parrainages.")
    return headers, ([_safe(v) for v in row] for row in rows)


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike) -> int:
    """Write ``what`` to ``path`` in ``fmt``; returns the number of rows. Complete file or none.
    Recorded in the access log: one « exporte » entry per jeune of a parrainages export; the parrains registry
    (no jeune in it) gets one entry naming the export."""
    exiger(profile, "parrainage.exporter")
    if fmt not in base.FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    jeunes: list[str] = []
    headers, rows = _rows(profile, what, jeunes)
    tmp = path.with_name(path.name + ".partiel")
    try:
        count = base._write_csv(tmp, headers, rows) if fmt == "csv" else base._write_xlsx(tmp, what, headers, rows)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    if what == "parrainages":
        journaliser(profile, "exporte", jeunes, f"export parrainages ({fmt})")
    else:
        from desktop_app.services.securite import journal

        journal.enregistrer(profile, "exporte", objet=f"export {what} ({fmt}, {count} lignes)")
    return count
