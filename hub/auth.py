"""Structures, devices and credentials: one-time enrolment codes, device credentials (stored hashed),
short-lived access tokens refreshed from them, revocation.

A device is enrolled *for* one user (an ``utilisateur`` record): a code made for an existing user
(``enroll-code --user-id``) links the device to it when it is spent; otherwise the device is linked to the
first user record it creates (its profile's own user, made with the profile and pushed at its first sync).
The link (``hub_device_user``) counts the devices of a user, keeps a device's role in step with its user's
role changed on the hub, and tells a parrain's device which user row it receives. A device whose user is
disabled on the hub keeps syncing (it must receive the change) but loses the rights of its role
(:attr:`DeviceInfo.user_active`, read by :mod:`hub.droits`).

Spending a code is safe to retry: the device sends an enrolment key it drew once (``enrol_key``); if the hub
spent the code but the answer was lost, the same device with the same key gets a new credential for the same
device record within the code's validity. Another device, or the same device id without the key, is refused.
A device that sent no key (made before it) may still retry by its device id alone, as before.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, and_, bindparam, delete, insert, select, update

from desktop_app.domain.enums import Role
from desktop_app.domain.ids import utcnow
from hub.errors import REVOKED, HubError
from hub.models import (HubCodeKey, HubCodeUser, HubDevice, HubDeviceUser, HubEnrollCode, HubRecord, HubStructure,
                        HubToken)

CODE_VALIDITY = timedelta(hours=24)
TOKEN_VALIDITY = timedelta(minutes=15)
ACTIVE, REVOKED_STATE = "actif", "revoque"

S, D, C, T = (m.__table__ for m in (HubStructure, HubDevice, HubEnrollCode, HubToken))  # type: ignore[attr-defined]
CU = HubCodeUser.__table__  # type: ignore[attr-defined]
DU = HubDeviceUser.__table__  # type: ignore[attr-defined]
CK = HubCodeKey.__table__  # type: ignore[attr-defined]
R = HubRecord.__table__  # type: ignore[attr-defined]


def _hash(secret: str) -> str:
    # Credentials and tokens are long random secrets: a plain SHA-256 is enough (no dictionary to try).
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    structure_id: str
    user_name: str
    role: str
    state: str
    last_seen: datetime | None
    user_active: bool = True  # False: the user it was enrolled for is disabled on the hub (no role rights)


def add_structure(engine: Engine, nom: str) -> str:
    nom = nom.strip()
    if not nom:
        raise HubError(400, "nom_vide", "Le nom de la structure est obligatoire.")
    with engine.begin() as conn:
        row = HubStructure(nom=nom)
        conn.execute(insert(S).values(id=row.id, nom=nom, seq=0, created_at=row.created_at))
    return row.id


def create_code(engine: Engine, structure_id: str, user_name: str, role: str = Role.CONSEILLER,
                user_id: str | None = None) -> str:
    """A one-time code; ``user_id``: the existing user (on the hub) the enrolled device will be linked to."""
    if role not in Role.codes():
        raise HubError(400, "role_inconnu", f"Rôle inconnu « {role} ».")
    if not user_name.strip():
        raise HubError(400, "nom_vide", "Le nom de l'utilisateur est obligatoire.")
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    with engine.begin() as conn:
        if conn.execute(select(S.c.id).where(S.c.id == structure_id)).first() is None:
            raise HubError(404, "structure_inconnue", f"Aucune structure « {structure_id} » sur ce serveur.")
        conn.execute(insert(C).values(code_hash=_hash(code), structure_id=structure_id,
                                      user_name=user_name.strip(), role=role,
                                      expires_at=utcnow() + CODE_VALIDITY))
        if user_id:
            conn.execute(insert(CU).values(code_hash=_hash(code), user_id=user_id))
    return code


def enroll(engine: Engine, code: str, device_id: str, device_name: str = "", enrol_key: str | None = None) -> dict:
    """Spend a one-time code: register the device and return its credential (shown once, kept hashed).

    ``enrol_key``: the device's enrolment key; the same device may spend its code again with it (see the
    module's docstring)."""
    credential = secrets.token_urlsafe(32)
    now = utcnow()
    with engine.begin() as conn:
        row = conn.execute(select(C).where(C.c.code_hash == _hash(code.strip().upper()))
                           .with_for_update()).first()
        if row is None:
            raise HubError(403, "code_invalide", "Code d'inscription inconnu : vérifiez-le auprès de l'administrateur.")
        if row.used_at is not None and not _same_spender(conn, row, device_id, enrol_key):
            raise HubError(409, "code_utilise", "Ce code d'inscription a déjà servi : demandez-en un nouveau.")
        if _aware(row.expires_at) < now:
            raise HubError(403, "code_expire", "Ce code d'inscription a expiré (24 h) : demandez-en un nouveau.")
        existing = conn.execute(select(D).where(D.c.id == device_id)).first()
        if existing is not None and (existing.state != ACTIVE or existing.structure_id != row.structure_id):
            raise HubError(409, "appareil_connu", "Cet appareil est déjà inscrit ailleurs ou a été révoqué.")
        values = dict(structure_id=row.structure_id, user_name=row.user_name, role=row.role,
                      name=device_name, state=ACTIVE, credential_hash=_hash(credential), last_seen=now)
        if existing is None:
            conn.execute(insert(D).values(id=device_id, last_counter=0, enrolled_at=now, **values))
        else:  # the same profile enrolled again: keep its op watermark
            conn.execute(update(D).where(D.c.id == device_id).values(**values))
        if row.used_at is None:
            conn.execute(update(C).where(C.c.code_hash == row.code_hash).values(used_at=now, device_id=device_id))
            if enrol_key:
                conn.execute(insert(CK).values(code_hash=row.code_hash, key_hash=_hash(enrol_key)))
        user_id = conn.execute(select(CU.c.user_id).where(CU.c.code_hash == row.code_hash)).scalar()
        if user_id:
            conn.execute(delete(DU).where(DU.c.device_id == device_id))
            conn.execute(insert(DU).values(device_id=device_id, user_id=user_id))
        nom = conn.execute(select(S.c.nom).where(S.c.id == row.structure_id)).scalar_one()
    return {"device_id": device_id, "credential": credential, "structure_id": row.structure_id,
            "structure_nom": nom, "user": row.user_name, "role": row.role, "user_id": user_id or None}


