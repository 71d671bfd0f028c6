"""Indicators on the jeunes reached and their paths: contact, profiles, actualités, propositions, situations,
dispositifs, freins. Each function's docstring is the definition a funder reads."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from desktop_app.domain import enums as E
from desktop_app.services.indicateurs import resume
from desktop_app.services.indicateurs.modele import Contexte, Ligne, Tableau

NON_RENSEIGNE = "Non renseigné"
TYPES_ACCOMPAGNEMENT = ("entretien_individuel", "information_collective", "atelier")
# age at the end of the period from birth-date bounds (string comparisons, no arithmetic per jeune)


def bornes_age(fin: dt.date) -> dict[str, str]:
    """``ne_N``: the latest birth date of someone aged N or more on ``fin`` (29 February → 28)."""
    def recule(n: int) -> str:
        try:
            return fin.replace(year=fin.year - n).isoformat()
        except ValueError:
            return fin.replace(year=fin.year - n, day=28).isoformat()

    return {f"ne_{n}": recule(n) for n in (18, 22, 26)}


TRANCHES = (("moins_18", "Moins de 18 ans"), ("18_21", "18 à 21 ans"), ("22_25", "22 à 25 ans"),
            ("26_plus", "26 ans et plus"))


_ACC = ", ".join(f"'{t}'" for t in TYPES_ACCOMPAGNEMENT)


TEMPORAIRES = ("ind_act", "ind_hors", "ind_dans", "ind_suivi")
_TYPES = [m.value for m in E.TypeActualite]
_MODALITES = [m.value for m in E.Modalite]


def preparer_contacts(context: Contexte) -> None:
    """Build the temporary tables of the period: the jeunes en contact (one row each, with their profile) and
    the jeunes outside the scope (to leave out of every other count).

    * **jeune en contact** = at least one actualité of any type dated in the period, or a premier accueil
      (``date_premier_accueil``) in the period;
    * **jeune accompagné** = at least one entretien individuel, information collective or atelier in the period;
    * **premier accueil** = ``date_premier_accueil`` in the period.

    With a lieu in the scope only the actualités held at that lieu count (a premier accueil then counts only
    for a jeune who also had an actualité there).

    The jeunes with an actualité come from the monthly summary for the whole months of the period and from
    ``actualite`` for its other days (:mod:`indicateurs_resume`), on integer jeune numbers.
    """
    run = context.conn.execute
    for table in TEMPORAIRES:
        run(text(f"DROP TABLE IF EXISTS temp.{table}"))
    annee = resume.annee_entiere(context.periode.debut, context.periode.fin)
    if resume.UTILISER_RESUME and annee and not context.perimetre.lieu_id:
        # a calendar year: one summary row per jeune active that year
        context.cache["decoupage"] = resume.decouper(context.periode.debut, context.periode.fin)
        context.params["annee"] = annee
        actifs = ("indicateur_annee x", "x.annee = :annee")
    elif resume.UTILISER_RESUME:
        _actifs_resume(context)
        actifs = ("temp.ind_act x", "1")
    else:
        _actifs_direct(context)
        actifs = None
    bornes = bornes_age(context.periode.fin)
    for paquets in (True, False):  # packed counts are exact below 2**20 jeunes en contact
        noms, sommes = _sommes_profil(paquets)
        if actifs is None:
            premier = "0" if context.perimetre.lieu_id else "j.date_premier_accueil BETWEEN :debut AND :fin"
            row = context.rows(f"SELECT COUNT(*), {', '.join(sommes)} FROM jeune j LEFT JOIN temp.ind_act x "
                               f"ON x.jeune_id = j.id WHERE {context.jeunes('j')} "
                               f"AND (x.jeune_id IS NOT NULL OR {premier})", **bornes)[0]
        else:
            row = _contacts_resume(context, actifs, sommes, bornes)
        if int(row[0] or 0) < 1 << _BITS:
            break
    context.cache["contacts"] = _profil(int(row[0] or 0), _deballer(noms, row[1:]))
    if context.restreint:
        run(text("CREATE TEMP TABLE ind_dans (id TEXT PRIMARY KEY)"))
        run(text(f"INSERT INTO temp.ind_dans SELECT j.id FROM jeune j WHERE {context.jeunes('j')}"), context.params)
        return
    run(text("CREATE TEMP TABLE ind_hors (id TEXT PRIMARY KEY)"))
    if context.perimetre.qpv_seulement:  # ~⅔ of the jeunes are outside: one pass over them all
        run(text(f"INSERT INTO temp.ind_hors SELECT j.id FROM jeune j WHERE NOT COALESCE(({context.jeunes('j')}), 0)"),
            context.params)
    else:
        run(text(HORS_STRUCTURE), context.params)


# The jeunes outside the structure's scope (NOT (deleted = 0 AND fusionne_dans_id IS NULL AND structure_id =
# :structure), NULLs outside): few, so read as disjoint ranges of the index (structure_id, deleted,
# fusionne_dans_id, …) of migration 0008 instead of testing every jeune (a pass over 100 000 index entries: 25–35
# ms of every year's computation on the 100k profile). A test checks it against that condition.
HORS_STRUCTURE = "INSERT INTO temp.ind_hors " + " UNION ALL ".join(
    f"SELECT id FROM jeune WHERE {condition}" for condition in (
        "structure_id < :structure", "structure_id > :structure",  # both columns NOT NULL (no NULL range)
        "structure_id = :structure AND deleted < 0",
        "structure_id = :structure AND deleted > 0",
        "structure_id = :structure AND deleted = 0 AND fusionne_dans_id IS NOT NULL"))


def _contacts_resume(context: Contexte, actifs: tuple[str, str], sommes: list[str], bornes: dict) -> tuple:
    """The sums of the jeunes en contact on integers only (migration 0016): the active jeunes' summary rows
    (``actifs``: table ``x`` of (n, acc), condition) joined by number to the jeune's columns kept on their key
    (``indicateur_jeune``, read as ``j``); then, without a lieu, the jeunes with a premier accueil in the period
    and no activity: those with a key (integer probe), and those without any (never a live actualité; read from
    ``jeune``, only when the two premier-accueil indexes count a difference)."""
    source, condition = actifs
    cols = ", ".join(sommes)
    row = context.rows(f"SELECT COUNT(*), {cols} FROM {source} JOIN indicateur_jeune j ON j.n = x.n "
                       f"WHERE {condition} AND {context.jeunes('j')}", **bornes)[0]
    if context.perimetre.lieu_id:
        return tuple(row)
    premier = f"{context.jeunes('j')} AND j.date_premier_accueil BETWEEN :debut AND :fin"
    parts = [row, context.rows(
        f"SELECT COUNT(*), {cols} FROM indicateur_jeune j INDEXED BY ix_indicateur_jeune_premier "
        f"LEFT JOIN (SELECT NULL AS acc) x WHERE {premier} "
        f"AND NOT EXISTS (SELECT 1 FROM {source} WHERE x.n = j.n AND {condition})", **bornes)[0]]
    sans_cle = (context.scalar(f"SELECT COUNT(*) FROM jeune j INDEXED BY ix_jeune_premier_accueil WHERE {premier}")
                - context.scalar(f"SELECT COUNT(*) FROM indicateur_jeune j INDEXED BY ix_indicateur_jeune_premier "
                                 f"WHERE {premier}"))
    if sans_cle:
        parts.append(context.rows(
            f"SELECT COUNT(*), {cols} FROM jeune j LEFT JOIN (SELECT NULL AS acc) x WHERE {premier} "
            f"AND NOT EXISTS (SELECT 1 FROM indicateur_jeune k WHERE k.jeune_id = j.id)", **bornes)[0])
    return tuple(sum(v or 0 for v in valeurs) for valeurs in zip(*parts))


def _actifs_direct(context: Contexte) -> None:
    """``temp.ind_act`` (jeune_id, acc) from ``actualite`` alone (the computation before the summary)."""
    periode = f"a.deleted = 0 AND a.date BETWEEN :debut AND :fin{context.lieu('a.lieu_id')}"
    # One pass over the year's ~350 000 actualités (covering index): DISTINCT (an ephemeral index) leaves at most
    # two rows per jeune, far cheaper than a GROUP BY sorting every actualité.
    context.conn.execute(text("CREATE TEMP TABLE ind_act (jeune_id TEXT PRIMARY KEY, acc INTEGER)"))
    context.conn.execute(text(
        f"INSERT INTO temp.ind_act SELECT jeune_id, MAX(acc) FROM (SELECT DISTINCT a.jeune_id AS jeune_id, "
        f"a.type IN ({_ACC}) AS acc FROM actualite a WHERE {periode}) GROUP BY jeune_id"), context.params)


def _actifs_resume(context: Contexte) -> None:
    """``temp.ind_act`` (n, acc): jeune numbers with an actualité in the period (at the lieu of the scope),
    whole months from ``indicateur_activite``, the other days from ``actualite``."""
    decoupage = resume.decouper(context.periode.debut, context.periode.fin)
    context.cache["decoupage"] = decoupage
    context.conn.execute(text("CREATE TEMP TABLE ind_act (n INTEGER PRIMARY KEY, acc INTEGER NOT NULL)"))
    if decoupage.mois:
        lieu = " AND s.lieu = :lieu" if context.perimetre.lieu_id else ""
        # an upsert per row into the integer key beats sorting them for a GROUP BY (≈ 80 vs 135 ms for a year)
        context.conn.execute(text(
            f"INSERT INTO temp.ind_act SELECT s.n, s.acc > 0 FROM indicateur_activite s "
            f"WHERE s.mois BETWEEN :m1 AND :m2{lieu} ON CONFLICT(n) DO UPDATE SET acc = MAX(acc, excluded.acc)"),
            {**context.params, "m1": decoupage.mois[0], "m2": decoupage.mois[1]})
    for debut, fin in decoupage.bords:
        context.conn.execute(text(
            f"INSERT INTO temp.ind_act SELECT k.n, MAX(a.type IN ({_ACC})) FROM actualite a "
            f"JOIN indicateur_jeune k ON k.jeune_id = a.jeune_id WHERE a.deleted = 0 "
            f"AND a.date BETWEEN :b1 AND :b2{context.lieu('a.lieu_id')} GROUP BY k.n "
            f"ON CONFLICT(n) DO UPDATE SET acc = MAX(acc, excluded.acc)"),
            {**context.params, "b1": debut.isoformat(), "b2": fin.isoformat()})


def enum_lignes(enum, comptes: dict, *, inconnu: bool = True) -> list[Ligne]:
    """One line per member of ``enum`` (in its order, zeros kept), then « Non renseigné » if any."""
    lignes = [Ligne(m.value, m.label, (int(comptes.get(m.value, 0) or 0),)) for m in enum]
    reste = sum(int(v or 0) for k, v in comptes.items() if k not in enum.codes())
    if inconnu and reste:
        lignes.append(Ligne("non_renseigne", NON_RENSEIGNE, (reste,)))
    return lignes


_COLONNES_PROFIL = (("sexe", E.Sexe), ("niveau", E.NiveauFormation), ("logement", E.Logement), ("permis", E.Permis))
_SQL_PROFIL = {"sexe": "j.sexe", "niveau": "j.niveau_formation", "logement": "j.logement", "permis": "j.permis"}


_BITS = 20  # packed sums: up to 3 counts per SQL sum, each on 20 bits (exact below 2**20 jeunes en contact)


def _sommes_profil(paquets: bool = True) -> tuple[list[tuple[str, ...]], list[str]]:
    """(names, SQL sums) counted over the jeunes en contact (``x`` the activity row, ``j`` the jeune): each sum
    is the counts of up to 3 names packed on :data:`_BITS` bits each (the k-th name's count at bit
    ``k * _BITS``: one CASE per column and three values instead of a sum per value, ≈ 40 → 17 sums a jeune);
    ``paquets=False``: one name per sum (for a total of 2**20 jeunes or more). See :func:`_deballer`."""
    noms: list[tuple[str, ...]] = [("accompagne",), ("premier",), ("qpv",), ("ne_inconnue",)]
    sommes = ["SUM(COALESCE(x.acc > 0, 0))", "SUM(COALESCE(j.date_premier_accueil BETWEEN :debut AND :fin, 0))",
              "SUM(COALESCE(j.qpv_code, '') <> '')", "SUM(j.date_naissance IS NULL)"]
    # born after ne_N = younger than N on the last day (cumulative; the bands are differences): ne_18 > ne_22 >
    # ne_26, so a date after ne_18 is after the other two
    ages = [("apres_18", ":ne_18"), ("apres_22", ":ne_22"), ("apres_26", ":ne_26")]
    valeurs = [(f"{nom}:{m.value}", _SQL_PROFIL[nom], f"'{m.value}'") for nom, enum in _COLONNES_PROFIL for m in enum]
    if not paquets:
        noms += [(n,) for n, _ in ages] + [(n,) for n, _, _ in valeurs]
        sommes += [f"SUM(j.date_naissance > {b})" for _, b in ages]
        sommes += [f"SUM({col} = {v})" for _, col, v in valeurs]
        return noms, sommes
    noms.append(tuple(n for n, _ in ages))
    poids = [sum(1 << (_BITS * k) for k in range(i, 3)) for i in range(3)]  # after ne_18: the three counts…
    sommes.append("SUM(CASE " + " ".join(f"WHEN j.date_naissance > {b} THEN {w}" for (_, b), w in zip(ages, poids))
                  + " ELSE 0 END)")
    for nom, _enum in _COLONNES_PROFIL:
        membres = [v for v in valeurs if v[1] == _SQL_PROFIL[nom]]
        for i in range(0, len(membres), 3):
            paquet = membres[i:i + 3]
            noms.append(tuple(n for n, _, _ in paquet))
            sommes.append(f"SUM(CASE {_SQL_PROFIL[nom]} " + " ".join(
                f"WHEN {v} THEN {1 << (_BITS * k)}" for k, (_, _, v) in enumerate(paquet)) + " ELSE 0 END)")
    return noms, sommes


def _deballer(noms: list[tuple[str, ...]], valeurs) -> dict[str, int]:
    """{name: count} from the packed sums of :func:`_sommes_profil` (``valeurs`` in the order of ``noms``)."""
    masque = (1 << _BITS) - 1
    out: dict[str, int] = {}
    for paquet, v in zip(noms, valeurs):
        v = int(v or 0)
        for k, nom in enumerate(paquet):
            out[nom] = (v >> (_BITS * k)) & masque if len(paquet) > 1 else v
    return out


def _profil(total: int, n: dict[str, int]) -> dict:
    """The counts of the jeunes en contact: totals, then {value: count} per profile column, the jeunes whose
    value is empty or unknown under None."""
    out: dict = {"total": total, "accompagne": n["accompagne"], "premier": n["premier"],
                 "qpv": {1: n["qpv"], 0: total - n["qpv"]}}
    for nom, enum in _COLONNES_PROFIL:
        comptes = {m.value: n[f"{nom}:{m.value}"] for m in enum}
        comptes[None] = total - sum(comptes.values())
        out[nom] = comptes
    connue = total - n["ne_inconnue"]
    out["tranche"] = {"moins_18": n["apres_18"], "18_21": n["apres_22"] - n["apres_18"],
                      "22_25": n["apres_26"] - n["apres_22"], "26_plus": connue - n["apres_26"],
                      None: n["ne_inconnue"]}
    return out


def publics(context: Contexte) -> list[Tableau]:
    """Jeunes en contact, accompagnés, premiers accueils, and the jeunes en contact living in a QPV."""
    comptes = context.cache["contacts"]
    row = (comptes["total"], comptes["accompagne"], comptes["premier"], comptes["qpv"][1])
    lignes = [Ligne("en_contact", "Jeunes en contact", (row[0],)), Ligne("accompagnes", "Jeunes accompagnés", (row[1],)),
              Ligne("premiers_accueils", "Premiers accueils", (row[2],)),
              Ligne("qpv", "Jeunes en contact résidant en QPV", (row[3],))]
    return [Tableau("publics", "Jeunes en contact, accompagnés et premiers accueils",
                    "En contact : au moins une actualité de tout type dans la période, ou un premier accueil dans "
                    "la période. Accompagné : au moins un entretien individuel, une information collective ou un "
                    "atelier dans la période. Premier accueil : date de premier accueil dans la période.",
                    lignes, mot_realise="touchés")]


def profils(context: Contexte) -> list[Tableau]:
    """The jeunes en contact by sex, age band at the end of the period (< 18, 18–21, 22–25, 26+), level,
    QPV (a quartier prioritaire code filled in), housing and permis."""
    qui = "Jeunes en contact dans la période"
    comptes = context.cache["contacts"]

    def _par(colonne: str) -> dict:
        return comptes[colonne]

    ages = _par("tranche")
    lignes_age = [Ligne(k, label, (int(ages.get(k, 0)),)) for k, label in TRANCHES]
    if ages.get(None):
        lignes_age.append(Ligne("non_renseigne", "Date de naissance non renseignée", (ages[None],)))
    qpv = _par("qpv")
    lignes_qpv = [Ligne("qpv", "Résidant en QPV", (int(qpv.get(1, 0)),)),
                  Ligne("hors_qpv", "Hors QPV", (int(qpv.get(0, 0)),))]
    return [
        Tableau("sexe", "Jeunes en contact par sexe", qui + ".", enum_lignes(E.Sexe, _par("sexe")),
                graphique="secteurs", part=True, mot_realise="touchés"),
        Tableau("age", "Jeunes en contact par tranche d'âge", qui + " ; âge au dernier jour de la période.",
                lignes_age, part=True, mot_realise="touchés"),
        Tableau("niveau", "Jeunes en contact par niveau de formation", qui + ".",
                enum_lignes(E.NiveauFormation, _par("niveau")), part=True, mot_realise="touchés"),
        Tableau("qpv", "Part des jeunes en contact résidant en QPV", qui + " ; QPV : quartier prioritaire de la "
                "politique de la ville renseigné dans le dossier.", lignes_qpv, graphique="secteurs", part=True,
                mot_realise="touchés"),
        Tableau("logement", "Jeunes en contact par logement", qui + ".",
                enum_lignes(E.Logement, _par("logement")), part=True, mot_realise="touchés"),
        Tableau("permis", "Jeunes en contact par permis de conduire", qui + ".",
                enum_lignes(E.Permis, _par("permis")), graphique="secteurs", part=True, mot_realise="touchés"),
    ]


def _somme(groupes, index: int) -> dict:
    """Sum the counts (last column) of aggregated groups by their column ``index``."""
    out: dict = {}
    for row in groupes:
        out[row[index]] = out.get(row[index], 0) + row[-1]
    return out


def actualites(context: Contexte) -> list[Tableau]:
    """Actualités dated in the period (of the jeunes of the scope), by type and by modalité."""
    par_type, par_modalite = _actualites_par_groupe(context)
    definition = "Actualités datées dans la période."
    return [Tableau("actualites_type", "Actualités par type", definition,
                    enum_lignes(E.TypeActualite, par_type), part=True),
            Tableau("actualites_modalite", "Actualités par modalité", definition,
                    enum_lignes(E.Modalite, par_modalite), graphique="secteurs", part=True)]


def _actualites_par_groupe(context: Contexte) -> tuple[dict, dict]:
    """({type: n}, {modalité: n}) of the actualités of the period and scope; an unknown or empty code is
    counted under a key outside the enum (« Non renseigné »).

    Whole months come from ``indicateur_actualites`` (every jeune) minus the actualités of the jeunes outside
    the scope, when those are few (:data:`indicateurs_resume.SEUIL_JEUNES`); else the actualités of the jeunes
    of the scope are counted directly when they are few; else the whole period is counted from ``actualite``."""
    decoupage = context.cache.get("decoupage")
    annee = context.params.get("annee") if resume.UTILISER_RESUME else None  # a calendar year, no lieu
    if annee and (context.restreint or context.scalar("SELECT COUNT(*) FROM temp.ind_hors") > resume.SEUIL_JEUNES):
        return _compter_annee(context)
    if not resume.UTILISER_RESUME or decoupage is None or decoupage.mois is None or context.restreint:
        return _compter(context, context.periode.debut, context.periode.fin, context.hors("a.jeune_id"))
    hors = context.scalar("SELECT COUNT(*) FROM temp.ind_hors")
    if hors > resume.SEUIL_JEUNES:
        dans = context.scalar(f"SELECT COUNT(*) FROM jeune j WHERE {context.jeunes('j')}")
        filtre = (f"a.jeune_id IN (SELECT j.id FROM jeune j WHERE {context.jeunes('j')})" if dans <= resume.SEUIL_JEUNES
                  else context.hors("a.jeune_id"))
        return _compter(context, context.periode.debut, context.periode.fin, filtre)
    par_type: dict = {}
    par_modalite: dict = {}
    lieu = " AND s.lieu = :lieu" if context.perimetre.lieu_id else ""
    for type_, modalite, n in context.rows(
            f"SELECT s.type, s.modalite, SUM(s.nb) FROM indicateur_actualites s WHERE s.mois BETWEEN :m1 AND :m2"
            f"{lieu} GROUP BY s.type, s.modalite", m1=decoupage.mois[0], m2=decoupage.mois[1]):
        par_type[type_] = par_type.get(type_, 0) + n
        par_modalite[modalite] = par_modalite.get(modalite, 0) + n
    morceaux = [(-1, *decoupage.mois_dates, "a.jeune_id IN (SELECT id FROM temp.ind_hors)")] if hors else []
    morceaux += [(1, debut, fin, context.hors("a.jeune_id")) for debut, fin in decoupage.bords]
    for signe, debut, fin, filtre in morceaux:
        types, modalites = _compter(context, debut, fin, filtre)
        for total, autres in ((par_type, types), (par_modalite, modalites)):
            for cle, n in autres.items():
                total[cle] = total.get(cle, 0) + signe * n
    return par_type, par_modalite


def _compter_annee(context: Contexte) -> tuple[dict, dict]:
    """({type: n}, {modalité: n}) of a calendar year from ``indicateur_annee_types`` (migration 0028): one row per
    jeune active that year, its columns summed over the jeunes of the scope (joined on integers to their
    columns on ``indicateur_jeune``). As the count from ``actualite`` does, a scope defined by the jeunes left
    out keeps the actualités of a jeune whose row is not there (yet), and a référent's scope does not."""
    import importlib

    m = importlib.import_module("desktop_app.db.migrations.versions.0028_indicateurs_types_annee")
    scope = context.jeunes("j") if context.restreint else f"(j.deleted IS NULL OR ({context.jeunes('j')}))"
    row = context.rows(f"SELECT COALESCE(SUM(x.nb), 0), {', '.join(f'COALESCE(SUM(x.{c}), 0)' for c in m.COLONNES)} "
                       f"FROM indicateur_annee_types x JOIN indicateur_jeune j ON j.n = x.n "
                       f"WHERE x.annee = :annee AND {scope}")[0]
    total, valeurs = int(row[0]), [int(v) for v in row[1:]]
    par_type = dict(zip(m.TYPES, valeurs[:len(m.TYPES)]))
    par_modalite = dict(zip(m.MODALITES, valeurs[len(m.TYPES):]))
    par_type[None] = total - sum(par_type.values())
    par_modalite[None] = total - sum(par_modalite.values())
    return par_type, par_modalite


