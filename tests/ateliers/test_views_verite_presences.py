"""The attendance grid as a counsellor ticks it: the order stays put while she works (a new enrolment goes at
the bottom, « Trier par nom » re-sorts on demand), fast ticks land on the jeunes clicked, and a stored tick
shows ticked after every reload."""
from __future__ import annotations

import threading

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox

from desktop_app.services.ateliers import seances as S
from desktop_app.views.ateliers.ecran import AteliersScreen
from tests.support.mobilite import jeunes
from tests.support.vues import show_widget, type_text


def _open_session(qtbot, ctx, profile, enrolled):
    atelier = S.plan_atelier(profile, {"date": "03/12/2025", "heure_debut": "14:00", "heure_fin": "16:00"})
    S.enrol(profile, atelier.id, [j.id for j in enrolled])
    screen = show_widget(qtbot, AteliersScreen(ctx))
    panel = screen.seances
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    panel.list.setCurrentRow(0)
    session = panel.session
    qtbot.waitUntil(lambda: session.detail is not None and session.table.rowCount() == len(enrolled))
    return atelier, session, screen


def _names(session) -> list[str]:
    return [session.table.item(r, 0).text() for r in range(session.table.rowCount())]


def _presence_point(session, row: int) -> QPoint:
    """Where the pointer is over the « Présent » box of ``row`` (in the grid's viewport)."""
    return session.table.visualRect(session.table.model().index(row, 2)).center()


def _click_at(qtbot, session, point: QPoint) -> str:
    """A click of the user at ``point`` of the grid: whatever box lies there is toggled."""
    viewport = session.table.viewport()
    target = viewport.childAt(point)
    box = target if isinstance(target, QCheckBox) else target.findChild(QCheckBox)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.mapFrom(viewport, point))
    return session.table.item(session.table.rowAt(point.y()), 0).text()


def _enrol(qtbot, session, text: str) -> None:
    type_text(qtbot, session.picker.search, text)
    qtbot.waitUntil(lambda: session.picker.results.count() > 0)
    qtbot.keyClick(session.picker.search, Qt.Key.Key_Return)


def test_enrol_then_three_fast_ticks_land_on_the_jeunes_clicked(qtbot, ctx, profile):
    cœur, ndiaye, garcon, lefebvre = jeunes(profile, 4)
    atelier, session, _screen = _open_session(qtbot, ctx, profile, [cœur, ndiaye, garcon])
    assert _names(session) == ["Cœur", "Garçon", "N'Diaye"]
    aimed = [_presence_point(session, row) for row in range(3)]  # she looks at the grid, then enrols Anaïs
    _enrol(qtbot, session, "anais")
    qtbot.waitUntil(lambda: session.table.rowCount() == 4)
    assert _names(session) == ["Cœur", "Garçon", "N'Diaye", "Lefèbvre"]  # the newcomer at the bottom
    clicked = [_click_at(qtbot, session, point) for point in aimed]  # three ticks, no waiting between them
    assert clicked == ["Cœur", "Garçon", "N'Diaye"]
    wanted = {cœur.id, garcon.id, ndiaye.id}
    qtbot.waitUntil(lambda: {p.jeune_id for p in S.get_atelier(profile, atelier.id).participants if p.present}
                    == wanted)
    qtbot.waitUntil(lambda: session.detail is not None and sum(bool(p.present) for p in session.detail.participants) == 3)
    qtbot.wait(50)  # the background refreshes of the four writes land
    shown = {session.table.item(r, 0).text(): session.table.checkbox(r, 2).isChecked() for r in range(4)}
    assert shown == {"Cœur": True, "Garçon": True, "N'Diaye": True, "Lefèbvre": False}
    # « Trier par nom » puts the newcomer back in its place
    qtbot.mouseClick(session.sort_button, Qt.MouseButton.LeftButton)
    assert _names(session) == ["Cœur", "Garçon", "Lefèbvre", "N'Diaye"]
    assert [session.table.checkbox(r, 2).isChecked() for r in range(4)] == [True, True, False, True]


def test_a_tick_made_while_a_reload_is_in_flight_stays_ticked(qtbot, ctx, profile, monkeypatch):
    cœur, ndiaye = jeunes(profile, 2)
    atelier, session, _screen = _open_session(qtbot, ctx, profile, [cœur, ndiaye])
    disk = threading.Event()  # a slow disk: the tick's write waits until the test lets it go
    real = S.set_presence
    monkeypatch.setattr(S, "set_presence", lambda *a, **k: (disk.wait(10), real(*a, **k))[1])
    shown = []
    session.reload()  # a refresh read before the tick is written (another screen's write, a sync…)
    session.table.checkbox(0, 2).click()
    qtbot.waitUntil(lambda: shown.append(session.detail) or len({id(d) for d in shown}) > 1)  # the refresh landed
    assert session.table.checkbox(0, 2).isChecked()  # not shown unticked meanwhile: the next click would undo it
    disk.set()
    qtbot.waitUntil(lambda: any(p.present for p in S.get_atelier(profile, atelier.id).participants))
    qtbot.wait(100)
    assert session.table.checkbox(0, 2).isChecked()
    session.table.checkbox(0, 2).click()  # unticked: stored unticked
    qtbot.waitUntil(lambda: not any(p.present for p in S.get_atelier(profile, atelier.id).participants))
    qtbot.wait(100)
    assert not session.table.checkbox(0, 2).isChecked()
