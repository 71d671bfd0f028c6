"""Typed entries of the home screen « Aujourd'hui » (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Entier, Texte


class SaisieReport(TypedDict, total=False):
    """« Reporter au… » a line of À faire (:func:`desktop_app.services.aujourdhui.reports.reporter`)."""
    cle: Texte  # ElementAFaire.cle
    jusqu_au: DateSaisie  # the line shows again on that day
    jeune_id: Texte  # the jeune the line is about (erasing the dossier erases the snooze)


class SaisieReglagesAujourdhui(TypedDict, total=False):
    """A user's settings of À faire (:func:`desktop_app.services.aujourdhui.reglages.enregistrer`)."""
    sans_contact_semaines: Entier
