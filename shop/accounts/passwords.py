"""Password hashing with argon2id (argon2-cffi) and the rules a new password must meet."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import AccountError

__all__ = ["MAX_PASSWORD_LENGTH", "PasswordHashing", "check_new_password"]

#: Longer passwords are refused (hashing megabytes on request would be a denial of service).
MAX_PASSWORD_LENGTH = 1024


def check_new_password(password: str, min_length: int) -> str:
    """``password`` if it is long enough and not blank; :class:`AccountError` otherwise."""
    if len(password) < min_length:
        raise AccountError(f"a password needs at least {min_length} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"a password has at most {MAX_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise AccountError("a password cannot be only spaces")
    return password


class PasswordHashing:
    """argon2id hashes with argon2-cffi's parameters (RFC 9106's low-memory profile).

    ``verify`` also says when a hash was made with other parameters, so the caller can
    store a new one after a successful sign-in. ``burn`` does the work of one verification
    for a user who does not exist, so that answering takes about as long either way.
    """

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    def hash(self, password: str) -> str:
        """A new salted hash of ``password``."""
        return self._hasher.hash(password)

    def verify(self, stored_hash: str, password: str) -> tuple[bool, bool]:
        """``(matches, needs_rehash)``; a malformed stored hash never matches."""
        try:
            self._hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False, False
        return True, self._hasher.check_needs_rehash(stored_hash)

    def burn(self, password: str) -> None:
        """Verify ``password`` against a throw-away hash (constant-ish work for unknown users)."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        self.verify(self._dummy_hash, password)
