"""Mobility: ateliers mobilité, auto-école sociale parcours, prêts of the plate-forme mobilité."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class AtelierMobilite(SyncedModel, table=True):
    __tablename__ = "atelier_mobilite"

    structure_id: str = fk("structure.id")
    lieu_id: str | None = fk("lieu.id", nullable=True)
    date: dt.date = Field(index=True)
    heure_debut: dt.time | None = None
    heure_fin: dt.time | None = None
    niveau: str = Field(default="initiation", max_length=16)  # NiveauAtelier
    co_animateur_nom: str | None = None
    co_animateur_organisation: str | None = None
    capacite: int = 15  # at most 15 (DOMAIN.md)
    animateur_id: str | None = fk("utilisateur.id", nullable=True)


class AtelierParticipation(SyncedModel, table=True):
    """A jeune enrolled in an atelier; one boolean column per skill so that two devices ticking
    different skills merge field by field."""

    __tablename__ = "atelier_participation"

    atelier_id: str = fk("atelier_mobilite.id")
    jeune_id: str = fk("jeune.id")
    present: bool | None = None  # None: attendance not yet marked
    lire_plan: bool = False
    itineraire: bool = False
    changer_mode: bool = False
    automate: bool = False
    titre: bool = False
    signaletique: bool = False
    savoir_voyager: bool = False
    tarif_solidaire: str | None = Field(default=None, max_length=12)  # TarifSolidaire
    demarche_tarif_engagee: bool = False


class AutoEcole(SyncedModel, table=True):
    """A partner driving school."""

    __tablename__ = "auto_ecole"

    structure_id: str = fk("structure.id")
    nom: str
    numero_agrement: str | None = Field(default=None, max_length=32)
    assureur: str | None = None
    adresse: str | None = None
    code_postal: str | None = Field(default=None, max_length=5)
    commune: str | None = None
    telephone: str | None = Field(default=None, max_length=20)
    representant: str | None = None  # who signs for the driving school
    actif: bool = True
    partenaire_id: str | None = fk("partenaire.id", nullable=True)  # the school in the directory (0026)


class Moniteur(SyncedModel, table=True):
    __tablename__ = "moniteur"

    auto_ecole_id: str = fk("auto_ecole.id")
    nom: str
    prenom: str | None = None
    actif: bool = True


class ParcoursAutoEcole(SyncedModel, table=True):
    __tablename__ = "parcours_auto_ecole"

    jeune_id: str = fk("jeune.id")
    auto_ecole_id: str = fk("auto_ecole.id")
    moniteur_id: str | None = fk("moniteur.id", nullable=True)
    conseiller_id: str | None = fk("utilisateur.id", nullable=True)
    date_evaluation: dt.date | None = None
    heures_prevues_evaluation: int | None = None  # forecast of the initial evaluation
    heures_planifiees: int | None = None
    cout_total_centimes: int | None = None
    contreparties: str | None = None  # e.g. "20 h de bénévolat au centre social"
    heures_contrepartie: int | None = None
    date_debut: dt.date | None = None
    duree_mois: int = 12
    statut: str = Field(default="evaluation", max_length=16)  # StatutParcoursAutoEcole
    date_auto_evaluation: dt.date | None = None  # 6-month self-evaluation with the moniteur
    auto_evaluation: str | None = None
    date_code: dt.date | None = None
    resultat_code: str | None = Field(default=None, max_length=8)  # ResultatExamen
    date_permis: dt.date | None = None
    resultat_permis: str | None = Field(default=None, max_length=8)  # ResultatExamen
    lieu_signature: str | None = None
    date_signature: dt.date | None = None


class FinancementLigne(SyncedModel, table=True):
    __tablename__ = "financement_ligne"

    parcours_id: str = fk("parcours_auto_ecole.id")
    financeur: str = Field(max_length=16)  # Financeur
    libelle: str | None = None
    montant_centimes: int
    echeancier: str | None = None  # e.g. "10 × 30 € le 5 du mois"


class Versement(SyncedModel, table=True):
    """A payment received against a financing line."""

    __tablename__ = "versement"

    ligne_id: str = fk("financement_ligne.id")
    date: dt.date
    montant_centimes: int
    date_prevue: dt.date | None = None


class Regroupement(SyncedModel, table=True):
    """The monthly group meeting of the jeunes in auto-école sociale."""

    __tablename__ = "regroupement"

    structure_id: str = fk("structure.id")
    date: dt.date = Field(index=True)
    lieu_id: str | None = fk("lieu.id", nullable=True)
    theme: str | None = None


class RegroupementPresence(SyncedModel, table=True):
    __tablename__ = "regroupement_presence"

    regroupement_id: str = fk("regroupement.id")
    parcours_id: str = fk("parcours_auto_ecole.id")
    present: bool = False


class SuiviAutoEcole(SyncedModel, table=True):
    """An individual follow-up on one of the three axes of the seed."""

    __tablename__ = "suivi_auto_ecole"

    parcours_id: str = fk("parcours_auto_ecole.id")
    date: dt.date
    axe: str = Field(max_length=12)  # AxeSuiviAutoEcole
    observation: str | None = None
    heures_effectuees: int | None = None


class ObjetPret(SyncedModel, table=True):
    """An item of the plate-forme mobilité lent to jeunes (mobylette, vélo, voiture…)."""

    __tablename__ = "objet_pret"

    structure_id: str = fk("structure.id")
    type: str = Field(max_length=16)  # TypeObjetPret
    libelle: str
    reference: str | None = None  # plate or inventory number of the item (never a person's)
    etat: str = Field(default="bon", max_length=16)  # EtatObjet
    actif: bool = True


class Pret(SyncedModel, table=True):
    __tablename__ = "pret"

    objet_id: str = fk("objet_pret.id")
    jeune_id: str = fk("jeune.id")
    date_debut: dt.date
    date_fin_prevue: dt.date
    date_retour: dt.date | None = None
    caution_centimes: int = 0
    caution_rendue: bool = False
    etat_depart: str | None = Field(default=None, max_length=16)  # EtatObjet
    etat_retour: str | None = Field(default=None, max_length=16)  # EtatObjet
