"""« À faire » (issue 15): what is due, gathered from every feature, for the home screen and ``passerelle a-faire``.

Each feature contributes a *source*: a function ``(profile, contexte) -> Iterable[ElementAFaire]`` in its own
module, declared in :data:`MODULES_SOURCES` and marked with :func:`source`. The home screen, the CLI and the tests
read :func:`elements` only.
"""
from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class ElementAFaire:
    """One line of À faire.

    ``cle`` is stable across recomputations (``"<sorte>:<record id>"``): a line snoozed until a date is hidden by
    it. ``ouvrir`` names what the line opens: ``("jeune", jeune_id)``, ``("rendez_vous", id)``, ``("doublons", "")``…
    """
    cle: str
    sorte: str
    libelle_sorte: str  # French heading of the kind (« CEJ qui se terminent »)
    texte: str  # French sentence shown on the line
    echeance: dt.date | None = None
    jeune_id: str | None = None
    conseiller_id: str | None = None
    ouvrir: tuple[str, str] | None = None


@dataclass(frozen=True)
class Contexte:
    """What a source is asked for: the day (hub-corrected), the conseiller (None: the whole structure)."""
    jour: dt.date
    conseiller_id: str | None = None
    reglages: dict = field(default_factory=dict)


Source = Callable[["Profile", Contexte], Iterable[ElementAFaire]]

# The modules holding sources, imported on first use (each feature adds its own line).
MODULES_SOURCES: tuple[str, ...] = (
    "desktop_app.services.actions_collectives.aujourdhui",
    "desktop_app.services.maintien.a_faire",
)

_SOURCES: list[Source] = []


def source(fn: Source) -> Source:
    """Register ``fn`` as a source of À faire (decorator)."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)
    return fn


def sources() -> list[Source]:
    for module in MODULES_SOURCES:
        importlib.import_module(module)
    return list(_SOURCES)
