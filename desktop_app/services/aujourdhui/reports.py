"""« Reporter au… »: a line of À faire hidden for the current user until a date (synced, per user).

One live row per (user, line): snoozing again moves its date; « Ne plus reporter » makes it a tombstone. The line
shows again on the day of ``jusqu_au`` (hub-corrected today)."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Jeune, ReportAFaire
from desktop_app.db.queries import vivant
from desktop_app.domain.saisie import date_field, raise_if
from desktop_app.security.permissions import exiger
from desktop_app.services.aujourdhui.saisies import SaisieReport

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

PREFIXE = "Non reporté"
HORIZON_JOURS = 366  # a snooze further than a year away is a typing slip


def reporter(profile: Profile, saisie: SaisieReport) -> ReportAFaire:
    """Hide the line ``saisie["cle"]`` for the current user until ``saisie["jusqu_au"]`` (a day after today,
    within a year); a French message at the field otherwise."""
    from desktop_app.services.sync.horloge import aujourdhui

    actor = exiger(profile, "aujourdhui.reporter")
    errors: dict[str, str] = {}
    cle = str(saisie.get("cle") or "").strip()
    if not cle:
        errors["cle"] = "Choisissez la ligne à reporter."
    elif len(cle) > 120:
        errors["cle"] = "Ligne inconnue."
    jour = aujourdhui(profile)
    jusqu_au = date_field(saisie.get("jusqu_au"), "jusqu_au", errors, label="La date du report", required=True)
    if jusqu_au is not None and "jusqu_au" not in errors:
        if jusqu_au <= jour:
            errors["jusqu_au"] = f"Choisissez une date après aujourd'hui ({jour:%d/%m/%Y})."
        elif jusqu_au > jour + dt.timedelta(days=HORIZON_JOURS):
            errors["jusqu_au"] = "Un report va au plus à un an : choisissez une date plus proche."
    jeune_id = str(saisie.get("jeune_id") or "").strip() or None
    with profile.session() as s:
        if jeune_id is not None:
            jeune = s.get(Jeune, jeune_id)
            if jeune is None or jeune.deleted:
                errors["jeune_id"] = "Ce dossier n'existe pas (ou plus) sur ce poste."
        raise_if(errors, PREFIXE)
        existing = s.scalars(select(ReportAFaire).where(
            ReportAFaire.utilisateur_id == actor.user_id, ReportAFaire.cle == cle, vivant(ReportAFaire))).first()
        if existing is None:
            existing = ReportAFaire(utilisateur_id=actor.user_id, cle=cle, jusqu_au=jusqu_au, jeune_id=jeune_id)
            s.add(existing)
        elif existing.jusqu_au != jusqu_au:
            existing.jusqu_au = jusqu_au
        s.commit()
        return existing


def annuler(profile: Profile, cle: str) -> bool:
    """« Ne plus reporter »: the line shows again now. Returns whether a snooze was removed."""
    actor = exiger(profile, "aujourdhui.reporter")
    with profile.session() as s:
        rows = list(s.scalars(select(ReportAFaire).where(
            ReportAFaire.utilisateur_id == actor.user_id, ReportAFaire.cle == cle, vivant(ReportAFaire))))
        for row in rows:
            row.deleted = True
        s.commit()
    return bool(rows)


def reportes(profile: Profile, jour: dt.date) -> dict[str, dt.date]:
    """``{cle: jusqu_au}`` of the current user's lines still hidden on ``jour`` (two devices snoozing the same
    line offline: the later date wins)."""
    actor = exiger(profile, "aujourdhui.voir")
    with profile.session() as s:
        rows = s.execute(select(ReportAFaire.cle, ReportAFaire.jusqu_au).where(
            ReportAFaire.utilisateur_id == actor.user_id, vivant(ReportAFaire),
            ReportAFaire.jusqu_au > jour)).all()
    out: dict[str, dt.date] = {}
    for cle, jusqu_au in rows:
        if cle not in out or jusqu_au > out[cle]:
            out[cle] = jusqu_au
    return out


__all__ = ["annuler", "reporter", "reportes"]
