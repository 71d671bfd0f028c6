"""The « Aller vers » section: the repérage lists (with their counts per status) on the left; on the right the
chosen list's contact queue, its entries, and the indicators per source and period."""
from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidgetItem,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.views.kit.liste_detail import item_list, left_column, list_and_detail
from desktop_app.views.kit.tableaux import tableau, titre
from desktop_app.views.reperage.file_contact import FileContactPanel
from desktop_app.views.shell.sections import ShellContext
from desktop_app.services.sync.horloge import aujourdhui

IdRole = Qt.ItemDataRole.UserRole
KINDS = frozenset({"liste_reperage", "entree_reperage", "tentative_contact", "jeune", "sync"})
COLONNES_ENTREES = ("Personne", "Née ou né le", "Établissement ou lieu", "Téléphone", "Statut", "Tentatives",
                    "Dernière tentative")


def _exporter(profile, what: str, fmt: str, path: str, *, liste_id: str | None = None) -> int:
    """The export menu's two choices: the list chosen on the left (``liste``) or every list (``reperage``)."""
    from desktop_app.domain.errors import UserError
    from desktop_app.services.reperage.export import export

    if what == "liste" and not liste_id:
        raise UserError("Choisissez d'abord une liste à gauche : c'est elle qui sera exportée.")
    return export(profile, "reperage", fmt, path, liste_id=liste_id)


