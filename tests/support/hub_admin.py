"""The hub administered through its command (``passerelle-hub user …``) against a real hub, and laptops
enrolled for its administrators."""
from __future__ import annotations

import datetime as dt

from desktop_app.db.models import Utilisateur
from desktop_app.services.sync import echanges as sync_service
from hub import utilisateurs
from hub.cli import main
from tests.support.sync import HubServer, new_profile

MOT_DE_PASSE = "Passerelle-2026!"


class HubAdmin:
    """The test hub and its database URL (the ``passerelle-hub`` command opens its own engine on it)."""

    def __init__(self, server: HubServer, url: str, capsys) -> None:
        self.server, self.url, self.capsys = server, url, capsys

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--database", self.url, *args])
        out = self.capsys.readouterr()
        assert "Traceback" not in out.err
        return code, out.out, out.err

    def ok(self, *args: str) -> str:
        code, out, err = self.run(*args)
        assert code == 0, err
        return out

    def users(self, structure: str) -> dict[str, list[str]]:
        lines = self.ok("user", "list", "--structure", structure).splitlines()
        assert lines[0].split("\t") == ["Identifiant", "Nom", "Rôle", "État", "Postes inscrits"]  # the header row
        rows = [line.split("\t") for line in lines[1:]]
        assert all(len(r) == 5 for r in rows), lines
        return {r[0]: r[1:] for r in rows}


def admin_device(hub: HubAdmin, tmp_path, structure: str, name: str = "alice"):
    """A laptop enrolled for an administrator (its own user made admin, which an admin device may push)."""
    profile = new_profile(tmp_path, name)
    sync_service.enroll(profile, hub.server.url, hub.server.code(structure, name, "admin"))
    with profile.session() as s:
        s.get(Utilisateur, profile.user_id).role = "admin"
        s.commit()
    return profile


def sync_all(*profiles) -> None:
    for p in profiles:
        sync_service.sync_once(p)


def utilisateur_local(profile, user_id: str) -> Utilisateur:
    with profile.session() as s:
        return s.get(Utilisateur, user_id)


def hub_time(monkeypatch, shift_s: float) -> None:
    """Move the hub's wall clock (its changes' clocks) by ``shift_s`` seconds."""
    real = utilisateurs.utcnow
    monkeypatch.setattr(utilisateurs, "utcnow", lambda: real() + dt.timedelta(seconds=shift_s))
