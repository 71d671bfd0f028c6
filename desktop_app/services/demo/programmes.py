"""Demo data for the programmes: permanences, ateliers mobilité, auto-école sociale, prêts, parrainage.

:func:`setup` writes what exists independently of the jeunes (places' sessions, partners, parrains);
:func:`enrol` enrols some of each chunk's jeunes (participations, parcours, prêts, parrainages).
"""
from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from desktop_app.db import models as m
from desktop_app.services.demo import donnees as data

if TYPE_CHECKING:
    from desktop_app.services.demo.outils import Context, JeuneInfo

Rows = dict[type, list[dict[str, Any]]]
D = dt.date.fromordinal
SKILLS = ("lire_plan", "itineraire", "changer_mode", "automate", "titre", "signaletique", "savoir_voyager")
# Share of each chunk's jeunes enrolled, and the minimum in the first chunk (every table gets rows).
SHARE = {"atelier": 0.06, "parcours": 0.025, "pret": 0.012, "parrainage": 0.015}
MINIMUM = {"atelier": 3, "parcours": 3, "pret": 2, "parrainage": 3}


def setup(s, context: Context, jeunes: int, insert) -> None:
    rng, rows = context.rng, {}
    rows[m.Permanence], rows[m.PermanenceConseiller] = _permanences(context)
    rows[m.AtelierMobilite] = _ateliers(context, jeunes)
    rows[m.AutoEcole], rows[m.Moniteur] = _auto_ecoles(context)
    rows[m.Regroupement] = [
        {"id": context.new_id(), "structure_id": context.structure_id, "date": D(day), "lieu_id": context.agence_id,
         "theme": rng.choice(data.THEMES_REGROUPEMENT)}
        for day in range(context.start + 10, context.today + 30, 30)]
    context.ref["regroupements"] = [(r["date"].toordinal(), r["id"]) for r in rows[m.Regroupement]]
    rows[m.ObjetPret] = [
        {"id": context.new_id(), "structure_id": context.structure_id, "type": type_, "libelle": libelle,
         "reference": f"PM-{i + 1:03d}", "etat": rng.choice(("bon", "bon", "usage"))}
        for i, (type_, libelle) in enumerate(rng.choice(data.OBJETS_PRET)
                                             for _ in range(max(5, min(60, jeunes // 2000 + 5))))]
    context.ref["objets"] = [[o["id"], context.start] for o in rows[m.ObjetPret]]  # [id, free from (ordinal)]
    rows[m.Parrain], rows[m.FormationParrain] = _parrains(context, jeunes)
    from desktop_app.services.demo import actions_collectives

    actions_collectives.setup(context, rows[m.AtelierMobilite], rows)
    for model in m.SYNCED_MODELS:
        if model in rows:
            insert(s, model, rows[model])


def _permanences(context: Context) -> tuple[list, list]:
    """Weekly permanences hors les murs in each outreach place, one or two conseillers each."""
    rng = context.rng
    places = [(lieu, weekday, hours) for lieu, weekday, hours in zip(
        context.lieux["club_sport"] + context.lieux["centre_social"] + context.lieux["petit_dejeuner"],
        (2, 1, 4), ((17, 0, 19, 0), (14, 0, 17, 0), (9, 0, 11, 0)), strict=False)]
    perms, presents, index = [], [], []
    for lieu, weekday, (h1, m1, h2, m2) in places:
        day = context.start + (weekday - dt.date.fromordinal(context.start).weekday()) % 7
        while day <= context.today + 28:
            if rng.random() < 0.9:  # holidays
                pid = context.new_id()
                perms.append({"id": pid, "structure_id": context.structure_id, "lieu_id": lieu, "date": D(day),
                              "heure_debut": dt.time(h1, m1), "heure_fin": dt.time(h2, m2),
                              "commentaire": rng.choice((None, None, "Affiches et flyers déposés.",
                                                         "Forte affluence après l'entraînement."))})
                team = rng.sample(context.conseillers, k=min(len(context.conseillers), rng.choice((1, 1, 2))))
                presents += [{"permanence_id": pid, "utilisateur_id": u} for u in team]
                index.append((day, pid, lieu, team[0]))
            day += 7
    index.sort()
    context.ref["permanence_days"] = [i[0] for i in index]
    context.ref["permanences"] = [i[1:] for i in index]
    return perms, presents


def _ateliers(context: Context, jeunes: int) -> list[dict[str, Any]]:
    rng = context.rng
    n = max(4, round(jeunes * SHARE["atelier"] / 10))
    lieux = context.lieux["agence"] + context.lieux["antenne"] + context.lieux["centre_social"]
    rows = []
    for _ in range(n):
        day = context.start + rng.randrange(context.today + 45 - context.start)
        co_nom, co_org = rng.choice(data.CO_ANIMATEURS)
        rows.append({"id": context.new_id(), "structure_id": context.structure_id, "lieu_id": rng.choice(lieux), "date": D(day),
                     "heure_debut": dt.time(9, 30), "heure_fin": dt.time(12, 0),
                     "niveau": "initiation" if rng.random() < 0.7 else "perfectionnement",
                     "co_animateur_nom": co_nom, "co_animateur_organisation": co_org,
                     "capacite": rng.choice((12, 15)), "animateur_id": rng.choice(context.conseillers)})
    rows.sort(key=lambda r: r["date"])
    context.ref["ateliers"] = [[r["date"].toordinal(), r["id"], r["capacite"], r["niveau"], r["lieu_id"]] for r in rows]
    return rows


def _auto_ecoles(context: Context) -> tuple[list, list]:
    rng = context.rng
    ecoles, moniteurs, ref = [], [], []
    annuaire = context.ref.get("partenaires_par_nom", {})  # the directory (services/demo/partenaires.py)
    for nom, agrement, assureur, adresse, cp, commune in data.AUTO_ECOLES:
        eid = context.new_id()
        partner = annuaire.get(nom)
        ecoles.append({"id": eid, "structure_id": context.structure_id, "nom": nom, "numero_agrement": agrement,
                       "partenaire_id": partner["id"] if partner else None,
                       "assureur": assureur, "adresse": adresse, "code_postal": cp, "commune": commune,
                       "telephone": f"01 34 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
                       "representant": f"{rng.choice(data.PRENOMS_H)} {rng.choice(data.NOMS)}"})
        team = [{"id": context.new_id(), "auto_ecole_id": eid, "nom": rng.choice(data.NOMS),
                 "prenom": rng.choice(data.PRENOMS_F + data.PRENOMS_H)} for _ in range(rng.choice((2, 3)))]
        moniteurs += team
        ref.append((eid, [t["id"] for t in team]))
    context.ref["auto_ecoles"] = ref
    return ecoles, moniteurs


def _parrains(context: Context, jeunes: int) -> tuple[list, list]:
    rng = context.rng
    parrains, formations = [], []
    annuaire = list(context.ref.get("partenaires_par_nom", {}).values())
    # the companies of the directory that provide parrains first, then any company; the foundations
    fournisseurs = [p for p in annuaire if p["type"] in ("entreprise", "interim", "collectivite")]
    fournisseurs = [p for p in fournisseurs if p.get("parrains_fournis")] * 3 + fournisseurs
    fondations = [p for p in annuaire if p["type"] == "fondation"]
    for _ in range(max(6, round(jeunes * SHARE["parrainage"] / 3))):
        pid, femme = context.new_id(), rng.random() < 0.5
        statut = rng.choice(("benevole_retraite", "benevole_actif", "salarie_entreprise", "salarie_fondation"))
        pool = fondations if statut == "salarie_fondation" else fournisseurs if statut != "benevole_retraite" else []
        employeur = rng.choice(pool) if pool else None  # a retiree: the network he comes through (free text)
        joined = context.start - rng.randrange(0, 1500)
        parrains.append({
            "id": pid, "structure_id": context.structure_id, "nom": rng.choice(data.NOMS),
            "prenom": rng.choice(data.PRENOMS_F if femme else data.PRENOMS_H),
            "telephone": f"06 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} "
                         f"{rng.randrange(10, 99)}",
            "email": None, "statut": statut,
            "employeur_reseau": employeur["nom"] if employeur else rng.choice(data.RESEAUX),
            "partenaire_id": employeur["id"] if employeur else None,
            "secteur": rng.choice(data.SECTEURS), "competences": "Recrutement, connaissance de l'entreprise",
            "disponibilite": rng.choice(("Mardi après-midi", "Le soir après 18 h", "Mercredi", "Samedi matin")),
            "max_filleuls": rng.choice((1, 2, 2, 3)), "date_entree": D(joined), "actif": rng.random() < 0.9})
        for day in sorted(rng.sample(range(joined, context.today), k=rng.choice((1, 2, 3)))):
            formations.append({"parrain_id": pid, "date": D(day), "theme": rng.choice(data.FORMATIONS_PARRAIN)})
    context.ref["parrains"] = [p["id"] for p in parrains if p["actif"]] or [parrains[0]["id"]]
    return parrains, formations


def enrol(context: Context, infos: list[JeuneInfo], rows: Rows, *, first_chunk: bool) -> None:
    """Enrol some of this chunk's jeunes in the programmes."""
    rng = context.rng
    adults = [j for j in infos if j.first - j.birth >= 17 * 365]
    for key, pool, action in (("atelier", infos, _participation), ("parcours", [j for j in adults if
                              j.permis != "obtenu"], _parcours), ("pret", infos, _pret),
                              ("parrainage", adults, _parrainage)):
        k = round(len(infos) * SHARE[key] * (0.5 + rng.random()))
        if first_chunk:
            k = max(k, MINIMUM[key])
        for j in rng.sample(pool, k=min(k, len(pool))):
            action(context, j, rows)
    from desktop_app.services.demo import actions_collectives

    actions_collectives.enrol(context, infos, rows)


def _participation(context: Context, j: JeuneInfo, rows: Rows) -> None:
    rng, ateliers = context.rng, context.ref["ateliers"]
    candidates = [a for a in ateliers if j.first <= a[0] <= max(j.last, j.first + 60) and a[2] > 0]
    if not candidates:  # never before the jeune's first reception
        candidates = [a for a in ateliers if a[0] >= j.first and a[2] > 0]
    if not candidates:
        return
    atelier = rng.choice(candidates)
    day, aid, _, niveau, lieu = atelier
    atelier[2] -= 1
    present = None if day > context.today else rng.random() < 0.85
    skill = 0.85 if niveau == "perfectionnement" else 0.6
    row = {"atelier_id": aid, "jeune_id": j.id, "present": present}
    row.update({s: bool(present) and rng.random() < skill for s in SKILLS})
    tarif = rng.choice((None, None, "gratuite", "moins75", "moins50"))
    row.update(tarif_solidaire=tarif, demarche_tarif_engagee=tarif is not None and rng.random() < 0.7)
    rows[m.AtelierParticipation].append(row)
    if present:
        rows[m.Actualite].append({"jeune_id": j.id, "date": D(day), "duree_minutes": 150, "lieu_id": lieu,
                                  "conseiller_id": j.referent, "type": "atelier", "modalite": "sur_place",
                                  "themes": "projet_pro", "note": "Atelier mobilité.", "atelier_id": aid})
        if day > j.row["date_dernier_contact"].toordinal():
            j.row["date_dernier_contact"] = D(day)


def _parcours(context: Context, j: JeuneInfo, rows: Rows) -> None:
    """A tripartite auto-école parcours with its financing, payments, regroupements and follow-ups."""
    rng, today = context.rng, context.today
    ecole, moniteurs = rng.choice(context.ref["auto_ecoles"])
    debut = j.first + rng.randrange(15, max(16, min(j.last, today) - j.first + 1))
    heures = rng.randrange(20, 46)
    cout = heures * 5500 + 30000
    pid = context.new_id()
    row = {"id": pid, "jeune_id": j.id, "auto_ecole_id": ecole, "moniteur_id": rng.choice(moniteurs),
           "conseiller_id": j.referent, "date_evaluation": D(debut - 10), "heures_prevues_evaluation": heures,
           "heures_planifiees": heures + rng.choice((0, 0, 5)), "cout_total_centimes": cout,
           "contreparties": "20 h de bénévolat au centre social" if rng.random() < 0.4 else None,
           "date_debut": D(debut), "duree_mois": 12, "lieu_signature": "Sarcelles", "date_signature": D(debut)}
    row["heures_contrepartie"] = 20 if row["contreparties"] else None
    statut, end = "en_cours" if debut <= today else "evaluation", min(today, debut + 365)
    if debut + 60 <= today:
        code = debut + rng.randrange(60, 150)
        if code <= today:
            row.update(date_code=D(code), resultat_code="reussi" if rng.random() < 0.75 else "echec")
            statut = "code_obtenu" if row["resultat_code"] == "reussi" else statut
            permis = code + rng.randrange(90, 240)
            if row["resultat_code"] == "reussi" and permis <= today:
                row.update(date_permis=D(permis), resultat_permis="reussi" if rng.random() < 0.6 else "echec")
                statut = "permis_obtenu" if row["resultat_permis"] == "reussi" else statut
    if debut + 182 <= today:
        row.update(date_auto_evaluation=D(debut + 182), auto_evaluation=rng.choice(
            ("Progrès réguliers, confiance en hausse.", "Assiduité à améliorer au code.",
             "Objectifs atteints, présentation à l'examen envisagée.")))
    if statut in ("en_cours", "code_obtenu") and rng.random() < 0.08:
        statut, end = "abandonne", min(today, debut + rng.randrange(30, 200))
    row["statut"] = statut
    rows[m.ParcoursAutoEcole].append(row)
    _financement(context, pid, debut, cout, rows)
    for day, rid in context.ref["regroupements"]:
        if debut <= day <= end:
            rows[m.RegroupementPresence].append({"regroupement_id": rid, "parcours_id": pid,
                                                 "present": rng.random() < 0.8})
    done = 0
    for k, day in enumerate(range(debut + 30, end + 1, 60)):
        done += rng.randrange(2, 8)
        axe = ("conduite", "valeurs", "freins")[k % 3]
        rows[m.SuiviAutoEcole].append({"parcours_id": pid, "date": D(day), "axe": axe,
                                       "observation": rng.choice(data.OBSERVATIONS_SUIVI[axe]),
                                       "heures_effectuees": done})


def _financement(context: Context, parcours_id: str, debut: int, cout: int, rows: Rows) -> None:
    """The jeune pays 10 % monthly; FAJ, département and a third funder share the rest, paid in two parts."""
    rng, today = context.rng, context.today
    jeune = cout // 10
    faj = (cout - jeune) * rng.choice((40, 50)) // 100
    autre = rng.choice(("region", "commune", "autre"))
    parts = [("jeune", jeune, "Participation du jeune"), ("faj", faj, "Aide FAJ"),
             ("departement", (cout - jeune - faj) // 2, "Aide du département")]
    parts.append((autre, cout - sum(p[1] for p in parts), "Complément"))
    for financeur, montant, libelle in parts:
        lid = context.new_id()
        rows[m.FinancementLigne].append({
            "id": lid, "parcours_id": parcours_id, "financeur": financeur, "libelle": libelle,
            "montant_centimes": montant,
            "echeancier": f"10 × {montant / 1000:.2f} € le 5 du mois".replace(".", ",") if financeur == "jeune"
            else "50 % à la signature, 50 % à six mois"})
        schedule = [(debut + 30 * i, montant // 10) for i in range(10)] if financeur == "jeune" else \
            [(debut, montant // 2), (debut + 182, montant - montant // 2)]
        for prevue, amount in schedule:
            if prevue <= today and rng.random() < 0.95:
                rows[m.Versement].append({"ligne_id": lid, "date": D(min(today, prevue + rng.randrange(0, 10))),
                                          "montant_centimes": amount, "date_prevue": D(prevue)})


def _pret(context: Context, j: JeuneInfo, rows: Rows) -> None:
    """A loan of the plate-forme mobilité; an item is lent to one jeune at a time."""
    rng, today = context.rng, context.today
    objet = rng.choice(context.ref["objets"])
    debut = max(objet[1], j.first + rng.randrange(0, max(1, j.last - j.first)))
    if debut > today:
        return
    fin = debut + rng.choice((30, 60, 90))
    retour = fin + rng.choice((0, 0, 0, -5, 7)) if fin <= today else None
    objet[1] = (retour or fin) + 1
    abime = retour is not None and rng.random() < 0.1
    rows[m.Pret].append({"objet_id": objet[0], "jeune_id": j.id, "date_debut": D(debut), "date_fin_prevue": D(fin),
                         "date_retour": D(retour) if retour else None, "caution_centimes": rng.choice((5000, 10000,
                         15000)), "caution_rendue": retour is not None and not abime, "etat_depart": "bon",
                         "etat_retour": ("endommage" if abime else "bon") if retour else None})


ISSUE = (("cdi", 20), ("cdd", 25), ("interim", 10), ("formation", 20), ("alternance", 10), ("autre", 15))
OBJECTIFS = tuple(data.RESULTATS_OBJECTIF)


def _parrainage(context: Context, j: JeuneInfo, rows: Rows) -> None:
    """A parrainage contract, its objectives and the parrain's follow-up file (monthly rencontres)."""
    rng, today = context.rng, context.today
    debut = j.first + rng.randrange(0, max(1, min(j.last, today) - j.first))
    prolongation = 3 if rng.random() < 0.3 else 0
    end = debut + (6 + prolongation) * 30
    rompu = rng.random() < 0.15
    if rompu:
        end = debut + rng.randrange(40, 150)
    statut = "en_preparation" if debut > today - 7 else ("termine" if end <= today else
                                                          ("prolonge" if prolongation and debut + 180 <= today
                                                           else "en_cours"))
    if rompu and end <= today:
        statut = "rompu"
    issue = None
    if statut == "termine":
        issue = rng.choices([i for i, _ in ISSUE], weights=[w for _, w in ISSUE])[0]
    elif statut == "rompu":
        issue = "abandon"
    pid = context.new_id()
    rows[m.Parrainage].append({
        "id": pid, "jeune_id": j.id, "conseiller_id": j.referent, "parrain_id": rng.choice(context.ref["parrains"]),
        "date_debut": D(debut), "duree_mois": 6, "prolongation_mois": prolongation, "rythme_jours": 30,
        "rythme": "deux heures par mois", "lieux": "Médiathèque, café près de la gare",
        "consentement_jeune": True, "date_consentement": D(debut - 3),
        "consentement_representant": debut - j.birth < 18 * 365, "statut": statut,
        "date_fin": D(end) if statut in ("termine", "rompu") else None, "issue": issue})
    for objectif in rng.sample(OBJECTIFS, k=rng.choice((1, 2, 2, 3))):
        rows[m.ObjectifParrainageLigne].append({
            "parrainage_id": pid, "objectif": objectif, "resultat_attendu": data.RESULTATS_OBJECTIF[objectif],
            "progression": rng.choice((None, "Démarches engagées", "En bonne voie")),
            "atteint": statut == "termine" and rng.random() < 0.6})
    last = min(end, today)
    for k, day in enumerate(range(debut + 14, last + 1, 30)):
        type_ = "bilan_mi_parcours" if k == 3 else "rencontre"
        rows[m.RencontreParrainage].append(_rencontre(rng, pid, day, type_))
    if statut == "termine":
        rows[m.RencontreParrainage].append(_rencontre(rng, pid, end, "bilan_final"))


def _rencontre(rng: random.Random, parrainage_id: str, day: int, type_: str) -> dict[str, Any]:
    return {"parrainage_id": parrainage_id, "date": D(day), "type": type_, "duree_minutes": rng.choice((60, 90, 120)),
            "lieu": rng.choice(("Médiathèque", "Café de la gare", "Locaux de la Mission Locale", "Entreprise du parrain")),
            "sujets": rng.choice(data.SUJETS_RENCONTRE), "demarches": rng.choice(data.ETAPES_RENCONTRE),
            "prochaine_etape": rng.choice(data.ETAPES_RENCONTRE)}
