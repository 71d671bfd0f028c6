"""Login passwords: argon2id hashes (argon2-cffi), tuned so that one verification takes 100–500 ms.

The hash is a PHC string (algorithm, parameters and salt inside it): raising the parameters later only makes
:func:`needs_rehash` true for old hashes, which the login then replaces. Measured in bench/bench_securite.py.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TIME_COST = 3
MEMORY_KIB = 64 * 1024
PARALLELISM = 2
MIN_LENGTH = 8

_hasher = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; False for a mismatch, a missing or a damaged hash (never raises)."""
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def password_problem(password: str) -> str | None:
    """A French sentence when ``password`` is too weak to be set, else None."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères."
    if password.strip() != password:
        return "Le mot de passe ne doit pas commencer ni finir par une espace."
    return None
