"""Password setup links (CareCloud `send-password-setup-email`, the forgotten-password flow).

A client asks for a link by e-mail address; the link carries a random token, stored only as its keyed hash, that
sets the client's password once, within `LIFETIME`, through the password policy the caller holds clients to. Asking
for an address no client has sends nothing and answers the same, so the action tells nobody which addresses are
registered. Setting the password ends every other setup link of the client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client, Message, utcnow
from clientbook.store.repositories.tenancy import TokenRepository

from . import client_search, clients, credentials, emails, secrets, tenants
from .client_rules import ClientRules
from .client_search import ClientFilter
from .clients import ClientChanges
from .contact import normalize_email
from .errors import Reason, ValidationFailed
from .types import Tenant

KIND = "password_setup"
LIFETIME = timedelta(hours=1)
TEMPLATE_ID = "password-setup"
SUBJECT = "Set your password"


async def send_link(
    session: AsyncSession,
    server_key: str,
    tenant: Tenant,
    realm: str,
    email: str,
    *,
    link_for: Callable[[str], str],
    field: str = "email",
) -> Message | None:
    """Queue an e-mail with a setup link (`link_for(token)`) to the one live client with this address; None, and
    nothing written, when no client (or more than one) has it. A malformed address is refused naming `field`."""
    address, problem = normalize_email(email, field)
    if problem is not None:
        raise ValidationFailed([problem])
    if address is None:
        raise ValidationFailed.single(field, Reason.REQUIRED, f"{field} is required")
    found = await client_search.search(session, tenant, ClientFilter(emails=[address]), limit=2)
    live = [c for c in found if c.deleted_at is None]
    if len(live) != 1:
        return None
    client = live[0]
    token = secrets.new_secret(32)
    await credentials.issue_token(
        session,
        server_key,
        tenant.business_id,
        realm,
        KIND,
        token=token,
        ttl=LIFETIME,
        subject_type="client",
        subject_id=client.id,
    )
    valid_minutes = int(LIFETIME.total_seconds() // 60)
    body = (
        f"Hello {client.first_name or ''},\n\n".replace(" ,", ",")
        + f"set your password here (the link works once, within {valid_minutes} minutes):\n\n"
        + f"{link_for(token)}\n\n"
        + "If you did not ask for it, ignore this message: your password stays as it is.\n"
    )
    return await emails.send_to_client(
        session, tenant, client.id, SUBJECT, body, to=client.email, template_id=TEMPLATE_ID
    )


async def set_password(
    session: AsyncSession,
    server_key: str,
    realm: str,
    token: str,
    password: str,
    *,
    rules: ClientRules,
    now: datetime | None = None,
) -> Client:
    """Set the password a live link's client chose; the link is used up. A weak password is refused naming
    `password` and leaves the link usable (the refusal rolls the whole transaction back); an unknown, expired or
    used link is refused naming `token`."""
    now = now or utcnow()
    found = await credentials.find_token(session, server_key, realm, token, now=now)
    refused = ValidationFailed.single("token", Reason.NOT_FOUND, "The link is unknown, expired or already used")
    if found is None:
        raise refused
    record, business = found
    client_id = record.subject_id
    if record.kind != KIND or client_id is None:
        raise refused
    repository = TokenRepository(session)
    # One conditional UPDATE decides: of two concurrent submissions only one sets the password.
    if not await repository.revoke(business.id, record.token_hash, now):
        raise refused
    tenant = tenants.tenant_of(business, actor="password-setup")
    client = await clients.update(session, tenant, client_id, ClientChanges(password=password), rules=rules)
    await repository.revoke_subject(business.id, "client", client.id, now, kind=KIND)
    return client
