"""Refusals the hub answers with: an HTTP status (always 4xx), a stable code and a French sentence."""
from __future__ import annotations


class HubError(Exception):
    def __init__(self, status: int, code: str, detail: str, *, wipe: bool = False,
                 acknowledged: int | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.wipe = status, code, detail, wipe
        self.acknowledged = acknowledged

    def body(self) -> dict:
        data = {"code": self.code, "detail": self.detail, "wipe": self.wipe}
        if self.acknowledged is not None:
            data["acknowledged"] = self.acknowledged
        return data


REVOKED = ("Cet appareil a été révoqué par l'administrateur du serveur : le profil va être verrouillé "
           "et effacé de ce poste.")
