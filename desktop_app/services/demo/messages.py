"""Demo messages of the rendez-vous (issue 15): what the hub would have sent for the demo's rendez-vous — a
confirmation for each, a reminder for those already past or within 48 h — on the channels each jeune consented
to, to the guardian of a minor; a few failures (retried) and refusals (no address), as a real hub leaves them.
Reads the rendez-vous already filled (by the agenda's part of the demo); none: nothing to add."""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import text

from desktop_app.db import models as m
from desktop_app.domain.rappels import est_mineur, message_id

PARIS_DECALAGE = dt.timedelta(hours=1)  # local time → UTC, near enough for a demo


def remplir(s, profile, rng: random.Random, today: int, insert) -> None:
    rows = s.connection().execute(text(
        "SELECT r.id, r.date, r.heure_debut, r.statut, p.jeune_id, j.date_naissance, j.email, j.telephone, "
        "j.representant_email, j.representant_telephone, j.consentement_email, j.consentement_sms "
        "FROM rendez_vous r JOIN rendez_vous_participant p ON p.rendez_vous_id = r.id AND p.deleted = 0 "
        "JOIN jeune j ON j.id = p.jeune_id WHERE r.deleted = 0")).all()
    jour = dt.date.fromordinal(today)
    out: list[dict[str, Any]] = []
    for r in rows:
        date = dt.date.fromisoformat(str(r.date)[:10])
        heure = dt.time.fromisoformat(str(r.heure_debut)[:8])
        debut = dt.datetime.combine(date, heure, tzinfo=dt.UTC) - PARIS_DECALAGE
        naissance = dt.date.fromisoformat(str(r.date_naissance)[:10]) if r.date_naissance else None
        mineur = est_mineur(naissance, date)
        for canal, consent, adresse in (("email", r.consentement_email, r.representant_email if mineur else r.email),
                                        ("sms", r.consentement_sms,
                                         r.representant_telephone if mineur else r.telephone)):
            if not consent:
                continue
            envoi = debut - dt.timedelta(days=rng.randint(3, 12), minutes=rng.randint(0, 600))
            types = ["confirmation"] + (["rappel"] if (date - jour).days <= 2 else [])
            for type_ in types:
                quand = envoi if type_ == "confirmation" else debut - dt.timedelta(hours=48)
                statut, raison, essais, prochain = "envoye", None, 1, None
                if not adresse:
                    statut, raison, essais = "refuse", ("Pas d'adresse e-mail" if canal == "email" else
                                                        "Pas de numéro de téléphone") + (
                        " du représentant légal (jeune mineur)" if mineur else " du jeune") + " : message non envoyé.", 0
                elif rng.random() < 0.03:
                    statut, essais = "echec", 2
                    raison = ("Serveur de messagerie injoignable : connexion refusée." if canal == "email"
                              else "Fournisseur de SMS injoignable : délai dépassé.")
                    prochain = quand + dt.timedelta(minutes=3)
                out.append({"id": message_id(r.id, r.jeune_id, type_, canal), "created_at": quand,
                            "updated_at": quand, "structure_id": profile.structure_id, "rendez_vous_id": r.id,
                            "jeune_id": r.jeune_id, "type": type_, "canal": canal,
                            "destinataire": "representant" if mineur else "jeune", "adresse": adresse,
                            "statut": statut, "raison": raison, "tentatives": essais,
                            "date_envoi": quand if statut == "envoye" else None, "prochain_essai": prochain})
    insert(s, m.MessageRendezVous, out)
