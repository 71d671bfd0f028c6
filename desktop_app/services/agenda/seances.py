"""Sessions shown in the agenda beside the rendez-vous (issue 15): ateliers, informations collectives,
permanences, employment events… each feature contributes a *source* in its own module.

A source is ``(profile, du, au, conseiller_id) -> Iterable[SeanceAgenda]`` (``conseiller_id`` None: the whole
structure), marked with :func:`source` in a module listed in :data:`MODULES_SEANCES`.
"""
from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile


@dataclass(frozen=True)
class SeanceAgenda:
    """A collective session of a day. ``ouvrir`` names what it opens: ``("ateliers", atelier_id)``…"""
    cle: str  # "<sorte>:<record id>"
    sorte: str  # code: "atelier", "permanence", "action_collective", "evenement_emploi"…
    libelle_sorte: str  # French (« Atelier mobilité »)
    titre: str
    date: dt.date
    heure_debut: dt.time | None = None
    heure_fin: dt.time | None = None
    lieu: str | None = None
    conseiller_ids: tuple[str, ...] = ()
    inscrits: int | None = None
    ouvrir: tuple[str, str] | None = None


SourceSeances = Callable[["Profile", dt.date, dt.date, "str | None"], Iterable[SeanceAgenda]]

# The modules holding session sources, imported on first use (each feature adds its own line).
MODULES_SEANCES: tuple[str, ...] = (
    "desktop_app.services.actions_collectives.aujourdhui",
)

_SOURCES: list[SourceSeances] = []


def source(fn: SourceSeances) -> SourceSeances:
    """Register ``fn`` as a source of agenda sessions (decorator)."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)
    return fn


def sources() -> list[SourceSeances]:
    for module in MODULES_SEANCES:
        importlib.import_module(module)
    return list(_SOURCES)
