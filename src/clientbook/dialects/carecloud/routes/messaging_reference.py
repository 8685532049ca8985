"""The messaging reference lists: `communication-channels` (the channels we send on, no authentication, as the spec
says) and `message-templates` (the templates the server sends by, core/message_templates.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import message_templates
from clientbook.edge import ratelimit
from clientbook.edge.deps import ContextDep, SessionDep

from .. import auth, mapping_messages
from ..auth import CallerDep
from ..conventions import ResourceNotFound, text_param
from ._common import small

router = APIRouter()


@router.get("/communication-channels", summary="getCommunicationChannels")
async def list_channels(request: Request) -> Any:
    await ratelimit.charge_address(request, auth.REALM)
    listed = small(request)
    records = [mapping_messages.communication_channel(c) for c in mapping_messages.CHANNEL_IDS]
    return listed.answer("communication_channels", records)


@router.get("/communication-channels/{communication_channel_id}", summary="getCommunicationChannel")
async def get_channel(communication_channel_id: str, request: Request) -> Any:
    await ratelimit.charge_address(request, auth.REALM)
    channel = mapping_messages.channel_of(communication_channel_id)
    if channel is None:
        raise ResourceNotFound("communication-channels", communication_channel_id)
    return {"data": mapping_messages.communication_channel(channel)}


async def _templates(caller: auth.Caller, context: ContextDep, session: SessionDep) -> list[dict[str, Any]]:
    senders = await message_templates.senders(session, caller.tenant, context.settings.email_from)
    return [mapping_messages.message_template(t, senders[t.channel]) for t in message_templates.TEMPLATES]


@router.get("/message-templates", summary="getMessageTemplates")
async def list_templates(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    """`name` matches a part of the name, case-insensitively; `communication_channel_id` the channel."""
    listed = small(request)
    records = await _templates(caller, context, session)
    channel = text_param(request, "communication_channel_id")
    if channel is not None:
        records = [r for r in records if str(r["communication_channel_id"]) == channel.strip()]
    return listed.answer("message_templates", records, contains={"name": "name"})


@router.get("/message-templates/{message_template_id}", summary="getMessageTemplate")
async def get_template(message_template_id: str, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    found = [r for r in await _templates(caller, context, session) if r["message_template_id"] == message_template_id]
    if not found:
        raise ResourceNotFound("message-templates", message_template_id)
    return {"data": found[0]}
