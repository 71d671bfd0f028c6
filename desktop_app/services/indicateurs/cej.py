"""Indicator of the CEJ intensity (issue 15): full CEJ weeks and those under 15 hours of activity, by month."""
from __future__ import annotations

import datetime as _dt
import json
from collections import Counter, defaultdict
from functools import cache

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
    :func:`~desktop_app.services.jeunes.intensite_cej.detail_par_semaine` (same rows, same rule), counted on
    week numbers instead of building one object per jeune and week (≈ 300 000 of them for a year of the
    100k profile): the weeks per month from each jeune's ranges of full weeks, less the weeks whose minutes reach
    the threshold (only weeks with minutes can).

    The actualités without an atelier are read from their sums per (jeune, week) (``indicateur_cej_semaine``,
    migration 0032): only the weeks reaching the threshold alone (its partial index) and the weeks whose other
    minutes (situations, ateliers) are under it — any other week stays under the threshold or is over it
    already."""
    from desktop_app.services.jeunes.intensite_cej import _d

    toutes, sous = Counter(), Counter()
    premier = R.lundi(debut)
    if premier < debut:
        premier += _dt.timedelta(days=7)
    dernier = R.lundi(min(fin, dernier_lundi))
    if dernier < premier:
        return toutes, sous
    lus = _lectures(conn, premier, dernier, filtre, params)
    if lus is None:
        return toutes, sous
    periodes, actualites, ateliers, situations = lus
    nombre = (dernier - premier).days // 7 + 1
    lundis = [premier + _dt.timedelta(days=7 * i) for i in range(nombre)]
    mois = [(lundi.year, lundi.month) for lundi in lundis]
    base = premier.toordinal()
    # each jeune's full CEJ weeks as ranges of week numbers (merged: a week is counted once per jeune); the weeks
    # of every jeune are counted per month through a difference array, not one by one
    couvertes: dict[str, list[list[int]]] = {}
    ecarts = [0] * (nombre + 1)
    for jeune_id, periods in periodes.items():
        plages = []
        for d1, d2 in periods:  # the weeks a period covers whole: from its first Monday to its last Sunday
            plein = d1.toordinal() + (-d1.weekday()) % 7
            i0 = max(0, -((base - plein) // 7))
            i1 = nombre - 1 if d2 is None else min(nombre - 1, (d2.toordinal() - 6 - base) // 7)
            if i0 <= i1:
                plages.append((i0, i1))
        if not plages:
            continue
        fusion = _fusion(plages)
        for a, b in fusion:
            ecarts[a] += 1
            ecarts[b + 1] -= 1
        couvertes[jeune_id] = fusion
    # The weeks reaching the threshold. A situation of at least SEUIL_HEURES a week reaches it alone in every week
    # it covers whole: those weeks are counted as ranges (merged per jeune, within its CEJ weeks, through a second
    # difference array); every other minute (actualités, ateliers, the other weeks of the situations) is summed
    # per (jeune, week) and the weeks reaching the threshold outside those ranges are counted one by one.
    seuil = R.SEUIL_MINUTES
    minutes: dict = defaultdict(int)
    for rows in (actualites, ateliers):
        for jeune_id, i, m in rows:  # i: the week's number from ``premier`` (the read's first Monday)
            if m and i < nombre and jeune_id in couvertes:
                minutes[(jeune_id, i)] += int(m)
    fortes: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for jeune_id, heures, d1, d2 in situations:
        if jeune_id not in couvertes:
            continue
        h, d1, d2 = int(heures), _d(d1), _d(d2)
        o1, o2 = d1.toordinal(), None if d2 is None else d2.toordinal()
        i0 = max(0, -((base - (o1 - 6)) // 7))  # first week whose Sunday is on or after d1
        i1 = nombre - 1 if d2 is None else min(nombre - 1, (o2 - base) // 7)  # last whose Monday is on or before d2
        f0 = max(i0, -((base - o1) // 7))  # the weeks it covers whole (7 days of 7: h * 60 minutes)
        f1 = nombre - 1 if d2 is None else min(nombre - 1, (o2 - 6 - base) // 7)
        if f0 <= f1 and h * 60 >= seuil:
            fortes[jeune_id].append((f0, f1))
            autres = [*range(i0, f0), *range(f1 + 1, i1 + 1)]
        else:
            autres = range(i0, i1 + 1)
        for i in autres:
            minutes[(jeune_id, i)] += h * 60 if f0 <= i <= f1 else R.minutes_situation(h, d1, d2, lundis[i])
    ecarts_au = [0] * (nombre + 1)
    atteintes: dict[str, list[tuple[int, int]]] = {}
    for jeune_id, plages in fortes.items():
        fusion = _fusion(plages)
        dans = [(max(a, c), min(b, d)) for a, b in fusion for c, d in couvertes[jeune_id] if max(a, c) <= min(b, d)]
        for a, b in dans:
            ecarts_au[a] += 1
            ecarts_au[b + 1] -= 1
        atteintes[jeune_id] = dans
    # the actualités without an atelier, from their weekly sums: the weeks whose other minutes are under the
    # threshold (in the jeune's CEJ weeks, outside the ranges counted above), and the weeks reaching it alone
    # (any other week of actualités alone stays under it)
    paires = [(jeune_id, lundis[i].isoformat()) for (jeune_id, i), m in minutes.items()
              if m < seuil and any(a <= i <= b for a, b in couvertes[jeune_id])
              and not any(a <= i <= b for a, b in atteintes.get(jeune_id, ()))]
    numero = {lundi.isoformat(): i for i, lundi in enumerate(lundis)}
    for jeune_id, lundi, m in _semaines_actualites(conn, premier, dernier, paires, seuil):
        i = numero.get(lundi)
        if i is not None and m and jeune_id in couvertes:
            minutes[(jeune_id, i)] += int(m)
    au_dessus: Counter = Counter()
    for (jeune_id, i), m in minutes.items():
        if m >= seuil and any(a <= i <= b for a, b in couvertes[jeune_id]) \
                and not any(a <= i <= b for a, b in atteintes.get(jeune_id, ())):
            au_dessus[mois[i]] += 1
    jeunes = au = 0
    for i in range(nombre):
        jeunes += ecarts[i]
        au += ecarts_au[i]
        toutes[mois[i]] += jeunes
        au_dessus[mois[i]] += au
    for cle, n in toutes.items():
        sous[cle] = n - au_dessus[cle]
    return toutes, sous


_NUMERO = "CAST(julianday(substr({col}, 1, 10)) - julianday(:du) AS INTEGER) / 7"  # the week's number from :du
_MINUTES = ("((CAST(substr(a.heure_fin, 1, 2) AS INTEGER) * 60 + CAST(substr(a.heure_fin, 4, 2) AS INTEGER)) - "
            "(CAST(substr(a.heure_debut, 1, 2) AS INTEGER) * 60 + CAST(substr(a.heure_debut, 4, 2) AS INTEGER)))")


def _lectures(conn, du: _dt.date, au: _dt.date, filtre: str, params: dict):
    """What :func:`~desktop_app.services.jeunes.intensite_cej.lectures` reads with ``numeros=True`` (same SQL, same
    rows), except the actualités without an atelier (read by :func:`_semaines_actualites`): the CEJ periods, the
    actualités of an atelier the jeune is not marked present at (jeune_id, week number, minutes), the atelier
    sessions attended (the same, summed per week) and the situations with weekly hours; None without any CEJ."""
    du, fin_lecture = R.lundi(du), R.lundi(au) + _dt.timedelta(days=6)
    p = {**(params or {}), "du": du.isoformat(), "au": fin_lecture.isoformat()}
    # on the driver's cursor (the same SQL and values as through SQLAlchemy, without a Row object per row: 2026
    # on the 100k profile reads ≈ 28 000 periods and 19 000 situations)
    raw = conn.connection.driver_connection
    jour = _dt.date.fromisoformat
    periodes: dict[str, list[tuple]] = defaultdict(list)
    for jeune_id, d1, d2 in raw.execute(
            "SELECT d.jeune_id, d.date_debut, d.date_fin_reelle FROM dispositif_participation d "
            "JOIN jeune j ON j.id = d.jeune_id AND j.deleted = 0 AND j.fusionne_dans_id IS NULL "
            "WHERE d.deleted = 0 AND d.type = 'cej' AND d.date_debut <= :au "
            f"AND (d.date_fin_reelle IS NULL OR d.date_fin_reelle >= :du){filtre}", p):
        periodes[jeune_id].append((jour(str(d1)[:10]), None if d2 is None else jour(str(d2)[:10])))
    if not periodes:
        return None
    cej = ("SELECT d.jeune_id FROM dispositif_participation d WHERE d.deleted = 0 AND d.type = 'cej' "
           f"AND d.date_debut <= :au AND (d.date_fin_reelle IS NULL OR d.date_fin_reelle >= :du){filtre}")
    actualites = raw.execute(
        f"SELECT x.jeune_id, {_NUMERO.format(col='x.date')}, x.duree_minutes FROM actualite x "
        "INDEXED BY ix_actualite_cej_atelier WHERE x.deleted = 0 AND x.duree_minutes > 0 "
        f"AND x.atelier_id IS NOT NULL AND x.date BETWEEN :du AND :au AND x.jeune_id IN ({cej}) "
        "AND NOT EXISTS (SELECT 1 FROM atelier_participation ap WHERE ap.atelier_id = x.atelier_id "
        "AND ap.jeune_id = x.jeune_id AND ap.deleted = 0 AND ap.present = 1)", p).fetchall()
    ateliers = raw.execute(
        f"SELECT ap.jeune_id, {_NUMERO.format(col='a.date')} AS l, SUM(MAX({_MINUTES}, 0)) "
        "FROM atelier_participation ap JOIN atelier_mobilite a ON a.id = ap.atelier_id AND a.deleted = 0 "
        "WHERE ap.deleted = 0 AND ap.present = 1 AND a.date BETWEEN :du AND :au "
        f"AND a.heure_debut IS NOT NULL AND a.heure_fin IS NOT NULL AND ap.jeune_id IN ({cej}) "
        "GROUP BY ap.jeune_id, l", p).fetchall()
    situations = raw.execute(
        "SELECT s.jeune_id, s.heures_hebdo, s.date_debut, s.date_fin FROM situation s "
        "WHERE s.deleted = 0 AND s.heures_hebdo > 0 AND s.etat != 'prevue' AND s.date_debut <= :au "
        f"AND (s.date_fin IS NULL OR s.date_fin >= :du) AND s.jeune_id IN ({cej})", p).fetchall()
    return periodes, actualites, ateliers, situations


def _semaines_actualites(conn, premier: _dt.date, dernier: _dt.date, paires: list[tuple[str, str]],
                         seuil: int) -> list:
    """(jeune_id, lundi, minutes) of the actualités without an atelier (``indicateur_cej_semaine``): the weeks
    ``paires`` (jeune_id, lundi 'AAAA-MM-JJ'), and the weeks ``premier``..``dernier`` whose minutes reach
    ``seuil`` alone (the table's partial index, when ``seuil`` is its threshold); each week once."""
    m = _migration_0032()
    raw = conn.connection.driver_connection
    index = f" INDEXED BY {m.INDEX_SEUIL}" if seuil == m.SEUIL_MINUTES else ""
    fortes = raw.execute(f"SELECT jeune_id, lundi, minutes FROM {m.TABLE}{index} WHERE lundi BETWEEN ? AND ? "
                         f"AND minutes >= {int(seuil)}", (premier.isoformat(), dernier.isoformat())).fetchall()
    if not paires:
        return fortes
    demandees = set(paires)
    out = [r for r in fortes if (r[0], r[1]) not in demandees]
    # one probe by primary key per week asked (a JSON array of [jeune_id, lundi])
    return out + raw.execute(f"SELECT c.jeune_id, c.lundi, c.minutes FROM json_each(?) p JOIN {m.TABLE} c "
                             "ON c.jeune_id = json_extract(p.value, '$[0]') "
                             "AND c.lundi = json_extract(p.value, '$[1]')", (json.dumps(paires),)).fetchall()


@cache
def _migration_0032():
    import importlib

    return importlib.import_module("desktop_app.db.migrations.versions.0032_indicateurs_cej_semaines")


def _fusion(plages: list[tuple[int, int]]) -> list[list[int]]:
    """Ranges of week numbers (inclusive) merged: overlapping or adjacent ones become one."""
    plages = sorted(plages)
    fusion = [list(plages[0])]
    for a, b in plages[1:]:
        if a <= fusion[-1][1] + 1:
            fusion[-1][1] = max(fusion[-1][1], b)
        else:
            fusion.append([a, b])
    return fusion
