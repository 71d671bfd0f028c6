"""Kept for the modules still importing it from here: ``UserError`` lives in :mod:`desktop_app.domain.errors`."""
from desktop_app.domain.errors import UserError  # noqa: F401 (re-exported)
