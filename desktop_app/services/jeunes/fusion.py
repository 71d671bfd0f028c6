"""Merging two dossiers of one jeune: every item of the merged file re-pointed to the kept one, the chosen
values written on the kept file, the merged file tombstoned with ``fusionne_dans_id`` — ordinary edits in one
captured transaction, so sync carries the merge as plain ops and every laptop converges.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TYPE_CHECKING

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


@dataclass(frozen=True)
class ChampCompare:
    """One field of two dossiers side by side; ``choix`` is the default: the most recent non-empty value."""

    nom: str
    libelle: str
    texte_garde: str
    texte_autre: str
    choix: str  # « garde » or « autre »

    @property
    def differe(self) -> bool:
        return self.texte_garde != self.texte_autre


@dataclass(frozen=True)
class Comparaison:
    garde_id: str
    autre_id: str
    titre_garde: str
    titre_autre: str
    champs: list[ChampCompare]


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _default(name: str, keep: Jeune, other: Jeune) -> str:
    mine, theirs = getattr(keep, name), getattr(other, name)
    if _empty(theirs) or mine == theirs:
        return "garde"
    if _empty(mine):
        return "autre"
    if name == "identifiant_externe":  # the other software's key of the kept file: a re-import updates it
        return "garde"
    if name == "date_dernier_contact":
        return "autre" if theirs > mine else "garde"
    if name == "date_premier_accueil":
        return "autre" if theirs < mine else "garde"
    # Most recent by the field's hybrid clock (the order sync itself resolves edits by, never the wall clock).
    return "autre" if other.clock_of(name) > keep.clock_of(name) else "garde"


def _texts(s, name: str, value: Any) -> str:
    from desktop_app.db.models import Utilisateur
    from desktop_app.services.sync.libelles import value_text

    if name == "referent_id" and value:
        user = s.get(Utilisateur, value)
        return user.nom_complet if user is not None else "(conseiller supprimé)"
    if name in ("telephone", "representant_telephone") and value:
        from desktop_app.domain.validation import format_phone

        return format_phone(value)
    return value_text("jeune", name, value)


def _live_pair(s, keep_id: str, merge_id: str) -> tuple[Jeune, Jeune]:
    if keep_id == merge_id:
        raise UserError("Impossible de fusionner un dossier avec lui-même.")
    keep, other = s.get(Jeune, keep_id), s.get(Jeune, merge_id)
    for j in (keep, other):
        if j is None or j.deleted:
            raise UserError("Un des deux dossiers n'existe pas ou a déjà été supprimé ou fusionné.")
    return keep, other


def comparer(profile: Profile, keep_id: str, merge_id: str) -> Comparaison:
    """Both dossiers field by field, with the default choice of each (for the side-by-side merge)."""
    from desktop_app.services.sync.libelles import field_label

    with profile.session() as s:
        keep, other = _live_pair(s, keep_id, merge_id)
        champs = [ChampCompare(name, field_label(name), _texts(s, name, getattr(keep, name)),
                               _texts(s, name, getattr(other, name)), _default(name, keep, other))
                  for name in CHAMPS_EDITABLES]
        return Comparaison(keep.id, other.id, keep.nom_affiche, other.nom_affiche, champs)


def merge_jeunes(profile: Profile, keep_id: str, merge_id: str, *, choix: dict[str, str] | None = None) -> Jeune:
    """Merge file ``merge_id`` into ``keep_id`` (one transaction; sync carries it as ordinary ops).

    ``choix`` maps a field to « garde » or « autre » (the value kept); a field not named takes its default
    (:func:`comparer`: the most recent non-empty value)."""
    choix = choix or {}
    with profile.session() as s:
        keep, other = _live_pair(s, keep_id, merge_id)
        for model, column in _jeune_references():
            attr = getattr(model, column)
            for record in s.scalars(select(model).where(attr == merge_id)):
                setattr(record, column, keep_id)
        for earlier in s.scalars(select(Jeune).where(Jeune.fusionne_dans_id == merge_id)):
            earlier.fusionne_dans_id = keep_id
        for name in CHAMPS_EDITABLES:
            which = choix.get(name) or _default(name, keep, other)
            if which not in ("garde", "autre"):
                raise UserError(f"Choix inconnu pour « {name} » : {which}.")
            if which == "autre" and getattr(keep, name) != getattr(other, name):
                setattr(keep, name, getattr(other, name))
        other.deleted = True
        other.fusionne_dans_id = keep_id
        s.commit()
        return keep


__all__ = ["ChampCompare", "Comparaison", "comparer", "merge_jeunes"]
