"""The Parrainage screen: pairs and their follow-up files, the parrains registry, the network's figures.

A parrain's profile shows only « Mes filleuls » (its own pairs); the registry and the network are for staff."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.views.parrainage.commun import titre
from desktop_app.views.sections import ShellContext


class ParrainageScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        from desktop_app.services.parrainage_acces import acces_courant

        self.context = context
        self.setObjectName("page_parrainage")
        self.acces = acces_courant(context.profile)
        equipe = not self.acces.est_parrain
        from desktop_app.views.parrainage.binomes import BinomesTab

        self.tabs = QTabWidget()
        self.binomes = BinomesTab(context, equipe)
        self.tabs.addTab(self.binomes, "Binômes et suivi" if equipe else "Mes filleuls")
        self.parrains = self.reseau = self.export_button = None
        if equipe:
            from desktop_app.services.parrainage_export import export
            from desktop_app.views.mobilite.commun import ExportButton
            from desktop_app.views.parrainage.parrains import ParrainsTab
            from desktop_app.views.parrainage.reseau import ReseauTab

            self.parrains = ParrainsTab(context)
            self.reseau = ReseauTab(context)
            self.tabs.addTab(self.parrains, "Parrains")
            self.tabs.addTab(self.reseau, "Animation du réseau")
            self.export_button = ExportButton(context, [("parrainages", "Parrainages (une ligne par contrat)"),
                                                        ("parrains", "Registre des parrains")], export,
                                              "parrainage.exporter", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        title = titre("Parrainage")
        title.setObjectName("sectionTitle")
        top = QHBoxLayout()
        top.addWidget(title, 1)
        if self.export_button is not None:
            top.addWidget(self.export_button)
        layout.addLayout(top)
        if not equipe:
            note = QLabel("Vous voyez vos filleuls, leur contrat et votre fiche de suivi ; le dossier du jeune "
                          "reste à la Mission Locale.")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
        context.bus.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if not isValid(self):
            return
        for tab in (self.binomes, self.parrains, self.reseau):
            if tab is not None:
                tab.on_data_changed(kinds)
