"""Reaching customers beyond messages: `set-push-notifications` and `cancel-push-notifications` (Enterprise API
only, as the spec says) and `newsletters-sign-up` (both interfaces; the contact need not be a customer)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from clientbook.core import newsletters, push_notifications
from clientbook.edge.deps import ContextDep, SessionDep

from .. import auth, mapping_reach, wire_tokens
from ..auth import CallerDep
from ..conventions import body_id, no_content, required_id
from ._common import EnterpriseOnly, body

router = APIRouter()
ENTERPRISE = EnterpriseOnly(router, "customers/actions")


@ENTERPRISE.post(
    "/customers/actions/set-push-notifications", summary="postCustomerSetPushNotifications", status_code=204
)
async def set_push_notifications(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    given = await body(request, context, wire_tokens.PushNotifications)
    await push_notifications.register(
        session,
        caller.tenant,
        auth.APP_REALM,
        required_id(given.customer_id, "customer_id"),
        given.external_application_id,
        given.device.device_id,
        mapping_reach.device(given.device),
        given.push_token,
    )
    return no_content()


@ENTERPRISE.post(
    "/customers/actions/cancel-push-notifications", summary="postCustomerCancelPushNotifications", status_code=204
)
async def cancel_push_notifications(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    given = await body(request, context, wire_tokens.CancelPushNotifications)
    await push_notifications.cancel(
        session,
        caller.tenant,
        auth.APP_REALM,
        required_id(given.customer_id, "customer_id"),
        given.external_application_id,
        given.push_token or None,
    )
    return no_content()


@router.post("/customers/actions/newsletters-sign-up", summary="postCustomerNewslettersSignUp", status_code=204)
async def newsletters_sign_up(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    given = await body(request, context, wire_tokens.NewsletterSignUp)
    source_id = required_id(given.customer_source_id, "customer_source_id")
    partner_ids = [
        body_id(p.partner_id, f"partner_records.{n}.partner_id", required=True) or 0
        for n, p in enumerate(given.partner_records or [])
    ]
    await newsletters.sign_up(
        session,
        caller.tenant,
        given.contact,
        source_id,
        consents=mapping_reach.consents(given.agreements),
        language=given.language_id,
        partner_ids=partner_ids,
    )
    return no_content()
