"""The passerelle CLI: init and info, and one clear French line on errors."""
from __future__ import annotations

import pytest

from desktop_app.cli import main
from desktop_app.services.profil.profile import open_profile


@pytest.fixture(autouse=True)
def password_file(tmp_path, monkeypatch):
    """``init`` needs the first user's password: these tests give it as ``--password-file mdp.txt``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mdp.txt").write_text("mot de passe solide\n", encoding="utf-8")


def test_init_creates_a_working_profile(profile_dir, capsys):
    code = main(["--profile", str(profile_dir), "init", "--password-file", "mdp.txt", "--structure", "Mission Locale de Sarcelles",
                 "--user", "Amélie Lefèvre", "--role", "direction"])
    assert code == 0
    assert "Profil créé" in capsys.readouterr().out
    p = open_profile(profile_dir)
    try:
        from desktop_app.db.models import Structure, Utilisateur

        with p.session() as s:
            assert s.get(Structure, p.structure_id).nom == "Mission Locale de Sarcelles"
            user = s.get(Utilisateur, p.user_id)
            assert (user.prenom, user.nom, user.role) == ("Amélie", "Lefèvre", "direction")
    finally:
        p.close()


def test_init_twice_refuses_and_keeps_the_profile(profile_dir, capsys):
    assert main(["--profile", str(profile_dir), "init", "--password-file", "mdp.txt", "--structure", "ML A", "--user", "Jo Martin"]) == 0
    before = (profile_dir / "passerelle.db").read_bytes()
    assert main(["--profile", str(profile_dir), "init", "--password-file", "mdp.txt", "--structure", "ML B", "--user", "Jo Martin"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "existe déjà" in err[0]
    assert (profile_dir / "passerelle.db").read_bytes() == before


def test_info_prints_path_revision_and_counts(profile, profile_dir, capsys):
    from desktop_app.db import schema

    profile.close()
    assert main(["--profile", str(profile_dir), "info"]) == 0
    out = capsys.readouterr().out
    assert str(profile_dir) in out
    assert f"Révision du schéma : {schema.head_revision()}" in out
    assert "Effectif jeune : 0" in out
    assert "Effectif structure : 1" in out


def test_info_on_missing_profile_is_one_french_line(tmp_path, capsys):
    code = main(["--profile", str(tmp_path / "nulle-part"), "info"])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"passerelle : Aucun profil Passerelle dans « {tmp_path / 'nulle-part'} »."]
    assert not (tmp_path / "nulle-part").exists()


def test_profile_from_environment_variable(tmp_path, monkeypatch, capsys):
    target = tmp_path / "env-profil"
    monkeypatch.setenv("PASSERELLE_PROFILE", str(target))
    assert main(["init", "--password-file", "mdp.txt", "--structure", "ML Env", "--user", "Noé Bénard"]) == 0
    assert (target / "profile.json").exists()


def test_passphrase_mode_when_no_keyring(profile_dir, monkeypatch, capsys):
    from desktop_app.security import keys

    monkeypatch.setattr(keys, "keyring_available", lambda: False)
    assert main(["--profile", str(profile_dir), "init", "--password-file", "mdp.txt", "--structure", "ML", "--user", "Jo Martin"]) == 1
    assert "phrase secrète" in capsys.readouterr().err
    assert not (profile_dir / "passerelle.db").exists()
    monkeypatch.setenv("PASSERELLE_PASSPHRASE", "une phrase assez longue")
    assert main(["--profile", str(profile_dir), "init", "--password-file", "mdp.txt", "--structure", "ML", "--user", "Jo Martin"]) == 0
    assert "phrase secrète" in capsys.readouterr().out
    monkeypatch.setenv("PASSERELLE_PASSPHRASE", "mauvaise phrase")
    assert main(["--profile", str(profile_dir), "info"]) == 1
    assert "Phrase secrète incorrecte" in capsys.readouterr().err
