"""Exports of the immersions (one line per immersion) and of the employment events (one line per event, its
figures) to CSV (French Excel: UTF-8 with BOM, « ; ») or XLSX. Never a free-text note (activities, bilan remarks)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TYPE_CHECKING

from desktop_app.domain.errors import UserError, raison_os
from desktop_app.security.permissions import exiger
from desktop_app.services.evenements.bilan import bilan
from desktop_app.services.evenements.evenements import evenements
from desktop_app.services.immersions.immersions import immersions, vue as vue_immersion
from desktop_app.services.jeunes import export as base
from desktop_app.services.securite import journal

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

EXPORTS = ("immersions", "evenements")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in base._FORMULA_START:
        return "'" + value
    return value


def _immersions(profile: Profile, jeunes: list[str]) -> tuple[list[str], Iterator[list[Any]]]:
    headers = ["id_immersion", "id_jeune", "jeune", "structure_accueil", "metier", "objet", "date_debut",
               "date_fin", "renouvelee", "heures_par_semaine", "statut", "date_signature", "date_bilan",
               "assiduite", "savoir_etre", "suite"]
    lignes = immersions(profile)
    jeunes.extend(r.jeune_id for r in lignes)

    def rows() -> Iterator[list[Any]]:
        for r in lignes:
            v = vue_immersion(profile, r.id)
            yield [r.id, r.jeune_id, r.jeune, r.entreprise, r.metier, r.objectif, r.date_debut, r.fin,
                   "oui" if r.renouvelee else "non", v.heures_hebdo, r.statut_libelle, v.date_signature,
                   v.date_bilan, v.assiduite, v.savoir_etre, v.suite]
    return headers, rows()


def _evenements(profile: Profile) -> tuple[list[str], Iterator[list[Any]]]:
    headers = ["id_evenement", "intitule", "type", "date", "lieu", "entreprises", "postes", "jeunes_vises",
               "jeunes_invites", "jeunes_presents", "jeunes_en_entretien", "entretiens", "suites_donnees",
               "embauches", "femmes_presentes", "presents_qpv"]

    def rows() -> Iterator[list[Any]]:
        for e in evenements(profile):
            b = bilan(profile, e.id)
            yield [e.id, b.intitule, b.type, b.date, b.lieu, b.entreprises, b.postes, b.vises, b.invites,
                   b.presents, b.jeunes_en_entretien, b.entretiens, b.suites, b.embauches, b.femmes, b.qpv]
    return headers, rows()


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike) -> int:
    """Write ``what`` (immersions, evenements) to ``path`` in ``fmt``; the number of rows. Complete file or none.
    The access log gets one « exporte » entry per jeune of an immersions export, one entry for the events."""
    exiger(profile, "emploi.exporter")
    if what not in EXPORTS:
        raise UserError(f"Export inconnu « {what} » : immersions ou evenements.")
    if fmt not in base.FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    jeunes: list[str] = []
    headers, rows = _immersions(profile, jeunes) if what == "immersions" else _evenements(profile)
    safe_rows = ([_safe(v) for v in row] for row in rows)
    tmp = path.with_name(path.name + ".partiel")
    try:
        count = (base._write_csv(tmp, headers, safe_rows) if fmt == "csv"
                 else base._write_xlsx(tmp, what, headers, safe_rows))
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    if what == "immersions":
        journal.journaliser(profile, "exporte", jeunes, f"export immersions ({fmt})")
    else:
        journal.enregistrer(profile, "exporte", objet=f"export evenements ({fmt}, {count} lignes)")
    return count
