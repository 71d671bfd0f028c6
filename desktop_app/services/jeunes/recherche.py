"""Finding jeunes: accent-insensitive search as you type, list filters and sorts, rows for a lazy table.

The list asks :func:`search_ids` for the ordered ids (cheap, even for 100k jeunes), then
:func:`rows_for` for the few rows it paints. The text goes through the FTS5 index of migration 0002
(``jeune_recherche``), kept exact by triggers on ``jeune``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.db.queries import list_cursor
from desktop_app.security.permissions import exiger
from desktop_app.domain.enums import StatutJeune
from desktop_app.domain.validation import age_on, fold, format_phone
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

_TOKEN = re.compile(r"[^\W_]+")
_BATCH = 500
_MAX_SAISIE, _MAX_MOTS, _MAX_MOT = 200, 8, 40  # a pasted page is not a search


@dataclass(frozen=True)
class Filtres:
    """What the list shows. ``None`` means "no filter" for each criterion.

    * ``referent_id``: a conseiller's id, or ``""`` for jeunes without référent;
    * ``qpv``: True = living in a QPV, False = not; ``quartier``: a QPV code or name;
    * ``tranche_age``: ``"<18"``, ``"18-21"``, ``"22-25"``, ``"26+"`` (age today);
    * ``statut``: a :class:`StatutJeune` code; ``dispositif``: a :class:`TypeDispositif` code with a
      participation running today;
    * ``sans_contact_depuis_mois``: last contact older than N months (or never);
    * ``cej_sous_15h``: in CEJ the whole of last week with fewer than 15 hours of activity in it
      (:mod:`desktop_app.services.jeunes.intensite_cej`);
    * ``inclure_supprimes``: also list deleted and merged files (never by default).
    """

    referent_id: str | None = None
    qpv: bool | None = None
    quartier: str | None = None
    tranche_age: str | None = None
    statut: str | None = None
    dispositif: str | None = None
    sans_contact_depuis_mois: int | None = None
    cej_sous_15h: bool = False
    inclure_supprimes: bool = False


@dataclass(frozen=True)
class JeuneRow:
    """One line of the jeunes list."""

    id: str
    nom_affiche: str
    prenoms: str
    date_naissance: dt.date | None
    age: int | None
    commune: str
    quartier_qpv: str
    referent: str
    statut: str
    dernier_contact: dt.date | None
    telephone: str


# Sortable columns: key -> SQL expression over the narrow search-key table k (migration 0004 copies the
# list's filter/sort columns there) and the référent u.
TRIS = {
    "nom": "k.tri",
    "prenoms": "k.prenoms COLLATE NOCASE",
    "date_naissance": "k.date_naissance",
    "age": "k.date_naissance",  # reversed below: older birth date = higher age
    "commune": "k.commune COLLATE NOCASE",
    "quartier": "k.qpv_nom COLLATE NOCASE",
    "referent": "u.nom COLLATE NOCASE, u.prenom COLLATE NOCASE",
    "statut": "k.statut",
    "dernier_contact": "k.date_dernier_contact",
}


def _tokens(saisie: str) -> list[str]:
    merged: list[str] = []
    for tok in _TOKEN.findall(fold(saisie[:_MAX_SAISIE])):
        if tok.isdigit() and merged and merged[-1].isdigit():
            merged[-1] += tok
        else:
            merged.append(tok)
    return merged


def recherche_possible(saisie: str) -> bool:
    """Whether ``saisie`` narrows the list: a word of 2 letters or more, or 3 digits or more.

    Below that ("m", "06") nearly every jeune matches: :func:`search_ids` treats it as no text and the
    list stays as it is (the view may show "tapez au moins 2 lettres")."""
    return any(len(t) >= (3 if t.isdigit() else 2) for t in _tokens(saisie))


def fts_query(saisie: str) -> str | None:
    """The FTS5 MATCH expression for what was typed: every word a prefix; digits runs joined ("06 12" = 0612);
    None when the text does not narrow the list (see :func:`recherche_possible`)."""
    if not recherche_possible(saisie):
        return None
    return " ".join(f'"{tok[:_MAX_MOT]}"*' for tok in _tokens(saisie)[:_MAX_MOTS])


def saisie_match(saisie: str) -> str | None:
    return fts_query(saisie) if saisie else None


def _months_ago(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.month - 1 - months, 12)
    year += today.year
    month += 1
    day = min(today.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                          31, 31, 30, 31, 30, 31][month - 1])
    return dt.date(year, month, day)


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _age_bounds(tranche: str, today: dt.date) -> tuple[str, dict]:
    """SQL condition on k.date_naissance for an age band."""
    bands = {"<18": (None, 17), "18-21": (18, 21), "22-25": (22, 25), "26+": (26, None)}
    if tranche not in bands:
        raise ValueError(f"Tranche d'âge inconnue : {tranche}")
    low, high = bands[tranche]
    conds, params = ["k.date_naissance IS NOT NULL"], {}
    if low is not None:  # age >= low  <=> born on or before today - low years
        conds.append("k.date_naissance <= :age_low")
        params["age_low"] = _years_ago(today, low).isoformat()
    if high is not None:  # age <= high <=> born after today - (high + 1) years
        conds.append("k.date_naissance > :age_high")
        params["age_high"] = _years_ago(today, high + 1).isoformat()
    return " AND ".join(conds), params


def _filter_sql(f: Filtres, today: dt.date, profile: Profile | None = None) -> tuple[list[str], dict]:
    conds: list[str] = []
    params: dict = {}
    if f.cej_sous_15h and profile is not None:
        from desktop_app.domain.intensite_cej import semaine_precedente
        from desktop_app.services.jeunes.intensite_cej import jeunes_sous_seuil

        conds.append("k.jeune_id IN (SELECT value FROM json_each(:cej_sous_seuil))")
        params["cej_sous_seuil"] = json.dumps(jeunes_sous_seuil(profile, semaine_precedente(today)))
    if f.referent_id is not None:
        conds.append("k.referent_id IS NULL" if f.referent_id == "" else "k.referent_id = :referent")
        params["referent"] = f.referent_id
    if f.qpv is not None:
        conds.append("coalesce(k.qpv_code, '') != ''" if f.qpv else "coalesce(k.qpv_code, '') = ''")
    if f.quartier:
        conds.append("(k.qpv_code = :quartier OR k.qpv_nom = :quartier COLLATE NOCASE)")
        params["quartier"] = f.quartier
    if f.tranche_age:
        cond, p = _age_bounds(f.tranche_age, today)
        conds.append(cond)
        params.update(p)
    if f.statut:
        conds.append("k.statut = :statut")
        params["statut"] = f.statut
    if f.dispositif:
        conds.append(
            "EXISTS (SELECT 1 FROM dispositif_participation d WHERE d.jeune_id = k.jeune_id AND d.deleted = 0 "
            "AND d.type = :dispositif AND d.date_debut <= :today "
            "AND (d.date_fin_reelle IS NULL OR d.date_fin_reelle >= :today))"
        )
        params.update(dispositif=f.dispositif, today=today.isoformat())
    if f.sans_contact_depuis_mois is not None:
        conds.append("(k.date_dernier_contact IS NULL OR k.date_dernier_contact < :contact_limite)")
        params["contact_limite"] = _months_ago(today, f.sans_contact_depuis_mois).isoformat()
    return conds, params


def search_ids(profile: Profile, saisie: str = "", filtres: Filtres | None = None, tri: str = "nom", *,
               today: dt.date | None = None, limit: int | None = None) -> list[str]:
    """Ids of the jeunes matching ``saisie`` (names, prénoms, phone, commune) and ``filtres``, sorted by
    ``tri`` (a key of :data:`TRIS`, ``"-"`` prefix for descending); the first ``limit`` only if given (a
    picker showing a few: the same as ``search_ids(…)[:limit]``, without building the rest)."""
    exiger(profile, "jeune.lire")
    f = filtres or Filtres()
    today = today or aujourdhui(profile)
    limit = None if limit is None else max(0, limit)
    descending = tri.startswith("-")
    key = tri.lstrip("-")
    if key not in TRIS:
        raise ValueError(f"Tri inconnu : {tri}")
    if key == "age":
        descending = not descending
    match = saisie_match(saisie)
    if key == "nom" and f == Filtres():  # the usual list: by name, narrowed by what is typed
        # (with filters, SQL keeps few rows and sorts them faster than marking them in the whole order)
        ids = _by_name_from_memory(profile, match, f, today, None if descending else limit)
        if ids is not None:
            return ids[::-1][:limit] if descending else ids
    conds, params = _filter_sql(f, today, profile)
    if match:  # the FTS matches first, then each key row by its integer key
        source = "jeune_recherche r CROSS JOIN jeune_recherche_cle k ON k.n = r.rowid"
        conds.insert(0, "jeune_recherche MATCH :q")
        params["q"] = match
    else:
        source = "jeune_recherche_cle k"
    if not f.inclure_supprimes:
        # "+" keeps SQLite from walking the (actif, tri) index then jumping to each row (random page reads on
        # an encrypted file): only the plain list sorted by name reads that covering index.
        plain = not conds and key == "nom"
        conds.append("k.actif = 1" if plain else "+k.actif = 1")
    joins = " LEFT JOIN utilisateur u ON u.id = k.referent_id" if key == "referent" else ""
    direction = " DESC" if descending else ""
    order = ", ".join(part + direction for part in TRIS[key].split(", "))
    if key != "nom":
        order += ", k.tri"
    sql = (f"SELECT k.jeune_id FROM {source}{joins}"
           f"{' WHERE ' + ' AND '.join(conds) if conds else ''} ORDER BY {order}, k.n")
    if limit is not None:
        sql += " LIMIT :limite"
        params["limite"] = max(0, limit)
    # One string for all the ids (ids never contain a comma): 100k ids cross into Python without a tuple per
    # row. SQLite keeps a subquery's ORDER BY for an order-dependent aggregate such as group_concat().
    with list_cursor(profile.engine) as cursor:
        joined = cursor.execute(f"SELECT group_concat(jeune_id, ',') FROM ({sql})", params).fetchone()[0]
    return joined.split(",") if joined else []


def _by_name_from_memory(profile: Profile, match: str | None, f: Filtres, today: dt.date,
                         limit: int | None = None) -> list[str] | None:
    """The matching ids in the in-memory alphabetical order: SQL only says which search keys match (no sort)."""
    from desktop_app.services.jeunes import recherche_ordre

    order = recherche_ordre.current(profile)
    if order is None:
        return None
    if match is None and f == Filtres():
        return recherche_ordre.ids_in(order, None, limit)
    conds, params = _filter_sql(f, today, profile)
    if match:
        source = "jeune_recherche r"
        if conds:
            source += " CROSS JOIN jeune_recherche_cle k ON k.n = r.rowid"
        conds.insert(0, "jeune_recherche MATCH :q")
        params["q"] = match
        column = "r.rowid"
    else:
        source, column = "jeune_recherche_cle k", "k.n"
    sql = f"SELECT group_concat({column}, ',') FROM {source} WHERE {' AND '.join(conds)}"
    with list_cursor(profile.engine) as cursor:
        joined = cursor.execute(sql, params).fetchone()[0]
    # the keys are integers: json's C parser reads them 3× faster than split + int()
    keys = json.loads(f"[{joined}]") if joined else []
    return recherche_ordre.ids_in(order, keys, limit)  # drops deleted/merged


def rows_for(profile: Profile, ids: Sequence[str], *, today: dt.date | None = None) -> list[JeuneRow]:
    """The list rows of ``ids``, in the same order (unknown ids are skipped)."""
    exiger(profile, "jeune.lire")
    today = today or aujourdhui(profile)
    found: dict[str, JeuneRow] = {}
    with list_cursor(profile.engine) as cursor:
        for start in range(0, len(ids), _BATCH):
            chunk = list(ids[start:start + _BATCH])
            marks = ", ".join("?" * len(chunk))
            cursor.execute(
                "SELECT j.id, j.nom_naissance, j.nom_usage, j.prenoms, j.date_naissance, j.commune, j.qpv_nom, "
                "u.prenom, u.nom, j.statut, j.date_dernier_contact, j.telephone "
                f"FROM jeune j LEFT JOIN utilisateur u ON u.id = j.referent_id WHERE j.id IN ({marks})", chunk)
            for row in cursor.fetchall():
                found[row[0]] = _row(row, today)
    return [found[i] for i in ids if i in found]


def _phone(stored: str | None) -> str:
    """National display of a stored number; the common French cases without phonenumbers (a list paints
    dozens of rows per scroll step)."""
    if not stored:
        return ""
    digits = stored.replace(" ", "").replace(".", "")
    if len(digits) == 12 and digits.startswith("+33") and digits[3:].isdigit():
        digits = "0" + digits[3:]
    if len(digits) == 10 and digits.startswith("0") and digits.isdigit():
        d = digits
        return f"{d[0:2]} {d[2:4]} {d[4:6]} {d[6:8]} {d[8:10]}"  # no generator: 60 rows per keystroke
    return format_phone(stored)


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _row(row, today: dt.date) -> JeuneRow:
    (jid, nom_naissance, nom_usage, prenoms, naissance, commune, qpv_nom, u_prenom, u_nom, statut,
     dernier, telephone) = row
    naissance = _date(naissance)
    nom = (nom_usage or nom_naissance or "").upper()
    referent = f"{u_prenom} {u_nom}".strip() if u_prenom else (u_nom or "")
    return JeuneRow(
        id=jid, nom_affiche=nom, prenoms=prenoms or "", date_naissance=naissance, age=age_on(naissance, today),
        commune=commune or "", quartier_qpv=qpv_nom or "", referent=referent,
        statut=StatutJeune.label_of(statut), dernier_contact=_date(dernier), telephone=_phone(telephone),
    )


def referents(profile: Profile) -> list[tuple[str, str]]:
    """(id, "Prénom Nom") of the structure's active users, by name: the choices of the référent filter."""
    with list_cursor(profile.engine) as cursor:
        rows = cursor.execute("SELECT id, prenom, nom FROM utilisateur WHERE deleted = 0 AND actif = 1 "
                              "ORDER BY nom COLLATE NOCASE, prenom COLLATE NOCASE").fetchall()
    return [(uid, f"{prenom} {nom}".strip() if prenom else nom) for uid, prenom, nom in rows]


def quartiers(profile: Profile) -> list[tuple[str, str]]:
    """(code or name, label) of the QPV quartiers where live jeunes live: the choices of the quartier filter."""
    with list_cursor(profile.engine) as cursor:
        rows = cursor.execute(
            "SELECT coalesce(nullif(qpv_code, ''), qpv_nom) AS cle, max(coalesce(qpv_nom, qpv_code)) FROM "
            "jeune_recherche_cle WHERE +actif = 1 AND coalesce(nullif(qpv_code, ''), qpv_nom) IS NOT NULL "
            "GROUP BY cle ORDER BY 2 COLLATE NOCASE").fetchall()
    return [(cle, label) for cle, label in rows]
