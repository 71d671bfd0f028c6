"""Indicators of the agenda (issue 15): rendez-vous honoured and missed by month and by kind of place, and the
delay from the premier accueil to the first entretien. Each function's docstring is the definition a funder reads."""
from __future__ import annotations

import datetime as dt

from desktop_app.domain.enums import StatutRendezVous, TypeLieuRendezVous
from desktop_app.services.indicateurs.modele import MOIS, Contexte, Ligne, Tableau

ISSUES = (StatutRendezVous.HONORE, StatutRendezVous.ABSENT_EXCUSE, StatutRendezVous.ABSENT_NON_EXCUSE,
          StatutRendezVous.ANNULE)
SERIES = ("Honorés", "Absences excusées", "Absences non excusées", "Annulés")


def _sommes(alias: str = "p") -> str:
    return ", ".join(f"COALESCE(SUM({alias}.statut = '{s.value}'), 0)" for s in ISSUES)


def _mois(debut: dt.date, fin: dt.date) -> list[tuple[str, str]]:
    out, day = [], debut.replace(day=1)
    while day <= fin:
        out.append((f"{day:%Y-%m}", f"{MOIS[day.month - 1].capitalize()} {day.year}"))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _groupes(context: Contexte, base: str) -> list[tuple]:
    """(month, kind of place, honoured, excused, not excused, cancelled) of the period's rendez-vous.

    A period of whole months in a scope defined by the jeunes left out, when they are few
    (:data:`indicateurs_resume.SEUIL_JEUNES`): the monthly counts kept by migration 0031's triggers, less the
    participations of the jeunes left out (read by jeune). Otherwise (a référent's scope, the QPV, days of a
    month): the rendez-vous themselves."""
    from desktop_app.services.indicateurs import resume

    p = context.periode
    mois_entiers = p.debut.day == 1 and (p.fin + dt.timedelta(days=1)).day == 1
    if (not resume.UTILISER_RESUME or not mois_entiers or context.restreint or context.perimetre.qpv_seulement
            or context.scalar("SELECT COUNT(*) FROM temp.ind_hors") > resume.SEUIL_JEUNES):
        return context.rows(f"SELECT substr(r.date, 1, 7), r.type_lieu, {_sommes()} {base} "
                            f"GROUP BY substr(r.date, 1, 7), r.type_lieu")
    lieu = " AND s.lieu = :lieu" if context.perimetre.lieu_id else ""
    sommes = ", ".join(f"SUM(s.nb * (s.statut = '{x.value}'))" for x in ISSUES)
    # the last value: participants of any status (a group left with none is not one of the scope's)
    groupes = {(r[0], r[1]): [int(v or 0) for v in r[2:]] for r in context.rows(
        f"SELECT s.mois, s.type_lieu, {sommes}, SUM(s.nb) FROM indicateur_rendez_vous_mois s "
        f"WHERE s.structure_id = :structure AND s.mois BETWEEN :m1 AND :m2{lieu} GROUP BY s.mois, s.type_lieu",
        m1=p.debut.isoformat()[:7], m2=p.fin.isoformat()[:7])}
    for row in context.rows(
            # from the jeunes left out (CROSS JOIN: that order; by date SQLite read every rendez-vous of the period)
            f"SELECT substr(r.date, 1, 7), r.type_lieu, {_sommes()}, COUNT(*) FROM rendez_vous_participant p "
            f"INDEXED BY ix_rendez_vous_participant_jeune_id CROSS JOIN rendez_vous r "
            f"WHERE p.jeune_id IN (SELECT id FROM temp.ind_hors) AND p.deleted = 0 AND r.id = p.rendez_vous_id "
            f"AND r.deleted = 0 AND +r.structure_id = :structure AND +r.date BETWEEN :debut AND :fin"
            f"{context.lieu('r.lieu_id')} GROUP BY 1, 2"):
        valeurs = groupes.setdefault((row[0], row[1]), [0] * (len(ISSUES) + 1))
        for i, v in enumerate(row[2:]):
            valeurs[i] -= int(v or 0)
    return [(m, t, *v[:-1]) for (m, t), v in groupes.items() if v[-1] > 0]


