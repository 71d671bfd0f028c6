"""Every enumeration of the domain (DOMAIN.md) with its French label."""
from __future__ import annotations

from desktop_app.domain.labels import LabelledEnum


class Role(LabelledEnum):
    CONSEILLER = ("conseiller", "Conseiller·ère")
    REFERENT_PARRAINAGE = ("referent_parrainage", "Référent·e parrainage")
    PARRAIN = ("parrain", "Parrain / marraine")
    DIRECTION = ("direction", "Direction")
    ADMIN = ("admin", "Administrateur·rice")


class TypeLieu(LabelledEnum):
    AGENCE = ("agence", "Agence")
    ANTENNE = ("antenne", "Antenne")
    CLUB_SPORT = ("club_sport", "Club de sport")
    CENTRE_SOCIAL = ("centre_social", "Centre social")
    PETIT_DEJEUNER = ("petit_dejeuner", "Petit-déjeuner d'information")
    AUTRE = ("autre", "Autre lieu")


class Sexe(LabelledEnum):
    FEMME = ("F", "Femme")
    HOMME = ("H", "Homme")
    AUTRE = ("X", "Autre / non précisé")


class Nationalite(LabelledEnum):
    FRANCAISE = ("francaise", "Française")
    UE = ("ue", "Union européenne")
    HORS_UE = ("hors_ue", "Hors Union européenne")


class SituationFamiliale(LabelledEnum):
    SEUL = ("seul", "Seul·e")
    COUPLE = ("couple", "En couple")
    PARENT_ISOLE = ("parent_isole", "Parent isolé")


class Logement(LabelledEnum):
    AUTONOME = ("autonome", "Logement autonome")
    HEBERGE = ("heberge", "Hébergé·e (parents, famille, amis)")
    PRECAIRE = ("precaire", "Hébergement précaire (foyer, CHRS, hôtel)")
    SANS = ("sans", "Sans hébergement")


class NiveauFormation(LabelledEnum):
    """Niveaux du cadre national des certifications (2019)."""

    INFRA_3 = ("infra3", "Infra 3 (sans diplôme)")
    NIVEAU_3 = ("3", "Niveau 3 (CAP, BEP)")
    NIVEAU_4 = ("4", "Niveau 4 (baccalauréat)")
    NIVEAU_5 = ("5", "Niveau 5 (bac + 2)")
    NIVEAU_6_PLUS = ("6+", "Niveau 6 et plus (licence et au-delà)")


class Permis(LabelledEnum):
    OBTENU = ("obtenu", "Obtenu")
    EN_COURS = ("en_cours", "En cours")
    NON = ("non", "Non")


class MoyenTransport(LabelledEnum):
    AUCUN = ("aucun", "Aucun")
    TRANSPORTS_COMMUNS = ("transports_communs", "Transports en commun")
    VELO = ("velo", "Vélo / trottinette")
    DEUX_ROUES = ("deux_roues", "Deux-roues motorisé")
    VOITURE = ("voiture", "Voiture")


class StatutJeune(LabelledEnum):
    ACTIF = ("actif", "Actif")
    VEILLE = ("veille", "En veille")
    ARCHIVE = ("archive", "Archivé")


class TypeActualite(LabelledEnum):
    ENTRETIEN_INDIVIDUEL = ("entretien_individuel", "Entretien individuel")
    ENTRETIEN_PARTENAIRE = ("entretien_partenaire", "Entretien par un partenaire")
    ATELIER = ("atelier", "Atelier")
    INFORMATION_COLLECTIVE = ("information_collective", "Information collective")
    MEDIATION = ("mediation", "Médiation")
    VISITE = ("visite", "Visite")
    PRESTATION = ("prestation", "Prestation")
    ACTIVITES_EXTERIEURES = ("activites_exterieures", "Activités extérieures")
    AUTRE = ("autre", "Autre")


class Modalite(LabelledEnum):
    SUR_PLACE = ("sur_place", "Sur place / en permanence")
    TELEPHONE = ("telephone", "Téléphone")
    VISIO = ("visio", "Visio")
    DOMICILE = ("domicile", "À domicile")


