"""A customer's devices registered for push notifications by an external application (CareCloud
set-push-notifications / cancel-push-notifications). We keep the registrations; sending pushes is not built yet.

A device holds one registration per application: registering it again replaces the token and the customer (the
device changed hands), so no two customers are ever pushed to on one device. Cancelling keeps the row for history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import PushRegistration, utcnow
from clientbook.store.repositories.customer_reach import PushRegistrationRepository

from . import clients, external_applications
from ._records import add_new, save_changes
from .errors import Reason, ValidationFailed
from .types import Tenant

ENTITY = "push_registration"


async def _check_application(session: AsyncSession, tenant: Tenant, realm: str, application_id: str) -> None:
    application = await external_applications.get_application(session, tenant, realm, application_id)
    if application.revoked_at is not None:
        raise ValidationFailed.single(
            "external_application_id", Reason.NOT_ALLOWED, "external_application_id is no longer active"
        )


async def register(
    session: AsyncSession,
    tenant: Tenant,
    realm: str,
    client_id: int,
    application_id: str,
    device_id: str,
    device: dict[str, Any],
    push_token: str,
    *,
    client_field: str = "customer_id",
) -> PushRegistration:
    """Register (or re-register) the device of the live client for the application's push notifications."""
    await clients.get(session, tenant, client_id, field=client_field)
    await _check_application(session, tenant, realm, application_id)
    repository = PushRegistrationRepository(session)
    values = {"client_id": client_id, "device": device, "push_token": push_token, "cancelled_at": None}
    existing = await repository.of_device(tenant.business_id, application_id, device_id)
    if existing is not None:
        await save_changes(session, tenant, repository, existing, ENTITY, values)
        return existing
    record = PushRegistration(
        business_id=tenant.business_id,
        application_id=application_id,
        device_id=device_id,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await add_new(session, tenant, repository, record, ENTITY, values, event={"application_id": application_id})
    return record


async def cancel(
    session: AsyncSession,
    tenant: Tenant,
    realm: str,
    client_id: int,
    application_id: str,
    push_token: str | None = None,
    *,
    client_field: str = "customer_id",
) -> int:
    """Cancel the client's registrations for the application (only the one with `push_token`, when given); how many.
    Cancelling what is not registered is no error: afterwards nothing is registered, as asked."""
    await clients.get(session, tenant, client_id, field=client_field, include_deleted=True)
    await _check_application(session, tenant, realm, application_id)
    repository = PushRegistrationRepository(session)
    live = await repository.live_of_client(tenant.business_id, client_id, application_id, push_token)
    now = utcnow()
    for registration in live:
        await save_changes(session, tenant, repository, registration, ENTITY, {"cancelled_at": now})
    return len(live)