def _compter(context: Contexte, debut: dt.date, fin: dt.date, filtre: str) -> tuple[dict, dict]:
    """({type: n}, {modalité: n}) of the live actualités dated ``debut``..``fin`` (lieu of the scope) whose
    row passes ``filtre``; the rest of each under the key None."""
    cols = [f"SUM(a.type = '{t}')" for t in _TYPES] + [f"SUM(a.modalite = '{m}')" for m in _MODALITES]
    row = context.rows(f"SELECT COUNT(*), {', '.join(cols)} FROM actualite a WHERE a.deleted = 0 "
                   f"AND a.date BETWEEN :d1 AND :d2{context.lieu('a.lieu_id')} AND {filtre}",
                   d1=debut.isoformat(), d2=fin.isoformat())[0]
    total, valeurs = int(row[0] or 0), [int(v or 0) for v in row[1:]]
    par_type = dict(zip(_TYPES, valeurs[:len(_TYPES)]))
    par_modalite = dict(zip(_MODALITES, valeurs[len(_TYPES):]))
    par_type[None] = total - sum(par_type.values())
    par_modalite[None] = total - sum(par_modalite.values())
    return par_type, par_modalite


def propositions(context: Contexte) -> list[Tableau]:
    """Propositions made in the period (``date_proposition``), by theme and by their current status."""
    groupes = context.rows(
        f"SELECT p.theme, p.statut, COUNT(*) FROM proposition p "
        f"WHERE p.deleted = 0 AND p.date_proposition BETWEEN :debut AND :fin AND {context.hors('p.jeune_id')} "
        f"GROUP BY p.theme, p.statut")
    definition = "Propositions faites dans la période ; statut à ce jour."
    return [Tableau("propositions_theme", "Propositions par thème", definition,
                    enum_lignes(E.ThemeProposition, _somme(groupes, 0)), part=True),
            Tableau("propositions_statut", "Propositions par statut", definition,
                    enum_lignes(E.StatutProposition, _somme(groupes, 1)), part=True)]


