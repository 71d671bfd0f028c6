"""The Synchronisation screen and background sync as a user meets them, against a real hub on 127.0.0.1."""
from __future__ import annotations

import threading

import pytest
import uvicorn
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QMessageBox

from desktop_app.db.models import Jeune
from desktop_app.domain.errors import UserError
from desktop_app.services.jeunes import dossier as jeunes_service
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.reglages import Settings
from desktop_app.views.kit.bus import DataBus
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.sections import ShellContext
from desktop_app.views.sync.ecran import SyncScreen
from desktop_app.views.kit.tasks import TaskRunner
from hub import cli as hub_cli
from hub.app import create_app
from tests.sync_support import HubServer, enrolled

WAIT = 20_000  # ms: generous, never a speed assertion


@pytest.fixture
def hub(tmp_path):
    server = HubServer(f"sqlite:///{tmp_path / 'hub.db'}").start()
    yield server
    server.stop()


@pytest.fixture
def make_window(qtbot):
    runners: list[TaskRunner] = []
    windows: list[MainWindow] = []

    def make(profile) -> MainWindow:
        runner = TaskRunner()
        runners.append(runner)
        context = ShellContext(profile=profile, tasks=runner, bus=DataBus(), settings=Settings(profile.settings_path))
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    for runner in runners:
        runner.shutdown()


def _screen(window: MainWindow, qtbot) -> SyncScreen:
    window.show_section("synchronisation")
    screen = window.page("synchronisation")
    qtbot.waitUntil(lambda: screen.loaded, timeout=WAIT)
    return screen


def _idle_after(controller, qtbot, rounds: int) -> None:
    qtbot.waitUntil(lambda: controller.rounds_started >= rounds and not controller.running, timeout=WAIT)


def _jeune(profile, nom: str = "Martin", prenoms: str = "Léa") -> str:
    return jeunes_service.create_jeune(profile, {"nom_naissance": nom, "prenoms": prenoms}).id


def _edit(profile, jeune_id: str, **fields) -> None:
    with profile.session() as s:
        j = s.get(Jeune, jeune_id)
        for k, v in fields.items():
            setattr(j, k, v)
        s.commit()


def _commune(profile, jeune_id: str) -> str | None:
    with profile.session() as s:
        return s.get(Jeune, jeune_id).commune


def test_enrol_from_the_screen_then_the_first_round_sends_the_profile(hub, make_window, qtbot, profile, capsys):
    sid = hub.structure("ML Enrôlement")
    hub_cli.main(["--database", str(hub.engine.url), "enroll-code", "--structure", sid, "--user", "Amélie Lefèvre"])
    code = capsys.readouterr().out.strip().splitlines()[-1]
    window = make_window(profile)
    screen = _screen(window, qtbot)
    assert screen.stack.currentWidget() is screen.form
    assert not window.sync_now.isEnabled()

    qtbot.mouseClick(screen.form.submit, Qt.MouseButton.LeftButton)  # nothing typed yet
    assert screen.form.errors["url"].text().startswith("Indiquez l'adresse du hub")
    assert screen.form.errors["code"].text().startswith("Saisissez le code")
    qtbot.keyClicks(screen.form.url, "hub.example")
    qtbot.keyClicks(screen.form.code, "ZZZZZZ")
    qtbot.mouseClick(screen.form.submit, Qt.MouseButton.LeftButton)
    assert "https://" in screen.form.errors["url"].text()
    screen.form.url.clear()
    qtbot.keyClicks(screen.form.url, hub.url)
    qtbot.mouseClick(screen.form.submit, Qt.MouseButton.LeftButton)  # an unknown code: the hub says why
    qtbot.waitUntil(lambda: screen.form.message.text() != "", timeout=WAIT)
    assert screen.form.message.text().startswith("Inscription refusée : Code d'inscription inconnu")

    screen.form.code.clear()
    qtbot.keyClicks(screen.form.code, code.lower())
    qtbot.mouseClick(screen.form.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.stack.currentWidget() is screen.panel, timeout=WAIT)
    assert screen.panel.hub.text() == hub.url
    assert "Amélie Lefèvre" in screen.panel.device.text() and profile.device_id in screen.panel.device.text()
    _idle_after(screen.controller, qtbot, 1)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synchronisé à "), timeout=WAIT)
    assert window.sync_now.isEnabled()
    qtbot.waitUntil(lambda: screen.panel.runs.rowCount() == 1 and screen.panel.runs.item(0, 5).text() == "Réussie",
                    timeout=WAIT)
    assert int(screen.panel.runs.item(0, 1).text()) >= 3  # structure, user, lieu created with the profile
    assert screen.counts.text() == "0 modification en attente d'envoi"


