"""Demo data of the employer side (issue 16): the partners of the bassin d'emploi (companies of several sectors
with their NAF code, an intérim agency paired with the mission locale, CFA, organismes de formation, PJJ, centre
social…), their contacts and exchanges, about thirty offers at every status, and mises en relation at every step
of the pipeline — the hires with their situation « Emploi ».

One directory for the whole demo: the partner driving schools of the auto-école sociale (type « auto-école »)
and the companies of the recruitment day (services/demo/emploi.py) are partners here too; the programmes and
emploi find them in ``context.ref["partenaires_par_nom"]`` (name → row), so :func:`setup` runs before them."""
from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, Any

from desktop_app.db import models as m

if TYPE_CHECKING:
    from desktop_app.services.demo.outils import Context, JeuneInfo

D = dt.date.fromordinal
Rows = dict[type, list[dict[str, Any]]]
# (nom, type, code NAF, effectif, commune, code postal, engagements: c convention, i immersions, o offres en
# priorité, p parrains, b binôme intérim)
PARTENAIRES = (
    ("Boulangerie Bénard", "entreprise", "1071C", "1-9", "Sarcelles", "95200", "io"),
    ("Carrefour Market", "entreprise", "4711F", "50-249", "Sarcelles", "95200", "cio"),
    ("Auchan", "entreprise", "4711F", "250-999", "Gonesse", "95500", "co"),
    ("Decathlon Sarcelles", "entreprise", "4764Z", "50-249", "Sarcelles", "95200", "ip"),
    ("Geodis Gonesse", "entreprise", "5210B", "250-999", "Gonesse", "95500", "cio"),
    ("Onet", "entreprise", "8121Z", "250-999", "Garges-lès-Gonesse", "95140", "co"),
    ("Derichebourg", "entreprise", "8122Z", "50-249", "Goussainville", "95190", "o"),
    ("Groupe ADP", "entreprise", "5223Z", "1000+", "Roissy-en-France", "95700", "cp"),
    ("La Poste", "entreprise", "5310Z", "1000+", "Sarcelles", "95200", "p"),
    ("Keolis", "entreprise", "4931Z", "250-999", "Villiers-le-Bel", "95400", "ci"),
    ("EHPAD Les Glycines", "entreprise", "8710A", "50-249", "Arnouville", "95400", "i"),
    ("Garage du Centre", "entreprise", "4520A", "1-9", "Gonesse", "95500", "i"),
    ("Restaurant Le Relais", "entreprise", "5610A", "10-49", "Écouen", "95440", "i"),
    ("Brasserie de la Gare", "entreprise", "5630Z", "1-9", "Goussainville", "95190", ""),
    ("Hôtel Ibis Roissy", "entreprise", "5510Z", "50-249", "Roissy-en-France", "95700", "io"),
    ("Leroy Merlin Domont", "entreprise", "4752B", "250-999", "Domont", "95330", "o"),
    ("Lidl Garges", "entreprise", "4711D", "10-49", "Garges-lès-Gonesse", "95140", ""),
    ("Picard Surgelés", "entreprise", "4711C", "10-49", "Montmorency", "95160", ""),
    ("Fnac Logistique", "entreprise", "5210B", "250-999", "Louvres", "95380", "co"),
    ("Bâti Rénov Plus", "entreprise", "4334Z", "10-49", "Villiers-le-Bel", "95400", "i"),
    ("Électricité Pays de France", "entreprise", "4321A", "10-49", "Fosses", "95470", "i"),
    ("Plomberie Martin", "entreprise", "4322A", "1-9", "Saint-Brice-sous-Forêt", "95350", ""),
    ("Espaces Verts du Val", "entreprise", "8130Z", "10-49", "Luzarches", "95270", "ci"),
    ("Sécuritas Île-de-France", "entreprise", "8010Z", "250-999", "Gonesse", "95500", "o"),
    ("Pharmacie des Flanades", "entreprise", "4773Z", "10-49", "Sarcelles", "95200", ""),
    ("Coiffure Élégance", "entreprise", "9602A", "1-9", "Deuil-la-Barre", "95170", "i"),
    ("Crèche Les Petits Pas", "entreprise", "8891A", "10-49", "Ézanville", "95460", "i"),
    ("Aide à domicile Services+", "entreprise", "8810A", "50-249", "Garges-lès-Gonesse", "95140", "co"),
    ("Transports Dupuis", "entreprise", "4941A", "10-49", "Survilliers", "95470", ""),
    ("Amazon Logistique", "entreprise", "5210B", "1000+", "Marly-la-Ville", "95670", "o"),
    ("Mairie de Sarcelles", "collectivite", "8411Z", "1000+", "Sarcelles", "95200", "cip"),
    ("Communauté d'agglomération Roissy Pays de France", "collectivite", "8411Z", "250-999", "Roissy-en-France",
     "95700", "c"),
    ("Darty Gonesse", "entreprise", "4754Z", "10-49", "Gonesse", "95500", ""),
    ("McDonald's Garges", "entreprise", "5610C", "50-249", "Garges-lès-Gonesse", "95140", "o"),
    ("Clinique du Parisis", "entreprise", "8610Z", "250-999", "Montmorency", "95160", "i"),
    ("Imprimerie Val Graphic", "entreprise", "1812Z", "10-49", "Domont", "95330", ""),
    ("Menuiserie Lefort", "entreprise", "1623Z", "1-9", "Viarmes", "95270", "i"),
    ("Traiteur Saveurs d'Orient", "entreprise", "5621Z", "10-49", "Villiers-le-Bel", "95400", ""),
    ("Auto Contrôle Gonesse", "entreprise", "7120A", "1-9", "Gonesse", "95500", ""),
    ("Nettoyage Pro 95", "entreprise", "8121Z", "50-249", "Sarcelles", "95200", "o"),
    ("Adecco", "interim", "7820Z", "10-49", "Sarcelles", "95200", "cob"),
    ("Manpower", "interim", "7820Z", "10-49", "Gonesse", "95500", "o"),
    ("Randstad", "interim", "7820Z", "10-49", "Garges-lès-Gonesse", "95140", ""),
    ("CFA de la CCI", "cfa", "8532Z", "50-249", "Cergy", "95000", "c"),
    ("CFA des métiers de l'aérien", "cfa", "8532Z", "50-249", "Gonesse", "95500", "c"),
    ("Lycée Jean-Jaurès", "lycee_pro", "8532Z", "50-249", "Garges-lès-Gonesse", "95140", ""),
    ("GRETA Val-d'Oise", "organisme_formation", "8559A", "50-249", "Sarcelles", "95200", "c"),
    ("AFPA Cergy", "organisme_formation", "8559A", "250-999", "Cergy", "95000", "c"),
    ("Infrep", "organisme_formation", "8559A", "10-49", "Villiers-le-Bel", "95400", ""),
    ("E2C Val-d'Oise", "organisme_formation", "8559A", "10-49", "Sarcelles", "95200", "c"),
    ("EPIDE", "organisme_formation", "8559A", "50-249", "Montry", "77450", ""),
    ("Association Rénov'Emploi", "siae", "8899B", "10-49", "Goussainville", "95190", "ci"),
    ("PJJ — UEMO de Sarcelles", "pjj", "8423Z", "10-49", "Sarcelles", "95200", "c"),
    ("ASE — Maison départementale des solidarités", "ase", "8899B", "50-249", "Garges-lès-Gonesse", "95140", ""),
    ("PAEJ Point Accueil Écoute Jeunes", "cmp_paej", "8899B", "1-9", "Villiers-le-Bel", "95400", ""),
    ("Centre social Les Rosiers", "centre_social", "8899B", "10-49", "Sarcelles", "95200", "c"),
    ("Centre social de la Dame Blanche", "centre_social", "8899B", "10-49", "Garges-lès-Gonesse", "95140", ""),
    ("Club de boxe de Garges", "club", "9312Z", "1-9", "Garges-lès-Gonesse", "95140", ""),
    ("Fondation Agir contre l'exclusion", "fondation", "9499Z", "10-49", "Gonesse", "95500", "p"),
    ("France Travail Sarcelles", "france_travail", "8413Z", "50-249", "Sarcelles", "95200", "co"),
    ("Unis-Cité", "autre", "9499Z", "10-49", "Sarcelles", "95200", ""),
)
FONCTIONS = {"entreprise": ("Responsable des ressources humaines", "Gérant·e", "Chargé·e de recrutement",
                            "Directeur·rice de magasin", "Responsable d'exploitation"),
             "interim": ("Responsable d'agence", "Chargé·e de recrutement"),
             "default": ("Directeur·rice", "Coordinateur·rice", "Référent·e insertion", "Chargé·e de mission")}
