"""Duplicate files: the one lookup every entry point uses (form, quick capture, import, sync review).

Candidates come from indexed columns only — the birth-date index of the search-key table (migration 0006)
and the FTS index's name and phone tokens (migration 0002) — so that a check costs a few index probes on
100 000 jeunes; the rule deciding whether a candidate is the same person, and why, is
:func:`desktop_app.domain.doublons.ressemblance`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from desktop_app.domain.doublons import (
    Identite,
    cle_telephone,
    meme_nom,
    mots,
    mots_significatifs,
    nom_proche,
    nom_proche_atteint,
    ressemblance,
    variantes_nom,
)
from desktop_app.domain.errors import UserError
from desktop_app.domain.validation import fold, parse_date
from desktop_app.services.jeunes.fusion import merge_jeunes

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

MAX_MEMES_DATES = 200  # files born the same day beyond which the date is a placeholder, not a clue
MAX_CANDIDATS = 200  # rows read per probe (a common name or a shared switchboard number)
PREFILTRE_NOM = 0.7  # below this, a file born the same day is not read (the rule's typo threshold is 0.85)
SEUIL_SIMILARITE = 0.78  # kept for callers of :func:`similarity`


@dataclass(frozen=True)
class Candidat:
    """An existing dossier that may be the same jeune, with what tells namesakes apart."""

    id: str
    nom_affiche: str
    prenoms: str
    date_naissance: dt.date | None
    commune: str
    score: float  # 0..1 for sorting (strength of the reason)
    raison: str = ""  # « même nom et même date de naissance »
    referent: str = ""
    dernier_contact: dt.date | None = None
    telephone: str = ""

    @property
    def description(self) -> str:
        """What tells namesakes apart: « N'DIAYE Éloïse — né·e le 12/03/2005 — Sarcelles — référent·e Camille
        Martin — dernier contact le 01/10/2026 »."""
        parts = [self.nom_affiche,
                 f"né·e le {self.date_naissance:%d/%m/%Y}" if self.date_naissance else "date de naissance inconnue"]
        if self.commune:
            parts.append(self.commune)
        parts.append(f"référent·e {self.referent}" if self.referent else "sans référent·e")
        parts.append(f"dernier contact le {self.dernier_contact:%d/%m/%Y}" if self.dernier_contact
                     else "aucun contact noté")
        return " — ".join(parts)


class DoublonPossibleErreur(UserError):
    """Creating this person would make a twin: nothing saved; confirm to create anyway."""

    def __init__(self, candidats: list[Candidat]) -> None:
        first = candidats[0]
        super().__init__(f"Ce jeune a peut-être déjà un dossier : {first.nom_affiche} ({first.raison}).")
        self.candidats = candidats


def _fts_terms(part: str | None) -> list[str]:
    words = [w for w in mots_significatifs(part) if len(w) >= 2]
    return sorted(set(words) | variantes_nom(part) | ({"".join(mots(part))} - {""}))


def _name_query(ident: Identite) -> str | None:
    """FTS query: one term of the nom AND one of the prénoms, in either column (swapped names)."""
    groups = []
    for part in (ident.nom or ident.nom_usage, ident.prenoms):
        terms = _fts_terms(part)
        if not terms:
            return None
        groups.append("{noms prenoms} : (" + " OR ".join(f'"{t}"' for t in terms) + ")")
    return " AND ".join(groups)


def _dates(ident: Identite) -> list[dt.date]:
    d = ident.date_naissance
    if d is None:
        return []
    return [d, d.replace(day=d.month, month=d.day)] if d.day <= 12 and d.day != d.month else [d]


def _born_the_same_day(s, ident: Identite) -> set[str]:
    """Live files born that day (or day/month swapped) whose names may be alike, judged on the narrow key
    table's folded « nom prénoms » (the wide rows are read only for the few kept)."""
    ids: set[str] = set()
    for day in _dates(ident):
        found = s.execute(text(
            "SELECT jeune_id, tri, prenoms FROM jeune_recherche_cle WHERE +actif = 1 AND date_naissance = :d "
            "LIMIT :n"), {"d": day.isoformat(), "n": MAX_MEMES_DATES + 1}).all()
        if len(found) > MAX_MEMES_DATES:  # a placeholder date (01/01/…) shared by hundreds: no clue
            continue
        for jeune_id, tri, prenoms in found:
            nom = _nom_of_sort_key(tri, prenoms)
            if nom is None:  # a key this code cannot split: read the row
                ids.add(jeune_id)
                continue
            rough = Identite(nom, prenoms)
            if meme_nom(ident, rough) or nom_proche_atteint(ident, rough, PREFILTRE_NOM):
                ids.add(jeune_id)
    return ids


def _nom_of_sort_key(tri: str | None, prenoms: str | None) -> str | None:
    """The nom part of the key table's sort key « nom prénoms » (lower case, accents folded, apostrophes and
    hyphens removed — migration 0002), or None when it does not end with the prénoms so folded."""
    tail = " " + fold("".join(c for c in (prenoms or "") if c not in "'’-"))
    if not tri or not tri.endswith(tail):
        return None
    return tri[: -len(tail)]


