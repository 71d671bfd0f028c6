"""Start-up as a user meets it: the jeunes list comes first, the window's background work (status bar, sync
status, daily retention check) starts once it is shown, and quitting does not wait for reads nobody needs."""
from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

from desktop_app.services.profil.reglages import Settings
from desktop_app.views.kit.bus import DataBus
from desktop_app.views.kit.tasks import TaskRunner
from desktop_app.views.shell import main_window
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.sections import ShellContext
from desktop_app.views.shell.verrouillage import installer


def _add_jeune(profile, nom: str) -> None:
    from desktop_app.db.models import Jeune

    with profile.session() as s:
        s.add(Jeune(structure_id=profile.structure_id, nom_naissance=nom, prenoms="Éloïse"))
        s.commit()


def test_background_work_starts_once_the_first_screen_is_shown(qtbot, profile, monkeypatch):
    # the 3 s fallback (a first page that never shows) would start the work first on a machine at load 15:
    # pushed out of reach, the order observed is the one the window keeps
    monkeypatch.setattr(main_window, "FIRST_SCREEN_WAIT_MS", 120_000)
    _add_jeune(profile, "Moreau")
    runner = TaskRunner()
    window = MainWindow(ShellContext(profile=None, tasks=runner, bus=DataBus(), settings=Settings(None)))
    qtbot.addWidget(window)
    installer(window)
    retention = window.findChild(QTimer, "controleConservation")
    window.show()
    window.set_profile(profile)
    page = window.page("aujourdhui")  # the first section: the home screen
    assert not window.background_started and not window.sync_status.controller._started
    assert window.who_label.text() == "" and not retention.isActive()
    with qtbot.waitSignal(window.first_screen_live, timeout=60_000):
        pass
    assert page.premier_affiche and page.a_faire_titre.text() != "À faire"  # the home screen was there first
    assert window.sync_status.controller._started and retention.isActive()
    qtbot.waitUntil(lambda: window.who_label.text() != "")
    assert "Amélie Lefèvre" in window.who_label.text()
    window.show_section("jeunes")
    liste = window.page("jeunes")
    qtbot.waitUntil(lambda: liste.model.rowCount() == 1)
    qtbot.waitUntil(lambda: liste.filtres.referent.count() > 1)  # the filters' choices follow the list
    runner.shutdown()


def test_quitting_drops_the_reads_not_started_and_keeps_the_writes():
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def busy():
        started.set()
        release.wait(10)
        ran.append("en cours")

    runner.run_db(busy, droppable=True)
    started.wait(10)
    runner.run_db(lambda: ran.append("lecture"), droppable=True)
    runner.run_db(lambda: ran.append("écriture"))
    threading.Timer(0.2, release.set).start()
    runner.shutdown()
    assert ran == ["en cours", "écriture"]  # the read under way finished, the queued one was dropped


def test_quitting_with_background_work_pending_exits_cleanly(qtbot, profile, monkeypatch, capsys, tmp_path):
    """The real start-up on a profile: the app quits at once after the list answered a search, while the
    deferred background work is still waiting for its turn."""
    import sys

    from desktop_app.views.kit import errors
    from desktop_app.views.shell import app as app_module

    monkeypatch.setattr(errors, "default_log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    _add_jeune(profile, "Moreau")
    profile.close()
    monkeypatch.setenv("PASSERELLE_EXIT_AFTER_SHOW", "1")
    try:
        assert app_module.run(profile=str(profile.directory)) == 0
    finally:
        errors.close_log()
    out = capsys.readouterr().out
    assert "profile_usable_ms=" in out and not errors.unexpected


def test_the_application_opens_without_building_the_commands_parser(monkeypatch):
    """``passerelle`` and ``passerelle --profile DIR`` open the window without importing every command module;
    a command, ``--help`` or an unknown word still goes through the full parser."""
    from desktop_app import cli

    opened = []
    monkeypatch.setattr(cli, "_run_gui", lambda argv: opened.append(argv) or 0)
    built = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: built.append(1) or real())
    for argv in ([], ["--profile", "/tmp/p"], ["--profile=/tmp/p"], ["--self-test"]):
        assert cli.main(argv) == 0
    assert opened == [[], ["--profile", "/tmp/p"], ["--profile=/tmp/p"], ["--self-test"]] and built == []
    assert not cli._only_gui_options(["profil", "info"])
    assert not cli._only_gui_options(["--help"])
    assert not cli._only_gui_options(["--profile"])  # argparse words the missing value in French


