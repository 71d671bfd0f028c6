"""A contact is noted at a permanence that has taken place (issue 14): planning one ahead is fine, capturing a
contact there before its day is refused and writes nothing; the day is the hub-corrected one."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import Actualite, Jeune
from desktop_app.domain.errors import UserError
from desktop_app.services.jeunes.dossier import create_jeune
from desktop_app.services.permanences import seances as permanences
from tests.support.horloge import DAY, skew_clock


def _counts(profile):
    with profile.session() as s:
        return s.scalar(select(func.count()).select_from(Jeune)), s.scalar(select(func.count()).select_from(Actualite))


def test_contacts_at_a_future_permanence_are_refused_and_nothing_is_written(profile):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    perm = permanences.start_permanence(profile, date=tomorrow,  # planning ahead
                                        nouveau_lieu={"nom": "Centre social Lochères", "type": "centre_social"})
    known = create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Inès"})
    before = _counts(profile)
    with pytest.raises(UserError) as refused:
        permanences.quick_capture(profile, perm.id, prenom="Yanis", nom="Kaci")
    assert refused.value.message == (f"La permanence du {tomorrow:%d/%m/%Y} n'a pas encore eu lieu : un contact s'y "
                                     f"note à partir du jour même.")
    with pytest.raises(UserError):
        permanences.link_jeune(profile, perm.id, known.id)
    assert _counts(profile) == before


def test_todays_permanence_by_the_corrected_clock_takes_contacts(profile):
    """A laptop 1 day ahead that learned the offset: its permanence « of today » is the hub's today."""
    skew_clock(profile, DAY)
    profile.clock.offset_ms = -DAY
    perm = permanences.start_permanence(profile, nouveau_lieu={"nom": "Club de boxe", "type": "club_sport"})
    assert perm.date == dt.date.today()
    jeune, actualite = permanences.quick_capture(profile, perm.id, prenom="Yanis", nom="Kaci")
    assert actualite.date == dt.date.today()