def _probe_ids(s, ident: Identite) -> set[str]:
    ids = _born_the_same_day(s, ident)
    fts = "SELECT k.jeune_id FROM jeune_recherche r JOIN jeune_recherche_cle k ON k.n = r.rowid " \
          "WHERE jeune_recherche MATCH :q AND +k.actif = 1{dates} LIMIT :n"
    phone = cle_telephone(ident.telephone)
    if phone:
        ids.update(s.execute(text(fts.format(dates="")), {"q": f'telephone : "{phone}"', "n": MAX_CANDIDATS}).scalars())
    query = _name_query(ident)
    if query:
        # Namesakes born another (known) day are two people: the key table's date rules them out before reading.
        days = {f"d{i}": d.isoformat() for i, d in enumerate(_dates(ident))}
        dates = (" AND (k.date_naissance IS NULL OR k.date_naissance IN (" + ", ".join(":" + k for k in days) + "))"
                 if days else "")
        ids.update(s.execute(text(fts.format(dates=dates)), {"q": query, "n": MAX_CANDIDATS, **days}).scalars())
    return ids


_ROWS = ("SELECT j.id, j.nom_naissance, j.nom_usage, j.prenoms, j.date_naissance, j.telephone, j.commune, "
         "j.date_dernier_contact, j.deleted, j.fusionne_dans_id, u.prenom AS ref_prenom, u.nom AS ref_nom FROM jeune j "
         "LEFT JOIN utilisateur u ON u.id = j.referent_id WHERE j.id IN ({marks})")


def candidats_session(s, ident: Identite, *, exclude: set[str] | frozenset[str] = frozenset()) -> list[Candidat]:
    """Live dossiers (in session ``s``) that may be ``ident``, surest first."""
    if not (ident.nom or ident.nom_usage or ident.prenoms):
        return []
    ids = sorted(_probe_ids(s, ident) - set(exclude))
    out = []
    for row in lignes_dossiers(s, ids):
        other = identite_de(row)
        found = ressemblance(ident, other)
        if found is not None:
            out.append(_candidat(row, round(found.force / 6, 3), found.raison))
    out.sort(key=lambda c: (-c.score, c.nom_affiche))
    return out


def lignes_dossiers(s, ids: list[str]):
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        yield from s.execute(text(_ROWS.format(marks=", ".join(f":i{i}" for i in range(len(part))))),
                             {f"i{i}": v for i, v in enumerate(part)})


def identite_de(row) -> Identite:
    return Identite(row.nom_naissance, row.prenoms, row.nom_usage, parse_date(row.date_naissance), row.telephone)


def _candidat(row, score: float = 0.0, raison: str = "") -> Candidat:
    nom = (row.nom_usage or row.nom_naissance or "").upper()
    referent = " ".join(p for p in (row.ref_prenom, row.ref_nom) if p)
    return Candidat(row.id, f"{nom} {row.prenoms}".strip(), row.prenoms or "", parse_date(row.date_naissance),
                    row.commune or "", score, raison, referent, parse_date(row.date_dernier_contact),
                    row.telephone or "")


def fiches(profile: Profile, ids: list[str], *, vivants: bool = False) -> dict[str, Candidat]:
    """What tells each dossier apart from its namesakes (birth date, commune, référent, last contact) — for
    merge and erase confirmations and the review of duplicates (``vivants``: neither deleted nor merged)."""
    with profile.session() as s:
        return {row.id: _candidat(row) for row in lignes_dossiers(s, list(ids))
                if not vivants or (not row.deleted and row.fusionne_dans_id is None)}


def identite(nom: str | None, prenoms: str | None, date_naissance=None, telephone: str | None = None,
             nom_usage: str | None = None) -> Identite:
    """An :class:`Identite` from typed values (a date not understood counts as unknown)."""
    try:
        naissance = parse_date(date_naissance)
    except ValueError:
        naissance = None
    return Identite((nom or "").strip() or None, (prenoms or "").strip() or None, (nom_usage or "").strip() or None,
                    naissance, (telephone or "").strip() or None)


def find_duplicates(profile: Profile, nom: str | None, prenoms: str | None, date_naissance=None, *,
                    telephone: str | None = None, nom_usage: str | None = None,
                    exclude_id: str | None = None) -> list[Candidat]:
    """Live dossiers that may be the person typed (names, birth date, phone), surest first."""
    ident = identite(nom, prenoms, date_naissance, telephone, nom_usage)
    with profile.session() as s:
        return candidats_session(s, ident, exclude={exclude_id} if exclude_id else set())


def refuse_twin(s, ident: Identite) -> None:
    """Raise :class:`DoublonPossibleErreur` when ``ident`` matches a live dossier (services call this before
    creating a person unless the user confirmed)."""
    found = candidats_session(s, ident)
    if found:
        raise DoublonPossibleErreur(found)


def similarity(nom: str, prenoms: str, jeune) -> float:
    """How alike two identities read (0..1; typos, accents, swapped names) — the domain's measure."""
    return nom_proche(Identite(nom, prenoms), Identite(jeune.nom_naissance, jeune.prenoms, jeune.nom_usage))


__all__ = ["Candidat", "DoublonPossibleErreur", "candidats_session", "fiches", "find_duplicates", "identite",
           "identite_de", "lignes_dossiers", "merge_jeunes",
           "refuse_twin", "similarity"]
