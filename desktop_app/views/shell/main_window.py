"""The main window: navigation between sections (pages built on first visit), menus, status bar."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QFrame,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)
import shiboken6
from shiboken6 import isValid

from desktop_app.services.profil import reglages as S
from desktop_app.views.kit.geometry import PreserveGeometry
from desktop_app.views.shell.sections import SECTIONS, SECTIONS_BY_KEY, Section, ShellContext, raccourci

NEVER_SYNCED = "Hors ligne — jamais synchronisé"
AFTER_FIRST_SCREEN_MS = 500  # the window's background work starts this long after the first page showed
FIRST_SCREEN_WAIT_MS = 3_000  # … and then even if the first page has not shown yet
SYNC_LATER = "La synchronisation sera disponible après l'inscription de ce poste auprès du hub de votre structure."


class PageStack(QStackedWidget):
    """The section pages, asking only for the room the page shown needs (a QStackedWidget asks for the largest
    of all the pages built so far): with :class:`QScrollArea` around it, the window fits a small laptop screen
    and a page wider or taller than the window scrolls instead of being squeezed or widening the window."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page is not None else QSize(0, 0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        page = self.currentWidget()
        return page.sizeHint() if page is not None else QSize(0, 0)


class MainWindow(PreserveGeometry, QMainWindow):
    """The shell. ``context.profile`` may still be None when it is shown (the profile opens in the background):
    pages are built once :meth:`set_profile` has been called; until then an « Ouverture » page shows."""

    geometry_name = "main_window"
    first_screen_live = Signal()  # the first page showed its data: the deferred background work has started

    def __init__(self, context: ShellContext) -> None:
        super().__init__()
        self.context = context
        self.background_started = False
        self.settings = context.settings
        self.setWindowTitle("Passerelle")
        self.setMinimumSize(QSize(640, 420))
        self._pages: dict[str, QWidget] = {}
        self._allowed: set[str] = {s.key for s in SECTIONS}  # narrowed to the role once the profile is open

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.stack = PageStack()
        self.loading = QLabel("Ouverture du profil…")
        self.loading.setObjectName("loadingPage")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setEnabled(False)
        self.stack.addWidget(self.loading)
        for section in SECTIONS:
            item = QListWidgetItem(self.style().standardIcon(section.icon), section.label)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setSizeHint(QSize(0, 36))
            self.nav.addItem(item)
        width = max(self.nav.sizeHintForColumn(0) + 24, 190)
        self.nav.setFixedWidth(width)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("defilementPage")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.stack)
        layout.addWidget(self.scroll, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        from desktop_app.views.sync.status import attach as attach_sync

        self.sync_status = attach_sync(self)  # background sync: status bar, « Synchroniser maintenant »
        self.nav.currentRowChanged.connect(self._on_row_changed)
        if not self.restore_geometry():
            self._default_size()
        # connected before any page: on a role change the window closes the pages the role no longer opens
        # before their own reload runs
        context.bus.data_changed.connect(self._on_data_changed)
        if context.profile is not None:
            self._apply_role(self._read_actor(context.profile))
        last = self.settings.get(S.LAST_SECTION)
        self.show_section(last if last in SECTIONS_BY_KEY else S.LAST_SECTION.default)
        if context.profile is not None:
            self._after_first_screen()

    def set_profile(self, profile) -> None:
        """The profile finished opening: build the current page; the status bar follows once it shows."""
        self.context.profile = profile
        self._apply_role(self._read_actor(profile))
        self._on_row_changed(self.nav.currentRow())
        self._after_first_screen()

    def _after_first_screen(self) -> None:
        """Start the background work of the window (status bar, sync status and rounds, then the daily
        retention check through :attr:`first_screen_live`) :data:`AFTER_FIRST_SCREEN_MS` after the page shown
        has its first results — a page without the ``premier_affichage`` signal counts as live at once — so
        that it never queues before the list, nor before the first search, the user waits for (it imports
        the models on the database thread). At most :data:`FIRST_SCREEN_WAIT_MS` later in any case."""
        page = self.stack.currentWidget()
        signal = getattr(page, "premier_affichage", None)
        if signal is None or getattr(page, "premier_affiche", True):
            QTimer.singleShot(AFTER_FIRST_SCREEN_MS, self, self._start_background)
            return
        signal.connect(lambda: QTimer.singleShot(AFTER_FIRST_SCREEN_MS, self, self._start_background))
        QTimer.singleShot(FIRST_SCREEN_WAIT_MS, self, self._start_background)

    def _start_background(self) -> None:
        if self.background_started or self.context.profile is None or not isValid(self):
            return
        self.background_started = True
        self._build_engine()
        self.refresh_status()
        self._rattacher_apres_mise_a_niveau()
        self._enregistrer_ordre_des_jeunes()
        self.sync_status.controller.start()
        self.first_screen_live.emit()

    def _build_engine(self) -> None:
        """A profile opened for its first screen reads through one raw connection (SQLAlchemy not imported):
        its real engine is built now, on the database thread, before the background work queued after it."""
        moteur_reel = getattr(self.context.profile, "moteur_reel", None)
        if moteur_reel is not None:
            self.context.tasks.run_db(moteur_reel, droppable=True)

    def _enregistrer_ordre_des_jeunes(self) -> None:
        """The jeunes' alphabetical order, read from the index for the first list, saved for the next start-up
        (services/jeunes/recherche_ordre.py; a write on the database thread, nothing when it is already saved;
        dropped when the application quits first, a failure only logged)."""
        profile = self.context.profile

        def work():
            from desktop_app.services.jeunes.recherche_ordre import enregistrer

            return enregistrer(profile)

        def failed(exc: BaseException) -> None:
            import logging

            logging.getLogger(__name__).warning("Enregistrement de l'ordre des jeunes : échec", exc_info=exc)

        self.context.tasks.run_db(work, None, failed, droppable=True)  # a cache: may be dropped at exit

    def _rattacher_apres_mise_a_niveau(self) -> None:
        """After a schema upgrade, once: the names typed before the partners directory linked to it (a write on
        the database thread; a failure is logged, the next save of such a record links it anyway)."""
        profile = self.context.profile

        def work():
            from desktop_app.services.partenaires.liens import rattacher_apres_mise_a_niveau

            return rattacher_apres_mise_a_niveau(profile)

        def done(counts) -> None:
            if counts and any(counts.values()) and isValid(self):
                self.context.bus.notify({"proposition", "situation", "auto_ecole", "parrain"})

        def failed(exc: BaseException) -> None:
            import logging

            logging.getLogger(__name__).warning("Rattachement à l'annuaire après la mise à niveau : échec",
                                                exc_info=exc)

        self.context.tasks.run_db(work, done, failed)

    def _default_size(self) -> None:
        """1180 × 720, or the whole of a smaller screen (a 1024 × 600 laptop: every pixel counts, the pages are
        laid out for 1024 px)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1180, 720
        if screen is not None:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)

    # --- sections ------------------------------------------------------------------------------------

    @property
    def current_section(self) -> str:
        return SECTIONS[self.nav.currentRow()].key

    def page(self, key: str) -> QWidget | None:
        """The page of a section if it was built (sections are built on first visit)."""
        return self._pages.get(key)

    @staticmethod
    def _read_actor(profile):
        """The current user and role (one primary-key read: the sections must be right before a page is built)."""
        from desktop_app.db.journal import allow_ui_thread_db
        from desktop_app.security.permissions import actor_of

        lu = getattr(profile, "lu_a_l_ouverture", {}).pop("acteur", None)  # read with the opening (startup.py)
        if lu is not None and lu.user_id == profile.user_id:  # the same user (no login since)
            return lu
        # Allowed on the UI thread: the sections shown must match the role before a page is built.
        with allow_ui_thread_db("rôle de l'utilisateur (une ligne) pour les sections de la fenêtre"):
            return actor_of(profile)

    def _apply_role(self, actor) -> None:
        """Show only the sections the current user's role may open; leave a section that became forbidden."""
        from desktop_app.views.shell.sections import section_allowed

        self._allowed = {s.key for s in SECTIONS if section_allowed(s.key, actor)}
        for row, section in enumerate(SECTIONS):
            self.nav.item(row).setHidden(section.key not in self._allowed)
            self._section_actions[section.key].setVisible(section.key in self._allowed)
            self._section_actions[section.key].setEnabled(section.key in self._allowed)
        current = self.nav.currentRow()
        if current >= 0 and SECTIONS[current].key not in self._allowed:
            self.show_section(SECTIONS[current].key)  # → the first section allowed
        for key in [k for k in self._pages if k not in self._allowed]:  # what the role may no longer see
            page = self._pages.pop(key)
            self.stack.removeWidget(page)
            shiboken6.delete(page)  # now: its connections go with it, no reload of forbidden data

    def section_visible(self, key: str) -> bool:
        """Whether the navigation offers ``key`` to the current user."""
        return key in self._allowed

    def show_section(self, key: str) -> None:
        if key not in self._allowed:
            key = next((s.key for s in SECTIONS if s.key in self._allowed), "synchronisation")
        row = next(i for i, s in enumerate(SECTIONS) if s.key == key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # → _on_row_changed
        else:
            self._on_row_changed(row)

    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        section = SECTIONS[row]
        self._section_actions[section.key].setChecked(True)
        self.settings.set(S.LAST_SECTION, section.key)
        if self.context.profile is None:
            self.stack.setCurrentWidget(self.loading)
            return
        page = self._pages.get(section.key)
        if page is None:
            page = self._build_page(section)
        self.stack.setCurrentWidget(page)

    def rebuild_pages(self) -> None:
        """The current user's rights changed (role changed by the administrator, another user took over a
        locked session): the pages built for the former rights are dropped, the current one is built again
        at once, the others on their next visit (the sections themselves follow in :meth:`_apply_role`)."""
        for page in self._pages.values():
            self.stack.removeWidget(page)
            shiboken6.delete(page)  # now: its connections go with it
        self._pages.clear()
        if self.context.profile is not None:
            self._apply_role(self._read_actor(self.context.profile))
        self._on_row_changed(self.nav.currentRow())

    def _build_page(self, section: Section) -> QWidget:
        page = section.factory(self.context, section)
        self._pages[section.key] = page
        self.stack.addWidget(page)
        from desktop_app.views.shell.accessibilite import nommer_champs

        nommer_champs(page)  # each input named after its label (screen readers, Alt+letter)
        return page

    # --- menus ---------------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        fichier = bar.addMenu("&Fichier")
        quit_action = QAction("&Quitter", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        fichier.addAction(quit_action)

        affichage = bar.addMenu("&Affichage")
        group = QActionGroup(self)
        self._section_actions: dict[str, QAction] = {}
        for i, section in enumerate(SECTIONS, start=1):
            action = QAction(self.style().standardIcon(section.icon), section.label, self)
            action.setCheckable(True)
            if raccourci(i):
                action.setShortcut(QKeySequence(raccourci(i)))
            action.triggered.connect(lambda _checked=False, key=section.key: self.show_section(key))
            group.addAction(action)
            affichage.addAction(action)
            self._section_actions[section.key] = action

        sync = bar.addMenu("&Synchronisation")
        sync.setToolTipsVisible(True)
        self.sync_now = QAction("Synchroniser &maintenant", self)
        self.sync_now.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_now.setEnabled(False)
        self.sync_now.setToolTip(SYNC_LATER)
        self.sync_now.setStatusTip(SYNC_LATER)
        sync.addAction(self.sync_now)

        aide = bar.addMenu("Ai&de")
        shortcuts = QAction("&Raccourcis clavier", self)
        shortcuts.setShortcut(QKeySequence("Ctrl+F1"))
        shortcuts.triggered.connect(self.show_shortcuts)
        aide.addAction(shortcuts)
        about = QAction("À &propos de Passerelle", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        aide.addAction(about)
        from desktop_app.views.shell import aide as aide_module

        aide_module.install(self, aide)  # « Guide de l'écran » (F1)

    def section_shortcuts(self) -> list[tuple[str, str]]:
        """``(keys, label)`` of the sections the current user can open; each keeps its own Ctrl+N (a parrain
        has Ctrl+5 and Ctrl+7, not « Ctrl+1 à Ctrl+7 »)."""
        native = QKeySequence.SequenceFormat.NativeText
        return [(QKeySequence(raccourci(i)).toString(native), s.label)
                for i, s in enumerate(SECTIONS, start=1) if self.section_visible(s.key) and raccourci(i)]

    def shortcuts_text(self) -> str:
        native = QKeySequence.SequenceFormat.NativeText
        rows = [(keys, f"Aller à « {label} »") for keys, label in self.section_shortcuts()]
        rows += [(QKeySequence("Ctrl+Shift+S").toString(native), "Synchroniser maintenant (après inscription au hub)"),
                 (QKeySequence("F1").toString(native), "Guide de l'écran"),
                 (QKeySequence("Ctrl+Q").toString(native), "Quitter Passerelle")]
        lines = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        return f"<table>{lines}</table>"

    def show_shortcuts(self) -> None:
        from desktop_app.views.shell.aide import RaccourcisDialog

        RaccourcisDialog(self).exec()

    def show_about(self) -> None:
        from desktop_app.views.shell.aide import AProposDialog

        AProposDialog(self).exec()  # version, licence, the dependencies' licences

    # --- status bar ----------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.sync_label = QLabel(NEVER_SYNCED)
        self.sync_label.setObjectName("syncState")
        self.who_label = QLabel("")
        self.who_label.setObjectName("whoLabel")
        self.statusBar().addWidget(self.sync_label, 1)
        self.statusBar().addPermanentWidget(self.who_label)

    def refresh_status(self) -> None:
        profile = self.context.profile

        def read():
            from desktop_app.services.profil import apercu  # its models are imported off the UI thread

            return apercu.identity(profile), apercu.last_sync_success(profile), self._read_actor(profile)

        self.context.tasks.run_db(read, self._show_status, self._status_failed, droppable=True)

    def _show_status(self, result) -> None:
        if not isValid(self):
            return
        from desktop_app.views.kit.text import format_datetime

        who, last_sync, actor = result
        self._apply_role(actor)  # a sync may have changed the user's role
        if not self.sync_status.owns_label:  # once enrolled, the sync controller words this label
            self.sync_label.setText(
                f"Dernière synchronisation réussie : {format_datetime(last_sync)}" if last_sync else NEVER_SYNCED)
        user = f"{who.user_nom} ({who.role_label})" if who.role_label else who.user_nom
        self.who_label.setText(f"{who.structure_nom} — {user}")
        self.setWindowTitle(f"Passerelle — {who.structure_nom}" if who.structure_nom else "Passerelle")

    def _status_failed(self, exc: BaseException) -> None:
        import logging

        logging.getLogger(__name__).warning("Barre d'état non actualisée", exc_info=exc)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        profile = self.context.profile
        if profile is None or profile.ferme:  # the bus outlives a closed profile's window
            return
        if kinds & {"sync", "utilisateur"}:
            self._apply_role(self._read_actor(profile))  # before the pages reload
        if kinds & {"sync", "structure", "utilisateur"}:
            self.refresh_status()

    # --- closing -------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync_status.controller.stop()
        self.save_geometry()
        try:
            self.settings.save()
        except OSError:
            import logging

            logging.getLogger(__name__).warning("Réglages non enregistrés", exc_info=True)
        super().closeEvent(event)
