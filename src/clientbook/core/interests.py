"""Interests: the topics a customer is marked with, which are the business's client tags (core/tags.py), so a tag
given through any dialect is an interest here and the other way round. An interest record is the pair (customer,
tag); every change goes through `tags.set_for_client` (the one write path, with its `client.tagged` event)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Tag
from clientbook.store.repositories.client_records import TagRepository

from . import clients, tags
from ._records import find
from .errors import InterestNotFound, Reason, ValidationFailed
from .types import Tenant


async def list_interests(session: AsyncSession, tenant: Tenant) -> list[Tag]:
    return await TagRepository(session).list(tenant.business_id)


async def get_interest(session: AsyncSession, tenant: Tenant, interest_id: int, *, field: str = "interest_id") -> Tag:
    return await find(TagRepository(session), tenant, interest_id, InterestNotFound, field=field)


async def of_customer(session: AsyncSession, tenant: Tenant, client_id: int) -> list[Tag]:
    """The customer's interests, by name."""
    await clients.get(session, tenant, client_id, field="client_id", include_deleted=True)
    repository = TagRepository(session)
    held = await repository.get_many(tenant.business_id, await repository.tag_ids_of(tenant.business_id, client_id))
    return sorted(held.values(), key=lambda t: t.name_normalized)


async def _held(session: AsyncSession, tenant: Tenant, client_id: int) -> list[Tag]:
    await clients.get(session, tenant, client_id, field="client_id")
    return await of_customer(session, tenant, client_id)


async def _set(session: AsyncSession, tenant: Tenant, client_id: int, held: list[Tag]) -> None:
    await tags.set_for_client(session, tenant, client_id, [t.name for t in held], field="interest_id")


async def add(session: AsyncSession, tenant: Tenant, client_id: int, interest_id: int, *, field: str) -> Tag:
    """Mark the customer with the interest; one they have already is refused (`already_exists` on `field`)."""
    held = await _held(session, tenant, client_id)
    interest = await get_interest(session, tenant, interest_id, field=field)
    if any(t.id == interest.id for t in held):
        message = f"the customer has interest {interest_id} already"
        raise ValidationFailed.single(field, Reason.ALREADY_EXISTS, message, str(interest_id))
    await _set(session, tenant, client_id, [*held, interest])
    return interest


async def replace(
    session: AsyncSession, tenant: Tenant, client_id: int, interest_id: int, new_interest_id: int, *, field: str
) -> Tag:
    """Put `new_interest_id` in the place of the customer's `interest_id` (InterestNotFound when they lack it)."""
    held = await _held(session, tenant, client_id)
    if not any(t.id == interest_id for t in held):
        raise InterestNotFound(field="interest_record_id", id=interest_id)
    new = await get_interest(session, tenant, new_interest_id, field=field)
    if new.id != interest_id and any(t.id == new.id for t in held):
        message = f"the customer has interest {new_interest_id} already"
        raise ValidationFailed.single(field, Reason.ALREADY_EXISTS, message, str(new_interest_id))
    await _set(session, tenant, client_id, [*(t for t in held if t.id != interest_id), new])
    return new


async def remove(session: AsyncSession, tenant: Tenant, client_id: int, interest_id: int) -> None:
    held = await _held(session, tenant, client_id)
    if not any(t.id == interest_id for t in held):
        raise InterestNotFound(field="interest_record_id", id=interest_id)
    await _set(session, tenant, client_id, [t for t in held if t.id != interest_id])
