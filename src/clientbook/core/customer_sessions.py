"""Client self-service sessions: a device token an app opens, which a client then logs in to and out of
(CareCloud customer interface). Client passwords are chosen by people: argon2id, checked at login only (their
policy is `passwords`, applied by `clients` when one is set)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import ApiToken, Client, utcnow
from clientbook.store.repositories.tenancy import TokenRepository

from . import cards, client_search, passwords
from .changes import UNSET, Unset
from .client_search import ClientFilter
from .errors import LoginFailed, Reason, ValidationFailed
from .types import Tenant

SUBJECT = "client"


@cache
def _dummy_hash() -> str:
    """Verified when nobody matches, so an unknown login costs as long as a wrong password. Made on first use, not
    at import: an argon2 hash is half a second of CPU that every process importing the core (each CLI command, each
    server worker) would otherwise pay."""
    return passwords.hash_password("clientbook-no-such-client")


async def revoke_device(session: AsyncSession, business_id: int, realm: str, device_key: str) -> int:
    """Revoke the live tokens earlier opened for the same device and application."""
    return await TokenRepository(session).revoke_device(business_id, realm, device_key, utcnow())


async def find_client(session: AsyncSession, tenant: Tenant, login_type: str, value: str) -> Client | None:
    if login_type == "email":
        found = await client_search.search(session, tenant, ClientFilter(emails=[value]), limit=2)
    elif login_type == "phone":
        phone = value.strip()
        phone = phone if phone.startswith("+") else "+" + phone
        found = await client_search.search(session, tenant, ClientFilter(phone=phone), limit=2)
    elif login_type == "card":
        holder = await cards.holder_of(session, tenant, value)
        found = [holder] if holder is not None else []
    else:
        raise ValidationFailed.single("login_type", Reason.NOT_ALLOWED, f"login_type {login_type} is not supported")
    with_password = [c for c in found if c.password_hash]
    return with_password[0] if len(with_password) == 1 else None


async def verify(session: AsyncSession, tenant: Tenant, login_type: str, value: str, password: str) -> Client:
    """The client whose login and password these are; LoginFailed otherwise (no hint which half was wrong)."""
    client = await find_client(session, tenant, login_type, value)
    if client is None:
        passwords.verify_password(password, _dummy_hash())
        raise LoginFailed("Invalid login or password")
    if not passwords.verify_password(password, client.password_hash):
        raise LoginFailed("Invalid login or password")
    return client


async def login(
    session: AsyncSession, tenant: Tenant, token: ApiToken, login_type: str, value: str, password: str
) -> Client:
    """Bind the device token to the client whose login and password these are."""
    client = await verify(session, tenant, login_type, value, password)
    await bind(session, token, client.id)
    return client


async def bind(session: AsyncSession, token: ApiToken, client_id: int) -> None:
    """Log the client in to the device token."""
    values = {"subject_type": SUBJECT, "subject_id": client_id, "last_used_at": utcnow()}
    await TokenRepository(session).save(token, values)


async def logout(session: AsyncSession, token: ApiToken) -> None:
    await TokenRepository(session).save(token, {"subject_type": None, "subject_id": None})


async def configure(
    session: AsyncSession, token: ApiToken, setup: dict[str, Any], push_token: str | Unset | None = UNSET
) -> None:
    """Replace the device token's installation setup, and its push token when one is given (None clears it)."""
    data = {**token.data, "setup": setup}
    if not isinstance(push_token, Unset):
        data["push_token"] = push_token
    await TokenRepository(session).save(token, {"data": data})
