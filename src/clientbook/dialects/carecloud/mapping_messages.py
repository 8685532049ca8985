"""CareCloud's messaging reference records (communication channels, message templates) and a message's detail,
rendered from the core's (pure: no I/O)."""

from __future__ import annotations

import html
from typing import Any

from clientbook.core.message_templates import MessageTemplate
from clientbook.core.text import is_digits
from clientbook.store.models import Message

from .conventions import render_datetime
from .mapping_records import CHANNELS

CHANNEL_IDS = {channel: wire_id for wire_id, channel in CHANNELS.items()}
CHANNEL_NAMES = {"email": "E-mail", "sms": "SMS"}


def channel_of(wire_id: str | None) -> str | None:
    """Our channel for a CareCloud communication channel id; None for one we do not send on (or a malformed id)."""
    if wire_id is None or not is_digits(wire_id.strip()):
        return None
    return CHANNELS.get(int(wire_id))


def communication_channel(channel: str) -> dict[str, Any]:
    return {"communication_channel_id": str(CHANNEL_IDS[channel]), "name": CHANNEL_NAMES[channel], "text_id": channel}


def message_template(template: MessageTemplate, sender: str) -> dict[str, Any]:
    """`sender` is who the message comes from (the e-mail sender address; for SMS the business's name)."""
    return {
        "message_template_id": template.id,
        "consent_free_template": template.consent_free,
        "subject": template.subject,
        "sender": sender,
        "name": template.name,
        "preview_url": None,
        "icon_url": None,
        "message_template_group_id": int(template.group),
        "communication_channel_id": CHANNEL_IDS[template.channel],
        "template_data": [{"parameter_name": name, "value": ""} for name in template.parameters],
    }


def message_detail(record: Message, time_zone: str) -> dict[str, Any]:
    """The body as sent: plain text, and as HTML (escaped, its line breaks kept); we send no attachments."""
    escaped = html.escape(record.body).replace("\n", "<br>\n")
    return {
        "plain_text_body": record.body,
        "html_body": f"<p>{escaped}</p>",
        "attachments": [],
        "last_change": render_datetime(record.updated_at, time_zone),
    }
