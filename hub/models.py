"""Every table of the hub, on a registry of its own (never mixed with a profile's tables).

Records are stored one row per record with per-field values, clocks and sequence numbers as JSON maps:
field-level merge without a row per field. Sequence numbers come from a per-structure counter row that
every push updates first, inside its transaction: commits of one structure are serialised, so a sequence
number is never committed after a higher one has become visible (a pulling cursor cannot skip a change).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, String
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from desktop_app.domain.ids import new_id, utcnow

hub_registry = registry()


class HubModel(SQLModel, registry=hub_registry):
    pass


class HubStructure(HubModel, table=True):
    __tablename__ = "hub_structure"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    nom: str = Field(max_length=200)
    seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    created_at: datetime = Field(default_factory=utcnow)


class HubDevice(HubModel, table=True):
    __tablename__ = "hub_device"

    id: str = Field(primary_key=True, max_length=36)  # the profile's device id (its HLC node id)
    structure_id: str = Field(foreign_key="hub_structure.id", index=True, max_length=36)
    user_name: str = Field(max_length=200)
    role: str = Field(max_length=32)
    name: str = Field(default="", max_length=200)
    state: str = Field(default="actif", max_length=16)  # actif | revoque
    credential_hash: str = Field(max_length=64)
    last_counter: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    enrolled_at: datetime = Field(default_factory=utcnow)
    last_seen: datetime | None = None


class HubEnrollCode(HubModel, table=True):
    __tablename__ = "hub_enroll_code"

    code_hash: str = Field(primary_key=True, max_length=64)
    structure_id: str = Field(foreign_key="hub_structure.id", max_length=36)
    user_name: str = Field(max_length=200)
    role: str = Field(max_length=32)
    expires_at: datetime
    used_at: datetime | None = None
    device_id: str | None = Field(default=None, max_length=36)


class HubToken(HubModel, table=True):
    __tablename__ = "hub_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    device_id: str = Field(foreign_key="hub_device.id", index=True, max_length=36)
    expires_at: datetime


class HubRecord(HubModel, table=True):
    """One replicated record: ``values``/``clocks``/``seqs`` map each field to its value, the HLC that
    set it and the sequence number at which it changed last; ``seq`` is the highest of them."""

    __tablename__ = "hub_record"
    __table_args__ = (Index("ix_hub_record_structure_seq", "structure_id", "seq"),)

    table_name: str = Field(primary_key=True, max_length=64)
    row_id: str = Field(primary_key=True, max_length=36)
    structure_id: str = Field(foreign_key="hub_structure.id", max_length=36)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    values: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    clocks: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    seqs: dict[str, int] = Field(default_factory=dict, sa_type=JSON)


class HubConflict(HubModel, table=True):
    """A same-field concurrent edit: the value kept (last writer) and the one set aside."""

    __tablename__ = "hub_conflict"
    __table_args__ = (Index("ix_hub_conflict_structure_seq", "structure_id", "seq"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    structure_id: str = Field(foreign_key="hub_structure.id", max_length=36)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    table_name: str = Field(max_length=64)
    row_id: str = Field(max_length=36)
    field: str = Field(max_length=64)
    kept_value: Any = Field(default=None, sa_type=JSON)
    kept_clock: str = Field(max_length=64)
    lost_value: Any = Field(default=None, sa_type=JSON)
    lost_clock: str = Field(max_length=64)
    resolution: str | None = Field(default=None, max_length=8)
    resolution_clock: str | None = Field(default=None, max_length=64)


class HubAttempt(HubModel, table=True):
    """A failed enrolment or token attempt, kept for the rate limiter's window only (:mod:`hub.limites`).

    ``bucket`` names what it counts against: a keyed hash of the client's address, or a structure id; never
    the address itself, a code, a device id or a name."""

    __tablename__ = "hub_attempt"
    __table_args__ = (Index("ix_hub_attempt_bucket_at", "bucket", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    bucket: str = Field(max_length=80)
    at: datetime = Field(index=True)  # from the hub's clock


class HubSetting(HubModel, table=True):
    """A hub-wide setting shared by every hub process on the database (e.g. the limiter's hashing key)."""

    __tablename__ = "hub_setting"

    name: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)


class HubErased(HubModel, table=True):
    """The registry of erased records (RGPD, SYNC.md guarantee 14): ids only, never content. Every later op
    about one of them, or creating a record that points at one, is dropped (hub.effacement)."""

    __tablename__ = "hub_erased"

    table_name: str = Field(primary_key=True, max_length=64)
    row_id: str = Field(primary_key=True, max_length=36)
    structure_id: str = Field(foreign_key="hub_structure.id", max_length=36, index=True)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))  # the hub sequence of the erasure


class _CodeLink(HubModel):
    """What an enrolment code carries besides itself: one row per code, keyed by the code's hash."""

    code_hash: str = Field(primary_key=True, max_length=64)


class HubCodeUser(_CodeLink, table=True):
    """The existing user an enrolment code was made for (``enroll-code --user-id``)."""

    __tablename__ = "hub_code_user"

    user_id: str = Field(max_length=36, sa_type=String(36))


