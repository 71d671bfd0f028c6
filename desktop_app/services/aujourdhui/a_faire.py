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
    "desktop_app.services.agenda.a_faire",
    "desktop_app.services.aujourdhui.sources",
    "desktop_app.services.reperage.a_faire",
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


def contexte(profile: Profile, *, conseiller_id: str | None = None, jour: dt.date | None = None) -> Contexte:
    """The context of today (hub-corrected clock) for ``conseiller_id`` (None: the whole structure), with the
    settings the sources read (« sans contact depuis N semaines » of every conseiller)."""
    from desktop_app.services.aujourdhui import reglages
    from desktop_app.services.sync.horloge import aujourdhui

    return Contexte(jour or aujourdhui(profile), conseiller_id,
                    {reglages.SANS_CONTACT.key: reglages.sans_contact_par_conseiller(profile)})


def elements(profile: Profile, contexte: Contexte, *, avec_reportes: bool = False) -> list[ElementAFaire]:
    """Every line of every source for ``contexte``, without the lines the current user snoozed until a later
    day (unless ``avec_reportes``), sorted by échéance (undated lines count as due today), then kind and text."""
    from desktop_app.security.permissions import exiger
    from desktop_app.services.aujourdhui import reports

    exiger(profile, "aujourdhui.voir")
    found: dict[str, ElementAFaire] = {}
    for fn in sources():
        for element in fn(profile, contexte):
            found.setdefault(element.cle, element)
    caches = set() if avec_reportes else set(reports.reportes(profile, contexte.jour))
    out = [e for e in found.values() if e.cle not in caches]
    out.sort(key=lambda e: (e.echeance or contexte.jour, e.sorte, e.texte))
    return out


def par_sorte(elements_: Iterable[ElementAFaire]) -> list[tuple[str, str, list[ElementAFaire]]]:
    """``[(sorte, libellé, lines)]`` in the order each kind first appears (the most urgent kind first)."""
    groups: dict[str, tuple[str, list[ElementAFaire]]] = {}
    for e in elements_:
        groups.setdefault(e.sorte, (e.libelle_sorte, []))[1].append(e)
    return [(sorte, libelle, lines) for sorte, (libelle, lines) in groups.items()]
