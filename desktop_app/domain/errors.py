"""Errors raised for the user (by services, security, documents alike): each carries a complete French sentence."""
from __future__ import annotations


class UserError(Exception):
    """An expected failure whose message is shown to the user as is (views and CLI alike)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
