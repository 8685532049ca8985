"""Passwords people choose: one policy, checked by the core use cases that set them, and argon2id hashes, slow on
purpose, verified only at login (never per API request)."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import FieldError, Reason

MIN_PASSWORD_LENGTH = 8
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password123",
        "passw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "qwerty123",
        "abc12345",
        "abcd1234",
        "iloveyou1",
        "welcome1",
        "letmein1",
        "admin123",
    }
)

_hasher = PasswordHasher()


@dataclass(frozen=True, kw_only=True)
class PasswordPolicy:
    """What a chosen password must be: at least MIN_PASSWORD_LENGTH characters, and where a dialect asks (a flag),
    with a digit and an uppercase letter and not one of the most common ones."""

    require_digit: bool = False
    require_uppercase: bool = False
    refuse_common: bool = False


# Staff accounts (web app, SSO): length only.
STAFF = PasswordPolicy()
# CareCloud's customers: a digit, an uppercase letter, nothing common.
STRONG = PasswordPolicy(require_digit=True, require_uppercase=True, refuse_common=True)


def problem(password: str, policy: PasswordPolicy, field: str = "password") -> FieldError | None:
    """Why `password` breaks `policy` (naming `field`), or None."""
    missing = []
    if len(password) < MIN_PASSWORD_LENGTH:
        missing.append(f"at least {MIN_PASSWORD_LENGTH} characters")
    if policy.require_digit and not any("0" <= c <= "9" for c in password):  # ASCII: "³" is no digit
        missing.append("a number")
    if policy.require_uppercase and not any(c.isupper() for c in password):
        missing.append("an uppercase letter")
    if missing:
        # A length-only policy says so plainly; one with more rules lists what is missing.
        if policy.require_digit or policy.require_uppercase:
            message = f"{field} must contain " + ", ".join(missing)
        else:
            message = f"{field} must be at least {MIN_PASSWORD_LENGTH} characters"
        return FieldError(field, Reason.INVALID_FORMAT, message)
    if policy.refuse_common and password.lower() in COMMON_PASSWORDS:
        return FieldError(field, Reason.INVALID_FORMAT, f"{field} is too common")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
