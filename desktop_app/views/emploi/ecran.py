"""The Emploi section: Immersions (PMSMP), Événements (recruitment days, forums…) and Suivi dans l'emploi."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from desktop_app.views.kit.onglets import tabbed_page
from desktop_app.views.shell.sections import ShellContext


class EmploiScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        from desktop_app.services.evenements.export import export
        from desktop_app.views.emploi.evenements import EvenementsTab
        from desktop_app.views.emploi.immersions import ImmersionsTab
        from desktop_app.views.emploi.maintien import MaintienTab
        from desktop_app.views.kit.export import ExportButton

        self.context = context
        self.setObjectName("page_emploi")
        self.immersions = ImmersionsTab(context)
        self.evenements = EvenementsTab(context)
        self.maintien = MaintienTab(context)
        self.export_button = ExportButton(context, [("immersions", "Immersions (une ligne par immersion)"),
                                                    ("evenements", "Événements emploi (leurs chiffres)")],
                                          export, "emploi.exporter", self)
        self.tabs = tabbed_page(self, "Emploi", self.export_button,
                                [(self.immersions, "Immersions"), (self.evenements, "Événements"),
                                 (self.maintien, "Suivi dans l'emploi")])

    @property
    def is_ready(self) -> bool:
        return isValid(self)
