"""The profile's database key: a random 256-bit key kept in the OS keyring, or derived from a passphrase.

Never written to a plain file. What the profile file holds is only a *check value* (an HMAC of a constant
under the key) that tells a wrong passphrase from a damaged database.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEYRING_SERVICE = "Passerelle"
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters (memory in KiB). Defaults take about a quarter of a second on a laptop."""

    salt: bytes
    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 2

    def as_dict(self) -> dict:
        return {"algorithm": "argon2id", "salt": self.salt.hex(), "time_cost": self.time_cost,
                "memory_cost": self.memory_cost, "parallelism": self.parallelism}

    @classmethod
    def from_dict(cls, data: dict) -> KdfParams:
        return cls(bytes.fromhex(data["salt"]), int(data["time_cost"]), int(data["memory_cost"]),
                   int(data["parallelism"]))

    @classmethod
    def new(cls) -> KdfParams:
        return cls(secrets.token_bytes(16))


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(passphrase.encode("utf-8"), params.salt, time_cost=params.time_cost,
                           memory_cost=params.memory_cost, parallelism=params.parallelism,
                           hash_len=KEY_BYTES, type=Type.ID)


def key_check(key: bytes) -> str:
    return hmac.new(key, b"passerelle/key-check/v1", hashlib.sha256).hexdigest()[:32]


def key_matches(key: bytes, check: str) -> bool:
    return hmac.compare_digest(key_check(key), check)


def _keyring():
    import keyring

    return keyring


def keyring_available() -> bool:
    """True when a usable keyring backend exists (not the 'fail' backend of headless machines)."""
    try:
        kr = _keyring()
        backend = kr.get_keyring()
    except Exception:  # a broken backend configuration is "no keyring", not a crash
        return False
    candidates = getattr(backend, "backends", None)
    if candidates is None:  # a single backend rather than a chain
        candidates = [backend]
    return any(_secure(b) for b in candidates)


# Backends that keep secrets in a file of the user's home (plain or behind a password of their own):
# the key would then sit in a plain file, which ARCHITECTURE.md forbids. Such a machine uses a passphrase.
_INSECURE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _secure(backend) -> bool:
    name = type(backend).__module__ + "." + type(backend).__name__
    if name.startswith(_INSECURE_PREFIXES):
        return False
    try:
        return float(getattr(backend, "priority", 1)) > 0
    except Exception:
        return False


def _username(profile_id: str) -> str:
    return f"profil-{profile_id}"


def store_key(profile_id: str, key: bytes) -> None:
    _keyring().set_password(KEYRING_SERVICE, _username(profile_id), key.hex())


def load_key(profile_id: str) -> bytes | None:
    try:
        value = _keyring().get_password(KEYRING_SERVICE, _username(profile_id))
    except Exception:
        return None
    return bytes.fromhex(value) if value else None


def forget_key(profile_id: str) -> None:
    try:
        _keyring().delete_password(KEYRING_SERVICE, _username(profile_id))
    except Exception:
        pass
