"""Wired Client credentials: `api_key` + `api_password` in the body, and an account number naming the business
(staff, staffsms) or one of its branches (client, clientsms) — vendors.md W7, W8."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import credentials, tenants
from clientbook.core.errors import Unauthorized
from clientbook.core.types import Tenant
from clientbook.edge import idempotency, ratelimit

from .wire import Credentials

REALM = "wiredclient"


async def authenticate(
    request: Request, session: AsyncSession, context: Context, body: Credentials, branch_account_number: str = ""
) -> credentials.KeyPairOwner:
    """Who the body's API key pair belongs to (with the branch named, when asked); Unauthorized (2000) otherwise.
    The rate limit counts the key pair (headers play no part in Wired Client auth), or the address when refused."""
    key, password = body.api_key, body.api_password
    owner = await credentials.owner_of_key_pair(
        session, context.secret_key, REALM, key, password, branch_account_number=branch_account_number
    )
    if owner is None:
        await ratelimit.charge_address(request, REALM)
        raise Unauthorized("Invalid API credentials")
    await ratelimit.charge(request, REALM, tenant_of(owner, body))
    return owner


def tenant_of(owner: credentials.KeyPairOwner, body: Credentials) -> Tenant:
    return owner.tenant(actor=f"{REALM}:{body.api_key[:8]}")


async def for_business(request: Request, session: AsyncSession, context: Context, body: Credentials) -> Tenant:
    owner = await authenticate(request, session, context, body)
    tenants.check_business_number(owner.account_number, body.account_number, "account_number")
    tenant = tenant_of(owner, body)
    await idempotency.claim(context, session, tenant)
    return tenant


async def for_branch(request: Request, session: AsyncSession, context: Context, body: Credentials) -> Tenant:
    """The tenant narrowed to the branch named by `account_number` (the business's own number means no branch)."""
    owner = await authenticate(request, session, context, body, body.account_number.strip())
    tenant = tenants.narrow_to_branch(
        tenant_of(owner, body), owner.account_number, owner.branch_id, body.account_number, "account_number"
    )
    await idempotency.claim(context, session, tenant)
    return tenant


async def issue_credentials(session: AsyncSession, context: Context, business_id: int) -> dict[str, str]:
    issued = await credentials.issue_key_pair(session, context.secret_key, business_id, REALM)
    return {"api_key": issued.key, "api_password": issued.secret}


async def rotate_credentials(
    session: AsyncSession, context: Context, business_id: int, grace: timedelta, now: datetime
) -> dict[str, str]:
    """A new api_password for the business's api_key; the old one works until `now + grace`."""
    password = str(uuid.uuid4())
    credential = await credentials.rotate_key_pair(
        session, context.secret_key, Tenant(business_id, actor="cli"), REALM, secret=password, grace=grace, now=now
    )
    return {"api_key": credential.key_id, "api_password": password}
