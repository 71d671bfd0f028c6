"""Rate limits on the hub's secrets: enrolment codes (``POST /v1/enroll``) and device credentials
(``POST /v1/token``).

Only *failures* count (unknown, spent or expired code; wrong credential; revoked device): a device that
succeeds is never slowed down. Each failure counts against two buckets, per kind (enrolment, token):

* **its client address** — ``PASSERELLE_HUB_ESSAIS_ADRESSE`` failures (default 10) within the window block that
  address, for every attempt of that kind, good or bad, until enough failures are older than the window. A
  device of another address is not concerned. IPv6 addresses count by /64 network (what one subscriber gets).
* **the structure it aimed at** — ``PASSERELLE_HUB_ESSAIS_STRUCTURE`` failures (default 30) within the window
  block that structure's attempts from every address (a structure under attack from many addresses): the
  structure of the device named in a token request, the structure of a code that exists but is spent or
  expired. An unknown code names no structure: it counts against its address only (a code has 72 random bits,
  a credential 256: guessing is hopeless; the limits keep noise and log floods down).

The window is ``PASSERELLE_HUB_ESSAIS_FENETRE`` minutes (default 10); a limit of 0 turns that bucket off. A
refused attempt answers 429 with ``Retry-After`` (seconds) and « Trop d'essais infructueux : réessayez dans N
minutes. »; refused attempts do not count (an attacker who keeps trying adds no rows and no longer block).

Failures are rows of ``hub_attempt`` in the hub's database, so every hub process sharing the database shares
the counts; rows older than the window are deleted as new failures come. A bucket holds no personal data: an
address is stored as a keyed hash (HMAC-SHA-256, truncated) whose key is drawn once per hub database
(``hub_setting``), a structure by its id. Check-then-count is not atomic: concurrent attempts may let a few
more failures through than the limit, which is harmless for limits of this size. Time comes from the hub's own
clock (:func:`desktop_app.domain.ids.utcnow`; :attr:`Limiter.clock` for tests).

Behind a reverse proxy, the client address is the proxy's unless uvicorn trusts its ``X-Forwarded-For``
(``--forwarded-allow-ips`` / ``FORWARDED_ALLOW_IPS``): otherwise every device shares one address bucket.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from desktop_app.domain.ids import utcnow
from hub.errors import HubError
from hub.models import HubAttempt, HubDevice, HubEnrollCode, HubSetting

ENROLL, TOKEN = "enroll", "token"
# Refusals that count as a failed try of a secret (not: malformed requests, versions, rate limits).
COUNTED_STATUS = frozenset({401, 403, 409})

ADDRESS_ENV = "PASSERELLE_HUB_ESSAIS_ADRESSE"
STRUCTURE_ENV = "PASSERELLE_HUB_ESSAIS_STRUCTURE"
WINDOW_ENV = "PASSERELLE_HUB_ESSAIS_FENETRE"

A = HubAttempt.__table__  # type: ignore[attr-defined]
SET = HubSetting.__table__  # type: ignore[attr-defined]
D = HubDevice.__table__  # type: ignore[attr-defined]
C = HubEnrollCode.__table__  # type: ignore[attr-defined]
_KEY_NAME = "limites_cle"


@dataclass(frozen=True)
class Limits:
    per_address: int = 10
    per_structure: int = 30
    window: timedelta = timedelta(minutes=10)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        env = os.environ if env is None else env
        default = cls()

        def number(name: str, fallback: int) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return fallback
            if not raw.isdigit() or len(raw) > 9:
                raise ValueError(f"{name} : nombre entier positif attendu, pas « {raw} ».")
            return int(raw)

        minutes = number(WINDOW_ENV, int(default.window.total_seconds() // 60))
        if minutes < 1:
            raise ValueError(f"{WINDOW_ENV} : au moins une minute.")
        return cls(number(ADDRESS_ENV, default.per_address), number(STRUCTURE_ENV, default.per_structure),
                   timedelta(minutes=minutes))


class TooManyAttempts(HubError):
    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(429, "trop_d_essais", f"Trop d'essais infructueux : réessayez dans {minutes} "
                         f"minute{'s' if minutes > 1 else ''}.")
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def network_of(host: str | None) -> str:
    """The address an attempt counts against: an IPv4 address, an IPv6 /64 network, or the text as given."""
    if not host:
        return "inconnue"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:200]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class Limiter:
    """Counts failed attempts in the hub's database and refuses attempts of blocked buckets."""

    def __init__(self, engine: Engine, limits: Limits | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.engine, self.limits, self.clock = engine, limits or Limits.from_env(), clock
        self._keys: WeakKeyDictionary = WeakKeyDictionary()

    # --- buckets --------------------------------------------------------------------------------

    def _key(self) -> bytes:
        key = self._keys.get(self.engine)
        if key is None:
            with self.engine.connect() as conn:
                value = conn.execute(select(SET.c.value).where(SET.c.name == _KEY_NAME)).scalar()
            if value is None:
                try:
                    with self.engine.begin() as conn:
                        value = secrets.token_hex(32)
                        conn.execute(insert(SET).values(name=_KEY_NAME, value=value))
                except IntegrityError:  # another hub process drew it first
                    with self.engine.connect() as conn:
                        value = conn.execute(select(SET.c.value).where(SET.c.name == _KEY_NAME)).scalar_one()
            key = self._keys[self.engine] = bytes.fromhex(value)
        return key

    def buckets(self, kind: str, address: str | None, structure_id: str | None) -> list[tuple[str, int]]:
        """(bucket, limit) pairs an attempt counts against (limits of 0: not counted)."""
        digest = hmac.new(self._key(), network_of(address).encode("utf-8"), hashlib.sha256).hexdigest()[:32]
        pairs = [(f"{kind}:a:{digest}", self.limits.per_address)]
        if structure_id:
            pairs.append((f"{kind}:s:{structure_id}", self.limits.per_structure))
        return [(b, n) for b, n in pairs if n > 0]

    # --- checks -----------------------------------------------------------------------------------

    def check(self, kind: str, address: str | None, structure_id: str | None = None) -> None:
        """Raise :class:`TooManyAttempts` when one of the attempt's buckets is full."""
        now = _utc(self.clock())
        since = now - self.limits.window
        wait = 0.0
        with self.engine.connect() as conn:
            for bucket, limit in self.buckets(kind, address, structure_id):
                times = conn.execute(select(A.c.at).where(A.c.bucket == bucket, A.c.at > since)
                                     .order_by(A.c.at)).scalars().all()
                if len(times) >= limit:  # free again when all but limit-1 failures are out of the window
                    free_at = _utc(times[len(times) - limit]) + self.limits.window
                    wait = max(wait, (free_at - now).total_seconds())
        if wait > 0:
            raise TooManyAttempts(max(1, math.ceil(wait)))

    def failed(self, kind: str, address: str | None, structure_id: str | None = None) -> None:
        now = _utc(self.clock())
        rows = [{"bucket": bucket, "at": now} for bucket, _limit in self.buckets(kind, address, structure_id)]
        with self.engine.begin() as conn:
            conn.execute(delete(A).where(A.c.at <= now - self.limits.window))
            if rows:
                conn.execute(insert(A), rows)

    @contextmanager
    def attempt(self, kind: str, address: str | None, structure_id: str | None = None) -> Iterator[None]:
        """Check the buckets, run the attempt, count it if it fails as a wrong secret."""
        self.check(kind, address, structure_id)
        try:
            yield
        except HubError as exc:
            if exc.status in COUNTED_STATUS:
                self.failed(kind, address, structure_id)
            raise


# --- what an attempt aims at (public facts only, looked up before the secret is checked) -------------

def code_structure(engine: Engine, code: str) -> str | None:
    """The structure of an enrolment code that exists (None: unknown code)."""
    from hub.auth import _hash

    with engine.connect() as conn:
        return conn.execute(select(C.c.structure_id).where(C.c.code_hash == _hash(code.strip().upper()))).scalar()


def device_structure(engine: Engine, device_id: str) -> str | None:
    """The structure of an enrolled device (None: unknown device)."""
    with engine.connect() as conn:
        return conn.execute(select(D.c.structure_id).where(D.c.id == device_id)).scalar()
