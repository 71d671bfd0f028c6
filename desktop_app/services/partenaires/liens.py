"""Free text linked to the directory: a proposition's « partenaire » and a situation's « employeur » typed before
the directory existed (or typed since) get the partner's id when their name key matches exactly one partner
(« Boulangerie Ménard SARL » = « boulangerie menard »); the rest stays as typed. The text itself is never changed."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Partenaire, Proposition, Situation
from desktop_app.db.queries import vivant
from desktop_app.services.partenaires.validation import cle_nom

if TYPE_CHECKING:
    from desktop_app.services.jeunes.saisies import SaisieElement
    from desktop_app.services.profil.profile import Profile

CHAMPS = {"proposition": (Proposition, "partenaire"), "situation": (Situation, "employeur")}


def _cles(s) -> dict[str, str | None]:
    """Name key → partner id (None when two partners share the key: ambiguous, left as text)."""
    out: dict[str, str | None] = {}
    for pid, nom in s.execute(select(Partenaire.id, Partenaire.nom).where(vivant(Partenaire))):
        key = cle_nom(nom)
        if key:
            out[key] = None if key in out and out[key] != pid else pid
    return out


def rattacher(s, kind: str, values: SaisieElement) -> None:
    """Set ``values["partenaire_id"]`` from the typed name when it names one partner (chronologie's writes)."""
    if kind not in CHAMPS or values.get("partenaire_id"):
        return
    typed = values.get(CHAMPS[kind][1])
    if not typed:
        return
    key = cle_nom(typed)
    for pid, nom in s.execute(select(Partenaire.id, Partenaire.nom).where(vivant(Partenaire))):
        if cle_nom(nom) == key:
            if values.get("partenaire_id"):  # a second one: ambiguous
                values.pop("partenaire_id")
                return
            values["partenaire_id"] = pid


def rattacher_textes(profile: Profile, *, partenaire_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Link every proposition and situation whose typed name matches one partner (only those of
    ``partenaire_ids`` when given); returns the counts linked by kind."""
    wanted = set(partenaire_ids) if partenaire_ids is not None else None
    counts = dict.fromkeys(CHAMPS, 0)
    with profile.session() as s:
        keys = _cles(s)
        if wanted is not None:
            keys = {k: v for k, v in keys.items() if v in wanted}
        if not keys:
            return counts
        for kind, (model, name) in CHAMPS.items():
            column = getattr(model, name)
            rows = s.execute(select(model.id, column).where(vivant(model), model.partenaire_id.is_(None),
                                                            column.is_not(None))).all()
            links = {row_id: keys.get(cle_nom(typed)) for row_id, typed in rows}
            links = {row_id: pid for row_id, pid in links.items() if pid}
            ids = list(links)
            with s.no_autoflush:  # one flush at the commit, not one per record
                for start in range(0, len(ids), 500):
                    for record in s.scalars(select(model).where(model.id.in_(ids[start:start + 500]))):
                        record.partenaire_id = links[record.id]
            counts[kind] += len(ids)
        s.commit()
    return counts
