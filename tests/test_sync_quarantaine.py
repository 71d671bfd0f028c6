"""Quarantine is a waiting room, not a bin (SYNC.md guarantees 7 and 12): a refused op keeps its record and
fields, says why and in which circumstances, and goes again — by itself when those circumstances change,
or on demand (« Renvoyer ») — or is discarded knowingly (« Abandonner »). Against a hub on 127.0.0.1."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop_app.db.models import Utilisateur
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.sync import etat as sync_status
from desktop_app.sync import clock_sync
from hub import utilisateurs
from hub.models import HubRecord
from tests.horloge_support import HOUR, skew_clock
from tests.sync_support import HubServer, enrolled, snapshot, values_only
from tests.sync_support import add_jeune as _jeune
from tests.sync_support import edit_jeune as _edit
from tests.sync_support import get_jeune as _get

WAIT = 20_000


@pytest.fixture
def hub(tmp_path):
    server = HubServer(f"sqlite:///{tmp_path / 'hub.db'}").start()
    yield server
    server.stop()


def hub_values(hub, table: str, row_id: str) -> dict:
    t = HubRecord.__table__
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.c["values"]).where(t.c.table_name == table, t.c.row_id == row_id)).first()
    return dict(row[0]) if row else {}


def _add_user(profile, nom: str) -> str:
    with profile.session() as s:
        u = Utilisateur(structure_id=profile.structure_id, nom=nom, prenom="Karim", role="conseiller")
        s.add(u)
        s.commit()
        return u.id


def _set_role(profile, user_id: str, role: str) -> None:
    with profile.session() as s:
        s.get(Utilisateur, user_id).role = role
        s.commit()


def _role(profile, user_id: str) -> str:
    with profile.session() as s:
        return s.get(Utilisateur, user_id).role


def _quiet(*profiles, rounds: int = 2) -> None:
    for _ in range(rounds):
        for p in profiles:
            sync_service.sync_once(p)


def _converged(*profiles) -> None:
    first = values_only(snapshot(profiles[0]))
    for p in profiles:
        assert sync_service.pending_count(p) == 0
        assert sync_service.list_quarantine(p) == []
        assert values_only(snapshot(p)) == first


@pytest.fixture
def refused_role(hub, tmp_path):
    """A conseiller's laptop made someone admin: the hub refuses it (« permission »)."""
    sid = hub.structure("ML Permissions")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    karim = _add_user(a, "Benali")
    _quiet(a, b, rounds=1)
    _set_role(a, karim, "admin")
    summary = sync_service.sync_once(a)
    assert summary.quarantined == 1
    return a, b, karim


def test_a_refused_op_says_why_and_keeps_its_circumstances(refused_role):
    a, _b, karim = refused_role
    (row,) = sync_service.list_quarantine(a)
    assert (row.table_name, row.row_id, row.fields, row.code) == ("utilisateur", karim, ["role"], "permission")
    assert "administrateur" in row.reason
    assert row.context["role"] == "conseiller" and row.context["schema"] >= 1 and row.context["app"]
    assert set(row.context["clocks"]) == {"role"}
    assert _role(a, karim) == "admin"  # the value waits in the record itself
    (view,) = sync_status.quarantine(a)
    assert (view.id, view.attempts, view.code) == (row.id, 0, "permission")


def test_nothing_is_resent_while_the_circumstances_are_the_same(refused_role):
    a, b, _karim = refused_role
    _quiet(a, b)
    (row,) = sync_service.list_quarantine(a)
    assert row.attempts == 0 and sync_service.pending_count(a) == 0


def test_resent_by_itself_once_the_role_is_given_then_it_converges(hub, refused_role):
    a, b, karim = refused_role
    utilisateurs.set_role(hub.engine, a.user_id, "admin")  # the administrator promotes Alice on the hub
    sync_service.sync_once(a)  # receives the new role: the circumstances differ
    _quiet(a, b)
    _converged(a, b)
    assert _role(b, karim) == "admin" == hub_values(hub, "utilisateur", karim)["role"]


def test_resend_on_demand_refused_again_counts_attempts_without_duplicates(refused_role):
    a, b, karim = refused_role
    for expected in (1, 2):
        assert sync_service.renvoyer_quarantaine(a) == 1
        assert sync_service.renvoyer_quarantaine(a) == 0  # already on its way: not queued twice
        sync_service.sync_once(a)
        (row,) = sync_service.list_quarantine(a)
        assert row.attempts == expected and row.code == "permission"
    _set_role(a, karim, "direction")  # another refused edit of the same record joins the same row
    sync_service.sync_once(a)
    (row,) = sync_service.list_quarantine(a)
    assert row.attempts == 3 and sync_service.pending_count(a) == 0


