"""Typed entries of the offers: an offer, a step of a mise en relation (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Entier, Texte


class SaisieOffre(TypedDict, total=False):
    """A job offer (:func:`offres.enregistrer_offre`)."""
    intitule: Texte
    partenaire_id: Texte
    code_rome: Texte
    type_contrat: Texte
    duree_mois: Entier
    nb_postes: Entier
    commune: Texte
    code_postal: Texte
    horaires: Texte
    niveau_requis: Texte
    permis_requis: bool
    mobilite: Texte
    date_publication: DateSaisie
    date_limite: DateSaisie
    date_debut_poste: DateSaisie
    source: Texte
    statut: Texte
    description: Texte
    referent_id: Texte
