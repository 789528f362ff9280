"""Password hashing with Argon2id (memory-hard), parameters from RFC 9106's second choice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class LockoutPolicy:
    """Failed logins allowed per username within the window before logins are refused."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    # 64 MiB memory, 3 passes, 4 lanes: RFC 9106 section 4, "second recommended option".
    return PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Verified against when the user is unknown, so timing does not reveal which names exist."""
    return hash_password("not-a-real-password-0000")
