"""Customer-interface actions on a device token beyond login and logout: its setup (`PUT /tokens/{id}`), handing
the logged-in customer to another application (`auth-token`), logging in with such a token, and the e-mail with a
password setup link (the forgotten-password flow)."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from clientbook.core import customer_sessions, password_setup, secrets, test_customers
from clientbook.core.changes import UNSET
from clientbook.core.errors import Reason, ValidationFailed
from clientbook.edge import ratelimit
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.store.models import ApiToken

from .. import auth, mapping_records, password_page, wire_tokens
from ..auth import Caller, CallerDep, logged_in_customer
from ..conventions import Interface, ResourceNotFound, no_content, only, text_param
from ._common import body
from .customer_auth import issue, redeem

router = APIRouter(dependencies=[Depends(only(Interface.CUSTOMER, resource="tokens"))])
TOKEN_TYPES = {"1": False, "2": True}  # token_type → numeric


def own_token(caller: Caller, token_id: str, server_key: str) -> ApiToken:
    """The device token the request authenticated with, when the path names it; a customer acts on their own token
    only, and any other token id is one that does not exist for them (404)."""
    token = caller.token
    if token is None or not hmac.compare_digest(secrets.keyed_hash(server_key, token_id), token.token_hash):
        raise ResourceNotFound("tokens", token_id)
    return token


@router.put("/tokens/{token_id}", summary="putToken", status_code=204)
async def configure(
    token_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    token = own_token(caller, token_id, context.secret_key)
    given = await body(request, context, wire_tokens.TokenSetup)
    push = given.push_token if "push_token" in given.model_fields_set else UNSET
    await customer_sessions.configure(session, token, given.setup.model_dump(), push)
    return no_content()


@router.get("/tokens/{token_id}/actions/auth-token", summary="getTokenAuthentication")
async def auth_token(
    token_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Any:
    """An authentication token for the logged-in customer, for the destination application named."""
    own_token(caller, token_id, context.secret_key)
    customer_id = logged_in_customer(caller)
    application_id = text_param(request, "external_application_id")
    if not application_id:
        raise ValidationFailed.single("external_application_id", Reason.REQUIRED, "external_application_id is required")
    token_type = text_param(request, "token_type")
    if token_type not in TOKEN_TYPES:
        raise ValidationFailed.single("token_type", Reason.NOT_ALLOWED, "token_type must be 1 or 2", token_type)
    return await issue(session, context, caller, customer_id, application_id, numeric=TOKEN_TYPES[token_type])


@router.post("/tokens/{token_id}/actions/authentication-token-login", summary="postTokenAuthTokenLogin")
async def authentication_token_login(
    token_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Any:
    """Log the customer an authentication token names in to this device token. The token must have been issued
    for this device token's own application: a token meant for one application opens no other."""
    token = own_token(caller, token_id, context.secret_key)
    given = await body(request, context, wire_tokens.RedeemAuthToken)
    await ratelimit.charge_minting(request, auth.REALM, f"auth-token:{given.application_id}")
    if not hmac.compare_digest(str(token.data.get("external_application_id", "")), given.application_id):
        raise ValidationFailed.single(
            "application_id", Reason.NOT_ALLOWED, "application_id is not the application of this token"
        )
    customer_id = await redeem(session, context, caller, given)
    await customer_sessions.bind(session, token, customer_id)
    return {"data": {"customer_id": str(customer_id)}}


@router.post(
    "/tokens/{token_id}/actions/send-password-setup-email", summary="postTokenSendPasswordSetup", status_code=204
)
async def send_password_setup_email(
    token_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    """204 whether or not a customer has the address (nobody learns which addresses are registered); requests are
    counted per address too, so nobody floods one inbox."""
    own_token(caller, token_id, context.secret_key)
    given = await body(request, context, wire_tokens.PasswordSetupRequest)
    field = "recipient" if given.recipient is not None or given.email is None else "email"
    address = given.recipient if field == "recipient" else given.email
    channel = given.communication_channel_id
    if channel is not None and channel != str(mapping_records.EMAIL_CHANNEL):
        raise ValidationFailed.single(
            "communication_channel_id", Reason.NOT_ALLOWED, "communication_channel_id: the link is sent by e-mail (1)"
        )
    await ratelimit.charge_minting(request, auth.REALM, f"password-setup:{(address or '').strip().lower()}")
    await password_setup.send_link(
        session,
        context.secret_key,
        caller.tenant,
        auth.REALM,
        address or "",
        link_for=password_page.link_for(context.settings.public_url),
        field=field,
    )
    return no_content()


@router.post("/tokens/{token_id}/actions/login-test-customer", summary="postTokenTestCustomerLogin")
async def login_test_customer(token_id: str, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    """Log the business's test customer in to this device token (no password: it holds nothing of anyone's)."""
    token = own_token(caller, token_id, context.secret_key)
    client = await test_customers.ensure(session, caller.tenant)
    await customer_sessions.bind(session, token, client.id)
    return {"data": {"customer_id": str(client.id)}}
