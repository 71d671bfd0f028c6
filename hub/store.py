"""Merge logic of the hub: apply pushed ops field by field (last writer by HLC), record conflicts,
assign sequence numbers, and serve pages of changes by cursor within a device's scope."""
from __future__ import annotations

import os

from sqlalchemy import Connection, Engine, insert, select, tuple_, update

from desktop_app.domain.ids import new_id, utcnow
from desktop_app.sync import wire
from hub import droits, effacement, lot, page, validation
from hub.auth import DeviceInfo, link_first_user
from hub.errors import HubError
from hub.models import HubConflict, HubDevice, HubRecord, HubStructure
from hub.scope import PARRAIN_ROLE
from hub.scope import pull_page_json as scoped_page_json
from hub.scope import scope_of

S, D, R, K = (m.__table__ for m in (HubStructure, HubDevice, HubRecord, HubConflict))  # type: ignore[attr-defined]

# Columns that are bookkeeping on the device and never travel as fields.
FORBIDDEN_FIELDS = frozenset({"id", "hlc", "field_clocks", "updated_at"})
CREATION_FIELD = "created_at"  # present in every creation op (fields "*")
RESOLUTIONS = ("kept", "lost", "erased")  # "erased": an RGPD erasure blanks both values, for good


def _clock_device(clock: str) -> str:
    return clock.split(".", 2)[2]


def _clock_ms(clock: str) -> int:
    return int(clock.split(".", 1)[0])


class _Batch:
    """State of one push transaction: the structure's counter and the records touched."""

    def __init__(self, conn: Connection, device: DeviceInfo, seen: int, seq: int) -> None:
        self.conn, self.device, self.seen, self.seq = conn, device, seen, seq
        self.records: dict[tuple[str, str], dict] = {}
        self.new_keys: set[tuple[str, str]] = set()
        self.dirty: set[tuple[str, str]] = set()
        self.conflicts: list[dict] = []
        self.erased: set[tuple[str, str]] = set()  # registered erased records (hub.effacement)
        self.erased_new: list[tuple[str, str]] = []

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq


def _validate(op: wire.Op, device: DeviceInfo, now_ms: int) -> tuple[str, str] | None:
    """(code, French reason) when the op must be rejected, else None."""
    if op.device != device.id:
        return "appareil", "Opération signée par un autre appareil."
    if set(op.fields) != set(op.clocks):
        return "horloges", "Chaque champ doit avoir son horloge."
    if FORBIDDEN_FIELDS & set(op.fields):
        return "champ_interdit", "Champ technique non modifiable par synchronisation."
    for clock in op.clocks.values():
        if _clock_ms(clock) > now_ms + wire.MAX_CLOCK_DRIFT_MS:
            return "horloge_future", ("Horloge de l'appareil trop en avance : corrigez la date et l'heure "
                                      "du poste puis synchronisez de nouveau.")
    for value in op.fields.values():
        if isinstance(value, str) and len(value) > wire.MAX_TEXT_VALUE:
            return "valeur_trop_longue", "Valeur trop longue (plus de 100 000 caractères)."
    return None


# PostgreSQL, an ordinary push: read before the counter row's lock (hub.lot), so that pushes of one structure
# queue for the merge, the writes and the commit only. Off unless PASSERELLE_HUB_LECTURES_ANTICIPEES=1: measured
# on 2 loaded cores, ten devices of one structure pushing at once nearly always found the counter moved and paid
# the refresh, 30–45 % more CPU per op for no gain in throughput (bench/RESULTS.md « Hub sous charge »).
EARLY_READS = os.environ.get("PASSERELLE_HUB_LECTURES_ANTICIPEES", "").strip() == "1"


