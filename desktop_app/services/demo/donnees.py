"""Reference lists for the demo data: fictitious people, real-looking places of the Val-d'Oise, note templates.

Every person here is invented; communes, codes postaux and INSEE codes look like the real ones, QPV
quartiers carry codes of the 2024 form (QN0xxxxx). Weights are rough national shares, good enough for
statistics screens to show believable distributions.
"""
from __future__ import annotations

PRENOMS_F = (
    "Éloïse", "Maëlys", "Anaïs", "Chloé", "Zoé", "Léa", "Inès", "Jade", "Louna", "Ambre", "Manon", "Camille",
    "Sarah", "Yasmine", "Aïcha", "Fatoumata", "Océane", "Lina", "Naïma", "Mélissa", "Héloïse", "Noémie",
    "Clémence", "Salomé", "Léna", "Marie-Lou", "Anne-Sophie", "Bérénice", "Aminata", "Kenza", "Rose", "Jeanne",
    "Agathe", "Lou", "Thaïs", "Maïwenn", "Gaëlle", "Mégane", "Cécile", "Nadège", "Mariam", "Awa", "Emma",
    "Julie", "Laura", "Sofia", "Hawa", "Assia", "Lilou", "Élodie", "Maëva", "Soraya", "Djeneba", "Linh",
)
PRENOMS_H = (
    "Noé", "Yanis", "Jean-Baptiste", "Théo", "Léo", "Mathéo", "Raphaël", "Gaël", "Loïc", "Anaël", "Adam",
    "Mohamed", "Moussa", "Ibrahim", "Amine", "Ilyès", "Rayan", "Kylian", "Lucas", "Hugo", "Enzo", "Nathan",
    "Jérémy", "Clément", "Benoît", "Jérôme", "Thibault", "Mamadou", "Pierre-Antoine", "Aurélien", "Timothée",
    "Élie", "Joël", "Anthony", "Kévin", "Dylan", "Sofiane", "Hamza", "Issa", "Bilal", "Grégoire", "Andréa",
    "Ethan", "Mehdi", "Samy", "Wassim", "Youssouf", "Quentin", "Maxime", "Jean-Michel", "Ismaël", "Baptiste",
)
NOMS = (
    "N'Diaye", "Lefèvre", "Da Silva", "Bénard", "Le Goff", "Ngô", "Aït-Ali", "Kowalczyk", "Martin", "Bernard",
    "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
    "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
    "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure",
    "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin", "Mathieu", "Gauthier",
    "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Lemaire", "Duval",
    "Joly", "Noël", "Meyer", "Meunier", "Pérez", "Marchand", "Dufour", "Barbier", "Brunet", "Schmitt",
    "Fernandez", "Renard", "Caron", "Giraud", "Leclerc", "Vidal", "Picard", "Lacroix", "Fabre", "Dupuis",
    "Diallo", "Traoré", "Koné", "Camara", "Cissé", "Sow", "Sylla", "Touré", "Keïta", "Benali", "Haddad",
    "Belkacem", "Mansouri", "Chérif", "Benaïssa", "El Amrani", "Ouédraogo", "Tran", "Pham", "Lê", "Yılmaz",
    "Öztürk", "Şahin", "Çelik", "Dos Santos", "Ferreira", "Gonçalves", "D'Almeida", "De Oliveira", "L'Hôte",
    "Saint-Martin", "Le Bihan", "Le Gall", "Ménard", "Hébert", "Lebœuf", "Nowak", "Popescu", "Kaya",
)

