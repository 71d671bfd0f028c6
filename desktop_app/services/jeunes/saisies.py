"""Typed entries of the dossier and the timeline: the keys a form, the CLI or an import may give.

Plain ``dict`` at run time (TypedDict); every key optional (``total=False``): the service says which one is
missing, in French, beside the field.
"""
from __future__ import annotations

from typing import TypedDict, Union

from desktop_app.domain.types_saisie import DateSaisie, Entier, Texte


class SaisieJeune(TypedDict, total=False):
    """Editable fields of a dossier jeune (``dossier.CHAMPS_EDITABLES``)."""
    identifiant_externe: Texte
    nom_naissance: Texte
    nom_usage: Texte
    prenoms: Texte
    sexe: Texte
    date_naissance: DateSaisie
    commune_naissance: Texte
    nationalite: Texte
    adresse: Texte
    code_postal: Texte
    commune: Texte
    code_insee: Texte
    qpv_code: Texte
    qpv_nom: Texte
    zrr: bool
    telephone: Texte
    email: Texte
    representant_nom: Texte
    representant_lien: Texte
    representant_telephone: Texte
    representant_email: Texte
    consentement_sms: bool
    consentement_email: bool
    situation_familiale: Texte
    nombre_enfants: Entier
    logement: Texte
    niveau_formation: Texte
    diplome: Texte
    permis: Texte
    moyen_transport: Texte
    inscrit_france_travail: bool
    rqth: bool
    minima_sociaux: bool
    date_premier_accueil: DateSaisie
    referent_id: Texte
    statut: Texte
    date_dernier_contact: DateSaisie
    informe_rgpd: bool


class SaisieActualite(TypedDict, total=False):
    date: DateSaisie
    duree_minutes: Entier
    conseiller_id: Texte
    lieu_id: Texte
    type: Texte
    modalite: Texte
    themes: Union[str, list[str], None]  # codes, a list or comma-separated
    note: Texte
    permanence_id: Texte
    atelier_id: Texte


class SaisieFrein(TypedDict, total=False):
    theme: Texte
    item: Texte
    impact: Texte
    statut: Texte
    date_identification: DateSaisie
    date_statut: DateSaisie


class SaisieProposition(TypedDict, total=False):
    theme: Texte
    libelle: Texte
    partenaire: Texte
    partenaire_id: Texte  # the partner of the directory picked (issue 16); otherwise found from the text
    date_proposition: DateSaisie
    date_echeance: DateSaisie
    statut: Texte
    date_statut: DateSaisie


class SaisieSituation(TypedDict, total=False):
    categorie: Texte
    etat: Texte
    date_debut: DateSaisie
    date_fin: DateSaisie
    employeur: Texte
    partenaire_id: Texte  # the employer of the directory picked (issue 16); otherwise found from the text
    type_contrat: Texte
    duree_contrat_mois: Entier
    heures_hebdo: Entier


class SaisieDispositif(TypedDict, total=False):
    type: Texte
    date_debut: DateSaisie
    date_fin_prevue: DateSaisie
    date_fin_reelle: DateSaisie
    motif_sortie: Texte


SaisieElement = Union[SaisieActualite, SaisieFrein, SaisieProposition, SaisieSituation, SaisieDispositif]
"""A timeline item of one kind (``chronologie.KINDS``: actualite, frein, proposition, situation, dispositif)."""
