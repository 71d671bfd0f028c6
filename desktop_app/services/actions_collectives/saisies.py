"""Typed entries of the collective actions (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Entier, HeureSaisie, Texte


class SaisieAction(TypedDict, total=False):
    """An action collective (:func:`actions.enregistrer_action`)."""
    type: Texte
    titre: Texte
    programme: Texte
    lieu_id: Texte
    lieu_partenaire_id: Texte
    lieu_precision: Texte
    conseiller_id: Texte
    partenaire_id: Texte
    intervenant: Texte
    capacite: Entier
    vises: Entier
    note: Texte


class SaisieProgramme(TypedDict, total=False):
    """Séances to add (:func:`actions.ajouter_seances`): one on ``date``, or with ``semaines`` the same hours
    every week on the ``jours`` (0 = lundi … 6 = dimanche, empty: the weekday of ``date``)."""
    date: DateSaisie
    heure_debut: HeureSaisie
    heure_fin: HeureSaisie
    semaines: Entier
    jours: list[int]


class SaisieSeance(TypedDict, total=False):
    """A séance changed (:func:`actions.modifier_seance`)."""
    date: DateSaisie
    heure_debut: HeureSaisie
    heure_fin: HeureSaisie


class SaisiePublic(TypedDict, total=False):
    """The public counted without names at a séance (:func:`actions.noter_public`)."""
    public_compte: Entier
    public_description: Texte
