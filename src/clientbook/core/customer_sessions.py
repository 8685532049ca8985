"""Client self-service sessions: a device token an app opens, which a client then logs in to and out of
(CareCloud customer interface). Client passwords are chosen by people: argon2id, checked at login only."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import ApiToken, Client, utcnow
from clientbook.store.repositories.device_tokens import DeviceTokenRepository

from . import client_search, passwords
from .client_search import ClientFilter
from .errors import FieldError, LoginFailed, Reason, ValidationFailed
from .types import Tenant

SUBJECT = "client"
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
        "Password1",
        "Password123",
    }
)
# Verified when nobody matches, so an unknown login costs as long as a wrong password.
_DUMMY_HASH = passwords.hash_password("clientbook-no-such-client")


def check_password(password: str, field: str = "password") -> None:
    """At least 8 characters with a digit and an uppercase letter, not a common password (CareCloud's rules)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"at least {MIN_PASSWORD_LENGTH} characters")
    if not any("0" <= c <= "9" for c in password):
        problems.append("a number")
    if not any(c.isupper() for c in password):
        problems.append("an uppercase letter")
    if problems or password.lower() in {p.lower() for p in COMMON_PASSWORDS}:
        message = f"{field} must contain " + ", ".join(problems) if problems else f"{field} is too common"
        raise ValidationFailed([FieldError(field, Reason.INVALID_FORMAT, message)])


def hash_password(password: str) -> str:
    return passwords.hash_password(password)


async def revoke_device(session: AsyncSession, business_id: int, realm: str, device_key: str) -> int:
    """Revoke the live tokens earlier opened for the same device and application."""
    return await DeviceTokenRepository(session).revoke_device(business_id, realm, device_key, utcnow())


async def find_client(session: AsyncSession, tenant: Tenant, login_type: str, value: str) -> Client | None:
    if login_type == "email":
        found = await client_search.search(session, tenant, ClientFilter(emails=[value]), limit=2)
    elif login_type == "phone":
        phone = value.strip()
        phone = phone if phone.startswith("+") else "+" + phone
        found = await client_search.search(session, tenant, ClientFilter(phone=phone), limit=2)
    else:
        raise ValidationFailed.single("login_type", Reason.NOT_ALLOWED, f"login_type {login_type} is not supported")
    with_password = [c for c in found if c.password_hash]
    return with_password[0] if len(with_password) == 1 else None


async def login(
    session: AsyncSession, tenant: Tenant, token: ApiToken, login_type: str, value: str, password: str
) -> Client:
    """Bind the device token to the client whose login and password these are."""
    client = await find_client(session, tenant, login_type, value)
    if client is None:
        passwords.verify_password(password, _DUMMY_HASH)
        raise LoginFailed("Invalid login or password")
    if not passwords.verify_password(password, client.password_hash):
        raise LoginFailed("Invalid login or password")
    bind(token, client.id)
    await session.flush()
    return client


def bind(token: ApiToken, client_id: int) -> None:
    token.subject_type = SUBJECT
    token.subject_id = client_id
    token.last_used_at = utcnow()


async def logout(session: AsyncSession, token: ApiToken) -> None:
    token.subject_type = None
    token.subject_id = None
    await session.flush()
