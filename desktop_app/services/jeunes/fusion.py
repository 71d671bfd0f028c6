"""Merging two dossiers of one jeune: every item of the merged file re-pointed to the kept one, the chosen
values written on the kept file, the merged file tombstoned with ``fusionne_dans_id`` — ordinary edits in one
captured transaction, so sync carries the merge as plain ops and every laptop converges.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import SYNCED_MODELS, Jeune
from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

# The fields a merge chooses between (the dossier's editable fields: never bookkeeping, structure nor merge link;
# the same list as services.jeunes.dossier.CHAMPS_EDITABLES, which imports the duplicate check).
CHAMPS_EDITABLES = tuple(
    name for name in Jeune.model_fields
    if name not in {"id", "created_at", "updated_at", "deleted", "hlc", "field_clocks", "structure_id",
                    "fusionne_dans_id"}
)

def _jeune_references():
    """Every (model, column) pointing at a jeune, except the merge link itself."""
    for model in SYNCED_MODELS:
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            if any(fk.target_fullname == "jeune.id" for fk in column.foreign_keys) and column.name != "fusionne_dans_id":
                yield model, column.name


def _fill_empty(keep: Jeune, other: Jeune) -> None:
    for name in CHAMPS_EDITABLES:
        mine, theirs = getattr(keep, name), getattr(other, name)
        if name == "date_dernier_contact":
            if theirs and (mine is None or theirs > mine):
                keep.date_dernier_contact = theirs
        elif name == "date_premier_accueil":
            if theirs and (mine is None or theirs < mine):
                keep.date_premier_accueil = theirs
        elif mine in (None, "") and theirs not in (None, ""):
            setattr(keep, name, theirs)


def merge_jeunes(profile: Profile, keep_id: str, merge_id: str) -> Jeune:
    """Merge file ``merge_id`` into ``keep_id`` (one transaction; sync carries it as ordinary ops)."""
    if keep_id == merge_id:
        raise UserError("Impossible de fusionner un dossier avec lui-même.")
    with profile.session() as s:
        keep, other = s.get(Jeune, keep_id), s.get(Jeune, merge_id)
        for j in (keep, other):
            if j is None or j.deleted:
                raise UserError("Un des deux dossiers n'existe pas ou a déjà été supprimé ou fusionné.")
        for model, column in _jeune_references():
            attr = getattr(model, column)
            for record in s.scalars(select(model).where(attr == merge_id)):
                setattr(record, column, keep_id)
        for earlier in s.scalars(select(Jeune).where(Jeune.fusionne_dans_id == merge_id)):
            earlier.fusionne_dans_id = keep_id
        _fill_empty(keep, other)
        other.deleted = True
        other.fusionne_dans_id = keep_id
        s.commit()
        return keep


__all__ = ["merge_jeunes"]
