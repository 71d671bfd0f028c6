"""The partners directory (issue 16): every organisation the structure works with, its contact people, the
dated history of exchanges with it, its job offers and the mises en relation of jeunes on them."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class Partenaire(SyncedModel, table=True):
    """An organisation: company, intérim agency, CFA, PJJ, centre social… (TypePartenaire)."""

    __tablename__ = "partenaire"

    structure_id: str = fk("structure.id")
    nom: str = Field(max_length=200)
    type: str = Field(default="entreprise", max_length=24)  # TypePartenaire
    adresse: str | None = None
    code_postal: str | None = Field(default=None, max_length=5)
    commune: str | None = None
    telephone: str | None = Field(default=None, max_length=20)
    email: str | None = None
    siret: str | None = Field(default=None, max_length=14)
    code_naf: str | None = Field(default=None, max_length=6)  # APE / NAF rév. 2, e.g. « 5610A »
    effectif: str | None = Field(default=None, max_length=16)  # size band, e.g. « 10-49 »
    referent_id: str | None = fk("utilisateur.id", nullable=True)  # référent entreprise of the structure
    actif: bool = True
    note: str | None = None  # free text about the organisation (never about a person)
    # Engagements (migration 0021): the réseau d'entreprises intégratrices of the seed (préco. 27, 28, 32)
    convention_signee: bool = False
    date_convention: dt.date | None = None
    immersions_offertes: bool = False
    offres_prioritaires: bool = False  # promises to send its openings to the mission locale first
    parrains_fournis: bool = False
    binome_interim: bool = False  # an intérim agency paired with the mission locale (préco. 28)


class ContactPartenaire(SyncedModel, table=True):
    """A person at a partner: personal data (access log, retention, erasure)."""

    __tablename__ = "contact_partenaire"

    partenaire_id: str = fk("partenaire.id")
    nom: str = Field(max_length=120)
    prenom: str | None = Field(default=None, max_length=120)
    fonction: str | None = Field(default=None, max_length=120)
    telephone: str | None = Field(default=None, max_length=20)
    email: str | None = None
    actif: bool = True
    date_fin_relation: dt.date | None = None  # starts the retention period of this person's data


class EchangePartenaire(SyncedModel, table=True):
    """A dated exchange with a partner (visite, appel, e-mail, rencontre), with one of its contacts or not."""

    __tablename__ = "echange_partenaire"

    partenaire_id: str = fk("partenaire.id")
    contact_id: str | None = fk("contact_partenaire.id", nullable=True)
    conseiller_id: str | None = fk("utilisateur.id", nullable=True)
    date: dt.date = Field(index=True)
    type: str = Field(max_length=16)
    objet: str | None = Field(default=None, max_length=300)  # what it was about (never about a jeune)


class Offre(SyncedModel, table=True):
    """A job offer collected from a partner, an intérim agency, France Travail or an event."""

    __tablename__ = "offre"

    structure_id: str = fk("structure.id")
    partenaire_id: str | None = fk("partenaire.id", nullable=True)
    referent_id: str | None = fk("utilisateur.id", nullable=True)
    intitule: str = Field(max_length=200)
    code_rome: str | None = Field(default=None, max_length=5)
    type_contrat: str | None = Field(default=None, max_length=24)
    duree_mois: int | None = None
    nb_postes: int = 1
    commune: str | None = None
    code_postal: str | None = Field(default=None, max_length=5)
    horaires: str | None = Field(default=None, max_length=200)
    niveau_requis: str | None = Field(default=None, max_length=8)
    permis_requis: bool = False
    mobilite: str = Field(default="aucune", max_length=12)
    date_publication: dt.date
    date_limite: dt.date | None = None
    date_debut_poste: dt.date | None = None
    source: str = Field(default="entreprise", max_length=16)
    statut: str = Field(default="ouverte", max_length=12, index=True)
    date_statut: dt.date | None = None
    description: str | None = None  # the post as the company describes it (never about a person)


class MiseEnRelation(SyncedModel, table=True):
    """A jeune proposed for an offer, each step of the pipeline dated (EtapeMiseEnRelation)."""

    __tablename__ = "mise_en_relation"

    offre_id: str = fk("offre.id")
    jeune_id: str = fk("jeune.id")
    conseiller_id: str | None = fk("utilisateur.id", nullable=True)
    etape: str = Field(default="proposee", max_length=16, index=True)
    date_proposee: dt.date
    date_candidature: dt.date | None = None
    date_entretien: dt.date | None = None
    date_retenu: dt.date | None = None
    date_embauche: dt.date | None = None
    date_non_retenu: dt.date | None = None
    date_desistement: dt.date | None = None
    situation_id: str | None = fk("situation.id", nullable=True)  # the Situation emploi an embauche opened
