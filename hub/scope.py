"""What a parrain's device may receive and send (CNIL): only its filleuls' parrainage records and the few
identity fields needed to meet them — never the dossier jeune, never other jeunes.

A parrain's device is enrolled with a code tied to its Parrain record (:func:`create_parrain_code`); the link
lives in a table of its own (``hub_code_scope``), so enrolment itself is unchanged: the device's scope is read
through the code it spent. Staff devices have no scope (the whole structure).

Pull: a scoped device gets, in one page, every in-scope record whose allowed fields changed after its cursor
or that entered its scope after it (a pair assigned later brings its jeune's older rows along), with allowed
fields only. Jeune columns that may not travel but cannot be empty locally (RQTH, minima sociaux…) go out as
neutral placeholders with the oldest possible clock. A pair that leaves the scope (reassigned or deleted) is
erased on the device — records marked deleted, contact and follow-up text emptied — and comes back whole if it
returns (``hub_scope_sent`` keeps what each scoped device holds). Push: only rencontres of its own pairs and the
progress of their objectives; anything else is refused ("hors_perimetre") and quarantined on the device.
Not sent to a scoped device: conflicts (its own follow-up file's concurrent edits resolve on the hub as usual).
The user its device was enrolled for (``enroll-code --user-id``) comes with its password hash, so that the parrain
can log in on its laptop; the device may push a new password for it, nothing else of it.
"""
from __future__ import annotations

import json

from sqlalchemy import Connection, Engine, select, tuple_

from desktop_app.sync import wire
from desktop_app.sync.effacement import TERMINAL_CLOCK
from hub.auth import DU, DeviceInfo, _hash, create_code
from hub.models import (
    HubCodeScope,
    HubEnrollCode,
    HubRecord,
    HubScopeSent,
    HubStructure,
)

PARRAIN_ROLE = "parrain"
PLACEHOLDER_CLOCK = "0000000000000.0000.hub"
# Allowed fields per table (``None``: every field). Order = parents first (the replica checks foreign keys).
ALLOWED: dict[str, frozenset[str] | None] = {
    "structure": frozenset({"nom", "adresse", "code_postal", "commune", "telephone", "created_at", "deleted"}),
    "utilisateur": frozenset({"structure_id", "nom", "prenom", "role", "email", "actif", "created_at", "deleted"}),
    "parrain": frozenset({"structure_id", "nom", "prenom", "telephone", "email", "statut", "employeur_reseau",
                          "secteur", "competences", "disponibilite", "max_filleuls", "date_entree", "actif",
                          "created_at", "deleted"}),  # not utilisateur_id: the staff account is not on the device
    "formation_parrain": None,
    "jeune": frozenset({"structure_id", "nom_naissance", "nom_usage", "prenoms", "telephone", "email", "commune",
                        "created_at", "deleted"}),
    "parrainage": None,
    "objectif_parrainage": None,
    "rencontre_parrainage": None,
}
JEUNE_PLACEHOLDERS = {"zrr": False, "nombre_enfants": 0, "inscrit_france_travail": False, "rqth": False,
                      "minima_sociaux": False, "statut": "actif", "informe_rgpd": False}
PUSHABLE = {"rencontre_parrainage": None, "objectif_parrainage": frozenset({"progression", "atteint"})}
# The parrain's own user row (its device was enrolled for it): sent with its password hash, so that the
# parrain can log in on its laptop; the device may push a new password for it, nothing else.
OWN_USER_FIELDS = ALLOWED["utilisateur"] | {"mot_de_passe_hash"}
OWN_USER_PUSHABLE = frozenset({"mot_de_passe_hash"})
# The access log a parrain's laptop writes (its filleuls' follow-up files opened, contracts printed, rencontres
# noted): new entries only, in its own name, about one of its filleuls.
JOURNAL_PARRAIN_ACTIONS = frozenset({"ouvert", "imprime", "modifie"})

