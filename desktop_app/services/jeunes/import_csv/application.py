"""Writing one chunk of imported jeunes: upsert by identifiant_externe in one transaction."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

from sqlalchemy import select

from desktop_app.db.models import Jeune
from desktop_app.db.queries import vivant
from desktop_app.domain.ids import new_id
from desktop_app.services.jeunes.import_csv.resultat import judge, reject
from desktop_app.sync.capture import bulk_insert

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile
    from desktop_app.services.jeunes.saisies import SaisieJeune


def _existing(s, idents: set[str]) -> dict[str, Jeune]:
    """Live file by identifiant_externe, else the file merged into another one (its lines are skipped: the
    kept file is not overwritten by a duplicate's values, nor the duplicate re-created). A deleted file that
    was not merged is not matched: the line creates it again."""
    found: dict[str, Jeune] = {}
    query = select(Jeune).where(
        Jeune.identifiant_externe.in_(idents),  # type: ignore[union-attr]
        (vivant(Jeune)) | Jeune.fusionne_dans_id.is_not(None),  # type: ignore[union-attr]
    ).order_by(Jeune.created_at)
    for jeune in s.scalars(query):
        current = found.get(jeune.identifiant_externe)
        if current is None or (current.deleted and not jeune.deleted):
            found[jeune.identifiant_externe] = jeune
    return found


def apply_chunk(profile: Profile, chunk: list[tuple[int, str, SaisieJeune]], result) -> None:
    """Create or update the jeunes of ``chunk`` (line, identifiant_externe, values); count and report."""
    with profile.session() as s:
        existing = _existing(s, {ident for _, ident, _ in chunk})
        new_rows: dict[str, dict[str, Any]] = {}
        new_lines: dict[str, int] = {}
        for line, ident, values in chunk:
            jeune = existing.get(ident)
            if jeune is not None and jeune.deleted:
                result.fusionnes += 1
                continue
            reason = judge(result, line, values, jeune)
            if reason:
                reject(result, line, reason)
                continue
            if jeune is None:
                new_rows[ident] = {"id": new_id(), "structure_id": profile.structure_id, "identifiant_externe": ident,
                                   **values}
                new_lines[ident] = line
                result.crees += 1
                continue
            changes = {k: v for k, v in values.items() if getattr(jeune, k) != v}
            for name, value in changes.items():
                setattr(jeune, name, value)
            if changes:
                result.modifies += 1
            else:
                result.inchanges += 1
        s.flush()
        if new_rows:
            _duplicate_step(s, new_rows, new_lines, result)
        if new_rows:
            bulk_insert(s, Jeune, list(new_rows.values()))
        s.commit()


def _duplicate_step(s, new_rows: dict[str, dict[str, Any]], new_lines: dict[str, int], result) -> None:
    """New lines matching a live dossier or an earlier line: reported, not created unless the policy says so
    (see ``import_csv.doublons``)."""
    from desktop_app.services.jeunes.import_csv.doublons import LignesVues, trier_doublons

    if result.doublons_vus is None:
        result.doublons_vus = LignesVues()
    trier_doublons(s, new_rows, new_lines, result, result.doublons_vus, result.doublons_politique)
