"""The profile's database key: a random 256-bit key kept in the OS keyring, or derived from a passphrase.

Never written to a plain file. What the profile file holds is only a *check value* (an HMAC of a constant
under the key) that tells a wrong passphrase from a damaged database.
"""
from __future__ import annotations

import hashlib
import hmac
import importlib
import importlib.util
import secrets
import sys
import threading
import types
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


def trousseau():
    """The ``keyring`` module, imported without what it never uses to read a key.

    ``keyring.backend`` imports ``jaraco.context``, which imports ``urllib.request`` at its top for one helper
    that downloads tarballs: with it come ``http.client``, ``ssl``, ``email`` — some 40 ms of CPU on the database
    thread at start-up, while the window is being built on the other. Imported here, ``urllib.request`` stands
    as a :class:`_ModuleDiffere` until one of its names is read: then the real module is imported and used.
    So do ``subprocess`` (``jaraco.context``'s, for running commands), ``more_itertools`` (``jaraco.functools``'s, read in functions only) and ``importlib_metadata`` (read
    only to look for backends when none is named)."""
    if "keyring" not in sys.modules:
        for name in _DIFFERES:
            differer_import(name)
    import keyring

    return keyring


_keyring = trousseau

# Imported at the top of keyring's modules, never read there at import time (keyring 25, jaraco.context 6,
# jaraco.functools 4): each stands deferred (tests/profil/test_keys.py checks that none is loaded by a key's read).
_DIFFERES = ("urllib.request", "subprocess", "more_itertools", "importlib_metadata")


class _ModuleDiffere(types.ModuleType):
    """A standard module not imported yet: its first name read imports it (see :func:`differer_import`)."""

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # the import system's own questions (__path__, __getattr__…)
        return getattr(_module_reel(self), name)

    def __dir__(self):
        return dir(_module_reel(self))


_verrou_differe = threading.RLock()


def differer_import(name: str) -> None:
    """Put a :class:`_ModuleDiffere` for the stdlib module ``name`` in ``sys.modules`` (nothing when it is
    imported already or cannot be found). ``import name`` then costs nothing; its first use imports it."""
    with _verrou_differe:
        if name in sys.modules:
            return
        spec = importlib.util.find_spec(name)
        if spec is None:
            return
        module = _ModuleDiffere(name)
        module.__spec__ = spec
        module.__loader__ = spec.loader
        module.__file__ = spec.origin  # the Qt binding's import hook reads it (views/kit/import_qt.py)
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


def _module_reel(differe: _ModuleDiffere) -> types.ModuleType:
    name = differe.__name__
    with _verrou_differe:
        real = differe.__dict__.get("_reel")
        if real is not None:
            return real
        if sys.modules.get(name) is differe:
            del sys.modules[name]
            try:
                real = importlib.import_module(name)
            except BaseException:
                sys.modules[name] = differe
                raise
        else:
            real = importlib.import_module(name)
        parent, _, child = name.rpartition(".")
        if parent and getattr(sys.modules.get(parent), child, None) is differe:
            setattr(sys.modules[parent], child, real)
        differe.__dict__["_reel"] = real
        return real


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


def load_key(profile_id: str, trousseau_connu: str | None = None) -> bytes | None:
    """The profile's key, else None. ``trousseau_connu``: the backend that held it last time
    (:func:`trousseau_de`), asked first and alone."""
    return charger_cle(profile_id, trousseau_connu)[0]


def charger_cle(profile_id: str, trousseau_connu: str | None = None) -> tuple[bytes | None, str | None]:
    """(the profile's key or None, the name of the backend holding it, to remember for the next opening).

    Finding the backend costs more than reading the key: keyring imports and asks every backend it knows (on
    Linux the macOS one too, which looks for its library through ``ldconfig``: ~165 ms here, for a key read in
    1 ms). The backend named by ``trousseau_connu`` is imported alone when it is a real keyring backend of
    this machine (nothing named by ``PYTHON_KEYRING_BACKEND`` or keyring's configuration file, which decide
    first, as keyring does); a name that is not, or a backend without the key, falls back to keyring's search."""
    user = _username(profile_id)
    connu = _backend_nomme(trousseau_connu)
    if connu is not None:
        try:
            value = connu.get_password(KEYRING_SERVICE, user)
        except Exception:
            value = None
        if value:
            return bytes.fromhex(value), trousseau_connu
    try:
        backend = _keyring().get_keyring()
        value = backend.get_password(KEYRING_SERVICE, user)
    except Exception:
        return None, None
    if not value:
        return None, None
    if getattr(backend, "backends", None) is None:  # one backend, not a chain: it holds the key
        return bytes.fromhex(value), nom_backend(backend) if _secure(backend) else None
    return bytes.fromhex(value), trousseau_de(profile_id)


def trousseau_de(profile_id: str) -> str | None:
    """The name of the secure backend holding the profile's key (None when none does)."""
    try:
        backend = _keyring().get_keyring()
    except Exception:
        return None
    for b in getattr(backend, "backends", None) or [backend]:
        try:
            if _secure(b) and b.get_password(KEYRING_SERVICE, _username(profile_id)):
                return nom_backend(b)
        except Exception:
            continue
    return None


def nom_backend(backend) -> str:
    return type(backend).__module__ + "." + type(backend).__name__


def _backend_nomme(name: str | None):
    """The backend ``name`` (``keyring.backends.X.Class``), imported alone, when keyring would not be told
    otherwise and it is a secure backend usable here; else None."""
    import os

    if not name or not name.startswith("keyring.backends.") or name.startswith(_INSECURE_PREFIXES):
        return None
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return None
    kr = _keyring()
    try:
        from keyring.util import platform_

        if os.path.exists(os.path.join(platform_.config_root(), "keyringrc.cfg")):
            return None  # the user chose in keyring's own configuration
        backend = kr.core.load_keyring(name)  # its priority is read: raises where it cannot work
    except Exception:
        return None
    return backend if _secure(backend) and nom_backend(backend) == name else None


def forget_key(profile_id: str) -> None:
    try:
        _keyring().delete_password(KEYRING_SERVICE, _username(profile_id))
    except Exception:
        pass