def test_synchroniser_maintenant_sends_local_changes_and_shows_the_time(hub, make_window, qtbot, tmp_path):
    sid = hub.structure("ML Maintenant")
    a = enrolled(hub, tmp_path, "alice", sid)
    window = make_window(a)
    controller = window.sync_status.controller
    _idle_after(controller, qtbot, 1)  # a round at start-up
    jid = _jeune(a, "N'Diaye", "Éloïse")
    window.sync_now.trigger()
    _idle_after(controller, qtbot, 2)
    assert window.sync_label.text().startswith("Synchronisé à ")
    assert controller.last_error == ""
    b = enrolled(hub, tmp_path, "bruno", sid)
    sync_service.sync_once(b)
    with b.session() as s:
        assert s.get(Jeune, jid).nom_naissance == "N'Diaye"

    other = _jeune(b, "Martin", "Léa")  # received by a: the screens showing jeunes are told to refresh
    sync_service.sync_once(b)
    with qtbot.waitSignal(window.context.bus.data_changed, timeout=WAIT,
                          check_params_cb=lambda kinds: "jeune" in kinds and "sync" in kinds):
        window.sync_now.trigger()
    with a.session() as s:
        assert s.get(Jeune, other).prenoms == "Léa"
    b.close()
    a.close()


def test_hub_stopped_means_offline_and_work_goes_on_then_sync_resumes_when_it_answers(hub, make_window, qtbot,
                                                                                      tmp_path):
    sid = hub.structure("ML Hors ligne")
    a = enrolled(hub, tmp_path, "alice", sid)
    port, database = hub.port, str(hub.engine.url)
    hub.stop()
    window = make_window(a)
    controller = window.sync_status.controller
    qtbot.waitUntil(lambda: controller.offline, timeout=WAIT)
    assert window.sync_label.text() == "Hors ligne — jamais synchronisé"
    assert "injoignable" in window.sync_label.toolTip()
    assert window.sync_now.isEnabled()  # the user may try again; nothing modal popped up

    jid = _jeune(a, "Lefèvre", "Noé")  # a dossier still saves through the services
    assert _commune(a, jid) is None

    restarted = _serve(database, port)  # the hub comes back on the same address
    try:
        assert controller._probe.isActive()  # probing every 30 s while offline; the system's signal is faster:
        controller._network_changed(QNetworkInformation.Reachability.Online)
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synchronisé à "), timeout=WAIT)
        assert controller.rounds_started >= 2 and not controller.offline
        restarted.should_exit = True
        restarted.thread.join(10)  # the hub is gone again
        qtbot.waitUntil(lambda: not controller.running, timeout=WAIT)
        window.sync_now.trigger()
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Hors ligne — dernière synchronisation "),
                        timeout=WAIT)
    finally:
        restarted.should_exit = True
    a.close()


def _serve(database_url: str, port: int) -> uvicorn.Server:
    from hub.db import make_engine

    server = uvicorn.Server(uvicorn.Config(create_app(make_engine(database_url)), host="127.0.0.1", port=port,
                                           log_level="error", lifespan="off"))
    server.thread = threading.Thread(target=server.run, daemon=True)
    server.thread.start()
    return server


