"""Users with passwords: login, disabled accounts, and the growing delay after five failures (persisted)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.db.models import Utilisateur
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import utcnow
from desktop_app.security.permissions import AccesRefuse
from desktop_app.services.securite import connexion
from desktop_app.services.securite.connexion import ConnexionRefusee
from desktop_app.services.profil.profile import open_profile


def _user(profile, role="conseiller", nom="Durand") -> str:
    with profile.session() as s:
        u = Utilisateur(structure_id=profile.structure_id, nom=nom, prenom="Léa", role=role)
        s.add(u)
        s.commit()
        return u.id


def test_no_login_until_a_password_is_set_then_login_switches_the_user(profile):
    owner = profile.user_id
    assert not connexion.login_requis(profile)
    with pytest.raises(UserError, match="au moins 8 caractères"):
        connexion.definir_mot_de_passe(profile, owner, "court")
    with pytest.raises(UserError, match="différents"):
        connexion.definir_mot_de_passe(profile, owner, "Passerelle-2026", confirmation="Passerelle-2027")
    connexion.definir_mot_de_passe(profile, owner, "Passerelle-2026")
    assert connexion.login_requis(profile)
    other = _user(profile)
    with pytest.raises(AccesRefuse, match="gérer les utilisateurs"):  # a conseiller sets only its own password
        connexion.definir_mot_de_passe(profile, other, "Autre-secret-1")
    with profile.session() as s:
        stored = s.get(Utilisateur, owner).mot_de_passe_hash
    assert stored.startswith("$argon2id$") and "Passerelle-2026" not in stored

    with pytest.raises(ConnexionRefusee, match="^Mot de passe incorrect.$"):
        connexion.connecter(profile, owner, "passerelle-2026")
    actor = connexion.connecter(profile, owner, "Passerelle-2026")
    assert actor.role == "conseiller" and profile.user_id == owner
    assert [c.nom for c in connexion.comptes(profile)] == ["Amélie Lefèvre"]


def test_admin_sets_passwords_and_a_disabled_user_cannot_log_in(profile):
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()
    other = _user(profile)
    connexion.definir_mot_de_passe(profile, other, "Secret-de-Lea")
    connexion.connecter(profile, other, "Secret-de-Lea")
    with profile.session() as s:  # what a sync from the hub does when the user is disabled there
        s.get(Utilisateur, other).actif = False
        s.commit()
    with pytest.raises(ConnexionRefusee, match="compte est désactivé"):
        connexion.connecter(profile, other, "Secret-de-Lea")
    assert other not in [c.id for c in connexion.comptes(profile)]


def test_five_failures_bring_a_growing_delay_that_survives_a_restart(profile, profile_dir):
    owner = profile.user_id
    connexion.definir_mot_de_passe(profile, owner, "Passerelle-2026")
    t0 = utcnow()
    for _ in range(4):
        with pytest.raises(ConnexionRefusee, match="^Mot de passe incorrect.$"):
            connexion.connecter(profile, owner, "faux", now=t0)
    with pytest.raises(ConnexionRefusee, match="réessayez dans 30 secondes") as fifth:
        connexion.connecter(profile, owner, "faux", now=t0)
    assert fifth.value.attente_s == 30
    profile.close()

    reopened = open_profile(profile_dir)
    try:
        # even the right password waits: the delay is stored in the profile, not in memory
        with pytest.raises(ConnexionRefusee, match="réessayez dans 20 secondes"):
            connexion.connecter(reopened, owner, "Passerelle-2026", now=t0 + timedelta(seconds=10))
        t1 = t0 + timedelta(seconds=31)
        with pytest.raises(ConnexionRefusee, match="réessayez dans 1 minute") as sixth:
            connexion.connecter(reopened, owner, "faux", now=t1)
        assert sixth.value.attente_s == 60  # growing: 30 s, then 60 s
        connexion.connecter(reopened, owner, "Passerelle-2026", now=t1 + timedelta(seconds=61))
        with pytest.raises(ConnexionRefusee, match="^Mot de passe incorrect.$"):  # success reset the count
            connexion.connecter(reopened, owner, "faux", now=t1 + timedelta(seconds=62))
    finally:
        reopened.close()


def test_the_wizard_first_user_may_set_a_password(qtbot, profile_dir):
    from PySide6.QtWidgets import QWizard

    from desktop_app.views.shell.wizard import FirstRunWizard

    wizard = FirstRunWizard(profile_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.structure_page.nom.setText("Mission Locale de Sarcelles")
    wizard.next()
    wizard.user_page.nom.setText("N'Diaye")
    wizard.user_page.password.setText("court")
    wizard.next()
    assert wizard.currentPage() is wizard.user_page
    assert wizard.user_page.errors["user_password"].text() == "Le mot de passe doit compter au moins 8 caractères."
    wizard.user_page.password.setText("Sarcelles-2026")
    wizard.user_page.password_confirm.setText("Sarcelles-2026")
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.profile is not None, timeout=60_000)  # off the UI thread (argon2, key)
    profile = wizard.profile
    try:
        assert connexion.login_requis(profile)
        connexion.connecter(profile, profile.user_id, "Sarcelles-2026")
    finally:
        profile.close()
