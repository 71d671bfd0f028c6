"""The « Enregistrer / Annuler » (or « Exporter… / Annuler ») buttons at the foot of a dialog."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox

_SB = QDialogButtonBox.StandardButton


def dialog_buttons(dialog: QDialog, on_accept: Callable[[], object], accept_text: str = "Enregistrer", *,
                   accept: QDialogButtonBox.StandardButton = _SB.Save) -> QDialogButtonBox:
    """``accept_text`` runs ``on_accept``; « Annuler » (and Échap) rejects ``dialog``."""
    buttons = QDialogButtonBox(accept | _SB.Cancel)
    buttons.button(accept).setText(accept_text)
    buttons.button(_SB.Cancel).setText("Annuler")
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
