"""Wired Client SMS: `POST /api/v1/staffsms` and `POST /api/v1/clientsms` (seed 000 §3–4; vendors.md W2, W7, W12).

Sending queues the message in the request's transaction; the delivery worker sends it (DESIGN rule 8).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import messages
from clientbook.edge.body import openapi_body, read_json_object
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.validation import validate

from . import auth, sso_routes, wire

router = APIRouter(prefix="/api/v1")

SENT = "Sent one message"
TRIMMED = "Sent one message; it was trimmed to 320 characters"  # W12: trimmed silently, said in `message`


def _answer(sent: messages.Sent) -> wire.SmsResponse:
    return wire.SmsResponse(smsid=sent.message.id, status=0, message=TRIMMED if sent.trimmed else SENT)


@router.post("/staffsms", response_model=wire.SmsResponse, openapi_extra=openapi_body(wire.SmsRequest))
async def staff_sms(request: Request, context: ContextDep, session: SessionDep) -> Any:
    """Send an SMS to a staff member; `account_number` is the business's (W7: 1001 when it is not)."""
    data = await read_json_object(request, context.settings.max_body_bytes)
    tenant = await auth.for_business(request, session, context, validate(wire.Credentials, data))
    body = validate(wire.SmsRequest, data)
    return _answer(await messages.send_to_staff(session, tenant, body.id or 0, body.message or "", field="id"))


@router.post("/clientsms", response_model=wire.SmsResponse, openapi_extra=openapi_body(wire.SmsRequest))
async def client_sms(request: Request, context: ContextDep, session: SessionDep) -> Any:
    """Send an SMS to a client; `account_number` is a branch's (W7: 1002 when it is not).

    The same path also serves single sign-on (W2): the raw body is read first so that a body naming
    `account_name` / `business_account_number` can be dispatched before the SMS path below.
    """
    data = await read_json_object(request, context.settings.max_body_bytes)
    if (sso := await sso_routes.sso_answer(request, context, session, data)) is not None:
        return sso
    return await _client_sms(request, session, context, data)


async def _client_sms(
    request: Request, session: AsyncSession, context: Context, data: dict[str, Any]
) -> wire.SmsResponse:
    tenant = await auth.for_branch(request, session, context, validate(wire.Credentials, data))
    body = validate(wire.SmsRequest, data)
    return _answer(await messages.send_to_client(session, tenant, body.id or 0, body.message or "", field="id"))
