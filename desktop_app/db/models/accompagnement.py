"""The timeline of a dossier: actualités, freins, propositions, situations, dispositifs."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class Actualite(SyncedModel, table=True):
    """A logged contact or event (entretien, atelier, information collective…)."""

    __tablename__ = "actualite"

    jeune_id: str = fk("jeune.id")
    date: dt.date = Field(index=True)
    duree_minutes: int | None = None
    conseiller_id: str | None = fk("utilisateur.id", nullable=True)
    lieu_id: str | None = fk("lieu.id", nullable=True)
    type: str = Field(max_length=32)  # TypeActualite
    modalite: str | None = Field(default=None, max_length=16)  # Modalite
    themes: str | None = None  # ThemeProposition codes, comma-separated
    note: str | None = None  # free text: objective, never sensitive (CNIL), never exported
    permanence_id: str | None = fk("permanence.id", nullable=True)
    atelier_id: str | None = fk("atelier_mobilite.id", nullable=True)


class Frein(SyncedModel, table=True):
    __tablename__ = "frein"

    jeune_id: str = fk("jeune.id")
    theme: str = Field(max_length=16)  # ThemeFrein
    item: str | None = None  # never filled for santé/justice (yes/no only)
    impact: str | None = Field(default=None, max_length=8)  # Impact
    statut: str = Field(default="identifie", max_length=16)  # StatutFrein
    date_identification: dt.date
    date_statut: dt.date | None = None


class FreinStatut(SyncedModel, table=True):
    """One status a frein reached, and when (append-only, written by the timeline service on each change): the
    timeline shows a frein's path identifié → en cours → levé. Erased with its frein (foreign key)."""

    __tablename__ = "frein_statut"

    frein_id: str = fk("frein.id")
    statut: str = Field(max_length=16)  # StatutFrein
    date: dt.date


class Proposition(SyncedModel, table=True):
    __tablename__ = "proposition"

    jeune_id: str = fk("jeune.id")
    theme: str = Field(max_length=16)  # ThemeProposition
    libelle: str
    partenaire: str | None = None  # as typed; partenaire_id when it names one of the directory (migration 0021)
    partenaire_id: str | None = fk("partenaire.id", nullable=True)
    date_proposition: dt.date
    date_echeance: dt.date | None = None
    statut: str = Field(default="proposee", max_length=16)  # StatutProposition
    date_statut: dt.date | None = None


class Situation(SyncedModel, table=True):
    __tablename__ = "situation"

    jeune_id: str = fk("jeune.id")
    categorie: str = Field(max_length=20)  # CategorieSituation
    etat: str = Field(default="en_cours", max_length=12)  # EtatSituation
    date_debut: dt.date
    date_fin: dt.date | None = None
    employeur: str | None = None  # employer or training body
    partenaire_id: str | None = fk("partenaire.id", nullable=True)  # the employer in the directory (0021)
    type_contrat: str | None = Field(default=None, max_length=24)  # TypeContrat
    duree_contrat_mois: int | None = None
    heures_hebdo: int | None = None  # hours a week (formation, immersion, emploi): the CEJ intensity


class DispositifParticipation(SyncedModel, table=True):
    __tablename__ = "dispositif_participation"

    jeune_id: str = fk("jeune.id")
    type: str = Field(max_length=20)  # TypeDispositif
    date_debut: dt.date
    date_fin_prevue: dt.date | None = None
    date_fin_reelle: dt.date | None = None
    motif_sortie: str | None = Field(default=None, max_length=16)  # MotifSortieDispositif
