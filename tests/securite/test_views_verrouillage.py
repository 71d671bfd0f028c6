"""The lock screen: after the inactivity delay no widget showing personal data is visible; the password unlocks."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from desktop_app.services.securite import connexion
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.verrouillage import EcranConnexion, demander_connexion, installer

PASSWORD = "Passerelle-2026"


@pytest.fixture
def window(qtbot, profile, make_context):
    """The main window on a profile with a password and one jeune, on the Jeunes section."""
    jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis"})
    connexion.definir_mot_de_passe(profile, profile.user_id, PASSWORD)
    w = MainWindow(make_context(profile))
    qtbot.addWidget(w)
    w.show()
    w.show_section("jeunes")
    qtbot.waitExposed(w)
    return w


def _visible_personal_data() -> list[QWidget]:
    """Visible widgets whose text shows the jeune's name (labels, fields) — or any visible main window."""
    shown = []
    for w in QApplication.allWidgets():
        if not w.isVisible():
            continue
        text = w.text() if isinstance(w, (QLabel, QLineEdit)) else ""
        if "Benali" in text or "BENALI" in text or isinstance(w, MainWindow):
            shown.append(w)
    return shown


def test_inactivity_hides_every_window_and_only_the_password_unlocks(qtbot, window, profile):
    # the window's deferred start-up work (status bar, sync status) first: the password check queues behind it
    qtbot.waitUntil(lambda: window.background_started and window.who_label.text() != "", timeout=20_000)
    dossier = QLabel("Dossier de BENALI Yanis")  # stands for a dossier window opened beside the main one
    qtbot.addWidget(dossier)
    dossier.show()
    assert _visible_personal_data()
    verrou = installer(window)
    verrou.timer.setInterval(100)  # the setting is in minutes; the test does not wait that long
    verrou.timer.start()
    qtbot.waitUntil(lambda: verrou.locked, timeout=5000)

    assert _visible_personal_data() == []
    screen = verrou.screen
    assert isinstance(screen, EcranConnexion) and screen.isVisible()
    screen.reject()  # Échap does not dismiss the lock
    assert screen.isVisible()

    screen.password.setText("mauvais")
    screen.ok.click()
    assert screen.ok.text() == "Vérification…" and not screen.password.isEnabled()  # argon2 runs off the UI thread
    qtbot.waitUntil(lambda: not screen.checking)
    assert verrou.locked and _visible_personal_data() == []
    assert screen.error.text() == "Mot de passe incorrect."

    screen.password.setText(PASSWORD)
    screen.ok.click()
    qtbot.waitUntil(lambda: not verrou.locked)
    assert window.isVisible() and dossier.isVisible()


def test_shortcut_locks_at_once_and_a_profile_without_password_does_not_lock(qtbot, window, profile):
    verrou = installer(window)
    verrou.shortcut.activated.emit()
    assert verrou.locked and not window.isVisible()
    verrou.screen.password.setText(PASSWORD)
    verrou.screen.ok.click()
    qtbot.waitUntil(lambda: not verrou.locked)
    assert window.isVisible()

    from desktop_app.db.models import Utilisateur

    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).mot_de_passe_hash = None
        s.commit()
    assert verrou.lock() is False and window.isVisible()


def test_login_at_start_lists_users_and_refuses_a_wrong_password(qtbot, profile):
    assert not connexion.login_requis(profile)  # no password anywhere: one is set first (test_views_compte.py)
    connexion.definir_mot_de_passe(profile, profile.user_id, PASSWORD)
    dialog = EcranConnexion(profile)
    qtbot.addWidget(dialog)
    assert [dialog.user.itemText(i) for i in range(dialog.user.count())] == ["Amélie Lefèvre"]
    dialog.password.setText("faux-mot")
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.checking)
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.error.text() == "Mot de passe incorrect."
    dialog.password.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)


def test_an_open_modal_form_is_emptied_from_view_not_closed_and_keeps_what_was_typed(qtbot, window):
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    form = QDialog(window)
    form.setModal(True)
    field = QLineEdit("BENALI Yanis, 3 rue des Lilas")
    QVBoxLayout(form).addWidget(field)
    form.open()
    qtbot.waitExposed(form)
    verrou = installer(window)
    assert verrou.lock()
    assert _visible_personal_data() == [] and not field.isVisible()
    verrou.screen.password.setText(PASSWORD)
    verrou.screen.ok.click()
    qtbot.waitUntil(lambda: not verrou.locked)
    assert form.isVisible() and field.isVisible() and field.text() == "BENALI Yanis, 3 rue des Lilas"
    assert form.result() == 0 and window.isVisible()


def test_a_form_running_exec_survives_the_lock(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    form = QDialog(window)
    field = QLineEdit("BENALI Yanis")
    QVBoxLayout(form).addWidget(field)
    verrou = installer(window)
    seen = {}

    def lock_then_unlock() -> None:
        verrou.lock()
        seen["hidden"] = _visible_personal_data() == []
        verrou.screen.password.setText(PASSWORD)
        verrou.screen.ok.click()
        qtbot.waitUntil(lambda: not verrou.locked)
        seen["back"] = form.isVisible() and field.isVisible()
        form.accept()

    QTimer.singleShot(100, lock_then_unlock)
    assert form.exec() == QDialog.DialogCode.Accepted  # not ended (rejected) by the lock
    assert seen == {"hidden": True, "back": True}