class ThemeFrein(LabelledEnum):
    MOBILITE = ("mobilite", "Mobilité")
    FAMILLE = ("famille", "Contraintes familiales / garde d'enfants")
    SANTE = ("sante", "Santé")
    LOGEMENT = ("logement", "Logement")
    LANGUE = ("langue", "Maîtrise de la langue / illettrisme")
    NUMERIQUE = ("numerique", "Autonomie numérique")
    FINANCIER = ("financier", "Difficulté financière")
    ADMINISTRATIF = ("administratif", "Difficulté administrative")
    JUSTICE = ("justice", "Justice")


# Themes whose detail must stay a yes/no flag (CNIL): no item, no free text.
THEMES_FREIN_SENSIBLES = frozenset({ThemeFrein.SANTE, ThemeFrein.JUSTICE})


class Impact(LabelledEnum):
    FORT = ("fort", "Fort")
    MOYEN = ("moyen", "Moyen")
    FAIBLE = ("faible", "Faible")


class StatutFrein(LabelledEnum):
    IDENTIFIE = ("identifie", "Identifié")
    EN_COURS = ("en_cours", "En cours de traitement")
    LEVE = ("leve", "Levé")
    ABANDONNE = ("abandonne", "Abandonné")


class ThemeProposition(LabelledEnum):
    EMPLOI = ("emploi", "Emploi")
    FORMATION = ("formation", "Formation")
    ALTERNANCE = ("alternance", "Alternance")
    IMMERSION = ("immersion", "Immersion (PMSMP)")
    CHANTIER_ECOLE = ("chantier_ecole", "Chantier-école")
    PROJET_PRO = ("projet_pro", "Projet professionnel")
    SANTE = ("sante", "Santé")
    LOGEMENT = ("logement", "Logement")
    CITOYENNETE = ("citoyennete", "Citoyenneté")
    LOISIRS = ("loisirs", "Loisirs, sport, culture")
    CREATION = ("creation", "Création d'activité")


class StatutProposition(LabelledEnum):
    PROPOSEE = ("proposee", "Proposée")
    ACCEPTEE = ("acceptee", "Acceptée")
    REALISEE = ("realisee", "Réalisée")
    REFUSEE = ("refusee", "Refusée")
    ABANDONNEE = ("abandonnee", "Abandonnée")


class CategorieSituation(LabelledEnum):
    EMPLOI = ("emploi", "Emploi")
    ALTERNANCE = ("alternance", "Alternance")
    FORMATION = ("formation", "Formation")
    IMMERSION = ("immersion", "Immersion")
    VOLONTARIAT = ("volontariat", "Volontariat / service civique")
    SCOLARITE = ("scolarite", "Scolarité")
    DEMANDEUR_EMPLOI = ("demandeur_emploi", "Demandeur d'emploi")


class EtatSituation(LabelledEnum):
    PREVUE = ("prevue", "Prévue")
    EN_COURS = ("en_cours", "En cours")
    TERMINEE = ("terminee", "Terminée")


class TypeContrat(LabelledEnum):
    CDI = ("cdi", "CDI")
    CDD = ("cdd", "CDD")
    INTERIM = ("interim", "Intérim")
    APPRENTISSAGE = ("apprentissage", "Contrat d'apprentissage")
    PROFESSIONNALISATION = ("professionnalisation", "Contrat de professionnalisation")
    CONTRAT_AIDE = ("contrat_aide", "Contrat aidé (PEC)")
    INDEPENDANT = ("independant", "Indépendant / création")
    AUTRE = ("autre", "Autre")


class TypeDispositif(LabelledEnum):
    CIVIS = ("civis", "CIVIS")
    GARANTIE_JEUNES = ("garantie_jeunes", "Garantie jeunes")
    PACEA = ("pacea", "PACEA")
    CEJ = ("cej", "Contrat d'engagement jeune (CEJ)")
    PPAE = ("ppae", "PPAE")


class MotifSortieDispositif(LabelledEnum):
    EMPLOI = ("emploi", "Accès à l'emploi")
    FORMATION = ("formation", "Entrée en formation")
    FIN_DROITS = ("fin", "Fin de parcours")
    ABANDON = ("abandon", "Abandon")
    DEMENAGEMENT = ("demenagement", "Déménagement")
    AUTRE = ("autre", "Autre")