# (commune, code postal, code INSEE, ZRR, ((QPV code, QPV name), ...), weight)
COMMUNES = (
    ("Sarcelles", "95200", "95585", False, (("QN095040", "Lochères"), ("QN095041", "Les Rosiers-Chantepie")), 16),
    ("Garges-lès-Gonesse", "95140", "95268", False, (("QN095032", "Dame Blanche"), ("QN095033", "La Muette")), 12),
    ("Villiers-le-Bel", "95400", "95680", False, (("QN095052", "Derrière-les-Murs-de-Monseigneur"),
                                                  ("QN095053", "Puits-la-Marlière")), 11),
    ("Goussainville", "95190", "95280", False, (("QN095036", "Les Grandes Bornes"),), 8),
    ("Gonesse", "95500", "95277", False, (("QN095034", "La Fauconnière"), ("QN095035", "Saint-Blin")), 8),
    ("Arnouville", "95400", "95019", False, (("QN095012", "Les Bourguignons"),), 4),
    ("Fosses", "95470", "95250", False, (("QN095030", "Centre-ville de Fosses"),), 3),
    ("Louvres", "95380", "95351", False, (), 3),
    ("Saint-Brice-sous-Forêt", "95350", "95539", False, (("QN095046", "Les Vergers"),), 4),
    ("Écouen", "95440", "95205", False, (), 2),
    ("Ézanville", "95460", "95229", False, (), 2),
    ("Domont", "95330", "95199", False, (), 3),
    ("Montmorency", "95160", "95428", False, (), 3),
    ("Deuil-la-Barre", "95170", "95197", False, (), 3),
    ("Marly-la-Ville", "95670", "95371", False, (), 2),
    ("Survilliers", "95470", "95604", False, (), 1),
    ("Luzarches", "95270", "95352", True, (), 1),
    ("Viarmes", "95270", "95652", True, (), 1),
    ("Chaumontel", "95270", "95150", True, (), 1),
    ("Bellefontaine", "95270", "95055", True, (), 1),
    ("Fontenay-en-Parisis", "95190", "95241", True, (), 1),
)
COMMUNES_NAISSANCE_ETRANGER = (
    "Dakar (Sénégal)", "Bamako (Mali)", "Alger (Algérie)", "Casablanca (Maroc)", "Tunis (Tunisie)",
    "Abidjan (Côte d'Ivoire)", "Kinshasa (RD Congo)", "Istanbul (Turquie)", "Bucarest (Roumanie)",
    "Lisbonne (Portugal)", "Port-au-Prince (Haïti)", "Kaboul (Afghanistan)", "Conakry (Guinée)",
)
COMMUNES_NAISSANCE_FRANCE = ("Paris 18e", "Saint-Denis", "Pontoise", "Argenteuil", "Creil", "Aulnay-sous-Bois",
                             "Bobigny", "Beaumont-sur-Oise", "Lille", "Pointe-à-Pitre")
VOIES = ("rue Jean-Jaurès", "avenue du 8-Mai-1945", "allée des Érables", "rue Pierre-Sémard",
         "boulevard Salvador-Allende", "place de l'Église", "rue de la République", "chemin des Prés",
         "rue Édouard-Vaillant",
         "résidence Les Tilleuls", "rue du Général-Leclerc", "avenue Paul-Valéry", "impasse des Lilas",
         "rue Gabriel-Péri", "square Léon-Blum")

# (nom, type, adresse, code postal, commune); the profile's own "Agence" lieu is kept and completed.
LIEUX = (
    ("Antenne de Goussainville", "antenne", "4 place de la Charmeuse", "95190", "Goussainville"),
    ("Antenne de Villiers-le-Bel", "antenne", "12 avenue Pierre-Sémard", "95400", "Villiers-le-Bel"),
    ("Antenne de Luzarches", "antenne", "2 rue Saint-Damien", "95270", "Luzarches"),
    ("Club de boxe de Garges", "club_sport", "Gymnase Jean-Jaurès, 1 rue Henri-Barbusse", "95140",
     "Garges-lès-Gonesse"),
    ("Centre social Les Rosiers", "centre_social", "5 allée Claude-Debussy", "95200", "Sarcelles"),
    ("Petit-déjeuner d'information de la Maison de quartier", "petit_dejeuner", "3 rue Gabriel-Péri",
     "95400", "Villiers-le-Bel"),
    ("Médiathèque Anatole-France", "autre", "8 boulevard Salvador-Allende", "95500", "Gonesse"),
)
STRUCTURE_ADRESSE = ("18 avenue du 8-Mai-1945", "95200", "Sarcelles", "01 39 90 12 34")

