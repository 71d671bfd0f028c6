"""After a session of sync, login, print and export, no secret is in the logs, settings or profile files:
not the database key, the device credential, a hub token, the enrolment code nor a password."""
from __future__ import annotations

import logging

import keyring
import pytest

from desktop_app.cli import main
from desktop_app.db.models import Utilisateur
from desktop_app.security import keys
from desktop_app.services.securite import connexion
from desktop_app.services.jeunes import export
from desktop_app.services.jeunes import dossier as jeunes
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.reglages import Settings
from desktop_app.views.kit import errors
from tests.support.sync import new_profile

PASSWORD = "Mot-de-passe-secret-42"


def test_no_secret_in_logs_settings_or_profile_files_after_a_full_session(hub_sqlite, tmp_path, monkeypatch):
    tokens: list[str] = []
    from desktop_app.sync import client as sync_client

    real_client = sync_client.SyncClient

    class RecordingClient(real_client):  # keeps the bearer tokens the session used, to search for them
        def __init__(self, *args, **kwargs):
            tokens.append(args[4] if len(args) > 4 else kwargs.get("token"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(sync_client, "SyncClient", RecordingClient)
    structure = hub_sqlite.structure("Mission Locale Test")
    profile = new_profile(tmp_path, "alice")
    directory = profile.directory
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    errors.use_log_dir(profile.logs_dir)
    try:
        code = hub_sqlite.code(structure, "alice")
        sync_service.enroll(profile, hub_sqlite.url, code)
        with profile.session() as s:
            s.get(Utilisateur, profile.user_id).role = "admin"
            s.commit()
        connexion.definir_mot_de_passe(profile, profile.user_id, PASSWORD)
        with pytest.raises(connexion.ConnexionRefusee):
            connexion.connecter(profile, profile.user_id, PASSWORD + "x")
        connexion.connecter(profile, profile.user_id, PASSWORD)
        jid = jeunes.create_jeune(profile, {"nom_naissance": "Benali", "prenoms": "Yanis"}).id
        sync_service.sync_once(profile)
        export.export(profile, "jeunes", "csv", tmp_path / "jeunes.csv")
        settings = Settings(profile.settings_path)
        settings.save()
        secrets = {
            "clé de la base": keys.load_key(profile.file.profile_id).hex(),
            "identifiant de l'appareil": sync_service._load_credential(profile),
            "code d'enrôlement": code,
            "mot de passe": PASSWORD,
        }
        profile.close()
        assert main(["--profile", str(directory), "print", "dossier", jid, "-o", str(tmp_path / "acces.pdf")]) == 0
        assert main(["--profile", str(directory), "sync"]) == 0
    finally:
        errors.close_log()
        root.setLevel(level)
    secrets.update({f"jeton {i}": t for i, t in enumerate(tokens) if t})
    assert len(tokens) >= 2 and all(secrets.values())

    files = [p for p in directory.rglob("*") if p.is_file() and not p.name.startswith("passerelle.db")]
    files += [tmp_path / "jeunes.csv", tmp_path / "acces.json", tmp_path / "acces.pdf"]
    names = {p.name for p in files}
    assert {"passerelle.log", "settings.json", "profile.json"} <= names, names
    log_text = (directory / "logs" / "passerelle.log").read_text(encoding="utf-8")
    assert "connexion de l'utilisateur" in log_text and "Benali" not in log_text  # a real log, no content
    for path in files:
        content = path.read_bytes().decode("utf-8", errors="replace")
        for what, secret in secrets.items():
            assert secret not in content, f"{what} trouvé dans {path.name}"
    assert keyring.get_password(keys.KEYRING_SERVICE, sync_service._credential_user(profile)) is not None
