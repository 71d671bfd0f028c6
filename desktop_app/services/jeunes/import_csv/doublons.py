"""The duplicate step of an import of jeunes: a new line that matches an existing dossier or an earlier line
of the same file is reported (line number, the dossier or line named, the reason) and, by default, not
created; the import report screen (or the CLI's ``--doublons``) then decides per line: fusionner, créer
quand même, ignorer. Kept apart from the file's decoding and validation (``lecture``, ``resultat``).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TYPE_CHECKING

from desktop_app.db.models import Jeune
from desktop_app.domain.doublons import Identite, cles_identite, ressemblance
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import new_id

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

POLITIQUES = {"ignorer": "signalés et non créés (par défaut)", "creer": "signalés et créés quand même"}
CHOIX = {"fusionner": "Fusionner avec le dossier existant", "creer": "Créer quand même", "ignorer": "Ignorer la ligne"}


@dataclass
class DoublonImport:
    """A line of the file that may be a jeune already known (in the profile, or on an earlier line)."""

    ligne: int
    identifiant_externe: str
    valeurs: dict[str, Any]  # what the line would create
    raison: str  # « même nom et même date de naissance »
    dossier_id: str  # the existing dossier (or the one created from the earlier line)
    dossier: str  # « N'DIAYE Éloïse, né·e le 12/03/2005, Sarcelles »
    ligne_precedente: int | None = None
    cree_id: str | None = None  # the dossier created anyway (policy « creer »), else None

    @property
    def nom_ligne(self) -> str:
        nom = (self.valeurs.get("nom_usage") or self.valeurs.get("nom_naissance") or "").upper()
        return f"{nom} {self.valeurs.get('prenoms') or ''}".strip()

    @property
    def jeune_id(self) -> str | None:  # the created file, as the former report had it
        return self.cree_id

    @property
    def ressemble_a(self) -> list[str]:
        return [self.dossier]

    def __str__(self) -> str:
        where = f"la ligne {self.ligne_precedente} ({self.dossier})" if self.ligne_precedente else \
            f"le dossier {self.dossier}"
        fate = "créé quand même" if self.cree_id else "non créé"
        return f"ligne {self.ligne} : {self.nom_ligne} — {self.raison} que {where} ; {fate}"


@dataclass
class LignesVues:
    """The lines created so far by this import, filed by duplicate keys (across chunks)."""

    par_cle: dict[str, list[tuple[int, str, Identite, str]]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def add(self, ligne: int, jeune_id: str, ident: Identite, label: str) -> None:
        self.ids.add(jeune_id)
        for key in cles_identite(ident):
            self.par_cle.setdefault(key, []).append((ligne, jeune_id, ident, label))

    def match(self, ident: Identite):
        seen: set[str] = set()
        for key in cles_identite(ident):
            for ligne, jeune_id, other, label in self.par_cle.get(key, []):
                if jeune_id not in seen:
                    seen.add(jeune_id)
                    found = ressemblance(ident, other)
                    if found is not None:
                        return ligne, jeune_id, label, found.raison
        return None


def _ident(values: dict[str, Any], placeholders: set[dt.date]) -> Identite:
    naissance = values.get("date_naissance")
    return Identite(values.get("nom_naissance"), values.get("prenoms"), values.get("nom_usage"),
                    None if naissance in placeholders else naissance, values.get("telephone"))


def _label(nom: str | None, prenoms: str | None, naissance: dt.date | None, commune: str | None, *,
           affiche: str | None = None) -> str:
    parts = [affiche or f"{(nom or '').upper()} {prenoms or ''}".strip()]
    if naissance:
        parts.append(f"né·e le {naissance:%d/%m/%Y}")
    if commune:
        parts.append(commune)
    return ", ".join(parts)


def _placeholders(s, rows: list[dict[str, Any]]) -> set[dt.date]:
    """Birth dates shared by hundreds of lines or files (01/01/…): no clue, treated as unknown."""
    from sqlalchemy import text

    from desktop_app.services.jeunes.doublons import MAX_MEMES_DATES

    counts = Counter(r["date_naissance"] for r in rows if r.get("date_naissance"))
    out = set()
    for day, n in counts.items():
        if n > MAX_MEMES_DATES // 4:
            existing = s.execute(text("SELECT count(*) FROM jeune_recherche_cle WHERE +actif = 1 AND "
                                      "date_naissance = :d"), {"d": day.isoformat()}).scalar() or 0
            if n + existing > MAX_MEMES_DATES:
                out.add(day)
    return out


def trier_doublons(s, new_rows: dict[str, dict[str, Any]], new_lines: dict[str, int], result, vues: LignesVues,
                   politique: str) -> None:
    """Report the new rows that match a live dossier or an earlier line; drop them from ``new_rows`` unless
    ``politique`` is « creer ». Rows kept are filed in ``vues`` for the following lines."""
    from desktop_app.services.jeunes.doublons import candidats_session

    placeholders = _placeholders(s, list(new_rows.values()))
    for ident_ext in sorted(new_rows, key=lambda k: new_lines[k]):
        row, line = new_rows[ident_ext], new_lines[ident_ext]
        ident = _ident(row, placeholders)
        found = vues.match(ident)
        doublon = None
        if found is not None:
            earlier, jeune_id, label, raison = found
            doublon = DoublonImport(line, ident_ext, _values(row), raison, jeune_id, label, earlier)
        else:
            candidats = candidats_session(s, ident, exclude=vues.ids) if (ident.nom and ident.prenoms) else []
            if candidats:
                c = candidats[0]
                doublon = DoublonImport(line, ident_ext, _values(row), c.raison, c.id,
                                        _label(None, None, c.date_naissance, c.commune, affiche=c.nom_affiche))
        if doublon is not None:
            result.doublons.append(doublon)
            if politique != "creer":
                del new_rows[ident_ext]
                result.crees -= 1
                result.doublons_non_crees += 1
                continue
            doublon.cree_id = row["id"]
        vues.add(line, row["id"], ident, _label(row.get("nom_usage") or row.get("nom_naissance"), row.get("prenoms"),
                                                row.get("date_naissance"), row.get("commune")))


def _values(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in {"id", "structure_id"}}


def appliquer_choix(profile: Profile, choix: list[tuple[DoublonImport, str]]) -> dict[str, int]:
    """The counsellor's choice per reported line, in one transaction: « fusionner » fills the dossier's empty
    fields with the line's values (and its identifiant_externe, so a re-import updates it), « creer » creates
    the line's dossier, « ignorer » does nothing. Returns the count per choice."""
    counts = Counter()
    with profile.session() as s:
        for doublon, what in choix:
            if what not in CHOIX:
                raise UserError(f"Choix inconnu pour la ligne {doublon.ligne} : « {what} ».")
            if doublon.cree_id is not None:
                what = "ignorer"  # already created (policy « creer »): merge from the dossier's window
            elif what == "creer":
                s.add(Jeune(id=new_id(), structure_id=profile.structure_id, **doublon.valeurs))
            elif what == "fusionner":
                _fill(s, doublon)
            counts[what] += 1
        s.commit()
    return dict(counts)


def _fill(s, doublon: DoublonImport) -> None:
    jeune = s.get(Jeune, doublon.dossier_id)
    if jeune is None or jeune.deleted:
        raise UserError(f"Ligne {doublon.ligne} : le dossier {doublon.dossier} n'existe plus (supprimé ou fusionné).")
    for name, value in doublon.valeurs.items():
        if name == "identifiant_externe" and jeune.identifiant_externe:
            continue
        if getattr(jeune, name) in (None, "") and value not in (None, ""):
            setattr(jeune, name, value)


__all__ = ["CHOIX", "POLITIQUES", "DoublonImport", "LignesVues", "appliquer_choix", "trier_doublons"]
