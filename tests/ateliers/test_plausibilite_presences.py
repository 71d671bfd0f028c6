"""Attendance is noted from the day of the session on (issue 14, « Impossible dates accepted »): the rule with its
boundary, its enforcement in the service (the hub-corrected date, nothing written, indicators unchanged), the
session moved to the future, the value received by sync (stored), and the grid (French message, nothing stored)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import Actualite, AtelierParticipation
from desktop_app.domain.plausibilite import presence_future
from desktop_app.domain.saisie import SaisieInvalide
from desktop_app.services.ateliers import seances as S
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.horloge import DAY, skew_clock
from tests.support.mobilite import jeunes
from tests.support.vues import show_widget

TODAY = dt.date(2026, 6, 10)


def test_rule_today_allowed_tomorrow_refused():
    assert presence_future(TODAY, TODAY) is None
    assert presence_future(TODAY - dt.timedelta(days=30), TODAY) is None
    assert presence_future(None, TODAY) is None
    assert presence_future(TODAY + dt.timedelta(days=1), TODAY) == (
        "La séance du 11/06/2026 n'a pas encore eu lieu : la présence se note à partir du jour même.")


def _session(profile, day: dt.date):
    atelier = S.plan_atelier(profile, {"date": day, "heure_debut": "14:00", "heure_fin": "16:00"})
    j1, j2 = jeunes(profile, 2)
    p1, p2 = S.enrol(profile, atelier.id, [j1.id, j2.id])
    return atelier, p1, p2


def _stored(profile, participation_id):
    with profile.session() as s:
        p = s.get(AtelierParticipation, participation_id)
        actualites = s.scalars(select(Actualite).where(Actualite.atelier_id == p.atelier_id,
                                                       Actualite.jeune_id == p.jeune_id,
                                                       Actualite.deleted == False)).all()  # noqa: E712
        return p.present, [a.date for a in actualites]


def _indicateurs(profile, day):
    from desktop_app.services.indicateurs.calcul import Periode, calculer

    result = calculer(profile, Periode.personnalisee(day.replace(month=1, day=1), day.replace(month=12, day=31)))
    ateliers = next(t for t in result.tableaux if t.cle == "ateliers")
    presences = next(line for line in ateliers.lignes if line.cle == "presences").valeurs[0]
    accompagnes = result.tableaux[0].lignes[1].valeurs[0]
    return presences, accompagnes


def test_ticking_tomorrows_session_is_refused_and_nothing_is_written(profile):
    atelier, p1, p2 = _session(profile, TODAY + dt.timedelta(days=1))
    for present in (True, False):
        with pytest.raises(SaisieInvalide) as refused:
            S.set_presence(profile, p1.id, present, today=TODAY)
        assert refused.value.errors == {"present": "La séance du 11/06/2026 n'a pas encore eu lieu : la présence "
                                                   "se note à partir du jour même."}
    assert _stored(profile, p1.id) == (None, [])
    assert _indicateurs(profile, TODAY) == (0, 0)  # no future « Atelier » actualité counted
    S.set_presence(profile, p1.id, None, today=TODAY)  # clearing stays possible
    assert _stored(profile, p1.id) == (None, [])


def test_ticking_todays_session_is_fine(profile):
    atelier, p1, p2 = _session(profile, TODAY)
    S.set_presence(profile, p1.id, True, today=TODAY)
    S.set_presence(profile, p2.id, False, today=TODAY)
    assert _stored(profile, p1.id) == (True, [TODAY])
    assert _stored(profile, p2.id) == (False, [])


def test_the_reference_day_is_the_hub_corrected_date(profile):
    """A laptop whose clock is 3 days ahead (the hub told it): a session in 2 days is still in the future."""
    skew_clock(profile, 3 * DAY)
    profile.clock.offset_ms = -3 * DAY
    real_today = dt.date.today()
    assert aujourdhui(profile) == real_today
    _, p1, _ = _session(profile, real_today + dt.timedelta(days=2))
    with pytest.raises(SaisieInvalide):
        S.set_presence(profile, p1.id, True)  # the laptop's own date would have said « past »
    assert _stored(profile, p1.id) == (None, [])


def test_a_session_with_attendance_cannot_move_to_the_future_and_its_actualites_follow_a_move(profile):
    atelier, p1, _ = _session(profile, dt.date.today() - dt.timedelta(days=3))
    S.set_presence(profile, p1.id, True)
    with pytest.raises(SaisieInvalide) as refused:
        S.plan_atelier(profile, {"date": dt.date.today() + dt.timedelta(days=7)}, atelier_id=atelier.id)
    assert "n'a pas encore eu lieu" in refused.value.errors["date"]
    moved = dt.date.today() - dt.timedelta(days=5)
    S.plan_atelier(profile, {"date": moved}, atelier_id=atelier.id)
    assert _stored(profile, p1.id) == (True, [moved])
    empty = S.plan_atelier(profile, {"date": dt.date.today() - dt.timedelta(days=1)})
    S.plan_atelier(profile, {"date": dt.date.today() + dt.timedelta(days=30)}, atelier_id=empty.id)  # planning ahead


def test_sync_stores_a_future_attendance_entered_on_another_device(tmp_path, hub_sqlite):
    """Plausibility is a rule on *entry*: a tick made on another laptop (whose calendar was wrong) is stored
    as received — sync never loses data — and can then be cleared here."""
    from desktop_app.services.sync import echanges
    from tests.support.sync import enrolled

    sid = hub_sqlite.structure("Mission Locale des Deux Rives")
    a, b = enrolled(hub_sqlite, tmp_path, "anais", sid), enrolled(hub_sqlite, tmp_path, "bilal", sid)
    try:
        next_week = dt.date.today() + dt.timedelta(days=7)
        _, p1, _ = _session(a, next_week)
        S.set_presence(a, p1.id, True, today=next_week)  # A's calendar said next week
        for p in (a, b):
            echanges.sync_once(p)
        assert _stored(b, p1.id) == (True, [next_week])
        S.set_presence(b, p1.id, False)  # unticked here: back to « not noted », the actualité goes
        assert _stored(b, p1.id) == (None, [])
    finally:
        a.close()
        b.close()


def test_grid_tick_on_next_weeks_session_says_why_and_stores_nothing(qtbot, ctx, profile):
    from desktop_app.views.ateliers.ecran import AteliersScreen

    atelier, p1, _ = _session(profile, dt.date.today() + dt.timedelta(days=7))
    screen = AteliersScreen(ctx)
    show_widget(qtbot, screen)
    qtbot.waitUntil(lambda: screen.seances.list.count() == 1)
    screen.seances.list.setCurrentRow(0)
    session = screen.seances.session
    qtbot.waitUntil(lambda: session.detail is not None and len(session.detail.participants) == 2)
    row = next(r for r, p in enumerate(session.detail.participants) if p.id == p1.id)
    session.table.checkbox(row, 2).click()
    qtbot.waitUntil(session.enrol_error.isVisible)
    assert "n'a pas encore eu lieu : la présence se note à partir du jour même" in session.enrol_error.text()
    qtbot.waitUntil(lambda: not session.table.checkbox(row, 2).isChecked())  # the grid shows what is stored
    assert _stored(profile, p1.id) == (None, [])
