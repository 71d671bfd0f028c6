"""Issue 15: the hub sends confirmations and reminders of rendez-vous made offline on a laptop, exactly once,
to a real SMTP server and an SMS provider on 127.0.0.1; the outcome reaches another laptop by sync."""
from __future__ import annotations

import datetime as dt
import json
import threading

from sqlalchemy import select, update

from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.sync.horloge import aujourdhui
from hub import rappels
from hub.envoi import SmsFichier, SmsHttp, Smtp
from hub.models import HubMessage
from tests.support.rappels import debut, edit_rdv, messages, rdv
from tests.support.sync import add_jeune, enrolled

M = HubMessage.__table__


def _adulte(profile, **extra):
    data = dict(prenoms="Léa", nom="Martin", date_naissance=dt.date(2001, 5, 2), email="lea.martin@exemple.fr",
                telephone="0612345678", consentement_email=True, consentement_sms=True)
    data.update(extra)
    return add_jeune(profile, **data)


def _cfg(smtp=None, sms=None, heures=48):
    return rappels.Reglages(smtp=Smtp.depuis_url(smtp.url) if smtp else None, sms=sms, rappel_heures=heures)


def test_confirmation_and_48h_reminder_sent_once_each_and_outcome_reaches_laptop_b(hub, tmp_path, smtp):
    sid = hub.structure("Mission Locale des Deux Rives")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    jeune = _adulte(a)
    jour = aujourdhui(a) + dt.timedelta(days=6)
    rdv_id = rdv(a, jeune, jour)  # offline: the hub knows nothing yet
    sms_dir = tmp_path / "sms"
    assert rappels.tourner(hub.engine, _cfg(smtp, SmsFichier(sms_dir))).crees == 0
    sync_service.sync_once(a)

    maintenant = debut(jour) - dt.timedelta(days=5)
    first = rappels.tourner(hub.engine, _cfg(smtp, SmsFichier(sms_dir)), maintenant)
    assert (first.crees, first.envoyes) == (2, 2)  # confirmation by e-mail and by SMS
    again = rappels.tourner(hub.engine, _cfg(smtp, SmsFichier(sms_dir)), maintenant + dt.timedelta(minutes=5))
    assert (again.crees, again.envoyes) == (0, 0)
    assert len(smtp.messages) == 1 and len(list(sms_dir.glob("*.json"))) == 1
    mail = smtp.messages[0]
    assert mail["To"] == "lea.martin@exemple.fr" and "Confirmation de rendez-vous" in mail["Subject"]
    body = smtp.bodies()[0]
    assert f"{jour:%d/%m/%Y}" in body and "10h00" in body and "Pièce d'identité et CV" in body
    assert "12 rue des Lilas" in body and "Mission Locale des Deux Rives" in body and "NOTE-SECRETE" not in body

    # 47 h before: the reminder, once, even across a « restart » (new settings, new worker name)
    rappel_at = debut(jour) - dt.timedelta(hours=47)
    for worker in ("hub-1", "hub-2"):
        rappels.tourner(hub.engine, _cfg(smtp, SmsFichier(sms_dir)), rappel_at, qui=worker)
    assert len(smtp.messages) == 2 and "Rappel de rendez-vous" in smtp.messages[1]["Subject"]
    sms = sorted((json.loads(p.read_text(encoding="utf-8")) for p in sms_dir.glob("*.json")), key=lambda m: m["text"])
    assert len(sms) == 2 and {m["to"] for m in sms} == {"0612345678"}
    assert all(f"{jour:%d/%m/%Y}" in m["text"] and "NOTE" not in m["text"] for m in sms)

    sync_service.sync_once(b)
    seen = messages(b, jeune)
    assert sorted((m.type, m.canal, m.statut) for m in seen) == [
        ("confirmation", "email", "envoye"), ("confirmation", "sms", "envoye"),
        ("rappel", "email", "envoye"), ("rappel", "sms", "envoye")]
    assert all(m.rendez_vous_id == rdv_id and m.tentatives == 1 and m.date_envoi for m in seen)


