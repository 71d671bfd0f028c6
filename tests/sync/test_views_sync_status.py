"""What the sync screens say, without a hub: enrolment checks, status sentences, French labels and values."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from desktop_app.services.sync import etat as sync_status
from desktop_app.services.sync.libelles import field_label, record_label, table_label, value_text
from desktop_app.views.sync.status import status_text, when_text


def test_enrolment_form_values_are_checked_with_french_messages(tmp_path):
    with pytest.raises(sync_status.EnrolmentInvalid) as caught:
        sync_status.check_enrolment("", "", "")
    assert set(caught.value.errors) == {"url", "code"}
    with pytest.raises(sync_status.EnrolmentInvalid) as caught:
        sync_status.check_enrolment("ftp://hub", "ABC", str(tmp_path / "absent.pem"))
    errors = caught.value.errors
    assert "https://" in errors["url"] and "6 caractères" in errors["code"] and "introuvable" in errors["ca_bundle"]
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    assert sync_status.check_enrolment(" https://hub.ml.fr/ ", " 3f9a1c-0b77e2-91d4aa ", str(ca)) == {
        "url": "https://hub.ml.fr", "code": "3F9A1C-0B77E2-91D4AA", "ca_bundle": str(ca)}


def test_status_bar_sentences():
    now = dt.datetime(2026, 11, 26, 15, 0).astimezone()
    today = now.replace(hour=14, minute=32)
    yesterday = (now - dt.timedelta(days=1)).replace(hour=17, minute=5)
    state = SimpleNamespace(running=False, last_success=None, last_error="", offline=False)
    assert status_text(state, now) == "Jamais synchronisé"
    state.last_success = today
    assert status_text(state, now) == "Synchronisé à 14:32"
    state.last_error, state.offline, state.last_success = "injoignable", True, yesterday
    assert status_text(state, now) == "Hors ligne — dernière synchronisation le 25/11/2026 à 17:05"
    state.offline = False
    assert status_text(state, now).startswith("Synchronisation impossible — dernière synchronisation le ")
    state.running = True
    assert status_text(state, now) == "Synchronisation en cours…"
    assert when_text(yesterday, now) == "le 25/11/2026 à 17:05"


def test_values_and_fields_are_worded_in_french():
    assert value_text("jeune", "date_naissance", "2005-03-14") == "14/03/2005"
    assert value_text("jeune", "logement", "autonome") == "Logement autonome"
    assert value_text("jeune", "rqth", True) == "Oui"
    assert value_text("jeune", "telephone", None) == "(vide)"
    assert value_text("versement", "montant_centimes", 12550) == "125,50 €"
    assert field_label("date_naissance") == "Date de naissance"
    assert field_label("duree_contrat_mois") == "Duree contrat mois"  # unknown: readable, never an error
    assert table_label("atelier_mobilite") == "Atelier mobilité"


def test_records_are_named_for_a_human(profile):
    from desktop_app.db.models import Actualite, Jeune

    with profile.session() as s:
        j = Jeune(structure_id=profile.structure_id, nom_naissance="N'Diaye", prenoms="Éloïse")
        s.add(j)
        s.flush()
        a = Actualite(jeune_id=j.id, date=dt.date(2026, 11, 2), conseiller_id=profile.user_id, type="entretien",
                      modalite="physique")
        s.add(a)
        s.commit()
        jid, aid = j.id, a.id
    with profile.engine.connect() as conn:
        assert record_label(conn, "jeune", jid) == "Jeune : Éloïse N'DIAYE"
        assert record_label(conn, "actualite", aid) == "Actualité d'Éloïse N'DIAYE"
        assert record_label(conn, "jeune", "absent") == "Jeune (absent de ce poste)"


def test_hlc_who_and_when(profile):
    wall = int(dt.datetime(2026, 11, 25, 17, 5).astimezone().timestamp() * 1000)
    assert sync_status.when(f"{wall:013d}.0000.{profile.device_id}") == "25/11/2026 17:05"
    assert sync_status.who(f"{wall:013d}.0000.{profile.device_id}", profile.device_id) == "Ce poste"
    assert sync_status.who(f"{wall:013d}.0003.01abcdef-9999", profile.device_id) == "Autre poste (f-9999)"


def test_unreachable_hub_probe_says_no():
    from tests.support.sync import free_port

    assert sync_status.hub_reachable(f"http://127.0.0.1:{free_port()}", timeout=1.0) is False


def _write_without_waiting(engine) -> str:
    """On another thread, try a write that refuses to wait for SQLite's lock: "ok" or "verrouillé"."""
    import threading

    from sqlalchemy.exc import OperationalError

    from desktop_app.db.meta import set_meta

    outcome: list[str] = []

    def attempt() -> None:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout = 0")
            try:
                set_meta(conn, "essai", "1")
                conn.commit()
                outcome.append("ok")
            except OperationalError:
                outcome.append("verrouillé")
            finally:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA busy_timeout = 5000")

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join()
    return outcome[0]


def test_a_sync_round_reads_and_writes_under_one_lock(profile):
    """The background round's read-then-write cannot interleave with a save from the database executor."""
    from desktop_app.db.meta import get_meta

    with profile.engine.begin() as conn:  # an ordinary transaction: reading takes no lock
        get_meta(conn, "sync_cursor")
        assert _write_without_waiting(profile.engine) == "ok"
    with sync_status.immediate_transactions(profile.engine):
        with profile.engine.begin() as conn:  # as in a round: the lock is held from the first read
            get_meta(conn, "sync_cursor")
            assert _write_without_waiting(profile.engine) == "verrouillé"
        with profile.engine.connect() as conn:  # a PRAGMA still runs outside a transaction, where it works
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            assert _write_without_waiting(profile.engine) == "ok"
    with profile.engine.begin() as conn:  # the thread is back to ordinary transactions
        get_meta(conn, "sync_cursor")
        assert _write_without_waiting(profile.engine) == "ok"
