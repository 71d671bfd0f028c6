"""Erasure is terminal on the hub (SYNC.md guarantee 14; shared rules in desktop_app.sync.effacement).

Inside a push transaction (:class:`hub.store._Batch`):

* :func:`hub.lot.read` reads which of the records the batch names (or points at) are registered as erased,
  with the push's other reads;
* :func:`drops` tells an op to drop: about an erased record, or setting a link to one (a creation pointing at
  an erased record registers the new id too, so that its own children follow). Dropped ops are never stored,
  never in a conflict, never quarantined: the answer lists them and the device erases them locally;
* :func:`erase` applies an erasure op: the record and everything hanging from it through the stored foreign
  keys (records created offline by others included, transitively) rewritten to their erased form with the
  terminal clock, registered (ids only), and their conflicts blanked (resolution « erased »);
* :func:`write` stores the new registry entries.

An erasure may be pushed by an administrator's device only (as ``rgpd.effacer`` requires locally).
"""
from __future__ import annotations

from sqlalchemy import select, tuple_, update

from desktop_app.sync import effacement as rules
from desktop_app.sync import wire
from hub import image, snapshot
from hub.lot import record_of
from hub.models import HubConflict, HubErased, HubRecord

R, K, E = (m.__table__ for m in (HubRecord, HubConflict, HubErased))  # type: ignore[attr-defined]
ADMIN = "admin"


def _models() -> dict:
    from desktop_app.db.models import MODELS_BY_TABLE

    return MODELS_BY_TABLE


def drops(batch, op: wire.Op) -> bool:
    """Whether ``op`` is about an erased record (then it is dropped; a new record linked to one is
    registered as erased itself)."""
    if op.table in (wire.CONFLICT_TABLE, wire.ERASURE_TABLE) or op.table in rules.KEPT_TABLES:
        return False
    key = (op.table, op.row_id)
    if key in batch.erased:
        return True
    for column in rules.nullified_columns(op.table):  # the record stays; the link to an erased record does not
        value = op.fields.get(column)
        target = rules.models_link(op.table, column)
        if isinstance(value, str) and (target, value) in batch.erased:
            op.fields[column] = None
    for column, target in rules.links(op.table).items():
        value = op.fields.get(column)
        if isinstance(value, str) and (target, value) in batch.erased:
            if key not in batch.records:  # a creation: the new record is erased as well
                _register(batch, [key])
            return True
    return False


def erase(batch, op: wire.Op) -> tuple[str, str] | None:
    """Apply an erasure op; (code, French reason) when it is refused."""
    table = op.fields.get(rules.ERASURE_FIELD)
    models = _models()
    if set(op.fields) != {rules.ERASURE_FIELD} or table not in models or table not in rules.ROOT_TABLES:
        return "effacement_invalide", "Demande d'effacement mal formée."
    device = batch.device
    if device.role not in rules.ERASER_ROLES.get(table, {ADMIN}) or not getattr(device, "user_active", True):
        if table == "entree_reperage":
            return "permission", "Seul un poste de la direction ou administrateur peut purger une liste de repérage."
        if table == "contact_partenaire":
            return "permission", ("Seul un poste de la direction ou administrateur peut effacer un contact "
                                  "partenaire (conservation).")
        return "permission", "Seul un poste administrateur peut effacer un dossier (RGPD)."
    root = (table, op.row_id)
    _load(batch, [root])
    record = batch.records.get(root)
    if record is not None and record["structure_id"] != device.structure_id:
        return "hors_perimetre", "Cet enregistrement appartient à une autre structure : effacement refusé."
    known = _registered(batch, [root])
    if root in known:
        return None  # already erased: nothing can have been added since
    keys = rules.closure([root], lambda child, column, ids: _find(batch, child, column, ids))
    nulled = _nullified(batch, keys)
    _load(batch, list(keys) + [k for k, _c in nulled])
    for key in sorted(keys):
        record = batch.records.get(key)
        if record is None or record["structure_id"] != device.structure_id:
            continue  # known to the registry only (never created here)
        seq = batch.next_seq()
        values = rules.erased_form(key[0], record["values"])
        record["values"] = values
        record["clocks"] = dict.fromkeys(values, rules.TERMINAL_CLOCK)
        record["seqs"] = dict.fromkeys(values, seq)
        record["seq"] = seq
        batch.dirty.add(key)
    for key, column in nulled:
        record = batch.records.get(key)
        if record is None or record["structure_id"] != device.structure_id:
            continue
        seq = batch.next_seq()
        record["values"][column] = None
        record["clocks"][column] = rules.TERMINAL_CLOCK
        record["seqs"][column] = seq
        record["seq"] = seq
        batch.dirty.add(key)
    _register(batch, [k for k in keys if k not in known])
    _blank_conflicts(batch, keys)
    return None