def _same_spender(conn: Connection, code_row, device_id: str, enrol_key: str | None) -> bool:
    """Whether a spent code is being spent again by the device that spent it (its answer was lost)."""
    if code_row.device_id != device_id:
        return False
    stored = conn.execute(select(CK.c.key_hash).where(CK.c.code_hash == code_row.code_hash)).scalar()
    if stored is None:  # spent by a device that sent no key (made before it): its device id is all there is
        return True
    return bool(enrol_key) and secrets.compare_digest(stored, _hash(enrol_key))


def _check_active(state: str) -> None:
    if state != ACTIVE:
        raise HubError(403, "appareil_revoque", REVOKED, wipe=True)


def issue_token(engine: Engine, device_id: str, credential: str) -> tuple[str, int]:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with engine.begin() as conn:
        row = conn.execute(select(D.c.state, D.c.credential_hash).where(D.c.id == device_id)).first()
        if row is None or not secrets.compare_digest(row.credential_hash, _hash(credential)):
            if row is not None and row.state != ACTIVE:
                _check_active(row.state)
            raise HubError(401, "identifiants_invalides",
                           "Identifiants de l'appareil refusés : inscrivez de nouveau ce poste.")
        _check_active(row.state)
        conn.execute(delete(T).where(T.c.device_id == device_id, T.c.expires_at < now))
        conn.execute(insert(T).values(token_hash=_hash(token), device_id=device_id,
                                      expires_at=now + TOKEN_VALIDITY))
        conn.execute(update(D).where(D.c.id == device_id).values(last_seen=now))
    return token, int(TOKEN_VALIDITY.total_seconds())


_USER = R.alias("u")
_AUTHENTICATE = (
    select(D.c.id, D.c.structure_id, D.c.user_name, D.c.role, D.c.state, D.c.last_seen, T.c.expires_at,
           _USER.c["values"].label("user_values"))
    .select_from(T.join(D, T.c.device_id == D.c.id)
                 .outerjoin(DU, DU.c.device_id == D.c.id)
                 .outerjoin(_USER, and_(_USER.c.table_name == "utilisateur", _USER.c.row_id == DU.c.user_id)))
    .where(T.c.token_hash == bindparam("token_hash")))


def authenticate(engine: Engine, token: str | None) -> DeviceInfo:
    if not token:
        raise HubError(401, "jeton_absent", "Jeton d'accès absent.")
    now = utcnow()
    # One statement: the device, its token's expiry and the values of the user it was enrolled for (outer
    # joins: no user linked yet). Read in autocommit: no BEGIN / COMMIT round trips; ``last_seen`` is written
    # (autocommitted on its own) only when it is more than 30 s old.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        row = conn.execute(_AUTHENTICATE, {"token_hash": _hash(token)}).first()
        if row is None:
            raise HubError(401, "jeton_invalide", "Jeton d'accès inconnu ou expiré : reconnectez-vous.")
        _check_active(row.state)
        if _aware(row.expires_at) < now:
            raise HubError(401, "jeton_expire", "Jeton d'accès expiré : reconnectez-vous.")
        if row.last_seen is None or _aware(row.last_seen) < now - timedelta(seconds=30):
            conn.execute(update(D).where(D.c.id == row.id).values(last_seen=now))
        user = row.user_values
    user_active = not user or (user.get("actif", True) is not False and not user.get("deleted"))
    return DeviceInfo(row.id, row.structure_id, row.user_name, row.role, row.state, row.last_seen, user_active)


def list_devices(engine: Engine, structure_id: str | None = None) -> list[DeviceInfo]:
    query = select(D).order_by(D.c.enrolled_at)
    if structure_id:
        query = query.where(D.c.structure_id == structure_id)
    with engine.connect() as conn:
        return [DeviceInfo(r.id, r.structure_id, r.user_name, r.role, r.state, r.last_seen)
                for r in conn.execute(query)]


def revoke(engine: Engine, device_id: str) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(D).where(D.c.id == device_id).values(state=REVOKED_STATE)).rowcount
        if not done:
            raise HubError(404, "appareil_inconnu", f"Aucun appareil « {device_id} » sur ce serveur.")
        conn.execute(delete(T).where(T.c.device_id == device_id))


def device_user(conn: Connection, device_id: str) -> str | None:
    """The user a device was enrolled for (None: not known yet)."""
    return conn.execute(select(DU.c.user_id).where(DU.c.device_id == device_id)).scalar()


def link_first_user(conn: Connection, device_id: str, created_user_ids: list[str]) -> None:
    """A device enrolled by name is linked to the first user record it creates (its profile's own user):
    called by a push with the users it created, in op order."""
    if created_user_ids and device_user(conn, device_id) is None:
        conn.execute(insert(DU).values(device_id=device_id, user_id=created_user_ids[0]))
