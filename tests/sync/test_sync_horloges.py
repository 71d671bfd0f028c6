"""Clocks that lie still converge (SYNC.md guarantee 12): laptops whose clocks are off by minutes, hours or
days, against a hub on a real socket. Skews are injected through each device's clock source
(:func:`tests.support.horloge.skew_clock`), and once for a whole process under Debian's ``faketime``."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.sync.horloge import duration_text, notice
from desktop_app.sync.hlc import HybridClock, Timestamp
from hub.models import HubRecord
from tests.support.horloge import DAY, HOUR, MINUTE, real_ms, skew_clock
from tests.support.sync import enrolled, snapshot, values_only
from tests.support.sync import add_jeune as _jeune
from tests.support.sync import edit_jeune as _edit
from tests.support.sync import get_jeune as _get

ROOT = Path(__file__).resolve().parents[2]


def hub_value(hub, jid: str, field: str):
    t = HubRecord.__table__
    with hub.engine.connect() as conn:
        row = conn.execute(select(t.c["values"]).where(t.c.table_name == "jeune", t.c.row_id == jid)).first()
    return row[0].get(field) if row else None


def quiet_rounds(*profiles, rounds: int = 2) -> None:
    for _ in range(rounds):
        for p in profiles:
            sync_service.sync_once(p)


def assert_converged(hub, profiles, jid: str, commune: str) -> None:
    quiet_rounds(*profiles)
    for p in profiles:
        assert _get(p, jid).commune == commune
        assert sync_service.pending_count(p) == 0
        assert sync_service.list_quarantine(p) == []
    assert hub_value(hub, jid, "commune") == commune
    first = values_only(snapshot(profiles[0]))
    assert all(values_only(snapshot(p)) == first for p in profiles[1:])


# --- the clock itself ---------------------------------------------------------------------------------

def test_observe_always_moves_past_a_received_clock_whatever_the_local_time():
    clock = HybridClock("b", physical=lambda: 1_000_000)
    far = Timestamp(1_000_000 + 3 * DAY, 5, "a").encode()
    clock.observe(far)  # used to raise ClockDriftError: the next edit then lost to what it followed
    assert clock.now() > far


def test_the_clock_stamps_with_hub_time_once_the_offset_is_known():
    clock = HybridClock("b", physical=lambda: 1_000_000, offset_ms=2 * HOUR)
    assert Timestamp.decode(clock.now()).wall_ms == 1_000_000 + 2 * HOUR


def test_rewind_refuses_when_a_clock_was_issued_meanwhile():
    clock = HybridClock("b", physical=lambda: 5_000)
    seen = clock.last
    clock.now()
    assert not clock.rewind(Timestamp(1, 0, "b").encode(), if_last=seen)


def test_every_hub_answer_carries_its_time_errors_too(hub_sqlite):
    import httpx

    before = real_ms()
    for path in ("/v1/health", "/v1/nulle-part"):
        response = httpx.get(hub_sqlite.url + path)
        assert before <= int(response.headers["X-Passerelle-Heure"]) <= real_ms()
    refused = httpx.get(hub_sqlite.url + "/v1/sync/pull")  # no versions, no token: a 400 refusal
    assert refused.status_code >= 400 and "X-Passerelle-Heure" in refused.headers


# --- scenarios ----------------------------------------------------------------------------------------

def test_device_30_minutes_behind_its_later_edit_wins(hub_sqlite, tmp_path):
    sid = hub_sqlite.structure("ML Nord")
    a, b = enrolled(hub_sqlite, tmp_path, "alice", sid), enrolled(hub_sqlite, tmp_path, "bruno", sid)
    skew_clock(b, -30 * MINUTE)
    jid = _jeune(a, commune="Pontoise")
    sync_service.sync_once(a)
    sync_service.sync_once(b)
    _edit(b, jid, commune="Évry-Courcouronnes")  # made after B received « Pontoise »: it must win
    assert_converged(hub_sqlite, [a, b], jid, "Évry-Courcouronnes")
    assert sync_service.list_conflicts(a) == []


def test_a_pair_5_minutes_ahead_and_6_behind(hub_sqlite, tmp_path):
    sid = hub_sqlite.structure("ML Sud")
    a, b = enrolled(hub_sqlite, tmp_path, "alice", sid), enrolled(hub_sqlite, tmp_path, "bruno", sid)
    skew_clock(a, 5 * MINUTE)
    skew_clock(b, -6 * MINUTE)
    jid = _jeune(a, commune="Pontoise")
    sync_service.sync_once(a)
    sync_service.sync_once(b)
    _edit(b, jid, commune="Évry-Courcouronnes")
    assert_converged(hub_sqlite, [a, b], jid, "Évry-Courcouronnes")
    _edit(a, jid, commune="Cergy")  # and back the other way
    sync_service.sync_once(a)
    sync_service.sync_once(b)
    _edit(b, jid, commune="Osny")
    assert_converged(hub_sqlite, [a, b], jid, "Osny")


def test_device_2_hours_ahead_offline_then_corrected(hub_sqlite, tmp_path):
    sid = hub_sqlite.structure("ML Est")
    a, b = enrolled(hub_sqlite, tmp_path, "alice", sid), enrolled(hub_sqlite, tmp_path, "bruno", sid)
    jid = _jeune(b, commune="Pontoise")
    quiet_rounds(b, a, rounds=1)
    skew_clock(a, 2 * HOUR)
    _edit(a, jid, commune="Cergy")  # offline, before A has heard of the hub's time
    summary = sync_service.sync_once(a)
    assert summary.quarantined == 0  # re-stamped to hub time before being sent
    assert "2 h 00 d'avance" in summary.clock_notice
    sync_service.sync_once(b)
    _edit(b, jid, commune="Osny")  # B's later edit wins over A's (once stamped 2 h ahead)
    assert_converged(hub_sqlite, [a, b], jid, "Osny")
    skew_clock(a, 0)  # the clock is corrected: new edits still go through
    _edit(a, jid, commune="Argenteuil")
    assert_converged(hub_sqlite, [a, b], jid, "Argenteuil")
    assert sync_service.clock_notice(a) == ""


@pytest.mark.parametrize("skew", [3 * DAY, -3 * DAY])
def test_laptops_three_days_off_converge(hub_sqlite, tmp_path, skew):
    sid = hub_sqlite.structure("ML Ouest")
    a, b, c = (enrolled(hub_sqlite, tmp_path, n, sid) for n in ("alice", "bruno", "chloe"))
    skew_clock(a, skew)
    skew_clock(b, -skew)
    jid = _jeune(c, commune="Pontoise")
    _edit(a, _jeune(a, commune="Mantes"), prenoms="Inès")  # offline work under the wrong date
    quiet_rounds(c, a, b, rounds=1)
    _edit(a, jid, commune="Cergy")
    sync_service.sync_once(a)
    sync_service.sync_once(b)
    _edit(b, jid, commune="Évry-Courcouronnes")
    sync_service.sync_once(b)
    sync_service.sync_once(c)
    _edit(c, jid, commune="Osny")
    assert_converged(hub_sqlite, [a, b, c], jid, "Osny")
    assert "3 jours" in sync_service.clock_notice(a)


def test_a_future_clock_the_hub_may_hold_is_never_given_again(hub_sqlite, tmp_path):
    """8 min ahead: the hub accepts those clocks (within its 10 min tolerance), so the device must not go
    back below them — its next edit of the same field still wins on the hub."""
    sid = hub_sqlite.structure("ML Centre")
    a, b = enrolled(hub_sqlite, tmp_path, "alice", sid), enrolled(hub_sqlite, tmp_path, "bruno", sid)
    jid = _jeune(b, commune="Pontoise")
    quiet_rounds(b, a, rounds=1)
    skew_clock(a, 8 * MINUTE)
    _edit(a, jid, commune="Cergy")
    sync_service.sync_once(a)
    _edit(a, jid, commune="Osny")  # after the offset is known
    assert_converged(hub_sqlite, [a, b], jid, "Osny")
    assert sync_service.list_conflicts(b) == []


# --- what the counsellor reads ------------------------------------------------------------------------

def test_notice_wording():
    now = real_ms()
    assert notice(-(2 * HOUR + 3 * MINUTE), now).startswith("L'horloge de ce poste a 2 h 03 d'avance : il est ")
    assert "de retard" in notice(30 * MINUTE, now)
    assert notice(4 * MINUTE, now) == "" and notice(None, now) == ""
    assert duration_text(3 * DAY + 2 * HOUR) == "3 jours 2 h"
    assert duration_text(7 * MINUTE) == "7 min"


def test_cli_info_says_the_clock_is_off(hub_sqlite, tmp_path, capsys):
    from desktop_app.cli import main

    sid = hub_sqlite.structure("ML CLI")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    skew_clock(a, -(2 * HOUR + 3 * MINUTE))
    sync_service.sync_once(a)
    a.close()
    assert main(["--profile", str(tmp_path / "alice"), "info"]) == 0
    out = capsys.readouterr().out
    assert "de retard : il est " in out and "au serveur" in out


# --- a whole process under a false time (Debian's faketime) --------------------------------------------

FAKETIME = shutil.which("faketime")


@pytest.mark.skipif(FAKETIME is None, reason="faketime absent (paquet Debian « faketime ») : test sous fausse "
                                             "heure ignoré")
@pytest.mark.parametrize(("spec", "skew", "said"), [("-30m", -30 * MINUTE, "30 min de retard"),
                                                    ("+3d", 3 * DAY, "3 jours d'avance")])
def test_device_process_under_faketime(hub_sqlite, tmp_path, spec, skew, said):
    sid = hub_sqlite.structure("ML Faketime")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    env = {**os.environ, "FAKETIME_DONT_FAKE_MONOTONIC": "1", "PYTHONPATH": str(ROOT),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PASSERELLE_PASSPHRASE", None)
    worker = subprocess.Popen([FAKETIME, "-f", spec, sys.executable, "-m", "tests.support.horloge_poste"],
                              cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(**command):
        worker.stdin.write(json.dumps(command) + "\n")
        worker.stdin.flush()
        answer = json.loads(worker.stdout.readline())
        assert "erreur" not in answer, answer
        return answer

    try:
        assert abs(ask(op="create", dir=str(tmp_path / "bruno"))["local_ms"] - real_ms() - skew) < 5 * MINUTE
        ask(op="enroll", url=hub_sqlite.url, code=hub_sqlite.code(sid, "bruno"))
        jid = _jeune(a, commune="Pontoise")
        sync_service.sync_once(a)
        first = ask(op="sync")
        ask(op="edit", id=jid, commune="Évry-Courcouronnes")
        for _ in range(2):
            sync_service.sync_once(a)
            ask(op="sync")
        sync_service.sync_once(a)
        state = ask(op="state", id=jid)
        assert state == {"commune": "Évry-Courcouronnes", "pending": 0, "quarantine": 0}
        assert _get(a, jid).commune == "Évry-Courcouronnes" == hub_value(hub_sqlite, jid, "commune")
        assert first["notice"].startswith(f"L'horloge de ce poste a {said} : il est ")
        ask(op="quit")
    finally:
        worker.stdin.close()
        worker.wait(30)


def test_status_bar_says_the_clock_is_off(hub_sqlite, tmp_path):
    from types import SimpleNamespace

    from desktop_app.services.sync import etat as sync_status
    from desktop_app.views.sync.status import status_text

    sid = hub_sqlite.structure("ML Barre")
    a = enrolled(hub_sqlite, tmp_path, "alice", sid)
    skew_clock(a, 2 * HOUR + 3 * MINUTE)
    summary = sync_service.sync_once(a)
    assert sync_status.overview(a).clock_notice == summary.clock_notice
    state = SimpleNamespace(running=False, last_error="", offline=False, last_success=real_ms_datetime(),
                            clock_notice=summary.clock_notice)
    text = status_text(state)
    assert text.startswith("Synchronisé à ")
    assert "— L'horloge de ce poste a 2 h 03 d'avance : il est " in text and text.endswith("au serveur.")


def real_ms_datetime():
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def test_profile_made_before_clock_tracking_goes_back_only_to_the_safe_bound(hub_sqlite, tmp_path):
    """No record of what it saw or sent: the newest clock its records hold (below what the hub may store)
    stands for it, and the clocks beyond (surely refused) are re-stamped."""
    from desktop_app.sync import clock_sync

    sid = hub_sqlite.structure("ML Ancien")
    a, b = enrolled(hub_sqlite, tmp_path, "alice", sid), enrolled(hub_sqlite, tmp_path, "bruno", sid)
    jid = _jeune(b, commune="Pontoise")
    quiet_rounds(b, a, rounds=1)
    with a.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM profile_meta WHERE key IN ('hlc_tracked', 'hlc_seen', 'hlc_sent')")
    skew_clock(a, 3 * HOUR)
    _edit(a, jid, commune="Cergy")
    assert sync_service.sync_once(a).quarantined == 0
    wall = Timestamp.decode(a.clock.last).wall_ms
    assert wall < real_ms() + MINUTE  # back to hub time: nothing it holds lies beyond
    assert clock_sync.MAX_DRIFT_MS < 3 * HOUR
    sync_service.sync_once(b)
    _edit(b, jid, commune="Osny")
    assert_converged(hub_sqlite, [a, b], jid, "Osny")
