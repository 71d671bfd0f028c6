"""The global exception hook: a French message for the user, the traceback in the log, no secret in it."""
from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.domain.errors import UserError
from desktop_app.views.kit import errors


@pytest.fixture
def hook(qapp, tmp_path, monkeypatch):
    """The hooks installed with the log in a temporary profile's logs/, and QMessageBox recorded."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(("critical", text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(("warning", text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install(tmp_path / "logs")
    yield shown, tmp_path / "logs" / "passerelle.log"
    errors.close_log()


def _raise_inside(func):
    try:
        func()
    except Exception:
        return sys.exc_info()
    raise AssertionError("nothing raised")


def test_unexpected_error_shows_french_message_and_logs_traceback(hook):
    shown, log = hook

    def compute_indicators():
        raise KeyError("champ_inexistant")

    sys.excepthook(*_raise_inside(compute_indicators))
    assert len(shown) == 1
    kind, text = shown[0]
    assert kind == "critical"
    assert text.startswith("Une erreur inattendue s'est produite.")
    assert str(log) in text
    assert "Traceback" not in text and "KeyError" not in text
    content = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in content
    assert "compute_indicators" in content and "KeyError: 'champ_inexistant'" in content


def test_user_error_is_shown_as_its_message_only(hook):
    shown, log = hook
    sys.excepthook(*_raise_inside(lambda: (_ for _ in ()).throw(UserError("Le jeune n'a pas de date de naissance."))))
    assert shown == [("warning", "Le jeune n'a pas de date de naissance.")]
    assert "Traceback" not in (log.read_text(encoding="utf-8") if log.exists() else "")


def test_error_in_a_worker_thread_reaches_the_user_on_the_main_thread(hook, qtbot):
    shown, log = hook

    def sync_in_background():
        raise RuntimeError("connexion perdue")

    thread = threading.Thread(target=sync_in_background, name="passerelle-net-test")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0][0] == "critical"
    assert "RuntimeError: connexion perdue" in log.read_text(encoding="utf-8")


def test_secrets_never_reach_the_log(hook, monkeypatch):
    shown, log = hook
    monkeypatch.setenv("PASSERELLE_PASSPHRASE", "cheval-agrafe-batterie")
    errors.register_secret("ma phrase très secrète")
    key = "ab" * 32

    def open_db():
        raise RuntimeError(
            f"PRAGMA key = \"x'{key}'\" failed; passphrase=ma phrase très secrète; "
            "token: eyJhbGciOi.abc; env cheval-agrafe-batterie "
            "[SQL: INSERT INTO jeune (nom) VALUES (?)] [parameters: ('Éloïse N''Diaye',)]")

    sys.excepthook(*_raise_inside(open_db))
    content = log.read_text(encoding="utf-8")
    for secret in (key, "ma phrase très secrète", "eyJhbGciOi", "cheval-agrafe-batterie", "Éloïse"):
        assert secret not in content
    assert "[masqué]" in content and "RuntimeError" in content


def test_scrub_keeps_ordinary_text():
    text = "Dossier 01a21997-452a-721f-8f60-cffe0fea7231 ouvert par la clé du trousseau"
    assert errors.scrub(text) == text


def test_unwritable_log_directory_still_shows_a_message(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    errors.close_log()
    monkeypatch.setattr(errors, "default_log_dir", lambda: blocker / "logs")
    errors.install()
    sys.excepthook(*_raise_inside(lambda: 1 / 0))
    assert len(shown) == 1 and "n'a pas pu être enregistré" in shown[0]


def test_the_log_file_rotates_at_one_megabyte_keeping_five(tmp_path):
    import logging

    errors.use_log_dir(tmp_path)
    try:
        log = logging.getLogger("desktop_app.essai_rotation")
        line = "é" * 2000
        for _ in range(3000):  # ~6 Mo written: rotated at each 1 Mo
            log.warning(line)
        errors._handler.flush()
    finally:
        errors.close_log()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["passerelle.log"] + [f"passerelle.log.{i}" for i in range(1, 6)]
    assert all((tmp_path / n).stat().st_size <= 1_000_000 + 10_000 for n in names)
    assert line in (tmp_path / "passerelle.log").read_text(encoding="utf-8")


_START_UP_LOG = r"""
import sys, logging
from desktop_app.views.kit import errors
errors.use_log_dir(sys.argv[1])
print("logging.handlers" in sys.modules)
logging.getLogger("desktop_app.essai").warning("écrit")
errors.close_log()
print("logging.handlers" in sys.modules)
"""


def test_a_start_up_that_logs_nothing_does_not_import_logging_handlers(tmp_path):
    """The rotating handler's module (socket, pickle…: 12–17 ms) comes with the first record, which is written."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", _START_UP_LOG, str(tmp_path)], capture_output=True, text=True,
                         timeout=60, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True"]
    assert "écrit" in (tmp_path / "passerelle.log").read_text(encoding="utf-8")


_START_UP_DEFAULT_DIR = r"""
import sys, logging
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop_app.views.kit import errors
errors.install()  # no profile yet: the user's log directory, not asked for yet
print("platformdirs" in sys.modules, any(Path(sys.argv[1]).rglob("*")))
logging.getLogger("desktop_app.essai").warning("avant le profil")
path = errors.log_path()
print(path.is_relative_to(sys.argv[1]), "avant le profil" in path.read_text(encoding="utf-8"))
"""


def test_before_the_profile_the_log_directory_is_made_at_the_first_record(tmp_path):
    import os
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "etat"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", _START_UP_DEFAULT_DIR, str(tmp_path)], capture_output=True,
                         text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["False False", "True True"]