class NiveauAtelier(LabelledEnum):
    INITIATION = ("initiation", "Initiation")
    PERFECTIONNEMENT = ("perfectionnement", "Perfectionnement")


class CompetenceMobilite(LabelledEnum):
    """The skills checklist of an atelier mobilité; each is a boolean column of the participation."""

    LIRE_PLAN = ("lire_plan", "Lire un plan de réseau")
    ITINERAIRE = ("itineraire", "Choisir l'itinéraire le plus rapide")
    CHANGER_MODE = ("changer_mode", "Changer de mode de transport")
    AUTOMATE = ("automate", "Utiliser un automate")
    TITRE = ("titre", "Choisir le titre le moins cher")
    SIGNALETIQUE = ("signaletique", "Se repérer avec la signalétique")
    SAVOIR_VOYAGER = ("savoir_voyager", "Savoir-voyager")


class TarifSolidaire(LabelledEnum):
    GRATUITE = ("gratuite", "Gratuité")
    REDUCTION_75 = ("moins75", "Réduction de 75 %")
    REDUCTION_50 = ("moins50", "Réduction de 50 %")


class Financeur(LabelledEnum):
    JEUNE = ("jeune", "Participation du jeune")
    FAJ = ("faj", "Fonds d'aide aux jeunes (FAJ)")
    DEPARTEMENT = ("departement", "Département")
    REGION = ("region", "Région")
    COMMUNE = ("commune", "Commune / intercommunalité")
    AUTRE = ("autre", "Autre financeur")


class AxeSuiviAutoEcole(LabelledEnum):
    CONDUITE = ("conduite", "Compétence dans l'acte de conduire et de se conduire")
    VALEURS = ("valeurs", "Valeurs liées à l'expérience")
    FREINS = ("freins", "Freins individuels")


class ResultatExamen(LabelledEnum):
    REUSSI = ("reussi", "Réussi")
    ECHEC = ("echec", "Échec")


class StatutParcoursAutoEcole(LabelledEnum):
    EVALUATION = ("evaluation", "Évaluation de départ")
    EN_COURS = ("en_cours", "En cours")
    CODE_OBTENU = ("code_obtenu", "Code obtenu")
    PERMIS_OBTENU = ("permis_obtenu", "Permis obtenu")
    SUSPENDU = ("suspendu", "Suspendu")
    ABANDONNE = ("abandonne", "Abandonné")


class TypeObjetPret(LabelledEnum):
    MOBYLETTE = ("mobylette", "Mobylette / scooter")
    VELO = ("velo", "Vélo")
    VELO_ELECTRIQUE = ("velo_electrique", "Vélo à assistance électrique")
    VOITURE = ("voiture", "Voiture")
    AUTRE = ("autre", "Autre")


class EtatObjet(LabelledEnum):
    BON = ("bon", "Bon état")
    USAGE = ("usage", "Usagé")
    ENDOMMAGE = ("endommage", "Endommagé")
    HORS_SERVICE = ("hors_service", "Hors service")


class StatutParrain(LabelledEnum):
    BENEVOLE_RETRAITE = ("benevole_retraite", "Bénévole retraité·e")
    BENEVOLE_ACTIF = ("benevole_actif", "Bénévole en activité")
    SALARIE_ENTREPRISE = ("salarie_entreprise", "Salarié·e via son entreprise")
    SALARIE_FONDATION = ("salarie_fondation", "Salarié·e via une fondation")


class ObjectifParrainage(LabelledEnum):
    ILLETTRISME = ("illettrisme", "Illettrisme")
    LOGEMENT = ("logement", "Logement")
    MODE_GARDE = ("mode_garde", "Mode de garde")
    ACCES_EMPLOI = ("acces_emploi", "Accès à l'emploi")
    MAINTIEN_EMPLOI = ("maintien_emploi", "Maintien dans l'emploi")
    ORIENTATION = ("orientation", "Orientation professionnelle")
    CREATION = ("creation", "Création d'activité")


