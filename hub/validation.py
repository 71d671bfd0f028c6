"""Value checks of pushed ops against the model of their table (SYNC.md guarantee 13: poison stops nothing).

The hub stores values as JSON and never needs them itself, but every device must be able to store what it
pulls: an op is refused (with a French reason, and lands in its sender's quarantine) when it names an
unknown table or column, carries a value its column refuses (same conversion as the devices',
``desktop_app.sync.convert``), creates a record without one of its mandatory fields, or points to a record
that the structure does not hold (neither on the hub nor created earlier in the same push).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, select, tuple_

from desktop_app.db.models import MODELS_BY_TABLE
from desktop_app.db.models.base import SYNC_BOOKKEEPING
from desktop_app.sync import convert, wire
from hub.models import HubRecord

R = HubRecord.__table__  # type: ignore[attr-defined]
CREATION_FIELD = "created_at"

Refusal = tuple[str, str]
# Pseudo-tables: ops that are not records of a model (conflict resolutions…), checked by their own code in
# ``hub.store``. Another kind of op registers its name here (``register_pseudo_table``), with an optional
# check of its own ``(op) -> refusal | None``.
PSEUDO_TABLES: dict[str, Callable[[wire.Op], Refusal | None] | None] = {
    wire.CONFLICT_TABLE: None,  # checked by hub.store._resolve
    wire.ERASURE_TABLE: None,  # checked by hub.effacement.erase (an administrator's device, a dossier jeune)
}


def register_pseudo_table(name: str, check: Callable[[wire.Op], Refusal | None] | None = None) -> None:
    PSEUDO_TABLES[name] = check


class _TableRules:
    """What the hub checks for one table, derived once from its model."""

    def __init__(self, model: Any) -> None:
        table = model.__table__
        self.columns = frozenset(table.columns.keys()) - SYNC_BOOKKEEPING
        self.converters = convert.converters(table)
        self.required = convert.required_on_creation(table, SYNC_BOOKKEEPING)
        self.references = convert.references(table)


_RULES: dict[str, _TableRules] = {}


def rules(table_name: str) -> _TableRules | None:
    found = _RULES.get(table_name)
    if found is None:
        model = MODELS_BY_TABLE.get(table_name)
        if model is None:
            return None
        found = _RULES[table_name] = _TableRules(model)
    return found


def wanted_references(ops: Iterable[wire.Op]) -> set[tuple[str, str]]:
    """The (table, id) pairs the ops' values point to."""
    wanted: set[tuple[str, str]] = set()
    for op in ops:
        table_rules = rules(op.table)
        if table_rules is None:
            continue
        for name, target in table_rules.references.items():
            value = op.fields.get(name)
            if isinstance(value, str):
                wanted.add((target, value))
    return wanted


def known_references(conn: Connection, structure_id: str, ops: Iterable[wire.Op]) -> set[tuple[str, str]]:
    """The (table, id) pairs the ops point to that the hub holds for ``structure_id`` (one query per 500;
    a push reads them with its records instead: :func:`hub.lot.read`)."""
    found: set[tuple[str, str]] = set()
    keys = list(wanted_references(ops))
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found.update((r.table_name, r.row_id) for r in conn.execute(
            select(R.c.table_name, R.c.row_id).where(R.c.structure_id == structure_id,
                                                     tuple_(R.c.table_name, R.c.row_id).in_(chunk))))
    return found


def refusal(op: wire.Op, structure_id: str, known: set[tuple[str, str]] | None,
            batch_records: dict[tuple[str, str], dict]) -> Refusal | None:
    """(code, French reason) when the op's values do not fit its table's model, else None.

    ``known``: the references found by :func:`known_references` (None: references are not checked — a
    parrain's device, whose scope allows only its follow-up file and its own account, made on a laptop whose
    structure row never leaves it); ``batch_records``: the records of the push so far (those created earlier
    in the same batch count as existing)."""
    if op.table in PSEUDO_TABLES:
        check = PSEUDO_TABLES[op.table]
        return check(op) if check else None
    table_rules = rules(op.table)
    if table_rules is None:
        return "table_inconnue", f"Table inconnue du serveur : « {op.table} »."
    unknown = [n for n in op.fields if n not in table_rules.columns]
    if unknown:
        return "champ_inconnu", f"Champ inconnu de la table « {op.table} » : {', '.join(sorted(unknown))}."
    converters = table_rules.converters
    for name, value in op.fields.items():
        try:
            converters[name](value)
        except convert.ConversionError as exc:
            return "valeur_invalide", f"Valeur refusée pour la table « {op.table} » — {exc}."
    if CREATION_FIELD in op.fields:
        missing = table_rules.required.difference(op.fields)
        if missing:
            return "champ_obligatoire", (f"Création incomplète dans la table « {op.table} » : champ obligatoire "
                                         f"absent ({', '.join(sorted(missing))}).")
    if known is None:
        return None
    for name, target in table_rules.references.items():
        value = op.fields.get(name)
        if value is None:
            continue
        if target == "structure" and value == structure_id:
            continue  # the device's own structure: known to the hub whether or not its record came yet
        key = (target, value)
        if key == (op.table, op.row_id):
            continue  # a record naming itself
        record = batch_records.get(key)
        if record is not None:
            if record["structure_id"] == structure_id:
                continue
        elif key in known:
            continue
        return "reference_inconnue", (f"{name} : référence à un enregistrement inconnu du serveur "
                                      f"(« {target} » {value}) — sa création n'y est pas arrivée ou il "
                                      "appartient à une autre structure.")
    return None
