"""Typed entry of the permanences: a new lieu given while opening one (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import Texte


class SaisieLieu(TypedDict, total=False):
    """A new lieu (:func:`seances.start_permanence`, ``nouveau_lieu``)."""
    nom: Texte
    type: Texte
    adresse: Texte
    code_postal: Texte
    commune: Texte
