"""The demo's messages follow the same rules as the hub: consent only, the guardian of a minor, a reminder for
the rendez-vous within 48 h; valid links; each row captured for sync."""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import text

from desktop_app.db.models import MessageRendezVous
from desktop_app.services.demo import messages
from desktop_app.sync.capture import bulk_insert
from tests.support.rappels import rdv
from tests.support.sync import add_jeune


def test_demo_messages_follow_consent_and_guardian(profile):
    today = dt.date.today()
    adulte = add_jeune(profile, prenoms="Léa", email="lea@exemple.fr", consentement_email=True,
                       date_naissance=dt.date(2000, 1, 1))
    mineur = add_jeune(profile, prenoms="Noé", date_naissance=today.replace(year=today.year - 16),
                       representant_telephone="0611223344", consentement_sms=True)
    sans = add_jeune(profile, prenoms="Sam", email="sam@exemple.fr")
    rdv(profile, adulte, today + dt.timedelta(days=1))
    rdv(profile, mineur, today + dt.timedelta(days=9), "11:00", "11:30")
    rdv(profile, sans, today + dt.timedelta(days=3), "15:00", "15:30")
    with profile.session() as s:
        messages.remplir(s, profile, random.Random(1), today.toordinal(),
                         lambda s, model, rows: bulk_insert(s, model, rows))
        s.commit()
    with profile.engine.connect() as conn:
        rows = conn.execute(text("SELECT jeune_id, type, canal, destinataire, adresse FROM message_rendez_vous "
                                 "ORDER BY jeune_id, type")).all()
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        captured = conn.execute(text("SELECT count(*) FROM outbox WHERE table_name = :t"),
                                {"t": MessageRendezVous.__tablename__}).scalar()
    assert {tuple(r) for r in rows} == {
        (adulte, "confirmation", "email", "jeune", "lea@exemple.fr"), (adulte, "rappel", "email", "jeune", "lea@exemple.fr"),
        (mineur, "confirmation", "sms", "representant", "0611223344")}
    assert captured == 3
