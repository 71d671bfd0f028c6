"""What a device's role allows it to change through sync, beyond the structure scope (issue 8).

* Accounts are managed by administrators: changing the ``role`` or the ``actif`` flag of an existing
  ``utilisateur`` record is refused from a device not enrolled as admin (a conseiller cannot make itself admin
  on its laptop and spread it). Creating its own user, or setting a password, stays allowed.
* A device whose user is disabled on the hub (``DeviceInfo.user_active`` False) keeps syncing but loses the
  rights of its role: a disabled administrator's laptop may no longer change roles or accounts.
* The access log is append-only: an op that changes an existing ``journal_acces`` record is refused.
* The messages of a rendez-vous are written by the hub's sender (:mod:`hub.rappels`): a device may not change
  one (its outcome is the hub's to tell).
"""
from __future__ import annotations

from desktop_app.sync import wire

ADMIN = "admin"
ADMIN_ONLY_USER_FIELDS = frozenset({"role", "actif"})


def refusal(op: wire.Op, device, record: dict | None) -> tuple[str, str] | None:
    """(code, French reason) when the device's role may not make this change, else None."""
    if record is None:
        return None
    if op.table == "journal_acces":
        return "journal_lecture_seule", "Le journal des accès ne se modifie pas."
    if op.table == "message_rendez_vous":
        return "message_serveur", "Les messages des rendez-vous sont tenus par le serveur : modification refusée."
    user_active = getattr(device, "user_active", True)
    if op.table == "utilisateur" and (device.role != ADMIN or not user_active):
        stored = record["values"]
        if any(name in op.fields and op.fields[name] != stored.get(name) for name in ADMIN_ONLY_USER_FIELDS):
            if device.role == ADMIN:
                return "compte_desactive", ("Le compte administrateur pour lequel ce poste est inscrit est "
                                            "désactivé sur le serveur : ce poste ne peut plus changer le rôle "
                                            "d'un utilisateur ni activer / désactiver un compte.")
            return "permission", ("Seul un poste administrateur peut changer le rôle d'un utilisateur ou "
                                  "activer / désactiver son compte.")
    return None