def test_minor_reminder_goes_to_the_guardian(hub_sqlite, tmp_path, smtp):
    hub = hub_sqlite
    sid = hub.structure("ML Nord")
    a = enrolled(hub, tmp_path, "alice", sid)
    jour = aujourdhui(a) + dt.timedelta(days=4)
    mineur = add_jeune(a, prenoms="Noé", nom="Petit", date_naissance=jour.replace(year=jour.year - 16),
                       email="noe@exemple.fr", representant_email="parent.petit@exemple.fr",
                       consentement_email=True)
    rdv(a, mineur, jour)
    sync_service.sync_once(a)
    rappels.tourner(hub.engine, _cfg(smtp), debut(jour) - dt.timedelta(hours=40))  # booked inside the window
    assert [m["To"] for m in smtp.messages] == ["parent.petit@exemple.fr"]
    assert "Noé" in smtp.bodies()[0]
    sync_service.sync_once(a)
    (m,) = messages(a, mineur)
    assert (m.destinataire, m.adresse, m.statut) == ("representant", "parent.petit@exemple.fr", "envoye")


def test_no_consent_no_message_and_no_guardian_address_refused(hub_sqlite, tmp_path, smtp):
    hub = hub_sqlite
    sid = hub.structure("ML Sud")
    a = enrolled(hub, tmp_path, "alice", sid)
    jour = aujourdhui(a) + dt.timedelta(days=10)
    sans = _adulte(a, prenoms="Sam", consentement_email=False, consentement_sms=False)
    mineur = add_jeune(a, prenoms="Inès", nom="Roux", date_naissance=jour.replace(year=jour.year - 15),
                       consentement_email=True)  # consent, but no guardian e-mail
    rdv(a, sans, jour)
    rdv(a, mineur, jour, debut="14:00", fin="14:30")
    sync_service.sync_once(a)
    bilan = rappels.tourner(hub.engine, _cfg(smtp, SmsFichier(tmp_path / "sms")), debut(jour) - dt.timedelta(days=9))
    assert smtp.messages == [] and not (tmp_path / "sms").exists()
    with hub.engine.connect() as conn:
        rows = conn.execute(select(M.c.jeune_id, M.c.statut)).all()
    assert [tuple(r) for r in rows] == [(mineur, "refuse")] and bilan.envoyes == 0
    sync_service.sync_once(a)
    assert messages(a, sans) == []
    (refus,) = messages(a, mineur)
    assert refus.statut == "refuse" and "représentant légal" in refus.raison


def test_smtp_down_retried_with_back_off_then_sent_once(hub_sqlite, tmp_path, smtp):
    hub = hub_sqlite
    sid = hub.structure("ML Est")
    a, b = enrolled(hub, tmp_path, "alice", sid), enrolled(hub, tmp_path, "bruno", sid)
    jeune = _adulte(a, consentement_sms=False)
    jour = aujourdhui(a) + dt.timedelta(days=7)
    rdv(a, jeune, jour)
    sync_service.sync_once(a)
    from tests.support.sync import free_port

    down = rappels.Reglages(smtp=Smtp("127.0.0.1", free_port(), "accueil@ml.fr", starttls=False))
    t0 = debut(jour) - dt.timedelta(days=6)
    first = rappels.tourner(hub.engine, down, t0)
    assert (first.crees, first.echecs) == (1, 1) and "injoignable" in first.details[0]
    assert rappels.tourner(hub.engine, down, t0 + dt.timedelta(seconds=30)).echecs == 0  # back-off: not yet
    assert rappels.tourner(hub.engine, down, t0 + dt.timedelta(seconds=61)).echecs == 1  # 2nd attempt
    with hub.engine.connect() as conn:
        row = conn.execute(select(M)).one()
    assert row.tentatives == 2 and rappels._aware(row.prochain_essai) == t0 + dt.timedelta(seconds=61 + 120)
    sync_service.sync_once(a)
    sync_service.sync_once(b)
    (m,) = messages(b, jeune)
    assert m.statut == "echec" and m.tentatives == 2 and "connexion refusée" in m.raison and m.prochain_essai

    up = _cfg(smtp)
    assert rappels.tourner(hub.engine, up, t0 + dt.timedelta(seconds=100)).envoyes == 0  # still waiting
    assert rappels.tourner(hub.engine, up, t0 + dt.timedelta(seconds=200)).envoyes == 1
    assert rappels.tourner(hub.engine, up, t0 + dt.timedelta(seconds=400)).envoyes == 0
    assert len(smtp.messages) == 1
    sync_service.sync_once(b)
    (m,) = messages(b, jeune)
    assert (m.statut, m.tentatives, m.raison, m.prochain_essai) == ("envoye", 3, None, None)


