"""Wired Client credentials: `api_key` + `api_password` in the body, and an account number naming the business
(staff, staffsms) or one of its branches (client, clientsms) — vendors.md W7, W8."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import credentials, tenants
from clientbook.core.errors import Unauthorized
from clientbook.core.types import Tenant
from clientbook.store.models import Business

from .wire import Credentials

REALM = "wiredclient"


async def authenticate(session: AsyncSession, context: Context, body: Credentials) -> tuple[Tenant, Business]:
    """The tenant the body's API key pair belongs to; Unauthorized (status 2000) otherwise."""
    key, password = body.api_key, body.api_password
    business = await credentials.authenticate_key_pair(session, context.secret_key, REALM, key, password)
    if business is None:
        raise Unauthorized("Invalid API credentials")
    return tenants.tenant_of(business, actor=f"{REALM}:{key[:8]}"), business


async def for_business(session: AsyncSession, context: Context, body: Credentials) -> Tenant:
    tenant, business = await authenticate(session, context, body)
    tenants.check_business_number(business, body.account_number, "account_number")
    return tenant


async def for_branch(session: AsyncSession, context: Context, body: Credentials) -> Tenant:
    """The tenant narrowed to the branch named by `account_number` (the business's own number means no branch)."""
    tenant, business = await authenticate(session, context, body)
    if body.account_number.strip() == business.account_number:
        return tenant
    branch = await tenants.resolve_branch(session, tenant, body.account_number, "account_number")
    return tenant.with_branch(branch.id)


async def issue_credentials(session: AsyncSession, context: Context, business_id: int) -> dict[str, str]:
    issued = await credentials.issue_key_pair(session, context.secret_key, business_id, REALM)
    return {"api_key": issued.key, "api_password": issued.secret}
