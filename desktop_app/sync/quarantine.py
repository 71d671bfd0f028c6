"""Quarantine is a waiting room, not a bin.

An op the hub refuses is set aside in ``sync_quarantine`` with the hub's French reason, the fields it set and
the circumstances it was refused in (``context``: schema and app versions, the role of this profile's user,
the pull cursor, the clocks it carried). Its values stay in the record itself (the outbox never holds data).

It is sent again — a new outbox entry for the same record and fields, read from the record at push time —

* automatically, at a round whose circumstances differ from those it was refused in (the app or the schema
  was updated, the user's role changed, records it may depend on arrived), and at every round for a clock
  refusal (the device re-stamps its future clocks: see :mod:`desktop_app.sync.clock_sync`);
* on demand (« Renvoyer » on the Synchronisation screen).

While a resend is in flight the row remembers its outbox counter (``context["resent"]``). When the hub
settles that op, the row goes away (applied) or stays with ``attempts`` + 1 and the new reason (refused
again): one row per record and refusal, never a pile of duplicates.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from desktop_app import __version__
from desktop_app.db.models import Outbox, SyncQuarantine, Utilisateur
from desktop_app.domain.ids import utcnow
from desktop_app.sync import wire
from desktop_app.db.meta import get_meta

Q = SyncQuarantine.__table__  # type: ignore[attr-defined]
O = Outbox.__table__  # type: ignore[attr-defined]

CLOCK_CODES = frozenset({"horloge_future"})  # time passes and the device re-stamps: try at every round
# Refusals that a record arriving from the hub may lift (a parent, a filleul assignment, a conflict).
DEPENDENCY_CODES = frozenset({"inconnu", "conflit_inconnu", "hors_perimetre"})
CIRCUMSTANCES = ("schema", "protocol", "app", "role")


def circumstances(conn: Connection) -> dict[str, Any]:
    """What may decide the hub's answer, as this device knows it now."""
    role = None
    user_id = get_meta(conn, "user_id")
    if user_id:
        t = Utilisateur.__table__  # type: ignore[attr-defined]
        row = conn.execute(select(t.c.role, t.c.actif, t.c.deleted).where(t.c.id == user_id)).first()
        if row is not None:
            role = f"{row.role}{'' if row.actif and not row.deleted else ':inactif'}"
    return {"schema": wire.SCHEMA_VERSION, "protocol": wire.PROTOCOL_VERSION, "app": __version__, "role": role,
            "cursor": int(get_meta(conn, "sync_cursor", "0") or 0)}


def due(code: str, context: dict[str, Any], now: dict[str, Any]) -> bool:
    """Whether a row refused with ``code`` in ``context`` may get another answer in circumstances ``now``."""
    if code in CLOCK_CODES:
        return True
    if any(context.get(k) != now.get(k) for k in CIRCUMSTANCES):
        return True
    return code in DEPENDENCY_CODES and int(context.get("cursor") or 0) < int(now.get("cursor") or 0)


def in_flight(context: dict[str, Any], acked: int) -> bool:
    return int(context.get("resent") or 0) > acked


def requeue(conn: Connection, ids: Iterable[int] | None = None, *, only_due: bool = False) -> int:
    """New outbox entries for quarantined rows (all, or ``ids``); with ``only_due``, only those whose
    circumstances changed. Rows already resent and not yet settled are left alone. Returns how many."""
    acked = int(get_meta(conn, "sync_acked", "0") or 0)
    query = select(Q).order_by(Q.c.id)
    if ids is not None:
        query = query.where(Q.c.id.in_(list(ids)))
    rows = conn.execute(query).all()
    if not rows:
        return 0
    now = circumstances(conn) if only_due else None
    last = get_meta(conn, "hlc_last") or ""
    count = 0
    for r in rows:
        context = dict(r.context or {})
        if in_flight(context, acked) or (only_due and not due(r.code, context, now)):
            continue
        counter = conn.execute(insert(O).values(table_name=r.table_name, row_id=r.row_id, fields=list(r.fields),
                                                hlc=last or f"0000000000000.0000.{wire.HUB_NODE}",
                                                created_at=utcnow())).inserted_primary_key[0]
        context["resent"] = counter
        conn.execute(update(Q).where(Q.c.id == r.id).values(context=context))
        count += 1
    return count


def settle(conn: Connection, rows, rejected: dict[int, wire.Rejection], top: int, ops: dict[int, wire.Op]) -> int:
    """After a push answer (in the transaction that deletes the acknowledged outbox rows): refused ops join
    the waiting room (merged with the row of the same record and refusal, or updating the row they were a
    resend of), resends that were applied leave it. Returns how many ops were refused."""
    settled = [r for r in rows if r.counter <= top]
    if not settled:
        return 0
    existing = conn.execute(select(Q)).all()
    by_resent = {int((q.context or {}).get("resent") or 0): q for q in existing if (q.context or {}).get("resent")}
    by_key = {(q.table_name, q.row_id, q.code): q for q in existing}
    circ = circumstances(conn)
    refused = 0
    for r in settled:
        previous = by_resent.get(r.counter)
        rejection = rejected.get(r.counter)
        if rejection is None:
            if previous is not None:
                conn.execute(delete(Q).where(Q.c.id == previous.id))
            continue
        refused += 1
        op = ops.get(r.counter)
        context = {**circ, "clocks": dict(op.clocks) if op is not None else {}}
        target = previous or by_key.get((r.table_name, r.row_id, rejection.code))
        if target is None:
            new_id = conn.execute(insert(Q).values(
                counter=r.counter, table_name=r.table_name, row_id=r.row_id, fields=list(r.fields),
                code=rejection.code, reason=rejection.reason, quarantined_at=utcnow(), attempts=0,
                context=context)).inserted_primary_key[0]
            by_key[(r.table_name, r.row_id, rejection.code)] = _Row(new_id, list(r.fields), 0, rejection.code)
            continue
        fields = _union(list(target.fields), list(r.fields))
        conn.execute(update(Q).where(Q.c.id == target.id).values(
            counter=r.counter, fields=fields, code=rejection.code, reason=rejection.reason,
            attempts=(target.attempts or 0) + 1, context=context))
        by_key[(r.table_name, r.row_id, rejection.code)] = _Row(target.id, fields, (target.attempts or 0) + 1,
                                                                rejection.code)
    return refused


class _Row:
    __slots__ = ("id", "fields", "attempts", "code", "context")

    def __init__(self, id_: int, fields: list[str], attempts: int, code: str) -> None:
        self.id, self.fields, self.attempts, self.code, self.context = id_, fields, attempts, code, {}


def _union(a: list[str], b: list[str]) -> list[str]:
    if "*" in a or "*" in b:
        return ["*"]
    return sorted(set(a) | set(b))
