"""The employer side (issue 16, items 4–6): immersions (PMSMP), employment events, follow-up in employment.

Every table holding a jeune's data carries ``jeune_id`` (an erasure follows it); the events themselves and the
companies present hold no personal data.
"""
from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from desktop_app.db.models.base import SyncedModel, fk


class Immersion(SyncedModel, table=True):
    """A période de mise en situation en milieu professionnel: the convention (the three parties, object, dates,
    hours, place, activities, skills to observe) and, at the end, its bilan."""

    __tablename__ = "immersion"

    structure_id: str = fk("structure.id")  # the prescripteur (the mission locale)
    jeune_id: str = fk("jeune.id")
    conseiller_id: str = fk("utilisateur.id")  # the prescripteur's conseiller
    partenaire_id: str = fk("partenaire.id")  # structure d'accueil
    tuteur_id: str | None = fk("contact_partenaire.id", nullable=True)  # None: the tutor was erased (RGPD)
    objectif: str = Field(max_length=16)  # ObjectifImmersion
    metier: str | None = Field(default=None, max_length=200)  # post or trade observed
    date_debut: dt.date = Field(index=True)
    date_fin: dt.date
    date_fin_renouvellement: dt.date | None = None  # set when renewed (once)
    heures_hebdo: int = 35
    horaires: str | None = None  # « du lundi au vendredi, 9 h – 12 h et 14 h – 17 h »
    lieu: str | None = None  # address of the place where it happens
    activites: str | None = None
    competences: str | None = None  # skills to observe, one a line
    statut: str = Field(default="projet", max_length=12)  # StatutImmersion
    date_signature: dt.date | None = None
    situation_id: str | None = fk("situation.id", nullable=True)
    # the bilan
    date_bilan: dt.date | None = None
    competences_observees: str | None = None
    assiduite: str | None = Field(default=None, max_length=12)  # AppreciationBilan
    savoir_etre: str | None = Field(default=None, max_length=12)  # AppreciationBilan
    suite: str | None = Field(default=None, max_length=16)  # SuiteImmersion
    bilan_commentaire: str | None = None


class EvenementEmploi(SyncedModel, table=True):
    """A recruitment day, forum, job dating, information métiers or mobilisation pour l'emploi session."""

    __tablename__ = "evenement_emploi"

    structure_id: str = fk("structure.id")
    conseiller_id: str = fk("utilisateur.id")  # who organises it
    type: str = Field(max_length=20)  # TypeEvenementEmploi
    intitule: str = Field(max_length=200)
    date: dt.date = Field(index=True)
    date_fin: dt.date | None = None  # several days
    heure_debut: dt.time
    heure_fin: dt.time
    lieu: str | None = None
    objectif_jeunes: int | None = None  # jeunes « visés »
    rendez_vous_id: str | None = fk("rendez_vous.id", nullable=True)  # the collective convocation of the day
    note: str | None = None


class EvenementEntreprise(SyncedModel, table=True):
    """A company present at an event, with the posts it offers."""

    __tablename__ = "evenement_entreprise"

    evenement_id: str = fk("evenement_emploi.id")
    partenaire_id: str = fk("partenaire.id")
    nb_postes: int = 0
    postes: str | None = None  # titles, one a line


class EvenementPreparation(SyncedModel, table=True):
    """A preparation session before an event (interviews, look and posture, codes sociaux); its convocations are
    a collective rendez-vous."""

    __tablename__ = "evenement_preparation"

    evenement_id: str = fk("evenement_emploi.id")
    theme: str = Field(max_length=16)  # ThemePreparation
    date: dt.date
    heure_debut: dt.time
    heure_fin: dt.time
    rendez_vous_id: str | None = fk("rendez_vous.id", nullable=True)


class EvenementInvitation(SyncedModel, table=True):
    """A jeune invited to an event: the check-in on the day and where the jeune is three months later."""

    __tablename__ = "evenement_invitation"

    evenement_id: str = fk("evenement_emploi.id")
    jeune_id: str = fk("jeune.id")
    rendez_vous_id: str | None = fk("rendez_vous.id", nullable=True)  # the convocation
    presence: str = Field(default="invite", max_length=8)  # PresenceEvenement
    resultat_3_mois: str | None = Field(default=None, max_length=12)  # ResultatTroisMois
    date_resultat: dt.date | None = None


class EvenementEntretien(SyncedModel, table=True):
    """An interview held at an event between a company and a jeune, and its outcome."""

    __tablename__ = "evenement_entretien"

    evenement_id: str = fk("evenement_emploi.id")
    jeune_id: str = fk("jeune.id")
    partenaire_id: str = fk("partenaire.id")
    poste: str | None = Field(default=None, max_length=200)
    issue: str = Field(default="en_attente", max_length=12)  # IssueEntretien
    situation_id: str | None = fk("situation.id", nullable=True)  # the job when hired


class SuiviMaintien(SyncedModel, table=True):
    """The follow-up of a hired jeune until the end of the trial period, then « emploi durable » at 6 months."""

    __tablename__ = "suivi_maintien"

    structure_id: str = fk("structure.id")
    jeune_id: str = fk("jeune.id")
    situation_id: str = fk("situation.id")
    conseiller_id: str = fk("utilisateur.id")
    categorie_poste: str = Field(default="ouvrier_employe", max_length=16)  # CategoriePoste
    duree_contrat_jours: int | None = None  # CDD / mission length in days (None: the situation's months)
    date_embauche: dt.date
    fin_essai: dt.date  # computed by domain.maintien, editable
    fin_essai_modifiee: bool = False  # the conseiller set it by hand (not recomputed)
    issue: str = Field(default="en_cours", max_length=20)  # IssueEssai
    date_issue: dt.date | None = None
    emploi_durable: bool | None = None  # checked at 6 months
    date_emploi_durable: dt.date | None = None


class ContactMaintien(SyncedModel, table=True):
    """A planned contact of a follow-up (J+7, mid-trial, end of trial, 6 months), done or not."""

    __tablename__ = "contact_maintien"

    suivi_id: str = fk("suivi_maintien.id")
    jeune_id: str = fk("jeune.id")
    etape: str = Field(max_length=12)  # EtapeMaintien
    echeance: dt.date = Field(index=True)
    date_realise: dt.date | None = None
    compte_rendu: str | None = None  # free text: never exported
