"""The /sms sub-app: replies (`POST /sms/inbound`) and delivery receipts (`POST /sms/status`), in Twilio's form.

Both take `application/x-www-form-urlencoded` bodies with Twilio's field names (From, To, Body, MessageSid;
MessageSid, MessageStatus, ErrorCode). With the `twilio` provider configured, a request must carry a valid
`X-Twilio-Signature` (Twilio's RequestValidator over our public URL and the form), else 403; with `webhook:URL`, our
own HMAC headers (`X-Clientbook-Timestamp`, `X-Clientbook-Signature`, as on our posts). With `log` and `file:PATH`
the same HMAC under `CLIENTBOOK_SMS_CALLBACK_SECRET`; without that secret only loopback callbacks to a server not in
production are taken unsigned (issue 14 item 11).
"""

from __future__ import annotations

import ipaddress
import logging
import time
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession
from twilio.request_validator import RequestValidator

from clientbook.context import Context
from clientbook.core import messages
from clientbook.core import messages_outbox as outbox
from clientbook.core.errors import (
    Forbidden,
    MalformedRequest,
    Reason,
    ValidationFailed,
)
from clientbook.core.text import is_digits
from clientbook.edge import errors as kit
from clientbook.edge.body import read_body
from clientbook.edge.deps import ContextDep, SessionDep

from . import errors
from .providers.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

log = logging.getLogger(__name__)

MAX_SIGNATURE_AGE = 300  # seconds
UNSIGNED_REFUSED = (
    "Unsigned SMS callbacks are taken only from loopback in development: set CLIENTBOOK_SMS_CALLBACK_SECRET and sign"
    f" each callback with {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} (as the webhook provider does)"
)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def create_app(context: Context) -> FastAPI:
    app = FastAPI(title="Clientbook — SMS provider callbacks", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.context = context
    kit.install(app, errors.FORMS)
    app.post("/inbound")(inbound)
    app.post("/status")(status)
    return app


async def _form(request: Request, context: Context, endpoint: str) -> dict[str, str]:
    """The form fields, after checking Twilio's signature when Twilio is the provider."""
    raw = await read_body(request, context.settings.max_body_bytes)
    try:
        form = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError as error:
        raise MalformedRequest("Request body is not UTF-8 form data") from error
    settings = context.settings
    kind = settings.sms_provider.partition(":")[0].strip().lower()
    if kind == "twilio":
        url = f"{settings.public_url.rstrip('/')}/sms/{endpoint}"
        if request.url.query:
            url += f"?{request.url.query}"
        signature = request.headers.get("X-Twilio-Signature", "")
        if not RequestValidator(settings.twilio_auth_token or "").validate(url, form, signature):
            raise Forbidden("X-Twilio-Signature is missing or does not match", field="X-Twilio-Signature")
    elif kind == "webhook":
        _check_webhook_signature(request, raw, settings.sms_webhook_secret or "")
    elif settings.sms_callback_secret:
        _check_webhook_signature(request, raw, settings.sms_callback_secret)
    elif not _local_development(request, settings.environment):
        raise Forbidden(UNSIGNED_REFUSED, field=SIGNATURE_HEADER)
    return form


def _local_development(request: Request, environment: str) -> bool:
    """A callback from this machine to a development server: the one case `log` and `file:` take unsigned (message
    ids are sequential, so anyone reaching the server could otherwise mark any message failed)."""
    if environment == "production" or request.client is None:
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False


def _check_webhook_signature(request: Request, raw: bytes, secret: str) -> None:
    """The webhook gateway signs its callbacks as we sign our posts to it (README: SMS), within five minutes."""
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    signature = request.headers.get(SIGNATURE_HEADER, "")
    fresh = is_digits(timestamp) and abs(time.time() - int(timestamp)) <= MAX_SIGNATURE_AGE
    if not (secret and fresh and verify(secret, timestamp, raw, signature)):
        raise Forbidden(f"{SIGNATURE_HEADER} is missing, stale or does not match", field=SIGNATURE_HEADER)


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name, "").strip()
    if not value:
        raise ValidationFailed.single(name, Reason.REQUIRED, f"{name} is required")
    return value


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and is_digits(value) and len(value) < 19 else None


async def inbound(request: Request, context: ContextDep, session: SessionDep) -> Response:
    """A reply from a phone: stored with its business and contact (or kept unmatched); answered with empty TwiML."""
    form = await _form(request, context, "inbound")
    message = await messages.receive(
        session,
        from_number=_required(form, "From"),
        to_number=_required(form, "To"),
        body=form.get("Body", ""),
        provider_message_id=form.get("MessageSid") or None,
    )
    if message is None:
        log.info("inbound SMS matched no business; kept unmatched")
    return Response(EMPTY_TWIML, media_type="text/xml")


async def status(request: Request, context: ContextDep, session: SessionDep) -> Response:
    """A delivery receipt: moves the outbound message to sent, delivered or failed."""
    form = await _form(request, context, "status")
    found = await _apply(session, request, form)
    return JSONResponse({"status": "ok" if found else "unknown message"})


async def _apply(session: AsyncSession, request: Request, form: dict[str, str]) -> bool:
    message = await outbox.apply_receipt(
        session,
        provider_message_id=_required(form, "MessageSid"),
        status=form.get("MessageStatus") or form.get("SmsStatus") or _required(form, "MessageStatus"),
        error=form.get("ErrorCode") or None,
        business_id=_int_or_none(request.query_params.get("business_id")),
        message_id=_int_or_none(request.query_params.get("message_id")),
    )
    return message is not None
