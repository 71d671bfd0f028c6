"""Errors raised for the user (by services, security, documents alike): each carries a complete French sentence."""
from __future__ import annotations


class UserError(Exception):
    """An expected failure whose message is shown to the user as is (views and CLI alike)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfirmationRequise(UserError):
    """Not saved yet: the entry is possible but unusual (a second parcours at the same auto-école, a parrain
    above its maximum…). ``question`` is asked to the user (« Oui / Non »); the same service call with
    ``confirme=True`` then passes. The message (CLI, a screen that does not ask) says nothing was saved."""

    def __init__(self, question: str, titre: str = "Confirmer l'enregistrement") -> None:
        super().__init__(f"Non enregistré sans confirmation : {question}")
        self.question = question
        self.titre = titre