R, S, C = (m.__table__ for m in (HubRecord, HubStructure, HubEnrollCode))  # type: ignore[attr-defined]
CS = HubCodeScope.__table__  # type: ignore[attr-defined]
SENT = HubScopeSent.__table__  # type: ignore[attr-defined]
# When a pair leaves a parrain's scope (reassigned, deleted), its records are erased on the device: marked
# deleted and their personal content emptied, with a clock just after the record's newest (so that any later
# edit by the structure still wins); back in scope, they are sent again with a clock just after the erasure's.
ERASE: dict[str, dict[str, object]] = {
    "jeune": {"nom_naissance": "(hors périmètre)", "prenoms": "", "nom_usage": None, "telephone": None,
              "email": None, "commune": None},
    "parrainage": {"rythme": None, "lieux": None},
    "objectif_parrainage": {"resultat_attendu": None, "progression": None},
    "rencontre_parrainage": {"lieu": None, "sujets": None, "demarches": None, "prochaine_etape": None},
}


def create_parrain_code(engine: Engine, structure_id: str, user_name: str, parrain_id: str,
                        user_id: str | None = None) -> str:
    """A one-time code enrolling a parrain's device, limited to the filleuls of ``parrain_id``
    (``user_id``: the parrain's user on the hub, whose row, password included, the device receives)."""
    code = create_code(engine, structure_id, user_name, PARRAIN_ROLE, user_id=user_id)
    with engine.begin() as conn:
        conn.execute(CS.insert().values(code_hash=_hash(code), parrain_id=parrain_id))
    return code


class Scope:
    """A parrain device's scope: its Parrain record and, read from the hub's records, its pairs."""

    def __init__(self, conn: Connection, structure_id: str, parrain_id: str | None,
                 user_id: str | None = None) -> None:
        self.parrain_id, self.user_id = parrain_id, user_id
        self.parrainages: dict[str, dict] = {}  # id -> {"values", "clocks", "seqs"}
        if parrain_id is None:
            return
        # by table name (the primary key's prefix), the structure checked here: an index on the structure
        # would make SQLite walk every record of it
        for r in conn.execute(select(R.c.row_id, R.c["values"], R.c.clocks, R.c.seqs, R.c.structure_id).where(
                R.c.table_name == "parrainage")):
            if r.structure_id == structure_id and r[1].get("parrain_id") == parrain_id and not r[1].get("deleted"):
                self.parrainages[r.row_id] = {"values": r[1], "clocks": r.clocks, "seqs": r.seqs}

    def entry(self, parrainage_id: str) -> int:
        """The sequence at which a pair entered this scope (its parrain was set)."""
        return self.parrainages[parrainage_id]["seqs"].get("parrain_id", 0)

    def refusal(self, op: wire.Op, record: dict | None) -> tuple[str, str] | None:
        """Why this parrain device may not push ``op`` (None when allowed)."""
        if (op.table == "utilisateur" and record is None and self.user_id is None and self.parrain_id is not None
                and op.fields.get("role") == PARRAIN_ROLE):
            # a device enrolled by name: the first parrain account it creates is its profile's own user, which
            # the store links to it (hub.auth.link_first_user); later ops of this push are checked against it
            self.user_id = op.row_id
            return None
        if op.table == "utilisateur" and record is not None and op.row_id == self.user_id:
            if set(op.fields) <= OWN_USER_PUSHABLE:
                return None
            return "hors_perimetre", "Un parrain ne peut changer que son mot de passe sur son compte."
        if op.table == "journal_acces":
            return self._journal_refusal(op, record)
        allowed = PUSHABLE.get(op.table, False)
        if allowed is False or op.table == wire.CONFLICT_TABLE:
            return "hors_perimetre", ("Un parrain ne peut modifier que sa fiche de suivi (rencontres et "
                                      "avancement des objectifs) : modification refusée.")
        stored = (record or {}).get("values", {})
        parrainage_id = stored.get("parrainage_id") if record else op.fields.get("parrainage_id")
        if "parrainage_id" in op.fields and op.fields["parrainage_id"] != parrainage_id:
            return "hors_perimetre", "Le parrainage d'une fiche de suivi ne peut pas être changé."
        if parrainage_id not in self.parrainages:
            return "hors_perimetre", "Ce jeune n'est pas l'un de vos filleuls : modification refusée."
        if allowed is not None and (record is None or not set(op.fields) <= allowed):
            return "hors_perimetre", "Un parrain ne peut noter que l'avancement d'un objectif."
        return None

    def _journal_refusal(self, op: wire.Op, record: dict | None) -> tuple[str, str] | None:
        fields = op.fields
        if record is not None:  # append-only (hub/droits.py words the refusal for every device)
            return "hors_perimetre", "Le journal des accès ne se modifie pas."
        filleuls = {p["values"].get("jeune_id") for p in self.parrainages.values()}
        if (self.user_id is None or fields.get("utilisateur_id") != self.user_id
                or fields.get("role") != PARRAIN_ROLE or fields.get("action") not in JOURNAL_PARRAIN_ACTIONS):
            return "hors_perimetre", ("Un parrain ne peut journaliser que ses propres accès (consultation, "
                                      "impression, suivi) : entrée refusée.")
        if fields.get("jeune_id") not in filleuls:
            return "hors_perimetre", "Ce jeune n'est pas l'un de vos filleuls : entrée du journal refusée."
        return None


