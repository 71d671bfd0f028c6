"""The partners directory (issue 16): every organisation the structure works with, and its contact people."""
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