def test_abandon_discards_it_and_a_later_hub_value_replaces_it(hub, refused_role):
    a, b, karim = refused_role
    (row,) = sync_service.list_quarantine(a)
    sync_service.abandonner_quarantaine(a, row.id)
    assert sync_service.list_quarantine(a) == []
    _quiet(a, b, rounds=1)
    assert hub_values(hub, "utilisateur", karim)["role"] == "conseiller"  # never sent
    utilisateurs.set_role(hub.engine, karim, "direction")
    _quiet(a, b)
    assert _role(a, karim) == "direction" == _role(b, karim)
    _converged(a, b)


def test_ops_quarantined_for_a_clock_ahead_are_resent_after_restamping(hub, tmp_path, monkeypatch):
    """What a laptop 2 h ahead got from the code as it was: its ops quarantined « horloge_future » for ever."""
    sid = hub.structure("ML Horloge")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    jid = _jeune(b, commune="Pontoise")
    _quiet(b, a, rounds=1)
    skew_clock(a, 2 * HOUR)
    monkeypatch.setattr(clock_sync, "realign", lambda *args: 0)  # as before: no re-stamping
    monkeypatch.setattr(clock_sync, "learn_offset", lambda *args: None)
    _edit(a, jid, commune="Cergy")
    assert sync_service.sync_once(a).quarantined == 1
    assert sync_service.list_quarantine(a)[0].code == "horloge_future"
    monkeypatch.undo()  # the new code: the clock follows the hub and the waiting room empties
    skew_clock(a, 2 * HOUR)
    sync_service.sync_once(a)
    _quiet(a, b)
    assert _get(b, jid).commune == "Cergy" == hub_values(hub, "jeune", jid)["commune"]
    _converged(a, b)
    _edit(b, jid, commune="Osny")  # and a later edit elsewhere still wins
    _quiet(b, a)
    assert _get(a, jid).commune == "Osny"
    _converged(a, b)


# --- the Synchronisation screen -----------------------------------------------------------------------

@pytest.fixture
def screen_for(qtbot):
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.kit.bus import DataBus
    from desktop_app.views.shell.sections import ShellContext
    from desktop_app.views.sync.ecran import SyncScreen
    from desktop_app.views.kit.tasks import TaskRunner

    runners = []

    def make(profile):
        runner = TaskRunner()
        runners.append(runner)
        context = ShellContext(profile=profile, tasks=runner, bus=DataBus(), settings=Settings(profile.settings_path))
        screen = SyncScreen(context)
        qtbot.addWidget(screen)
        screen.show()
        qtbot.waitUntil(lambda: screen.loaded, timeout=WAIT)
        return screen

    yield make
    for runner in runners:
        runner.shutdown()


def _rows(screen) -> int:
    return screen.panel.quarantine.table.rowCount()


def test_renvoyer_and_abandonner_buttons(hub, refused_role, screen_for, qtbot, monkeypatch):
    a, b, karim = refused_role
    screen = screen_for(a)
    panel = screen.panel.quarantine
    qtbot.waitUntil(lambda: _rows(screen) == 1, timeout=WAIT)
    assert screen.panel.tabs.tabText(2) == "Quarantaine (1)"
    assert panel.resend.isEnabled() and not panel.abandon.isEnabled()  # abandon needs a selection

    utilisateurs.set_role(hub.engine, a.user_id, "admin")
    panel.resend.click()  # nothing selected: all of them
    qtbot.waitUntil(lambda: "renvoyée" in screen.panel.notice.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: not screen.controller.running, timeout=WAIT)
    assert sync_service.pending_count(a) == 1  # on its way with the next round
    sync_service.sync_once(a)  # the role arrived with that round: the op goes and is applied
    assert sync_service.list_quarantine(a) == []
    assert hub_values(hub, "utilisateur", karim)["role"] == "admin"

    utilisateurs.set_role(hub.engine, a.user_id, "conseiller")
    _quiet(a, rounds=1)
    _set_role(a, karim, "direction")  # refused again: a new row
    sync_service.sync_once(a)
    screen.reload()
    qtbot.waitUntil(lambda: _rows(screen) == 1, timeout=WAIT)
    asked = []

    def no(*args):
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    panel.table.selectRow(0)
    assert panel.abandon.isEnabled()
    panel.abandon.click()
    assert "jamais envoyée" in asked[0] and len(sync_service.list_quarantine(a)) == 1  # said no: kept
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    panel.abandon.click()
    qtbot.waitUntil(lambda: _rows(screen) == 0, timeout=WAIT)
    assert sync_service.list_quarantine(a) == [] and "abandonnée" in screen.panel.notice.text()
