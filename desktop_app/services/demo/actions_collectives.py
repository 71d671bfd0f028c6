"""Demo data of the collective actions (issue 17): every type of the catalogue, among them an information
collective in a class of 3e (28 pupils counted, 3 named jeunes), a chantier éducatif over 12 weekly séances,
ateliers numériques 5 half-days a week (PIX), codes sociaux over 5 days; and each atelier mobilité as its action
of type « atelier mobilité » (same id, as migration 0023 makes them). :func:`setup` writes the actions and their
séances, :func:`enrol` enrols jeunes of a chunk (attendance, an actualité per attended séance, outcomes)."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from desktop_app.db import models as m
from desktop_app.domain import actions_collectives as D

if TYPE_CHECKING:
    from desktop_app.services.demo.outils import Context, JeuneInfo

Ligne = dict[str, Any]  # a row to insert, by column
Rows = dict[type, list[Ligne]]
J = dt.date.fromordinal

# (type, titre, programme, first day from today, weekly weeks, weekdays, hours, capacity, visés, public counted,
#  named jeunes)
ACTIONS = (
    ("information_collective", "Information collective — classe de 3e B", "Présentation de la mission locale et "
     "des métiers qui recrutent, au collège Paul-Éluard.", -20, 0, (), (9, 11), 32, 30, (28, "élèves de 3e B"), 3),
    ("information_collective", "Information collective — lycée professionnel", "Présentation aux terminales "
     "CAP.", 10, 0, (), (14, 16), 30, 25, None, 0),
    ("portes_ouvertes", "Portes ouvertes du CFA du bâtiment", "Visite des ateliers avec un groupe préparé.", -35, 0,
     (), (9, 12), 40, 20, (15, "collégiens accompagnés"), 6),
    ("petit_dejeuner", "Petit-déjeuner d'information au centre social", "Accueil autour d'un café, présentation "
     "de la garantie jeunes.", -12, 0, (), (9, 11), 25, 15, (12, "habitants du quartier"), 4),
    ("atelier_logement", "Atelier logement : recherche, droits et budget", "Trois séances : la recherche, les "
     "droits et devoirs du locataire, le budget.", -60, 3, (), (14, 16), 12, 12, None, 8),
    ("atelier_numerique", "Ateliers numériques DATIC", "5 demi-journées par semaine, 10 jeunes par session ; "
     "certification PIX en fin de session.", -40, 2, (0, 1, 2, 3, 4), (9, 12), 10, 10, None, 9),
    ("codes_sociaux", "Codes sociaux et posture", "3 jours sur la présentation, 2 jours sur le comportement en "
     "entretien.", -75, 1, (0, 1, 2, 3, 4), (9, 16), 12, 12, None, 8),
    ("prevention_sante", "Prévention santé avec le centre d'examens de santé", "Bilan de santé et couverture.",
     -28, 0, (), (10, 12), 15, 15, (4, "accompagnateurs"), 7),
    ("chantier_educatif", "Chantier éducatif — jardins partagés", "Rénovation des jardins partagés avec "
     "l'association de prévention, chaque mercredi pendant trois mois.", -100, 12, (2,), (9, 12), 8, 8, None, 6),
    ("discriminations", "Atelier contre les discriminations à l'embauche", "Connaître ses droits, les recours.",
     -50, 0, (), (14, 17), 20, 15, None, 7),
    ("autre", "Forum de l'emploi saisonnier", "Rencontre avec les employeurs du tourisme.", -15, 0, (), (10, 13),
     80, 40, (35, "visiteurs"), 5),
)
# The partners of the directory where actions take place (« lieu ») or who co-facilitate them (« co »).
PARTENAIRES = (
    ("college", "Collège Paul-Éluard", "etablissement_scolaire", "4 avenue Paul-Éluard", "95200", "Sarcelles"),
    ("lycee", "Lycée professionnel Jean-Jaurès", "lycee_pro", "12 rue de la République", "95400", "Villiers-le-Bel"),
    ("cfa", "CFA du bâtiment du Val-d'Oise", "cfa", "Zone d'activités des Tissonvilliers", "95400", "Villiers-le-Bel"),
    ("sante", "Centre d'examens de santé de la CPAM", "autre", "2 rue de Paris", "95000", "Cergy"),
    ("prevention", "Association de prévention spécialisée Horizon", "autre", "8 place du Marché", "95200", "Sarcelles"),
    ("datic", "Association DATIC", "organisme_formation", "15 rue Victor-Hugo", "95140", "Garges-lès-Gonesse"),
)
INTERVENANTS = {"college": ("Benali", "Karima", "Conseillère principale d'éducation"),
                "lycee": ("Lambert", "Olivier", "Professeur principal"),
                "cfa": ("Moreau", "Sandrine", "Chargée des relations entreprises"),
                "sante": ("Nguyen", "Thi-Hoa", "Infirmière de prévention"),
                "prevention": ("Diallo", "Moussa", "Éducateur spécialisé"),
                "datic": ("Lefort", "Camille", "Formatrice numérique")}
PARTENAIRE_DE = {"Information collective — classe de 3e B": ("college", "lieu"),
                 "Information collective — lycée professionnel": ("lycee", "lieu"),
                 "Portes ouvertes du CFA du bâtiment": ("cfa", "lieu"),
                 "Prévention santé avec le centre d'examens de santé": ("sante", "co"),
                 "Chantier éducatif — jardins partagés": ("prevention", "co"),
                 "Ateliers numériques DATIC": ("datic", "co")}
THEMES_ACTUALITE = {"atelier_logement": "logement", "prevention_sante": "sante"}


def setup(context: Context, ateliers: list[Ligne], rows: Rows) -> None:
    """The actions and their séances (and the action of each atelier mobilité)."""
    rng = context.rng
    actions, seances = rows.setdefault(m.ActionCollective, []), rows.setdefault(m.SeanceAction, [])
    for a in ateliers:
        co = " ".join(x for x in (a["co_animateur_nom"], f"({a['co_animateur_organisation']})"
                                  if a["co_animateur_organisation"] else "") if x) or None
        actions.append({"id": a["id"], "structure_id": context.structure_id, "type": D.MOBILITE,
                        "titre": f"Atelier mobilité ({a['niveau']})", "lieu_id": a["lieu_id"],
                        "conseiller_id": a["animateur_id"], "intervenant": co, "capacite": a["capacite"]})
        seances.append({"id": a["id"], "action_id": a["id"], "atelier_id": a["id"], "date": a["date"],
                        "heure_debut": a["heure_debut"], "heure_fin": a["heure_fin"]})
    lieux = {"petit_dejeuner": context.lieux.get("petit_dejeuner"), "autre": context.lieux.get("centre_social")}
    partenaires = {key: context.new_id() for key, *_ in PARTENAIRES}
    rows.setdefault(m.Partenaire, []).extend(
        {"id": partenaires[key], "structure_id": context.structure_id, "nom": nom, "type": type_, "adresse": adresse,
         "code_postal": cp, "commune": commune, "actif": True} for key, nom, type_, adresse, cp, commune in PARTENAIRES)
    rows.setdefault(m.ContactPartenaire, []).extend(
        {"id": context.new_id(), "partenaire_id": partenaires[key], "nom": nom, "prenom": prenom,
         "fonction": fonction, "actif": True} for key, (nom, prenom, fonction) in INTERVENANTS.items())
    ref = []
    for (type_, titre, programme, offset, weeks, days, (h1, h2), capacite, vises, public, named) in ACTIONS:
        aid = context.new_id()
        lieu = (lieux.get(type_) or context.lieux["agence"])[0]
        key, role = PARTENAIRE_DE.get(titre, (None, None))
        chez = partenaires[key] if role == "lieu" else None
        actions.append({"id": aid, "structure_id": context.structure_id, "type": type_, "titre": titre,
                        "programme": programme, "lieu_id": None if chez else lieu, "lieu_partenaire_id": chez,
                        "lieu_precision": "salle 12, classe de 3e B" if "3e" in titre else None,
                        "conseiller_id": rng.choice(context.conseillers), "capacite": capacite, "vises": vises,
                        "partenaire_id": partenaires[key] if key else None,
                        "intervenant": " ".join(INTERVENANTS[key][1::-1]) if key else None})
        first = dt.date.fromordinal(context.today + offset)
        if days:  # a programme on set weekdays starts on the first of them, that week
            first += dt.timedelta(days=days[0] - first.weekday())
        dates = D.repeter_chaque_semaine(first, weeks, days) if weeks else [first]
        mine = []
        for day in dates:
            sid = context.new_id()
            past = day.toordinal() <= context.today
            seances.append({"id": sid, "action_id": aid, "date": day, "heure_debut": dt.time(h1),
                            "heure_fin": dt.time(h2), "public_compte": public[0] if public and past else None,
                            "public_description": public[1] if public and past else None})
            mine.append((day.toordinal(), sid, (h2 - h1) * 60))
        ref.append({"id": aid, "type": type_, "lieu": None if chez else lieu, "seances": mine,
                    "places": named, "titre": titre})
    context.ref["actions_collectives"] = ref


def enrol(context: Context, infos: list[JeuneInfo], rows: Rows) -> None:
    """Fill the named places of each action with jeunes received before its first séance."""
    from desktop_app.services.actions_collectives.communs import _id_stable

    rng = context.rng
    for action in context.ref.get("actions_collectives", []):
        if action["places"] <= 0 or not action["seances"]:
            continue
        first = action["seances"][0][0]
        pool = [j for j in infos if j.first <= first and j.last >= first - 90]
        for j in rng.sample(pool, k=min(action["places"], len(pool))):
            action["places"] -= 1
            iid = _id_stable("inscription", action["id"], j.id)
            rows[m.InscriptionAction].append({"id": iid, "action_id": action["id"], "jeune_id": j.id})
            attended = 0
            for day, sid, minutes in action["seances"]:
                if day > context.today:
                    continue
                present = rng.random() < 0.85
                row = {"id": _id_stable(sid, j.id), "seance_id": sid, "jeune_id": j.id, "present": present}
                if present:
                    attended += 1
                    acid = context.new_id()
                    rows[m.Actualite].append({
                        "id": acid, "jeune_id": j.id, "date": J(day), "duree_minutes": minutes,
                        "lieu_id": action["lieu"], "conseiller_id": j.referent,
                        "type": D.type_actualite(action["type"]), "modalite": "sur_place",
                        "themes": THEMES_ACTUALITE.get(action["type"], "projet_pro"),
                        "note": f"{D.TypeActionCollective.label_of(action['type'])} : {action['titre']}"})
                    row["actualite_id"] = acid
                    if day > j.row["date_dernier_contact"].toordinal():
                        j.row["date_dernier_contact"] = J(day)
                rows[m.PresenceSeance].append(row)
            if attended:
                for code, _label in D.checklist(action["type"]):
                    if rng.random() < 0.55:
                        rows[m.ResultatAction].append({"id": _id_stable(iid, code), "inscription_id": iid,
                                                       "code": code, "acquis": True})
