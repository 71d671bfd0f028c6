"""The dates a form proposes follow the hub's day, not a laptop clock set days ahead (the plausibility rules
refuse a « réalisé » in the future by that same day: a proposed date must never be refused)."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.services.jeunes import dossier as jeunes_service
from desktop_app.services.sync.horloge import aujourdhui
from tests.support.vues import show_widget

TROIS_JOURS_MS = 3 * 24 * 3600 * 1000


@pytest.fixture
def ctx(profile, make_context):
    profile.clock.offset_ms = -TROIS_JOURS_MS  # this laptop is three days ahead of the hub
    return make_context(profile)


def test_the_proposed_dates_are_the_hubs_day(qtbot, ctx):
    from desktop_app.views.jeunes.elements import ElementDialog, StatutDialog
    from desktop_app.views.parrainage.suivi import ClotureDialog, RencontreForm

    jour = aujourdhui(ctx.profile)
    assert jour == dt.date.today() - dt.timedelta(days=3)
    jeune = jeunes_service.create_jeune(ctx.profile, {"nom_naissance": "Kaci", "prenoms": "Inès"}).id
    actualite = ElementDialog(ctx, "actualite", jeune)
    show_widget(qtbot, actualite, 600, 400, exposed=False)
    assert actualite.widgets["date"].value() == f"{jour:%d/%m/%Y}"
    rencontre = RencontreForm(ctx)
    assert rencontre.date.value() == f"{jour:%d/%m/%Y}"
    assert ClotureDialog(ctx, "p").date.value() == f"{jour:%d/%m/%Y}"

    from desktop_app.services.jeunes import chronologie

    frein = chronologie.add(ctx.profile, "frein", jeune, {"theme": "mobilite", "date_identification": jour})
    assert StatutDialog(ctx, "frein", frein).date.value() == f"{jour:%d/%m/%Y}"


def test_the_dossiers_age_is_counted_at_the_hubs_day(qtbot, ctx):
    """A jeune whose birthday falls between the hub's day and this laptop's (three days ahead) is shown with the
    age of the hub's day, the day the plausibility rules and the indicators count with."""
    from desktop_app.views.jeunes.dossier import DossierWindow

    jour = aujourdhui(ctx.profile)
    anniversaire = jour + dt.timedelta(days=1)
    naissance = anniversaire.replace(year=anniversaire.year - 20)
    jeune = jeunes_service.create_jeune(ctx.profile, {"nom_naissance": "Kaci", "prenoms": "Inès",
                                                      "date_naissance": naissance}).id
    window = DossierWindow(ctx, jeune)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.is_loaded)
    assert window.form.age.text() == "19 ans"
