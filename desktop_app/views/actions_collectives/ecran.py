"""The « Actions collectives » section (issue 17), in place of « Ateliers mobilité »: the actions of every type
(filter by type), an action's programme of séances, its participants, the attendance grid of the chosen séance
with the type's outcome checklist, the public counted without names, the feuille d'émargement — and, in their
own tabs as before, the séances of the ateliers mobilité (skills, social fare) and the prêts of the plate-forme
mobilité."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.views.actions_collectives.liste import ActionsPanel
from desktop_app.views.kit.droits import ecran_refuse
from desktop_app.views.kit.export import ExportButton
from desktop_app.views.kit.onglets import tabbed_page
from desktop_app.views.shell.sections import ShellContext


class ActionsCollectivesScreen(QWidget):
    """The section: « Actions collectives » (every type), « Séances d'ateliers mobilité », « Prêts de la
    plate-forme mobilité »."""

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.setObjectName("page_actions_collectives")
        refus = ecran_refuse(context.profile, "actions.lire", "Actions collectives", "actionsRefusees")
        if refus is not None:
            self.tabs = self.actions = self.seances = self.prets = self.export_button = None
            QVBoxLayout(self).addWidget(refus)
            return
        from desktop_app.services.actions_collectives.export import export
        from desktop_app.views.ateliers.ecran import SeancesPanel
        from desktop_app.views.ateliers.prets import PretsPanel

        self.export_button = ExportButton(context, [("actions-collectives", "Actions collectives (une ligne par "
                                                                            "séance et participant)"),
                                                    ("ateliers", "Ateliers mobilité (une ligne par participant)"),
                                                    ("prets", "Prêts de la plate-forme")], export,
                                          "actions.exporter", self)
        self.actions = ActionsPanel(context)
        self.seances = SeancesPanel(context)
        self.prets = PretsPanel(context)
        self.tabs = tabbed_page(self, "Actions collectives", self.export_button,
                                [(self.actions, "Actions collectives"),
                                 (self.seances, "Séances d'ateliers mobilité"),
                                 (self.prets, "Prêts de la plate-forme mobilité")])
        self.actions.ouvrir_atelier.connect(self._ouvrir_atelier)

    def _ouvrir_atelier(self, atelier_id: str) -> None:
        self.tabs.setCurrentWidget(self.seances)
        self.seances.open_session(atelier_id)
