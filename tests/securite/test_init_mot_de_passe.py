"""`passerelle init` sets the first user's password (hidden prompt or --password-file): no profile without one."""
from __future__ import annotations

from desktop_app.cli import main
from desktop_app.services.profil.profile import open_profile
from desktop_app.services.securite import connexion


def _init(profile_dir, *extra):
    return main(["--profile", str(profile_dir), "init", "--structure", "ML du Val", "--user", "Inès Dupré", *extra])


def test_init_with_password_file_then_login_with_it(profile_dir, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("clé-de-voûte 2026\n", encoding="utf-8")
    assert _init(profile_dir, "--password-file", str(secret)) == 0
    assert "Profil créé" in capsys.readouterr().out
    p = open_profile(profile_dir)
    try:
        assert connexion.login_requis(p)
        [compte] = connexion.comptes(p)
        assert compte.nom == "Inès Dupré"
        try:
            connexion.connecter(p, compte.id, "clé-de-voûte")
        except connexion.ConnexionRefusee as exc:
            assert exc.message == "Mot de passe incorrect."
        else:
            raise AssertionError("un mauvais mot de passe a été accepté")
        assert connexion.connecter(p, compte.id, "clé-de-voûte 2026").user_id == compte.id
    finally:
        p.close()


def test_init_non_interactive_without_password_is_a_french_error_and_makes_nothing(profile_dir, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert _init(profile_dir) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--password-file" in err[0] and "Mot de passe du premier utilisateur" in err[0]
    assert not profile_dir.exists()


def test_init_refuses_a_weak_or_unreadable_password_file(profile_dir, tmp_path, capsys):
    weak = tmp_path / "court.txt"
    weak.write_text("abc\n", encoding="utf-8")
    assert _init(profile_dir, "--password-file", str(weak)) == 1
    assert "au moins 8 caractères" in capsys.readouterr().err
    assert _init(profile_dir, "--password-file", str(tmp_path / "absent.txt")) == 1
    assert "Impossible de lire le fichier de mot de passe" in capsys.readouterr().err
    assert not profile_dir.exists()


def test_init_asks_twice_at_a_hidden_prompt(profile_dir, monkeypatch, capsys):
    answers = iter(["trop", "assez long ici", "autre chose", "assez long ici", "assez long ici"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert _init(profile_dir) == 0
    err = capsys.readouterr().err
    assert "au moins 8 caractères" in err and "différents" in err
    p = open_profile(profile_dir)
    try:
        [compte] = connexion.comptes(p)
        assert connexion.connecter(p, compte.id, "assez long ici").user_id == compte.id
    finally:
        p.close()