class StatutParrainage(LabelledEnum):
    EN_PREPARATION = ("en_preparation", "En préparation")
    EN_COURS = ("en_cours", "En cours")
    PROLONGE = ("prolonge", "Prolongé")
    TERMINE = ("termine", "Terminé")
    ROMPU = ("rompu", "Interrompu")


class IssueParrainage(LabelledEnum):
    CDI = ("cdi", "CDI")
    CDD = ("cdd", "CDD")
    INTERIM = ("interim", "Intérim")
    FORMATION = ("formation", "Formation")
    ALTERNANCE = ("alternance", "Alternance")
    ABANDON = ("abandon", "Abandon")
    AUTRE = ("autre", "Autre")


class TypeRencontre(LabelledEnum):
    RENCONTRE = ("rencontre", "Rencontre")
    BILAN_MI_PARCOURS = ("bilan_mi_parcours", "Bilan à mi-parcours")
    BILAN_FINAL = ("bilan_final", "Bilan final")


class LienRepresentant(LabelledEnum):
    MERE = ("mere", "Mère")
    PERE = ("pere", "Père")
    TUTEUR = ("tuteur", "Tuteur·rice légal·e")
    ASE = ("ase", "Aide sociale à l'enfance")
    AUTRE = ("autre", "Autre")


class TypeLieuRendezVous(LabelledEnum):
    """Where a rendez-vous takes place (issue 15)."""
    AGENCE = ("agence", "Agence")
    ANTENNE = ("antenne", "Antenne")
    PERMANENCE = ("permanence", "Lieu de permanence")
    PARTENAIRE = ("partenaire", "Chez un partenaire")
    VISIO = ("visio", "Visioconférence")
    TELEPHONE = ("telephone", "Téléphone")
    DOMICILE = ("domicile", "Domicile du jeune")
    AUTRE = ("autre", "Autre lieu")


class StatutRendezVous(LabelledEnum):
    PREVU = ("prevu", "Prévu")
    HONORE = ("honore", "Honoré")
    ABSENT_EXCUSE = ("absent_excuse", "Absent·e excusé·e")
    ABSENT_NON_EXCUSE = ("absent_non_excuse", "Absent·e non excusé·e")
    ANNULE = ("annule", "Annulé")
    REPORTE = ("reporte", "Reporté")


class TypePartenaire(LabelledEnum):
    """Every kind of organisation of the partners directory (issue 16)."""
    ENTREPRISE = ("entreprise", "Entreprise")
    INTERIM = ("interim", "Agence d'intérim")
    CFA = ("cfa", "CFA")
    LYCEE_PRO = ("lycee_pro", "Lycée professionnel")
    ORGANISME_FORMATION = ("organisme_formation", "Organisme de formation")
    SIAE = ("siae", "SIAE / chantier d'insertion")
    PJJ = ("pjj", "PJJ")
    ASE = ("ase", "Aide sociale à l'enfance")
    CMP_PAEJ = ("cmp_paej", "CMP / PAEJ")
    CENTRE_SOCIAL = ("centre_social", "Centre social")
    CLUB = ("club", "Club / association sportive")
    AUTO_ECOLE = ("auto_ecole", "Auto-école")
    FONDATION = ("fondation", "Fondation")
    COLLECTIVITE = ("collectivite", "Collectivité")
    FRANCE_TRAVAIL = ("france_travail", "France Travail")
    ETABLISSEMENT_SCOLAIRE = ("etablissement_scolaire", "Collège / lycée / CIO")
    AUTRE = ("autre", "Autre partenaire")


# --- Emploi (issue 16, items 4–7): immersions, événements emploi, maintien dans l'emploi ----------------------

class ObjectifImmersion(LabelledEnum):
    """The three objects of a PMSMP (Code du travail, L5135-1)."""
    DECOUVRIR = ("decouvrir", "Découvrir un métier ou un secteur d'activité")
    CONFIRMER = ("confirmer", "Confirmer un projet professionnel")
    RECRUTEMENT = ("recrutement", "Initier une démarche de recrutement")


