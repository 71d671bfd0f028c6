"""The conseillers whose À faire one may read (the home screen's selector, ``passerelle a-faire --conseiller``)."""
from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from sqlalchemy import text

from desktop_app.domain.errors import UserError
from desktop_app.security.permissions import exiger

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

TOUS = ("tous", "toutes", "structure")  # « --conseiller tous »: the whole structure


def conseillers(profile: Profile) -> list[tuple[str, str]]:
    """``[(id, « Prénom Nom »)]`` of the structure's active staff, by name."""
    exiger(profile, "aujourdhui.voir")
    with profile.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT id, COALESCE(prenom || ' ' || nom, nom) FROM utilisateur WHERE deleted = 0 AND actif = 1 "
            "AND structure_id = :s AND role IN ('conseiller', 'referent_parrainage', 'direction', 'admin') "
            "ORDER BY nom, prenom"), {"s": profile.structure_id}).all()
    return [(r[0], r[1]) for r in rows]


def _plie(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    return " ".join("".join(c for c in decompose if not unicodedata.combining(c)).split())


def trouver(profile: Profile, nom: str) -> tuple[str | None, str]:
    """(id, name) of the conseiller named ``nom`` (id, full name or a unique part of it, accents and case
    ignored); ``(None, "Toute la structure")`` for « tous ». A French UserError names the possible ones."""
    if _plie(nom) in TOUS:
        return None, "Toute la structure"
    choix = conseillers(profile)
    for ident, n in choix:
        if nom == ident:
            return ident, n
    plie = _plie(nom)
    exacts = [(i, n) for i, n in choix if _plie(n) == plie]
    trouves = exacts or [(i, n) for i, n in choix if plie and plie in _plie(n)]
    if len(trouves) == 1:
        return trouves[0]
    liste = trouves or choix
    noms = ", ".join(f"« {n} »" for _, n in liste[:10]) or "aucun"
    if len(liste) > 10:
        noms += f" et {len(liste) - 10} autres"
    if trouves:
        raise UserError(f"Plusieurs conseillers correspondent à « {nom} » : {noms}. Précisez le nom.")
    raise UserError(f"Aucun conseiller ne correspond à « {nom} ». Conseillers possibles : {noms} "
                    "(ou « tous » pour toute la structure).")


__all__ = ["TOUS", "conseillers", "trouver"]
