"""« Reçues refusées » in the Synchronisation screen: a change received from the hub that this device could not
store is listed with its type, record, reason and date; an empty list says so in a sentence."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop_app.services.sync.refus import EMPTY_TEXT
from tests.support.sync import add_jeune, enrolled
from desktop_app.views.sync.quarantaine import EMPTY_TEXT as QUARANTINE_EMPTY
from tests.support.sync import poison_on_hub as _poison_on_hub
from tests.support.sync_ecran import WAIT
from tests.support.sync_ecran import idle_after as _idle_after
from tests.support.sync_ecran import sync_screen as _screen


def test_the_screen_lists_received_changes_set_aside_with_their_reason(hub_sqlite, make_window, qtbot, tmp_path):
    sid = hub_sqlite.structure("ML Reçues refusées")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    jid = add_jeune(a, nom="Durand", prenoms="Inès", date_naissance=dt.date(2004, 2, 3))
    window = make_window(a)
    controller = window.sync_status.controller
    _idle_after(controller, qtbot, 1)  # a round at start-up sends the jeune
    screen = _screen(window, qtbot)
    panel = screen.panel
    tab = panel.tabs.indexOf(panel.refused)
    assert panel.tabs.tabText(tab) == "Reçues refusées (0)"
    assert not panel.refused.empty.isHidden() and panel.refused.empty.text() == EMPTY_TEXT
    assert panel.refused.table.isHidden()

    _poison_on_hub(hub_sqlite, sid, jid, date_naissance="not-a-date")
    with qtbot.waitSignal(controller.round_finished, timeout=WAIT) as finished:
        qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].refused == 1
    assert "refusées à la réception : 1" in finished.args[0].french()
    _idle_after(controller, qtbot, 2)
    qtbot.waitUntil(lambda: panel.tabs.tabText(tab) == "Reçues refusées (1)", timeout=WAIT)
    panel.tabs.setCurrentIndex(tab)
    table = panel.refused.table
    assert panel.refused.empty.isHidden() and not table.isHidden()
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "Date", "Type", "Enregistrement", "Motif"]
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[0].count("/") == 2  # « 01/12/2026 20:30 »
    assert row[1] == "Jeune" and "Inès DURAND" in row[2]
    assert "Date de naissance : date invalide (« not-a-date »)" in row[3]
    panel.tabs.setCurrentIndex(panel.tabs.indexOf(panel.quarantine))  # nothing waits there: said in a sentence
    assert panel.quarantine.table.isHidden() and not panel.quarantine.empty.isHidden()
    assert panel.quarantine.empty.text() == QUARANTINE_EMPTY
    a.close()
