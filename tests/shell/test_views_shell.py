"""The main window as a user meets it: sections, shortcuts, live counts, status bar, saved geometry."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.services.profil import reglages as S
from desktop_app.services.profil.reglages import Settings
from desktop_app.views.kit.bus import DataBus
from desktop_app.views.shell.main_window import NEVER_SYNCED, MainWindow
from desktop_app.views.shell.sections import SECTIONS, ShellContext
from desktop_app.views.kit.tasks import TaskRunner


@pytest.fixture
def make_window(qtbot, profile, make_context):
    def make() -> MainWindow:
        window = MainWindow(make_context(profile))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def _title(window: MainWindow) -> str:
    return window.stack.currentWidget().findChild(QLabel, "sectionTitle").text()


def _add_jeune(profile, nom: str) -> None:
    from desktop_app.db.models import Jeune

    with profile.session() as s:
        s.add(Jeune(structure_id=profile.structure_id, nom_naissance=nom, prenoms="Éloïse"))
        s.commit()


def test_a_window_whose_profile_closed_reads_nothing_when_the_bus_speaks(make_window, profile, qtbot, monkeypatch):
    """The bus lives as long as the process: a window left open on a closed profile ignores its news."""
    window = make_window()
    reads, read = [], window._read_actor
    monkeypatch.setattr(window, "_read_actor", lambda p: reads.append(p) or read(p))
    window.context.bus.data_changed.emit(frozenset({"utilisateur"}))
    assert reads == [profile]
    profile.close()
    window.context.bus.data_changed.emit(frozenset({"utilisateur", "sync", "structure"}))
    assert reads == [profile] and profile.ferme


def test_each_section_opens_its_page_from_the_navigation(make_window, qtbot):
    window = make_window()
    assert window.page("statistiques") is None  # pages are built on first visit only
    for row, section in enumerate(SECTIONS):
        rect: QRect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_section == section.key
        assert window.stack.currentWidget() is window.page(section.key)
        assert _title(window) == section.label
        assert window.page(section.key).isVisible()


def test_ctrl_2_switches_to_the_second_section(make_window, qtbot):
    window = make_window()
    assert window.current_section == "aujourdhui"  # the home screen is the first section, opened first
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section == "jeunes"
    assert _title(window) == "Jeunes"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert _title(window) == SECTIONS[2].label
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # the last section: Synchronisation
    assert _title(window) == "Synchronisation"


def test_status_bar_shows_structure_user_and_sync_state(make_window, qtbot, profile):
    window = make_window()
    qtbot.waitUntil(lambda: window.who_label.text() != "")
    assert window.who_label.text() == "Mission Locale du Val-d'Oise Est — Amélie Lefèvre (Conseiller·ère)"
    assert window.sync_label.text() == NEVER_SYNCED
    assert not window.sync_now.isEnabled()
    assert "hub" in window.sync_now.toolTip()


def test_status_bar_shows_last_successful_sync(make_window, qtbot, profile):
    from desktop_app.db.models import ProfileMeta

    with profile.session() as s:
        s.add(ProfileMeta(key="sync_last_success", value="2026-03-05T09:30:00+00:00"))
        s.commit()
    window = make_window()
    qtbot.waitUntil(lambda: window.sync_label.text() != NEVER_SYNCED)
    assert window.sync_label.text().startswith("Dernière synchronisation réussie : 05/03/2026 à ")


def test_status_bar_reads_the_sync_history(make_window, qtbot, profile):
    from datetime import UTC, datetime

    from desktop_app.db.models import SyncRun

    with profile.session() as s:
        s.add(SyncRun(status="ok", finished_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC)))
        s.add(SyncRun(status="erreur", finished_at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC)))
        s.commit()
    window = make_window()
    qtbot.waitUntil(lambda: window.sync_label.text() != NEVER_SYNCED)
    assert window.sync_label.text().startswith("Dernière synchronisation réussie : 02/11/2026 à ")


def test_geometry_and_last_section_restored_in_a_new_window(make_window, qtbot, profile):
    first = make_window()
    first.resize(760, 540)  # the offscreen screen is 800 × 600
    first.show_section("parrainage")
    first.close()
    assert Settings(profile.settings_path).get(S.LAST_SECTION) == "parrainage"

    second = make_window()
    assert second.current_section == "parrainage"
    assert _title(second) == "Parrainage"
    assert (second.width(), second.height()) == (760, 540)


def test_menus_are_french_with_their_shortcuts(make_window):
    window = make_window()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Fichier", "&Affichage", "&Synchronisation", "Ai&de"]
    view_menu = window.menuBar().actions()[1].menu()
    # Ctrl+1 to Ctrl+9 for the first nine sections, Ctrl+0 for the last (Synchronisation), none in between
    expected = [f"Ctrl+{i}" for i in range(1, 10)] + [""] * (len(SECTIONS) - 10) + ["Ctrl+0"]
    assert [a.shortcut().toString() for a in view_menu.actions()] == expected
    assert window.sync_now.shortcut().toString() == "Ctrl+Shift+S"
    assert "Aller à « Jeunes »" in window.shortcuts_text()
    assert "Aller à « Aujourd'hui »" in window.shortcuts_text()


def test_self_test_opens_and_closes_the_gui(qtbot, capsys, monkeypatch, tmp_path):
    import sys

    from desktop_app.views.shell import app as app_module
    from desktop_app.views.kit import errors

    monkeypatch.setattr(errors, "default_log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr("threading.excepthook", __import__("threading").excepthook)
    try:
        assert app_module.run(profile=None, self_test=True) == 0
    finally:
        errors.close_log()
    assert "Autotest de Passerelle : réussi." in capsys.readouterr().out


def test_startup_probe_prints_startup_time_and_quits(tmp_path):
    """What the start-up benchmark runs: the real command, a profile, the main window painted, exit 0."""
    import os
    import subprocess
    import sys

    from desktop_app.services.profil.profile import create_profile

    create_profile(tmp_path / "profil", structure_nom="ML Est", user_nom="Martin",
                   passphrase="phrase de test").close()
    env = dict(os.environ, PASSERELLE_PASSPHRASE="phrase de test", PASSERELLE_EXIT_AFTER_SHOW="1",
               QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--profile", str(tmp_path / "profil")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    figures = dict(line.split("=") for line in done.stdout.splitlines() if "_ms=" in line)
    assert set(figures) == {"startup_ms", "profile_ready_ms", "list_shown_ms", "profile_usable_ms"}
    assert 0 < float(figures["startup_ms"]) <= float(figures["profile_ready_ms"])
    assert float(figures["profile_ready_ms"]) <= float(figures["list_shown_ms"]) <= float(figures["profile_usable_ms"])


@pytest.fixture
def gui_run(monkeypatch, tmp_path):
    """Call views.app.run in this process, with its hooks and log kept away from the test session."""
    import sys
    import threading

    from desktop_app.views.shell import app as app_module
    from desktop_app.views.kit import errors

    monkeypatch.setattr(errors, "default_log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield app_module.run
    errors.close_log()


def test_profile_opened_in_background_fills_the_window(gui_run, profile, monkeypatch, capsys):
    profile.close()
    monkeypatch.setenv("PASSERELLE_EXIT_AFTER_SHOW", "1")
    assert gui_run(profile=str(profile.directory)) == 0
    out = capsys.readouterr().out
    assert "startup_ms=" in out and "profile_ready_ms=" in out


def test_profile_failing_to_open_in_background_says_why_and_exits_1(gui_run, profile, memory_keyring,
                                                                    monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    profile.close()
    memory_keyring.secrets.clear()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    assert gui_run(profile=str(profile.directory)) == 1
    assert len(shown) == 1 and "introuvable dans le trousseau" in shown[0]


def test_window_waits_for_the_profile_then_builds_the_page(qtbot, profile):
    runner = TaskRunner()
    context = ShellContext(profile=None, tasks=runner, bus=DataBus(), settings=Settings(None))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.loading and window.page("jeunes") is None
    window.show_section("ateliers")  # the user may click before the profile is open
    assert window.stack.currentWidget() is window.loading
    window.set_profile(profile)
    assert _title(window) == "Actions collectives"
    qtbot.waitUntil(lambda: window.who_label.text() != "")
    runner.shutdown()


def test_startup_helpers_agree_with_the_profile_service(tmp_path, monkeypatch, profile):
    from desktop_app.services.profil import profile as P
    from desktop_app.views.shell import startup

    assert startup.resolve_profile_dir(str(tmp_path)) == P.resolve_profile_dir(str(tmp_path))
    monkeypatch.setenv("PASSERELLE_PROFILE", str(tmp_path / "ailleurs"))
    assert startup.resolve_profile_dir(None) == P.resolve_profile_dir(None)
    monkeypatch.delenv("PASSERELLE_PROFILE")
    assert startup.resolve_profile_dir(None) == P.default_profile_dir()
    assert profile.settings_path == profile.directory / startup.SETTINGS_FILE
    assert startup.key_mode(profile.directory) == "keyring" and startup.can_open_in_background(profile.directory)
    assert startup.key_mode(tmp_path / "rien") is None


def _set_role(profile, role: str) -> None:
    from desktop_app.db.models import Utilisateur

    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = role
        s.commit()


def test_a_parrain_sees_only_parrainage_and_synchronisation(make_window, qtbot, profile):
    _set_role(profile, "parrain")
    window = make_window()
    offered = [SECTIONS[row].key for row in range(window.nav.count()) if not window.nav.item(row).isHidden()]
    assert offered == ["parrainage", "synchronisation"]
    assert window.current_section == "parrainage"  # the last section (Aujourd'hui) is not the parrain's
    assert window.page("jeunes") is None and window.page("aujourdhui") is None  # never built: nothing of the
    # dossiers reached the screen
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Ctrl+1 = Aujourd'hui: nothing
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Ctrl+2 = Jeunes: nothing
    assert window.current_section == "parrainage" and window.page("jeunes") is None
    window.show_section("statistiques")
    assert window.current_section == "parrainage"


def test_sections_follow_a_role_changed_by_sync(make_window, qtbot, profile):
    window = make_window()
    window.show_section("statistiques")
    _set_role(profile, "parrain")
    window.context.bus.data_changed.emit(frozenset({"utilisateur"}))
    qtbot.waitUntil(lambda: window.nav.item(0).isHidden())
    assert window.current_section == "parrainage"
    _set_role(profile, "direction")
    window.context.bus.data_changed.emit(frozenset({"utilisateur"}))
    qtbot.waitUntil(lambda: not window.nav.item(0).isHidden())
    assert not window.nav.item(6).isHidden()  # Statistiques
