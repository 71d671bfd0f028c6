"""Wire format of the sync protocol (pydantic v2), shared by the client and the hub.

Every request carries the protocol and schema versions (headers ``X-Passerelle-Protocol`` and
``X-Passerelle-Schema``, repeated in push bodies). Bodies are JSON, gzip-compressed both ways. Values are
JSON-friendly: dates and datetimes as ISO 8601 text, everything else as JSON scalars (or JSON for JSON
columns). Nothing here imports the database layer: the hub uses this module alone.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_serializer

from desktop_app.sync.hlc import MAX_DRIFT_MS as MAX_CLOCK_DRIFT_MS  # noqa: F401  (the hub's limit too)

PROTOCOL_VERSION = 1
# Version of the synced data model; bumped on every (additive) change of the synced tables.
SCHEMA_VERSION = 1
MIN_PROTOCOL_VERSION = 1
MIN_SCHEMA_VERSION = 1

PROTOCOL_HEADER = "X-Passerelle-Protocol"
SCHEMA_HEADER = "X-Passerelle-Schema"
# Every hub answer (errors too) carries the hub's time, in ms since the epoch: devices follow it.
HUB_TIME_HEADER = "X-Passerelle-Heure"

MAX_BATCH_OPS = 1000
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 1000
MAX_BODY_BYTES = 8 * 1024 * 1024  # compressed or not, as received
MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_TEXT_VALUE = 100_000
# Every integer of a request (counters, cursors, versions) fits the databases' signed 64-bit integers.
MAX_INT = 2**63 - 1
WireInt = Annotated[int, Field(ge=0, le=MAX_INT)]

# Pseudo-table carrying conflict resolutions (row id = conflict id, field "resolution").
CONFLICT_TABLE = "_conflict"
# Pseudo-table carrying RGPD erasures (row id = the erased record, field "table"): desktop_app.sync.effacement.
ERASURE_TABLE = "_erasure"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]{0,63}$")]
RowId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z-]{1,36}$")]
DeviceId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z-]{1,36}$")]
Clock = Annotated[str, StringConstraints(pattern=r"^\d{13}\.\d{4,}\.[0-9A-Za-z-]{1,36}$", max_length=64)]

_STRICT = ConfigDict(extra="forbid")


class Op(BaseModel):
    """One change of one record by one device: the values and clocks of the fields it set."""

    model_config = _STRICT

    device: DeviceId
    counter: int = Field(ge=1, le=MAX_INT)
    table: Identifier | Annotated[str, StringConstraints(pattern=f"^{CONFLICT_TABLE}$")]
    row_id: RowId
    fields: dict[Identifier, Any] = Field(min_length=1, max_length=200)
    clocks: dict[Identifier, Clock] = Field(min_length=1, max_length=200)


class PushRequest(BaseModel):
    model_config = _STRICT

    protocol: WireInt
    schema_version: WireInt
    # The highest hub sequence this device has applied: tells a concurrent edit from a later one.
    seen: WireInt
    ops: list[Op] = Field(max_length=MAX_BATCH_OPS)


class Rejection(BaseModel):
    counter: int
    code: str
    reason: str  # French, shown to the user


class Dropped(BaseModel):
    """An op the hub dropped because its record was erased (RGPD): never stored, never quarantined; the
    device erases the record locally (desktop_app.sync.effacement)."""

    counter: int
    table: str
    row_id: str
    # False: the hub never held this record (a creation linked to an erased one): the device deletes its copy.
    known: bool = True


class PushResponse(BaseModel):
    acknowledged: int  # every op of the batch up to this counter is settled (applied, duplicate or rejected)
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: list[Rejection] = Field(default_factory=list)
    dropped: list[Dropped] = Field(default_factory=list)  # absent from a hub made before it


class Change(BaseModel):
    """The fields of one record that changed after the cursor, with their clocks."""

    seq: int
    table: str
    row_id: str
    fields: dict[str, Any]
    clocks: dict[str, str]


class ConflictInfo(BaseModel):
    """A same-field concurrent edit: the value kept and the value set aside, with who and when."""

    id: str
    seq: int
    table: str
    row_id: str
    field: str
    kept_value: Any
    kept_clock: str
    lost_value: Any
    lost_clock: str
    resolution: str | None = None  # None, "kept" or "lost"
    resolution_clock: str | None = None


class PullPage(BaseModel):
    changes: list[Change]
    conflicts: list[ConflictInfo] = Field(default_factory=list)
    next: int  # the cursor to save with this page
    more: bool


# The hub's own clock node (changes made on the hub by its administrator: ``passerelle-hub user …``).
HUB_NODE = "hub"


CODE_MIN, CODE_MAX = 6, 64


def enrolment_code(code: str) -> str:
    """The code as typed, trimmed; a French error before any request when it cannot be an enrolment code."""
    from desktop_app.domain.errors import UserError

    code = code.strip()
    if not CODE_MIN <= len(code) <= CODE_MAX:
        raise UserError(f"Code d'inscription invalide « {code} » : recopiez le code donné par l'administrateur du "
                        f"serveur (« passerelle-hub enroll-code »), de {CODE_MIN} à {CODE_MAX} caractères.")
    return code


class EnrollRequest(BaseModel):
    model_config = _STRICT

    code: Annotated[str, StringConstraints(min_length=CODE_MIN, max_length=CODE_MAX)]
    device_id: DeviceId
    device_name: Annotated[str, StringConstraints(max_length=200)] = ""
    # A secret the device draws once and sends with every attempt to spend a code: if the hub spent the code
    # but its answer was lost, the same device retrying with the same key gets its credential again; anyone
    # else (even knowing the device id, which travels in every clock) gets « code déjà utilisé ». Optional:
    # devices made before it spend their code by device id alone. (A hub made before it refuses the unknown
    # field: the device then retries without it.)
    enrol_key: Annotated[str, StringConstraints(min_length=20, max_length=200)] | None = None

    @model_serializer(mode="wrap")
    def _omit_absent_key(self, handler):
        data = handler(self)
        if data.get("enrol_key") is None:  # absent rather than null: what a hub made before the key accepts
            data.pop("enrol_key", None)
        return data


class EnrollResponse(BaseModel):
    device_id: str
    credential: str
    structure_id: str
    structure_nom: str
    user: str
    role: str
    # The hub's user record this device was enrolled for (``enroll-code --user-id``); None when the code named
    # a new user (the device's own profile user becomes it) or from a hub made before this field.
    user_id: str | None = None


class TokenRequest(BaseModel):
    model_config = _STRICT

    device_id: DeviceId
    credential: Annotated[str, StringConstraints(min_length=20, max_length=200)]


class TokenResponse(BaseModel):
    access_token: str
    expires_in: int


class ErrorBody(BaseModel):
    """Every refusal: a stable code, a French sentence, and whether the client must lock and wipe."""

    code: str
    detail: str
    wipe: bool = False
    acknowledged: int | None = None


class LightChange:
    """A :class:`Change` parsed without pydantic (a first restore brings 100k+ of them)."""

    __slots__ = ("seq", "table", "row_id", "fields", "clocks")

    def __init__(self, data: dict) -> None:
        self.seq, self.table, self.row_id = data["seq"], data["table"], data["row_id"]
        self.fields, self.clocks = data["fields"], data["clocks"]
        if (not isinstance(self.fields, dict) or not isinstance(self.clocks, dict)
                or self.fields.keys() != self.clocks.keys() or not isinstance(self.table, str)
                or not isinstance(self.row_id, str) or not isinstance(self.seq, int)):
            raise ValueError("changement mal formé")


def parse_pull_page(raw: bytes | str) -> PullPage:
    """A pull page from its JSON: structural checks on each change, full validation of the rest."""
    try:
        data = json.loads(raw)
        changes = [LightChange(c) for c in data["changes"]]
        conflicts = [ConflictInfo.model_validate(c) for c in data["conflicts"]]
        return PullPage.model_construct(changes=changes, conflicts=conflicts, next=int(data["next"]),
                                        more=bool(data["more"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"page de réception illisible ({exc.__class__.__name__})") from None


# --- values -------------------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_wire(value: Any) -> Any:
    """A column value as JSON: dates and datetimes as ISO text."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def encode_body(model: BaseModel) -> bytes:
    return gzip.compress(model.model_dump_json().encode("utf-8"), compresslevel=6)


class InflatedTooLarge(ValueError):
    """A gzip body that inflates beyond the limit (a « gzip bomb »): not a corrupt one."""


def inflate(body: bytes, *, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """Decompress a gzip body, refusing bombs larger than ``limit`` (:class:`InflatedTooLarge`; any other
    ``ValueError``/``zlib.error``: the body is corrupt)."""
    d = __import__("zlib").decompressobj(16 + 15)
    out = d.decompress(body, limit + 1)
    if len(out) > limit or d.unconsumed_tail:
        raise InflatedTooLarge("corps décompressé trop volumineux")
    if not d.eof:
        raise ValueError("flux gzip incomplet")
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
