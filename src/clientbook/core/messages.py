"""SMS to and from staff and clients (issue 3; seed 000 sections 3–4).

Sending writes a `queued` row in the caller's transaction and nothing else: the delivery worker takes it from there
(DESIGN rule 8; `core/messages_outbox.py` holds the delivery rules). Receiving matches the sender to a contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Business, Client, Message, Staff, utcnow
from clientbook.store.models.messaging import EMAIL, UnmatchedInboundMessage
from clientbook.store.repositories.messaging import INBOUND, OUTBOUND, MessageRepository, UnmatchedInboundRepository
from clientbook.store.repositories.people import ClientRepository, StaffRepository
from clientbook.store.repositories.tenancy import BusinessRepository

from . import events
from ._records import find
from .contact import normalize_phone
from .errors import (
    ClientNotFound,
    MessageNotFound,
    NoMobileNumber,
    OptedOut,
    Reason,
    StaffNotFound,
    ValidationFailed,
)
from .tenants import tenant_of
from .types import Tenant

# What a message to a client the business does not have (or has deleted) is refused with (SMS and e-mail alike).
NO_CLIENT = "No matched client"

MAX_LENGTH = 320  # seed 000 §3–4: "limited to 320 characters and anything over this limit will be trimmed"

# Carrier opt-out and opt-in keywords (the set Twilio honours); the whole body, any case (issue 3: STOP / START).
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP", "YES"})


@dataclass(frozen=True)
class Sent:
    message: Message  # the queued outbound row
    trimmed: bool  # body was cut to 320 characters


def _body_of(body: str | None) -> tuple[str, bool]:
    text = (body or "").strip()
    if not text:
        raise ValidationFailed.single("body", Reason.REQUIRED, "Message body is required")
    if len(text) > MAX_LENGTH:
        return text[:MAX_LENGTH], True
    return text, False


def _check_reachable(person: Client | Staff, who: str) -> str:
    if not person.mobile_phone:
        raise NoMobileNumber(f"The {who} has no mobile number to send to", field="mobile_phone", id=person.id)
    if person.sms_opted_out_at is not None:
        raise OptedOut(
            f"The {who} opted out of SMS (texted STOP) and is not sent to until they text START",
            field="sms_opted_out_at",
            id=person.id,
        )
    return person.mobile_phone


async def queue_outbound(
    session: AsyncSession, tenant: Tenant, message: Message, trimmed: bool, sent_by_staff_id: int | None
) -> Sent:
    """Write `message` to the outbox, due now, with its event (SMS and e-mail alike: one outbox, one worker)."""
    now = utcnow()
    message.business_id = tenant.business_id
    message.direction = OUTBOUND
    message.sent_by_staff_id = sent_by_staff_id
    message.from_number = None  # the business's number, filled in when the worker sends it
    message.trimmed = trimmed
    message.status = "queued"
    message.attempts = 0
    message.queued_at = message.next_attempt_at = now
    message.created_by = message.updated_by = tenant.actor
    await MessageRepository(session).add(message)
    contact = {"client_id": message.client_id} if message.client_id else {"staff_id": message.staff_id}
    changes: dict[str, object] = {**contact, "trimmed": trimmed}
    if message.channel == EMAIL:
        changes["channel"] = EMAIL
    await events.record(session, tenant, "message", message.id, "queued", changes)
    return Sent(message, trimmed)


async def send_to_client(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    body: str,
    *,
    sent_by_staff_id: int | None = None,
    field: str = "client_id",
    template_id: str | None = None,
) -> Sent:
    """Queue an SMS to the client's mobile number; `field` names the client id in errors; `template_id` is the
    sender's name for the text, kept as given."""
    text, trimmed = _body_of(body)
    client = await find(ClientRepository(session), tenant, client_id, ClientNotFound, field=field, message=NO_CLIENT)
    to_number = _check_reachable(client, "client")
    message = Message(client_id=client.id, to_number=to_number, body=text, template_id=template_id)
    return await queue_outbound(session, tenant, message, trimmed, sent_by_staff_id)


async def send_to_staff(
    session: AsyncSession,
    tenant: Tenant,
    staff_id: int,
    body: str,
    *,
    sent_by_staff_id: int | None = None,
    field: str = "staff_id",
) -> Sent:
    """Queue an SMS to the staff member's mobile number; `field` names the staff id in errors."""
    text, trimmed = _body_of(body)
    member = await find(
        StaffRepository(session), tenant, staff_id, StaffNotFound, field=field, message="No matched staff"
    )
    to_number = _check_reachable(member, "staff member")
    message = Message(staff_id=member.id, to_number=to_number, body=text)
    return await queue_outbound(session, tenant, message, trimmed, sent_by_staff_id)


def _one_contact(client_id: int | None, staff_id: int | None) -> None:
    if (client_id is None) == (staff_id is None):
        raise ValidationFailed.single("client_id", Reason.REQUIRED, "Give exactly one of client_id and staff_id")


async def conversation(
    session: AsyncSession, tenant: Tenant, *, client_id: int | None = None, staff_id: int | None = None
) -> list[Message]:
    """Every message to and from one client or staff member, oldest first."""
    _one_contact(client_id, staff_id)
    return await MessageRepository(session).conversation(tenant.business_id, client_id, staff_id)


