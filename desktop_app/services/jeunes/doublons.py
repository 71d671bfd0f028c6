"""Duplicate files: find jeunes close to a new one (same birth date, similar names) and merge two files.

A merge is ordinary edits in one captured transaction — every item of the merged file re-pointed to the
kept one, the kept file's empty fields filled, the merged file tombstoned with ``fusionne_dans_id`` — so
sync carries it as plain ops.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import select, text

from desktop_app.db.models import SYNCED_MODELS, Jeune
from desktop_app.domain.errors import UserError
from desktop_app.domain.validation import fold, parse_date
from desktop_app.services.jeunes.dossier import CHAMPS_EDITABLES

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

SEUIL_SIMILARITE = 0.78
MAX_MEMES_DATES = 200  # files born the same day beyond which the date is a placeholder, not a clue
_NON_ALNUM = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Candidat:
    id: str
    nom_affiche: str
    prenoms: str
    date_naissance: dt.date | None
    commune: str
    score: float  # 0..1, 1 = same folded names


def _squash(text: str | None) -> str:
    return _NON_ALNUM.sub("", fold(text))


def _words(text: str | None) -> list[str]:
    return [w for w in _NON_ALNUM.split(fold(text)) if w]


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def similarity(nom: str, prenoms: str, jeune: Jeune) -> float:
    """How alike two identities read (accents, case, apostrophes, hyphens and small typos ignored).

    The best of: names as given, names swapped (prénom typed in the nom box), and first-prénom only."""
    noms = [n for n in (_squash(jeune.nom_naissance), _squash(jeune.nom_usage)) if n]
    other_first = (_words(jeune.prenoms) or [""])[0]
    mine_first = (_words(prenoms) or [""])[0]
    nom_score = max((_ratio(_squash(nom), n) for n in noms), default=0.0)
    prenom_score = max(_ratio(_squash(prenoms), _squash(jeune.prenoms)), _ratio(mine_first, other_first))
    straight = 0.6 * nom_score + 0.4 * prenom_score
    swapped = 0.6 * max((_ratio(_squash(prenoms), n) for n in noms), default=0.0) + 0.4 * _ratio(
        _squash(nom), _squash(jeune.prenoms))
    return max(straight, swapped)


def _dates_to_check(naissance: dt.date) -> list[dt.date]:
    dates = [naissance]
    if naissance.day <= 12 and naissance.day != naissance.month:  # day and month typed the other way round
        try:
            dates.append(naissance.replace(day=naissance.month, month=naissance.day))
        except ValueError:
            pass
    return dates


def find_duplicates(profile: Profile, nom: str, prenoms: str, date_naissance, *, exclude_id: str | None = None,
                    seuil: float = SEUIL_SIMILARITE) -> list[Candidat]:
    """Live files born the same day (or with day/month swapped) whose names are similar, best first."""
    naissance = parse_date(date_naissance)
    if naissance is None or not (nom or prenoms):
        return []
    dates = [d.isoformat() for d in _dates_to_check(naissance)]
    with profile.session() as s:
        # The narrow search-key table (migration 0004) holds the birth dates: no scan of the wide jeune rows.
        ids = s.execute(text(
            f"SELECT jeune_id FROM jeune_recherche_cle WHERE +actif = 1 AND date_naissance IN "
            f"({', '.join(':d' + str(i) for i in range(len(dates)))}) LIMIT {MAX_MEMES_DATES + 1}"),
            {f"d{i}": d for i, d in enumerate(dates)}).scalars().all()
        if len(ids) > MAX_MEMES_DATES:  # a placeholder date (01/01/…) shared by hundreds of files: no clue
            return []
        rows = s.scalars(select(Jeune).where(Jeune.id.in_(ids))).all() if ids else []  # type: ignore[attr-defined]
    out = []
    for j in rows:
        if j.id == exclude_id:
            continue
        score = similarity(nom or "", prenoms or "", j)
        if j.date_naissance != naissance:
            score -= 0.05
        if score >= seuil:
            out.append(Candidat(j.id, j.nom_affiche, j.prenoms, j.date_naissance, j.commune or "", round(score, 3)))
    out.sort(key=lambda c: c.score, reverse=True)
    return out


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


__all__ = ["Candidat", "find_duplicates", "merge_jeunes", "similarity"]
