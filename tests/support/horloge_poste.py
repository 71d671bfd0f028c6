"""A device in its own process, driven line by line on stdin (JSON commands, JSON answers), so that a test
can run it under a false time (``faketime -f -30m python -m tests.support.horloge_poste``).

Commands: create {dir}, enroll {url, code}, sync, add {fields}, edit {id, fields…}, state {id}, quit.
Secrets stay in memory (an in-process keyring): the profile lives as long as the process.
"""
from __future__ import annotations

import json
import sys
import time

import keyring
from keyring.backend import KeyringBackend


class _Memory(KeyringBackend):
    priority = 10

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


def main() -> int:
    keyring.set_keyring(_Memory())
    from desktop_app.services.sync import echanges as sync_service
    from desktop_app.services.profil.profile import create_profile
    from desktop_app.db.models import SyncQuarantine  # noqa: F401
    from tests.support.sync import add_jeune, edit_jeune, get_jeune

    profile = None
    for line in sys.stdin:
        command = json.loads(line)
        op = command.pop("op")
        try:
            if op == "create":
                profile = create_profile(command["dir"], structure_nom="ML", user_nom="Poste", role="conseiller")
                answer = {"local_ms": time.time_ns() // 1_000_000}
            elif op == "enroll":
                sync_service.enroll(profile, command["url"], command["code"])
                answer = {}
            elif op == "sync":
                summary = sync_service.sync_once(profile)
                answer = {"sent": summary.sent, "received": summary.received, "notice": getattr(summary, "clock_notice", "")}
            elif op == "add":
                answer = {"id": add_jeune(profile, **command)}
            elif op == "edit":
                edit_jeune(profile, command.pop("id"), **command)
                answer = {}
            elif op == "state":
                answer = {"commune": get_jeune(profile, command["id"]).commune,
                          "pending": sync_service.pending_count(profile),
                          "quarantine": len(sync_service.list_quarantine(profile))}
            elif op == "quit":
                profile.close()
                print(json.dumps({}), flush=True)
                return 0
            else:
                answer = {"erreur": f"commande inconnue : {op}"}
        except Exception as exc:  # the test shows it
            answer = {"erreur": f"{exc.__class__.__name__}: {exc}"}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
