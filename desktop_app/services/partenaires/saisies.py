"""Typed entries of the partners directory: a partner, a contact person, an exchange (plain ``dict`` at run time)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, Texte


class SaisiePartenaire(TypedDict, total=False):
    """An organisation of the directory (:func:`annuaire.enregistrer_partenaire`)."""
    nom: Texte
    type: Texte
    adresse: Texte
    code_postal: Texte
    commune: Texte
    telephone: Texte
    email: Texte
    siret: Texte
    code_naf: Texte
    effectif: Texte
    referent_id: Texte
    actif: bool
    note: Texte
    convention_signee: bool
    date_convention: DateSaisie
    immersions_offertes: bool
    offres_prioritaires: bool
    parrains_fournis: bool
    binome_interim: bool


class SaisieContact(TypedDict, total=False):
    """A person at a partner (:func:`contacts.enregistrer_contact`): personal data."""
    nom: Texte
    prenom: Texte
    fonction: Texte
    telephone: Texte
    email: Texte
    actif: bool
    date_fin_relation: DateSaisie


class SaisieEchange(TypedDict, total=False):
    """A dated exchange with a partner (:func:`contacts.enregistrer_echange`)."""
    date: DateSaisie
    type: Texte
    contact_id: Texte
    objet: Texte
