"""What the Synchronisation screen and the status bar show: enrolment state, last success, runs, quarantine,
conflicts worded for a user, a cheap hub reachability probe, and enrolment with French field checks.

No Qt here: the views call these functions on their background executors.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, event, func, select

from desktop_app.db.models import SyncConflict, SyncQuarantine, SyncRun
from desktop_app.services.sync import echanges as sync_service
from desktop_app.services.profil.apercu import last_sync_success
from desktop_app.domain.errors import UserError
from desktop_app.services.profil.profile import Profile
from desktop_app.services.sync.libelles import field_label, record_label, table_label, value_text
from desktop_app.sync import wire
from desktop_app.sync.hlc import Timestamp
from desktop_app.db.meta import get_meta, set_meta
from desktop_app.db.moteur_differe import moteur_reel

PROBE_TIMEOUT = 3.0
STATUS_LABELS = {"ok": "Réussie", "erreur": "Échec", "en_cours": "Interrompue"}  # the view says « En cours » for a live one


@dataclass(frozen=True)
class Overview:
    enrolled: bool
    hub_url: str | None
    ca_bundle: str | None
    device_id: str
    hub_user: str
    hub_structure: str
    last_success: dt.datetime | None
    pending: int
    conflicts: int
    quarantined: int
    clock_notice: str = ""  # this laptop's clock is off by more than 5 min (as learned from the hub)


@dataclass(frozen=True)
class RunView:
    started_at: dt.datetime | None
    sent: int
    received: int
    conflicts: int
    quarantined: int
    status: str
    status_label: str
    message: str


@dataclass(frozen=True)
class QuarantineView:
    when: dt.datetime
    table_label: str
    record: str
    fields: str
    reason: str
    id: int = 0
    attempts: int = 0  # times sent again and refused again
    code: str = ""


@dataclass(frozen=True)
class ConflictReview:
    """A conflict worded for the review: the value in place (« cette valeur ») and the one set aside."""

    id: str
    table: str
    record: str
    field: str
    field_label: str
    current: str
    current_by: str
    current_at: str
    other: str
    other_by: str
    other_at: str


class EnrolmentInvalid(UserError):
    """Fields of the enrolment form that are wrong, each with its French message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


PENDING_CAP = 10_000  # the overview counts pending changes up to this many ("plus de 10 000")


def overview(profile: Profile) -> Overview:
    with profile.engine.connect() as conn:
        url = get_meta(conn, "sync_hub_url")
        ca = get_meta(conn, "sync_ca_bundle") or None
        user = get_meta(conn, "sync_hub_user") or ""
        structure = get_meta(conn, "sync_hub_structure_nom") or ""
        conflicts = conn.execute(select(func.count()).select_from(SyncConflict)
                                 .where(SyncConflict.resolution.is_(None))).scalar() or 0  # type: ignore[union-attr]
        quarantined = conn.execute(select(func.count()).select_from(SyncQuarantine)).scalar() or 0
    return Overview(enrolled=bool(url), hub_url=url, ca_bundle=ca, device_id=profile.device_id, hub_user=user,
                    hub_structure=structure, last_success=last_sync_success(profile),
                    pending=sync_service.pending_count(profile, cap=PENDING_CAP), conflicts=conflicts, quarantined=quarantined,
                    clock_notice=sync_service.clock_notice(profile) if url else "")


_immediate = threading.local()
_HOOKED = "_passerelle_immediate_hook"


_NO_BEGIN = ("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END")


def _hook(engine: Engine) -> None:
    if getattr(engine, _HOOKED, False):
        return

    @event.listens_for(engine, "before_cursor_execute")
    def _begin_immediate(_conn, cursor, statement, _params, _context, _many) -> None:
        # Like the driver's own implicit BEGIN (first statement outside a transaction), but IMMEDIATE and
        # for reads too; a PRAGMA still runs outside any transaction (``foreign_keys`` only works there).
        if not getattr(_immediate, "on", False) or cursor.connection.in_transaction:
            return
        if not statement.lstrip().upper().startswith(_NO_BEGIN):
            cursor.connection.execute("BEGIN IMMEDIATE")

    setattr(engine, _HOOKED, True)


