"""What the start-up needs to know about a profile before the heavy modules are imported.

Opening a profile imports SQLAlchemy, SQLModel and every table (about half a second of CPU): the main
window is shown first and the profile opens on the database thread. To decide which path to take
(first-run wizard, passphrase dialog, or open straight away) only ``profile.json`` is read here.
These helpers mirror ``desktop_app.services.profil.profile`` (a test checks they agree).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

PROFILE_FILE = "profile.json"
SETTINGS_FILE = "settings.json"
PROFILE_ENV = "PASSERELLE_PROFILE"
PASSPHRASE_ENV = "PASSERELLE_PASSPHRASE"


def resolve_profile_dir(explicit: str | os.PathLike | None = None) -> Path:
    """``--profile DIR``, else ``PASSERELLE_PROFILE``, else the platform's data directory."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    if os.environ.get(PROFILE_ENV):
        return Path(os.environ[PROFILE_ENV]).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("Passerelle", appauthor=False)) / "profil"


def key_mode(directory: Path) -> str | None:
    """None when there is no profile; else its key mode (``"keyring"``, ``"passphrase"``), or ``"?"``
    when ``profile.json`` cannot be read (the slow path then reports it in French)."""
    path = Path(directory) / PROFILE_FILE
    try:
        return str(json.loads(path.read_text(encoding="utf-8"))["key_mode"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError):
        return "?"


def can_open_in_background(directory: Path) -> bool:
    """True when the profile opens without asking anything (key in the keyring, or passphrase in the env)."""
    mode = key_mode(directory)
    return mode == "keyring" or (mode == "passphrase" and bool(os.environ.get(PASSPHRASE_ENV)))


# --- the profile opened while the window is built -----------------------------------------------------------

_early_db = None  # the database executor started by open_early(), adopted by the task runner


def open_early(directory: Path):
    """Start opening the profile of ``directory`` at once, on the database thread: importing SQLAlchemy and
    the tables, reading the key and checking the schema overlap with building and painting the window
    (SQLCipher and the key derivation release the interpreter). Returns the ``concurrent.futures.Future``
    of the open :class:`Profile`. The executor is the one the task runner then uses
    (:func:`take_early_db_executor`): all database work stays on one thread, the opening first."""
    global _early_db
    from concurrent.futures import ThreadPoolExecutor

    _early_db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="passerelle-db")

    def open_it():
        from desktop_app.services.profil.profile import open_profile

        # at head: read through one raw connection, SQLAlchemy imported once the first screen is live
        profile = open_profile(directory, differe=True)
        _read_opening_facts(profile)
        return profile

    opening = _early_db.submit(open_it)
    _early_db.submit(_prepare_first_list, directory, opening)
    return opening


def _read_opening_facts(profile) -> None:
    """What the UI thread asks first of an open profile (is a login required, who is there and with which
    role), read here on the database thread before the first list's order: otherwise the window, handed the
    profile, waits for those two one-row reads behind the order of the whole list."""
    from desktop_app.security.permissions import actor_of
    from desktop_app.services.securite.acces import login_requis

    try:
        profile.lu_a_l_ouverture.update(login_requis=login_requis(profile), acteur=actor_of(profile))
    except Exception:  # noqa: BLE001 - not fatal: the window reads them itself (and reports what fails then)
        import logging

        logging.getLogger(__name__).warning("Lecture du rôle à l'ouverture : échec", exc_info=True)


def _prepare_first_list(directory: Path, opening) -> None:
    """Queued right after the opening, on the same thread: when the first section will be Jeunes (the last one
    the user opened), read the alphabetical order of the jeunes into its in-memory copy now, while the window
    builds the page (SQLite reads it outside the interpreter lock), so the list's first request finds it
    ready. Nothing is shown from here; a user who may not read the jeunes gets nothing read."""
    from desktop_app.services.profil.reglages import LAST_SECTION, Settings

    if Settings(Path(directory) / SETTINGS_FILE).get(LAST_SECTION) != "jeunes":
        return
    profile = opening.result()  # done: queued before this on the same thread (raises if it failed: ignored)
    from desktop_app.security.permissions import peut
    from desktop_app.services.jeunes.recherche_ordre import ordered_ids

    if peut(profile, "jeune.lire"):
        ordered_ids(profile, None)


def take_early_db_executor():
    """The executor :func:`open_early` started (once), else None."""
    global _early_db
    executor, _early_db = _early_db, None
    return executor