def push(engine: Engine, device: DeviceInfo, request: wire.PushRequest) -> wire.PushResponse:
    ops = sorted(request.ops, key=lambda o: o.counter)
    now_ms = int(utcnow().timestamp() * 1000)
    sid = device.structure_id
    early = (EARLY_READS and engine.dialect.name == "postgresql" and device.role != PARRAIN_ROLE
             and not any(op.table in lot.PSEUDO for op in ops))
    # PostgreSQL, an ordinary push: counter row, watermark and reads in one round trip (hub.lot.open_pg).
    opening = (not early and engine.dialect.name == "postgresql" and device.role != PARRAIN_ROLE)
    with engine.begin() as conn:
        reads = before = None
        if early:
            before = conn.execute(select(S.c.seq).where(S.c.id == sid)).scalar_one()
            reads = lot.read(conn, sid, ops, references=True)
        if opening:
            seq, last, reads = lot.open_pg(conn, sid, device.id, ops)
        else:
            # Take the structure's counter row. This serialises the commits of a structure (row lock on
            # PostgreSQL, write lock on SQLite — there, the first statement) so sequences become visible in order.
            seq = conn.execute(update(S).where(S.c.id == sid).values(seq=S.c.seq).returning(S.c.seq)).scalar_one()
            last = conn.execute(select(D.c.last_counter).where(D.c.id == device.id)).scalar_one()
        fresh = [op for op in ops if op.counter > last]
        if ops and not fresh:
            raise HubError(409, "deja_recu", "Ces opérations ont déjà été reçues : rien n'a été modifié.",
                           acknowledged=last)
        scope = None
        if reads is None:
            scope = scope_of(conn, device)  # a parrain's device: its filleuls' follow-up file only
            # What the ops point to (a scoped device writes only what its scope allows: not checked again).
            reads = lot.read(conn, sid, fresh, references=scope is None)
        elif before is not None and seq != before:  # another push of the structure committed since the reads
            lot.refresh(conn, sid, reads, fresh, before)
        batch = _Batch(conn, device, request.seen, seq)
        batch.records, batch.erased = reads.records, reads.erased
        references = None if scope else reads.known
        response = wire.PushResponse(acknowledged=max([last] + [op.counter for op in ops]),
                                     duplicates=len(ops) - len(fresh))
        created_users = _merge(batch, fresh, response, scope, references, now_ms)
        link_first_user(conn, device.id, created_users)
        response.conflicts = len(batch.conflicts)
        if conn.dialect.name == "postgresql":  # records, counter and watermark in one statement, last
            if batch.conflicts:
                conn.execute(insert(K), batch.conflicts)
            effacement.write(batch)
            lot.finish_pg(conn, _rows(batch), sid, batch.seq, device.id, response.acknowledged, utcnow())
        else:
            _write(batch)
            effacement.write(batch)
            conn.execute(update(S).where(S.c.id == sid).values(seq=batch.seq))
            conn.execute(update(D).where(D.c.id == device.id).values(last_counter=response.acknowledged,
                                                                     last_seen=utcnow()))
    return response


def _merge(batch: _Batch, fresh: list[wire.Op], response: wire.PushResponse, scope,
           references: set | None, now_ms: int) -> list[str]:
    """Apply the fresh ops in counter order; the users created (the device is linked to the first one: its
    profile's own user)."""
    device, created_users = batch.device, []
    for op in fresh:
        if effacement.drops(batch, op):  # about an erased record: never stored, whatever its clock
            response.dropped.append(wire.Dropped(counter=op.counter, table=op.table, row_id=op.row_id,
                                                 known=(op.table, op.row_id) in batch.records))
            continue
        refusal = (_validate(op, device, now_ms)
                   or validation.refusal(op, device.structure_id, references, batch.records)
                   or (scope and scope.refusal(op, batch.records.get((op.table, op.row_id))))
                   or droits.refusal(op, device, batch.records.get((op.table, op.row_id)))
                   or _apply(batch, op))
        if refusal:
            response.rejected.append(wire.Rejection(counter=op.counter, code=refusal[0], reason=refusal[1]))
        else:
            response.applied += 1
            if op.table == "utilisateur" and (op.table, op.row_id) in batch.new_keys:
                created_users.append(op.row_id)
    return created_users


def _load(batch: _Batch, ops: list[wire.Op]) -> None:
    for chunk in lot._chunks(lot.op_keys(ops)):
        for r in batch.conn.execute(select(R).where(tuple_(R.c.table_name, R.c.row_id).in_(chunk))):
            batch.records[(r.table_name, r.row_id)] = lot.record_of(r)


def _apply(batch: _Batch, op: wire.Op) -> tuple[str, str] | None:
    if op.table == wire.CONFLICT_TABLE:
        return _resolve(batch, op)
    if op.table == wire.ERASURE_TABLE:
        return effacement.erase(batch, op)
    key = (op.table, op.row_id)
    record = batch.records.get(key)
    if record is None:
        if CREATION_FIELD not in op.fields:
            return "inconnu", ("Enregistrement inconnu du serveur : sa création n'y est jamais arrivée "
                               "(refusée ou perdue).")
        record = {"structure_id": batch.device.structure_id, "seq": 0, "values": {}, "clocks": {}, "seqs": {}}
        batch.records[key] = record
        batch.new_keys.add(key)
    elif record["structure_id"] != batch.device.structure_id:
        return "hors_perimetre", "Cet enregistrement appartient à une autre structure : modification refusée."
    changed = False
    seq = None
    for name, value in op.fields.items():
        clock = op.clocks[name]
        stored = record["clocks"].get(name)
        if stored is not None and clock == stored:
            continue
        old = record["values"].get(name)
        if stored is None or clock > stored:
            seq = seq or batch.next_seq()
            if (stored is not None and old != value and _clock_device(stored) != _clock_device(clock)
                    and batch.seen < record["seqs"].get(name, 0)):
                _conflict(batch, op, name, kept=(value, clock), lost=(old, stored))
            record["values"][name], record["clocks"][name], record["seqs"][name] = value, clock, seq
            changed = True
        elif old != value and _clock_device(clock) == op.device:
            _conflict(batch, op, name, kept=(old, stored), lost=(value, clock))
    if changed:
        record["seq"] = seq
        batch.dirty.add(key)
    return None


