"""Duplicate rule: do two identities (names, birth date, phone) describe the same jeune, and why — pure.

One rule for every entry point (dossier form, quick capture at a permanence, CSV import, sync review).
Names are compared after folding accents, case, apostrophes, hyphens and particles (« de », « la »,
« d' », « ben »…), in either order (prénom typed in the nom box); birth dates and French phone numbers
(national or international form) confirm or rule out. Two namesakes whose known birth dates differ are two
people (except day and month typed the other way round).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from desktop_app.domain.validation import fold

PARTICULES = frozenset({
    "de", "du", "des", "le", "la", "les", "d", "l", "del", "della", "di", "da", "dos", "das", "van", "von",
    "der", "den", "ten", "ter", "ben", "bin", "ibn", "bent", "el", "al", "ould", "y", "e",
})
SEUIL_NOM_PROCHE = 0.85  # names this alike (typos) count only with the same birth date
_SEPARATEURS = re.compile(r"[\s'’ʼ`´\-‐‑–—_.,;/]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_INDICATIFS_OUTRE_MER = ("262", "269", "590", "594", "596", "508")

# Reasons, strongest first (the order candidates are shown in).
MEME_NOM_MEME_NAISSANCE = "même nom et même date de naissance"
MEME_NOM_NAISSANCE_INVERSEE = "même nom, date de naissance au jour et mois inversés"
MEME_NOM_MEME_TELEPHONE = "même nom et même téléphone"
NOM_PROCHE_MEME_NAISSANCE = "nom proche et même date de naissance"
MEME_TELEPHONE = "même téléphone"
MEME_NOM = "même nom (date de naissance à vérifier)"
_FORCE = {MEME_NOM_MEME_NAISSANCE: 6, MEME_NOM_NAISSANCE_INVERSEE: 5, MEME_NOM_MEME_TELEPHONE: 5,
          NOM_PROCHE_MEME_NAISSANCE: 4, MEME_TELEPHONE: 2, MEME_NOM: 1}


@dataclass(frozen=True)
class Identite:
    """What an entry point knows of a person (every part optional except some name)."""

    nom: str | None = None  # nom de naissance
    prenoms: str | None = None
    nom_usage: str | None = None
    date_naissance: dt.date | None = None
    telephone: str | None = None


@dataclass(frozen=True)
class Ressemblance:
    raison: str  # in French, for a counsellor: « même nom et même date de naissance »
    force: int  # higher = surer


@lru_cache(maxsize=8192)
def _mots(text: str) -> tuple[str, ...]:
    return tuple(w for w in (_NON_ALNUM.sub("", p) for p in _SEPARATEURS.split(fold(text))) if w)


def mots(text: str | None) -> list[str]:
    """Folded words of a name, particles included: « N'Diaye » → ['n', 'diaye']."""
    return list(_mots(text or ""))


@lru_cache(maxsize=8192)
def _significatifs(text: str) -> tuple[str, ...]:
    words = _mots(text)
    return tuple(w for w in words if w not in PARTICULES) or words


def mots_significatifs(text: str | None) -> list[str]:
    """Folded words without particles; a name made only of particles (« Le ») keeps them."""
    return list(_significatifs(text or ""))


def cle_nom(text: str | None) -> str:
    """One folded key for a name part: « d'Aït-Ali » and « Aitali » → 'aitali'; « Ben Salah » → 'salah'."""
    return "".join(mots_significatifs(text))


def cle_telephone(value: str | None) -> str:
    """French national form (0XXXXXXXXX) of a number typed with or without its country code, else ''."""
    digits = "".join(c for c in (value or "") if c.isdigit())
    if (value or "").strip().startswith("00"):
        digits = digits[2:]
    elif digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("33") and len(digits) == 11:
        return "0" + digits[2:]
    if digits.startswith(_INDICATIFS_OUTRE_MER) and len(digits) == 12:
        return "0" + digits[3:]
    if digits.startswith("0") and len(digits) == 10:
        return digits
    return ""


def _noms(ident: Identite) -> list[str]:
    return [k for k in (cle_nom(ident.nom), cle_nom(ident.nom_usage)) if k]


def variantes_nom(text: str | None) -> set[str]:
    """Keys of one nom: without and with its particles (« Ben Salah » → {'salah', 'bensalah'})."""
    return {k for k in (cle_nom(text), "".join(mots(text))) if k}


@lru_cache(maxsize=4096)
def _cles_completes(ident: Identite) -> frozenset[str]:
    """Whole-identity keys (every nom with the prénoms or the first prénom, in either order), so that
    « Éloïse N'Diaye » matches « NDIAYE Eloise » and « Bensalah Karim » matches « Karim BEN SALAH »."""
    prenom = mots_significatifs(ident.prenoms)
    prenoms = {"".join(prenom), "".join(prenom[:1])} - {""}
    keys = set()
    for nom_text in (ident.nom, ident.nom_usage):
        for nom in variantes_nom(nom_text):
            keys.update("|".join(sorted([nom, p])) for p in prenoms)
        words = mots_significatifs(nom_text)
        if len(words) > 1:  # a double nom written the other way round (« Dupont Martin » / « Martin Dupont »)
            keys.add(" ".join(sorted(words + prenom[:1])))
    return frozenset(keys)


