"""An actualité records a contact that took place (issue 14): today allowed, tomorrow refused with a French
message beside the date, judged by the hub-corrected date."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.domain.plausibilite import realisee_future
from desktop_app.services.jeunes import chronologie as C
from desktop_app.services.jeunes.dossier import create_jeune
from tests.support.horloge import DAY, skew_clock

TODAY = dt.date(2026, 6, 10)


def test_rule_today_allowed_tomorrow_refused():
    assert realisee_future(TODAY, TODAY) is None and realisee_future(None, TODAY) is None
    assert realisee_future(TODAY + dt.timedelta(days=1), TODAY) == (
        "La date du 11/06/2026 est dans le futur : une actualité note un contact qui a déjà eu lieu.")


def test_service_refuses_an_actualite_dated_tomorrow_and_a_move_to_tomorrow(profile):
    jeune = create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Inès"})
    with pytest.raises(C.ElementInvalide) as refused:
        C.add_actualite(profile, jeune.id, date=TODAY + dt.timedelta(days=1), type="entretien_individuel", today=TODAY)
    assert list(refused.value.errors) == ["date"]
    a = C.add_actualite(profile, jeune.id, date=TODAY, type="entretien_individuel", today=TODAY)
    with pytest.raises(C.ElementInvalide):
        C.update(profile, "actualite", a.id, {"date": TODAY + dt.timedelta(days=1)}, today=TODAY)


def test_the_reference_day_is_the_hub_corrected_date(profile):
    """A laptop 2 days ahead that learned its offset from the hub: tomorrow is « yesterday » on its own clock,
    still refused (the hub's date rules)."""
    skew_clock(profile, 2 * DAY)
    profile.clock.offset_ms = -2 * DAY
    jeune = create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Inès"})
    with pytest.raises(C.ElementInvalide):
        C.add_actualite(profile, jeune.id, date=dt.date.today() + dt.timedelta(days=1), type="entretien_individuel")
    C.add_actualite(profile, jeune.id, date=dt.date.today(), type="entretien_individuel")
