"""Indicators of the collective actions (issue 17), every type on one model. Each function's docstring is the
definition a funder reads."""
from __future__ import annotations

from desktop_app.domain import actions_collectives as D
from desktop_app.domain.enums import CompetenceMobilite
from desktop_app.services.indicateurs.modele import Contexte, Ligne, Tableau

SERIES = ("Actions", "Séances", "Heures", "Résultats atteints")
SERIES_PARTICIPANTS = ("Participations nommées", "Public compté", "Jeunes distincts")


def actions_collectives(context: Contexte) -> list[Tableau]:
    """Collective actions of the structure (held at the lieu, if one is chosen), séances dated in the period,
    per type: actions with a séance in the period, séances, participations of named jeunes of the scope
    (present at a séance), public counted without names (sum over the séances: no dossier, not in the other
    tables), distinct named jeunes present, hours of séances, outcomes of the type's checklist ticked for a
    participant. Visés / touchés per action: touchés = distinct named jeunes present at least once plus the
    largest public counted at one of its séances (an unnamed public cannot be told apart from one séance to the
    next), against the number of jeunes visés set on the action."""
    seances = context.rows(
        f"SELECT s.id, s.action_id, a.type, a.titre, a.vises, s.heure_debut, s.heure_fin, "
        f"COALESCE(s.public_compte, 0), s.atelier_id FROM seance_action s "
        f"JOIN action_collective a ON a.id = s.action_id AND a.deleted = 0 "
        f"WHERE s.deleted = 0 AND a.structure_id = :structure AND s.date BETWEEN :debut AND :fin"
        f"{context.lieu('a.lieu_id')}")
    named = context.rows(
        f"SELECT p.seance_id, p.jeune_id FROM presence_seance p JOIN seance_action s ON s.id = p.seance_id "
        f"AND s.deleted = 0 WHERE p.deleted = 0 AND p.present = 1 AND s.date BETWEEN :debut AND :fin "
        f"AND {context.hors('p.jeune_id')}")
    skills = " + ".join(f"p.{c.value}" for c in CompetenceMobilite)
    mobility = context.rows(
        f"SELECT s.id, p.jeune_id, {skills} FROM atelier_participation p "
        f"JOIN seance_action s ON s.atelier_id = p.atelier_id AND s.deleted = 0 "
        f"WHERE p.deleted = 0 AND p.present = 1 AND s.date BETWEEN :debut AND :fin AND {context.hors('p.jeune_id')}")
    outcomes = context.rows(
        f"SELECT i.action_id, COUNT(*) FROM resultat_action r JOIN inscription_action i ON i.id = r.inscription_id "
        f"AND i.deleted = 0 WHERE r.deleted = 0 AND r.acquis = 1 AND {context.hors('i.jeune_id')} "
        f"GROUP BY i.action_id")
    presents: dict[str, set[str]] = {}
    mobility_outcomes: dict[str, int] = {}
    for seance_id, jeune_id in named:
        presents.setdefault(seance_id, set()).add(jeune_id)
    for seance_id, jeune_id, ticked in mobility:
        presents.setdefault(seance_id, set()).add(jeune_id)
        mobility_outcomes[seance_id] = mobility_outcomes.get(seance_id, 0) + int(ticked or 0)
    outcomes_by_action = {a: int(n) for a, n in outcomes}
    per_type: dict[str, dict] = {}
    per_action: dict[str, dict] = {}
    for seance_id, action_id, type_, titre, vises, debut, fin, compte, _atelier in seances:
        t = per_type.setdefault(type_, {"actions": set(), "seances": 0, "nommes": 0, "compte": 0, "jeunes": set(),
                                        "heures": 0.0, "resultats": 0})
        who = presents.get(seance_id, set())
        t["actions"].add(action_id)
        t["seances"] += 1
        t["nommes"] += len(who)
        t["compte"] += int(compte)
        t["jeunes"] |= who
        t["heures"] += D.heures(_time(debut), _time(fin))
        t["resultats"] += mobility_outcomes.get(seance_id, 0)
        a = per_action.setdefault(action_id, {"titre": titre, "type": type_, "vises": vises, "jeunes": set(),
                                              "compte": 0})
        a["jeunes"] |= who
        a["compte"] = max(a["compte"], int(compte))
    for action_id, n in outcomes_by_action.items():
        if action_id in per_action:
            per_type[per_action[action_id]["type"]]["resultats"] += n
    lignes, participants = [], []
    for type_ in D.TypeActionCollective:
        t = per_type.get(type_.value)
        if t is None:
            continue
        lignes.append(Ligne(type_.value, type_.label, (len(t["actions"]), t["seances"], round(t["heures"], 1),
                                                       t["resultats"])))
        participants.append(Ligne(type_.value, type_.label, (t["nommes"], t["compte"], len(t["jeunes"]))))
    touches = [Ligne(action_id, f"{a['titre']} ({D.TypeActionCollective.label_of(a['type']).lower()})",
                     (len(a["jeunes"]) + a["compte"],), cible=a["vises"] or None)
               for action_id, a in sorted(per_action.items(), key=lambda kv: kv[1]["titre"].casefold())]
    return [Tableau("actions_collectives", "Actions collectives par type",
                    "Actions ayant une séance datée dans la période, leurs séances et leurs heures ; résultats "
                    "atteints : cases de la liste du type cochées pour un participant.", lignes, series=SERIES,
                    graphique="aucun"),
            Tableau("actions_participants", "Participants par type d'action",
                    "Participations nommées : jeunes inscrits notés présents à une séance ; public compté : "
                    "personnes comptées sans nom, sans dossier (somme des séances) ; jeunes distincts : jeunes "
                    "nommés présents au moins une fois.", participants, series=SERIES_PARTICIPANTS,
                    graphique="aucun"),
            Tableau("actions_vises_touches", "Visés et touchés par action",
                    "Touchés : jeunes nommés présents au moins une fois, plus le plus grand public compté à une "
                    "séance de l'action ; visés : l'objectif fixé sur l'action.", touches, series=("Touchés",),
                    graphique="aucun", mot_realise="touchés")]


def _time(value):
    """SQLite returns the hours as text ('09:00:00.000000')."""
    import datetime as dt

    if value is None or isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value)[:8])