def meme_nom(a: Identite, b: Identite) -> bool:
    """Same person's name after folding (accents, case, apostrophes, hyphens, particles, order, first prénom)."""
    if not (_noms(a) and _noms(b) and cle_nom(a.prenoms) and cle_nom(b.prenoms)):
        return False
    return bool(_cles_completes(a) & _cles_completes(b))


def cles_identite(ident: Identite) -> set[str]:
    """Keys under which to file ``ident`` so that any identity :func:`ressemblance` may match shares one
    (names in every folded form, national phone, birth date and its day/month swap) — for in-memory lookups
    such as the earlier lines of an imported file."""
    keys = {"nom:" + k for k in _cles_completes(ident)}
    if cle_telephone(ident.telephone):
        keys.add("tel:" + cle_telephone(ident.telephone))
    d = ident.date_naissance
    if d is not None:
        keys.add(f"ne:{d.year}-{min(d.day, d.month)}-{max(d.day, d.month)}")
    return keys


def _ratio(x: str, y: str) -> float:
    return SequenceMatcher(None, x, y).ratio() if x and y else 0.0


def nom_proche_atteint(a: Identite, b: Identite, seuil: float = SEUIL_NOM_PROCHE) -> bool:
    """Whether :func:`nom_proche` reaches ``seuil``, ruling most pairs out by cheap upper bounds first."""
    na, nb = _noms(a), _noms(b)
    pa, pb = cle_nom(a.prenoms), cle_nom(b.prenoms)
    fa, fb = "".join(mots_significatifs(a.prenoms)[:1]), "".join(mots_significatifs(b.prenoms)[:1])
    bound = 0.0
    for x in na:
        for y in nb:
            bound = max(bound, 0.6 * _bound(x, y) + 0.4 * max(_bound(pa, pb), _bound(fa, fb)),
                        0.6 * _bound(x, pb) + 0.4 * _bound(pa, y))
    return bound >= seuil and nom_proche(a, b) >= seuil


def _bound(x: str, y: str) -> float:
    return SequenceMatcher(None, x, y).quick_ratio() if x and y else 0.0  # ≥ ratio(), in linear time


def nom_proche(a: Identite, b: Identite) -> float:
    """How alike the names read (0..1), for typos: best of straight and swapped, nom weighs more."""
    pa, pb = cle_nom(a.prenoms), cle_nom(b.prenoms)
    fa, fb = "".join(mots_significatifs(a.prenoms)[:1]), "".join(mots_significatifs(b.prenoms)[:1])
    best = 0.0
    for na in _noms(a):
        for nb in _noms(b):
            straight = 0.6 * _ratio(na, nb) + 0.4 * max(_ratio(pa, pb), _ratio(fa, fb))
            swapped = 0.6 * _ratio(na, pb) + 0.4 * _ratio(pa, nb)
            best = max(best, straight, swapped)
    return best


def _naissance_inversee(a: dt.date, b: dt.date) -> bool:
    return a.year == b.year and a.day == b.month and a.month == b.day and a.day != a.month


def ressemblance(a: Identite, b: Identite) -> Ressemblance | None:
    """Why ``a`` and ``b`` may be the same jeune, or None (two people)."""
    same_name = meme_nom(a, b)
    da, db = a.date_naissance, b.date_naissance
    ta, tb = cle_telephone(a.telephone), cle_telephone(b.telephone)
    same_phone = bool(ta) and ta == tb
    dates_known = da is not None and db is not None
    if dates_known and da != db:
        if same_name and _naissance_inversee(da, db):
            return _r(MEME_NOM_NAISSANCE_INVERSEE)
        return None  # namesakes (or siblings sharing a phone) born on different days
    if same_name:
        if dates_known:
            return _r(MEME_NOM_MEME_NAISSANCE)
        return _r(MEME_NOM_MEME_TELEPHONE if same_phone else MEME_NOM)
    if dates_known and nom_proche_atteint(a, b):
        return _r(NOM_PROCHE_MEME_NAISSANCE)
    if same_phone and _meme_prenom_ou_nom(a, b):
        return _r(MEME_TELEPHONE)
    return None


def _meme_prenom_ou_nom(a: Identite, b: Identite) -> bool:
    """A shared phone alone is a household's: it counts when a prénom or a nom is shared too (or is alike)."""
    def words(i: Identite) -> set[str]:
        parts = (i.nom, i.nom_usage, i.prenoms)
        return {w for t in parts for w in mots_significatifs(t)} | {k for t in parts for k in variantes_nom(t)}

    words_a, words_b = words(a), words(b)
    return bool(words_a & words_b) or nom_proche_atteint(a, b)


def _r(raison: str) -> Ressemblance:
    return Ressemblance(raison, _FORCE[raison])


__all__ = ["Identite", "PARTICULES", "Ressemblance", "cle_nom", "cle_telephone", "cles_identite", "meme_nom", "mots",
           "mots_significatifs", "nom_proche", "nom_proche_atteint", "ressemblance", "variantes_nom"]
