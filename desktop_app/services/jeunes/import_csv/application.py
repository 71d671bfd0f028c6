"""Writing one chunk of imported jeunes: upsert by identifiant_externe in one transaction."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

from sqlalchemy import select, text

from desktop_app.db.models import Jeune
from desktop_app.db.queries import vivant
from desktop_app.domain.ids import new_id
from desktop_app.services.jeunes.import_csv.resultat import MAX_REJETS_GARDES, DoublonPossible, judge, reject
from desktop_app.sync.capture import bulk_insert

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


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


def apply_chunk(profile: Profile, chunk: list[tuple[int, str, dict[str, Any]]], result) -> None:
    """Create or update the jeunes of ``chunk`` (line, identifiant_externe, values); count and report."""
    with profile.session() as s:
        existing = _existing(s, {ident for _, ident, _ in chunk})
        new_rows: dict[str, dict[str, Any]] = {}
        new_lines: dict[str, int] = {}
        for line, ident, values in chunk:
            jeune = existing.get(ident)
            if jeune is None and ident in new_rows:  # the same id twice in the file: later line completes it
                merged = {**new_rows[ident], **values}
                reason = judge(result, line, merged, None)
                if reason:
                    reject(result, line, reason)
                else:
                    new_rows[ident] = merged
                continue
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
            bulk_insert(s, Jeune, list(new_rows.values()))
            _possible_duplicates(s, new_rows, new_lines, result)
        s.commit()


def _possible_duplicates(s, new_rows: dict[str, dict[str, Any]], new_lines: dict[str, int], result) -> None:
    """Report new files born the same day as a live file with a similar name (to check, never blocked)."""
    from desktop_app.services.jeunes.doublons import MAX_MEMES_DATES, SEUIL_SIMILARITE, similarity

    dates = sorted({row["date_naissance"].isoformat() for row in new_rows.values() if row.get("date_naissance")})
    if not dates or len(result.doublons) >= MAX_REJETS_GARDES:
        return
    by_date: dict[str, list] = {}
    for start in range(0, len(dates), 500):
        part = dates[start:start + 500]
        marks = ", ".join(f":d{i}" for i in range(len(part)))
        params = {f"d{i}": d for i, d in enumerate(part)}
        # A date shared by hundreds of files is a placeholder (01/01/…), not a clue: skip it.
        usable = [d for d, n in s.execute(text(
            f"SELECT date_naissance, count(*) FROM jeune_recherche_cle WHERE +actif = 1 AND date_naissance IN ({marks}) "
            "GROUP BY date_naissance"), params) if n <= MAX_MEMES_DATES]
        if not usable:
            continue
        marks = ", ".join(f":u{i}" for i in range(len(usable)))
        rows = s.execute(text(
            "SELECT j.id, j.nom_naissance, j.nom_usage, j.prenoms, k.date_naissance FROM jeune_recherche_cle k "
            f"JOIN jeune j ON j.id = k.jeune_id WHERE +k.actif = 1 AND k.date_naissance IN ({marks})"),
            {f"u{i}": str(d) for i, d in enumerate(usable)})
        for row in rows:
            by_date.setdefault(str(row.date_naissance)[:10], []).append(row)
    for ident, row in new_rows.items():
        if not row.get("date_naissance"):
            continue
        alike = [other for other in by_date.get(row["date_naissance"].isoformat(), [])
                 if other.id != row["id"]
                 and similarity(row.get("nom_naissance") or "", row.get("prenoms") or "", other) >= SEUIL_SIMILARITE]
        if alike:
            result.doublons.append(DoublonPossible(new_lines[ident], row["id"], [
                f"{(o.nom_usage or o.nom_naissance or '').upper()} {o.prenoms}" for o in alike]))
