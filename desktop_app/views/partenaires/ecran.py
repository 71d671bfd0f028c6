"""The « Partenaires » screen: the directory (organisations, contacts, engagements, exchanges) and the offers
(their mises en relation and the shortlist of matching jeunes), with the export menu."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop_app.views.kit.droits import selon_droit
from desktop_app.views.kit.tableaux import titre
from desktop_app.views.shell.sections import ShellContext


class PartenairesScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        from desktop_app.services.partenaires.export import export
        from desktop_app.views.kit.export import ExportButton
        from desktop_app.views.partenaires.annuaire import AnnuaireTab
        from desktop_app.views.partenaires.offres import OffresTab

        self.context = context
        self.setObjectName("page_partenaires")
        title = titre("Partenaires")
        title.setObjectName("sectionTitle")
        self.export_button = ExportButton(context, [("partenaires", "Annuaire des partenaires"),
                                                    ("offres", "Offres"),
                                                    ("mises-en-relation", "Mises en relation")],
                                          export, "partenaires.exporter", self)
        self.conservation = QPushButton("Contacts à effacer (conservation)…")
        self.conservation.setObjectName("contactsAEffacer")
        selon_droit(context.profile, self.conservation, "retention.anonymiser")
        self.conservation.clicked.connect(lambda: self.open_conservation())
        self.conservation_dialog = None
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.conservation)
        top.addWidget(self.export_button)
        self.annuaire = AnnuaireTab(context)
        self.offres = OffresTab(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.annuaire, "Annuaire")
        self.tabs.addTab(self.offres, "Offres et mises en relation")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        context.bus.data_changed.connect(self._on_data_changed)

    def open_conservation(self, today=None) -> None:
        """The contacts past retention (direction, admin), to erase; ``today``: the review's day (tests)."""
        from PySide6.QtCore import Qt

        from desktop_app.views.partenaires.conservation import ContactsEchusDialog

        dialog = ContactsEchusDialog(self.context.profile, self, today=today, context=self.context)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.conservation_dialog = dialog
        dialog.show()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if isValid(self):
            self.annuaire.on_data_changed(kinds)
            self.offres.on_data_changed(kinds)
