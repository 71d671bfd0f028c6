"""« Sécurité » menu of every user: change one's password (inline errors), the laptop's settings (lock delay)."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from desktop_app.services.profil import reglages as S
from desktop_app.services.securite import connexion
from desktop_app.views.securite.compte import MotDePasseDialog, ParametresDialog
from desktop_app.views.shell import verrouillage
from desktop_app.views.shell.main_window import MainWindow
from tests.support.vues import type_text

ANCIEN, NOUVEAU = "Passerelle-2026", "Garges lès Gonesse 95"
SLOW_MS = 60_000  # argon2 off the UI thread on a loaded machine


@pytest.fixture
def window(qtbot, profile, make_context):
    connexion.definir_mot_de_passe(profile, profile.user_id, ANCIEN)
    w = MainWindow(make_context(profile))
    qtbot.addWidget(w)
    verrouillage.installer(w)  # as build_main_window does: the lock and the « Sécurité » menu
    w.show()
    qtbot.waitExposed(w)
    return w


def _menu_action(window, text: str):
    from PySide6.QtWidgets import QMenu

    menu = window.findChild(QMenu, "menuSecurite")
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


def _open(qtbot, window, text: str, cls):
    _menu_action(window, text).trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible())
    qtbot.waitExposed(dialog)
    return dialog


def _unlock(qtbot, verrou, password: str) -> None:
    screen = verrou.screen
    screen.password.setText(password)
    screen.ok.click()
    qtbot.waitUntil(lambda: not screen.checking, timeout=SLOW_MS)


def test_change_password_wrong_present_one_is_said_beside_it_then_the_new_one_unlocks(qtbot, window, profile):
    dialog = _open(qtbot, window, "Changer mon mot de passe", MotDePasseDialog)
    type_text(qtbot, dialog.ancien, "pas le bon")
    type_text(qtbot, dialog.nouveau, NOUVEAU)
    type_text(qtbot, dialog.confirmation, NOUVEAU)
    qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=SLOW_MS)
    assert dialog.isVisible()
    assert dialog.form.errors["ancien"].text() == "Mot de passe actuel incorrect."
    assert dialog.nouveau.text() == NOUVEAU  # the rest of the form kept
    connexion.connecter(profile, profile.user_id, ANCIEN)  # nothing changed

    dialog.ancien.clear()
    type_text(qtbot, dialog.ancien, ANCIEN)
    dialog.confirmation.clear()
    type_text(qtbot, dialog.confirmation, "autre chose encore")
    qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=SLOW_MS)
    assert dialog.form.errors["confirmation"].text() == "Les deux mots de passe saisis sont différents."
    assert dialog.form.errors["ancien"].text() == ""

    dialog.confirmation.clear()
    type_text(qtbot, dialog.confirmation, NOUVEAU)
    qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=SLOW_MS)  # closed (deleted)
    connexion.connecter(profile, profile.user_id, NOUVEAU)

    verrou = window.verrou
    assert verrou.lock()
    _unlock(qtbot, verrou, ANCIEN)
    assert verrou.locked and verrou.screen.error.text() == "Mot de passe incorrect."
    _unlock(qtbot, verrou, NOUVEAU)
    qtbot.waitUntil(lambda: not verrou.locked, timeout=SLOW_MS)


def test_settings_screen_changes_the_lock_delay_and_the_lock_arms_after_it(qtbot, window, profile, monkeypatch):
    monkeypatch.setattr(verrouillage, "MINUTE_MS", 40)  # a « minute » of the test: the lock must not need 5 min
    verrou = window.verrou
    verrou.set_minutes(240)  # armed far away: only the new setting can lock within the test
    dialog = _open(qtbot, window, "Paramètres du poste", ParametresDialog)
    spin = dialog.spins[S.LOCK_MINUTES.key]
    assert spin.accessibleName() == "Verrouillage après inactivité (minutes)"
    spin.selectAll()
    type_text(qtbot, spin, "3")
    type_text(qtbot, dialog.termes, "addiction")
    dialog.save()
    assert not dialog.isVisible()
    stored = json.loads(profile.settings_path.read_text(encoding="utf-8"))["values"]
    assert stored[S.LOCK_MINUTES.key] == 3 and stored[S.SENSITIVE_TERMS.key] == ["addiction"]
    assert verrou.timer.interval() == 3 * 40
    qtbot.waitUntil(lambda: verrou.locked, timeout=SLOW_MS)
    assert not window.isVisible()
    # a real minute again before unlocking: with a 120 ms delay the window would lock again between two polls
    monkeypatch.setattr(verrouillage, "MINUTE_MS", 60_000)
    verrou.set_minutes(240)
    _unlock(qtbot, verrou, ANCIEN)
    qtbot.waitUntil(lambda: not verrou.locked, timeout=SLOW_MS)
    assert window.isVisible()


def test_settings_screen_keeps_values_within_their_declared_range(qtbot, window):
    dialog = _open(qtbot, window, "Paramètres du poste", ParametresDialog)
    spin = dialog.spins[S.LOCK_MINUTES.key]
    assert (spin.minimum(), spin.maximum()) == (S.LOCK_MINUTES.minimum, S.LOCK_MINUTES.maximum)
    type_text(qtbot, dialog.termes, "x" * 101)
    dialog.save()
    assert dialog.isVisible()
    assert dialog.form.errors[S.SENSITIVE_TERMS.key].text() == "Un terme ne doit pas dépasser 100 caractères."


def _answer_when_shown(qtbot, cls, profile, answer) -> list:
    """Drive the modal dialog ``cls`` of ``profile`` once it is shown (exec() blocks the test meanwhile);
    a window of another test's profile left open is not the one."""
    from PySide6.QtCore import QTimer

    seen = []

    def poll() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, cls) and w.isVisible() and w.profile is profile), None)
        if dialog is None:
            QTimer.singleShot(50, poll)
            return
        seen.append(dialog)
        answer(dialog)

    QTimer.singleShot(0, poll)
    return seen


