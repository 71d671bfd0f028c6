"""The Jeunes screen: search as you type over every jeune, filters, sortable lazy table, and the actions
« Nouveau jeune », « Importer… » (a CSV file), « Exporter… ». Enter or a double-click opens the dossier."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.services.jeunes import recherche
from desktop_app.views.jeunes.filtres import FiltresBar
from desktop_app.views.jeunes.modele import BLOCK, COLONNES, JeunesModel
from desktop_app.views.kit.tableaux import titre
from desktop_app.views.kit.text import format_int
from desktop_app.views.shell.sections import ShellContext

DEBOUNCE_MS = 150
CHOICES_AFTER_MS = 500  # the filters' choices (they import the models) are read this long after the first list
KINDS = frozenset({"jeune", "actualite", "utilisateur", "dispositif_participation", "sync"})


def count_phrase(n: int) -> str:
    if n == 0:
        return "Aucun jeune"
    return f"{format_int(n)} jeune{'s' if n > 1 else ''}"


class JeunesScreen(QWidget):
    """The list of jeunes. ``results_shown`` counts the results shown (tests, bench)."""

    premier_affichage = Signal()  # the first results are in the table (the main window then starts its work)

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.profile = context.profile
        self.setObjectName("page_jeunes")
        self._generation = 0
        self.results_shown = 0
        self.premier_affiche = False
        self._tri = "nom"
        self._windows: dict[str, QWidget] = {}
        self._restore_id: str | None = None
        self._shown_key = self._requested_key = None

        title = titre("Jeunes")
        title.setObjectName("sectionTitle")
        self.search = QLineEdit()
        self.search.setObjectName("rechercheJeunes")
        self.search.setPlaceholderText("Rechercher un nom, un prénom, un téléphone, une commune…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel("Recherche…")
        self.count.setObjectName("nombreJeunes")
        self.new_button = QPushButton("Nouveau jeune")
        self.new_button.setToolTip("Créer un dossier jeune (Ctrl+N)")
        self.import_button = QPushButton("Importer…")
        self.import_button.setToolTip("Importer des dossiers depuis un fichier CSV (Excel, séparateur « ; »)")
        self.export_button = QPushButton("Exporter…")
        self.twins_button = QPushButton("Doublons à examiner…")
        self.twins_button.setToolTip("Dossiers reçus par la synchronisation qui ressemblent à un dossier de ce poste")
        self.filtres = FiltresBar()

        self.model = JeunesModel(lambda ids: recherche.rows_for(self.profile, ids),
                                 partial(context.tasks.run_db, droppable=True), self)
        self.table = QTableView()
        self.table.setObjectName("tableJeunes")
        self.table.setModel(self.model)
        self._setup_table()

        # the title and the actions, then the search on a row of its own: as wide as the page on any screen
        # (beside the buttons it kept ~110 px at 1 024 px and was cut at 800)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        top.addWidget(self.twins_button)
        searching = QHBoxLayout()
        searching.addWidget(self.search, 1)
        searching.addSpacing(8)
        searching.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addLayout(searching)
        layout.addWidget(self.filtres)
        layout.addWidget(self.table, 1)

        self._wire()
        self.setFocusProxy(self.search)
        self.refresh()  # the filters' choices are read once the first results show (the list comes first)

    def _wire(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._open_from_search)
        self.search.installEventFilter(self)
        self.filtres.changed.connect(lambda: self.refresh())
        self.model.sort_requested.connect(self._sort)
        self.table.activated.connect(lambda index: self.open_dossier(self.model.id_at(index.row())))
        self.new_button.clicked.connect(self.new_dossier)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button.clicked.connect(self.export)
        self.twins_button.clicked.connect(self.review_twins)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_dossier)
        QShortcut(QKeySequence("Ctrl+F"), self, self._focus_search)
        self.context.bus.data_changed.connect(self._on_data_changed)

    def _setup_table(self) -> None:
        t = self.table
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.setWordWrap(False)
        t.verticalHeader().hide()
        t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
        header = t.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = (125, 115, 85, 55, 125, 130, 125, 75, 105, 110)
        for column, width in enumerate(widths[:len(COLONNES)]):
            t.setColumnWidth(column, width)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self.model.sort)

    # --- searching ---------------------------------------------------------------------------------------
    def refresh(self, *, force: bool = False) -> None:
        """Run the search (text, filters, sort) on the database thread; older results are discarded.

        A keystroke that does not change the query (« m » after nothing: too short to narrow the list, a
        trailing space) does not query again."""
        self._timer.stop()
        saisie, filtres, tri = self.search.text(), self.filtres.filtres(), self._tri
        key = (recherche.fts_query(saisie), filtres, tri)
        self._show_hint(saisie)
        if not force and key == self._requested_key:
            return  # the same query is already on its way
        if not force and key == self._shown_key:
            self._generation += 1  # a query for other text, still on its way, is now stale
            self._requested_key = None
            self.results_shown += 1
            return
        self._generation += 1
        self._requested_key = key
        generation, profile = self._generation, self.profile

        def work():
            ids = recherche.search_ids(profile, saisie, filtres, tri)
            return ids, recherche.rows_for(profile, ids[:BLOCK])

        self.context.tasks.run_db(work, lambda result: self._show(generation, key, *result, fresh=force),
                                  droppable=True)

    def _show_hint(self, saisie: str) -> None:
        short = bool(saisie.strip()) and not recherche.recherche_possible(saisie)
        self.count.setToolTip("Tapez au moins 2 lettres (ou 3 chiffres) pour chercher." if short else "")

    def _show(self, generation: int, key, ids: list[str], first_rows, *, fresh: bool = False) -> None:
        if generation != self._generation or not isValid(self):
            return  # a newer keystroke already asked again
        first_result = self._shown_key is None
        self._shown_key, self._requested_key = key, None
        keep = self._restore_id or self.current_id()
        scroll = self.table.verticalScrollBar().value()
        if not fresh and not first_result and ids == self.model.ids():  # one more letter, same jeunes: nothing to redo
            self.results_shown += 1
            return
        self.model.set_ids(ids, first_rows)
        self.count.setText(count_phrase(len(ids)))
        row = self.model.row_of(keep) if keep and self._restore_id is not None else -1
        if row >= 0:
            self.table.verticalScrollBar().setValue(scroll)
            self.table.selectRow(row)
        elif ids:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._restore_id = None
        self.results_shown += 1
        if first_result:
            self.premier_affiche = True
            QTimer.singleShot(CHOICES_AFTER_MS, self, self._load_choices)  # after a first search, if typed
            self.premier_affichage.emit()

    def idle(self) -> bool:
        """No search waiting for its debounce nor on its way (tests, bench)."""
        return not self._timer.isActive() and self._requested_key is None and self._shown_key is not None

    def _sort(self, tri: str) -> None:
        if tri != self._tri:
            self._tri = tri
            self.refresh()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if not isValid(self):
            return
        if kinds & KINDS:
            self._restore_id = self.current_id() or ""
            self.refresh(force=True)
        if kinds & {"jeune", "utilisateur", "sync"}:
            self._load_choices()

    def _load_choices(self) -> None:
        profile = self.profile

        def work():
            from desktop_app.services.profil import referentiels  # its models are imported off the UI thread

            return referentiels.conseillers(profile), referentiels.quartiers(profile)

        def done(result) -> None:
            if isValid(self):
                conseillers, quartiers = result
                self.filtres.set_referents([(c.code, c.libelle) for c in conseillers])
                self.filtres.set_quartiers([(q.code, q.libelle) for q in quartiers])

        self.context.tasks.run_db(work, done, droppable=True)

    # --- keyboard ----------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.table.setCurrentIndex(self.model.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _open_from_search(self) -> None:
        self._timer.stop()
        jeune_id = self.current_id() or self.model.id_at(0)
        if jeune_id:
            self.open_dossier(jeune_id)

    # --- dossiers ----------------------------------------------------------------------------------------
    def open_dossier(self, jeune_id: str | None) -> QWidget | None:
        """Open (or bring forward) the dossier window of ``jeune_id``."""
        from desktop_app.views.jeunes.dossier import DossierWindow

        if not jeune_id:
            return None
        window = self._windows.get(jeune_id)
        if window is None or not isValid(window):
            window = DossierWindow(self.context, jeune_id, opener=self)
            self._windows[jeune_id] = window
            window.destroyed.connect(lambda _o=None, j=jeune_id: self._windows.pop(j, None))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def new_dossier(self) -> QWidget:
        from desktop_app.views.jeunes.dossier import DossierWindow

        window = DossierWindow(self.context, None, opener=self)
        window.created.connect(lambda jeune_id, w=window: self._windows.__setitem__(jeune_id, w))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def dossier_windows(self) -> dict[str, QWidget]:
        return {k: w for k, w in self._windows.items() if isValid(w)}

    # --- import / export ---------------------------------------------------------------------------------
    def import_csv(self) -> None:
        from desktop_app.views.jeunes.import_export import import_csv

        import_csv(self)

    def review_twins(self) -> None:
        from desktop_app.views.jeunes.doublons_recus import DoublonsAExaminer

        dialog = DoublonsAExaminer(self.context, self)
        self.twins_dialog = dialog
        dialog.open()

    def export(self) -> None:
        from desktop_app.views.jeunes.import_export import ExportDialog

        dialog = ExportDialog(self)
        self.export_dialog = dialog
        dialog.open()
