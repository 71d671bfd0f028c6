"""The messages of a jeune's rendez-vous (confirmation, rappel, modification, annulation), as received from the hub:
what was sent, when, to whom, and why a message failed or was refused (« Messages envoyés » in the dossier)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from desktop_app.db.models import Jeune, MessageRendezVous, RendezVous
from desktop_app.db.queries import vivant
from desktop_app.domain.formats import format_date
from desktop_app.domain.rappels import CanalMessage, DestinataireMessage, StatutMessage, TypeMessage
from desktop_app.security.permissions import exiger

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class MessageVue:
    id: str
    rendez_vous: str  # « 11/12/2026 14h30 — Point CEJ »
    type: str
    canal: str
    destinataire: str  # « Le jeune (lea@exemple.fr) »
    etat: str  # « Envoyé le 09/12/2026 à 10h02 », « Échec (2 essais) »…
    detail: str  # the reason of a failure or refusal, the next attempt


def _moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(PARIS)
    return f"{format_date(local.date())} à {local:%Hh%M}"


def _etat(m: MessageRendezVous) -> tuple[str, str]:
    if m.statut == "envoye":
        return f"Envoyé le {_moment(m.date_envoi)}", ""
    if m.statut == "echec":
        essais = f" ({m.tentatives} essai{'s' if m.tentatives > 1 else ''})" if m.tentatives else ""
        suite = f" Nouvel essai le {_moment(m.prochain_essai)}." if m.prochain_essai else ""
        return f"Échec{essais}", f"{m.raison or ''}{suite}".strip()
    return StatutMessage.label_of(m.statut), m.raison or ""


def consentements(profile, jeune_id: str) -> str:
    """What the jeune agreed to be reminded on (shown above the messages)."""
    exiger(profile, "jeune.lire")
    with profile.session() as s:
        j = s.get(Jeune, jeune_id)
        canaux = [c for c, ok in (("e-mail", j and j.consentement_email), ("SMS", j and j.consentement_sms)) if ok]
    if not canaux:
        return "Aucun consentement enregistré : aucun rappel n'est envoyé à ce jeune (ni e-mail ni SMS)."
    return f"Rappels envoyés par le serveur avec le consentement du jeune : {' et '.join(canaux)}."


def messages_du_jeune(profile, jeune_id: str) -> list[MessageVue]:
    """The jeune's messages, latest rendez-vous first."""
    exiger(profile, "jeune.lire")
    with profile.session() as s:
        rows = s.execute(select(MessageRendezVous, RendezVous).join(
            RendezVous, RendezVous.id == MessageRendezVous.rendez_vous_id).where(
            MessageRendezVous.jeune_id == jeune_id, vivant(MessageRendezVous))
            .order_by(RendezVous.date.desc(), RendezVous.heure_debut.desc(), MessageRendezVous.created_at)).all()
        out = []
        for m, r in rows:
            etat, detail = _etat(m)
            qui = DestinataireMessage.label_of(m.destinataire)
            out.append(MessageVue(
                m.id, f"{format_date(r.date)} {r.heure_debut:%Hh%M}" + (f" — {r.intitule}" if r.intitule else ""),
                TypeMessage.label_of(m.type), CanalMessage.label_of(m.canal),
                f"{qui} ({m.adresse})" if m.adresse else qui, etat, detail))
    return out