NOTES_ACTUALITE = (
    "Point sur la recherche d'emploi : trois candidatures envoyées cette semaine.",
    "Mise à jour du CV et de la lettre de motivation.",
    "Préparation à l'entretien d'embauche (simulation).",
    "Point sur le projet professionnel : intérêt confirmé pour la logistique.",
    "Orientation vers une information collective sur l'alternance.",
    "Aide à la création de l'espace France Travail.",
    "Point sur les démarches de logement : dossier de demande déposé.",
    "Relance de l'organisme de formation pour la date d'entrée.",
    "Bilan de la période d'immersion : retours positifs du tuteur.",
    "Point d'étape CEJ : objectifs de la semaine fixés.",
    "Accompagnement à la demande d'aide financière (FAJ).",
    "Échange sur la mobilité : inscription à l'atelier mobilité proposée.",
    "Point sur l'assiduité en formation.",
    "Préparation du dossier pour l'auto-école sociale.",
    "Recherche d'offres d'alternance sur le secteur de la vente.",
    "Rendez-vous manqué, nouvelle date fixée par téléphone.",
    "Présentation du parrainage : le jeune souhaite un parrain.",
    "Point sur le budget et les démarches administratives en cours.",
    "Inscription à un atelier numérique (messagerie, démarches en ligne).",
    "Bilan de fin de contrat : recherche d'un nouvel emploi à engager.",
)
NOTE_PREMIER_ACCUEIL = "Premier accueil : présentation de la Mission Locale, recueil de la situation et des attentes."

# theme -> ((label, partner), ...)
PROPOSITIONS = {
    "emploi": (("Offre d'emploi : agent·e de propreté", "Onet"), ("Offre d'emploi : préparateur·rice de commandes",
               "Geodis Gonesse"), ("Offre d'emploi : employé·e polyvalent·e", "Carrefour Market"),
               ("Offre d'emploi : agent·e d'accueil aéroportuaire", "Groupe ADP")),
    "formation": (("Formation : CAP Cuisine", "GRETA Val-d'Oise"), ("Formation : titre pro Agent magasinier",
                   "AFPA Cergy"), ("Formation : remise à niveau savoirs de base", "Infrep")),
    "alternance": (("Contrat d'apprentissage : BTS MCO", "CFA de la CCI"),
                   ("Contrat de professionnalisation : titre pro Vendeur conseil", "Decathlon Sarcelles")),
    "immersion": (("PMSMP : aide-soignant·e en EHPAD", "EHPAD Les Glycines"),
                  ("PMSMP : mécanicien·ne automobile", "Garage du Centre")),
    "chantier_ecole": (("Chantier-école second œuvre du bâtiment", "Association Rénov'Emploi"),),
    "projet_pro": (("Bilan d'orientation", "Cité des métiers"), ("Visite du salon de l'apprentissage", None)),
    "sante": (("Bilan de santé", "Centre d'examens de santé CPAM"),),
    "logement": (("Demande de logement en résidence jeunes actifs", "Résidence Habitat Jeunes"),
                 ("Dossier Action Logement (aide Mobili-Jeune)", "Action Logement")),
    "citoyennete": (("Service civique : médiation numérique", "Unis-Cité"),),
    "loisirs": (("Pass'Sport : inscription au club", "Club de boxe de Garges"),),
    "creation": (("Rendez-vous création d'entreprise", "BGE Parif"),),
}
EMPLOYEURS = ("Onet", "Geodis", "Carrefour Market", "Groupe ADP", "Decathlon", "Mairie de Sarcelles", "Auchan",
              "Boulangerie Bénard", "EHPAD Les Glycines", "Adecco", "Manpower", "La Poste", "Keolis", "Derichebourg")
ORGANISMES = ("GRETA Val-d'Oise", "AFPA Cergy", "Infrep", "CFA de la CCI", "Lycée Jean-Jaurès", "E2C Val-d'Oise",
              "EPIDE")