def rendez_vous(context: Contexte) -> list[Tableau]:
    """Rendez-vous dated in the period, counted per jeune expected (a collective session counts each of its
    jeunes): honoured, absences excused and not excused, cancelled — by month and by kind of place (agence,
    téléphone, visio…). Postponed rendez-vous are counted once, at their new date. Délai premier accueil → premier
    entretien: for the jeunes whose premier accueil is in the period, the days from the premier accueil to their
    first honoured individual rendez-vous (median), and how many have had none yet."""
    # through the date index (the unary + keeps SQLite off the structure's index: every rendez-vous ever)
    base = (f"FROM rendez_vous r JOIN rendez_vous_participant p ON p.rendez_vous_id = r.id AND p.deleted = 0 "
            f"WHERE r.deleted = 0 AND +r.structure_id = :structure AND r.date BETWEEN :debut AND :fin"
            f"{context.lieu('r.lieu_id')} AND {context.hors('p.jeune_id')}")
    # one pass, by month and kind of place together (each is a sum of these groups)
    par_mois: dict = {}
    par_lieu: dict = {}
    for row in _groupes(context, base):
        for groupes, cle in ((par_mois, row[0]), (par_lieu, row[1])):
            avant = groupes.get(cle, (0,) * len(ISSUES))
            groupes[cle] = tuple(a + int(v or 0) for a, v in zip(avant, row[2:]))
    mois = [Ligne(cle, libelle, tuple(int(v) for v in par_mois.get(cle, (0,) * len(ISSUES))))
            for cle, libelle in _mois(context.periode.debut, context.periode.fin)]
    lieux = [Ligne(t.value, t.label, tuple(int(v) for v in par_lieu[t.value]))
             for t in TypeLieuRendezVous if t.value in par_lieu]
    total = [sum(ligne.valeurs[i] for ligne in mois) for i in range(len(ISSUES))]
    attendus = total[0] + total[1] + total[2]
    taux = Ligne("taux_absence", "Taux d'absence (absences sur rendez-vous tenus ou manqués)",
                 (100.0 * (total[1] + total[2]) / attendus if attendus else None, None, None, None), unite="%")
    jours = ("julianday((SELECT MIN(e.date) FROM indicateur_entretien e WHERE e.jeune_id = j.id "
             "AND e.date >= j.date_premier_accueil)) - julianday(j.date_premier_accueil)")
    # each jeune's delay computed once (a CTE read three times re-ran the correlated subquery each time): the
    # premier-accueil index holds the jeune's id, and its first honoured individual rendez-vous from that day is
    # one probe into the dates kept by migration 0031's triggers; the median is taken here (the mean of the
    # middle one or two values)
    accueillis = (f"SELECT {jours} FROM jeune j INDEXED BY ix_jeune_premier_accueil WHERE {context.jeunes('j')} "
                  f"AND j.date_premier_accueil BETWEEN :debut AND :fin")
    delais = [row[0] for row in context.rows(accueillis)]
    connus = sorted(float(n) for n in delais if n is not None)
    avec, sans = len(connus), len(delais) - len(connus)
    mediane = (connus[(avec - 1) // 2] + connus[avec // 2]) / 2 if connus else None
    delai = [Ligne("avec_entretien", "Jeunes accueillis dans la période ayant eu un premier entretien", (avec,)),
             Ligne("sans_entretien", "Jeunes accueillis dans la période sans entretien à ce jour", (sans,)),
             Ligne("delai_median", "Délai médian du premier accueil au premier entretien",
                   (None if mediane is None else round(float(mediane), 1),), unite="jours")]
    return [Tableau("rendez_vous_mois", "Rendez-vous honorés et manqués par mois",
                    "Rendez-vous datés dans la période, comptés par jeune attendu.", mois + [taux], series=SERIES),
            Tableau("rendez_vous_lieu", "Rendez-vous par lieu", "Rendez-vous datés dans la période, par sorte de "
                    "lieu, comptés par jeune attendu.", lieux, series=SERIES),
            Tableau("delai_premier_entretien", "Du premier accueil au premier entretien",
                    "Jeunes dont le premier accueil est dans la période ; premier entretien : premier rendez-vous "
                    "individuel honoré à partir du premier accueil.", delai, graphique="aucun")]
