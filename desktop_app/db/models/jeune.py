"""The young person's file (dossier jeune). Never the NIR nor an identity-document number."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class Jeune(SyncedModel, table=True):
    __tablename__ = "jeune"

    structure_id: str = fk("structure.id")
    identifiant_externe: str | None = Field(default=None, max_length=64, index=True)
    # Identité
    nom_naissance: str = Field(max_length=120)
    nom_usage: str | None = Field(default=None, max_length=120)
    prenoms: str = Field(max_length=200)
    sexe: str | None = Field(default=None, max_length=1)  # Sexe
    date_naissance: dt.date | None = None
    commune_naissance: str | None = None
    nationalite: str | None = Field(default=None, max_length=16)  # Nationalite
    # Coordonnées
    adresse: str | None = None
    code_postal: str | None = Field(default=None, max_length=5)
    commune: str | None = None
    code_insee: str | None = Field(default=None, max_length=5)
    qpv_code: str | None = Field(default=None, max_length=16)
    qpv_nom: str | None = None
    zrr: bool = False
    telephone: str | None = Field(default=None, max_length=20)
    email: str | None = None
    # Représentant légal (mineur)
    representant_nom: str | None = None
    representant_lien: str | None = Field(default=None, max_length=16)  # LienRepresentant
    representant_telephone: str | None = Field(default=None, max_length=20)
    representant_email: str | None = None
    # Consentements (issue 15): reminders and convocations are sent only on a channel the jeune agreed to
    consentement_sms: bool = False
    consentement_email: bool = False
    # Situation personnelle
    situation_familiale: str | None = Field(default=None, max_length=16)  # SituationFamiliale
    nombre_enfants: int = 0
    logement: str | None = Field(default=None, max_length=16)  # Logement
    niveau_formation: str | None = Field(default=None, max_length=8)  # NiveauFormation
    diplome: str | None = None
    permis: str | None = Field(default=None, max_length=16)  # Permis
    moyen_transport: str | None = Field(default=None, max_length=24)  # MoyenTransport
    inscrit_france_travail: bool = False
    rqth: bool = False
    minima_sociaux: bool = False
    # Accompagnement
    date_premier_accueil: dt.date | None = None
    referent_id: str | None = fk("utilisateur.id", nullable=True)
    statut: str = Field(default="actif", max_length=16)  # StatutJeune
    date_dernier_contact: dt.date | None = Field(default=None, index=True)
    informe_rgpd: bool = False  # the jeune was informed of the processing (legal basis: public-interest mission)
    # Fusion de doublons: the file this one was merged into (the merge travels as an op).
    fusionne_dans_id: str | None = fk("jeune.id", nullable=True, index=False)

    @property
    def nom_affiche(self) -> str:
        nom = self.nom_usage or self.nom_naissance
        return f"{nom.upper()} {self.prenoms}"
