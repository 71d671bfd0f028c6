"""Typed entries of the follow-up in employment (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Entier, Texte


class SaisieSuivi(TypedDict, total=False):
    """Open (or adjust) the follow-up of a hire (:func:`desktop_app.services.maintien.suivis.ouvrir`)."""
    situation_id: Texte  # the situation « Emploi »
    categorie_poste: Texte  # CategoriePoste (trial period of a CDI)
    duree_contrat_jours: Entier  # CDD or mission length in days, when more precise than the months
    fin_essai: DateSaisie  # set by hand: kept as is


class SaisieContactMaintien(TypedDict, total=False):
    """A planned contact done."""
    date_realise: DateSaisie
    compte_rendu: Texte


class SaisieIssueEssai(TypedDict, total=False):
    """How the trial period ended."""
    issue: Texte  # IssueEssai
    date_issue: DateSaisie
