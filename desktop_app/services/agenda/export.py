"""Export of the rendez-vous (issue 15): one row per jeune expected, CSV for French Excel or XLSX — labels in
French, dates JJ/MM/AAAA, never the free-text note. Same writers as the other exports (services.jeunes.export)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from desktop_app.db.models import Jeune, Lieu, Partenaire, RendezVous, RendezVousParticipant, Utilisateur
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import StatutRendezVous, ThemeProposition, TypeLieuRendezVous
from desktop_app.domain.errors import UserError, raison_os
from desktop_app.security.permissions import exiger
from desktop_app.services.jeunes import export as base
from desktop_app.services.securite.journal import journaliser

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

EXPORTS = ("rendez-vous",)
EN_TETES = ["id_rendez_vous", "date", "heure_debut", "heure_fin", "conseiller", "type_lieu", "lieu", "objet",
            "intitule", "collectif", "statut", "date_statut", "id_jeune", "identifiant_externe", "nom", "prenom",
            "statut_jeune"]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in base._FORMULA_START:
        return "'" + value
    return value


def _lignes(s, du: dt.date | None, au: dt.date | None):
    lieux = dict(s.execute(select(Lieu.id, Lieu.nom)).all())
    partenaires = dict(s.execute(select(Partenaire.id, Partenaire.nom)).all())
    conseillers = {i: f"{p} {n}".strip() if p else n
                   for i, p, n in s.execute(select(Utilisateur.id, Utilisateur.prenom, Utilisateur.nom))}
    query = (select(RendezVous, RendezVousParticipant, Jeune)
             .join(RendezVousParticipant, RendezVousParticipant.rendez_vous_id == RendezVous.id)
             .join(Jeune, Jeune.id == RendezVousParticipant.jeune_id)
             .where(vivant(RendezVous), vivant(RendezVousParticipant), vivant(Jeune))
             .order_by(RendezVous.date, RendezVous.heure_debut, Jeune.nom_naissance))
    if du is not None:
        query = query.where(RendezVous.date >= du)
    if au is not None:
        query = query.where(RendezVous.date <= au)
    for r, p, j in s.execute(query):
        yield [r.id, r.date, f"{r.heure_debut:%H:%M}", f"{r.heure_fin:%H:%M}", conseillers.get(r.conseiller_id, ""),
               TypeLieuRendezVous.label_of(r.type_lieu) or r.type_lieu,
               lieux.get(r.lieu_id) or partenaires.get(r.partenaire_id) or r.lieu_precision or "",
               ", ".join(ThemeProposition.label_of(c) or c for c in (r.objet or "").split(",") if c),
               r.intitule or "", "oui" if r.collectif else "non", StatutRendezVous.label_of(r.statut) or r.statut,
               r.date_statut, j.id, j.identifiant_externe or "", j.nom_usage or j.nom_naissance, j.prenoms,
               StatutRendezVous.label_of(p.statut) or p.statut]


def export(profile: Profile, what: str, fmt: str, path: str | os.PathLike, *, du: dt.date | None = None,
           au: dt.date | None = None) -> int:
    """Write the rendez-vous to ``path`` (a complete file or none); each jeune exported is in the access log."""
    exiger(profile, "agenda.lire")
    exiger(profile, "agenda.lire_collegues")
    exiger(profile, "export")
    if what not in EXPORTS:
        raise UserError(f"Export inconnu « {what} » : {', '.join(EXPORTS)}.")
    if fmt not in base.FORMATS:
        raise UserError(f"Format inconnu « {fmt} » : csv ou xlsx.")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Le dossier « {path.parent} » n'existe pas.")
    tmp = path.with_name(path.name + ".partiel")
    jeunes: list[str] = []
    col = EN_TETES.index("id_jeune")

    def rows(source):
        for row in source:
            jeunes.append(row[col])
            yield [_safe(v) for v in row]

    with profile.session() as s:
        try:
            count = (base._write_csv(tmp, EN_TETES, rows(_lignes(s, du, au))) if fmt == "csv"
                     else base._write_xlsx(tmp, what, EN_TETES, rows(_lignes(s, du, au))))
            os.replace(tmp, path)
        except OSError as exc:
            raise UserError(f"Impossible d'écrire « {path} » : {raison_os(exc)}.") from None
        finally:
            tmp.unlink(missing_ok=True)
    journaliser(profile, "exporte", jeunes, f"export {what} ({fmt})")
    return count
