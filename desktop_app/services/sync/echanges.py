"""Sync use cases: enrol this device on a hub, run one sync round, review and resolve conflicts.

The device credential lives in the OS keyring (never in a file); the hub address, the hub's structure id,
the pull cursor and the acknowledged outbox counter are ``profile_meta`` facts. A hub that answers that
this device was revoked makes the profile wipe itself (database files and keyring entries).
"""
from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update

from desktop_app.db.models import MODELS_BY_TABLE, Outbox, SyncConflict, SyncQuarantine, SyncReceivedRefused, SyncRun
from desktop_app.domain.ids import utcnow
from desktop_app.security import keys
from desktop_app.domain.errors import UserError
from desktop_app.services.profil.profile import DB_FILE, PROFILE_FILE, Profile
from desktop_app.sync import ecritures_distantes, wire
from desktop_app.sync.ecritures_distantes import STAND_IN_CLOCK  # noqa: F401  (its former home)
from desktop_app.sync.merge import from_wire
from desktop_app.db.meta import delete_meta, get_meta, set_meta

CREDENTIAL_PREFIX = "sync-"
ENROL_KEY = "sync_enrol_key"  # profile_meta: the secret sent with every attempt to spend a code


class SyncError(UserError):
    """The round stopped (hub unreachable or refusing); nothing local was lost."""


class SyncOffline(SyncError):
    """The hub could not be reached: work goes on offline, the next round carries on."""


class DeviceRevoked(SyncError):
    """The hub revoked this device: the profile has been wiped."""


@dataclass
class SyncSummary:
    sent: int
    received: int
    conflicts: int
    quarantined: int
    tables: frozenset[str] = frozenset()  # tables that received changes
    # The round changed the current user's account (role, or disabled / enabled): see sync_status.sync_round.
    session: Any = None
    ignored: int = 0  # changes the hub dropped: their dossier was erased (RGPD)
    refused: int = 0  # pulled changes this replica could not store (« Reçues refusées »)
    # « L'horloge de ce poste a 2 h 03 d'avance : il est 14:32 au serveur. » when off by more than 5 min.
    clock_notice: str = ""

    def french(self) -> str:
        text = (f"Envoyées : {self.sent} · reçues : {self.received} · conflits : {self.conflicts} · "
                f"en quarantaine : {self.quarantined}")
        if self.refused:
            text += f" · refusées à la réception : {self.refused}"
        if self.ignored:
            from desktop_app.sync.effacement import ignored_french

            text += f" · {ignored_french(self.ignored)}"
        return text


@dataclass
class ConflictView:
    id: str
    table: str
    row_id: str
    field: str
    kept_value: Any
    kept_clock: str
    lost_value: Any
    lost_clock: str
    resolution: str | None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _credential_user(profile: Profile) -> str:
    return CREDENTIAL_PREFIX + profile.file.profile_id


def _store_credential(profile: Profile, credential: str) -> None:
    """In the OS keyring; a profile without keyring (passphrase mode, headless machines) keeps it in its
    own SQLCipher database, encrypted under the passphrase-derived key — never in a plain file."""
    keyring = keys.trousseau()
    if profile.file.key_mode == "keyring" and keys.keyring_available():
        keyring.set_password(keys.KEYRING_SERVICE, _credential_user(profile), credential)
        return
    if profile.file.key_mode == "keyring":
        raise SyncError("Le trousseau sécurisé de ce poste est indisponible : l'identifiant de l'appareil "
                        "ne peut pas être conservé.")
    with profile.engine.begin() as conn:
        set_meta(conn, "sync_credential", credential)


def _load_credential(profile: Profile) -> str | None:
    keyring = keys.trousseau()
    if profile.file.key_mode == "keyring":
        try:
            return keyring.get_password(keys.KEYRING_SERVICE, _credential_user(profile))
        except Exception:
            return None
    with profile.engine.connect() as conn:
        return get_meta(conn, "sync_credential")


def _transport(url: str, ca_bundle: str | None = None, client=None, local_ms=None):
    from desktop_app.sync.transport import Transport

    return Transport(url, verify=ca_bundle or True, client=client, local_ms=local_ms)


def _enrol_key(profile: Profile) -> str:
    """This profile's enrolment key: drawn once, kept in its encrypted database (``profile_meta``)."""
    with profile.engine.begin() as conn:
        key = get_meta(conn, ENROL_KEY)
        if not key:
            key = secrets.token_urlsafe(32)
            set_meta(conn, ENROL_KEY, key)
    return key


