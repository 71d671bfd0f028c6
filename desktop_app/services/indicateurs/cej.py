"""Indicator of the CEJ intensity (issue 15): full CEJ weeks and those under 15 hours of activity, by month."""
from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict

from desktop_app.domain import intensite_cej as R
from desktop_app.services.indicateurs.modele import MOIS, Contexte, Ligne, Tableau


def intensite_cej(context: Contexte) -> list[Tableau]:
    """Jeunes of the scope in CEJ: each ISO week (already over) a CEJ covers whole and whose Monday falls in the
    period counts once per jeune, in the month of its Monday; « sous 15 h » when the week's hours of activity (actualités'
    durations, atelier sessions attended, weekly hours of formation, immersion or emploi pro rata of the days)
    are under 15."""
    import datetime as dt

    p = context.periode
    jour = context.params.get("aujourdhui")
    dernier_lundi = R.semaine_precedente(dt.date.fromisoformat(jour)) if jour else p.fin  # weeks already over
    toutes, sous = compter(context.conn, p.debut, p.fin, dernier_lundi, f" AND {context.hors('d.jeune_id')}",
                           context.params)
    lignes = []
    annee, mois = p.debut.year, p.debut.month
    while (annee, mois) <= (p.fin.year, p.fin.month):
        lignes.append(Ligne(f"{annee}-{mois:02d}", f"{MOIS[mois - 1].capitalize()} {annee}",
                            (toutes[(annee, mois)], sous[(annee, mois)])))
        annee, mois = (annee + 1, 1) if mois == 12 else (annee, mois + 1)
    return [Tableau("cej_intensite", f"CEJ : semaines sous {R.SEUIL_HEURES} h d'activité",
                    f"Semaines pleines de CEJ (du lundi au dimanche) des jeunes du périmètre, par mois de leur lundi ; "
                    f"« sous {R.SEUIL_HEURES} h » : moins de {R.SEUIL_HEURES} heures d'activité dans la semaine "
                    "(durées des actualités, séances d'atelier suivies, heures hebdomadaires des situations au "
                    "prorata des jours).", lignes, series=("Semaines de CEJ", f"Sous {R.SEUIL_HEURES} h"))]


def compter(conn, debut: _dt.date, fin: _dt.date, dernier_lundi: _dt.date, filtre: str,
            params: dict) -> tuple[Counter, Counter]:
    """({(année, mois): semaines}, {(année, mois): semaines sous le seuil}) of the full CEJ weeks whose Monday is
    in ``debut``..``min(fin, dernier_lundi)``, of the jeunes kept by ``filtre`` — the weeks and minutes of
    :func:`~desktop_app.services.jeunes.intensite_cej.detail_par_semaine` (same reads, same rule), counted on
    week numbers instead of building one object per jeune and week (≈ 300 000 of them for a year of the
    100k profile)."""
    from desktop_app.services.jeunes.intensite_cej import _d, lectures

    toutes, sous = Counter(), Counter()
    premier = R.lundi(debut)
    if premier < debut:
        premier += _dt.timedelta(days=7)
    dernier = R.lundi(min(fin, dernier_lundi))
    if dernier < premier:
        return toutes, sous
    lus = lectures(conn, premier, dernier, filtre=filtre, params=params)
    if lus is None:
        return toutes, sous
    periodes, actualites, ateliers, situations = lus
    nombre = (dernier - premier).days // 7 + 1
    lundis = [premier + _dt.timedelta(days=7 * i) for i in range(nombre)]
    numero = {lundi.isoformat(): i for i, lundi in enumerate(lundis)}
    mois = [(lundi.year, lundi.month) for lundi in lundis]
    base = premier.toordinal()
    minutes: dict = defaultdict(int)
    for rows in (actualites, ateliers):
        for jeune_id, lundi, m in rows:
            i = numero.get(str(lundi)[:10])
            if i is not None and m:
                minutes[(jeune_id, i)] += int(m)
    sits: dict = defaultdict(list)
    for jeune_id, heures, d1, d2 in situations:
        sits[jeune_id].append((int(heures), _d(d1), _d(d2)))
    zero_sous = R.sous_seuil(0)
    for jeune_id, periods in periodes.items():
        semaines: set[int] = set()
        for d1, d2 in periods:  # the weeks a period covers whole: from its first Monday to its last Sunday
            plein = d1.toordinal() + (-d1.weekday()) % 7
            i0 = max(0, -((base - plein) // 7))
            i1 = nombre - 1 if d2 is None else min(nombre - 1, (d2.toordinal() - 6 - base) // 7)
            semaines.update(range(i0, i1 + 1))
        for h, d1, d2 in sits.get(jeune_id, ()):
            i0 = max(0, -((base - (d1.toordinal() - 6)) // 7))  # first week whose Sunday is on or after d1
            i1 = nombre - 1 if d2 is None else min(nombre - 1, (d2.toordinal() - base) // 7)
            for i in range(i0, i1 + 1):
                if i in semaines:
                    minutes[(jeune_id, i)] += R.minutes_situation(h, d1, d2, lundis[i])
        for i in semaines:
            toutes[mois[i]] += 1
            m = minutes.get((jeune_id, i))
            if (R.sous_seuil(m) if m else zero_sous):
                sous[mois[i]] += 1
    return toutes, sous
