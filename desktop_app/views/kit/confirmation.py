"""A write the service may ask to confirm: the service raises
:class:`~desktop_app.domain.errors.ConfirmationRequise` (a second parcours at the same auto-école, a parrain above
its maximum…); the user is asked its question where they acted, and « Oui » runs the same write again with
``confirme=True``. Any other failure is shown as usual (field errors beside the form's fields)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.domain.errors import ConfirmationRequise
from desktop_app.views.kit.operation import ShowsErrors, WriteOp, run_write, show_failure


def demander(parent: QWidget | None, exc: ConfirmationRequise) -> bool:
    """« Oui / Non » on the service's question, « Non » by default (replaceable in tests)."""
    answer = QMessageBox.question(parent, exc.titre, exc.question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def run_write_confirmable(context, fn: Callable[[bool], Any], *, parent: QWidget | None = None,
                          form: ShowsErrors | None = None, on_done: Callable[[Any], None] | None = None,
                          titre: str = "Non enregistré") -> WriteOp:
    """``fn(confirme)`` is run with ``False``; if the service asks, the question is put and ``fn(True)`` runs
    on « Oui » (nothing is written on « Non »)."""

    def failed(exc: BaseException) -> None:
        if isinstance(exc, ConfirmationRequise):
            if demander(parent, exc):
                run_write(context, lambda: fn(True), on_done=on_done, form=form, parent=parent, titre=titre)
            return
        show_failure(exc, parent=parent, form=form, titre=titre)

    return run_write(context, lambda: fn(False), on_done=on_done, on_error=failed, form=form, parent=parent,
                     titre=titre)