def _conflict(batch: _Batch, op: wire.Op, name: str, *, kept: tuple, lost: tuple) -> None:
    batch.conflicts.append({
        "id": new_id(), "structure_id": batch.device.structure_id, "seq": batch.next_seq(),
        "table_name": op.table, "row_id": op.row_id, "field": name,
        "kept_value": kept[0], "kept_clock": kept[1], "lost_value": lost[0], "lost_clock": lost[1],
        "resolution": None, "resolution_clock": None})


def _resolve(batch: _Batch, op: wire.Op) -> tuple[str, str] | None:
    choice, clock = op.fields.get("resolution"), op.clocks.get("resolution")
    if set(op.fields) != {"resolution"} or choice not in RESOLUTIONS:
        return "resolution_invalide", "Choix de résolution de conflit invalide."
    row = batch.conn.execute(select(K.c.structure_id, K.c.resolution, K.c.resolution_clock)
                             .where(K.c.id == op.row_id)).first()
    if row is None:
        return "conflit_inconnu", "Conflit inconnu du serveur."
    if row.structure_id != batch.device.structure_id:
        return "hors_perimetre", "Ce conflit appartient à une autre structure."
    if row.resolution == "erased":
        return None
    if choice == "erased":
        batch.conn.execute(update(K).where(K.c.id == op.row_id).values(
            resolution=choice, resolution_clock=clock, kept_value=None, lost_value=None, seq=batch.next_seq()))
    elif row.resolution_clock is None or clock > row.resolution_clock:
        batch.conn.execute(update(K).where(K.c.id == op.row_id).values(
            resolution=choice, resolution_clock=clock, seq=batch.next_seq()))
    return None


def _write(batch: _Batch) -> None:
    """The batch's records and conflicts (for the hub's own writes: :mod:`hub.utilisateurs`, :mod:`hub.rappels`)."""
    lot.write_records(batch.conn, _rows(batch))
    if batch.conflicts:
        batch.conn.execute(insert(K), batch.conflicts)


def _rows(batch: _Batch) -> list[dict]:
    """The records the push created or changed, in key order."""
    return [{"table_name": key[0], "row_id": key[1], "structure_id": record["structure_id"], "seq": record["seq"],
             "values": record["values"], "clocks": record["clocks"], "seqs": record["seqs"]}
            for key, record in ((k, batch.records[k]) for k in sorted(batch.dirty))]


def pull_page_json(engine: Engine, device: DeviceInfo, since: int, limit: int, base: int | None = None) -> str:
    """Changes with ``since < seq`` in sequence order, for the device's structure, as the JSON text of a
    :class:`wire.PullPage` (built by hand: pages are large, and a first restore splices the stored JSON).

    The structure's counter is read first: everything at or below it has committed (commits are
    serialised by that row), so the page never holds a gap that a later commit could fill.

    ``base`` is the cursor at which the device's current scan began (it is kept across interruptions):
    each record carries its fields changed after ``base``. Not after ``since``: a record edited while a
    scan runs moves past the cursor, and its older fields must come with it (a new device would otherwise
    get a record without the fields set at its creation).
    """
    base = since if base is None else min(base, since)
    if device.role == PARRAIN_ROLE:
        with engine.connect() as conn:
            scope = scope_of(conn, device)
            if scope is not None:  # a parrain's device: its scope only, in one page
                return scoped_page_json(conn, device, scope, since)
    # Read only, one snapshot per statement: no BEGIN / ROLLBACK round trips (hub.page).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return page.page_json(conn, device.structure_id, since, limit, base)


def pull(engine: Engine, device: DeviceInfo, since: int, limit: int, base: int | None = None) -> wire.PullPage:
    return wire.PullPage.model_validate_json(pull_page_json(engine, device, since, limit, base))


def structure_counter(engine: Engine, structure_id: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(S.c.seq).where(S.c.id == structure_id)).scalar_one()
