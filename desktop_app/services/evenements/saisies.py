"""Typed entries of the employment events (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Entier, HeureSaisie, Texte


class SaisieEvenement(TypedDict, total=False):
    """An employment event (:func:`desktop_app.services.evenements.evenements.enregistrer`)."""
    type: Texte  # TypeEvenementEmploi
    intitule: Texte
    date: DateSaisie
    date_fin: DateSaisie
    heure_debut: HeureSaisie
    heure_fin: HeureSaisie
    lieu: Texte
    objectif_jeunes: Entier  # jeunes « visés »
    conseiller_id: Texte
    note: Texte


class SaisieEntrepriseEvenement(TypedDict, total=False):
    """A company present at an event with the posts it offers."""
    partenaire_id: Texte
    nb_postes: Entier
    postes: Texte  # titles, one a line


class SaisiePreparation(TypedDict, total=False):
    """A preparation session and the jeunes convened to it."""
    theme: Texte  # ThemePreparation
    date: DateSaisie
    heure_debut: HeureSaisie
    heure_fin: HeureSaisie
    jeune_ids: list[str]


class SaisieEntretien(TypedDict, total=False):
    """An interview held at an event (company × jeune) and its outcome; a hire says the contract."""
    jeune_id: Texte
    partenaire_id: Texte
    poste: Texte
    issue: Texte  # IssueEntretien
    type_contrat: Texte  # TypeContrat, for a hire
    duree_contrat_mois: Entier
    date_embauche: DateSaisie
