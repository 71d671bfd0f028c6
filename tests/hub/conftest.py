"""Fixtures of the hub tests: the hub administered through ``passerelle-hub`` (tests/support/hub_admin.py), on
SQLite and PostgreSQL (``hub_admin``) or on SQLite only (``hub_admin_sqlite``)."""
from __future__ import annotations

import pytest

from tests.support.hub_admin import HubAdmin


@pytest.fixture
def hub_admin(hub, hub_url, capsys):
    return HubAdmin(hub, hub_url, capsys)


@pytest.fixture
def hub_admin_sqlite(hub_sqlite, hub_sqlite_url, capsys):
    return HubAdmin(hub_sqlite, hub_sqlite_url, capsys)