EMPLOI_DURABLE = "(s.type_contrat = 'cdi' OR (s.type_contrat = 'cdd' AND COALESCE(s.duree_contrat_mois, 0) >= 6))"


def situations(context: Contexte) -> list[Tableau]:
    """Situations started in the period (``date_debut``; a situation only « prévue » does not count), by
    category; exits = distinct jeunes with such a situation in emploi, of which *emploi durable* (CDI or CDD of
    6 months or more), formation, alternance."""
    base = (f"FROM situation s WHERE s.deleted = 0 AND s.etat <> 'prevue' "
            f"AND s.date_debut BETWEEN :debut AND :fin AND {context.hors('s.jeune_id')}")
    par_categorie = {r[0]: r[1] for r in context.rows(f"SELECT s.categorie, COUNT(*) {base} GROUP BY s.categorie")}
    row = context.rows(
        f"SELECT COUNT(DISTINCT CASE WHEN s.categorie = 'emploi' THEN s.jeune_id END), "
        f"COUNT(DISTINCT CASE WHEN s.categorie = 'emploi' AND {EMPLOI_DURABLE} THEN s.jeune_id END), "
        f"COUNT(DISTINCT CASE WHEN s.categorie = 'formation' THEN s.jeune_id END), "
        f"COUNT(DISTINCT CASE WHEN s.categorie = 'alternance' THEN s.jeune_id END) {base}")[0]
    sorties = [Ligne("emploi", "Sorties en emploi", (row[0],)),
               Ligne("emploi_durable", "dont emploi durable", (row[1],)),
               Ligne("formation", "Sorties en formation", (row[2],)),
               Ligne("alternance", "Sorties en alternance", (row[3],))]
    return [Tableau("situations", "Situations commencées par catégorie",
                    "Situations en cours ou terminées dont le début est dans la période.",
                    enum_lignes(E.CategorieSituation, par_categorie), part=True),
            Tableau("sorties", "Sorties vers l'emploi, la formation et l'alternance",
                    "Jeunes distincts ayant commencé dans la période une situation de cette catégorie. Emploi "
                    "durable : CDI ou CDD de six mois et plus.", sorties, mot_realise="touchés")]


