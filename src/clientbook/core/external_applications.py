"""External applications: the systems a business lets act for its customers (tokens, push registrations), kept as
the application keys of a dialect's realm (`tenant create` issues one; `credentials rotate` adds the next and
revokes the old)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Credential
from clientbook.store.repositories.tenancy import CredentialRepository

from .errors import ExternalApplicationNotFound
from .types import Tenant


async def list_applications(session: AsyncSession, tenant: Tenant, realm: str) -> list[Credential]:
    """The business's application keys of `realm`, revoked ones too (they read as not active), oldest first."""
    found = await CredentialRepository(session).for_business(tenant.business_id, realm)
    return sorted(found, key=lambda c: c.id)


async def get_application(session: AsyncSession, tenant: Tenant, realm: str, application_id: str) -> Credential:
    for application in await list_applications(session, tenant, realm):
        if application.key_id == application_id:
            return application
    raise ExternalApplicationNotFound(field="external_application_id", id=application_id)
