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


def dossier_complet(profile) -> dict:
    """A jeune with a full path (dispositif, situation, proposition, freins — santé and justice among them —, an
    atelier attended, an information collective, an auto-école parcours, a parrainage) and notes that must never
    be printed; its structure has an address and a phone. Returns the ids."""
    from desktop_app.db.models import (
        Actualite, AtelierMobilite, AtelierParticipation, AutoEcole, DispositifParticipation, Frein, Jeune, Lieu,
        ParcoursAutoEcole, Parrain, Parrainage, Proposition, RencontreParrainage, Situation, Structure)

    d = dt.date(2026, 1, 12)
    with profile.session() as s:
        st = s.get(Structure, profile.structure_id)
        st.nom, st.adresse, st.code_postal, st.commune, st.telephone = (
            "Mission Locale des Deux Rives", "3 place de l'Hôtel-de-Ville", "69100", "Villeurbanne", "04 78 00 11 22")
        lieu = Lieu(structure_id=profile.structure_id, nom="Antenne Gratte-Ciel", type="antenne",
                    adresse="8 avenue Henri-Barbusse", code_postal="69100", commune="Villeurbanne")
        j = Jeune(structure_id=profile.structure_id, nom_naissance="Lefèvre", prenoms="Chloé Éléonore",
                  date_naissance=dt.date(2004, 9, 21), adresse="14 rue de l'Égalité", code_postal="69100",
                  commune="Villeurbanne", telephone="0611223344", email="chloe@exemple.fr",
                  date_premier_accueil=d, referent_id=profile.user_id, consentement_sms=True,
                  consentement_email=True, date_dernier_contact=dt.date(2026, 3, 2))
        s.add_all([lieu, j])
        s.flush()
        atelier = AtelierMobilite(structure_id=profile.structure_id, lieu_id=lieu.id, date=dt.date(2026, 2, 3),
                                  heure_debut=dt.time(9, 30), heure_fin=dt.time(12, 0), niveau="initiation")
        ae = AutoEcole(structure_id=profile.structure_id, nom="Auto-école du Rhône")
        parrain = Parrain(structure_id=profile.structure_id, nom="Moreau", prenom="Gérard", statut="actif")
        s.add_all([atelier, ae, parrain])
        s.flush()
        part = AtelierParticipation(atelier_id=atelier.id, jeune_id=j.id, present=True)
        info = Actualite(jeune_id=j.id, date=dt.date(2026, 1, 20), type="information_collective", lieu_id=lieu.id,
                         duree_minutes=90, note="NOTE-ENTRETIEN confidentielle")
        entretien = Actualite(jeune_id=j.id, date=dt.date(2026, 3, 2), type="entretien_individuel",
                              note="NOTE-ENTRETIEN très privée")
        rows = [
            part, info, entretien,
            DispositifParticipation(jeune_id=j.id, type="cej", date_debut=dt.date(2026, 2, 1),
                                    date_fin_prevue=dt.date(2027, 1, 31)),
            Situation(jeune_id=j.id, categorie="formation", date_debut=dt.date(2026, 2, 15),
                      employeur="AFPA Vénissieux"),
            Proposition(jeune_id=j.id, theme="formation", libelle="Titre professionnel préparateur de commandes",
                        partenaire="AFPA", date_proposition=dt.date(2026, 1, 25), statut="realisee"),
            Frein(jeune_id=j.id, theme="mobilite", statut="leve", date_identification=d,
                  date_statut=dt.date(2026, 2, 20)),
            Frein(jeune_id=j.id, theme="sante", statut="leve", date_identification=d, date_statut=dt.date(2026, 2, 21)),
            Frein(jeune_id=j.id, theme="justice", statut="leve", date_identification=d,
                  date_statut=dt.date(2026, 2, 22)),
            ParcoursAutoEcole(jeune_id=j.id, auto_ecole_id=ae.id, date_debut=dt.date(2026, 2, 10), statut="code_obtenu",
                              date_code=dt.date(2026, 3, 1), resultat_code="reussi"),
        ]
        p = Parrainage(jeune_id=j.id, conseiller_id=profile.user_id, parrain_id=parrain.id,
                       date_debut=dt.date(2026, 2, 5), statut="en_cours", consentement_jeune=True)
        s.add_all(rows + [p])
        s.flush()
        s.add(RencontreParrainage(parrainage_id=p.id, date=dt.date(2026, 2, 19), sujets="SUJET-PRIVE du binôme"))
        from desktop_app.db.models import ActionCollective, PresenceSeance, SeanceAction

        numerique = ActionCollective(structure_id=profile.structure_id, type="atelier_numerique",
                                     titre="Démarches en ligne", lieu_id=lieu.id)
        sante = ActionCollective(structure_id=profile.structure_id, type="prevention_sante", titre="Bien-être")
        s.add_all([numerique, sante])
        s.flush()
        seances = [SeanceAction(action_id=numerique.id, date=dt.date(2026, 2, 24), heure_debut=dt.time(14),
                                heure_fin=dt.time(16)), SeanceAction(action_id=sante.id, date=dt.date(2026, 2, 26))]
        s.add_all(seances)
        s.flush()
        presences = [PresenceSeance(seance_id=x.id, jeune_id=j.id, present=True) for x in seances]
        s.add_all(presences)
        s.commit()
        return {"jeune": j.id, "lieu": lieu.id, "participation": part.id, "info": info.id, "entretien": entretien.id,
                "seance": presences[0].id, "seance_sante": presences[1].id}
