"""Indicator of the CEJ intensity (issue 15): full CEJ weeks and those under 15 hours of activity, by month."""
from __future__ import annotations

from collections import Counter

from desktop_app.domain import intensite_cej as R
from desktop_app.services.indicateurs.modele import MOIS, Contexte, Ligne, Tableau


def intensite_cej(context: Contexte) -> list[Tableau]:
    """Jeunes of the scope in CEJ: each ISO week (already over) a CEJ covers whole and whose Monday falls in the
    period counts once per jeune, in the month of its Monday; « sous 15 h » when the week's hours of activity (actualités'
    durations, atelier sessions attended, weekly hours of formation, immersion or emploi pro rata of the days)
    are under 15."""
    import datetime as dt

    from desktop_app.services.jeunes.intensite_cej import detail_par_semaine

    p = context.periode
    jour = context.params.get("aujourdhui")
    dernier_lundi = R.semaine_precedente(dt.date.fromisoformat(jour)) if jour else p.fin  # weeks already over
    filtre = f" AND {context.hors('d.jeune_id')}"
    weeks = detail_par_semaine(context.conn, p.debut, p.fin, filtre=filtre, params=context.params)
    toutes, sous = Counter(), Counter()
    for (_jeune, lundi), semaine in weeks.items():
        if not p.debut <= lundi <= min(p.fin, dernier_lundi):
            continue
        mois = (lundi.year, lundi.month)
        toutes[mois] += 1
        if semaine.sous_seuil:
            sous[mois] += 1
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
