"""Single sign-on (seed 000 sections 5–6, vendors.md W14): a 3-minute JWT, signed with the server key, usable once.

The token is recorded by its `jti` when issued; the auto-login marks it used in one conditional UPDATE, so a token
opens one session at most, and only tokens this server issued (and has not expired) are accepted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import SsoToken, utcnow
from clientbook.store.repositories.people import ClientRepository, StaffRepository
from clientbook.store.repositories.sso import SsoTokenRepository
from clientbook.store.repositories.tenancy import BusinessRepository

from . import accounts, secrets, tenants
from .accounts import SignedIn
from .errors import ContactNotFound, InvalidSsoToken, Reason, ValidationFailed
from .text import is_digits
from .types import Tenant

LIFETIME = timedelta(seconds=180)  # seed 000 §5: "expires in 3 minutes"
ALGORITHM = "HS256"
ISSUER = "clientbook"
AUDIENCE = "clientbook-web"
ContactType = Literal["client", "staff"]


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Contact:
    type: ContactType
    id: int


def signing_key(server_key: str) -> str:
    """A key of its own for SSO JWTs, derived from the server key (so the raw key signs nothing directly)."""
    return secrets.keyed_hash(server_key, "sso-jwt-signing-key")


async def issue(
    session: AsyncSession, server_key: str, signed_in: SignedIn, *, now: datetime | None = None
) -> IssuedToken:
    """A JWT for `signed_in`'s account: `exp` = `iat` + 180 s and a fresh `jti`, recorded for single use."""
    issued_at = (now or utcnow()).replace(microsecond=0)
    expires_at = issued_at + LIFETIME
    jti = uuid.uuid4().hex
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(signed_in.account.id),
        "bid": signed_in.account.business_id,
        "jti": jti,
        "iat": int(issued_at.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    token = jwt.encode(claims, signing_key(server_key), algorithm=ALGORITHM)
    record = SsoToken(
        business_id=signed_in.account.business_id,
        jti=jti,
        staff_account_id=signed_in.account.id,
        created_at=issued_at,
        expires_at=expires_at,
    )
    await SsoTokenRepository(session).add(record)
    return IssuedToken(token, jti, issued_at, expires_at)


def _claims(server_key: str, token: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            signing_key(server_key),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "jti", "sub", "iss", "aud"]},
        )
    except jwt.PyJWTError as error:
        raise InvalidSsoToken(f"Invalid sign-in token: {type(error).__name__}", field="token") from error
    if not isinstance(claims.get("bid"), int) or not is_digits(str(claims["sub"])):
        raise InvalidSsoToken("Invalid sign-in token: malformed claims", field="token")
    return claims


async def consume(session: AsyncSession, server_key: str, token: str, *, now: datetime | None = None) -> SignedIn:
    """The account a valid, unexpired, unused token names; marks it used. InvalidSsoToken otherwise."""
    claims = _claims(server_key, token)
    business_id: int = claims["bid"]
    if not await SsoTokenRepository(session).use(business_id, str(claims["jti"]), now or utcnow()):
        raise InvalidSsoToken("Invalid sign-in token: unknown, expired or already used", field="token")
    business = await BusinessRepository(session).get(business_id)
    if business is None:
        raise InvalidSsoToken("Invalid sign-in token: unknown business", field="token")
    signed_in = await accounts.signed_in(session, tenants.tenant_of(business), int(claims["sub"]))
    if signed_in is None:
        raise InvalidSsoToken("Invalid sign-in token: the account no longer exists", field="token")
    return signed_in


async def find_contact(
    session: AsyncSession,
    tenant: Tenant,
    contact_id: int,
    field: str = "contact_id",
    *,
    contact_type: str | None = None,
    type_field: str = "contact_type",
) -> Contact:
    """The tenant's live client or staff member `contact_id`; ContactNotFound otherwise.

    With no `contact_type`, detect it (seed 000 §5: "automatically detect"). Clients and staff draw ids from separate
    sequences, so one id may name both. The rule: a live client wins, then a live staff member: the contact list is
    about clients first (it shows all clients by default).
    """
    if contact_type not in (None, "", "client", "staff"):
        raise ValidationFailed.single(type_field, Reason.NOT_ALLOWED, f"{type_field} must be client or staff")
    if contact_type in (None, "", "client"):
        client = await ClientRepository(session).get(tenant.business_id, contact_id)
        if client is not None and client.deleted_at is None:
            return Contact("client", client.id)
    if contact_type in (None, "", "staff"):
        member = await StaffRepository(session).get(tenant.business_id, contact_id)
        if member is not None and member.deleted_at is None:
            return Contact("staff", member.id)
    raise ContactNotFound("Target contact not found", field=field, id=contact_id)
