"""Builders for the collective actions tests: ateliers mobilité as they were before migration 0023."""
from __future__ import annotations

from alembic import command
from sqlalchemy import text

from desktop_app.db import schema
from desktop_app.services.ateliers import seances as S
from tests.support.mobilite import jeunes


def ateliers_avant_0023(profile):
    """Two ateliers (participants, attendance, skills, an « Atelier » actualité), then the profile taken back to
    revision 0017 (the collective actions tables gone, the ateliers kept). Returns ``(a1, a2, j1, j2)``."""
    j1, j2 = jeunes(profile, 2)
    a1 = S.plan_atelier(profile, {"date": "03/03/2026", "heure_debut": "14:00", "heure_fin": "16:00",
                                  "niveau": "initiation", "co_animateur_nom": "Inès Haddad",
                                  "co_animateur_organisation": "Keolis", "capacite": "12"})
    a2 = S.plan_atelier(profile, {"date": "10/03/2026", "niveau": "perfectionnement"})
    p1, p2 = S.enrol(profile, a1.id, [j1.id, j2.id])
    S.set_presence(profile, p1.id, True)
    S.set_presence(profile, p2.id, False)
    S.set_competences(profile, p1.id, {"lire_plan": True, "automate": True})
    S.enrol(profile, a2.id, [j2.id])
    with profile.engine.begin() as conn:
        command.downgrade(schema._config(conn), "0017")
    with profile.engine.begin() as conn:
        assert schema.current_revision(conn) == "0017"
        assert not conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'action_collective'")).first()
        assert conn.execute(text("SELECT COUNT(*) FROM atelier_mobilite")).scalar() == 2
    return a1, a2, j1, j2
