"""What is due in the auto-école sociale parcours: a missed regroupement, the 6-month self-evaluation,
a payment late against its échéancier (``"10 × 30 € le 5 du mois"``) or a versement's expected date."""
from __future__ import annotations

from typing import TYPE_CHECKING

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import func, literal_column, select

from desktop_app.db.models import (
    FinancementLigne,
    Jeune,
    ParcoursAutoEcole,
    Regroupement,
    RegroupementPresence,
    Versement,
)
from desktop_app.db.queries import vivant
from desktop_app.domain.enums import Financeur
from desktop_app.security.permissions import actor_of, allowed, require
from desktop_app.domain.saisie import add_months
from desktop_app.services.sync.horloge import aujourdhui

if TYPE_CHECKING:
    from desktop_app.services.profil.profile import Profile

ACTIFS = ("evaluation", "en_cours", "code_obtenu")
PREAVIS_AUTO_EVALUATION = 14  # days before the 6-month date when the alert starts
_ECHEANCE = re.compile(r"(\d+)\s*[×xX*]\s*([\d\s\u202f\u00a0]+(?:[,.]\d{1,2})?)\s*€?(?:.*?\ble\s+(\d{1,2}))?")


@dataclass(frozen=True)
class Alerte:
    parcours_id: str
    jeune: str
    kind: str  # regroupement | auto_evaluation | paiement
    date: dt.date  # when it became (or becomes) due
    message: str


_PART = re.compile(r"(\d{1,3})\s*%\s*(?:à|a)\s*(?:la\s+(signature)|(\d+|\w+)\s+mois)", re.I)
_NOMBRES = {"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
            "dix": 10, "onze": 11, "douze": 12}


@lru_cache(maxsize=4096)
def _lecture_parts(echeancier: str) -> tuple[tuple[tuple[int, int], ...], bool] | None:
    """``"50 % à la signature, 50 % à six mois"`` → (((50, 0), (50, 6)), True: the shares make 100 %); None when a
    delay is not understood. Read once per wording (a profile holds few distinct échéanciers)."""
    found = _PART.findall(echeancier)
    parts = []
    for pct, signature, months in found:
        n = 0 if signature else (int(months) if months.isdigit() else _NOMBRES.get(months.lower()))
        if n is None:
            return None
        parts.append((int(pct), n))
    return tuple(parts), sum(int(x[0]) for x in found) == 100


@lru_cache(maxsize=4096)
def _lecture_mensuelle(echeancier: str) -> tuple[int, int, int | None] | None:
    """``"10 × 30 € le 5 du mois"`` → (10, 3000, 5); the day is None when not given (then: the start's day)."""
    match = _ECHEANCE.search(echeancier)
    if not match:
        return None
    amount = int(Decimal(re.sub(r"[\s\u202f\u00a0]", "", match.group(2)).replace(",", ".")) * 100)
    return int(match.group(1)), amount, int(match.group(3)) if match.group(3) else None


