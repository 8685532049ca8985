"""A client's or staff member's page in the web app (issue 17): contact details, tags, notes, custom fields,
upcoming and past appointments, and the SMS conversation with its delivery states and opt-out state."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client, Note, Staff
from clientbook.store.repositories.bookings import AppointmentRow

from . import appointment_lists, clients, conversations, fields, notes, staff, tags
from .conversations import Conversation
from .sso import Contact
from .types import Tenant


def unreachable(person: Client | Staff) -> str | None:
    """Why no SMS can be sent to `person` (None when one can): the page shows it instead of the composer."""
    if not person.mobile_phone:
        return "No mobile number: add one to start a conversation."
    if person.sms_opted_out_at is not None:
        return "Opted out of SMS (texted STOP): no message is sent until they text START."
    return None


@dataclass(frozen=True)
class ClientProfile:
    client: Client
    tags: list[str]
    notes: list[Note]
    fields: list[tuple[str, str]]  # custom field (label, value)
    upcoming: list[AppointmentRow]
    past: list[AppointmentRow]
    conversation: Conversation
    unreachable: str | None


@dataclass(frozen=True)
class StaffProfile:
    staff: Staff
    upcoming: list[AppointmentRow]
    past: list[AppointmentRow]
    conversation: Conversation
    unreachable: str | None


async def client_profile(
    session: AsyncSession, tenant: Tenant, client_id: int, *, mark_read: bool = True
) -> ClientProfile:
    """The tenant's live client `client_id` (ClientNotFound for another business's id); opening it reads the
    client's inbound messages, as opening the conversation in the contact list does (unless `mark_read` is False:
    a refused form shown again writes nothing)."""
    client = await clients.get(session, tenant, client_id)
    upcoming, past = await appointment_lists.of_contact(session, tenant, client_id=client.id)
    conversation = await conversations.open_conversation(
        session, tenant, Contact("client", client.id), mark_read=mark_read
    )
    return ClientProfile(
        client=client,
        tags=(await tags.for_clients(session, tenant, [client.id])).get(client.id, []),
        notes=(await notes.for_clients(session, tenant, [client.id])).get(client.id, []),
        fields=await fields.custom_values(session, tenant, client.id),
        upcoming=upcoming,
        past=past,
        conversation=conversation,
        unreachable=unreachable(client),
    )


async def staff_profile(
    session: AsyncSession, tenant: Tenant, staff_id: int, *, mark_read: bool = True
) -> StaffProfile:
    """The tenant's live staff member `staff_id` (StaffNotFound for another business's id)."""
    member = await staff.get(session, tenant, staff_id)
    upcoming, past = await appointment_lists.of_contact(session, tenant, staff_id=member.id)
    conversation = await conversations.open_conversation(
        session, tenant, Contact("staff", member.id), mark_read=mark_read
    )
    return StaffProfile(member, upcoming, past, conversation, unreachable(member))