@contextmanager
def immediate_transactions(engine: Engine) -> Iterator[None]:
    """On this thread, every transaction of ``engine`` takes SQLite's write lock at its first statement.

    Python's sqlite driver opens a transaction only at the first write, so a read-then-write (the merge
    reads a record's field clocks, then updates them) could interleave with a save made meanwhile on the
    database executor. Inside this block, the reads already hold the lock: the other writer waits
    (``busy_timeout``) until the transaction commits. Transactions here are short (one page or batch)
    and never span a network call."""
    _hook(engine)
    _immediate.on = True
    try:
        yield
    finally:
        _immediate.on = False


@dataclass(frozen=True)
class SessionChange:
    """What a sync round changed in the account of the user working on this laptop (changed on the hub or by
    an administrator's laptop): the open session must follow (lock screen, rights)."""

    user_id: str
    nom: str
    role_before: str
    role: str
    actif_before: bool
    actif: bool

    @property
    def disabled(self) -> bool:
        return self.actif_before and not self.actif

    @property
    def role_changed(self) -> bool:
        return self.role != self.role_before


def _account(profile: Profile, user_id: str) -> tuple[str, bool, str] | None:
    """(role, active, name) of a user as the permissions read it (deleted counts as disabled)."""
    from desktop_app.db.models import Utilisateur

    if not user_id:
        return None
    t = Utilisateur.__table__  # type: ignore[attr-defined]
    with profile.engine.connect() as conn:
        row = conn.execute(select(t.c.role, t.c.actif, t.c.deleted, t.c.prenom, t.c.nom)
                           .where(t.c.id == user_id)).first()
    if row is None:
        return None
    return row.role, bool(row.actif) and not row.deleted, " ".join(p for p in (row.prenom, row.nom) if p)


def sync_round(profile: Profile, progress=None) -> sync_service.SyncSummary:
    """One sync round for the background controller: :func:`sync.sync_once` with immediate transactions.

    The current user's account is read before and after: when the round changed its role or its ``actif``
    flag, the summary's ``session`` says so (:class:`SessionChange`).

    A revoked device's profile is wiped by ``sync_once``; here its engine is also sealed, so that a screen's
    query arriving afterwards cannot re-create an empty database file where the profile was."""
    try:
        with immediate_transactions(moteur_reel(profile.engine)):  # an event target: the real engine
            user_id = profile.user_id
            before = _account(profile, user_id)
            summary = sync_service.sync_once(profile, progress=progress)
            if "utilisateur" in summary.tables and before is not None and profile.user_id == user_id:
                after = _account(profile, user_id)
                if after is not None and after[:2] != before[:2]:
                    summary.session = SessionChange(user_id, after[2] or before[2], before[0], after[0],
                                                    before[1], after[1])
            return summary
    except sync_service.DeviceRevoked:
        seal(profile)
        raise


def seal(profile: Profile) -> None:
    """Refuse every new connection to this profile's database, then wipe again what a query may have
    re-created between the wipe and now."""
    engine = moteur_reel(profile.engine)  # the real engine (not a start-up stand-in): an event target
    if not getattr(engine, "_passerelle_sealed", False):
        @event.listens_for(engine, "do_connect")
        def _refuse(*_args, **_kwargs):
            raise UserError("Ce profil a été effacé (poste révoqué) : ses données ne sont plus accessibles.")

        engine._passerelle_sealed = True  # type: ignore[attr-defined]
    engine.dispose()
    sync_service.wipe_profile(profile)


def hub_reachable(url: str, ca_bundle: str | None = None, *, timeout: float = PROBE_TIMEOUT) -> bool:
    """True when the hub answers its health endpoint (any answer below 500) within ``timeout`` seconds."""
    import httpx

    try:
        response = httpx.get(url.rstrip("/") + "/v1/health", timeout=timeout, verify=ca_bundle or True)
    except (httpx.HTTPError, OSError, ValueError):
        return False
    return response.status_code < 500