OBJETS_ECHANGE = ("Présentation de la Mission Locale", "Point sur les offres en cours", "Préparation d'une immersion",
                  "Bilan des recrutements", "Signature de la convention", "Besoins de recrutement de l'été",
                  "Invitation au forum emploi", "Retour sur les candidatures transmises")
# (intitulé, ROME, contrat, durée en mois, niveau requis, permis, mobilité, horaires)
OFFRES = (
    ("Vendeur·se en boulangerie", "D1106", "cdd", 6, None, False, "transports", "Du mardi au samedi, 6 h – 13 h"),
    ("Employé·e libre-service", "D1507", "cdi", None, None, False, "transports", "35 h, roulement le samedi"),
    ("Hôte·sse de caisse", "D1505", "cdd", 3, None, False, "transports", "Temps partiel 24 h"),
    ("Préparateur·rice de commandes", "N1103", "interim", 1, None, False, "transports", "Équipe 5 h – 12 h"),
    ("Cariste", "N1101", "cdd", 6, "3", False, "vehicule", "2 × 8"),
    ("Agent·e de propreté", "K2204", "cdi", None, None, False, "transports", "Matin 6 h – 9 h et soir 17 h – 20 h"),
    ("Agent·e d'accueil aéroportuaire", "N2201", "cdd", 12, "4", False, "vehicule", "Horaires décalés"),
    ("Facteur·rice", "M1603", "cdd", 3, None, True, "aucune", "6 h – 13 h"),
    ("Conducteur·rice de bus", "N4103", "cdi", None, None, True, "vehicule", "Services en amplitude"),
    ("Aide-soignant·e", "J1501", "cdd", 6, "3", False, "transports", "12 h de jour, un week-end sur deux"),
    ("Mécanicien·ne automobile", "I1604", "apprentissage", 24, "3", False, "transports", "35 h"),
    ("Commis de cuisine", "G1602", "cdd", 6, None, False, "transports", "Coupure 15 h – 18 h"),
    ("Serveur·se", "G1803", "cdd", 4, None, False, "transports", "Soirs et week-ends"),
    ("Réceptionniste de nuit", "G1703", "cdi", None, "4", False, "vehicule", "22 h – 7 h"),
    ("Vendeur·se conseil en magasin de bricolage", "D1212", "professionnalisation", 12, "4", False, "transports",
     "35 h, samedi travaillé"),
    ("Employé·e polyvalent·e de restauration", "G1603", "cdd", 6, None, False, "transports", "Temps partiel 25 h"),
    ("Agent·e logistique", "N1103", "cdd", 6, None, False, "vehicule", "Nuit 21 h – 5 h"),
    ("Manœuvre en second œuvre", "F1704", "contrat_aide", 12, None, False, "transports", "8 h – 16 h"),
    ("Électricien·ne du bâtiment", "F1602", "apprentissage", 24, "3", False, "transports", "35 h"),
    ("Ouvrier·ère paysagiste", "A1203", "cdd", 8, None, True, "vehicule", "7 h 30 – 15 h 30"),
    ("Agent·e de sécurité", "K2503", "cdi", None, "3", False, "vehicule", "Vacations de 12 h"),
    ("Préparateur·rice en pharmacie", "J1307", "apprentissage", 24, "4", False, "transports", "35 h"),
    ("Coiffeur·se", "D1202", "apprentissage", 24, "3", False, "transports", "Du mardi au samedi"),
    ("Auxiliaire de puériculture", "J1304", "cdd", 10, "3", False, "transports", "Roulement 7 h – 19 h"),
    ("Aide à domicile", "K1304", "cdi", None, None, True, "vehicule", "Interventions de 8 h à 20 h"),
    ("Chauffeur·se livreur·se", "N4105", "interim", 2, None, True, "aucune", "6 h – 14 h"),
    ("Opérateur·rice de production", "H2102", "interim", 3, None, False, "vehicule", "3 × 8"),
    ("Agent·e d'entretien des espaces publics", "K2303", "contrat_aide", 12, None, False, "transports", "35 h"),
    ("Équipier·ère polyvalent·e", "G1603", "cdi", None, None, False, "transports", "Temps partiel 20 h"),
    ("Conducteur·rice d'engins de chantier", "F1302", "cdd", 6, "3", True, "vehicule", "7 h – 16 h"),
    ("Imprimeur·se offset", "E1301", "cdd", 6, "3", False, "vehicule", "2 × 8"),
    ("Employé·e administratif·ve", "M1602", "cdd", 6, "4", False, "transports", "9 h – 17 h"),
)
# The company of each offer above, in the same order.
EMPLOYEURS = ("Boulangerie Bénard", "Carrefour Market", "Auchan", "Geodis Gonesse", "Fnac Logistique", "Onet",
              "Groupe ADP", "La Poste", "Keolis", "EHPAD Les Glycines", "Garage du Centre", "Restaurant Le Relais",
              "Brasserie de la Gare", "Hôtel Ibis Roissy", "Leroy Merlin Domont", "McDonald's Garges",
              "Amazon Logistique", "Bâti Rénov Plus", "Électricité Pays de France", "Espaces Verts du Val",
              "Sécuritas Île-de-France", "Pharmacie des Flanades", "Coiffure Élégance", "Crèche Les Petits Pas",
              "Aide à domicile Services+", "Adecco", "Manpower", "Mairie de Sarcelles", "Lidl Garges", "Randstad",
              "Imprimerie Val Graphic", "Communauté d'agglomération Roissy Pays de France")