class AllerVersScreen(QWidget):
    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("page_aller_vers")
        self.loaded = False
        title = titre("Aller vers")
        title.setObjectName("sectionTitle")
        self.new_button = QPushButton("&Nouvelle liste…")
        self.new_button.setToolTip("Une liste reçue d'un partenaire (Ctrl+N)")
        self.import_button = QPushButton("&Importer une liste…")
        self.import_button.setToolTip("Un fichier CSV du partenaire (Ctrl+I)")
        self.purge_button = QPushButton("Personnes à &purger…")
        self.purge_button.setToolTip("Conservation (CNIL) : les personnes jamais jointes, après la durée déclarée")
        self.list = item_list("listesReperage", spacing=2, alternating=False)
        from desktop_app.views.kit.export import ExportButton

        self.export_button = ExportButton(
            context, [("liste", "Les personnes de la liste choisie"),
                      ("reperage", "Les personnes de toutes les listes")], _exporter, "reperage.exporter", options=lambda what: {"liste_id": self.liste_id} if what == "liste" else {})
        left = left_column(300, title, self.new_button, self.import_button, "Listes reçues, les plus récentes d'abord",
                           self.list, self.export_button, self.purge_button)

        self.queue = FileContactPanel(context)
        self.entries = tableau(COLONNES_ENTREES, stretch=0, name="entreesListe")
        self.add_entry = QPushButton("&Ajouter une personne…")
        self.add_entry.clicked.connect(self.show_add_entry)
        entries_page = QWidget()
        column = QVBoxLayout(entries_page)
        column.addWidget(self.entries, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_entry)
        row.addStretch(1)
        column.addLayout(row)
        from desktop_app.views.reperage.indicateurs import IndicateursPanel

        self.indicators = IndicateursPanel(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.queue, "Personnes à c&ontacter")
        self.tabs.addTab(entries_page, "&Entrées de la liste")
        self.tabs.addTab(self.indicators, "Indi&cateurs")
        list_and_detail(self, left, self.tabs, margins=(12, 12, 12, 12))

        self.new_button.clicked.connect(self.show_new_list)
        self.import_button.clicked.connect(self.show_import)
        self.purge_button.clicked.connect(self.show_purge)
        QShortcut(QKeySequence("Ctrl+N"), self, self.show_new_list)
        QShortcut(QKeySequence("Ctrl+I"), self, self.show_import)
        self.list.currentItemChanged.connect(self._selected)
        self.entries.cellDoubleClicked.connect(self._work_entry)
        context.bus.data_changed.connect(self._on_data_changed)
        self._apply_rights()
        self.reload()

    def _apply_rights(self) -> None:
        from desktop_app.views.kit.droits import selon_droit

        profile = self.context.profile
        selon_droit(profile, [self.new_button, self.import_button, self.add_entry], "reperage.modifier")
        selon_droit(profile, self.purge_button, "reperage.purger")

    @property
    def liste_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(IdRole) if item is not None else None

    def reload(self) -> None:
        from desktop_app.services.reperage import listes

        profile = self.context.profile
        self.loaded = False
        self.context.tasks.run_db(lambda: listes.listes(profile), self._loaded, droppable=True)

    def _loaded(self, resumes) -> None:
        if not isValid(self):
            return
        current = self.liste_id
        self.list.blockSignals(True)
        self.list.clear()
        for r in resumes:
            item = QListWidgetItem(f"{r.nom}\n{r.source_libelle} · reçue le {r.date_reception:%d/%m/%Y}\n"
                                   f"{r.compte_texte}")
            item.setData(IdRole, r.id)
            item.setToolTip(f"Responsable : {r.responsable or '—'}" + (f" · partenaire : {r.partenaire}"
                                                                      if r.partenaire else ""))
            self.list.addItem(item)
            if r.id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)  # emits: the queue of the newest list
        self.loaded = True

    def select_list(self, liste_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(IdRole) == liste_id:
                self.list.setCurrentRow(row)
                return
        self._pending = liste_id

    def _selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        nom = item.text().split("\n")[0]
        self.queue.show_list(item.data(IdRole), nom)
        self._load_entries()
        self.tabs.setCurrentWidget(self.queue)
        self.queue.setFocus()

    def _load_entries(self, journaliser: bool = True) -> None:
        """The list's entries (its content opened: one line in the access log, not at each refresh)."""
        from desktop_app.services.reperage import entrees

        profile, liste_id = self.context.profile, self.liste_id
        if liste_id is None:
            return
        self.context.tasks.run_db(lambda: entrees.entrees(profile, liste_id, journaliser=journaliser),
                                  self._show_entries, droppable=True)

    def _show_entries(self, rows) -> None:
        if not isValid(self):
            return
        self.entries.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (r.nom_affiche, f"{r.date_naissance:%d/%m/%Y}" if r.date_naissance else "", r.lieu, r.telephone,
                      r.statut_libelle, str(r.nb_tentatives), f"{r.derniere:%d/%m/%Y}" if r.derniere else "")
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(IdRole, r.id)
                self.entries.setItem(i, col, cell)
        self.entries.resizeColumnsToContents()

    def _work_entry(self, row: int, _col: int) -> None:
        cell = self.entries.item(row, 0)
        if cell is not None:
            self.tabs.setCurrentWidget(self.queue)
            self.queue.load(cell.data(IdRole))
            self.queue.setFocus()

    def show_new_list(self) -> None:
        from desktop_app.views.reperage.dialogues import NouvelleListeDialog

        dialog = NouvelleListeDialog(self.context, self)
        dialog.form.fields["date_reception"].set_date(aujourdhui(self.context.profile))
        dialog.created.connect(self._after_new_list)
        dialog.open()
        self.dialog = dialog

    def _after_new_list(self, liste_id: str) -> None:
        self._pending = liste_id

    def show_import(self) -> None:
        from desktop_app.views.reperage.dialogues import ImportDialog

        dialog = ImportDialog(self.context, self)
        dialog.imported.connect(self._after_new_list)
        dialog.open()
        self.dialog = dialog

    def show_add_entry(self) -> None:
        from desktop_app.views.reperage.dialogues import EntreeDialog

        if self.liste_id is None:
            return
        dialog = EntreeDialog(self.context, self.liste_id, self)
        dialog.open()
        self.dialog = dialog

    def show_purge(self) -> None:
        from desktop_app.views.reperage.dialogues import PurgeDialog

        dialog = PurgeDialog(self.context, self)
        dialog.open()
        self.dialog = dialog

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if not isValid(self) or not kinds & KINDS:
            return
        pending = getattr(self, "_pending", None)
        self.reload()
        if pending:
            self._pending = None
            self.context.tasks.run_db(lambda: None, lambda _r: self.select_list(pending) if isValid(self) else None)
        elif self.liste_id is not None:
            self._load_entries(journaliser=False)


__all__ = ["AllerVersScreen"]
