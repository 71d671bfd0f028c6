"""Users managed on the hub (issue 8): list, create, change a role, disable and enable an account.

Users are the replicated ``utilisateur`` records. A change made here is an op of the hub itself, merged like a
device's push: field by field against the stored clocks (the hub's clock, node :data:`HUB_NODE`, is taken just
after the newest clock of the record, so the change wins over everything the hub has seen), given the
structure's next sequence number, and sent to the devices by the normal pull feed. A device's edit of another
field made meanwhile survives; a device's concurrent edit of the same field resolves as any concurrent edit
(last writer by clock, the other value kept as a conflict to review).

A disabled user can no longer log in on any device once the change has arrived there (next sync). The hub
does not refuse the sync of a device whose user is disabled: the device must receive the change, and a shared
laptop keeps working for its other users; but the laptops enrolled for that user lose the rights of its role
on the hub at once (a disabled administrator's laptop can no longer push role or account changes: see
:mod:`hub.droits`). A lost or compromised laptop is revoked (``revoke``).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, insert, select, update

from desktop_app.domain.enums import Role
from desktop_app.domain.ids import new_id, utcnow
from desktop_app.sync import wire
from hub import store
from hub.auth import ACTIVE, DU, DeviceInfo
from hub.errors import HubError
from hub.models import HubDevice, HubRecord, HubStructure

TABLE = "utilisateur"
HUB_NODE = wire.HUB_NODE  # the node id of the hub's own clock (device ids are UUIDs: never equal)
ACTIF, DESACTIVE = "actif", "désactivé"
PARRAIN = Role.PARRAIN.value

S, D, R = (m.__table__ for m in (HubStructure, HubDevice, HubRecord))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class UserInfo:
    id: str
    structure_id: str
    nom: str  # « Prénom Nom »
    role: str
    actif: bool
    devices: int  # enrolled devices (not revoked) linked to this user

    @property
    def etat(self) -> str:
        return ACTIF if self.actif else DESACTIVE


def _full_name(values: dict) -> str:
    return " ".join(p for p in (values.get("prenom"), values.get("nom")) if p)


def _split_name(full: str) -> tuple[str | None, str]:
    parts = full.strip().split(None, 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (None, full.strip())


def _check_role(role: str) -> None:
    if role not in Role.codes():
        raise HubError(400, "role_inconnu", f"Rôle inconnu « {role} » : choisissez parmi "
                       f"{', '.join(sorted(Role.codes()))}.")


def _structure_exists(conn: Connection, structure_id: str) -> None:
    if conn.execute(select(S.c.id).where(S.c.id == structure_id)).first() is None:
        raise HubError(404, "structure_inconnue", f"Aucune structure « {structure_id} » sur ce serveur.")


def _record(conn: Connection, user_id: str):
    row = conn.execute(select(R.c.structure_id, R.c["values"]).where(R.c.table_name == TABLE,
                                                                     R.c.row_id == user_id)).first()
    if row is None or row[1].get("deleted"):
        raise HubError(404, "utilisateur_inconnu", f"Aucun utilisateur « {user_id} » sur ce serveur "
                       "(voir « passerelle-hub user list »).")
    return row


def _link_unlinked_devices(conn: Connection) -> None:
    """Devices with no user link (enrolled on a hub older than the link): linked to the first user record
    they created, the one whose creation clock names the device (their profile's own user)."""
    unlinked = set(conn.execute(select(D.c.id).where(D.c.id.not_in(select(DU.c.device_id)))).scalars())
    if not unlinked:
        return
    first: dict[str, tuple[str, str]] = {}
    for row_id, clocks in conn.execute(select(R.c.row_id, R.c.clocks).where(R.c.table_name == TABLE)):
        clock = (clocks or {}).get("created_at")
        device = clock.split(".", 2)[2] if clock and clock.count(".") >= 2 else None
        if device in unlinked and (device not in first or clock < first[device][0]):
            first[device] = (clock, row_id)
    if first:
        conn.execute(insert(DU), [{"device_id": d, "user_id": u} for d, (_c, u) in first.items()])


def _device_counts(conn: Connection) -> dict[str, int]:
    query = (select(DU.c.user_id, func.count()).join(D, D.c.id == DU.c.device_id)
             .where(D.c.state == ACTIVE).group_by(DU.c.user_id))
    return dict(conn.execute(query).all())


def list_users(engine: Engine, structure_id: str | None = None) -> list[UserInfo]:
    """The structure's users (every structure's when None), not deleted, by name."""
    with engine.begin() as conn:
        if structure_id:
            _structure_exists(conn, structure_id)
        _link_unlinked_devices(conn)
        query = select(R.c.row_id, R.c.structure_id, R.c["values"]).where(R.c.table_name == TABLE)
        if structure_id:
            query = query.where(R.c.structure_id == structure_id)
        counts = _device_counts(conn)
        users = [UserInfo(r.row_id, r.structure_id, _full_name(r[2]), r[2].get("role", ""),
                          bool(r[2].get("actif", True)), counts.get(r.row_id, 0))
                 for r in conn.execute(query) if not r[2].get("deleted")]
    return sorted(users, key=lambda u: (u.structure_id, u.nom.casefold(), u.id))


def get_user(engine: Engine, user_id: str) -> UserInfo:
    with engine.begin() as conn:
        row = _record(conn, user_id)
        _link_unlinked_devices(conn)
        count = _device_counts(conn).get(user_id, 0)
    values = row[1]
    return UserInfo(user_id, row.structure_id, _full_name(values), values.get("role", ""),
                    bool(values.get("actif", True)), count)


def hub_clock(now_ms: int, seen: list[str]) -> str:
    """The hub's clock for a change made after every clock in ``seen`` (HLC: wall ms, counter, node)."""
    wall, counter = now_ms, 0
    for clock in seen:
        ms, count = (int(p) for p in clock.split(".", 2)[:2])
        if ms > wall:
            wall, counter = ms, count + 1
        elif ms == wall:
            counter = max(counter, count + 1)
    return f"{wall:013d}.{counter:04d}.{HUB_NODE}"


def _hub_change(engine: Engine, structure_id: str, user_id: str, fields: dict, *, create: bool = False) -> None:
    """Apply ``fields`` to the user record as an op of the hub: the same merge, sequence and feed as a push."""
    with engine.begin() as conn:
        # the structure's counter row first, as a push does: commits of a structure stay serialised
        seq = conn.execute(update(S).where(S.c.id == structure_id).values(seq=S.c.seq)
                           .returning(S.c.seq)).scalar_one()
        stored = conn.execute(select(R.c.clocks).where(R.c.table_name == TABLE, R.c.row_id == user_id)).scalar()
        if create and stored is not None:
            raise HubError(409, "utilisateur_existant", f"L'utilisateur « {user_id} » existe déjà.")
        clock = hub_clock(int(utcnow().timestamp() * 1000), list((stored or {}).values()))
        op = wire.Op(device=HUB_NODE, counter=1, table=TABLE, row_id=user_id, fields=fields,
                     clocks=dict.fromkeys(fields, clock))
        hub = DeviceInfo(HUB_NODE, structure_id, "serveur", "admin", ACTIVE, None)
        # ``seen``: the hub has seen every change of the structure, so its edit is a later one, not a
        # concurrent one (a device's older offline edit, pushed later, becomes the conflict)
        batch = store._Batch(conn, hub, seq, seq)
        store._load(batch, [op])
        refusal = store._apply(batch, op)
        if refusal:  # (not expected: the record was checked)
            raise HubError(409, refusal[0], refusal[1])
        store._write(batch)
        conn.execute(update(S).where(S.c.id == structure_id).values(seq=batch.seq))


def add_user(engine: Engine, structure_id: str, name: str, role: str, email: str | None = None) -> str:
    """Create a user of the structure on the hub (it reaches the structure's devices at their next sync)."""
    _check_role(role)
    prenom, nom = _split_name(name)
    if not nom:
        raise HubError(400, "nom_vide", "Le nom de l'utilisateur est obligatoire (« Prénom Nom »).")
    if len(nom) > 120 or len(prenom or "") > 120:
        raise HubError(400, "nom_trop_long", "Nom trop long (120 caractères au plus pour le prénom et le nom).")
    with engine.connect() as conn:
        _structure_exists(conn, structure_id)
    user_id = new_id()
    _hub_change(engine, structure_id, user_id, {
        "created_at": utcnow().isoformat(), "deleted": False, "structure_id": structure_id, "nom": nom,
        "prenom": prenom, "role": role, "email": email or None, "actif": True, "mot_de_passe_hash": None,
    }, create=True)
    return user_id


def set_role(engine: Engine, user_id: str, role: str) -> UserInfo:
    """Change a user's role; the devices enrolled for it take the new role (what the hub lets them change).
    A change to or from ``parrain`` changes what a device receives: its devices must be enrolled again."""
    _check_role(role)
    user = get_user(engine, user_id)
    if role != user.role and PARRAIN in (role, user.role) and user.devices:
        raise HubError(409, "reinscription", "Un passage vers ou depuis le rôle parrain change ce que reçoit "
                       f"le poste : révoquez d'abord les {user.devices} poste(s) inscrit(s) pour ce compte "
                       "(« passerelle-hub revoke »), puis inscrivez-les de nouveau.")
    if role != user.role:
        _hub_change(engine, user.structure_id, user_id, {"role": role})
    with engine.begin() as conn:
        devices = select(DU.c.device_id).where(DU.c.user_id == user_id).scalar_subquery()
        conn.execute(update(D).where(D.c.id.in_(devices)).values(role=role))
    return get_user(engine, user_id)


def set_active(engine: Engine, user_id: str, actif: bool) -> tuple[UserInfo, bool]:
    """Disable or enable an account; (the user, whether it changed)."""
    user = get_user(engine, user_id)
    if user.actif == actif:
        return user, False
    _hub_change(engine, user.structure_id, user_id, {"actif": actif})
    return get_user(engine, user_id), True
