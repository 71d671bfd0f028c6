"""Test set-up: offscreen Qt, an in-memory keyring, a fresh profile per test."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PASSERELLE_PASSPHRASE", None)
os.environ.pop("PASSERELLE_PROFILE", None)

import keyring  # noqa: E402
import pytest  # noqa: E402

from tests.support.keyring import MemoryKeyring  # noqa: E402


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch):
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def hub_image_copies(tmp_path, monkeypatch):
    """The hub's copies of its restore images (hub.image.cache_dir) in the test's folder, not the system's."""
    from hub.image import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "copies-images-hub"))


@pytest.fixture
def profile_dir(tmp_path):
    return tmp_path / "profil"


@pytest.fixture
def profile(profile_dir):
    """A fresh profile (keyring mode) with its structure and first user."""
    from desktop_app.services.profil.profile import create_profile

    p = create_profile(profile_dir, structure_nom="Mission Locale du Val-d'Oise Est", user_nom="Lefèvre",
                       user_prenom="Amélie", role="conseiller")
    yield p
    p.close()


@pytest.fixture(autouse=True)
def ui_thread_db_guard(request, monkeypatch):
    """Screen tests run with the debug guard raising when a view opens a DB connection on the UI thread
    (desktop_app.db.session); other tests call services from the main thread on purpose."""
    from desktop_app.db.session import GUARD_ENV

    if request.node.module.__name__.rpartition(".")[2].startswith("test_views_"):
        monkeypatch.setenv(GUARD_ENV, os.environ.get("PASSERELLE_TEST_DB_GUARD", "raise"))  # "log" to survey
    else:
        monkeypatch.delenv(GUARD_ENV, raising=False)
    yield


@pytest.fixture
def make_context():
    """Builds the shell context the screens and the main window are built with: a task runner of its own (shut
    down after the test), a data bus, the profile's settings (``settings_path=None``: settings in memory)."""
    from desktop_app.services.profil.reglages import Settings
    from desktop_app.views.kit.bus import DataBus
    from desktop_app.views.shell.sections import ShellContext
    from desktop_app.views.kit.tasks import TaskRunner

    runners: list[TaskRunner] = []
    default = object()

    def make(profile, settings_path=default) -> ShellContext:
        runner = TaskRunner()
        runners.append(runner)
        path = profile.settings_path if settings_path is default else settings_path
        return ShellContext(profile=profile, tasks=runner, bus=DataBus(), settings=Settings(path))

    yield make
    for runner in runners:
        runner.shutdown()


@pytest.fixture
def ctx(qtbot, profile, make_context):
    """The shell context on the fresh profile."""
    return make_context(profile)


@pytest.fixture
def window(qtbot, profile, make_context):
    """The main window on the fresh profile, shown (settings in memory)."""
    from desktop_app.views.shell.main_window import MainWindow

    w = MainWindow(make_context(profile, settings_path=None))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


# The hub on a real socket (uvicorn on 127.0.0.1, tests/support/sync.py), on SQLite and on PostgreSQL — the
# PostgreSQL run is skipped, saying so, when 127.0.0.1:5432 does not answer. ``hub_sqlite`` is the same hub on
# SQLite only, for the tests whose subject is not the hub's database (they stay fast).

@pytest.fixture(params=["sqlite", "postgresql"])
def hub_url(request, tmp_path):
    """The URL of an empty hub database: a SQLite file, or a PostgreSQL schema of its own dropped afterwards."""
    from tests.support.sync import hub_database_url

    with hub_database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def hub(hub_url):
    from tests.support.sync import HubServer

    server = HubServer(hub_url).start()
    yield server
    server.stop()


@pytest.fixture
def hub_sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'hub.db'}"


@pytest.fixture
def hub_sqlite(hub_sqlite_url):
    from tests.support.sync import HubServer

    server = HubServer(hub_sqlite_url).start()
    yield server
    server.stop()


# pytest-qt waits 5 s by default for a condition; on a shared 2-core machine under load a write that goes
# through argon2 or a background thread can take longer. A condition that holds is still awaited (never a
# sleep); only a test that is going to fail fails later.
def _patient(wait):
    def waiting(self, *args, timeout: int = 5000, **kwargs):
        return wait(self, *args, timeout=max(timeout, PATIENCE_MS), **kwargs)
    waiting.__doc__ = wait.__doc__
    return waiting


PATIENCE_MS = 30_000
from pytestqt.qtbot import QtBot  # noqa: E402

QtBot.waitUntil = _patient(QtBot.waitUntil)
QtBot.waitSignal = _patient(QtBot.waitSignal)
QtBot.waitSignals = _patient(QtBot.waitSignals)
