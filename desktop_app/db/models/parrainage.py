"""Parrainage: volunteer mentors, their contracts with jeunes and conseillers, their follow-up files."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class Parrain(SyncedModel, table=True):
    __tablename__ = "parrain"

    structure_id: str = fk("structure.id")
    utilisateur_id: str | None = fk("utilisateur.id", nullable=True)  # set when the parrain has an account
    nom: str
    prenom: str
    telephone: str | None = Field(default=None, max_length=20)
    email: str | None = None
    statut: str = Field(max_length=24)  # StatutParrain
    employeur_reseau: str | None = None  # as typed; partenaire_id when it names one of the directory (0026)
    partenaire_id: str | None = fk("partenaire.id", nullable=True)
    secteur: str | None = None
    competences: str | None = None
    disponibilite: str | None = None
    max_filleuls: int = 2
    date_entree: dt.date | None = None
    actif: bool = True


class FormationParrain(SyncedModel, table=True):
    """A training session attended by a parrain."""

    __tablename__ = "formation_parrain"

    parrain_id: str = fk("parrain.id")
    date: dt.date
    theme: str


class Parrainage(SyncedModel, table=True):
    """The contract between a jeune, a conseiller and a parrain."""

    __tablename__ = "parrainage"

    jeune_id: str = fk("jeune.id")
    conseiller_id: str = fk("utilisateur.id")
    parrain_id: str = fk("parrain.id")
    date_debut: dt.date
    duree_mois: int = 6
    prolongation_mois: int = 0  # extension, or the +3 months in job
    rythme_jours: int = 30  # expected days between two rencontres
    rythme: str | None = None  # as written in the contract, e.g. "deux heures par mois"
    lieux: str | None = None
    consentement_jeune: bool = False
    date_consentement: dt.date | None = None
    consentement_representant: bool = False
    statut: str = Field(default="en_preparation", max_length=16)  # StatutParrainage
    date_fin: dt.date | None = None
    issue: str | None = Field(default=None, max_length=16)  # IssueParrainage


class ObjectifParrainageLigne(SyncedModel, table=True):
    """An objective of a parrainage: a barrier to lift and the result expected."""

    __tablename__ = "objectif_parrainage"

    parrainage_id: str = fk("parrainage.id")
    objectif: str = Field(max_length=20)  # ObjectifParrainage
    resultat_attendu: str | None = None
    progression: str | None = None
    atteint: bool = False


class RencontreParrainage(SyncedModel, table=True):
    """An entry of the parrain's follow-up file."""

    __tablename__ = "rencontre_parrainage"

    parrainage_id: str = fk("parrainage.id")
    date: dt.date
    type: str = Field(default="rencontre", max_length=20)  # TypeRencontre
    duree_minutes: int | None = None
    lieu: str | None = None
    sujets: str | None = None
    demarches: str | None = None
    prochaine_etape: str | None = None