def enrol(profile: Profile, hub_url: str, code: str, *, ca_bundle: str | None = None, client=None) -> wire.EnrollResponse:
    """Spend a one-time code on the hub; keep the credential in the keyring. The first sync then pushes
    everything this profile holds (its outbox has every change since its creation).

    Safe to retry: every attempt carries the profile's enrolment key, so that if the hub spent the code but
    its answer was lost (network cut), trying again with the same code gets this device its credential
    (a hub made before the key refuses the unknown field: the request goes again without it).

    A code made for an existing user of the hub (``enroll-code --user-id``) makes that user the profile's
    user: see :func:`_adopt_hub_user`."""
    from desktop_app.sync.transport import HubRefusal, HubUnreachable

    code = wire.enrolment_code(code)  # a French error before any request
    transport = _transport(hub_url, ca_bundle, client)
    request = wire.EnrollRequest(code=code, device_id=profile.device_id, enrol_key=_enrol_key(profile))
    try:
        try:
            data = transport.call("POST", "/v1/enroll", body=request)
        except HubRefusal as exc:
            if exc.code != "requete_invalide" or "enrol_key" not in exc.detail:
                raise
            data = transport.call("POST", "/v1/enroll", body=request.model_copy(update={"enrol_key": None}))
        answer = wire.EnrollResponse.model_validate(data)
    except HubUnreachable as exc:
        raise SyncOffline(exc.message) from None
    except HubRefusal as exc:
        raise SyncError(f"Inscription refusée : {exc.detail}") from None
    _store_credential(profile, answer.credential)
    with profile.engine.begin() as conn:
        set_meta(conn, "sync_hub_url", hub_url.rstrip("/"))
        set_meta(conn, "sync_hub_structure", answer.structure_id)
        set_meta(conn, "sync_ca_bundle", ca_bundle or "")
    if answer.role != "parrain":  # a parrain's device receives the structure's row from the hub
        _adopt_hub_structure(profile, answer.structure_id, answer.structure_nom)
    else:
        _keep_scaffolding_local(profile)
    if answer.user_id:
        _adopt_hub_user(profile, answer)
    return answer


def _keep_scaffolding_local(profile: Profile) -> None:
    """A parrain's laptop: the structure and agence rows its profile made at creation are scaffolding for
    working alone; the hub would refuse them (a parrain only writes its follow-up file) and they would sit in
    « Refusées » on its first sync. They stay on the laptop and leave the outbox."""
    from desktop_app.db.models import Outbox

    with profile.session() as s:
        s.execute(delete(Outbox).where(Outbox.table_name.in_(("structure", "lieu"))))
        s.commit()


def _user_references(conn, user_id: str) -> bool:
    """Whether any record names this user (dossiers it follows, access log, permanences, parrains…)."""
    from desktop_app.db.models import SYNCED_MODELS

    for model in SYNCED_MODELS:
        table = model.__table__  # type: ignore[attr-defined]
        if table.name == "utilisateur":
            continue
        columns = [c for c in table.c if c.name == "utilisateur_id"
                   or any(fk.target_fullname == "utilisateur.id" for fk in c.foreign_keys)]
        for column in columns:
            if conn.execute(select(table.c.id).where(column == user_id).limit(1)).first() is not None:
                return True
    return False


def _adopt_hub_user(profile: Profile, answer: wire.EnrollResponse) -> None:
    """The device was enrolled for an existing user of the hub (``enroll-code --user-id``): that user becomes
    the profile's user (``profile_meta`` ``user_id``, :attr:`Profile.user_id`), and the account the profile
    made at its creation (a placeholder: the wizard needs someone to work as) gives way.

    * The hub's user record arrives with the first sync. Until then a stand-in row with the name and role the
      hub answered lets the services check the right role at once: it is never sent (written outside the
      outbox) and every field carries the oldest possible clock, so the pulled values replace all of it
      without any conflict. A profile that already holds the record (enrolled before) keeps it.
    * The placeholder is removed when it holds no data of its own (no record names it). Never pushed (the
      usual case: enrolment comes before the first sync), it is deleted outright and never reaches the hub
      (its pending creation op finds no row and is skipped): ``passerelle-hub user list`` shows no stray
      account. Already pushed (a profile enrolled again), it becomes a tombstone. When records name it
      (work done on this laptop before its enrolment), it is kept rather than reassigned: who did what stays
      true (the access log is never rewritten); an administrator may disable it on the hub.
    * A password the wizard set for the placeholder goes with it: the user logs in with the password of the
      hub's account (set on another laptop, or by an administrator), received at the first sync.
    """
    from desktop_app.db.models import Utilisateur

    placeholder, user_id = profile.user_id, answer.user_id
    if not user_id or placeholder == user_id:
        return
    users = Utilisateur.__table__  # type: ignore[attr-defined]
    with profile.engine.begin() as conn:
        if conn.execute(select(users.c.id).where(users.c.id == user_id)).first() is None:
            parts = answer.user.strip().split(None, 1)
            prenom, nom = (parts[0], parts[1]) if len(parts) == 2 else (None, answer.user.strip() or "?")
            now = utcnow()
            ecritures_distantes.inserer_utilisateur_provisoire(
                conn, user_id=user_id, structure_id=profile.structure_id, nom=nom, prenom=prenom, role=answer.role,
                now=now)
        set_meta(conn, "user_id", user_id)  # the profile's current user from now on (read at every opening)
        orphan = not _user_references(conn, placeholder)
        never_pushed = int(get_meta(conn, "sync_acked", "0") or 0) == 0
        if orphan and never_pushed:
            ecritures_distantes.retirer_compte_provisoire(conn, placeholder)
            delete_meta(conn, f"connexion_echecs:{placeholder}")
    profile.user_id = user_id
    if orphan and not never_pushed:
        with profile.session() as s:
            row = s.get(Utilisateur, placeholder)
            if row is not None and not row.deleted:
                row.deleted = True
                s.commit()


