"""The sections of the main window, declared once: key, label, icon, and the factory that builds the page.

A section's factory is ``screen("desktop_app.views.jeunes.liste", "JeunesScreen")``: the module is imported
on first visit only, and its class is called with the :class:`ShellContext`.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStyle, QWidget

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.kit.bus import DataBus
    from desktop_app.views.kit.tasks import TaskRunner
    from desktop_app.views.sync.controller import SyncController


@dataclass
class ShellContext:
    """What every screen receives: the open profile, the task runner, the data bus and the settings.

    ``profile`` is None only while the main window waits for it to open; screens are built after."""

    profile: Profile | None
    tasks: TaskRunner
    bus: DataBus
    settings: Settings
    sync: SyncController | None = None  # background sync, made by the main window (views.sync.controller)


Factory = Callable[[ShellContext, "Section"], QWidget]


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    icon: QStyle.StandardPixmap
    factory: Factory


def screen(module: str, attribute: str) -> Factory:
    """A factory importing ``module`` on first use and calling ``attribute(context)``."""

    def build(context: ShellContext, _section: Section) -> QWidget:
        return getattr(importlib.import_module(module), attribute)(context)

    return build


SP = QStyle.StandardPixmap

SECTIONS: tuple[Section, ...] = (
    Section("aujourdhui", "Aujourd'hui", SP.SP_FileDialogInfoView,
            screen("desktop_app.views.aujourdhui.ecran", "AujourdhuiScreen")),
    Section("jeunes", "Jeunes", SP.SP_DirHomeIcon, screen("desktop_app.views.jeunes.liste", "JeunesScreen")),
    Section("agenda", "Agenda", SP.SP_FileDialogListView, screen("desktop_app.views.agenda.ecran", "AgendaScreen")),
    Section("aller_vers", "Aller vers", SP.SP_DialogYesButton,
            screen("desktop_app.views.reperage.ecran", "AllerVersScreen")),
    Section("permanences", "Permanences", SP.SP_DriveNetIcon,
            screen("desktop_app.views.permanences.ecran", "PermanencesScreen")),
    # « Actions collectives » (issue 17) in place of « Ateliers mobilité »: same key (the last section a user
    # opened is kept), the ateliers mobilité and prêts in their own tabs.
    Section("ateliers", "Actions collectives", SP.SP_MediaPlay,
            screen("desktop_app.views.actions_collectives.ecran", "ActionsCollectivesScreen")),
    Section("auto_ecole", "Auto-école sociale", SP.SP_FileDialogDetailedView,
            screen("desktop_app.views.auto_ecole.ecran", "AutoEcoleScreen")),
    Section("parrainage", "Parrainage", SP.SP_DialogHelpButton,
            screen("desktop_app.views.parrainage.ecran", "ParrainageScreen")),
    Section("partenaires", "Partenaires", SP.SP_DirIcon,
            screen("desktop_app.views.partenaires.ecran", "PartenairesScreen")),
    Section("emploi", "Emploi", SP.SP_DirLinkIcon, screen("desktop_app.views.emploi.ecran", "EmploiScreen")),
    Section("statistiques", "Statistiques", SP.SP_FileDialogContentsView,
            screen("desktop_app.views.statistiques.ecran", "StatistiquesScreen")),
    Section("synchronisation", "Synchronisation", SP.SP_BrowserReload,
            screen("desktop_app.views.sync.ecran", "SyncScreen")),
)

SECTIONS_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}


def raccourci(position: int) -> str | None:
    """The keys of the section at ``position`` (1-based) in the sidebar: Ctrl+1 to Ctrl+9 for the first nine,
    Ctrl+0 for the last one (Synchronisation); those in between have none (Shift+digit is not a digit on every
    keyboard layout) and are reached from the sidebar and the « Affichage » menu."""
    if position == len(SECTIONS):
        return "Ctrl+0"
    if position <= 9:
        return f"Ctrl+{position}"
    return None


# The permission a section needs (desktop_app.security.permissions): a role without it does not see the section
# — a parrain sees Parrainage (its filleuls) and Synchronisation only. The services check again on every call.
SECTION_PERMISSIONS: dict[str, str | None] = {
    "aujourdhui": "aujourdhui.voir",
    "jeunes": "jeune.lire",
    "agenda": "agenda.lire",
    "aller_vers": "reperage.lire",
    "permanences": "jeune.creer",
    "ateliers": "actions.lire",
    "auto_ecole": "mobilite.lire",
    "parrainage": "parrainage.lire",
    "partenaires": "partenaires.lire",
    "emploi": "emploi.lire",
    "statistiques": "statistiques.voir",
    "synchronisation": None,
}


def section_allowed(key: str, actor) -> bool:
    """Whether the user ``actor`` (a :class:`~desktop_app.security.permissions.Actor`) may open a section."""
    from desktop_app.security.permissions import allowed

    permission = SECTION_PERMISSIONS[key]
    return permission is None or allowed(actor, permission)