def _parts(echeancier: str, debut: dt.date, total: int) -> list[tuple[dt.date, int]]:
    """``"50 % à la signature, 50 % à six mois"`` → [(debut, total/2), (debut + 6 months, rest)]."""
    lecture = _lecture_parts(echeancier)
    if lecture is None:
        return []
    parts, cent = lecture
    out = [(add_months(debut, n), total * pct // 100) for pct, n in parts]
    if out and cent:
        out[-1] = (out[-1][0], total - sum(c for _, c in out[:-1]))
    return out


def echeances(echeancier: str | None, debut: dt.date, total: int | None = None) -> list[tuple[dt.date, int]]:
    """Instalments (date, centimes) read from the échéancier: ``"N × montant € [le J du mois]"`` (monthly from
    ``debut``) or ``"P % à la signature, P % à N mois"`` (shares of ``total``). Unreadable: no instalment."""
    if total is not None and "%" in (echeancier or ""):
        return _parts(echeancier, debut, total)
    lecture = _lecture_mensuelle(echeancier or "")
    if lecture is None:
        return []
    count, amount, day = lecture
    day = debut.day if day is None else day
    first = debut.replace(day=min(day, 28)) if day <= 28 else debut
    if first < debut:
        first = add_months(first, 1)
    return [(add_months(first, n), amount) for n in range(min(count, 120))]


def _fmt(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _regroupement_alerts(p, nom: str, today: dt.date, since: dt.date, passes: list[tuple[dt.date, str]],
                         presences: dict[str, bool]) -> list[Alerte]:
    """The regroupements held from ``since`` to yesterday (``passes``: every one before today, by date) that the
    parcours did not attend (``presences``: its own ticks, regroupement id → present)."""
    low = bisect.bisect_left(passes, (since, ""))
    window = passes[low:]  # since <= date < today
    if not window:
        return []
    attended = sum(1 for _d, rid in window if presences.get(rid, False)) if presences else 0
    count = len(window) - attended
    if count == 0:
        return []
    last = next(d for d, rid in reversed(window) if not presences.get(rid, False))
    more = f" ({count} manqués depuis le début)" if count > 1 else ""
    return [Alerte(p.id, nom, "regroupement", last, f"Regroupement du {_fmt(last)} manqué{more}.")]


def _auto_evaluation_alert(p: ParcoursAutoEcole, nom: str, today: dt.date, since: dt.date) -> list[Alerte]:
    if p.date_auto_evaluation is not None:
        return []
    due = add_months(since, 6)
    if today < due - dt.timedelta(days=PREAVIS_AUTO_EVALUATION):
        return []
    if today > due:
        text = f"Auto-évaluation des 6 mois en retard (prévue le {_fmt(due)})."
    else:
        text = f"Auto-évaluation des 6 mois à faire avec le moniteur avant le {_fmt(due)}."
    return [Alerte(p.id, nom, "auto_evaluation", due, text)]


def _paiement_alerts(p, nom: str, today: dt.date, since: dt.date, lignes: list) -> list[Alerte]:
    """``lignes``: the parcours' financing lines, each with the sum of its versements (``recu``)."""
    from desktop_app.domain.formats import format_montant

    result = []
    for line in lignes:
        recu = line.recu
        due = [(d, c) for d, c in echeances(line.echeancier, since, line.montant_centimes) if d < today]
        attendu = min(sum(c for _, c in due), line.montant_centimes)
        late_at = None
        if due and recu < attendu:
            cumul = 0
            for d, c in due:
                cumul += c
                if cumul > recu:
                    late_at = d
                    break
        label = line.libelle or Financeur.label_of(line.financeur)
        if late_at is not None:
            result.append(Alerte(p.id, nom, "paiement", late_at,
                                 f"Paiement en retard — {label} : {format_montant(attendu - recu)} attendus "
                                 f"depuis le {_fmt(late_at)}."))
    return result


def alerts(profile: Profile, today: dt.date | None = None) -> list[Alerte]:
    """Everything due on ``today`` for the active parcours, oldest first (late payments only for the roles
    that may read the financing). A handful of set queries, whatever the number of parcours: the active parcours
    with their jeune, the regroupements held before today, the active parcours' ticks, and (when allowed) their
    financing lines with the sum of their versements — then plain Python per parcours (bench/bench_alertes.py)."""
    actor = require(actor_of(profile), "mobilite.lire")
    financement = allowed(actor, "mobilite.financement.lire")
    today = today or aujourdhui(profile)
    P, J = ParcoursAutoEcole, Jeune
    actifs = select(P.id).where(vivant(P), P.statut.in_(ACTIFS))
    with profile.session() as s:
        conn = s.connection()  # plain Core rows: no ORM loading for these read-only columns
        rows = conn.execute(select(P.id, P.date_debut, P.date_evaluation, P.date_auto_evaluation, J.prenoms,
                                J.nom_usage, J.nom_naissance).join(J, J.id == P.jeune_id)
                         .where(vivant(P), P.statut.in_(ACTIFS)).order_by(P.id)).all()
        rows = [r for r in rows if (r.date_debut or r.date_evaluation) is not None
                and (r.date_debut or r.date_evaluation) <= today]
        if not rows:
            return []
        earliest = min(r.date_debut or r.date_evaluation for r in rows)
        passes = sorted((d, rid) for rid, d in conn.execute(
            select(Regroupement.id, Regroupement.date).where(vivant(Regroupement), Regroupement.date >= earliest,
                                                             Regroupement.date < today)))
        RP = RegroupementPresence
        presences: dict[str, dict[str, bool]] = {}
        for pid, rid, present in conn.execute(select(RP.parcours_id, RP.regroupement_id, RP.present)
                                           .where(vivant(RP), RP.parcours_id.in_(actifs)).order_by(literal_column("regroupement_presence.rowid"))):
            presences.setdefault(pid, {})[rid] = present  # (a tick recorded twice: the later row wins)
        lignes: dict[str, list] = {}
        if financement:
            L, V = FinancementLigne, Versement
            recu = (select(func.coalesce(func.sum(V.montant_centimes), 0)).where(V.ligne_id == L.id, vivant(V))
                    .correlate(L).scalar_subquery())
            for line in conn.execute(select(L.parcours_id, L.financeur, L.libelle, L.montant_centimes, L.echeancier,
                                         recu.label("recu")).where(vivant(L), L.parcours_id.in_(actifs))
                                  .order_by(literal_column("financement_ligne.rowid"))):
                lignes.setdefault(line.parcours_id, []).append(line)
    result: list[Alerte] = []
    for p in rows:
        since = p.date_debut or p.date_evaluation
        nom = f"{p.prenoms} {p.nom_usage or p.nom_naissance}"
        result += _regroupement_alerts(p, nom, today, since, passes, presences.get(p.id, {}))
        result += _auto_evaluation_alert(p, nom, today, since)
        if financement:
            result += _paiement_alerts(p, nom, today, since, lignes.get(p.id, []))
    result.sort(key=lambda a: (a.date, a.jeune))
    return result
