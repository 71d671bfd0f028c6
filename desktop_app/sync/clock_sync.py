"""Clocks that lie still converge: the device follows the hub's time, and takes back the clocks it gave while
its own clock was ahead, before the hub ever stored them.

* Every hub answer carries the hub's time; the transport estimates the offset (hub − local, at the middle of
  the request). :func:`learn_offset` keeps it in ``profile_meta`` (``sync_offset_ms``) and in the profile's
  clock, which from then on stamps with corrected time.
* The hub refuses any op with a clock beyond its time + ``MAX_DRIFT_MS``. So a clock of this device beyond
  ``hub time + MAX_DRIFT_MS + error`` (error: half the round trip the offset was measured on, + 2 s; 60 s when
  unknown) is surely not on the hub (nor on any other device): it may be given
  again. :func:`realign` re-stamps such clocks in the records this device still has to send (outbox,
  quarantine) with fresh corrected clocks, in their original order, and sets the clock back — never below
  what it observed from the hub (``hlc_seen``), what it sent that the hub may have stored (``hlc_sent``), or
  its own clocks it keeps. A device thus never issues a clock lower than one it already gave or received.
* Profiles made before this tracking (no ``hlc_tracked`` key) start, once, from the newest clock their
  records and conflicts hold below that bound: every clock received or sent is there, or was replaced there
  by a newer one.
* Realigning scans the records still to send only when the clock is ahead of corrected time or a clock
  refusal waits in quarantine; a normal round costs one query.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, Engine, select, update

from desktop_app.db.models import MODELS_BY_TABLE, Outbox, SyncConflict, SyncQuarantine
from desktop_app.sync import wire
from desktop_app.sync.hlc import MAX_DRIFT_MS, HybridClock, Timestamp
from desktop_app.db.meta import get_meta, rewind_clock, set_meta

OFFSET_KEY = "sync_offset_ms"
OFFSET_AT_KEY = "sync_offset_at"  # hub time (ms) when the offset was last learned
SEEN_KEY = "hlc_seen"  # the newest clock received from the hub
SENT_KEY = "hlc_sent"  # the newest clock of this device the hub may have stored
INFLIGHT_KEY = "hlc_inflight"  # the same, for a push whose answer has not come back
TRACKED_KEY = "hlc_tracked"  # present: the two keys above cover the profile's whole life
SLACK_MS = 60_000  # error margin of an offset whose round trip is unknown (read back from profile_meta)
JITTER_MS = 2_000  # added to half the round trip: the hub's processes do not share one clock to the ms
REWIND_SLACK_MS = 1_000  # a clock this close to corrected time is left alone


def _wall(clock: str) -> int:
    return int(clock.split(".", 1)[0])


def _device(clock: str) -> str:
    return clock.split(".", 2)[2] if clock.count(".") >= 2 else ""


def safe_bound(clock: HybridClock) -> int:
    """Wall ms beyond which a clock of ours cannot be stored on the hub (the offset is known within half the
    round trip it was measured on)."""
    return clock.corrected_ms() + MAX_DRIFT_MS + getattr(clock, "offset_error_ms", SLACK_MS)


def learn_offset(engine: Engine, clock: HybridClock, offset_ms: int | None, round_trip_ms: int | None = None) -> None:
    """Keep the offset the transport measured (None: the hub did not say its time, nothing changes)."""
    if offset_ms is None:
        return
    clock.offset_ms = int(offset_ms)
    if round_trip_ms is not None:
        clock.offset_error_ms = round_trip_ms // 2 + JITTER_MS
    with engine.begin() as conn:
        set_meta(conn, OFFSET_KEY, str(int(offset_ms)))
        set_meta(conn, OFFSET_AT_KEY, str(clock.corrected_ms()))


def saved_offset(conn: Connection) -> int | None:
    text = get_meta(conn, OFFSET_KEY)
    try:
        return int(text) if text else None
    except ValueError:
        return None


def note_seen(conn: Connection, newest: str) -> None:
    """In the transaction that applies a pulled page: the newest clock received."""
    if newest and newest > (get_meta(conn, SEEN_KEY) or ""):
        set_meta(conn, SEEN_KEY, newest)


def _newest_own(clock: HybridClock, ops, device_id: str) -> str:
    bound = safe_bound(clock)
    return max((c for op in ops for c in op.clocks.values() if _device(c) == device_id and _wall(c) <= bound),
               default="")


def note_sending(engine: Engine, clock: HybridClock, ops: list[wire.Op], device_id: str) -> None:
    """Before a push: the newest clock of ours in it that the hub may accept and store (``hlc_inflight``
    until the answer says which ops it refused; a lost answer leaves it, which is the safe side)."""
    newest = _newest_own(clock, ops, device_id)
    with engine.begin() as conn:
        set_meta(conn, INFLIGHT_KEY, newest)


def note_sent(conn: Connection, clock: HybridClock, accepted: list[wire.Op], device_id: str) -> None:
    """In the transaction that settles a push answer: the clocks of the ops it did not refuse."""
    newest = _newest_own(clock, accepted, device_id)
    if newest > (get_meta(conn, SENT_KEY) or ""):
        set_meta(conn, SENT_KEY, newest)
    set_meta(conn, INFLIGHT_KEY, "")


def _pending_records(conn: Connection) -> dict[str, set[str]]:
    """{table: row ids} this device still has to send or was refused."""
    out: dict[str, set[str]] = defaultdict(set)
    for t in (Outbox.__table__, SyncQuarantine.__table__):  # type: ignore[attr-defined]
        for table_name, row_id in conn.execute(select(t.c.table_name, t.c.row_id)):
            out[table_name].add(row_id)
    return out


def _stored_floor(conn: Connection, cap: str) -> str:
    """The newest clock (below ``cap``) held by any record or conflict of this replica: every clock it received
    or sent lies in them, or was replaced there by a newer one. Read once, for a profile made before tracking."""
    newest = ""
    for model in MODELS_BY_TABLE.values():
        name = conn.dialect.identifier_preparer.quote(model.__tablename__)  # type: ignore[attr-defined]
        for sql in (f"SELECT max(hlc) FROM {name} WHERE hlc <= ?",
                    f"SELECT max(j.value) FROM {name}, json_each({name}.field_clocks) AS j WHERE j.value <= ?"):
            value = conn.exec_driver_sql(sql, (cap,)).scalar()
            if value and value > newest:
                newest = value
    for column in ("kept_clock", "lost_clock", "resolution_clock"):
        value = conn.exec_driver_sql(f"SELECT max({column}) FROM sync_conflict WHERE {column} <= ?", (cap,)).scalar()
        if value and value > newest:
            newest = value
    return newest


def realign(engine: Engine, clock: HybridClock, device_id: str) -> int:
    """Re-stamp this device's clocks the hub cannot hold yet and set the clock back to corrected time when
    nothing seen or sent lies beyond; return how many clocks were re-stamped."""
    now = clock.corrected_ms()
    last0 = clock.last
    ahead = _wall(last0) > now + REWIND_SLACK_MS
    if not ahead:
        with engine.connect() as conn:  # a refusal for a clock (a value set by hand, a restored backup…)
            q = SyncQuarantine.__table__  # type: ignore[attr-defined]
            if conn.execute(select(q.c.id).where(q.c.code == "horloge_future").limit(1)).first() is None:
                return 0
    bound = safe_bound(clock)
    cap = Timestamp(bound + 1, 0, device_id).encode()  # above every clock the hub may hold
    with engine.begin() as conn:
        set_meta(conn, "hlc_realign", str(now))  # first statement a write: the transaction holds the lock
        if get_meta(conn, TRACKED_KEY) is None:  # older profile: what it saw or sent is in its records
            start = _stored_floor(conn, cap)
            for key in (SEEN_KEY, SENT_KEY):
                if start > (get_meta(conn, key) or ""):
                    set_meta(conn, key, start)
            set_meta(conn, TRACKED_KEY, "1")
        floor = max(get_meta(conn, SEEN_KEY) or "", get_meta(conn, SENT_KEY) or "",
                    get_meta(conn, INFLIGHT_KEY) or "", Timestamp(now, 0, device_id).encode())
        if floor >= last0 and ahead:  # the clock is where what it saw or sent puts it: nothing to take back
            return 0
        future, rows, floor = _own_future_clocks(conn, device_id, bound, floor)
        if not future and floor >= last0:
            return 0
        if floor < last0 and not clock.rewind(floor, if_last=last0):
            return 0  # a clock was issued meanwhile: next round
        mapping = {old: clock.now() for old in sorted(future, key=Timestamp.decode)}
        _restamp(conn, rows, mapping)
        rewind_clock(conn, clock.last)  # the one place the saved clock may go back
    return len(mapping)


def _own_future_clocks(conn, device_id: str, bound: int, floor: str) -> tuple[set[str], list[tuple], str]:
    """This device's clocks beyond ``bound`` among pending records and the outbox, the rows holding them
    (table, id, hlc, field_clocks), and the floor raised to the newest of its other clocks."""
    future: set[str] = set()
    rows: list[tuple] = []  # (table, id, hlc, field_clocks)

    def consider(c: str | None) -> None:
        nonlocal floor
        if not c or _device(c) != device_id:
            return
        if _wall(c) > bound:
            future.add(c)
        elif c > floor:
            floor = c

    for table_name, ids in _pending_records(conn).items():
        if table_name == wire.CONFLICT_TABLE:
            t = SyncConflict.__table__  # type: ignore[attr-defined]
            for r in conn.execute(select(t.c.resolution_clock).where(t.c.id.in_(list(ids)))):
                consider(r.resolution_clock)
            continue
        model = MODELS_BY_TABLE.get(table_name)
        if model is None:
            continue
        t = model.__table__  # type: ignore[attr-defined]
        id_list = list(ids)
        for start in range(0, len(id_list), 500):
            for r in conn.execute(select(t.c.id, t.c.hlc, t.c.field_clocks)
                                  .where(t.c.id.in_(id_list[start:start + 500]))):
                clocks = r.field_clocks or {}
                consider(r.hlc)
                for c in clocks.values():
                    consider(c)
                if any(c in future for c in (r.hlc, *clocks.values())) or _wall(r.hlc) > bound:
                    rows.append((t, r.id, r.hlc, clocks))
    o = Outbox.__table__  # type: ignore[attr-defined]
    for (h,) in conn.execute(select(o.c.hlc)):
        consider(h)
    return future, rows, floor


def _restamp(conn, rows: list[tuple], mapping: dict[str, str]) -> None:
    """Replace each old clock by its new one: in the rows' clocks, the outbox and conflict resolutions."""
    o = Outbox.__table__  # type: ignore[attr-defined]
    k = SyncConflict.__table__  # type: ignore[attr-defined]
    for t, row_id, hlc, clocks in rows:
        new_clocks = {n: mapping.get(c, c) for n, c in clocks.items()}
        conn.execute(update(t).where(t.c.id == row_id).values(hlc=mapping.get(hlc, hlc), field_clocks=new_clocks))
    for old, new in mapping.items():
        conn.execute(update(o).where(o.c.hlc == old).values(hlc=new))
        conn.execute(update(k).where(k.c.resolution_clock == old).values(resolution_clock=new))
