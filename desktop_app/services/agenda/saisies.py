"""Typed entry of a rendez-vous (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, HeureSaisie, Texte


class SaisieRendezVous(TypedDict, total=False):
    """A rendez-vous (:func:`desktop_app.services.agenda.rendez_vous.planifier`)."""
    jeune_ids: list[str]  # one for an individual rendez-vous, several for a collective session
    conseiller_id: Texte  # default: the current user
    date: DateSaisie
    heure_debut: HeureSaisie
    heure_fin: HeureSaisie
    type_lieu: Texte  # TypeLieuRendezVous
    lieu_id: Texte
    partenaire_id: Texte
    lieu_precision: Texte
    objet: Texte  # ThemeProposition codes, comma-separated
    intitule: Texte
    a_apporter: Texte
    note: Texte