ENGAGEMENT = {"c": "convention_signee", "i": "immersions_offertes", "o": "offres_prioritaires",
              "p": "parrains_fournis", "b": "binome_interim"}
ETAPES = ("proposee", "candidature", "entretien", "retenu", "embauche")


def _siret(rng) -> str:
    """A random SIRET with a right Luhn key."""
    body = [rng.randrange(10) for _ in range(13)]
    for last in range(10):
        digits = body + [last]
        total = sum((d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 else d for i, d in enumerate(reversed(digits)))
        if total % 10 == 0:
            return "".join(map(str, digits))
    return "".join(map(str, body)) + "0"


def _ascii(text: str) -> str:
    """An e-mail friendly form of a name (no accents, spaces nor apostrophes)."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum() or ch == "-")


def _phone(rng, mobile: bool = True) -> str:
    """A metropolitan number as the app stores it (E.164): a mobile 06/07, or a landline 01."""
    return f"+336{rng.randrange(10_000_000, 100_000_000)}" if mobile else f"+331{rng.randrange(10_000_000, 100_000_000)}"


def _annuaire() -> tuple[tuple[str, str, str, str, str, str, str], ...]:
    """Every partner of the demo: :data:`PARTENAIRES`, the recruitment day's companies, the driving schools."""
    from desktop_app.services.demo import donnees as data
    from desktop_app.services.demo.emploi import ENTREPRISES

    known = {nom for nom, *_rest in PARTENAIRES}
    extra = tuple((nom, "interim" if "Intérim" in nom else "entreprise", naf, "10-49", commune, "", "i")
                  for nom, commune, naf, _postes in ENTREPRISES if nom not in known)
    ecoles = tuple((nom, "auto_ecole", "8553Z", "1-9", commune, cp, "c")
                   for nom, _agrement, _assureur, _adresse, cp, commune in data.AUTO_ECOLES if nom not in known)
    return PARTENAIRES + extra + ecoles


def setup(s, context: Context, insert) -> None:
    """Partners, contacts, exchanges and offers (the mises en relation come with the jeunes: :func:`enrol`)."""
    from desktop_app.services.demo import donnees as data

    rng, today = context.rng, context.today
    partners, people, exchanges, offers = [], [], [], []
    referents = context.conseillers[:3] or context.conseillers
    adresses = {nom: adresse for nom, _agrement, _assureur, adresse, _cp, _commune in data.AUTO_ECOLES}
    for nom, type_, naf, effectif, commune, cp, flags in _annuaire():
        pid = context.new_id()
        row = {"id": pid, "structure_id": context.structure_id, "nom": nom, "type": type_, "code_naf": naf,
               "effectif": effectif, "commune": commune, "code_postal": cp or None,
               "adresse": adresses.get(nom) or f"{rng.randrange(1, 90)} {rng.choice(('rue de la République', 'avenue Paul-Valéry', 'ZAC des Tulipes', 'boulevard Albert-Camus', 'rue Pierre-Brossolette'))}",
               "telephone": _phone(rng, mobile=False), "siret": _siret(rng) if type_ != "france_travail" else None,
               "email": f"contact@{_ascii(nom.split(' ')[0])}-demo.example.org",
               "referent_id": rng.choice(referents) if referents else None,
               "actif": type_ == "auto_ecole" or rng.random() < 0.95,
               **{field: code in flags for code, field in ENGAGEMENT.items()},
               "date_convention": D(today - rng.randrange(30, 900)) if "c" in flags else None}
        partners.append(row)
        fonctions = FONCTIONS.get(type_, FONCTIONS["default"])
        contact_ids = []
        for k in range(rng.choice((1, 1, 2, 3))):
            cid = context.new_id()
            from desktop_app.services.demo import donnees as data

            prenom, nom_c = rng.choice(data.PRENOMS_F + data.PRENOMS_H), rng.choice(data.NOMS)
            ended = k > 0 and rng.random() < 0.25
            people.append({"id": cid, "partenaire_id": pid, "nom": nom_c, "prenom": prenom,
                           "fonction": rng.choice(fonctions), "telephone": _phone(rng),
                           "email": f"{_ascii(prenom)}.{_ascii(nom_c)}@{_ascii(nom.split(' ')[0])}-demo.example.org",
                           "actif": not ended, "date_fin_relation": D(today - rng.randrange(30, 1500)) if ended else None})
            contact_ids.append(cid)
        for _ in range(rng.randrange(0, 6)):
            exchanges.append({"partenaire_id": pid, "contact_id": rng.choice(contact_ids + [None]),
                              "conseiller_id": rng.choice(context.conseillers), "date": D(today - rng.randrange(1, 400)),
                              "type": rng.choice(("visite", "appel", "appel", "email", "rencontre")),
                              "objet": rng.choice(OBJETS_ECHANGE)})
    by_name = {p["nom"]: p for p in partners}
    plan = []
    for i, (titre, rome, contrat, mois, niveau, permis, mobilite, horaires) in enumerate(OFFRES):
        p = by_name[EMPLOYEURS[i]]
        published = today - rng.randrange(3, 150)
        statut = "ouverte" if published > today - 45 else rng.choice(("pourvue", "pourvue", "close", "ouverte"))
        postes = rng.choice((1, 1, 1, 2, 3))
        source = "interim" if p["type"] == "interim" or contrat == "interim" else rng.choice(
            ("entreprise", "entreprise", "france_travail", "evenement"))
        oid = context.new_id()
        offers.append({"id": oid, "structure_id": context.structure_id, "partenaire_id": p["id"],
                       "referent_id": rng.choice(context.conseillers), "intitule": titre, "code_rome": rome,
                       "type_contrat": contrat, "duree_mois": mois, "nb_postes": postes, "commune": p["commune"],
                       "code_postal": p["code_postal"], "horaires": horaires, "niveau_requis": niveau,
                       "permis_requis": permis, "mobilite": mobilite, "date_publication": D(published),
                       "date_limite": D(published + rng.randrange(20, 90)) if rng.random() < 0.6 else None,
                       "date_debut_poste": D(published + rng.randrange(15, 60)) if rng.random() < 0.5 else None,
                       "source": source, "statut": statut,
                       "date_statut": D(published if statut == "ouverte" else min(today, published + rng.randrange(10, 40))),
                       "description": None})
        hires = postes if statut == "pourvue" else (rng.randrange(postes) if statut == "ouverte" else 0)
        plan.append({"id": oid, "published": published, "hires": hires, "statut": statut, "postes": postes,
                     "employeur": p["nom"], "partenaire_id": p["id"], "contrat": contrat, "mois": mois})
    context.ref["offres"] = plan
    from desktop_app.services.partenaires.validation import cle_nom

    context.ref["partenaires_cles"] = {cle_nom(p["nom"]): p["id"] for p in partners}
    context.ref["partenaires_par_nom"] = {p["nom"]: p for p in partners}
    insert(s, m.Partenaire, partners)
    insert(s, m.ContactPartenaire, people)
    insert(s, m.EchangePartenaire, exchanges)
    insert(s, m.Offre, offers)


def _rattacher(context: Context, rows: Rows) -> None:
    """The timeline's free-text partners and employers that name one of the directory get its link (as
    services/partenaires/liens.py does for typed ones); the text stays."""
    from desktop_app.services.partenaires.validation import cle_nom

    keys = context.ref.get("partenaires_cles", {})
    for model, name in ((m.Proposition, "partenaire"), (m.Situation, "employeur")):
        for row in rows.get(model, ()):
            if row.get(name) and not row.get("partenaire_id"):
                pid = keys.get(cle_nom(row[name]))
                if pid:
                    row["partenaire_id"] = pid


def enrol(context: Context, infos: list[JeuneInfo], rows: Rows, *,
          first_chunk: bool) -> None:
    """Mises en relation on every offer (in the first chunk of jeunes): each step of the pipeline, the planned
    hires with their situation « Emploi » or « Alternance »."""
    _rattacher(context, rows)
    if not first_chunk:
        return
    rng, today = context.rng, context.today
    pool = [j for j in infos if j.row.get("statut") == "actif"] or list(infos)
    if not pool:
        return
    for offer in context.ref.get("offres", ()):
        chosen = rng.sample(pool, k=min(len(pool), rng.randrange(2, 6) + offer["hires"]))
        hires = offer["hires"]
        for j in chosen:
            start = offer["published"] + rng.randrange(1, 10)
            if start > today:
                start = today
            if hires:
                reached, hires = "embauche", hires - 1
            elif offer["statut"] == "ouverte":
                reached = rng.choice(("proposee", "candidature", "entretien", "entretien", "retenu", "non_retenu",
                                      "desistement"))
            else:
                reached = rng.choice(("non_retenu", "non_retenu", "desistement", "candidature"))
            row = {"id": context.new_id(), "offre_id": offer["id"], "jeune_id": j.id,
                   "conseiller_id": j.referent, "date_proposee": D(start)}
            day, last = start, "proposee"
            path = ETAPES[1:ETAPES.index(reached) + 1] if reached in ETAPES else (
                ETAPES[1:rng.randrange(1, 4)] + (reached,))
            for step in path:
                day = min(today, day + rng.randrange(1, 8))
                row[f"date_{step}"] = D(day)
                last = step
            if last == "entretien" and rng.random() < 0.4:
                row["date_entretien"] = D(today + rng.randrange(1, 10))  # an interview planned ahead
            row["etape"] = last
            if last == "embauche":
                sid = context.new_id()
                fin = day + offer["mois"] * 30 if offer["mois"] else None
                rows[m.Situation].append({
                    "id": sid, "jeune_id": j.id,
                    "categorie": "alternance" if offer["contrat"] in ("apprentissage", "professionnalisation") else "emploi",
                    "etat": "terminee" if fin is not None and fin < today else "en_cours", "date_debut": D(day),
                    "date_fin": D(fin) if fin else None, "employeur": offer["employeur"],
                    "partenaire_id": offer["partenaire_id"], "type_contrat": offer["contrat"],
                    "duree_contrat_mois": offer["mois"]})
                row["situation_id"] = sid
            rows[m.MiseEnRelation].append(row)
