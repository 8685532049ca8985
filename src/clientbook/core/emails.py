"""E-mail to clients, through the same outbox as SMS (DESIGN rule 8): queuing writes a `queued` row with channel
`email` in the caller's transaction, and the delivery worker hands it to the e-mail provider (`log`, `file:`, SMTP)
with the SMS retry policy and states."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Message
from clientbook.store.models.messaging import EMAIL
from clientbook.store.repositories.people import ClientRepository

from ._records import find
from .contact import normalize_email
from .errors import ClientNotFound, Reason, ValidationFailed
from .messages import NO_CLIENT, queue_outbound
from .types import Tenant

MAX_SUBJECT = 200


async def send_to_client(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    subject: str,
    body: str,
    *,
    to: str | None = None,
    template_id: str | None = None,
    field: str = "client_id",
) -> Message:
    """Queue an e-mail to the live client, at `to` or else their own address; `field` names the client in errors."""
    client = await find(ClientRepository(session), tenant, client_id, ClientNotFound, field=field, message=NO_CLIENT)
    address, problem = normalize_email(to or client.email or "", "email")
    if problem is not None:
        raise ValidationFailed([problem])
    if not address:
        raise ValidationFailed.single("email", Reason.REQUIRED, "The client has no e-mail address to send to")
    if not body.strip():
        raise ValidationFailed.single("body", Reason.REQUIRED, "Message body is required")
    message = Message(
        client_id=client.id,
        channel=EMAIL,
        to_number="",
        to_address=address,
        subject=subject.strip()[:MAX_SUBJECT],
        body=body,
        template_id=template_id,
    )
    return (await queue_outbound(session, tenant, message, False, None)).message
