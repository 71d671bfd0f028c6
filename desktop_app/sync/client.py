"""One sync round for a replica: push the outbox in small acknowledged batches, then pull pages.

Push reads each op's values and clocks from the row at push time (the outbox holds no data of its own).
Acknowledged outbox rows are deleted in one transaction with the new ``sync_acked`` watermark — except the
highest one, so that SQLite never hands out an op counter twice. Rejected ops go to ``sync_quarantine``;
ops the hub dropped because their record was erased (RGPD) are not quarantined: the record is erased here
too (desktop_app.sync.effacement).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from desktop_app.db.models import MODELS_BY_TABLE, Outbox, SyncConflict
from desktop_app.sync import clock_sync, ecritures_distantes, effacement, quarantine, wire
from desktop_app.sync.capture import ALL_FIELDS
from desktop_app.sync.hlc import HybridClock
from desktop_app.db.meta import get_meta, set_meta
from desktop_app.sync.transport import HubRefusal, Transport

PUSH_BATCH = 200
PULL_LIMIT = 2000


@dataclass
class RoundResult:
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    quarantined: int = 0
    ignored: int = 0  # ops the hub dropped: their record was erased (RGPD)
    erased: int = 0  # records erased on this replica by this round
    refused: int = 0  # pulled changes this replica could not store, set aside in « Reçues refusées »
    resent: int = 0  # quarantined ops sent again because their circumstances changed
    tables: set[str] = field(default_factory=set)  # tables that received changes (views refresh them)


def seen_watermark(conn) -> int:
    """The highest hub sequence up to which this replica holds *every* field (SYNC.md 15).

    While a scan is unfinished (a pull cut after some pages) the cursor has moved past records whose older
    fields are still to come — pages follow each record's *last* sequence — so only the cursor at which the
    scan began is claimed; the cursor itself once the scan completed."""
    base = get_meta(conn, "sync_scan_base")
    if base:
        return int(base)
    return int(get_meta(conn, "sync_cursor", "0"))


class SyncClient:
    def __init__(self, engine: Engine, clock: HybridClock, device_id: str, transport: Transport, token: str,
                 *, push_batch: int | None = None, pull_limit: int | None = None, progress=None,
                 snapshot: bool = True) -> None:
        self.engine, self.clock, self.device_id = engine, clock, device_id
        # progress: called with a restauration.Avancement while a first restore runs; snapshot=False: pages only
        self.progress, self.snapshot = progress, snapshot
        self.transport, self.token = transport, token
        self.push_batch = push_batch or PUSH_BATCH
        self.pull_limit = pull_limit or PULL_LIMIT

    def run(self) -> RoundResult:
        result = RoundResult()
        self.follow_hub_time()
        with self.engine.begin() as conn:  # the waiting room: what may get another answer now
            result.resent = quarantine.requeue(conn, only_due=True)
        self.push(result)
        self.restore(result)
        self.pull(result)
        clock_sync.learn_offset(self.engine, self.clock, self.transport.offset_ms, self.transport.round_trip_ms)
        return result

    def follow_hub_time(self) -> None:
        """Take the hub's time from its last answer, then re-stamp the clocks it could not hold yet."""
        clock_sync.learn_offset(self.engine, self.clock, self.transport.offset_ms, self.transport.round_trip_ms)
        if self.transport.offset_ms is not None:
            ecritures_distantes.realigner_horloges(self.engine, self.clock, self.device_id)

    # --- push -------------------------------------------------------------------------------------

    def push(self, result: RoundResult) -> None:
        while True:
            with self.engine.connect() as conn:
                acked = int(get_meta(conn, "sync_acked", "0"))
                seen = seen_watermark(conn)
                rows = conn.execute(select(Outbox.__table__).where(Outbox.counter > acked)  # type: ignore[attr-defined]
                                    .order_by(Outbox.counter).limit(self.push_batch)).all()
                if not rows:
                    return
                ops = self._build_ops(conn, rows)
            top = rows[-1].counter
            if ops:
                clock_sync.note_sending(self.engine, self.clock, ops, self.device_id)
                request = wire.PushRequest(protocol=wire.PROTOCOL_VERSION, schema_version=wire.SCHEMA_VERSION,
                                           seen=seen, ops=ops)
                try:
                    answer = wire.PushResponse.model_validate(
                        self.transport.call("POST", "/v1/sync/push", body=request, token=self.token))
                except HubRefusal as exc:
                    if exc.code != "deja_recu" or exc.acknowledged is None:
                        raise
                    answer = wire.PushResponse(acknowledged=exc.acknowledged)
                top = min(answer.acknowledged, top)
                result.sent += answer.applied
            else:
                answer = wire.PushResponse(acknowledged=top)
            self._settle(rows, answer, top, result, {op.counter: op for op in ops})

    def _build_ops(self, conn, rows) -> list[wire.Op]:
        by_table: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            by_table[r.table_name].add(r.row_id)
        data: dict[tuple[str, str], dict] = {}
        for table_name, ids in by_table.items():
            if table_name == wire.CONFLICT_TABLE:
                t = SyncConflict.__table__  # type: ignore[attr-defined]
                for c in conn.execute(select(t).where(t.c.id.in_(ids))):
                    if c.resolution_clock == effacement.TERMINAL_CLOCK:
                        continue  # blanked by an erasure: the hub blanks it itself on the erasure op
                    data[(table_name, c.id)] = {"resolution": (c.resolution, c.resolution_clock)}
                continue
            if table_name == wire.ERASURE_TABLE:  # the erased record's table, with the erasure's clock
                for r in rows:
                    if r.table_name == table_name and r.fields:
                        data[(table_name, r.row_id)] = {effacement.ERASURE_FIELD: (r.fields[0], r.hlc)}
                continue
            model = MODELS_BY_TABLE.get(table_name)
            if model is None:
                continue
            t = model.__table__  # type: ignore[attr-defined]
            names = model.synced_fields()
            nulled = effacement.nullified_columns(table_name)  # set by an erasure: the hub sets it itself
            id_list = list(ids)
            for start in range(0, len(id_list), 500):
                for row in conn.execute(select(t).where(t.c.id.in_(id_list[start:start + 500]))):
                    m = row._mapping
                    clocks = m["field_clocks"] or {}
                    data[(table_name, m["id"])] = {n: (wire.to_wire(m[n]), clocks.get(n, m["hlc"])) for n in names
                                                   if n not in nulled or clocks.get(n) != effacement.TERMINAL_CLOCK}
        later = _links_sent_later(conn, rows)
        ops = []
        for r in rows:
            record = data.get((r.table_name, r.row_id))
            if record is None:
                continue
            names = (list(record) if ALL_FIELDS in r.fields or r.table_name == wire.ERASURE_TABLE
                     else [n for n in r.fields if n in record])
            if ALL_FIELDS in r.fields and (r.table_name, r.row_id, r.counter) in later:
                names = [n for n in names if n not in later[(r.table_name, r.row_id, r.counter)]]
            if not names:
                continue
            ops.append(wire.Op(device=self.device_id, counter=r.counter, table=r.table_name, row_id=r.row_id,
                               fields={n: record[n][0] for n in names}, clocks={n: record[n][1] for n in names}))
        return ops

    def _settle(self, rows, answer: wire.PushResponse, top: int, result: RoundResult,
                ops: dict[int, wire.Op] | None = None) -> None:
        rejected = {r.counter: r for r in answer.rejected}
        outbox = Outbox.__table__  # type: ignore[attr-defined]
        with self.engine.begin() as conn:
            result.quarantined += quarantine.settle(conn, rows, rejected, top, ops or {})
            if ops:
                clock_sync.note_sent(conn, self.clock, [op for c, op in ops.items() if c not in rejected],
                                     self.device_id)
            dropped = [d for d in answer.dropped if d.counter <= top]
            if dropped:  # their record was erased: erase it here too (never quarantined)
                result.ignored += len(dropped)
                known = {(d.table, d.row_id) for d in dropped if d.known}
                unknown = {(d.table, d.row_id) for d in dropped if not d.known}
                result.erased += len(ecritures_distantes.purger(conn, known))
                result.erased += len(ecritures_distantes.oublier(conn, unknown))
            highest = conn.execute(select(outbox.c.counter).order_by(outbox.c.counter.desc()).limit(1)).scalar()
            conn.execute(outbox.delete().where(outbox.c.counter <= top, outbox.c.counter < (highest or 0)))
            set_meta(conn, "sync_acked", str(top))

    # --- pull -------------------------------------------------------------------------------------

    def _fetch(self, since: int, base: int) -> wire.PullPage:
        raw = self.transport.call("GET", "/v1/sync/pull", params={"since": since, "base": base,
                                                                  "limit": self.pull_limit},
                                  token=self.token, raw=True)
        try:
            return wire.parse_pull_page(raw)
        except ValueError as exc:
            raise HubRefusal(200, wire.ErrorBody(code="reponse_invalide",
                                                 detail=f"Réponse du serveur illisible : {exc}.")) from None

    def restore(self, result: RoundResult) -> None:
        """A replica that never pulled starts with the hub's restore image when it can take one
        (:mod:`desktop_app.sync.image`), else with its snapshot (:mod:`desktop_app.sync.restauration`), then
        pulls pages from its cursor."""
        from desktop_app.sync import restauration

        with self.engine.connect() as conn:
            if not (self.snapshot and restauration.wanted(conn)):
                return
        from desktop_app.sync import image

        bilan = image.restore(self.engine, self.clock, self.transport, self.token, self.progress)
        if bilan is None:
            bilan = restauration.restore(self.engine, self.clock, self.transport, self.token, self.progress)
        if bilan is not None:
            result.received += bilan.received
            result.conflicts += bilan.conflicts
            result.refused += bilan.refused
            result.erased += bilan.erased
            result.tables |= bilan.tables

    def pull(self, result: RoundResult) -> None:
        """Apply pages in order, each in one transaction with its cursor; the next page is fetched while
        the current one is applied.

        Pages follow the hub's sequence of *last* changes, so a record edited lately comes after children
        created before the edit: foreign keys are not enforced while pages are applied (the missing parent
        is in a later page of the same pull)."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1) as pool, self.engine.connect() as conn:
            since = int(get_meta(conn, "sync_cursor", "0"))
            # The cursor where this scan began, kept until a scan completes (see hub.store.pull_page).
            base = int(get_meta(conn, "sync_scan_base") or since)
            set_meta(conn, "sync_scan_base", str(base))
            conn.commit()
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # outside any transaction: it takes effect
            # Pulled pages can always be pulled again (the cursor commits with them): a power cut may lose
            # the last ones but never corrupts (WAL), so they need not wait for a full fsync each.
            conn.exec_driver_sql("PRAGMA synchronous = NORMAL")
            cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql("PRAGMA cache_size = -65536")  # 64 MiB while indexes grow by 100k rows
            conn.commit()
            try:
                pending = pool.submit(self._fetch, since, base)
                while True:
                    page = pending.result()
                    if page.more:
                        pending = pool.submit(self._fetch, page.next, base)
                    with conn.begin():
                        if int(get_meta(conn, "sync_cursor", "0")) != since:
                            raise RuntimeError("curseur de réception modifié pendant la synchronisation")
                        refused: list[dict] = []
                        changed, conflicts = ecritures_distantes.appliquer_page(conn, page, self.clock, refused)
                        result.erased += len(effacement.erased_in(page.changes))
                        if not page.more:
                            set_meta(conn, "sync_scan_base", "")  # scan complete
                    result.received += changed
                    result.conflicts += conflicts
                    result.refused += len(refused)
                    if changed:
                        result.tables.update(c.table for c in page.changes)
                    if not page.more:
                        return
                    since = page.next
            finally:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.exec_driver_sql("PRAGMA synchronous = FULL")
                conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
                conn.commit()


def _nullable_links(table_name: str) -> frozenset[str]:
    model = MODELS_BY_TABLE.get(table_name)
    if model is None:
        return frozenset()
    return frozenset(c.name for c in model.__table__.columns  # type: ignore[attr-defined]
                     if c.foreign_keys and c.nullable)


def _links_sent_later(conn, rows) -> dict[tuple[str, str, int], set[str]]:
    """For each creation op of these rows: the optional links a later outbox entry of the same record sends.
    A record created, then linked to a record created after it (a repérage entry to the dossier made when the
    person came, a rendez-vous to its actualité), must not name that record in its creation op: the hub
    handles ops in counter order and would not know it yet. The later entry carries the link, after it."""
    creations: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        if ALL_FIELDS in (r.fields or ()) and _nullable_links(r.table_name):
            creations[r.table_name][r.row_id] = min(r.counter, creations[r.table_name].get(r.row_id, r.counter))
    out: dict[tuple[str, str, int], set[str]] = {}
    outbox = Outbox.__table__  # type: ignore[attr-defined]
    for table_name, first in creations.items():
        links = _nullable_links(table_name)
        ids = list(first)
        for start in range(0, len(ids), 500):
            for row_id, counter, fields in conn.execute(select(outbox.c.row_id, outbox.c.counter, outbox.c.fields).where(
                    outbox.c.table_name == table_name, outbox.c.row_id.in_(ids[start:start + 500]))):
                created = first[row_id]
                if counter > created and fields and ALL_FIELDS not in fields:
                    out.setdefault((table_name, row_id, created), set()).update(links.intersection(fields))
    return out