async def mark_read(
    session: AsyncSession, tenant: Tenant, *, client_id: int | None = None, staff_id: int | None = None
) -> int:
    """Mark the contact's inbound messages read; how many were unread."""
    _one_contact(client_id, staff_id)
    return await MessageRepository(session).mark_read(tenant.business_id, client_id, staff_id, utcnow())


async def get(session: AsyncSession, tenant: Tenant, message_id: int) -> Message:
    """The tenant's message; MessageNotFound for an unknown id or another business's."""
    message = await MessageRepository(session).get(tenant.business_id, message_id)
    if message is None:
        raise MessageNotFound(field="id", id=message_id)
    return message


async def list_messages(
    session: AsyncSession, tenant: Tenant, *, client_id: int | None = None, offset: int = 0, limit: int | None = None
) -> tuple[list[Message], int]:
    """A page of the business's messages (optionally one client's), oldest first, and the total."""
    return await MessageRepository(session).page(tenant.business_id, client_id, max(offset, 0), limit)


async def receive(
    session: AsyncSession, *, from_number: str, to_number: str, body: str, provider_message_id: str | None
) -> Message | None:
    """Store an inbound SMS with the business and contact it belongs to; None when it belongs to no business.

    To a business's own number: that business, and the sender matched among its contacts. To any other number: the
    one business that has the sender as a contact, if exactly one does; otherwise kept unmatched (issue 3).
    STOP and START set and clear the sender's opt-out. A provider's retry of a stored message is not stored twice.
    """
    messages = MessageRepository(session)
    if provider_message_id:
        stored = await messages.inbound_by_provider_id(provider_message_id)
        if stored is not None:
            return stored
        if await UnmatchedInboundRepository(session).by_provider_id(provider_message_id) is not None:
            return None
    sender = _e164(from_number)
    recipient = _e164(to_number)
    business = await BusinessRepository(session).by_sms_number(recipient)
    if business is None:
        business = await _only_business_with(session, sender)
    if business is None:
        await _keep_unmatched(session, sender, recipient, body, provider_message_id)
        return None
    return await _store_inbound(session, business, sender, recipient, body, provider_message_id)


def _e164(number: str) -> str:
    """The number in E.164 when it reads as one (Twilio sends E.164 already), else as given."""
    normalized, _ = normalize_phone(number, "US", "from_number")
    return normalized or number.strip()


async def _only_business_with(session: AsyncSession, sender: str) -> Business | None:
    owners = await MessageRepository(session).businesses_with_mobile(sender)
    if len(owners) != 1:
        return None
    return await BusinessRepository(session).get(owners[0])


async def _keep_unmatched(
    session: AsyncSession, sender: str, recipient: str, body: str, provider_message_id: str | None
) -> None:
    candidates = len(await MessageRepository(session).businesses_with_mobile(sender))
    record = UnmatchedInboundMessage(
        from_number=sender[:40],
        to_number=recipient[:40],
        body=body,
        provider_message_id=provider_message_id,
        candidate_businesses=candidates,
        received_at=utcnow(),
    )
    await UnmatchedInboundRepository(session).add(record)


async def _store_inbound(
    session: AsyncSession,
    business: Business,
    sender: str,
    recipient: str,
    body: str,
    provider_message_id: str | None,
) -> Message:
    tenant = tenant_of(business, actor="sms:inbound")
    # Several contacts may share a number (only Wired Client refuses duplicates): clients first, then the oldest.
    clients = await ClientRepository(session).by_mobile(business.id, sender)
    staff = [] if clients else await StaffRepository(session).by_mobile(business.id, sender)
    contact: Client | Staff | None = min(clients or staff, key=lambda c: c.id, default=None)
    now = utcnow()
    if contact is not None:
        await _opt_in_or_out(session, tenant, contact, body, now)
    message = Message(
        business_id=business.id,
        direction=INBOUND,
        client_id=contact.id if isinstance(contact, Client) else None,
        staff_id=contact.id if isinstance(contact, Staff) else None,
        from_number=sender[:20],
        to_number=recipient[:20],
        body=body,
        trimmed=False,
        status="received",
        attempts=0,
        provider_message_id=provider_message_id,
        received_at=now,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await MessageRepository(session).add(message)
    await events.record(session, tenant, "message", message.id, "received", {"client_id": message.client_id})
    return message


async def _opt_in_or_out(
    session: AsyncSession, tenant: Tenant, contact: Client | Staff, body: str, now: datetime
) -> None:
    """STOP sets the contact's opt-out, START clears it (the whole body, any case); recorded like any change."""
    keyword = body.strip().upper()
    if keyword in STOP_WORDS and contact.sms_opted_out_at is None:
        opted_out: datetime | None = now
    elif keyword in START_WORDS and contact.sms_opted_out_at is not None:
        opted_out = None
    else:
        return
    values = {"sms_opted_out_at": opted_out, "updated_at": now, "updated_by": tenant.actor}
    if isinstance(contact, Client):
        await ClientRepository(session).save(contact, values)
    else:
        await StaffRepository(session).save(contact, values)
    entity = "client" if isinstance(contact, Client) else "staff"
    await events.record(session, tenant, entity, contact.id, "updated", {"sms_opted_out_at": contact.sms_opted_out_at})
