"""The message templates the server sends by: what a sender names in `template_id`, and what a CareCloud client
lists as message templates. They are the messages the code writes (no editor keeps others): a plain SMS whose text
the sender gives, a plain e-mail likewise, and the password setup e-mail (`password_setup`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.messaging import EMAIL, SMS
from clientbook.store.repositories.tenancy import BusinessRepository

from . import password_setup
from .types import Tenant


class TemplateGroup(IntEnum):
    """What a template is for (CareCloud's message template groups)."""

    NEWSLETTER = 1
    SYSTEM = 2  # registration, password setup…
    TRANSACTIONAL = 3  # a practice's own messages about a client's care


@dataclass(frozen=True)
class MessageTemplate:
    id: str
    channel: str
    name: str
    subject: str
    group: TemplateGroup
    # A service message reaches a client without marketing consent (the client's care, their own account).
    consent_free: bool
    parameters: tuple[str, ...]  # what the sender fills in (`message_data` on CareCloud)


TEMPLATES = (
    MessageTemplate("sms", SMS, "SMS", "", TemplateGroup.TRANSACTIONAL, True, ("text",)),
    MessageTemplate("email", EMAIL, "E-mail", "", TemplateGroup.TRANSACTIONAL, True, ("subject", "text")),
    MessageTemplate(
        password_setup.TEMPLATE_ID, EMAIL, "Password setup", password_setup.SUBJECT, TemplateGroup.SYSTEM, True, ()
    ),
)
_BY_ID = {template.id: template for template in TEMPLATES}


def find(template_id: str) -> MessageTemplate | None:
    return _BY_ID.get(template_id)


async def senders(session: AsyncSession, tenant: Tenant, email_from: str) -> dict[str, str]:
    """Who each channel's messages come from: e-mail from the server's sender address, SMS from the business's own
    number (its name while it has none: the provider's default number sends then)."""
    business = await BusinessRepository(session).get(tenant.business_id)
    number = business.sms_number if business is not None else None
    name = business.name if business is not None else ""
    return {EMAIL: email_from, SMS: number or name}
