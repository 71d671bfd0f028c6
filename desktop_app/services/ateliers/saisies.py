"""Typed entries of the ateliers: a séance, a lendable item, a loan (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Entier, HeureSaisie, Montant, Texte


class SaisieAtelier(TypedDict, total=False):
    """A séance of the mobility atelier (:func:`seances.plan_atelier`)."""
    date: DateSaisie
    heure_debut: HeureSaisie
    heure_fin: HeureSaisie
    lieu_id: Texte
    niveau: Texte
    co_animateur_nom: Texte
    co_animateur_organisation: Texte
    capacite: Entier


class SaisieObjet(TypedDict, total=False):
    """A lendable item (:func:`prets.save_objet`)."""
    type: Texte
    libelle: Texte
    reference: Texte
    etat: Texte


class SaisiePret(TypedDict, total=False):
    """A loan (:func:`prets.start_pret`; :func:`prets.corriger_pret` also takes the return fields, a key left
    out keeping what is stored)."""
    objet_id: Texte
    jeune_id: Texte
    date_debut: DateSaisie
    date_fin_prevue: DateSaisie
    caution: Montant
    etat_depart: Texte
    date_retour: DateSaisie
    etat_retour: Texte
    caution_rendue: bool
