"""Indicators of the employer side: companies mobilised, immersions, employment events and their figures, hires,
trial periods validated, « emploi durable »; by sex and QPV share. Each function's docstring is the definition a
funder reads."""
from __future__ import annotations

from desktop_app.services.indicateurs.modele import Contexte, Ligne, Tableau

_IMMERSIONS = ("FROM immersion i WHERE i.deleted = 0 AND i.statut IN ('signee', 'terminee') "
               "AND i.date_debut BETWEEN :debut AND :fin AND {hors}")
_PRESENTS = ("FROM evenement_invitation v JOIN evenement_emploi e ON e.id = v.evenement_id AND e.deleted = 0 "
             "WHERE v.deleted = 0 AND v.presence = 'present' AND e.structure_id = :structure "
             "AND e.date BETWEEN :debut AND :fin AND {hors}")
_EMBAUCHES = ("FROM situation s WHERE s.deleted = 0 AND s.categorie = 'emploi' AND s.date_debut BETWEEN :debut AND :fin "
              "AND {hors}")


def emploi(context: Contexte) -> list[Tableau]:
    """Entreprise et emploi, jeunes of the scope. Immersions: conventions signed whose immersion starts in the
    period; bilans: immersions whose bilan is dated in the period. Events: held in the period (their day);
    companies present and posts offered; jeunes visés = the targets of those events, touchés = jeunes pointed
    present; interviews held there and hires among them. Companies mobilised: distinct partners hosting an
    immersion or present at an event of the period. Hires: situations « Emploi » starting in the period (whatever
    recorded them). Trial periods: follow-ups whose outcome is dated in the period; « emploi durable »: checked at
    6 months in the period (CDI, or CDD of 6 months or more, still held)."""
    hors = {k: context.hors(c) for k, c in (("i", "i.jeune_id"), ("v", "v.jeune_id"), ("s", "s.jeune_id"),
                                             ("t", "t.jeune_id"), ("m", "m.jeune_id"))}
    immersions = context.scalar(f"SELECT COUNT(*) {_IMMERSIONS.format(hors=hors['i'])}") or 0
    bilans = context.rows(
        f"SELECT COUNT(*), COALESCE(SUM(i.suite = 'embauche'), 0) FROM immersion i WHERE i.deleted = 0 "
        f"AND i.date_bilan BETWEEN :debut AND :fin AND {hors['i']}")[0]
    evts = context.rows(
        "SELECT COUNT(*), COALESCE(SUM(e.objectif_jeunes), 0) FROM evenement_emploi e WHERE e.deleted = 0 "
        "AND e.structure_id = :structure AND e.date BETWEEN :debut AND :fin")[0]
    entreprises = context.rows(
        "SELECT COUNT(*), COALESCE(SUM(x.nb_postes), 0) FROM evenement_entreprise x JOIN evenement_emploi e "
        "ON e.id = x.evenement_id AND e.deleted = 0 WHERE x.deleted = 0 AND e.structure_id = :structure "
        "AND e.date BETWEEN :debut AND :fin")[0]
    mobilisees = context.scalar(
        f"SELECT COUNT(DISTINCT p) FROM (SELECT i.partenaire_id AS p {_IMMERSIONS.format(hors=hors['i'])} "
        "UNION SELECT x.partenaire_id FROM evenement_entreprise x JOIN evenement_emploi e ON e.id = x.evenement_id "
        "AND e.deleted = 0 WHERE x.deleted = 0 AND e.structure_id = :structure AND e.date BETWEEN :debut AND :fin)") or 0
    presents = context.scalar(f"SELECT COUNT(*) {_PRESENTS.format(hors=hors['v'])}") or 0
    entretiens = context.rows(
        "SELECT COUNT(*), COALESCE(SUM(t.issue = 'embauche'), 0) FROM evenement_entretien t JOIN evenement_emploi e "
        "ON e.id = t.evenement_id AND e.deleted = 0 WHERE t.deleted = 0 AND e.structure_id = :structure "
        f"AND e.date BETWEEN :debut AND :fin AND {hors['t']}")[0]
    embauches = context.scalar(f"SELECT COUNT(*) {_EMBAUCHES.format(hors=hors['s'])}") or 0
    essais = dict(context.rows(
        "SELECT m.issue, COUNT(*) FROM suivi_maintien m WHERE m.deleted = 0 AND m.date_issue BETWEEN :debut AND :fin "
        f"AND {hors['m']} GROUP BY m.issue"))
    durables = context.scalar(
        "SELECT COUNT(*) FROM suivi_maintien m WHERE m.deleted = 0 AND m.emploi_durable = 1 "
        f"AND m.date_emploi_durable BETWEEN :debut AND :fin AND {hors['m']}") or 0
    resume = [Ligne("entreprises_mobilisees", "Entreprises mobilisées", (int(mobilisees),)),
              Ligne("immersions", "Immersions commencées", (int(immersions),)),
              Ligne("bilans", "Bilans d'immersion", (int(bilans[0]),)),
              Ligne("bilans_embauche", "dont embauche envisagée", (int(bilans[1]),)),
              Ligne("evenements", "Événements emploi tenus", (int(evts[0]),)),
              Ligne("entreprises_presentes", "Entreprises présentes aux événements", (int(entreprises[0]),)),
              Ligne("postes", "Postes proposés aux événements", (int(entreprises[1]),)),
              Ligne("vises", "Jeunes visés (objectifs des événements)", (int(evts[1]),)),
              Ligne("touches", "Jeunes touchés (présents aux événements)", (int(presents),)),
              Ligne("taux_vises", "Touchés / visés", (100.0 * presents / evts[1] if evts[1] else None,), unite="%"),
              Ligne("entretiens", "Entretiens aux événements", (int(entretiens[0]),)),
              Ligne("embauches_evenements", "Embauches à l'issue des événements", (int(entretiens[1]),)),
              Ligne("embauches", "Embauches (situations « Emploi » commencées)", (int(embauches),)),
              Ligne("essais_valides", "Périodes d'essai validées", (int(essais.get("validee", 0)),)),
              Ligne("ruptures", "Ruptures de période d'essai",
                    (int(essais.get("rupture_employeur", 0)) + int(essais.get("rupture_jeune", 0)),)),
              Ligne("emplois_durables", "Emplois durables à 6 mois", (int(durables),))]
    return [Tableau("emploi", "Entreprise et emploi", "Immersions : conventions signées commençant dans la période. Événements tenus dans "
                    "la période : entreprises, postes, jeunes visés (objectifs) et touchés (pointés présents), "
                    "entretiens et embauches. Entreprises mobilisées : accueillant une immersion ou présentes à un "
                    "événement. Embauches : situations « Emploi » commencées. Périodes d'essai : issue datée dans la "
                    "période.", resume, mot_realise="touchés"),
            _publics(context, hors)]


