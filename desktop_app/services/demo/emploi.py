"""Demo data of the employer side: companies of the bassin d'emploi with their tutors, the recruitment day « Les
rendez-vous de l'entreprise » (15 companies, 48 posts, 104 jeunes invited, preparation sessions, check-in,
interviews, hires, outcomes at 3 months), a forum to come, immersions at every stage and follow-ups of the hires."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from desktop_app.db import models as m
from desktop_app.domain.maintien import contacts_prevus, fin_essai
from desktop_app.services.demo.outils import Context

D = dt.date.fromordinal

ENTREPRISES = (  # name, commune, NAF, posts offered at the recruitment day
    ("Transports Lemaire", "Gonesse", "4941A", ("Chauffeur·se livreur·se", "Manutentionnaire", "Magasinier·ère", "Préparateur·rice de commandes")),
    ("Hôtel du Parc", "Roissy-en-France", "5510Z", ("Réceptionniste", "Femme / valet de chambre", "Commis de cuisine")),
    ("Carrefour Market Sarcelles", "Sarcelles", "4711D", ("Employé·e de libre-service", "Hôte·sse de caisse", "Boucher·ère")),
    ("Boulangerie Les Épis d'Or", "Sarcelles", "1071C", ("Vendeur·se en boulangerie", "Apprenti·e boulanger·ère")),
    ("Aéroports Services Nord", "Tremblay-en-France", "5223Z", ("Agent·e de piste", "Agent·e de sûreté", "Agent·e d'accueil", "Bagagiste")),
    ("Propreté Val-de-France", "Garges-lès-Gonesse", "8121Z", ("Agent·e de propreté", "Laveur·se de vitres", "Chef·fe d'équipe")),
    ("Bâtir Ensemble BTP", "Villiers-le-Bel", "4399C", ("Maçon·ne", "Manœuvre", "Plaquiste")),
    ("EHPAD Les Tilleuls", "Arnouville", "8710A", ("Aide-soignant·e", "Agent·e de service hospitalier", "Animateur·rice")),
    ("Logistique Paris-Nord", "Gonesse", "5210B", ("Cariste", "Préparateur·rice de commandes", "Agent·e de quai")),
    ("Restaurant Le Comptoir", "Sarcelles", "5610A", ("Serveur·se", "Plongeur·se", "Commis de cuisine")),
    ("Garage Moreau Automobiles", "Goussainville", "4520A", ("Mécanicien·ne", "Carrossier·ère")),
    ("Sécurité Île-de-France", "Sarcelles", "8010Z", ("Agent·e de sécurité", "Agent·e cynophile", "Rondier·ère")),
    ("Jardins du Val", "Écouen", "8130Z", ("Jardinier·ère paysagiste", "Ouvrier·ère d'entretien")),
    ("Intérim Plus Gonesse", "Gonesse", "7820Z", ("Missions en logistique", "Missions en industrie", "Missions en BTP", "Missions en restauration")),
    ("Fibre Connect Réseaux", "Villiers-le-Bel", "4222Z", ("Technicien·ne fibre optique", "Raccordeur·se", "Aide-monteur·se")),
)
POSTES = (4, 3, 3, 2, 5, 4, 3, 4, 4, 3, 2, 3, 2, 4, 2)  # 48 in all
TUTEURS = (("Garnier", "Hélène", "Cheffe d'équipe"), ("Lopez", "Marc", "Responsable d'exploitation"),
           ("Petit", "Nadia", "Gouvernante générale"), ("Roux", "Julien", "Chef de rayon"),
           ("Benoît", "Claire", "Responsable des ressources humaines"))
COMPETENCES = ("Ponctualité et assiduité", "Respect des consignes de sécurité", "Travail en équipe",
               "Relation avec la clientèle", "Gestes professionnels du métier", "Autonomie dans les tâches")
ACTIVITES = {"Transports Lemaire": "Préparation des tournées\nChargement et déchargement\nAccompagnement d'un chauffeur",
             "Hôtel du Parc": "Accueil des clients\nPréparation des chambres\nMise en place du petit-déjeuner",
             "Boulangerie Les Épis d'Or": "Vente au comptoir\nMise en rayon des viennoiseries\nEncaissement"}


def fill(s, context: Context, insert, n_jeunes: int) -> None:
    """Add the employer side to the demo (scaled down below 104 jeunes)."""
    rng, today = context.rng, context.today
    jeunes = list(s.execute(select(m.Jeune.id).order_by(m.Jeune.id).limit(max(0, n_jeunes))).scalars())
    if not jeunes or not context.conseillers:
        return
    conseiller = context.conseillers[0]
    rows: dict[type, list[dict[str, Any]]] = {model: [] for model in (
        m.Partenaire, m.ContactPartenaire, m.RendezVous, m.RendezVousParticipant, m.Situation, m.Immersion,
        m.EvenementEmploi, m.EvenementEntreprise, m.EvenementPreparation, m.EvenementInvitation,
        m.EvenementEntretien, m.SuiviMaintien, m.ContactMaintien)}
    partenaires, tuteurs = [], {}
    annuaire = context.ref.get("partenaires_par_nom", {})  # the one directory (services/demo/partenaires.py)
    for i, (nom, commune, naf, _postes) in enumerate(ENTREPRISES):
        if nom in annuaire:
            pid = annuaire[nom]["id"]
        else:  # emploi alone (no directory set up)
            pid = context.new_id()
            rows[m.Partenaire].append({"id": pid, "structure_id": context.structure_id, "nom": nom, "commune": commune,
                                       "type": "interim" if "Intérim" in nom else "entreprise", "code_naf": naf,
                                       "effectif": rng.choice(("10-49", "50-249", "250-999")), "referent_id": conseiller,
                                       "telephone": f"01 39 {10 + i:02d} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"})
        partenaires.append((pid, nom))
        nom_t, prenom_t, fonction = TUTEURS[i % len(TUTEURS)]
        tid = context.new_id()
        tuteurs[pid] = tid
        rows[m.ContactPartenaire].append({"id": tid, "partenaire_id": pid, "nom": nom_t, "prenom": prenom_t,
                                          "fonction": fonction, "telephone": f"06 {rng.randrange(10, 99)} 45 67 {i + 10:02d}"})

    def rdv(jour: int, debut: dt.time, fin: dt.time, intitule: str, invites: list[str], statut) -> str:
        rid = context.new_id()
        passe = jour < today
        rows[m.RendezVous].append({"id": rid, "structure_id": context.structure_id, "conseiller_id": conseiller,
                                   "date": D(jour), "heure_debut": debut, "heure_fin": fin, "type_lieu": "autre",
                                   "lieu_precision": "Salle des fêtes de Garges-lès-Gonesse", "objet": "emploi",
                                   "intitule": intitule[:200], "collectif": len(invites) > 1,
                                   "statut": "honore" if passe else "prevu"})
        for jeune_id in invites:
            rows[m.RendezVousParticipant].append({"rendez_vous_id": rid, "jeune_id": jeune_id,
                                                  "statut": statut(jeune_id) if passe else "prevu"})
        return rid

    # --- the recruitment day, 100 days ago -----------------------------------------------------------------------
    jour = today - 100
    jour -= (dt.date.fromordinal(jour).weekday() - 1) % 7  # a Tuesday: its preparation days are weekdays too
    invites = jeunes[:104]
    presents = set(rng.sample(invites, k=round(len(invites) * 0.68)))
    evt = context.new_id()
    convocation = rdv(jour, dt.time(9), dt.time(17), "Les rendez-vous de l'entreprise", invites,
                      lambda j: "honore" if j in presents else "absent_non_excuse")
    rows[m.EvenementEmploi].append({"id": evt, "structure_id": context.structure_id, "conseiller_id": conseiller,
                                    "type": "rdv_entreprise", "intitule": "Les rendez-vous de l'entreprise",
                                    "date": D(jour), "heure_debut": dt.time(9), "heure_fin": dt.time(17),
                                    "lieu": "Salle des fêtes de Garges-lès-Gonesse", "objectif_jeunes": 100,
                                    "rendez_vous_id": convocation})
    for (pid, _nom), (_n, _c, _naf, titres), nb in zip(partenaires, ENTREPRISES, POSTES):
        rows[m.EvenementEntreprise].append({"evenement_id": evt, "partenaire_id": pid, "nb_postes": nb,
                                            "postes": "\n".join(titres)})
    prep_invites = invites[:40]
    for theme, decalage, debut, fin, qui in (("entretiens", 7, dt.time(14), dt.time(17), invites),
                                             ("look_posture", 21, dt.time(9, 30), dt.time(16, 30), prep_invites[:20]),
                                             ("look_posture", 20, dt.time(9, 30), dt.time(16, 30), prep_invites[:20]),
                                             ("look_posture", 19, dt.time(9, 30), dt.time(16, 30), prep_invites[:20]),
                                             ("codes_sociaux", 14, dt.time(9, 30), dt.time(16, 30), prep_invites[:20]),
                                             ("codes_sociaux", 13, dt.time(9, 30), dt.time(16, 30), prep_invites[:20])):
        label = {"entretiens": "Préparation aux entretiens", "look_posture": "Look et posture",
                 "codes_sociaux": "Codes sociaux et savoir-être"}[theme]
        rid = rdv(jour - decalage, debut, fin, f"{label} — Les rendez-vous de l'entreprise", qui,
                  lambda j: "honore" if rng.random() < 0.75 else "absent_excuse")
        rows[m.EvenementPreparation].append({"evenement_id": evt, "theme": theme, "date": D(jour - decalage),
                                             "heure_debut": debut, "heure_fin": fin, "rendez_vous_id": rid})
    embauches = []
    for jeune_id in invites:
        present = jeune_id in presents
        rows[m.EvenementInvitation].append({
            "evenement_id": evt, "jeune_id": jeune_id, "rendez_vous_id": convocation,
            "presence": "present" if present else "absent",
            "resultat_3_mois": rng.choice(("emploi", "emploi", "formation", "recherche", "alternance", "inconnu"))
            if present else None, "date_resultat": D(today - 8) if present else None})
        if not present:
            continue
        for k in range(rng.choice((1, 1, 2, 2, 3))):
            pid, nom = partenaires[rng.randrange(len(partenaires))]
            issue = rng.choice(("pas_de_suite", "pas_de_suite", "suite", "en_attente")) if k or len(embauches) >= 14 \
                else rng.choice(("pas_de_suite", "suite", "embauche", "embauche"))
            entretien = {"evenement_id": evt, "jeune_id": jeune_id, "partenaire_id": pid, "issue": issue,
                         "poste": ENTREPRISES[[p for p, _ in partenaires].index(pid)][3][0]}
            if issue == "embauche":
                sid = context.new_id()
                contrat = rng.choice(("cdi", "cdd", "cdd", "interim"))
                mois = None if contrat == "cdi" else rng.choice((3, 6, 8))
                debut_emploi = jour + rng.randrange(7, 30)
                rows[m.Situation].append({"id": sid, "jeune_id": jeune_id, "categorie": "emploi", "etat": "en_cours",
                                          "date_debut": D(debut_emploi), "employeur": nom, "partenaire_id": pid,
                                          "type_contrat": contrat, "duree_contrat_mois": mois})
                entretien["situation_id"] = sid
                embauches.append((sid, jeune_id, contrat, mois, debut_emploi))
            rows[m.EvenementEntretien].append(entretien)
            if issue == "embauche":
                break

    # --- follow-ups of the hires ------------------------------------------------------------------------------
    for i, (sid, jeune_id, contrat, mois, debut_emploi) in enumerate(embauches):
        categorie = ("ouvrier_employe", "ouvrier_employe", "agent_maitrise")[i % 3]
        fin = fin_essai(contrat, categorie, D(debut_emploi), duree_mois=mois,
                        duree_jours=round((mois or 1) * 30.4) if contrat == "interim" else None)
        issue = ("validee", "validee", "validee", "rupture_employeur", "rupture_jeune", "en_cours")[i % 6]
        if fin.toordinal() >= today:
            issue = "en_cours"
        suivi = context.new_id()
        rows[m.SuiviMaintien].append({"id": suivi, "structure_id": context.structure_id, "jeune_id": jeune_id,
                                      "situation_id": sid, "conseiller_id": conseiller, "categorie_poste": categorie,
                                      "date_embauche": D(debut_emploi), "fin_essai": fin, "issue": issue,
                                      "date_issue": fin if issue == "validee" else (
                                          D(debut_emploi + 5) if issue.startswith("rupture") else None)})
        for etape, echeance in contacts_prevus(D(debut_emploi), fin):
            fait = echeance.toordinal() < today and not (issue.startswith("rupture") and echeance.toordinal() > debut_emploi + 5)
            if issue.startswith("rupture") and not fait:
                continue
            rows[m.ContactMaintien].append({"suivi_id": suivi, "jeune_id": jeune_id, "etape": etape,
                                            "echeance": echeance, "date_realise": echeance if fait else None})
        if issue.startswith("rupture"):
            for row in rows[m.Situation]:
                if row["id"] == sid:
                    row.update(etat="terminee", date_fin=D(debut_emploi + 5))

    # --- a forum to come ------------------------------------------------------------------------------------
    forum = context.new_id()
    a_venir = jeunes[104:124] or jeunes[:10]
    jour_forum = today + 20
    while dt.date.fromordinal(jour_forum).weekday() >= 5:  # a weekday
        jour_forum += 1
    conv = rdv(jour_forum, dt.time(13, 30), dt.time(17, 30), "Forum de l'alternance", a_venir, lambda j: "prevu")
    rows[m.EvenementEmploi].append({"id": forum, "structure_id": context.structure_id, "conseiller_id": conseiller,
                                    "type": "forum", "intitule": "Forum de l'alternance", "date": D(jour_forum),
                                    "heure_debut": dt.time(13, 30), "heure_fin": dt.time(17, 30),
                                    "lieu": "Centre social Les Vignes Blanches, Sarcelles", "objectif_jeunes": 40,
                                    "rendez_vous_id": conv})
    for pid, _nom in partenaires[:5]:
        rows[m.EvenementEntreprise].append({"evenement_id": forum, "partenaire_id": pid, "nb_postes": 2,
                                            "postes": "Contrat d'apprentissage\nContrat de professionnalisation"})
    for jeune_id in a_venir:
        rows[m.EvenementInvitation].append({"evenement_id": forum, "jeune_id": jeune_id, "rendez_vous_id": conv})

    # --- immersions at every stage ----------------------------------------------------------------------------
    stades = ("projet", "signee", "en_cours", "en_cours", "terminee", "terminee", "terminee", "annulee")
    for i, jeune_id in enumerate(jeunes[-min(len(jeunes), 24):]):
        stade = stades[i % len(stades)]
        pid, nom = partenaires[i % len(partenaires)]
        debut = {"projet": today + 12, "signee": today + 5, "en_cours": today - 6}.get(stade, today - 40 - i)
        fin = debut + rng.choice((4, 9, 13, 20))
        renouvelee = stade == "terminee" and i % 3 == 0
        fin_r = fin + 10 if renouvelee else None
        imm = {"structure_id": context.structure_id, "jeune_id": jeune_id, "conseiller_id": conseiller,
               "partenaire_id": pid, "tuteur_id": tuteurs[pid],
               "objectif": ("decouvrir", "confirmer", "recrutement")[i % 3],
               "metier": ENTREPRISES[i % len(ENTREPRISES)][3][0], "date_debut": D(debut), "date_fin": D(fin),
               "date_fin_renouvellement": D(fin_r) if fin_r else None, "heures_hebdo": rng.choice((24, 30, 35)),
               "horaires": "Du lundi au vendredi, 9 h – 12 h et 13 h 30 – 17 h", "lieu": f"{nom}, {ENTREPRISES[i % len(ENTREPRISES)][1]}",
               "activites": ACTIVITES.get(nom, "Découverte des postes\nTâches confiées par le tuteur"),
               "competences": "\n".join(rng.sample(COMPETENCES, 3)), "statut": stade if stade != "en_cours" else "signee"}
        if stade not in ("projet",):
            imm["date_signature"] = D(debut - 3)
        if stade != "projet" and stade != "annulee":
            sid = context.new_id()
            fin_eff = fin_r or fin
            rows[m.Situation].append({"id": sid, "jeune_id": jeune_id, "categorie": "immersion",
                                      "etat": "terminee" if fin_eff < today else ("en_cours" if debut <= today else "prevue"),
                                      "date_debut": D(debut), "date_fin": D(fin_eff), "employeur": nom,
                                      "partenaire_id": pid})
            imm["situation_id"] = sid
        if stade == "terminee":
            imm.update(date_bilan=D((fin_r or fin) + 2), competences_observees=imm["competences"],
                       assiduite=rng.choice(("tres_bien", "bien", "a_ameliorer")),
                       savoir_etre=rng.choice(("tres_bien", "bien", "bien", "a_ameliorer")),
                       suite=rng.choice(("embauche", "projet_confirme", "formation", "autre_immersion", "projet_a_revoir")),
                       bilan_commentaire="Bilan fait à trois avec le tuteur et le jeune.")
        rows[m.Immersion].append(imm)

    for model in m.SYNCED_MODELS:
        if model in rows:
            insert(s, model, rows[model])