def _adopt_hub_structure(profile: Profile, hub_structure_id: str, nom: str) -> None:
    """Every device of a structure must name it with the same id (lists and indicators filter on it): the
    profile's own structure row, made at its creation, gives way to one with the hub's id, and the local
    records that pointed to it are moved over. Those records have not been pushed yet (enrolment comes
    before the first sync), so their pending "*" ops carry the new value."""
    from desktop_app.db.models import ProfileMeta, Structure

    old_id = profile.structure_id
    if old_id == hub_structure_id:
        return
    with profile.session() as s:
        local = s.get(Structure, old_id)
        if s.get(Structure, hub_structure_id) is None:
            # Every device makes this same row: identical values (the hub's name, a fixed creation date), so
            # that merging them raises no conflict.
            s.add(Structure(id=hub_structure_id, nom=nom or (local.nom if local else ""),
                            created_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
            s.flush()
        ecritures_distantes.deplacer_vers_structure(s.connection(), old_id, hub_structure_id)
        if local is not None:
            local.deleted = True
        meta = s.get(ProfileMeta, "structure_id")
        meta.value = hub_structure_id
        s.commit()
    profile.structure_id = hub_structure_id


def hub_url(profile: Profile) -> str | None:
    with profile.engine.connect() as conn:
        return get_meta(conn, "sync_hub_url")


def sync_once(profile: Profile, *, client=None, progress=None, snapshot: bool = True) -> SyncSummary:
    """Push then pull until both are done (``progress``: called with a
    :class:`desktop_app.sync.restauration.Avancement` while a first restore by snapshot runs). Raises :class:`SyncError` (French) when the hub cannot be
    reached or refuses; :class:`DeviceRevoked` after wiping a revoked device's profile."""
    from desktop_app.sync.client import SyncClient
    from desktop_app.sync.transport import HubRefusal, HubUnreachable

    with profile.engine.connect() as conn:
        url, ca = get_meta(conn, "sync_hub_url"), get_meta(conn, "sync_ca_bundle") or None
    credential = _load_credential(profile)
    if not url or not credential:
        raise SyncError("Ce poste n'est inscrit auprès d'aucun serveur : lancez d'abord « passerelle enroll ».")
    run = _start_run(profile)
    transport = _transport(url, ca, client, local_ms=lambda: profile.clock.physical())
    try:
        token = wire.TokenResponse.model_validate(transport.call(
            "POST", "/v1/token", body=wire.TokenRequest(device_id=profile.device_id, credential=credential)))
        result = SyncClient(profile.engine, profile.clock, profile.device_id, transport, token.access_token,
                            progress=progress, snapshot=snapshot).run()
    except HubUnreachable as exc:
        _finish_run(profile, run, "erreur", message=exc.message)
        raise SyncOffline(exc.message) from None
    except HubRefusal as exc:
        _keep_offset(profile, transport)  # a refusal carries the hub's time too
        if exc.wipe:
            wipe_profile(profile)
            raise DeviceRevoked(exc.detail) from None
        _finish_run(profile, run, "erreur", message=exc.detail)
        raise SyncError(f"Synchronisation refusée par le serveur : {exc.detail}") from None
    summary = SyncSummary(result.sent, result.received, result.conflicts, result.quarantined,
                          frozenset(result.tables), ignored=result.ignored,
                          refused=result.refused, clock_notice=clock_notice(profile))
    if result.erased or result.ignored:  # erased records: no old copy left in the database file
        from desktop_app.db.nettoyage import scrub

        scrub(profile.engine)
    if result.ignored:  # the history screen says it too
        from desktop_app.sync.effacement import ignored_french

        _finish_run(profile, run, "ok", summary=summary, message=ignored_french(result.ignored))
    else:
        _finish_run(profile, run, "ok", summary=summary)
    return summary


def _start_run(profile: Profile) -> int:
    with profile.engine.begin() as conn:
        return conn.execute(SyncRun.__table__.insert().values(  # type: ignore[attr-defined]
            started_at=utcnow(), status="en_cours", sent=0, received=0, conflicts=0, quarantined=0)).inserted_primary_key[0]


def _finish_run(profile: Profile, run: int, status: str, *, summary: SyncSummary | None = None,
                message: str | None = None) -> None:
    values: dict[str, Any] = {"finished_at": utcnow(), "status": status, "message": message}
    if summary:
        values.update(sent=summary.sent, received=summary.received, conflicts=summary.conflicts,
                      quarantined=summary.quarantined)
    with profile.engine.begin() as conn:
        conn.execute(update(SyncRun.__table__).where(SyncRun.__table__.c.id == run).values(**values))  # type: ignore[attr-defined]


def wipe_profile(profile: Profile) -> None:
    """Delete the profile's database files and its keyring entries (a revoked device)."""
    profile.close()
    for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", PROFILE_FILE):
        (profile.directory / name).unlink(missing_ok=True)
    for backup in profile.directory.glob(DB_FILE + ".*"):
        backup.unlink(missing_ok=True)
    keys.forget_key(profile.file.profile_id)
    try:
        keys.trousseau().delete_password(keys.KEYRING_SERVICE, _credential_user(profile))
    except Exception:
        pass


def list_conflicts(profile: Profile, *, include_resolved: bool = False) -> list[ConflictView]:
    t = SyncConflict.__table__  # type: ignore[attr-defined]
    query = select(t).order_by(t.c.seq)
    if not include_resolved:
        query = query.where(t.c.resolution.is_(None))
    with profile.engine.connect() as conn:
        return [ConflictView(r.id, r.table_name, r.row_id, r.field, r.kept_value, r.kept_clock, r.lost_value,
                             r.lost_clock, r.resolution) for r in conn.execute(query)]


def list_quarantine(profile: Profile) -> list[SyncQuarantine]:
    with profile.session() as s:
        return list(s.exec(select(SyncQuarantine).order_by(SyncQuarantine.id)).scalars())


def list_received_refused(profile: Profile) -> list[SyncReceivedRefused]:
    """Pulled changes this replica could not store, newest first (« Reçues refusées »)."""
    with profile.session() as s:
        return list(s.exec(select(SyncReceivedRefused)
                           .order_by(SyncReceivedRefused.id.desc())).scalars())  # type: ignore[union-attr]


def resolve_conflict(profile: Profile, conflict_id: str, *, keep: str) -> None:
    """Settle a conflict: ``keep="local"`` keeps the value now in place (the last writer's), ``"remote"``
    puts back the value that was set aside. Either choice is a new op that syncs (the field edit when it
    changes, and the resolution itself), so the other devices follow; choosing again reverses it."""
    if keep not in ("local", "remote"):
        raise UserError("Choix invalide : « local » (valeur en place) ou « remote » (valeur écartée).")
    choice = "kept" if keep == "local" else "lost"
    with profile.session() as s:
        conflict = s.get(SyncConflict, conflict_id)
        if conflict is None:
            raise UserError("Conflit introuvable.")
        if conflict.resolution == "erased":
            raise UserError("Ce conflit a été effacé (demande d'effacement RGPD) : il n'y a plus rien à choisir.")
        model = MODELS_BY_TABLE.get(conflict.table_name)
        row = s.get(model, conflict.row_id) if model else None
        if row is None:
            raise UserError("L'enregistrement concerné par ce conflit est introuvable sur ce poste.")
        wanted = conflict.kept_value if choice == "kept" else conflict.lost_value
        value = from_wire(model, conflict.field, wanted)
        if getattr(row, conflict.field) != value:
            setattr(row, conflict.field, value)
        conflict.resolution, conflict.resolution_clock = choice, profile.clock.now()
        s.add(Outbox(table_name=wire.CONFLICT_TABLE, row_id=conflict.id, fields=["resolution"],
                     hlc=conflict.resolution_clock))
        s.commit()


def forget_conflicts(s, *, clock, row_ids: list[str]) -> int:
    """RGPD erasure: blank the values of every conflict about these records, here and — through an op
    that syncs — on the hub and the other devices. Runs in the caller's session (same transaction as the
    erasure itself). Returns how many conflicts were blanked."""
    conflicts = s.exec(select(SyncConflict).where(SyncConflict.row_id.in_(row_ids))).scalars().all() if row_ids else []
    for conflict in conflicts:
        if conflict.resolution == "erased":
            continue
        conflict.kept_value = conflict.lost_value = None
        conflict.resolution, conflict.resolution_clock = "erased", clock.now()
        s.add(conflict)
        s.add(Outbox(table_name=wire.CONFLICT_TABLE, row_id=conflict.id, fields=["resolution"],
                     hlc=conflict.resolution_clock))
    return len(conflicts)


def history(profile: Profile, limit: int = 50) -> list[dict]:
    t = SyncRun.__table__  # type: ignore[attr-defined]
    with profile.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(t).order_by(t.c.id.desc()).limit(limit))]