def test_a_conflict_shows_both_values_and_keeping_the_other_one_changes_the_record_and_syncs(
        hub, make_window, qtbot, tmp_path):
    sid = hub.structure("ML Conflits")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    jid = _jeune(a, "Martin", "Léa")
    for p in (a, b):
        sync_service.sync_once(p)
    _edit(a, jid, commune="Argenteuil")
    _edit(b, jid, commune="Sarcelles")  # the later clock: it wins everywhere
    for p in (a, b, a):
        sync_service.sync_once(p)
    assert _commune(a, jid) == "Sarcelles"

    window = make_window(a)
    screen = _screen(window, qtbot)
    qtbot.waitUntil(lambda: len(screen.panel.review.cards) == 1, timeout=WAIT)
    card = screen.panel.review.cards[0]
    assert card.findChild(type(screen.counts), "conflictTitle").text() == "Jeune : Léa MARTIN — Commune"
    assert card.findChild(type(screen.counts), "currentValue").text() == "Sarcelles"
    assert card.findChild(type(screen.counts), "otherValue").text() == "Argenteuil"
    assert card.findChild(type(screen.counts), "otherWho").text().startswith("Ce poste, le ")
    assert card.findChild(type(screen.counts), "currentWho").text().startswith("Autre poste (")
    assert screen.panel.tabs.tabText(0) == "Conflits à examiner (1)"

    rounds = screen.controller.rounds_started
    qtbot.mouseClick(card.keep_other, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _commune(a, jid) == "Argenteuil", timeout=WAIT)
    qtbot.waitUntil(lambda: screen.controller.rounds_started > rounds and not screen.controller.running,
                    timeout=WAIT)
    qtbot.waitUntil(lambda: screen.panel.review.cards == [], timeout=WAIT)
    assert "Argenteuil" in screen.panel.notice.text()
    sync_service.sync_once(b)
    assert _commune(b, jid) == "Argenteuil"
    assert [c.resolution for c in sync_service.list_conflicts(b, include_resolved=True)] == ["lost"]
    a.close()
    b.close()


def test_background_controller_never_runs_two_rounds_at_once(hub, make_window, qtbot, tmp_path, monkeypatch):
    sid = hub.structure("ML Un seul")
    a = enrolled(hub, tmp_path, "alice", sid)
    real = sync_service.sync_once
    release, lock = threading.Event(), threading.Lock()
    state = {"now": 0, "most": 0, "calls": 0}

    def spy(profile, **kw):
        with lock:
            state["now"] += 1
            state["calls"] += 1
            state["most"] = max(state["most"], state["now"])
        try:
            release.wait(WAIT / 1000)
            return real(profile, **kw)
        finally:
            with lock:
                state["now"] -= 1

    monkeypatch.setattr(sync_service, "sync_once", spy)
    window = make_window(a)
    controller = window.sync_status.controller
    qtbot.waitUntil(lambda: controller.running, timeout=WAIT)  # the start-up round, held by the spy
    assert window.sync_label.text() == "Synchronisation en cours…"
    assert window.sync_status.busy.isVisible() and not window.sync_now.isEnabled()
    started = [controller.request_round(reason) for reason in ("manuel", "périodique", "serveur de nouveau joignable")]
    controller._periodic.timeout.emit()
    assert started == [False, False, False]
    release.set()
    _idle_after(controller, qtbot, 1)
    assert state == {"now": 0, "most": 1, "calls": 1}
    assert window.sync_label.text().startswith("Synchronisé à ") and not window.sync_status.busy.isVisible()
    assert controller._periodic.interval() == 5 * 60_000  # sync.intervalle_minutes
    a.close()


def test_revoked_device_says_why_then_its_profile_is_wiped(hub, make_window, qtbot, tmp_path, monkeypatch,
                                                          memory_keyring):
    sid = hub.structure("ML Révocation")
    a = enrolled(hub, tmp_path, "alice", sid)
    window = make_window(a)
    controller = window.sync_status.controller
    _idle_after(controller, qtbot, 1)
    hub_cli.main(["--database", str(hub.engine.url), "revoke", a.device_id])
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a_, **k: shown.append((title, text)))
    directory, profile_id = a.directory, a.file.profile_id
    window.sync_now.trigger()
    qtbot.waitUntil(lambda: shown != [], timeout=WAIT)
    title, text = shown[0]
    assert title == "Poste révoqué" and "révoqué" in text and "effacé" in text
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT)
    assert controller.stopped and not controller.request_round("manuel")
    assert not (directory / "passerelle.db").exists() and not (directory / "profile.json").exists()
    assert not any(profile_id in user for (_svc, user) in memory_keyring.secrets)
    with pytest.raises(UserError):  # a late query from a screen cannot bring an empty database back
        sync_service.pending_count(a)
    assert not (directory / "passerelle.db").exists()
