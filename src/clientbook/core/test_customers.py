"""The business's test customer (CareCloud `login-test-customer`): one client that an app's developers and store
reviewers log in as without knowing a password. It is a real client, marked `extra.test_customer`, created on the
first test login (with its `client.created` event) and remembered in the business's `extra.test_client_id`; the
business row is locked meanwhile, so racing first logins create one. Deleted, it is created afresh on the next.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client
from clientbook.store.repositories.people import ClientRepository
from clientbook.store.repositories.tenancy import BusinessRepository

from . import clients, events
from .clients import ClientChanges
from .errors import BusinessNotFound
from .types import Tenant

KEY = "test_client_id"


async def ensure(session: AsyncSession, tenant: Tenant) -> Client:
    """The business's live test customer, created when it has none."""
    businesses = BusinessRepository(session)
    business = await businesses.locked(tenant.business_id)
    if business is None:
        raise BusinessNotFound(id=tenant.business_id)
    known = business.extra.get(KEY)
    if isinstance(known, int):
        client = await ClientRepository(session).get(tenant.business_id, known)
        if client is not None and client.deleted_at is None:
            return client
    changes = ClientChanges(first_name="Test", last_name="Customer", extra={"test_customer": True})
    client = await clients.create(session, tenant, changes)
    await businesses.save(business, {"extra": {**business.extra, KEY: client.id}})
    await events.record(session, tenant, "business", business.id, "updated", {KEY: client.id})
    return client
