"""The demo fills the agenda: past rendez-vous with outcomes (absences too), collective sessions, coming ones for
each conseiller, and the jeunes' consents (a minor's e-mail to the guardian)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from desktop_app.db.models import Jeune, RendezVous, RendezVousParticipant, Utilisateur
from desktop_app.services.demo import generation as demo

TODAY = dt.date(2026, 6, 15)


def test_demo_rendez_vous_and_consents(profile):
    counts = demo.fill(profile, jeunes=150, seed=3, today=TODAY)
    assert counts["Rendez-vous"] > 100 and counts["Participants aux rendez-vous"] > counts["Rendez-vous"]
    with profile.session() as s:
        rdvs = list(s.scalars(select(RendezVous)))
        passes = Counter(r.statut for r in rdvs if r.date < TODAY)
        assert passes["honore"] > passes["absent_non_excuse"] > 0 and passes["absent_excuse"] > 0
        assert all(r.statut == "prevu" for r in rdvs if r.date > TODAY)
        assert all(r.date.weekday() < 5 and r.heure_fin > r.heure_debut for r in rdvs)
        collectifs = [r for r in rdvs if r.collectif]
        assert any(r.date < TODAY for r in collectifs) and any(r.date > TODAY for r in collectifs)
        conseillers = {u.id for u in s.scalars(select(Utilisateur).where(Utilisateur.role == "conseiller"))}
        a_venir = {r.conseiller_id for r in rdvs if TODAY <= r.date <= TODAY + dt.timedelta(days=21)}
        assert conseillers <= a_venir
        participants = list(s.scalars(select(RendezVousParticipant)))
        assert {p.rendez_vous_id for p in participants} == {r.id for r in rdvs}
        jeunes = list(s.scalars(select(Jeune)))
        assert 0.7 < sum(j.consentement_sms for j in jeunes) / len(jeunes) < 0.97
        assert sum(j.consentement_email for j in jeunes) > len(jeunes) / 2
        mineurs = [j for j in jeunes if j.representant_nom]
        assert mineurs and any(j.representant_email for j in mineurs)
        assert all(j.representant_email is None for j in jeunes if not j.representant_nom)
