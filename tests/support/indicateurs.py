"""Helpers of the indicator tests."""
from __future__ import annotations

def valeurs(resultat, cle: str) -> dict[str, object]:
    """{line key: first value} of one table."""
    return {ligne.cle: ligne.valeurs[0] for ligne in resultat.tableau(cle).lignes}
