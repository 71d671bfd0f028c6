"""Correcting a selected record: its correction window (« Corriger… », « Modifier… »), a :class:`FormDialog`
whose « Enregistrer » runs the service through the write operation, errors beside the fields, the window open
until the correction is saved; taking it out of use or back (« Retirer du parc », « Marquer inactive »)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.views.kit.formulaire import FormDialog, confirmer
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


def retirer_ou_remettre(owner, record, ecrire: Callable[[Any, str, bool], Any], *, titre: str, texte: str) -> None:
    """Take ``record`` out of use (after the « Oui / Non » question ``titre`` / ``texte``) or, inactive, back into
    use without a question: ``ecrire(profile, record.id, actif)`` through the write operation."""
    actif = not record.actif
    if not actif and not confirmer(owner, titre, texte):
        return
    profile, record_id = owner.context.profile, record.id
    run_write(owner.context, lambda: ecrire(profile, record_id, actif), parent=owner)
