"""First start as a user lives it: the wizard creates a working profile; the passphrase dialog reopens it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from desktop_app.db.models import Structure, Utilisateur
from desktop_app.services.profil.profile import create_profile, open_profile, profile_exists
from desktop_app.views.shell.passphrase import PassphraseDialog
from desktop_app.views.shell.wizard import FirstRunWizard
from tests.support.vues import type_text

NEXT, FINISH = QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton


def _click(qtbot, wizard: QWizard, which) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def show_wizard(qtbot):
    def show(directory) -> FirstRunWizard:
        wizard = FirstRunWizard(directory)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard

    yield show


def _fill_structure_and_user(qtbot, wizard: FirstRunWizard, structure: str = "Mission Locale de Sarcelles") -> None:
    _click(qtbot, wizard, NEXT)  # welcome → structure
    type_text(qtbot, wizard.structure_page.nom, structure)
    _click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.user_page
    type_text(qtbot, wizard.user_page.prenom, "Éloïse")
    type_text(qtbot, wizard.user_page.nom, "N'Diaye")
    combo = wizard.user_page.role
    combo.setCurrentIndex(combo.findText("Référent·e parrainage"))
    type_text(qtbot, wizard.user_page.password, "Sarcelles-2026")
    type_text(qtbot, wizard.user_page.password_confirm, "Sarcelles-2026")
    _click(qtbot, wizard, NEXT)


def test_wizard_creates_a_working_profile(show_wizard, qtbot, profile_dir):
    wizard = show_wizard(profile_dir)
    assert wizard.passphrase_page is None  # the test keyring is available: no passphrase asked
    _fill_structure_and_user(qtbot, wizard)
    assert wizard.currentPage() is wizard.summary_page
    assert "Mission Locale de Sarcelles" in wizard.summary_page.summary.text()
    _click(qtbot, wizard, FINISH)
    assert wizard.summary_page.progress.text().startswith("Création du profil")  # the key is derived off the UI thread
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=60_000)
    assert not wizard.isVisible() and not wizard.summary_page.progress.text()
    wizard.profile.close()

    assert profile_exists(profile_dir)
    reopened = open_profile(profile_dir)
    try:
        with reopened.session() as s:
            assert s.get(Structure, reopened.structure_id).nom == "Mission Locale de Sarcelles"
            user = s.get(Utilisateur, reopened.user_id)
            assert (user.prenom, user.nom, user.role) == ("Éloïse", "N'Diaye", "referent_parrainage")
    finally:
        reopened.close()


def test_empty_structure_name_is_refused_with_a_message(show_wizard, qtbot, profile_dir):
    wizard = show_wizard(profile_dir)
    _click(qtbot, wizard, NEXT)
    type_text(qtbot, wizard.structure_page.nom, "   ")
    _click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.structure_page
    message = wizard.structure_page.errors["structure_nom"]
    assert message.isVisible() and message.text() == "Indiquez le nom de votre structure."
    # typing clears the message, and the wizard goes on
    type_text(qtbot, wizard.structure_page.nom, "ML Est")
    assert not message.isVisible()
    _click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.user_page
    assert not profile_exists(profile_dir)


def test_missing_user_name_keeps_the_rest_of_the_form(show_wizard, qtbot, profile_dir):
    wizard = show_wizard(profile_dir)
    _click(qtbot, wizard, NEXT)
    type_text(qtbot, wizard.structure_page.nom, "ML Est")
    _click(qtbot, wizard, NEXT)
    type_text(qtbot, wizard.user_page.prenom, "Amélie")
    _click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.user_page
    assert wizard.user_page.errors["user_nom"].text() == "Indiquez votre nom."
    assert wizard.user_page.prenom.text() == "Amélie"


def test_an_empty_password_is_refused_at_the_field_like_init_does(show_wizard, qtbot, profile_dir):
    wizard = show_wizard(profile_dir)
    _click(qtbot, wizard, NEXT)
    type_text(qtbot, wizard.structure_page.nom, "ML Est")
    _click(qtbot, wizard, NEXT)
    type_text(qtbot, wizard.user_page.prenom, "Amélie")
    type_text(qtbot, wizard.user_page.nom, "Kaci")
    _click(qtbot, wizard, NEXT)  # no password typed
    assert wizard.currentPage() is wizard.user_page
    message = wizard.user_page.errors["user_password"]
    assert message.isVisible() and message.text().startswith("Choisissez un mot de passe")
    assert wizard.user_page.nom.text() == "Kaci" and wizard.user_page.prenom.text() == "Amélie"
    type_text(qtbot, wizard.user_page.password, "        ")  # eight spaces: the rule of init and of the change
    _click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.user_page
    assert message.text() == "Le mot de passe ne doit pas commencer ni finir par une espace."
    wizard.user_page.password.clear()
    type_text(qtbot, wizard.user_page.password, "Sarcelles-2026")
    type_text(qtbot, wizard.user_page.password_confirm, "Sarcelles-2026")
    _click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.summary_page


SLOW_MS = 60_000  # key derivation and profile creation off the UI thread: seconds on a loaded machine


def test_passphrase_page_without_keyring_then_reopening(show_wizard, qtbot, profile_dir, monkeypatch):
    monkeypatch.setattr("desktop_app.security.keys.keyring_available", lambda: False)
    wizard = show_wizard(profile_dir)
    assert wizard.passphrase_page is not None
    _fill_structure_and_user(qtbot, wizard)
    page = wizard.passphrase_page
    assert wizard.currentPage() is page

    type_text(qtbot, page.first, "court")
    _click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is page
    assert page.errors["passphrase"].isVisible()
    assert "Au moins 8 caractères" in page.errors["passphrase"].text()

    page.first.clear()
    type_text(qtbot, page.first, "bonne phrase secrète")
    type_text(qtbot, page.second, "autre phrase secrète")
    _click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is page
    assert page.errors["passphrase_confirm"].text() == "Les deux saisies ne sont pas identiques."

    type_text(qtbot, page.second, "bonne phrase secrète")
    _click(qtbot, wizard, NEXT)
    _click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: wizard.profile is not None, timeout=SLOW_MS)
    assert wizard.profile.file.key_mode == "passphrase"
    wizard.profile.close()

    dialog = PassphraseDialog(profile_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.field, "mauvaise phrase")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.open_button.text() == "Vérification…" and not dialog.open_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=SLOW_MS)
    assert dialog.isVisible() and dialog.profile is None
    assert dialog.error.isVisible() and dialog.error.text().startswith("Phrase secrète incorrecte")

    dialog.field.clear()
    type_text(qtbot, dialog.field, "bonne phrase secrète")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == PassphraseDialog.DialogCode.Accepted, timeout=SLOW_MS)
    with dialog.profile.session() as s:
        assert s.get(Structure, dialog.profile.structure_id).nom == "Mission Locale de Sarcelles"
    dialog.profile.close()


def test_unreadable_profile_gives_a_french_message_and_exit_1(profile_dir, memory_keyring, monkeypatch):
    from desktop_app.views.shell.app import open_or_create

    create_profile(profile_dir, structure_nom="ML Est", user_nom="Martin").close()
    db = profile_dir / "passerelle.db"
    before = db.read_bytes()
    memory_keyring.secrets.clear()  # the keyring lost the key (another laptop, a reset account…)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))

    assert open_or_create(profile_dir) == 1
    assert len(shown) == 1 and "clé de chiffrement de ce profil est introuvable" in shown[0]
    assert db.read_bytes() == before  # never a new database over the old one
