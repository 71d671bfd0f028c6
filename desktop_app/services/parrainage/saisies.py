"""Typed entries of the parrainage: a parrain, a contract, a meeting (plain ``dict`` at run time)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict, Union

from desktop_app.domain.types_saisie import DateSaisie, Entier, Texte


class SaisieParrain(TypedDict, total=False):
    """A parrain or marraine of the network (:func:`parrains.enregistrer_parrain`)."""
    nom: Texte
    prenom: Texte
    statut: Texte
    telephone: Texte
    email: Texte
    employeur_reseau: Texte
    partenaire_id: Texte  # the employer chosen in the partners directory (left out: linked by its name)
    secteur: Texte
    competences: Texte
    disponibilite: Texte
    date_entree: DateSaisie
    max_filleuls: Entier
    actif: bool
    utilisateur_id: Texte


class SaisieContrat(TypedDict, total=False):
    """A parrainage contract (:func:`contrats.enregistrer_contrat`); ``objectifs``: (code, résultat attendu)."""
    jeune_id: Texte
    parrain_id: Texte
    conseiller_id: Texte
    date_debut: DateSaisie
    date_fin: DateSaisie
    formule: Texte
    rythme: Texte
    rythme_jours: Entier
    lieux: Texte
    objectifs: Sequence[Union[str, tuple[str, Union[str, None]]]]  # a code alone, or with its result
    consentement_jeune: bool
    date_consentement: DateSaisie
    consentement_representant: bool


class SaisieRencontre(TypedDict, total=False):
    """A meeting of a parrainage, noted once it took place (:func:`suivi.enregistrer_rencontre`)."""
    date: DateSaisie
    type: Texte
    duree_minutes: Entier
    lieu: Texte
    sujets: Texte
    demarches: Texte
    prochaine_etape: Texte
