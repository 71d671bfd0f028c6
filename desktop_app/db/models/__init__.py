"""All tables. Importing this package registers every table on ``SQLModel.metadata``."""
from __future__ import annotations

from desktop_app.db.models.accompagnement import (
    Actualite,
    DispositifParticipation,
    Frein,
    FreinStatut,
    Proposition,
    Situation,
)
from desktop_app.db.models.actions_collectives import (
    ActionCollective,
    InscriptionAction,
    PresenceSeance,
    ResultatAction,
    SeanceAction,
)
from desktop_app.db.models.agenda import RendezVous, RendezVousParticipant
from desktop_app.db.models.aujourdhui import ReglageUtilisateur, ReportAFaire
from desktop_app.db.models.base import SyncedModel
from desktop_app.db.models.emploi import (
    ContactMaintien,
    EvenementEmploi,
    EvenementEntreprise,
    EvenementEntretien,
    EvenementInvitation,
    EvenementPreparation,
    Immersion,
    SuiviMaintien,
)
from desktop_app.db.models.jeune import Jeune
from desktop_app.db.models.local import Outbox, ProfileMeta
from desktop_app.db.models.sync_local import SyncConflict, SyncQuarantine, SyncReceivedRefused, SyncRun
from desktop_app.db.models.mobilite import (
    AtelierMobilite,
    AtelierParticipation,
    AutoEcole,
    FinancementLigne,
    Moniteur,
    ObjetPret,
    ParcoursAutoEcole,
    Pret,
    Regroupement,
    RegroupementPresence,
    SuiviAutoEcole,
    Versement,
)
from desktop_app.db.models.parrainage import (
    FormationParrain,
    ObjectifParrainageLigne,
    Parrain,
    Parrainage,
    RencontreParrainage,
)
from desktop_app.db.models.partenaires import (
    ContactPartenaire,
    EchangePartenaire,
    MiseEnRelation,
    Offre,
    Partenaire,
)
from desktop_app.db.models.permanence import Permanence, PermanenceConseiller
from desktop_app.db.models.rappels import MessageRendezVous
from desktop_app.db.models.referentiel import Lieu, Structure, Utilisateur
from desktop_app.db.models.reperage import EntreeReperage, ListeReperage, TentativeContact
from desktop_app.db.models.securite import JournalAcces

# Every replicated table, parents before children (the order a fresh replica is filled in).
SYNCED_MODELS: tuple[type[SyncedModel], ...] = (
    Structure,
    Lieu,
    Utilisateur,
    Jeune,
    Partenaire,
    ContactPartenaire,
    EchangePartenaire,
    Permanence,
    PermanenceConseiller,
    AtelierMobilite,
    AtelierParticipation,
    Actualite,
    ActionCollective,
    SeanceAction,
    InscriptionAction,
    PresenceSeance,
    ResultatAction,
    RendezVous,
    RendezVousParticipant,
    MessageRendezVous,
    Frein,
    FreinStatut,
    Proposition,
    Situation,
    Offre,
    MiseEnRelation,
    DispositifParticipation,
    Immersion,
    EvenementEmploi,
    EvenementEntreprise,
    EvenementPreparation,
    EvenementInvitation,
    EvenementEntretien,
    SuiviMaintien,
    ContactMaintien,
    AutoEcole,
    Moniteur,
    ParcoursAutoEcole,
    FinancementLigne,
    Versement,
    Regroupement,
    RegroupementPresence,
    SuiviAutoEcole,
    ObjetPret,
    Pret,
    Parrain,
    FormationParrain,
    Parrainage,
    ObjectifParrainageLigne,
    RencontreParrainage,
    ListeReperage,
    EntreeReperage,
    TentativeContact,
    JournalAcces,
    ReportAFaire,
    ReglageUtilisateur,
)

MODELS_BY_TABLE: dict[str, type[SyncedModel]] = {m.__tablename__: m for m in SYNCED_MODELS}  # type: ignore[misc]

__all__ = [m.__name__ for m in SYNCED_MODELS] + ["SYNCED_MODELS", "MODELS_BY_TABLE", "Outbox", "ProfileMeta", "SyncedModel",
                                                   "SyncConflict", "SyncQuarantine", "SyncReceivedRefused", "SyncRun"]