def pending_count(profile: Profile, *, cap: int | None = None) -> int:
    """Outbox entries not yet acknowledged by the hub; with ``cap``, counting stops there (a never-synced
    profile may hold millions: the status display needs "more than 10 000", not a full scan)."""
    with profile.engine.connect() as conn:
        acked = int(get_meta(conn, "sync_acked", "0"))
        pending = select(Outbox.counter).where(Outbox.counter > acked)
        if cap is not None:
            pending = pending.limit(cap)
        return conn.execute(select(func.count()).select_from(pending.subquery())).scalar_one()


def dumps_conflicts(conflicts: list[ConflictView]) -> str:
    return json.dumps([c.as_dict() for c in conflicts], ensure_ascii=False, indent=2, default=str)


# --- clocks -----------------------------------------------------------------------------------------

def _keep_offset(profile: Profile, transport) -> None:
    from desktop_app.sync import clock_sync

    try:
        clock_sync.learn_offset(profile.engine, profile.clock, transport.offset_ms, transport.round_trip_ms)
    except Exception:  # a wiped profile (revoked device): nothing to keep
        pass


def clock_offset(profile: Profile) -> int | None:
    """Hub time − this laptop's time (ms), as learned at the last contact; None before any."""
    from desktop_app.sync import clock_sync

    with profile.engine.connect() as conn:
        return clock_sync.saved_offset(conn)