def runs(profile: Profile, limit: int = 50) -> list[RunView]:
    t = SyncRun.__table__  # type: ignore[attr-defined]
    with profile.engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.id.desc()).limit(limit)).all()
    return [RunView(aware(r.started_at), r.sent, r.received, r.conflicts, r.quarantined, r.status,
                    STATUS_LABELS.get(r.status, r.status), r.message or "") for r in rows]


def quarantine(profile: Profile) -> list[QuarantineView]:
    t = SyncQuarantine.__table__  # type: ignore[attr-defined]
    with profile.engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.id.desc())).all()
        return [QuarantineView(aware(r.quarantined_at), table_label(r.table_name),
                               record_label(conn, r.table_name, r.row_id),
                               ", ".join(field_label(f) for f in r.fields if f != "*") or "Création",
                               r.reason, r.id, r.attempts or 0, r.code) for r in rows]


HUB_AUTHOR = "Serveur (administration)"


def who(clock: str, device_id: str) -> str:
    """Who set a value: this laptop, another one, or the hub itself (``passerelle-hub user …``)."""
    try:
        device = Timestamp.decode(clock).device
    except ValueError:
        return "Poste inconnu"
    if device == wire.HUB_NODE:
        return HUB_AUTHOR
    return "Ce poste" if device == device_id else f"Autre poste ({device[-6:]})"


def when(clock: str) -> str:
    """An HLC's wall time, local, « 26/11/2026 14:32 »."""
    try:
        moment = dt.datetime.fromtimestamp(Timestamp.decode(clock).wall_ms / 1000, tz=dt.UTC).astimezone()
    except (ValueError, OverflowError, OSError):
        return ""
    return f"{moment:%d/%m/%Y %H:%M}"


def conflict_reviews(profile: Profile) -> list[ConflictReview]:
    """Unresolved conflicts, oldest first, worded for a user."""
    views = sync_service.list_conflicts(profile)
    with profile.engine.connect() as conn:
        return [ConflictReview(
            id=c.id, table=c.table, record=record_label(conn, c.table, c.row_id), field=c.field,
            field_label=field_label(c.field),
            current=value_text(c.table, c.field, c.kept_value), current_by=who(c.kept_clock, profile.device_id),
            current_at=when(c.kept_clock),
            other=value_text(c.table, c.field, c.lost_value), other_by=who(c.lost_clock, profile.device_id),
            other_at=when(c.lost_clock)) for c in views]


def check_enrolment(url: str, code: str, ca_bundle: str = "") -> dict[str, Any]:
    """The cleaned form values, or :class:`EnrolmentInvalid` with a French message per wrong field."""
    errors: dict[str, str] = {}
    url, code, ca_bundle = url.strip(), code.strip().upper(), ca_bundle.strip()
    parts = urlsplit(url)
    if not url:
        errors["url"] = "Indiquez l'adresse du hub, par exemple https://hub.ma-structure.fr."
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        errors["url"] = "Adresse invalide : elle commence par https:// (ou http://) suivi du nom du serveur."
    if not code:
        errors["code"] = "Saisissez le code d'inscription remis par l'administrateur du hub."
    elif len(code) < 6 or len(code) > 64:
        errors["code"] = "Code incomplet : il compte au moins 6 caractères (par exemple 3F9A1C-0B77E2-91D4AA)."
    if ca_bundle and not Path(ca_bundle).is_file():
        errors["ca_bundle"] = "Fichier de certificat introuvable : choisissez un fichier .pem existant."
    if errors:
        raise EnrolmentInvalid(errors)
    return {"url": url.rstrip("/"), "code": code, "ca_bundle": ca_bundle or None}


def enrol_device(profile: Profile, url: str, code: str, ca_bundle: str = "") -> Overview:
    """Check the form, spend the code on the hub, remember who the hub enrolled; the new overview."""
    values = check_enrolment(url, code, ca_bundle)
    answer = sync_service.enrol(profile, values["url"], values["code"], ca_bundle=values["ca_bundle"])
    with profile.engine.begin() as conn:
        set_meta(conn, "sync_hub_user", answer.user)
        set_meta(conn, "sync_hub_structure_nom", answer.structure_nom)
    return overview(profile)


enroll_device = enrol_device  # the former name