def scope_of(conn: Connection, device: DeviceInfo) -> Scope | None:
    """The device's scope, or None for a staff device (its whole structure)."""
    if device.role != PARRAIN_ROLE:
        return None
    parrain_id = user_id = None
    tables = _tables(conn)
    if CS.name in tables:
        parrain_id = conn.execute(select(CS.c.parrain_id).join(C, C.c.code_hash == CS.c.code_hash)
                                  .where(C.c.device_id == device.id)).scalar()
    if DU.name in tables:
        user_id = conn.execute(select(DU.c.user_id).where(DU.c.device_id == device.id)).scalar()
    return Scope(conn, device.structure_id, parrain_id, user_id)


def _tables(conn: Connection) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())


def _records(conn: Connection, structure_id: str, keys: set[tuple[str, str]]) -> list:
    out, keys = [], list(keys)
    for start in range(0, len(keys), 500):
        out += [r[:5] for r in conn.execute(select(R.c.table_name, R.c.row_id, R.c["values"], R.c.clocks, R.c.seqs,
                                                   R.c.structure_id).where(
            tuple_(R.c.table_name, R.c.row_id).in_(keys[start:start + 500]))) if r.structure_id == structure_id]
    return out


def _children(conn: Connection, structure_id: str, table: str, key: str, parents: set[str]) -> list:
    """Records of ``table`` whose ``key`` field names one of ``parents`` (small tables of one structure)."""
    if not parents:
        return []
    return [r[:5] for r in conn.execute(select(R.c.table_name, R.c.row_id, R.c["values"], R.c.clocks, R.c.seqs,
                                               R.c.structure_id).where(R.c.table_name == table))
            if r.structure_id == structure_id and r[2].get(key) in parents]