def clock_notice(profile: Profile) -> str:
    """« L'horloge de ce poste a 2 h 03 d'avance : il est 14:32 au serveur. … » or "" (within 5 min)."""
    from desktop_app.services.sync import horloge

    return horloge.notice(clock_offset(profile), profile.clock.physical())


# --- quarantine: a waiting room -----------------------------------------------------------------------

def renvoyer_quarantaine(profile: Profile, ids: list[int] | None = None) -> int:
    """Send quarantined ops again (``ids``, or all): new outbox entries for their records and fields, read
    from the records at the next push. Refused again, a row stays (one more attempt, the new reason);
    applied, it goes. Returns how many were queued (a row already on its way is not queued twice)."""
    from desktop_app.sync import quarantine

    with profile.engine.begin() as conn:
        return quarantine.requeue(conn, ids)


ABANDON_MEANING = ("Abandonner cette modification ? Elle ne sera jamais envoyée au serveur : les autres postes "
                   "ne la verront pas, et elle reste sur ce poste seulement, jusqu'à ce qu'une modification "
                   "venue du serveur la remplace. Ce choix est définitif.")
ABANDON_MEANING_PLURAL = ("Abandonner ces {n} modifications ? Elles ne seront jamais envoyées au serveur : les "
                          "autres postes ne les verront pas, et elles restent sur ce poste seulement, jusqu'à ce "
                          "qu'une modification venue du serveur les remplace. Ce choix est définitif.")


def abandonner_quarantaine(profile: Profile, quarantine_id: int) -> None:
    """Give up a quarantined op knowingly: it leaves the waiting room for good. The fields it set keep their
    value on this laptop, but with the oldest clock there is, so that any value the hub sends later for
    them replaces it (this laptop converges with the others instead of keeping a value nobody else has)."""
    t = SyncQuarantine.__table__  # type: ignore[attr-defined]
    with profile.engine.begin() as conn:
        row = conn.execute(select(t).where(t.c.id == quarantine_id)).first()
        if row is None:
            raise UserError("Cette opération n'est plus en quarantaine.")
        if "*" not in (row.fields or []):
            ecritures_distantes.ceder_au_hub(conn, row.table_name, row.row_id, row.fields, profile.device_id)
        conn.execute(delete(t).where(t.c.id == quarantine_id))


enroll = enrol  # the former name, still called by tests, benches and scripts
