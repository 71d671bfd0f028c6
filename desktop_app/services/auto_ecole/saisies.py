"""Typed entries of the auto-école sociale: a partner school, a parcours, a financing line (plain ``dict``)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Entier, Montant, Texte


class SaisieAutoEcole(TypedDict, total=False):
    """A partner driving school (:func:`partenaires.save_auto_ecole`)."""
    nom: Texte
    numero_agrement: Texte
    assureur: Texte
    adresse: Texte
    code_postal: Texte
    commune: Texte
    telephone: Texte
    representant: Texte
    partenaire_id: Texte  # the school chosen in the partners directory (left out: linked by its name)


class SaisieParcours(TypedDict, total=False):
    """A parcours (:func:`parcours.save_parcours`); ``cout_total`` in euros. A key left out keeps what is stored."""
    jeune_id: Texte
    auto_ecole_id: Texte
    moniteur_id: Texte
    conseiller_id: Texte
    date_evaluation: DateSaisie
    date_debut: DateSaisie
    date_auto_evaluation: DateSaisie
    date_code: DateSaisie
    date_permis: DateSaisie
    date_signature: DateSaisie
    heures_prevues_evaluation: Entier
    heures_planifiees: Entier
    heures_contrepartie: Entier
    duree_mois: Entier
    cout_total: Montant
    statut: Texte
    resultat_code: Texte
    resultat_permis: Texte
    contreparties: Texte
    auto_evaluation: Texte
    lieu_signature: Texte


class LigneFinancementSaisie(TypedDict, total=False):
    """One line of the financing table (:func:`financement.set_financement`); ``id`` when it already exists."""
    id: Texte
    financeur: Texte
    montant: Montant
    libelle: Texte
    echeancier: Texte
