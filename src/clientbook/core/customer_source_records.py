"""Customer source records: which of the business's customer sources (core/customer_sources.py) know a customer,
and under which id (`external_id`). A customer has one per (source, external id); the source they registered
through is their first, written with the registration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client, CustomerSourceRecord
from clientbook.store.repositories.customer_source_records import CustomerSourceRecordRepository, SourceRecordQuery

from . import client_profiles, clients, customer_sources, events
from ._records import add_new
from .client_profiles import ClientProfile
from .clients import ClientRules
from .errors import Reason, ValidationFailed
from .types import Tenant

MAX_EXTERNAL_ID = 200


def _external_id(value: str | None, field: str) -> str | None:
    text = (value or "").strip() or None
    if text is not None and len(text) > MAX_EXTERNAL_ID:
        message = f"{field} is longer than {MAX_EXTERNAL_ID} characters"
        raise ValidationFailed.single(field, Reason.TOO_LONG, message, value)
    return text


async def _write(
    session: AsyncSession, tenant: Tenant, client_id: int, source_id: int, external_id: str | None
) -> CustomerSourceRecord:
    record = CustomerSourceRecord(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
    values = {"client_id": client_id, "customer_source_id": source_id, "external_id": external_id}
    await add_new(session, tenant, CustomerSourceRecordRepository(session), record, "customer_source_record", values)
    return record


async def add(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    source_id: int,
    external_id: str | None,
    *,
    source_field: str = "customer_source_id",
    external_field: str = "external_id",
) -> CustomerSourceRecord:
    """Record that the source knows the customer (as `external_id`); the same pair twice is `already_exists`."""
    text = _external_id(external_id, external_field)
    await clients.get(session, tenant, client_id, field="client_id")
    await customer_sources.get(session, tenant, source_id, field=source_field)
    repository = CustomerSourceRecordRepository(session)
    await repository.lock_customer(tenant.business_id, client_id)
    held = await repository.of_client(tenant.business_id, client_id)
    if any(r.customer_source_id == source_id and r.external_id == text for r in held):
        message = f"the customer has a record of source {source_id} with this external_id already"
        raise ValidationFailed.single(source_field, Reason.ALREADY_EXISTS, message, str(source_id))
    return await _write(session, tenant, client_id, source_id, text)


async def register(
    session: AsyncSession, tenant: Tenant, profile: ClientProfile, external_id: str | None, *, rules: ClientRules
) -> Client:
    """A new customer written from `profile`, and their first record, of the source they registered through (their
    `customer_source_id`, if any) as `external_id`; the events of both are written in one statement."""
    async with events.batched(session):
        client = await client_profiles.write(session, tenant, None, profile, rules=rules)
        if client.customer_source_id is not None:
            text = _external_id(external_id, "customer_source.external_id")
            await _write(session, tenant, client.id, client.customer_source_id, text)
    return client


@dataclass(frozen=True)
class Listing:
    client_id: int | None = None
    customer_source_id: int | None = None
    external_ids: Sequence[str] | None = None
    sort: str = "id"
    descending: bool = False
    offset: int = 0
    count: int = 100


async def page(session: AsyncSession, tenant: Tenant, given: Listing) -> tuple[list[CustomerSourceRecord], int]:
    """One page of the business's source records (one customer's, given `client_id`) and the exact total."""
    if given.client_id is not None:
        await clients.get(session, tenant, given.client_id, field="client_id", include_deleted=True)
    return await CustomerSourceRecordRepository(session).page(tenant.business_id, SourceRecordQuery(**given.__dict__))
