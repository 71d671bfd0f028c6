"""Auto-école sociale: monthly regroupements and who attended each."""
from __future__ import annotations

import datetime as dt
from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Regroupement, RegroupementPresence
from desktop_app.db.queries import vivant, vivants
from desktop_app.security.permissions import exiger
from desktop_app.domain.plausibilite import presence_future
from desktop_app.domain.saisie import SaisieInvalide, date_field, raise_if, text_field
from desktop_app.services.securite.journal import noter_modification
from desktop_app.services.auto_ecole.commun import jeune_of
from desktop_app.services.enregistrements import alive, apply_values
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


def _validated_regroupement(date: Any, theme: str | None, lieu_id: str | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    jour = date_field(date, "date", errors, label="La date du regroupement", required=True)
    raise_if(errors, "Regroupement non enregistré")
    return {"date": jour, "theme": text_field(theme), "lieu_id": lieu_id or None}


def plan_regroupement(profile: Profile, *, date: Any, theme: str | None = None, lieu_id: str | None = None) -> Regroupement:
    exiger(profile, "mobilite.modifier")
    v = _validated_regroupement(date, theme, lieu_id)
    with profile.session() as s:
        record = Regroupement(structure_id=profile.structure_id, **v)
        s.add(record)
        s.commit()
        return record


def _presences(s, regroupement_id: str) -> list[RegroupementPresence]:
    return list(s.scalars(select(RegroupementPresence).where(
        RegroupementPresence.regroupement_id == regroupement_id,
        vivant(RegroupementPresence))))


def modifier_regroupement(profile: Profile, regroupement_id: str, *, date: Any, theme: str | None = None,
                          lieu_id: str | None = None) -> Regroupement:
    """Move or rename a regroupement (date, theme, lieu); the attendance already ticked stays with it."""
    exiger(profile, "mobilite.modifier")
    v = _validated_regroupement(date, theme, lieu_id)
    with profile.session() as s:
        record = alive(s, Regroupement, regroupement_id, "Ce regroupement n'existe pas (ou a été annulé).")
        message = presence_future(v["date"], aujourdhui(profile), quoi="La nouvelle date")
        if v["date"] != record.date and message and any(r.present for r in _presences(s, regroupement_id)):
            raise SaisieInvalide({"date": f"{message} Des présences sont déjà cochées pour ce regroupement : "
                                          f"décochez-les d'abord."}, "Regroupement non enregistré")
        apply_values(record, v)
        noter_modification(s, profile, [jeune_of(s, r.parcours_id) for r in _presences(s, regroupement_id)],
                           "regroupement auto-école modifié")
        s.commit()
        return record


def annuler_regroupement(profile: Profile, regroupement_id: str) -> None:
    """Cancel a regroupement: it and the attendance ticked on it become tombstones, so that neither the
    alerts (« regroupement manqué ») nor the lists count them any more."""
    exiger(profile, "mobilite.modifier")
    with profile.session() as s:
        record = alive(s, Regroupement, regroupement_id, "Ce regroupement n'existe pas (ou a déjà été annulé).")
        presences = _presences(s, regroupement_id)
        record.deleted = True
        for row in presences:
            row.deleted = True
        noter_modification(s, profile, [jeune_of(s, r.parcours_id) for r in presences],
                           "regroupement auto-école annulé")
        s.commit()


def list_regroupements(profile: Profile) -> list[Regroupement]:
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return list(s.scalars(vivants(Regroupement)
                              .order_by(Regroupement.date.desc())))


def set_presence_regroupement(profile: Profile, regroupement_id: str, parcours_id: str, present: bool, *,
                              today: dt.date | None = None) -> None:
    """Tick (or untick) a jeune present at a regroupement; ticking one that has not taken place yet
    (``today``: the hub-corrected date) is refused with a French message, nothing is written."""
    exiger(profile, "mobilite.modifier")
    today = today or aujourdhui(profile)
    with profile.session() as s:
        regroupement = alive(s, Regroupement, regroupement_id, "Ce regroupement n'existe pas (ou a été annulé).")
        message = presence_future(regroupement.date, today, quoi="Le regroupement")
        if present and message:
            raise SaisieInvalide({"present": message}, "Présence non enregistrée")
        row = s.scalars(select(RegroupementPresence).where(
            RegroupementPresence.regroupement_id == regroupement_id, RegroupementPresence.parcours_id == parcours_id,
            vivant(RegroupementPresence))).first()
        if row is None:
            s.add(RegroupementPresence(regroupement_id=regroupement_id, parcours_id=parcours_id, present=present))
        elif row.present != present:
            row.present = present
        noter_modification(s, profile, [jeune_of(s, parcours_id)], "présence à un regroupement auto-école")
        s.commit()


def presences_regroupement(profile: Profile, parcours_id: str) -> dict[str, bool]:
    """regroupement id → present, for one parcours."""
    exiger(profile, "mobilite.lire")
    with profile.session() as s:
        return {r.regroupement_id: r.present for r in s.scalars(
            select(RegroupementPresence).join(Regroupement, Regroupement.id == RegroupementPresence.regroupement_id)
            .where(RegroupementPresence.parcours_id == parcours_id, vivant(RegroupementPresence),
                   vivant(Regroupement)))}