class HubDeviceUser(HubModel, table=True):
    """The user a device was enrolled for (see :mod:`hub.auth`)."""

    __tablename__ = "hub_device_user"

    device_id: str = Field(primary_key=True, max_length=36, sa_type=String(36))
    user_id: str = Field(index=True, max_length=36, sa_type=String(36))


class HubCodeKey(_CodeLink, table=True):
    """The enrolment key of the device that spent a code (hashed): only it may spend the code again."""

    __tablename__ = "hub_code_key"

    key_hash: str = Field(max_length=64)


class HubCodeScope(_CodeLink, table=True):
    """The Parrain record an enrolment code (hence the device that spends it) is limited to (:mod:`hub.scope`)."""

    __tablename__ = "hub_code_scope"

    parrain_id: str = Field(max_length=36, sa_type=String(36))


class HubScopeSent(HubModel, table=True):
    """What a scoped device holds: every record sent to it, and whether it was erased after leaving its scope."""

    __tablename__ = "hub_scope_sent"

    device_id: str = Field(primary_key=True, max_length=36, sa_type=String(36))
    table_name: str = Field(primary_key=True, max_length=64, sa_type=String(64))
    row_id: str = Field(primary_key=True, max_length=36, sa_type=String(36))
    erased: bool = False
    clock: str | None = Field(default=None, max_length=64, sa_type=String(64))  # the erasure's clock


class HubMessage(HubModel, table=True):
    """The sender's queue of rendez-vous messages (:mod:`hub.rappels`): ids, kind, state and schedule only —
    the text and the address are made from the replicated records at the moment of sending.

    ``id`` is the message's id (:func:`desktop_app.domain.rappels.message_id`): a message exists once, whichever
    hub process or restart made it. ``statut``: en_attente (due at ``prochain_essai``), pris (claimed by
    ``bail_par`` until ``bail_jusqu_a``), envoi (handed to the provider), envoye, echec (final), refuse."""

    __tablename__ = "hub_message"
    __table_args__ = (Index("ix_hub_message_statut_prochain", "statut", "prochain_essai"),)

    id: str = Field(primary_key=True, max_length=36, sa_type=String(36))
    structure_id: str = Field(foreign_key="hub_structure.id", index=True, max_length=36)
    rendez_vous_id: str = Field(index=True, max_length=36, sa_type=String(36))
    jeune_id: str = Field(max_length=36, sa_type=String(36))
    type: str = Field(max_length=16, sa_type=String(16))
    canal: str = Field(max_length=8, sa_type=String(8))
    version: str = Field(default="", max_length=16, sa_type=String(16))  # day/time/place fingerprint
    statut: str = Field(default="en_attente", max_length=16, sa_type=String(16))
    tentatives: int = 0
    prochain_essai: datetime
    bail_par: str | None = Field(default=None, max_length=64, sa_type=String(64))
    bail_jusqu_a: datetime | None = None
    raison: str | None = Field(default=None, max_length=300, sa_type=String(300))
    cree_le: datetime
    envoye_le: datetime | None = None


TABLES = [m.__table__ for m in (HubStructure, HubDevice, HubEnrollCode, HubToken, HubRecord, HubConflict,
                                HubAttempt, HubSetting, HubErased, HubCodeUser, HubDeviceUser, HubCodeKey,
                                HubCodeScope, HubScopeSent, HubMessage)]  # type: ignore[attr-defined]


class HubSnapshot(HubModel, table=True):
    """A structure's snapshot kept ready (:mod:`hub.snapshot`): the gzip bytes of a whole snapshot of
    ``format`` up to ``cursor``, served as they are to the next fresh devices (no record read or packed again),
    who then pull the pages from ``cursor``. Deleted with any erasure of the structure (nothing erased is kept
    here) and never served when an erasure is newer than its cursor."""

    __tablename__ = "hub_snapshot"

    structure_id: str = Field(primary_key=True, foreign_key="hub_structure.id", max_length=36,
                              sa_type=String(36))
    format: int = Field(primary_key=True)
    cursor: int = Field(sa_column=Column(BigInteger, nullable=False))
    records: int = Field(sa_column=Column(BigInteger, nullable=False))
    built_at: datetime
    data: bytes = Field(sa_type=LargeBinary)


class HubImage(HubModel, table=True):
    """A structure's restore image (:mod:`hub.image`): the database a fresh device would hold after restoring the
    structure's snapshot up to ``cursor`` — built once on the hub with the device's own code at client schema
    ``schema`` (derived structures and indexes included), encrypted with ``cle`` (a random key, handed to the
    device with the image, which re-encrypts what it copies under its own). Served to the fresh devices of that
    schema; deleted with any erasure of the structure and never served when an erasure is newer than ``cursor``."""

    __tablename__ = "hub_image"

    structure_id: str = Field(primary_key=True, foreign_key="hub_structure.id", max_length=36,
                              sa_type=String(36))
    schema_version: str = Field(primary_key=True, max_length=32, sa_type=String(32))
    cursor: int = Field(sa_column=Column(BigInteger, nullable=False))
    records: int = Field(sa_column=Column(BigInteger, nullable=False))
    built_at: datetime
    cle: str = Field(max_length=64, sa_type=String(64))
    data: bytes = Field(sa_type=LargeBinary)

