"""Typed entries of the repérage services (plain ``dict`` at run time, every key optional)."""
from __future__ import annotations

from typing import TypedDict

from desktop_app.domain.types_saisie import DateSaisie, HeureSaisie, Texte


class SaisieListe(TypedDict, total=False):
    """A repérage list: its source (SourceReperage), the partner of the directory it came from, its date."""
    nom: Texte
    source: Texte
    partenaire_id: Texte
    date_reception: DateSaisie
    responsable_id: Texte


class SaisieEntree(TypedDict, total=False):
    """A young person signalled: a name or a contact at least."""
    nom: Texte
    prenom: Texte
    date_naissance: DateSaisie
    lieu: Texte
    telephone: Texte
    email: Texte
    motif: Texte
    conseiller_id: Texte


class SaisieTentative(TypedDict, total=False):
    """A contact try: its channel (CanalContact), outcome (ResultatTentative) and day (default today)."""
    canal: Texte
    resultat: Texte
    date: DateSaisie


class SaisieRendezVousReperage(TypedDict, total=False):
    """The rendez-vous fixed with a signalled young person (see ``services.agenda.saisies.SaisieRendezVous``)."""
    date: DateSaisie
    heure_debut: HeureSaisie
    heure_fin: HeureSaisie
    type_lieu: Texte
    lieu_id: Texte
    partenaire_id: Texte
    lieu_precision: Texte
    intitule: Texte
