"""How the hub's messages leave (:mod:`hub.rappels`): e-mail through SMTP, SMS through a pluggable provider.

Nothing leaves without configuration: no SMTP URL, no e-mail; no SMS provider, no SMS.

* SMTP: ``smtp://user:pass@host:port?from=adresse&starttls=1`` (``smtps://`` for implicit TLS; ``starttls``
  defaults to 1 on ``smtp://``, 0 turns it off for a local relay), from ``serve --smtp`` or
  ``$PASSERELLE_HUB_SMTP``.
* SMS: ``--sms URL`` or ``$PASSERELLE_HUB_SMS``: ``fichier:///dossier`` writes each SMS to ``<dossier>/<id>.json``
  (a gateway or a person picks them up); ``http://…`` / ``https://…`` POSTs ``{"id", "to", "text"}`` as JSON with
  ``Authorization: Bearer <jeton>`` (``--sms-jeton`` or ``$PASSERELLE_HUB_SMS_JETON``) — any 2xx answer is a
  success. Another provider implements :class:`FournisseurSms`.

A failure raises :class:`EnvoiImpossible` with a French reason (kept on the message, shown in the dossier).
"""
from __future__ import annotations

import json
import os
import smtplib
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from hub.errors import HubError

SMTP_ENV, SMS_ENV, SMS_JETON_ENV = "PASSERELLE_HUB_SMTP", "PASSERELLE_HUB_SMS", "PASSERELLE_HUB_SMS_JETON"
DELAI_RESEAU_S = 15


class EnvoiImpossible(Exception):
    """The provider did not take the message (the reason is French, without any secret)."""

    def __init__(self, raison: str) -> None:
        super().__init__(raison)
        self.raison = raison[:300]


def _reglage_invalide(quoi: str, detail: str) -> HubError:
    return HubError(400, "reglage_invalide", f"{quoi} : {detail}")


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    expediteur: str
    utilisateur: str | None = None
    mot_de_passe: str | None = None
    starttls: bool = True
    ssl_direct: bool = False

    @classmethod
    def depuis_url(cls, url: str) -> Smtp:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise _reglage_invalide("--smtp", f"adresse attendue de la forme smtp://utilisateur:motdepasse@hôte:port"
                                    f"?from=adresse, pas « {parts.scheme}://… »")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        expediteur = query.get("from") or (unquote(parts.username) if parts.username and "@" in unquote(parts.username)
                                          else None)
        if not expediteur:
            raise _reglage_invalide("--smtp", "l'adresse d'expédition manque (?from=accueil@exemple.fr)")
        try:
            port = parts.port or (465 if parts.scheme == "smtps" else 587)
        except ValueError:
            raise _reglage_invalide("--smtp", "numéro de port invalide") from None
        return cls(parts.hostname, port, expediteur,
                   unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None,
                   starttls=parts.scheme == "smtp" and query.get("starttls", "1") not in ("0", "non", "false"),
                   ssl_direct=parts.scheme == "smtps")

    def envoyer(self, message_id: str, destinataire: str, sujet: str, texte: str) -> None:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.expediteur, destinataire, sujet
        mail["Date"] = formatdate(localtime=True)
        # the same Message-ID for the same message: a relay or a mailbox can drop a repeat
        mail["Message-ID"] = f"<{message_id}@passerelle>"
        mail.set_content(texte)
        try:
            if self.ssl_direct:
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=DELAI_RESEAU_S,
                                          context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=DELAI_RESEAU_S)
            with client:
                if self.starttls:
                    client.starttls(context=ssl.create_default_context())
                if self.utilisateur:
                    client.login(self.utilisateur, self.mot_de_passe or "")
                client.send_message(mail)
        except smtplib.SMTPAuthenticationError:
            raise EnvoiImpossible("Serveur de messagerie : identifiant ou mot de passe refusé.") from None
        except smtplib.SMTPRecipientsRefused:
            raise EnvoiImpossible(f"Adresse e-mail refusée par le serveur de messagerie : {destinataire}.") from None
        except smtplib.SMTPResponseException as exc:
            raise EnvoiImpossible(f"Le serveur de messagerie a refusé le message (code {exc.smtp_code}).") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise EnvoiImpossible(f"Serveur de messagerie injoignable ({self.host}:{self.port}) : "
                                  f"{_raison_reseau(exc)}.") from None


def _raison_reseau(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "délai dépassé"
    if isinstance(exc, ssl.SSLError):
        return "échec du chiffrement TLS"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "connexion interrompue"
    return "erreur réseau"


class FournisseurSms(Protocol):
    """A way to send an SMS. ``envoyer`` returns when the provider took it; raises :class:`EnvoiImpossible`."""

    nom: str

    def envoyer(self, message_id: str, numero: str, texte: str) -> None: ...


@dataclass(frozen=True)
class SmsFichier:
    """Writes each SMS to ``dossier/<id>.json`` (UTF-8): for a gateway that picks files up, or for a test."""

    dossier: Path
    nom: str = "fichier"

    def envoyer(self, message_id: str, numero: str, texte: str) -> None:
        try:
            self.dossier.mkdir(parents=True, exist_ok=True)
            final = self.dossier / f"{message_id}.json"
            temp = self.dossier / f".{message_id}.tmp"
            temp.write_text(json.dumps({"id": message_id, "to": numero, "text": texte}, ensure_ascii=False),
                            encoding="utf-8")
            os.replace(temp, final)
        except OSError as exc:
            raise EnvoiImpossible(f"Dossier des SMS inaccessible ({self.dossier}) : {exc.strerror or 'erreur'}.") \
                from None


@dataclass(frozen=True)
class SmsHttp:
    """POSTs ``{"id", "to", "text"}`` (JSON) to the provider's URL with a bearer token."""

    url: str
    jeton: str | None = None
    nom: str = "http"

    def envoyer(self, message_id: str, numero: str, texte: str) -> None:
        body = json.dumps({"id": message_id, "to": numero, "text": texte}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": message_id}
        if self.jeton:
            headers["Authorization"] = f"Bearer {self.jeton}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=DELAI_RESEAU_S) as answer:
                answer.read()
        except urllib.error.HTTPError as exc:
            raise EnvoiImpossible(f"Le fournisseur de SMS a refusé le message (HTTP {exc.code}).") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EnvoiImpossible(f"Fournisseur de SMS injoignable : {_raison_reseau(reason)}.") from None


def sms_depuis_url(url: str, jeton: str | None = None) -> FournisseurSms:
    parts = urlsplit(url)
    if parts.scheme == "fichier" or parts.scheme == "file":
        chemin = unquote(parts.path or "")
        if not chemin:
            raise _reglage_invalide("--sms", "dossier manquant (fichier:///chemin/du/dossier)")
        return SmsFichier(Path(chemin))
    if parts.scheme in ("http", "https") and parts.hostname:
        return SmsHttp(url, jeton)
    raise _reglage_invalide("--sms", f"fichier:///dossier ou https://… attendu, pas « {url} »")


def depuis_environnement(smtp: str | None = None, sms: str | None = None,
                         sms_jeton: str | None = None) -> tuple[Smtp | None, FournisseurSms | None]:
    """The configured channels: the arguments, else the environment; None for a channel not configured."""
    smtp = smtp or os.environ.get(SMTP_ENV) or None
    sms = sms or os.environ.get(SMS_ENV) or None
    jeton = sms_jeton or os.environ.get(SMS_JETON_ENV) or None
    return (Smtp.depuis_url(smtp) if smtp else None), (sms_depuis_url(sms, jeton) if sms else None)