def test_the_profile_opens_on_the_database_thread_the_runner_adopts(profile, tmp_path):
    """The early opening runs on the executor the task runner then adopts (one database thread), and with
    Jeunes as the last section it reads the jeunes' order for the list before the list asks for it."""
    import json

    from desktop_app.services.jeunes import recherche_ordre
    from desktop_app.views.shell import startup

    _add_jeune(profile, "Moreau")
    directory = profile.directory
    profile.close()
    (directory / startup.SETTINGS_FILE).write_text(
        json.dumps({"version": 2, "values": {"ui.last_section": "jeunes"}}), encoding="utf-8")
    opening = startup.open_early(directory)
    executor = startup._early_db
    runner = TaskRunner()
    opened = opening.result(timeout=60)
    try:
        assert runner._db is executor
        assert runner.run_db(lambda: recherche_ordre._CACHE.get(opened.engine)).result(timeout=60) is not None
        assert startup.take_early_db_executor() is None  # adopted once
    finally:
        runner.shutdown()
        opened.close()


def test_the_cheaper_import_check_gives_pyside6s_answer():
    """The check behind every import once PySide6 is loaded answers as PySide6's own does."""
    import sys

    import sqlalchemy.engine

    from desktop_app.views.kit import import_qt
    from desktop_app.views.shell import main_window as window_module

    import_qt.install()
    feature = sys.modules["shibokensupport.feature"]
    for module in (sqlalchemy.engine, window_module, threading, sys):
        assert feature._mod_uses_pyside(module) is (module is window_module)
    # Passerelle's own modules: by their layer, without reading them (Qt lives in views/ only)
    from desktop_app.db import engine
    from desktop_app.services.jeunes import recherche_ordre
    from desktop_app.views.jeunes import liste

    reads = []
    real_open = open
    import builtins

    def counting_open(path, *a, **k):
        reads.append(str(path))
        return real_open(path, *a, **k)

    builtins.open = counting_open
    try:
        answers = [feature._mod_uses_pyside(m) for m in (engine, recherche_ordre, liste)]
    finally:
        builtins.open = real_open
    assert answers == [False, False, True] and reads == []
    import _sqlite3  # an extension module: no source, as PySide6's own check says

    assert feature._mod_uses_pyside(_sqlite3) is False


def test_after_an_upgrade_the_background_work_links_the_typed_names_to_the_directory(qtbot, profile):
    from desktop_app.db.models import AutoEcole
    from desktop_app.services.partenaires.annuaire import enregistrer_partenaire
    from desktop_app.services.profil.profile import A_RATTACHER

    partenaire = enregistrer_partenaire(profile, {"nom": "Auto-école Réussite", "type": "auto_ecole"}).id
    with profile.session() as s:  # typed before the directory (a profile from before 0026)
        ecole = AutoEcole(structure_id=profile.structure_id, nom="Auto-Ecole REUSSITE")
        s.add(ecole)
        s.commit()
        ecole_id = ecole.id
    with profile.engine.begin() as conn:  # what the opening leaves after an upgrade
        conn.exec_driver_sql("INSERT INTO profile_meta (key, value) VALUES (?, '1')", (A_RATTACHER,))
    runner = TaskRunner()
    window = MainWindow(ShellContext(profile=profile, tasks=runner, bus=DataBus(), settings=Settings(None)))
    qtbot.addWidget(window)
    window.show()

    def linked():
        with profile.session() as s:
            return s.get(AutoEcole, ecole_id).partenaire_id

    def marked() -> int:
        with profile.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM profile_meta WHERE key = ?", (A_RATTACHER,)).scalar()

    qtbot.waitUntil(lambda: linked() == partenaire and marked() == 0)  # linked, then the mark removed
    runner.shutdown()


