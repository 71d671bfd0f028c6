"""The Parrainage screen: pairs and their follow-up files, the parrains registry, the network's figures.

A parrain's profile shows only « Mes filleuls » (its own pairs); the registry and the network are for staff.
The current user's access is read on the DB executor; the tabs are built when it arrives (``ready``)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.views.kit.tableaux import titre
from desktop_app.views.shell.sections import ShellContext


class ParrainageScreen(QWidget):
    ready = Signal()  # the tabs for the user's access are built

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        from desktop_app.services.parrainage.acces import acces_courant

        self.context = context
        self.setObjectName("page_parrainage")
        self.acces = None
        self.binomes = self.parrains = self.reseau = self.export_button = None
        self.tabs = QTabWidget()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(12, 12, 12, 12)
        title = titre("Parrainage")
        title.setObjectName("sectionTitle")
        self.top = QHBoxLayout()
        self.top.addWidget(title, 1)
        self.layout_.addLayout(self.top)
        self.layout_.addWidget(self.tabs, 1)
        context.bus.data_changed.connect(self._on_data_changed)
        profile = context.profile
        context.tasks.run_db(lambda: acces_courant(profile), self._build)

    @property
    def is_ready(self) -> bool:
        return self.binomes is not None

    def _build(self, acces) -> None:
        if not isValid(self):
            return
        from desktop_app.views.parrainage.binomes import BinomesTab

        context = self.context
        self.acces = acces
        equipe = not acces.est_parrain
        self.binomes = BinomesTab(context, equipe)
        self.tabs.addTab(self.binomes, "Binômes et suivi" if equipe else "Mes filleuls")
        if equipe:
            from desktop_app.services.parrainage.export import export
            from desktop_app.views.kit.export import ExportButton
            from desktop_app.views.parrainage.parrains import ParrainsTab
            from desktop_app.views.parrainage.reseau import ReseauTab

            self.parrains = ParrainsTab(context)
            self.reseau = ReseauTab(context)
            self.tabs.addTab(self.parrains, "Parrains")
            self.tabs.addTab(self.reseau, "Animation du réseau")
            self.export_button = ExportButton(context, [("parrainages", "Parrainages (une ligne par contrat)"),
                                                        ("parrains", "Registre des parrains")], export,
                                              "parrainage.exporter", self)
            self.top.addWidget(self.export_button)
        else:
            note = QLabel("Vous voyez vos filleuls, leur contrat et votre fiche de suivi ; le dossier du jeune "
                          "reste à la Mission Locale.")
            note.setWordWrap(True)
            self.layout_.insertWidget(1, note)
        from desktop_app.views.shell.accessibilite import nommer_champs

        nommer_champs(self)  # the shell named the fields present when the page was built; these came later
        self.ready.emit()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if not isValid(self):
            return
        for tab in (self.binomes, self.parrains, self.reseau):
            if tab is not None:
                tab.on_data_changed(kinds)