def test_http_sms_provider_stub_receives_the_sms_once_with_its_token(hub_sqlite, tmp_path, sms_stub):
    hub = hub_sqlite
    sid = hub.structure("ML Ouest")
    a = enrolled(hub, tmp_path, "alice", sid)
    jeune = _adulte(a, consentement_email=False)
    jour = aujourdhui(a) + dt.timedelta(days=3)
    rdv(a, jeune, jour)
    sync_service.sync_once(a)
    cfg = rappels.Reglages(sms=SmsHttp(sms_stub.url, "jeton-secret"))
    sms_stub.status = 503
    assert rappels.tourner(hub.engine, cfg, debut(jour) - dt.timedelta(days=2)).echecs == 1
    sms_stub.status = 200
    rappels.tourner(hub.engine, cfg, debut(jour) - dt.timedelta(days=2) + dt.timedelta(minutes=2))
    rappels.tourner(hub.engine, cfg, debut(jour) - dt.timedelta(days=2) + dt.timedelta(minutes=3))
    assert len(sms_stub.received) == 2  # the refused attempt, then the accepted one
    headers, body = sms_stub.received[-1]
    assert headers["Authorization"] == "Bearer jeton-secret" and body["to"] == "0612345678"
    assert "Confirmation" not in body["text"] and "rendez-vous confirmé" in body["text"]


