"""Helpers for the reminder tests: a real SMTP server (aiosmtpd) and an HTTP SMS stub on 127.0.0.1, a
rendez-vous planned on a laptop, the rendez-vous' start as the hub sees it."""
from __future__ import annotations

import datetime as dt
import json
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

from sqlalchemy import select

from desktop_app.db.models import MessageRendezVous, RendezVous
from desktop_app.services.agenda.rendez_vous import planifier
from tests.support.sync import free_port


class SmtpServer:
    """aiosmtpd on 127.0.0.1: every message received, parsed (``messages``)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list = []
        self.port = free_port()
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
                outer.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?from=accueil%40ml-test.fr&starttls=0"

    def bodies(self) -> list[str]:
        return [m.get_body(("plain",)).get_content() for m in self.messages]


class SmsStub:
    """An HTTP SMS provider on 127.0.0.1: records each POST (headers, JSON); ``status`` is its answer."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, dict]] = []
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server API)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.received.append((dict(self.headers), json.loads(body)))
                self.send_response(outer.status)
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> SmsStub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sms"


def rdv(profile, jeune_id: str, jour: dt.date, debut: str = "10:00", fin: str = "10:45", **extra) -> str:
    data = {"jeune_ids": [jeune_id], "date": jour.isoformat(), "heure_debut": debut, "heure_fin": fin,
            "type_lieu": "agence", "intitule": "Point CEJ", "a_apporter": "Pièce d'identité et CV",
            "lieu_precision": "12 rue des Lilas, 69000 Lyon", "note": "NOTE-SECRETE à ne jamais envoyer"}
    data.update(extra)
    return planifier(profile, data).id


def edit_rdv(profile, rdv_id: str, **fields) -> None:
    with profile.session() as s:
        r = s.get(RendezVous, rdv_id)
        for k, v in fields.items():
            setattr(r, k, v)
        s.commit()


def debut(jour: dt.date, heure: str = "10:00") -> dt.datetime:
    """The rendez-vous' start as an aware UTC datetime (the hub reads local times of Europe/Paris)."""
    return dt.datetime.combine(jour, dt.time.fromisoformat(heure), tzinfo=ZoneInfo("Europe/Paris")).astimezone(dt.UTC)


def messages(profile, jeune_id: str | None = None) -> list[MessageRendezVous]:
    with profile.session() as s:
        query = select(MessageRendezVous)
        if jeune_id:
            query = query.where(MessageRendezVous.jeune_id == jeune_id)
        return list(s.scalars(query).all())