def test_the_window_takes_the_role_read_with_the_opening_once(qtbot, profile, monkeypatch):
    """The login check and the user's role are read on the database thread with the opening, so the window
    handed the profile does not wait for them behind the first list's read: it uses them once, for the user
    they were read for, and reads the role itself afterwards (a role changed later is seen)."""
    from desktop_app.security import permissions
    from desktop_app.views.shell import startup, verrouillage

    directory = profile.directory
    profile.close()
    opening = startup.open_early(directory)
    executor = startup._early_db
    opened = opening.result(timeout=60)
    startup.take_early_db_executor()
    try:
        facts = dict(opened.lu_a_l_ouverture)
        assert facts["login_requis"] is False
        assert facts["acteur"].user_id == opened.user_id and facts["acteur"].role == "conseiller"
        assert facts["acteur"].nom == "Amélie Lefèvre"
        read_here = []
        real = permissions.actor_of

        def actor_of(p):  # the reads on the UI thread (the pages read theirs on the database thread)
            if threading.current_thread() is threading.main_thread():
                read_here.append(p)
            return real(p)

        monkeypatch.setattr(permissions, "actor_of", actor_of)
        monkeypatch.setattr(verrouillage, "_definir_mot_de_passe", lambda p, parent: True)
        monkeypatch.setattr("desktop_app.services.securite.acces.login_requis",
                            lambda p: (_ for _ in ()).throw(AssertionError("lu deux fois")))
        assert verrouillage.demander_connexion(opened) is True  # from the facts: no read on the UI thread
        runner = TaskRunner()
        window = MainWindow(ShellContext(profile=None, tasks=runner, bus=DataBus(), settings=Settings(None)))
        qtbot.addWidget(window)
        window.set_profile(opened)
        assert read_here == [] and window.section_visible("jeunes")
        assert opened.lu_a_l_ouverture == {}  # taken once
        window.rebuild_pages()  # later: the role is read again
        assert read_here == [opened]
        # facts read for another user (someone else logged in since) are not used
        opened.lu_a_l_ouverture["acteur"] = permissions.Actor("quelqu-un-d-autre", "administrateur")
        window._read_actor(opened)
        assert read_here == [opened, opened]
        runner.shutdown()
    finally:
        executor.shutdown(wait=True)
        opened.close()


def test_the_jeunes_order_read_for_the_first_list_is_saved_once_the_screen_is_live(qtbot, profile):
    """The first list reads the alphabetical order from the index; once the first screen is live the window
    saves it (one row) for the next start-up, which reads it back."""
    from desktop_app.services.jeunes import recherche_ordre
    from desktop_app.services.profil.reglages import LAST_SECTION

    _add_jeune(profile, "Moreau")
    _add_jeune(profile, "Abadie")
    recherche_ordre.forget(profile)
    settings = Settings(None)
    settings.set(LAST_SECTION, "jeunes")
    runner = TaskRunner()
    window = MainWindow(ShellContext(profile=None, tasks=runner, bus=DataBus(), settings=settings))
    qtbot.addWidget(window)
    window.show()
    window.set_profile(profile)
    liste = window.page("jeunes")
    with qtbot.waitSignal(window.first_screen_live, timeout=60_000):
        pass
    assert liste.model.rowCount() == 2

    def saved():
        with profile.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT ids FROM jeune_recherche_ordre").scalar()

    qtbot.waitUntil(lambda: runner.run_db(saved).result(timeout=60) is not None, timeout=60_000)
    ids = runner.run_db(saved).result(timeout=60).split(",")
    assert ids == liste.model.ids() and len(ids) == 2  # Abadie, Moreau: the order the list shows
    runner.shutdown()
