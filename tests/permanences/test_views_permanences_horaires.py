"""« Démarrer une permanence » late in the day: the end offered follows the start (no « de 23:30 à 17:00 »), and an
end before the start is refused beside the button, in French."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.views.permanences.demarrer import DemarrerForm
from tests.support.vues import type_text


def _form(qtbot, ctx, now: dt.datetime) -> DemarrerForm:
    form = DemarrerForm(ctx, clock=lambda: now)
    qtbot.addWidget(form)
    return form


@pytest.mark.parametrize(("now", "debut", "fin"), [
    (dt.datetime(2026, 3, 10, 9, 7), "09:00", "17:00"),     # the morning: the usual end
    (dt.datetime(2026, 3, 10, 14, 0), "14:00", "17:00"),
    (dt.datetime(2026, 3, 10, 16, 20), "16:15", "19:15"),   # after 14:00: three hours after the start
    (dt.datetime(2026, 3, 10, 20, 10), "20:00", "23:00"),
    (dt.datetime(2026, 3, 10, 23, 40), "23:30", "23:59"),   # never past midnight
])
def test_the_end_offered_follows_the_start(qtbot, ctx, now, debut, fin):
    form = _form(qtbot, ctx, now)
    assert (form.debut.text(), form.fin.text()) == (debut, fin)
    assert form.date.value() == f"{now:%d/%m/%Y}"


def test_an_end_before_the_start_is_refused_in_french(qtbot, ctx):
    form = _form(qtbot, ctx, dt.datetime(2026, 3, 10, 23, 40))
    form.show()
    type_text(qtbot, form.new_name, "Club de boxe des Rosiers")
    form.new_type.set_value("club_sport")
    form.debut.setText("18:00")
    form.fin.setText("17:00")
    with qtbot.assertNotEmitted(form.started, wait=0):
        qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "L'heure de fin doit suivre l'heure de début." in form.message.text())
    assert form.message.isVisible()
