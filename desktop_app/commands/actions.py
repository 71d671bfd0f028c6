"""Collective actions commands: ``passerelle export actions-collectives --format csv|xlsx -o FICHIER``.
(``passerelle print emargement ID`` — any séance of any type, an atelier mobilité's id too — is registered with
the mobility documents, in :mod:`desktop_app.commands.mobilite`.)"""
from __future__ import annotations

import argparse

from desktop_app.commands.commun import add_service_exports


def register(sub: argparse._SubParsersAction) -> None:
    add_service_exports(sub, ("actions-collectives",), "desktop_app.services.actions_collectives.export:export")