ITEMS_FREIN = {
    "mobilite": ("Pas de permis de conduire", "Pas de véhicule", "Horaires décalés mal desservis"),
    "famille": ("Pas de mode de garde", "Aidant familial"),
    "logement": ("Hébergé chez un tiers", "Logement éloigné des zones d'emploi", "Risque d'expulsion"),
    "langue": ("Maîtrise de l'écrit à renforcer", "Français langue étrangère"),
    "numerique": ("Pas d'ordinateur", "Pas d'adresse électronique", "Démarches en ligne difficiles"),
    "financier": ("Dettes", "Pas de ressources", "Compte bancaire à ouvrir"),
    "administratif": ("Titre de séjour à renouveler", "Pas de carte Vitale", "Attestation de recensement manquante"),
}
DIPLOMES = {"infra3": (None,), "3": ("CAP Cuisine", "CAP Petite enfance", "BEP Vente", "CAP Électricité"),
            "4": ("Bac pro Commerce", "Bac général", "Bac pro Logistique", "Bac STMG"),
            "5": ("BTS MCO", "BTS SIO", "DUT GEA"), "6+": ("Licence de psychologie", "Licence LEA")}
AUTO_ECOLES = (
    ("Auto-école de la Gare", "E 21 095 0012 0", "MAIF", "3 rue de la Gare", "95200", "Sarcelles"),
    ("ECF Gonesse", "E 19 095 0040 0", "AXA", "14 rue de Paris", "95500", "Gonesse"),
    ("Auto-école Réussite", "E 20 095 0077 0", "Groupama", "25 avenue du Général-de-Gaulle", "95140",
     "Garges-lès-Gonesse"),
    ("Conduite Solidaire du Pays de France", "E 22 095 0105 0", "MACIF", "1 place de l'Église", "95270",
     "Luzarches"),
)
THEMES_REGROUPEMENT = ("Code : priorités et intersections", "Sécurité routière et alcool", "Gérer son stress à "
                       "l'examen", "Le coût d'une voiture", "Éco-conduite", "Préparer l'examen pratique")
OBSERVATIONS_SUIVI = {
    "conduite": ("Bonne maîtrise du véhicule en circulation dense.", "Insertion sur voie rapide à retravailler.",
                 "Manœuvres acquises, reste le créneau."),
    "valeurs": ("Ponctuel et respectueux des consignes.", "Gagne en confiance d'une séance à l'autre."),
    "freins": ("Absences liées aux horaires de travail.", "Difficultés de lecture des questions du code."),
}
OBJETS_PRET = (("mobylette", "Mobylette Peugeot Kisbee"), ("velo", "Vélo de ville"),
               ("velo_electrique", "Vélo à assistance électrique"), ("voiture", "Renault Clio"),
               ("autre", "Trottinette électrique"))
SECTEURS = ("Logistique", "Commerce", "Bâtiment", "Santé", "Banque", "Industrie", "Hôtellerie-restauration",
            "Fonction publique", "Informatique", "Transport")
RESEAUX = ("Retraité de La Poste", "Fondation FACE", "Réseau Nos quartiers ont des talents", "Crédit Agricole",
           "SNCF", "Association EGEE", "Aéroports de Paris", "Bénévole indépendant")
FORMATIONS_PARRAIN = ("Accueil des nouveaux parrains", "Posture d'écoute", "Le marché du travail des jeunes",
                      "Les outils de la Mission Locale", "Interculturalité")
SUJETS_RENCONTRE = ("Préparation d'un entretien d'embauche", "Découverte du métier du parrain",
                    "Travail sur le CV", "Réseau professionnel : contacts à solliciter",
                    "Organisation de la recherche d'emploi", "Codes de l'entreprise", "Point sur la formation")
ETAPES_RENCONTRE = ("Envoyer deux candidatures spontanées", "Relancer l'employeur", "Mettre à jour le CV",
                    "Se renseigner sur la formation", "Préparer la visite d'entreprise")
RESULTATS_OBJECTIF = {
    "illettrisme": "Entrée dans un parcours savoirs de base", "logement": "Dossier de logement déposé",
    "mode_garde": "Solution de garde trouvée", "acces_emploi": "Signature d'un contrat de travail",
    "maintien_emploi": "Fin de période d'essai validée", "orientation": "Projet professionnel validé",
    "creation": "Projet de création présenté à un réseau d'appui",
}
CO_ANIMATEURS = (("Karim Benaïssa", "Keolis Val-d'Oise"), ("Sandrine Lefèvre", "Transdev"),
                 ("Hélène Ngô", "Île-de-France Mobilités"))
