"""Start the GUI: QApplication in French, error hooks, open (or create) the profile, show the main window.

Start-up stays fast: only what the first screen needs is imported, no list is loaded, and a profile that
opens without a question (key in the keyring) is opened on the database thread while the window is shown; the
status bar, the sync status and the retention check start once the first page shows its data.
``PASSERELLE_EXIT_AFTER_SHOW=1`` prints ``startup_ms=…`` once the main window has been painted, then
``profile_ready_ms=…``, ``list_shown_ms=…`` and ``profile_usable_ms=…`` (profile open, first rows of the list
painted, a search answered), then quits (benchmark probe, :mod:`desktop_app.views.shell.sonde`).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_AFTER_SHOW_ENV = "PASSERELLE_EXIT_AFTER_SHOW"


def _make_application(offscreen: bool = False):
    if offscreen and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from desktop_app.views.kit import import_qt

    import_qt.install()  # PySide6 loaded, before the modules imported from here on (QtCore, SQLAlchemy…)
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    from desktop_app import __version__

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Passerelle")
    app.setApplicationDisplayName("Passerelle")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Passerelle")
    app.setDesktopFileName("passerelle")  # matches installers/linux/passerelle.desktop (icon in the task bar)
    from desktop_app.views.shell.icones import app_icon

    app.setWindowIcon(app_icon())
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    if translator.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app


def _show_profile_error(exc) -> int:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, "Passerelle — profil inaccessible", exc.message)
    return 1


def open_or_create(directory: Path):
    """The open profile, or an exit code (0: the user cancelled; 1: the profile cannot be opened)."""
    from desktop_app.services.profil import profile as P

    try:
        if not P.profile_exists(directory):
            from desktop_app.views.shell.wizard import FirstRunWizard

            wizard = FirstRunWizard(directory)
            if not wizard.exec() or wizard.profile is None:
                return 0
            return wizard.profile
        if P.needs_passphrase(directory) and not os.environ.get(P.PASSPHRASE_ENV):
            from desktop_app.views.shell.passphrase import PassphraseDialog

            dialog = PassphraseDialog(directory)
            if dialog.exec():
                return dialog.profile
            if dialog.failure is not None:
                return _show_profile_error(dialog.failure)
            return 0
        return P.open_profile(directory)
    except P.ProfileError as exc:
        return _show_profile_error(exc)


def _self_test_profile(profile_arg: str | None):
    """An existing profile given explicitly, else a throw-away one in a temporary directory."""
    import secrets
    import tempfile

    from desktop_app.db.journal import allow_ui_thread_db
    from desktop_app.services.profil import profile as P

    # The packaged self-test, before any window: nothing to keep responsive.
    with allow_ui_thread_db("autotest : profil ouvert avant toute fenêtre"):
        if profile_arg and P.profile_exists(P.resolve_profile_dir(profile_arg)):
            return P.open_profile(P.resolve_profile_dir(profile_arg)), None
        tmp = tempfile.TemporaryDirectory(prefix="passerelle-self-test-")
        passphrase = secrets.token_urlsafe(16)
        P.create_profile(Path(tmp.name) / "profil", structure_nom="Autotest", user_nom="Autotest",
                         passphrase=passphrase).close()
        return P.open_profile(Path(tmp.name) / "profil", passphrase=passphrase), tmp


def _probe(window, app):
    """The start-up probe (:mod:`desktop_app.views.shell.sonde`) when ``PASSERELLE_EXIT_AFTER_SHOW=1``."""
    if os.environ.get(EXIT_AFTER_SHOW_ENV) != "1":
        return None
    from desktop_app.views.shell.sonde import StartupProbe

    return StartupProbe(window, app)


def build_main_window(profile, *, keep_settings: bool = True, directory: Path | None = None):
    """The main window on an open ``profile``, or (``profile`` None) on the profile of ``directory``
    that is still opening: its settings are read at once so the geometry is right from the first paint."""
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.kit.bus import bus
    from desktop_app.views.shell.main_window import MainWindow
    from desktop_app.views.shell.sections import ShellContext
    from desktop_app.views.shell.startup import SETTINGS_FILE
    from desktop_app.views.kit.tasks import runner

    settings_path = profile.settings_path if profile is not None else Path(directory) / SETTINGS_FILE
    context = ShellContext(profile=profile, tasks=runner(), bus=bus(),
                           settings=Settings(settings_path if keep_settings else None))
    window = MainWindow(context)
    from desktop_app.views.shell.verrouillage import installer

    installer(window)  # lock after inactivity and on Ctrl+L (when the user has a password)
    return window


def run(profile: str | None, self_test: bool = False) -> int:
    app = _make_application(offscreen=self_test)
    from desktop_app.views.kit import errors

    errors.install()
    if self_test:
        return _run_self_test(app, profile)
    from desktop_app.views.shell import startup

    directory = startup.resolve_profile_dir(profile)
    if startup.can_open_in_background(directory):
        # before the window is built: the opening overlaps it (started before Qt's import instead, it slowed
        # both: the two imports compete for the interpreter)
        return _run_opening_in_background(app, directory, startup.open_early(directory))
    opened = open_or_create(directory)  # wizard or passphrase dialog first: nothing to overlap
    if isinstance(opened, int):
        return opened
    errors.ensure_log(opened.logs_dir)
    from desktop_app.views.shell.verrouillage import demander_connexion

    if not demander_connexion(opened):  # users with passwords: who is there?
        _shutdown(opened)
        return 0
    window = build_main_window(opened)
    probe = _probe(window, app)
    window.show()
    if probe is not None:
        probe.profile_ready()
    try:
        return app.exec()
    finally:
        _shutdown(opened)


def _run_opening_in_background(app, directory: Path, opening) -> int:
    """Show the window at once while the profile opens (heavy imports, key, schema check) on the database
    thread: ``opening`` is the future of :func:`startup.open_early`, started before the window is built."""
    from desktop_app.views.kit import errors
    from desktop_app.views.kit.tasks import runner

    window = build_main_window(None, directory=directory)
    from desktop_app.views.shell.startup import take_early_db_executor

    leftover = take_early_db_executor()  # a runner made earlier (tests) kept its own executor: let it end
    if leftover is not None:
        leftover.shutdown(wait=False)  # after the opening, queued on it
    probe = _probe(window, app)

    def ready(profile) -> None:
        from desktop_app.views.shell.verrouillage import demander_connexion

        errors.ensure_log(profile.logs_dir)
        if not demander_connexion(profile, window):  # before any page shows data
            app.exit(0)
            return
        window.set_profile(profile)
        if probe is not None:
            probe.profile_ready()

    def failed(exc: BaseException) -> None:
        from desktop_app.domain.errors import UserError

        window.hide()
        if isinstance(exc, UserError):
            _show_profile_error(exc)
        else:
            errors.report_exception(type(exc), exc, exc.__traceback__)
        app.exit(1)

    def opening_done(future) -> None:  # on the database thread (or here if already done): hand it to the UI
        runner().call_in_main(lambda: delivered(future))

    def delivered(future) -> None:
        exc = future.exception()
        if exc is not None:
            failed(exc)
            return
        ready(future.result())

    opening.add_done_callback(opening_done)
    window.show()
    try:
        return app.exec()
    finally:
        _shutdown(opening)  # closed even if it opened after the window was gone


def _shutdown(profile) -> None:
    """Stop the task runner, then close ``profile`` (an open profile, None, or the future of its opening)."""
    from desktop_app.views.kit.tasks import shutdown_runner

    from desktop_app.db.journal import allow_ui_thread_db

    shutdown_runner()  # queued database work lands before the engine goes (the opening too: same thread)
    if hasattr(profile, "add_done_callback"):
        try:
            profile = profile.result()  # done: it ran on the runner's thread, stopped above
        except Exception:  # noqa: BLE001 - it failed to open: reported already, nothing to close
            profile = None
    if profile is not None:
        with allow_ui_thread_db("fermeture : l'exécuteur est arrêté, la fenêtre est fermée ; l'horloge est gardée"):
            profile.close()


def _run_self_test(app, profile_arg: str | None) -> int:
    """Open (or create) a profile, show the main window, visit every section, close. 0 when all went well."""
    from desktop_app.domain.errors import UserError
    from desktop_app.views.kit import errors
    from desktop_app.views.shell.sections import SECTIONS

    errors.set_non_interactive()
    try:
        opened, tmp = _self_test_profile(profile_arg)
    except UserError as exc:
        print(f"Autotest de Passerelle : échec — {exc.message}", file=sys.stderr, flush=True)
        return 1
    try:
        errors.ensure_log(opened.logs_dir)
        window = build_main_window(opened, keep_settings=tmp is not None)  # never alter a real profile's settings
        window.show()
        for section in SECTIONS:
            window.show_section(section.key)
            app.processEvents()
            if window.stack.currentWidget() is not window.page(section.key) or window.page(section.key) is None:
                print(f"Autotest de Passerelle : échec — rubrique « {section.label} » non affichée.",
                      file=sys.stderr, flush=True)
                return 1
        window.close()
        app.processEvents()
        if errors.unexpected:
            print(f"Autotest de Passerelle : échec — {len(errors.unexpected)} erreur(s) inattendue(s), "
                  "détail dans le journal.", file=sys.stderr, flush=True)
            return 1
        print("Autotest de Passerelle : réussi.", flush=True)
        return 0
    finally:
        _shutdown(opened)
        errors.close_log()
        if tmp is not None:
            tmp.cleanup()