class StatutImmersion(LabelledEnum):
    PROJET = ("projet", "En préparation")
    SIGNEE = ("signee", "Convention signée")
    EN_COURS = ("en_cours", "En cours")
    TERMINEE = ("terminee", "Terminée (bilan fait)")
    ANNULEE = ("annulee", "Annulée")


class AppreciationBilan(LabelledEnum):
    """Assiduité and savoir-être at the bilan of an immersion."""
    TRES_BIEN = ("tres_bien", "Très satisfaisant")
    BIEN = ("bien", "Satisfaisant")
    A_AMELIORER = ("a_ameliorer", "À améliorer")
    INSUFFISANT = ("insuffisant", "Insuffisant")


class SuiteImmersion(LabelledEnum):
    """What follows an immersion (its bilan)."""
    EMBAUCHE = ("embauche", "Embauche envisagée")
    ALTERNANCE = ("alternance", "Contrat en alternance envisagé")
    FORMATION = ("formation", "Entrée en formation")
    PROJET_CONFIRME = ("projet_confirme", "Projet professionnel confirmé")
    AUTRE_IMMERSION = ("autre_immersion", "Autre immersion à prévoir")
    PROJET_A_REVOIR = ("projet_a_revoir", "Projet à revoir")
    SANS_SUITE = ("sans_suite", "Sans suite")


class TypeEvenementEmploi(LabelledEnum):
    RENDEZ_VOUS_ENTREPRISE = ("rdv_entreprise", "Les rendez-vous de l'entreprise")
    FORUM = ("forum", "Forum emploi")
    JOB_DATING = ("job_dating", "Job dating")
    INFORMATION_METIERS = ("information_metiers", "Information métiers")
    MOBILISATION = ("mobilisation", "Mobilisation pour l'emploi")


class ThemePreparation(LabelledEnum):
    """Preparation sessions before an employment event (seed, préconisation 33)."""
    ENTRETIENS = ("entretiens", "Préparation aux entretiens")
    LOOK_POSTURE = ("look_posture", "Look et posture")
    CODES_SOCIAUX = ("codes_sociaux", "Codes sociaux et savoir-être")


class PresenceEvenement(LabelledEnum):
    INVITE = ("invite", "Invité·e")
    PRESENT = ("present", "Présent·e")
    ABSENT = ("absent", "Absent·e")


class IssueEntretien(LabelledEnum):
    EN_ATTENTE = ("en_attente", "Réponse attendue")
    SUITE = ("suite", "Suite donnée (second entretien, essai)")
    EMBAUCHE = ("embauche", "Embauche")
    PAS_DE_SUITE = ("pas_de_suite", "Pas de suite")


class ResultatTroisMois(LabelledEnum):
    """Where an invited jeune is three months after an employment event."""
    EMPLOI = ("emploi", "En emploi")
    ALTERNANCE = ("alternance", "En alternance")
    FORMATION = ("formation", "En formation")
    IMMERSION = ("immersion", "En immersion")
    RECHERCHE = ("recherche", "En recherche d'emploi")
    INCONNU = ("inconnu", "Sans nouvelles")


class CategoriePoste(LabelledEnum):
    """Category of the post (trial period of a CDI, Code du travail L1221-19)."""
    OUVRIER_EMPLOYE = ("ouvrier_employe", "Ouvrier·ère / employé·e")
    AGENT_MAITRISE = ("agent_maitrise", "Agent de maîtrise / technicien·ne")
    CADRE = ("cadre", "Cadre")


class IssueEssai(LabelledEnum):
    EN_COURS = ("en_cours", "Période d'essai en cours")
    VALIDEE = ("validee", "Période d'essai validée")
    RUPTURE_EMPLOYEUR = ("rupture_employeur", "Rupture à l'initiative de l'employeur")
    RUPTURE_JEUNE = ("rupture_jeune", "Rupture à l'initiative du jeune")


class EtapeMaintien(LabelledEnum):
    """The planned contacts of a follow-up in employment."""
    J7 = ("j7", "Point à J+7")
    MI_ESSAI = ("mi_essai", "Point à mi-période d'essai")
    FIN_ESSAI = ("fin_essai", "Point de fin de période d'essai")
    SIX_MOIS = ("six_mois", "Point à 6 mois (emploi durable)")