def pull_page_json(conn: Connection, device: DeviceInfo, scope: Scope, since: int) -> str:
    """The scoped device's page (see the module's docstring): all its scope in one page, parents first."""
    top = conn.execute(select(S.c.seq).where(S.c.id == device.structure_id)).scalar_one()
    sid = device.structure_id
    entries: dict[tuple[str, str], int] = {}  # record -> sequence at which it entered the scope

    def enter(table: str, row_id: str | None, seq: int) -> None:
        if row_id:
            entries[(table, row_id)] = max(entries.get((table, row_id), 0), seq)

    rows: dict[tuple[str, str], tuple] = {}
    if scope.parrain_id:
        enter("parrain", scope.parrain_id, 0)
        enter("utilisateur", scope.user_id, 0)
        for pid, p in scope.parrainages.items():
            e = scope.entry(pid)
            enter("parrainage", pid, e)
            enter("jeune", p["values"].get("jeune_id"), e)
            enter("utilisateur", p["values"].get("conseiller_id"), e)
        for r in _children(conn, sid, "formation_parrain", "parrain_id", {scope.parrain_id}):
            rows[(r[0], r[1])] = r
            enter(r[0], r[1], 0)
        for table in ("objectif_parrainage", "rencontre_parrainage"):
            for r in _children(conn, sid, table, "parrainage_id", set(scope.parrainages)):
                rows[(r[0], r[1])] = r
                enter(r[0], r[1], scope.entry(r[2]["parrainage_id"]))
        for r in _records(conn, sid, {k for k in entries if k not in rows}):
            rows[(r[0], r[1])] = r
        for (table, _id), r in list(rows.items()):
            if table in ("jeune", "utilisateur", "parrain"):
                enter("structure", r[2].get("structure_id"), entries[(table, _id)])
        for r in _records(conn, sid, {k for k in entries if k not in rows}):
            rows[(r[0], r[1])] = r
    sent = _sent(conn, device.id)
    changes = []
    order = list(ALLOWED)
    for (table, row_id), r in sorted(rows.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])):
        erased, erase_clock = sent.get((table, row_id), (False, None))
        again = _after(erase_clock, *r[3].values()) if erased else None  # back in scope: its values win again
        change = _change(table, row_id, r, entries.get((table, row_id), 0), -1 if again else since, again,
                         OWN_USER_FIELDS if (table, row_id) == ("utilisateur", scope.user_id) else None)
        if change:
            changes.append(change)
    gone = {k for k, (erased, _c) in sent.items() if not erased and k not in rows and k[0] in ERASE}
    erasures = {}
    for r in _records(conn, sid, gone):
        table, row_id = r[0], r[1]
        fields = {**ERASE[table], "deleted": True}
        erasures[(table, row_id)] = clock = _after(*r[3].values())
        changes.append(f'{{"seq":{top},"table":{_dumps(table)},"row_id":{_dumps(row_id)},'
                       f'"fields":{_dumps(fields)},"clocks":{_dumps(dict.fromkeys(fields, clock))}}}')
    _remember(conn, device.id, sent, set(rows), erasures)
    return (f'{{"changes":[{",".join(changes)}],"conflicts":[],"next":{max(top, since)},"more":false}}')


def _after(*clocks: str | None) -> str:
    """A hub clock one millisecond after the newest of ``clocks`` (an RGPD erasure's terminal clock stays:
    nothing comes after it)."""
    if TERMINAL_CLOCK in clocks:
        return TERMINAL_CLOCK
    newest = max(int(c.split(".", 1)[0]) for c in clocks if c)
    return f"{newest + 1:013d}.0000.hub"


def _sent(conn: Connection, device_id: str) -> dict[tuple[str, str], tuple[bool, str | None]]:
    return {(r.table_name, r.row_id): (r.erased, r.clock)
            for r in conn.execute(select(SENT).where(SENT.c.device_id == device_id))}


def _remember(conn: Connection, device_id: str, sent: dict, current: set, erasures: dict) -> None:
    """Record what the device now holds (the pull stays read-only for staff devices)."""
    from sqlalchemy import and_, update

    new = [{"device_id": device_id, "table_name": t, "row_id": r, "erased": False} for t, r in current - set(sent)]
    if new:
        conn.execute(SENT.insert(), new)
    back = {k: None for k in current if sent.get(k, (False, None))[0]}
    for (t, r), clock in {**back, **erasures}.items():
        conn.execute(update(SENT).where(and_(SENT.c.device_id == device_id, SENT.c.table_name == t,
                                             SENT.c.row_id == r)).values(erased=clock is not None, clock=clock))
    conn.commit()


def _change(table: str, row_id: str, r, entry: int, since: int, clock: str | None = None,
            allowed: frozenset[str] | None = None) -> str | None:
    """The record's allowed fields (``allowed``, else the table's) with their clocks (all set to ``clock``
    when given)."""
    values, clocks, seqs = r[2], r[3], r[4]
    allowed = allowed or ALLOWED[table]
    names = [n for n in values if allowed is None or n in allowed]
    if not names or max([entry] + [seqs.get(n, 0) for n in names]) <= since:
        return None
    fields = {n: values[n] for n in names}
    field_clocks = {n: clock or clocks[n] for n in names}
    if table == "jeune":
        for name, value in JEUNE_PLACEHOLDERS.items():
            fields[name], field_clocks[name] = value, PLACEHOLDER_CLOCK
    seq = max([entry] + [seqs.get(n, 0) for n in names])
    dumps = _dumps
    return (f'{{"seq":{seq},"table":{dumps(table)},"row_id":{dumps(row_id)},'
            f'"fields":{dumps(fields)},"clocks":{dumps(field_clocks)}}}')


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
