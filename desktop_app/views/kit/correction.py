"""The correction window of a selected record (« Corriger… », « Modifier… »): a :class:`FormDialog` whose
« Enregistrer » runs the service through the write operation, errors beside the fields, the window open until
the correction is saved."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.views.kit.formulaire import FormDialog
from desktop_app.views.kit.operation import run_write


def dialogue_correction(owner, titre: str, ecrire: Callable[[Any, dict[str, Any]], Any], *, intro: str = "",
                        completer: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
                        apres: Callable[[Any], None] | None = None) -> FormDialog:
    """The window of ``owner`` (a screen with a ``context``), kept as ``owner.dialog``: the caller adds the
    fields, then calls ``open()``. « Enregistrer » runs ``ecrire(profile, values)`` off the UI thread
    (``completer(values)`` first, on the UI thread, for what lies outside the form); once saved the window
    closes, then ``apres(result)`` runs."""
    context = owner.context
    profile = context.profile

    def done(result: Any) -> None:
        dialog.saved(result)
        if apres is not None:
            apres(result)

    def submit(values: dict[str, Any]) -> None:
        if completer is not None:
            values = completer(values)
        run_write(context, lambda: ecrire(profile, values), form=dialog.form, parent=dialog, on_done=done)

    dialog = FormDialog(titre, submit, owner, intro=intro)
    owner.dialog = dialog
    return dialog
