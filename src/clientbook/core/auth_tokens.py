"""Authentication tokens: a logged-in client handed over to another application (CareCloud `auth-token`).

One application asks for a token naming a client and the *destination* application; the destination redeems it
once, with the request id it came with, and learns which client it is. A token is short-lived and single-use, and
only its keyed hash is stored (DESIGN rule 7). The hash covers the request id too: a numeric token is only eight
digits, so on its own it would be guessable and could collide with another business's; with the request id (128
random bits, handed out beside the token) neither can happen.
"""

from __future__ import annotations

import secrets as random
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import utcnow
from clientbook.store.repositories.tenancy import TokenRepository

from . import clients, credentials, secrets
from .errors import Reason, ValidationFailed
from .types import Tenant

KIND = "auth"
LIFETIME = timedelta(minutes=5)
NUMERIC_DIGITS = 8
ALPHANUMERIC_LENGTH = 32
_ALPHANUMERIC = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Realms:
    """Where a dialect keeps its tokens, and the realm whose keys are its external application ids."""

    tokens: str
    applications: str


@dataclass(frozen=True)
class IssuedAuthToken:
    token: str
    request_id: str
    valid_to: datetime


def _secret(request_id: str, token: str) -> str:
    """What is hashed and stored: the token together with its request id."""
    return f"auth-token\0{request_id}\0{token}"


async def _check_application(
    session: AsyncSession, tenant: Tenant, realms: Realms, application_id: str, field: str
) -> None:
    """The destination must be one of the business's own external applications."""
    found = await credentials.find_key(session, realms.applications, application_id)
    if found is None or found[1].id != tenant.business_id or found[0].revoked_at is not None:
        raise ValidationFailed.single(field, Reason.NOT_FOUND, f"{field} is not an application of this business")


async def issue(
    session: AsyncSession,
    server_key: str,
    tenant: Tenant,
    realms: Realms,
    client_id: int,
    application_id: str,
    *,
    numeric: bool,
    client_field: str = "customer_id",
    application_field: str = "external_application_id",
) -> IssuedAuthToken:
    """A token the application `application_id` can redeem once, within `LIFETIME`, for the live client."""
    await clients.get(session, tenant, client_id, field=client_field)
    await _check_application(session, tenant, realms, application_id, application_field)
    if numeric:
        token = "".join(random.choice(string.digits) for _ in range(NUMERIC_DIGITS))
    else:
        token = "".join(random.choice(_ALPHANUMERIC) for _ in range(ALPHANUMERIC_LENGTH))
    request_id = secrets.new_hex(16)
    _, record = await credentials.issue_token(
        session,
        server_key,
        tenant.business_id,
        realms.tokens,
        KIND,
        token=_secret(request_id, token),
        ttl=LIFETIME,
        subject_type="client",
        subject_id=client_id,
        data={"application_id": application_id},
    )
    assert record.expires_at is not None
    return IssuedAuthToken(token, request_id, record.expires_at)


async def redeem(
    session: AsyncSession,
    server_key: str,
    tenant: Tenant,
    realms: Realms,
    application_id: str,
    token: str,
    request_id: str,
    *,
    now: datetime | None = None,
) -> int:
    """The client a live token names, for the application it was issued to; the token is used up. An unknown,
    expired, used or other application's token is one refusal on `token`, with no hint which."""
    refused = ValidationFailed.single("token", Reason.NOT_FOUND, "token is unknown, expired or already used")
    found = await credentials.find_token(session, server_key, realms.tokens, _secret(request_id, token), now=now)
    if found is None:
        raise refused
    record, business = found
    if (
        record.kind != KIND
        or business.id != tenant.business_id
        or record.data.get("application_id") != application_id
        or record.subject_id is None
    ):
        raise refused
    # One conditional UPDATE decides: of two concurrent redemptions only one revokes the row.
    if not await TokenRepository(session).revoke(tenant.business_id, record.token_hash, now or utcnow()):
        raise refused
    client = await clients.get(session, tenant, record.subject_id, field="token", include_deleted=True)
    if client.deleted_at is not None:
        raise refused
    return client.id
