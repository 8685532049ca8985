"""Staff with logins, clients and messages for the web app and single sign-on tests (through the core, as the
API would create them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clientbook.context import Context
from clientbook.core import accounts, clients, messages, staff, tenants
from clientbook.core.clients import ClientChanges
from clientbook.core.staff import StaffChanges
from clientbook.core.types import Tenant
from clientbook.store.models import Message
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.phones import unique_mobile

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Login:
    business_id: int
    account_number: str
    staff_id: int
    account_id: int
    account_name: str
    password: str


async def tenant_of(context: Context, tenant: dict[str, Any]) -> Tenant:
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(tenant["business"]["id"])
        assert business is not None
        return tenants.tenant_of(business, actor="test")


async def make_login(
    context: Context,
    tenant: dict[str, Any],
    *,
    account_name: str = "frontdesk",
    password: str = PASSWORD,
    first_name: str = "Sam",
    last_name: str = "Rivera",
    admin: bool = False,
) -> Login:
    """A staff member of `tenant` with a login account (an admin one with `admin`)."""
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        member = await staff.create(
            session,
            acting,
            StaffChanges(first_name=first_name, last_name=last_name, mobile_phone=unique_mobile()),
        )
        account = await accounts.create(session, acting, member.id, account_name, password, admin=admin)
    business = tenant["business"]
    return Login(business["id"], business["account_number"], member.id, account.id, account_name, password)


async def make_client(
    context: Context, tenant: dict[str, Any], first_name: str = "Ada", last_name: str = "Lovelace"
) -> int:
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        client = await clients.create(
            session, acting, ClientChanges(first_name=first_name, last_name=last_name, mobile_phone=unique_mobile())
        )
        return client.id


async def make_staff(context: Context, tenant: dict[str, Any], first_name: str = "Kim", last_name: str = "Lee") -> int:
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        member = await staff.create(
            session, acting, StaffChanges(first_name=first_name, last_name=last_name, mobile_phone=unique_mobile())
        )
        return member.id


async def receive_from_client(context: Context, tenant: dict[str, Any], client_id: int, body: str) -> Message:
    """An inbound SMS from the client, to the business (matched by the client's number)."""
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        client = await clients.get(session, acting, client_id)
        assert client.mobile_phone
        business = await BusinessRepository(session).get(acting.business_id)
        assert business is not None
        to_number = business.sms_number or "+15005550006"
        message = await messages.receive(
            session, from_number=client.mobile_phone, to_number=to_number, body=body, provider_message_id=None
        )
        assert message is not None
        assert message.business_id == acting.business_id
        return message


async def receive_from_staff(context: Context, tenant: dict[str, Any], staff_id: int, body: str) -> Message:
    """An inbound SMS from a staff member's mobile to the business."""
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        member = await staff.get(session, acting, staff_id)
        assert member.mobile_phone
        message = await messages.receive(
            session, from_number=member.mobile_phone, to_number="+15005550006", body=body, provider_message_id=None
        )
        assert message is not None
        assert message.staff_id == staff_id
        return message
