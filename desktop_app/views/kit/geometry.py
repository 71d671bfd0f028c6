"""Window geometry saved in the profile settings and restored on the next opening (Picard's PreserveGeometry idea)."""
from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop_app.services.profil.reglages import Settings, geometry_setting


def _to_text(data: QByteArray) -> str:
    return bytes(data.toBase64()).decode("ascii")


def _from_text(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode("ascii"))


def save_geometry(widget: QWidget, settings: Settings, name: str) -> None:
    settings.set(geometry_setting(name), _to_text(widget.saveGeometry()))
    if isinstance(widget, QMainWindow):
        settings.set(geometry_setting(f"{name}.state"), _to_text(widget.saveState()))


def restore_geometry(widget: QWidget, settings: Settings, name: str) -> bool:
    """Restore what :func:`save_geometry` stored; False (and nothing changed) when there is nothing valid."""
    text = settings.get(geometry_setting(name))
    if not text:
        return False
    try:
        ok = widget.restoreGeometry(_from_text(text))
    except (UnicodeEncodeError, ValueError):
        return False
    if ok and isinstance(widget, QMainWindow):
        state = settings.get(geometry_setting(f"{name}.state"))
        if state:
            widget.restoreState(_from_text(state))
    return bool(ok)


class PreserveGeometry:
    """Mixin for a top-level widget: ``restore_geometry()`` once built, geometry saved when it closes.

    The class using it sets ``geometry_name`` and ``settings`` (a :class:`Settings`) and calls
    ``self.save_geometry()`` from its ``closeEvent``.
    """

    geometry_name: str = ""
    settings: Settings

    def restore_geometry(self) -> bool:
        return restore_geometry(self, self.settings, self.geometry_name)  # type: ignore[arg-type]

    def save_geometry(self) -> None:
        save_geometry(self, self.settings, self.geometry_name)  # type: ignore[arg-type]
