"""Export of the collective actions (``passerelle export actions-collectives``): one row per séance and named
participant (a séance without named participant: one row, for its counted public), CSV for French Excel or XLSX,
same writers and rules as the other exports (labels not codes, dates JJ/MM/AAAA, never a formula, complete file
or none, an « exporte » entry in the access log per jeune in the file). Never the free notes."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, TYPE_CHECKING

from desktop_app.domain import actions_collectives as D
from desktop_app.domain.errors import UserError, raison_os
from desktop_app.security.permissions import exiger
from desktop_app.services.actions_collectives.inscriptions import grille
from desktop_app.services.actions_collectives.listes import detail_action, lister_actions
from desktop_app.services.jeunes import export as base
from desktop_app.services.securite.journal import journaliser

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

EXPORTS = ("actions-collectives",)
HEADERS = ["id_action", "type", "titre", "lieu", "co_animation", "capacite", "vises", "id_seance", "date",
           "heure_debut", "heure_fin", "heures", "public_compte", "public_compte_description", "id_jeune",
           "identifiant_externe", "nom", "prenom", "present", "resultats_atteints"]


def _oui(value: bool | None) -> str:
    return "" if value is None else ("oui" if value else "non")


def _heure(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in base._FORMULA_START:
        return "'" + value
    return value


def _rows(profile: Profile, jeunes: list[str]):
    from sqlalchemy import select

    from desktop_app.db.models import Jeune

    with profile.session() as s:
        externes = dict(s.execute(select(Jeune.id, Jeune.identifiant_externe)).all())
    for ligne in sorted(lister_actions(profile), key=lambda r: (r.premiere or dt.date.max, r.titre)):
        detail = detail_action(profile, ligne.id)
        a = detail.action
        resultats = {i.jeune_id: ", ".join(D.libelle_resultat(a.type, c) for c, ok in i.resultats.items() if ok)
                     for i in detail.inscrits}
        head = [a.id, detail.libelle_type, a.titre, detail.lieu, detail.co_animation, a.capacite, a.vises]
        for x in detail.seances:
            seance = [x.id, x.date, _heure(x.heure_debut), _heure(x.heure_fin),
                      D.heures(x.heure_debut, x.heure_fin) or None, x.public_compte, x.public_description]
            lignes = grille(profile, x.id)
            if not lignes:
                yield head + seance + [""] * 6
            for g in lignes:
                jeunes.append(g.jeune_id)
                yield head + seance + [g.jeune_id, externes.get(g.jeune_id), g.nom, g.prenom, _oui(g.present),
                                       resultats.get(g.jeune_id, "")]


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike) -> int:
    """Write ``what`` (« actions-collectives ») to ``path`` in ``fmt``; returns the number of rows. The
    section's export menu also offers the mobility exports (« ateliers », « prets »): handed to
    :func:`desktop_app.services.ateliers.export.export`, which checks its own permissions."""
    if what in ("ateliers", "prets"):
        from desktop_app.services.ateliers.export import export as export_mobilite

        return export_mobilite(profile, what, fmt, path)
    exiger(profile, "actions.lire")
    exiger(profile, "actions.exporter")
    if what not in EXPORTS:
        raise UserError(f"Export inconnu « {what} » : {', '.join(EXPORTS)}.")
    if fmt not in base.FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    tmp = path.with_name(path.name + ".partiel")
    jeunes: list[str] = []
    rows = ([_safe(v) for v in row] for row in _rows(profile, jeunes))
    try:
        count = (base._write_csv(tmp, HEADERS, rows) if fmt == "csv"
                 else base._write_xlsx(tmp, "Actions collectives", HEADERS, rows))
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    journaliser(profile, "exporte", jeunes, f"export {what} ({fmt})")
    return count
