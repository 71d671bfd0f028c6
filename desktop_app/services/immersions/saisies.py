"""Typed entries of the immersions (PMSMP) and of the minimal partner they may create (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Entier, Texte


class SaisieImmersion(TypedDict, total=False):
    """An immersion's convention (:func:`desktop_app.services.immersions.immersions.enregistrer`)."""
    jeune_id: Texte
    conseiller_id: Texte  # the prescripteur's conseiller (default: the current user)
    partenaire_id: Texte  # structure d'accueil
    tuteur_id: Texte  # ContactPartenaire of the host
    objectif: Texte  # ObjectifImmersion
    metier: Texte
    date_debut: DateSaisie
    date_fin: DateSaisie
    heures_hebdo: Entier
    horaires: Texte
    lieu: Texte
    activites: Texte
    competences: Texte


class SaisieBilan(TypedDict, total=False):
    """The bilan at the end of an immersion."""
    date_bilan: DateSaisie
    competences_observees: Texte
    assiduite: Texte  # AppreciationBilan
    savoir_etre: Texte  # AppreciationBilan
    suite: Texte  # SuiteImmersion
    bilan_commentaire: Texte


class SaisiePartenaireMinimal(TypedDict, total=False):
    """A company created inline from an immersion or event form when it is not in the directory yet."""
    nom: Texte
    commune: Texte
    telephone: Texte


class SaisieTuteur(TypedDict, total=False):
    """A tutor (a contact person of the host)."""
    partenaire_id: Texte
    nom: Texte
    prenom: Texte
    fonction: Texte
    telephone: Texte
    email: Texte