def dispositifs(context: Contexte) -> list[Tableau]:
    """Entries into dispositifs: participations whose start is in the period, by dispositif."""
    comptes = {r[0]: r[1] for r in context.rows(
        f"SELECT d.type, COUNT(*) FROM dispositif_participation d "
        f"WHERE d.deleted = 0 AND d.date_debut BETWEEN :debut AND :fin AND {context.hors('d.jeune_id')} GROUP BY d.type")}
    return [Tableau("dispositifs", "Entrées en dispositif", "Participations commencées dans la période.",
                    enum_lignes(E.TypeDispositif, comptes), part=True)]


def freins(context: Contexte) -> list[Tableau]:
    """Freins identified in the period (``date_identification``) and lifted in the period (status « levé »
    with its ``date_statut`` in the period), by theme."""
    identifies = {r[0]: r[1] for r in context.rows(
        f"SELECT f.theme, COUNT(*) FROM frein f WHERE f.deleted = 0 AND f.date_identification BETWEEN :debut AND :fin "
        f"AND {context.hors('f.jeune_id')} GROUP BY f.theme")}
    leves = {r[0]: r[1] for r in context.rows(
        f"SELECT f.theme, COUNT(*) FROM frein f WHERE f.deleted = 0 AND f.statut = 'leve' "
        f"AND f.date_statut BETWEEN :debut AND :fin AND {context.hors('f.jeune_id')} GROUP BY f.theme")}
    rows = [(k, identifies.get(k, 0), leves.get(k, 0)) for k in set(identifies) | set(leves)]
    par_theme = {r[0]: (int(r[1] or 0), int(r[2] or 0)) for r in rows}
    lignes = [Ligne(m.value, m.label, par_theme.get(m.value, (0, 0))) for m in E.ThemeFrein]
    return [Tableau("freins", "Freins identifiés et levés par thème",
                    "Identifiés : date d'identification dans la période. Levés : statut « Levé » daté dans la "
                    "période.", lignes, series=("Identifiés", "Levés"))]
