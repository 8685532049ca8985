"""Messages (the outbox and SMS inbox of clients): list, read, a message's detail, and `send-message`, which queues
an SMS (channel 2) or an e-mail (channel 1) the delivery worker sends. The text is the `text` parameter of
`message_data` (an e-mail's subject its `subject`), and the `message_template_id` is kept as written."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from clientbook.core import emails, message_lists, messages
from clientbook.core.errors import MessageNotFound, Reason, ValidationFailed
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.store.models import Message
from clientbook.store.models.messaging import EMAIL

from .. import mapping, mapping_messages, mapping_records, wire
from ..auth import Caller, CallerDep, own_customer
from ..conventions import (
    ResourceNotFound,
    enterprise_only,
    listing,
    no_content,
    page,
    parse_datetime,
    required_id,
    sort,
    text_param,
)
from ._common import body, one, own_filter, wire_names

router = APIRouter(route_class=wire_names(mapping.MESSAGE_WIRE_NAMES))

SORT_FIELDS = {"message_id": "id", "customer_id": "client_id", "send_time": "queued_at", "last_change": "updated_at"}
TEXT_PARAMETERS = ("text", "body", "message")
SUBJECT_PARAMETERS = ("subject", "title")
DEFAULT_SUBJECT = "Message"


@router.get("/messages", summary="getMessages")
async def list_messages(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging = page(request)
    order = sort(request, SORT_FIELDS)
    tz = caller.tenant.time_zone
    client_id = own_filter(request, caller)
    wire_channel = text_param(request, "communication_channel_id")
    channel = mapping_messages.channel_of(wire_channel)
    if wire_channel is not None and channel is None:
        return listing("messages", [], 0)  # a channel we never send on
    contact = text_param(request, "contact")
    if contact and "@" not in contact:
        contact = "+" + contact.lstrip("+ ")  # the wire's international digits
    rows, total = await message_lists.page(
        session,
        caller.tenant,
        client_id=client_id,
        number=contact or None,
        channel=channel,
        from_time=parse_datetime(text_param(request, "send_time_from"), "send_time_from", tz),
        to_time=parse_datetime(text_param(request, "send_time_to"), "send_time_to", tz),
        order=SORT_FIELDS[order.field] if order.field else "id",
        descending=order.descending,
        offset=paging.offset,
        limit=paging.count,
    )
    return listing("messages", [mapping_records.message(m, tz) for m in rows], total)


async def _customer_message(caller: Caller, session: SessionDep, message_id: str) -> Message:
    message = await one(session, caller.tenant, messages.get, MessageNotFound, "messages", message_id)
    if message.client_id is None:  # staff messages are no customer's
        raise ResourceNotFound("messages", message_id)
    own_customer(caller, message.client_id)
    return message


@router.get("/messages/{message_id}", summary="getMessage")
async def get_message(message_id: str, caller: CallerDep, session: SessionDep) -> Any:
    message = await _customer_message(caller, session, message_id)
    return {"data": mapping_records.message(message, caller.tenant.time_zone)}


@router.get("/messages/{message_id}/detail", summary="getSubMessageDetail")
async def get_message_detail(message_id: str, caller: CallerDep, session: SessionDep) -> Any:
    message = await _customer_message(caller, session, message_id)
    return {"data": mapping_messages.message_detail(message, caller.tenant.time_zone)}


@router.post(
    "/messages/actions/send-message",
    summary="postMessageSend",
    status_code=204,
    dependencies=enterprise_only("messages/actions/send-message"),
)
async def send_message(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = (await body(request, context, wire.MessageBody)).message
    channel = mapping_messages.channel_of(str(given.communication_channel_id))
    if channel is None:
        raise ValidationFailed.single(
            "message.communication_channel_id",
            Reason.NOT_ALLOWED,
            "message.communication_channel_id: messages are sent by e-mail (1) or SMS (2)",
            str(given.communication_channel_id),
        )
    client_id = required_id(given.customer_id, "message.customer_id")
    text = _parameter(given.message_data, TEXT_PARAMETERS)
    if text is None:
        raise ValidationFailed.single(
            "message.message_data", Reason.REQUIRED, "message.message_data needs a `text` parameter with the text"
        )
    template_id = given.message_template_id
    if channel == EMAIL:
        subject = _parameter(given.message_data, SUBJECT_PARAMETERS) or DEFAULT_SUBJECT
        await emails.send_to_client(
            session, caller.tenant, client_id, subject, text, to=given.contact, template_id=template_id
        )
    else:
        await messages.send_to_client(
            session, caller.tenant, client_id, text, field="client_id", template_id=template_id
        )
    return no_content()


def _parameter(data: list[wire.Parameter] | None, names: tuple[str, ...]) -> str | None:
    """The first non-blank value of a `message_data` parameter named one of `names` (any case)."""
    return next((p.value for p in data or [] if p.parameter_name.lower() in names and p.value.strip()), None)
