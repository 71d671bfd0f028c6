"""Fixtures of the agenda tests: a few jeunes, and a day to plan on (a weekday of the current week)."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.support.vues import add_jeune


@pytest.fixture
def eloise(profile):
    return add_jeune(profile, "N'Diaye", "Éloïse", dt.date(2004, 5, 17)).id


@pytest.fixture
def yanis(profile):
    return add_jeune(profile, "Benali", "Yanis", dt.date(2003, 1, 9)).id


@pytest.fixture
def aujourd_hui(profile):
    from desktop_app.services.sync.horloge import aujourdhui

    return aujourdhui(profile)
