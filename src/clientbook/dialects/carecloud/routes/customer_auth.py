"""Customer actions about credentials: `verify-credentials`, `auth-token` and `verify-auth-token` (Enterprise API
only, as the spec says), and `validate-customer-data` (both interfaces, no authentication)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from clientbook.core import auth_tokens, customer_sessions
from clientbook.core.client_rules import check_password
from clientbook.edge import ratelimit
from clientbook.edge.deps import ContextDep, SessionDep

from .. import auth, wire_tokens
from ..auth import CallerDep
from ..conventions import Interface, body_id, only, render_datetime
from ._common import body
from .customers import RULES

router = APIRouter()
enterprise_only = [Depends(only(Interface.ENTERPRISE, resource="customers/actions"))]


@router.post(
    "/customers/actions/verify-credentials", summary="postCustomerVerifyCredentials", dependencies=enterprise_only
)
async def verify_credentials(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    """The customer whose login and password these are; 401 otherwise, as a failed login. Guesses are counted per
    login value as well as per caller, so one webservice login cannot try passwords on a customer unchecked."""
    given = await body(request, context, wire_tokens.VerifyCredentials)
    await ratelimit.charge_minting(request, auth.REALM, f"customer-login:{given.login_value.strip().lower()}")
    client = await customer_sessions.verify(session, caller.tenant, given.login_type, given.login_value, given.password)
    return {"data": {"customer_id": str(client.id)}}


@router.post("/customers/actions/auth-token", summary="postCustomersAuthToken", dependencies=enterprise_only)
async def auth_token(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    given = await body(request, context, wire_tokens.AuthTokenRequest)
    customer_id = body_id(given.customer_id, "customer_id", required=True)
    assert customer_id is not None
    issued = await auth_tokens.issue(
        session,
        context.secret_key,
        caller.tenant,
        auth.AUTH_TOKEN_REALMS,
        customer_id,
        given.external_application_id,
        numeric=given.token_type == 2,
    )
    return {
        "data": {
            "authentication_token": issued.token,
            "token_request_id": issued.request_id,
            "valid_to": render_datetime(issued.valid_to, caller.tenant.time_zone),
        }
    }


@router.post(
    "/customers/actions/verify-auth-token", summary="postCustomersVerifyAuthToken", dependencies=enterprise_only
)
async def verify_auth_token(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    """The customer an authentication token names; verifying uses the token up, like logging in with it."""
    given = await body(request, context, wire_tokens.RedeemAuthToken)
    await ratelimit.charge_minting(request, auth.REALM, f"auth-token:{given.application_id}")
    customer_id = await auth_tokens.redeem(
        session,
        context.secret_key,
        caller.tenant,
        auth.AUTH_TOKEN_REALMS,
        given.application_id,
        given.token,
        given.token_request_id,
    )
    return {"data": {"customer_id": str(customer_id)}}


@router.post("/customers/actions/validate-customer-data", summary="postCustomersValidateCustomerData")
async def validate_customer_data(request: Request, context: ContextDep) -> Any:
    """No authentication (spec): a registration form checks a password before it is sent. `password` is checked
    against the policy customers are held to; we keep no referral campaigns, so no referral code is valid."""
    await ratelimit.charge_address(request, auth.REALM)
    given = await body(request, context, wire_tokens.ValidateCustomerData)
    valid = given.type == "password" and check_password(given.value, RULES) is None
    return {"data": {"is_valid": valid}}
