"""Small shared widgets: the inline validation message shown beside a field."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class FieldError(QLabel):
    """A French message beside a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #a4262c;")  # a sober dark red, readable on light and dark themes
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.show_message("")