def _nullified(batch, keys: set[tuple[str, str]]) -> list[tuple[tuple[str, str], str]]:
    """(record, column) of the records that stay and lose their link to an erased one (rules.NULLIFIED)."""
    by_table: dict[str, set[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, set()).add(row_id)
    out = []
    for child, column, parent in rules.nullified_links():
        ids = list(by_table.get(parent, ()))
        for start in range(0, len(ids), 500):
            out += [((child, i), column) for i in sorted(_find(batch, child, column, set(ids[start:start + 500])))]
    return out


def write(batch) -> None:
    if batch.erased_new:
        seq = batch.seq
        snapshot.forget(batch.conn, batch.device.structure_id)  # no kept snapshot holds what is erased
        image.forget(batch.conn, batch.device.structure_id)  # nor any restore image
        batch.conn.execute(E.insert(), [{"table_name": t, "row_id": i, "structure_id": batch.device.structure_id,
                                         "seq": seq} for t, i in batch.erased_new])


def _register(batch, keys) -> None:
    for key in keys:
        if key not in batch.erased:
            batch.erased.add(key)
            batch.erased_new.append(key)


def _registered(batch, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    found = {k for k in keys if k in batch.erased}
    rest = [k for k in keys if k not in found]
    for start in range(0, len(rest), 500):
        found.update((r.table_name, r.row_id) for r in batch.conn.execute(
            select(E.c.table_name, E.c.row_id).where(E.c.structure_id == batch.device.structure_id,
                                                     tuple_(E.c.table_name, E.c.row_id).in_(rest[start:start + 500]))))
    batch.erased.update(found)
    return found


def _find(batch, child: str, column: str, parent_ids: set[str]) -> set[str]:
    """Ids of ``child`` records of the structure whose ``column`` points at one of ``parent_ids``: stored
    ones (their JSON values) and those of this batch not yet written."""
    structure = batch.device.structure_id
    stored = {r.row_id for r in batch.conn.execute(
        select(R.c.row_id).where(R.c.table_name == child, R.c.structure_id == structure,
                                 R.c["values"][column].as_string().in_(parent_ids)))}
    fresh = {row_id for (t, row_id), rec in batch.records.items()
             if t == child and rec["values"].get(column) in parent_ids}
    return stored | fresh


def _load(batch, keys: list[tuple[str, str]]) -> None:
    missing = [k for k in keys if k not in batch.records]
    for start in range(0, len(missing), 500):
        chunk = missing[start:start + 500]
        for r in batch.conn.execute(select(R).where(tuple_(R.c.table_name, R.c.row_id).in_(chunk))):
            batch.records[(r.table_name, r.row_id)] = record_of(r)


def _blank_conflicts(batch, keys: set[tuple[str, str]]) -> None:
    """Conflict copies hold old values: both emptied for good, stored ones and those of this batch."""
    blank = {"kept_value": None, "lost_value": None, "resolution": rules.ERASED_RESOLUTION,
             "resolution_clock": rules.TERMINAL_CLOCK}
    for conflict in batch.conflicts:
        if (conflict["table_name"], conflict["row_id"]) in keys:
            conflict.update(blank)
    listed = list(keys)
    for start in range(0, len(listed), 500):
        chunk = listed[start:start + 500]
        ids = [c.id for c in batch.conn.execute(
            select(K.c.id).where(K.c.structure_id == batch.device.structure_id,
                                 tuple_(K.c.table_name, K.c.row_id).in_(chunk)))]
        if ids:
            batch.conn.execute(update(K).where(K.c.id.in_(ids)).values(**blank, seq=batch.next_seq()))