def _publics(context: Contexte, hors: dict[str, str]) -> Tableau:
    """By sex and QPV share: jeunes in immersion, present at events, hired (distinct jeunes)."""
    def compte(sql_from: str, colonne: str) -> dict[str, int]:
        rows = context.rows(
            f"SELECT COALESCE(j.sexe, 'X'), COALESCE(j.qpv_code, '') <> '', COUNT(DISTINCT j.id) FROM jeune j "
            f"WHERE j.id IN (SELECT {colonne} {sql_from}) GROUP BY 1, 2")
        out = {"F": 0, "H": 0, "X": 0, "qpv": 0, "total": 0}
        for sexe, qpv, n in rows:
            out[sexe if sexe in out else "X"] += n
            out["total"] += n
            out["qpv"] += n if qpv else 0
        return out
    series = [compte(_IMMERSIONS.format(hors=hors["i"]), "i.jeune_id"),
              compte(_PRESENTS.format(hors=hors["v"]), "v.jeune_id"),
              compte(_EMBAUCHES.format(hors=hors["s"]), "s.jeune_id")]
    lignes = [Ligne("femmes", "Femmes", tuple(s["F"] for s in series)),
              Ligne("hommes", "Hommes", tuple(s["H"] for s in series)),
              Ligne("autre", "Autre / non précisé", tuple(s["X"] for s in series)),
              Ligne("qpv", "Part des habitants d'un QPV",
                    tuple(100.0 * s["qpv"] / s["total"] if s["total"] else None for s in series), unite="%")]
    return Tableau("emploi_publics", "Entreprise et emploi : publics",
                   "Jeunes distincts de la période : en immersion, présents à un événement emploi, embauchés ; "
                   "par sexe, et part des habitants d'un quartier prioritaire (QPV).", lignes,
                   series=("Immersions", "Présents aux événements", "Embauchés"))