def test_a_profile_made_without_password_asks_for_one_before_opening(qtbot, profile, monkeypatch):
    from desktop_app.views.securite.compte import DefinirMotDePasseDialog
    from desktop_app.views.shell.verrouillage import demander_connexion

    monkeypatch.delenv("PASSERELLE_EXIT_AFTER_SHOW", raising=False)
    assert not connexion.login_requis(profile)  # as `passerelle init` made them before this change

    seen = _answer_when_shown(qtbot, DefinirMotDePasseDialog, profile, lambda d: d.buttons.rejected.emit())
    assert demander_connexion(profile) is False  # « Quitter »: nothing opens, nothing is set
    assert seen and not connexion.login_requis(profile)

    from PySide6.QtCore import QTimer

    said: list[str] = []

    def drive() -> None:  # too short first (said beside the field, the window stays), then a good one
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, DefinirMotDePasseDialog) and w.isVisible() and w.profile is profile), None)
        if dialog is not None and not dialog.saving:
            error = dialog.form.errors["nouveau"].text()
            if not said and not error:
                dialog.nouveau.setText("court")
                dialog.confirmation.setText("court")
                dialog.save()
            elif not said:
                said.append(error)
                dialog.nouveau.setText(NOUVEAU)
                dialog.confirmation.setText(NOUVEAU)
                dialog.save()
        if not (dialog is None and said):  # until the window is gone after the good one
            QTimer.singleShot(50, drive)

    QTimer.singleShot(0, drive)
    assert demander_connexion(profile) is True
    assert said == ["Le mot de passe doit compter au moins 8 caractères."]
    assert connexion.login_requis(profile)
    assert connexion.connecter(profile, profile.user_id, NOUVEAU).user_id == profile.user_id