def test_two_workers_at_once_and_an_interrupted_send_never_send_twice(hub_sqlite, tmp_path, smtp):
    hub = hub_sqlite
    sid = hub.structure("ML Centre")
    a = enrolled(hub, tmp_path, "alice", sid)
    jour = aujourdhui(a) + dt.timedelta(days=8)
    ids = [_adulte(a, prenoms=f"P{i}", consentement_sms=False, email=f"p{i}@exemple.fr") for i in range(6)]
    for i, jid in enumerate(ids):
        rdv(a, jid, jour, debut=f"{9 + i}:00", fin=f"{9 + i}:30")
    sync_service.sync_once(a)
    t0 = debut(jour) - dt.timedelta(days=7)
    cfg = _cfg(smtp)
    rappels.planifier(hub.engine, cfg, t0)
    workers = [threading.Thread(target=rappels.envoyer, args=(hub.engine, cfg, t0, f"w{i}")) for i in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(m["To"] for m in smtp.messages) == sorted(f"p{i}@exemple.fr" for i in range(6))

    # a process stopped while handing a message over: never resent, recorded as failed
    extra = _adulte(a, prenoms="Zoé", consentement_sms=False, email="zoe@exemple.fr")
    rdv(a, extra, jour, debut="17:00", fin="17:30")
    sync_service.sync_once(a)
    rappels.planifier(hub.engine, cfg, t0)
    with hub.engine.begin() as conn:
        conn.execute(update(M).where(M.c.jeune_id == extra).values(statut="envoi", bail_par="mort",
                                                                   bail_jusqu_a=t0 + rappels.BAIL))
    rappels.tourner(hub.engine, cfg, t0 + dt.timedelta(minutes=10))
    assert len(smtp.messages) == 6
    sync_service.sync_once(a)
    (m,) = messages(a, extra)
    assert m.statut == "echec" and "interrompu" in m.raison


def test_change_and_cancellation_notices(hub_sqlite, tmp_path, smtp):
    hub = hub_sqlite
    sid = hub.structure("ML Plaine")
    a = enrolled(hub, tmp_path, "alice", sid)
    jeune = _adulte(a, consentement_sms=False)
    jour = aujourdhui(a) + dt.timedelta(days=9)
    rdv_id = rdv(a, jeune, jour)
    sync_service.sync_once(a)
    t0 = debut(jour) - dt.timedelta(days=8)
    cfg = _cfg(smtp)
    rappels.tourner(hub.engine, cfg, t0)
    edit_rdv(a, rdv_id, heure_debut=dt.time(11, 0), heure_fin=dt.time(11, 30))
    sync_service.sync_once(a)
    rappels.tourner(hub.engine, cfg, t0 + dt.timedelta(hours=1))
    rappels.tourner(hub.engine, cfg, t0 + dt.timedelta(hours=2))
    edit_rdv(a, rdv_id, statut="annule")
    sync_service.sync_once(a)
    rappels.tourner(hub.engine, cfg, t0 + dt.timedelta(hours=3))
    rappels.tourner(hub.engine, cfg, t0 + dt.timedelta(hours=4))
    sujets = [m["Subject"].split(" du ")[0] for m in smtp.messages]
    assert sujets == ["Confirmation de rendez-vous", "Rendez-vous modifié", "Rendez-vous annulé"]
    assert "11h00" in smtp.bodies()[1]


def test_hub_cli_rappels_once(hub_sqlite, hub_sqlite_url, tmp_path, smtp, capsys, monkeypatch):
    from hub import cli

    monkeypatch.delenv("PASSERELLE_HUB_SMTP", raising=False)
    assert cli.main(["--database", hub_sqlite_url, "rappels", "--once"]) == 2
    assert "aucun canal" in capsys.readouterr().err
    hub = hub_sqlite
    sid = hub.structure("ML Cron")
    a = enrolled(hub, tmp_path, "alice", sid)
    rdv(a, _adulte(a, consentement_sms=False), aujourdhui(a) + dt.timedelta(days=20))
    sync_service.sync_once(a)
    monkeypatch.setenv("PASSERELLE_HUB_SMTP", smtp.url)
    assert cli.main(["--database", hub_sqlite_url, "rappels", "--once"]) == 0
    assert "1 message(s) préparé(s), 1 envoyé(s)" in capsys.readouterr().out
    assert cli.main(["--database", hub_sqlite_url, "rappels", "--once", "--rappel-heures", "0"]) == 1
    assert "entre 1 et 336" in capsys.readouterr().err
    assert len(smtp.messages) == 1


def test_the_server_loop_sends_in_the_background_and_stops(hub_sqlite, tmp_path, smtp):
    """« serve » runs this loop beside uvicorn when a channel is configured (wall clock: a coming rendez-vous)."""
    import time

    hub = hub_sqlite
    sid = hub.structure("ML Boucle")
    a = enrolled(hub, tmp_path, "alice", sid)
    rdv(a, _adulte(a, consentement_sms=False), aujourdhui(a) + dt.timedelta(days=15))
    sync_service.sync_once(a)
    boucle = rappels.Boucle(hub.engine, _cfg(smtp), intervalle=0.2).demarrer()
    try:
        deadline = time.monotonic() + 60
        while not smtp.messages and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        boucle.arreter()
    assert not boucle.thread.is_alive()
    assert len(smtp.messages) == 1 and "Confirmation" in smtp.messages[0]["Subject"]


def test_a_laptop_cannot_rewrite_the_outcome_of_a_message(hub_sqlite, tmp_path, smtp):
    hub = hub_sqlite
    sid = hub.structure("ML Droits")
    a = enrolled(hub, tmp_path, "alice", sid)
    jeune = _adulte(a, consentement_sms=False)
    jour = aujourdhui(a) + dt.timedelta(days=5)
    rdv(a, jeune, jour)
    sync_service.sync_once(a)
    rappels.tourner(hub.engine, _cfg(smtp), debut(jour) - dt.timedelta(days=4))
    sync_service.sync_once(a)
    (m,) = messages(a, jeune)
    from desktop_app.db.models import MessageRendezVous

    with a.session() as s:
        s.get(MessageRendezVous, m.id).statut = "refuse"
        s.commit()
    sync_service.sync_once(a)
    (q,) = sync_service.list_quarantine(a)
    assert "tenus par le serveur" in q.reason
    with hub.engine.connect() as conn:
        from hub.models import HubRecord

        R = HubRecord.__table__
        values = conn.execute(select(R.c["values"]).where(R.c.row_id == m.id)).scalar_one()
    assert values["statut"] == "envoye"
