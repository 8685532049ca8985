"""Customer sources: the applications and channels clients register through (CareCloud `customer-sources`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.customer_data import CustomerSource
from clientbook.store.repositories.customer_data import CustomerSourceRepository

from ._records import find
from .errors import CustomerSourceNotFound
from .types import Tenant

# Every business starts with these (text id → name); the list is read-only on the wire.
DEFAULTS = {
    "api": "API integration",
    "web": "Web registration",
    "mobile_app": "Mobile application",
    "pos": "Point of sale",
}


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> list[CustomerSource]:
    """The business's sources, creating the default ones it lacks."""
    repository = CustomerSourceRepository(session)
    existing = await repository.list(tenant.business_id)
    have = {source.text_id for source in existing}
    for text_id, name in DEFAULTS.items():
        if text_id not in have:
            source = CustomerSource(
                business_id=tenant.business_id,
                name=name,
                text_id=text_id,
                state=1,
                created_by=tenant.actor,
                updated_by=tenant.actor,
            )
            await repository.add(source)
            existing.append(source)
    return existing


async def list_sources(session: AsyncSession, tenant: Tenant) -> list[CustomerSource]:
    return await CustomerSourceRepository(session).list(tenant.business_id)


async def get(session: AsyncSession, tenant: Tenant, source_id: int, *, field: str = "id") -> CustomerSource:
    return await find(CustomerSourceRepository(session), tenant, source_id, CustomerSourceNotFound, field=field)


async def check(session: AsyncSession, tenant: Tenant, source_id: int, *, field: str = "id") -> None:
    """`get`'s refusal (CustomerSourceNotFound naming `field`) for a source the business lacks, without loading it:
    a CareCloud registration checks the source its body names on every create."""
    if not await CustomerSourceRepository(session).has(tenant.business_id, source_id):
        raise CustomerSourceNotFound(None, field=field, id=source_id)
