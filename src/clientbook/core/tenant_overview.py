"""What an operator sees of the businesses: `clientbook tenant list` and `tenant show` (never a secret)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Branch, Business, utcnow
from clientbook.store.repositories.tenancy import (
    BranchRepository,
    BusinessRepository,
    CredentialRepository,
    TokenRepository,
)

from . import credentials
from .accounts import tenant_for


@dataclass(frozen=True)
class BusinessSummary:
    business: Business
    branches: int


@dataclass(frozen=True)
class KeySummary:
    """A key of a realm: its id (public: callers send it beside the secret) and its state, never the secret."""

    realm: str
    key_id: str
    created_at: datetime
    revoked_at: datetime | None
    previous_valid_until: datetime | None  # a rotation's grace: the old secret still works until then


@dataclass(frozen=True)
class TokenSummary:
    realm: str
    kind: str
    live: int


@dataclass(frozen=True)
class BusinessDetail:
    business: Business
    branches: list[Branch]
    keys: list[KeySummary]
    tokens: list[TokenSummary]


async def list_businesses(session: AsyncSession) -> list[BusinessSummary]:
    """Every business, oldest first, with its number of live branches."""
    return [BusinessSummary(b, n) for b, n in await BusinessRepository(session).all_with_branch_counts()]


async def describe(session: AsyncSession, account_number: str, *, now: datetime | None = None) -> BusinessDetail:
    """The business numbered `account_number`: its branches, its keys and how many live tokens of each kind."""
    tenant = await tenant_for(session, account_number, "account_number")
    business = await BusinessRepository(session).get(tenant.business_id)
    assert business is not None
    now = now or utcnow()
    keys = [
        KeySummary(
            c.realm,
            c.key_id,
            c.created_at,
            c.revoked_at,
            c.previous_expires_at if credentials.in_grace(c, now) else None,
        )
        for c in await CredentialRepository(session).all_of_business(business.id)
    ]
    tokens = [TokenSummary(*row) for row in await TokenRepository(session).live_counts(business.id, now)]
    return BusinessDetail(business, await BranchRepository(session).list(business.id), keys, tokens)
