"""Customer actions about credentials: `verify-credentials`, `auth-token` and `verify-auth-token` (Enterprise API
only, as the spec says), and `validate-customer-data` (both interfaces, no authentication)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import auth_tokens, customer_sessions
from clientbook.core.client_rules import check_password
from clientbook.edge import ratelimit
from clientbook.edge.deps import ContextDep, SessionDep

from .. import auth, wire_tokens
from ..auth import Caller, CallerDep
from ..conventions import render_datetime, required_id
from ._common import EnterpriseOnly, body
from .customers import RULES

router = APIRouter()
ENTERPRISE = EnterpriseOnly(router, "customers/actions")


@ENTERPRISE.post("/customers/actions/verify-credentials", summary="postCustomerVerifyCredentials")
async def verify_credentials(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    """The customer whose login and password these are; 401 otherwise, as a failed login. Guesses are counted per
    login value as well as per caller, so one webservice login cannot try passwords on a customer unchecked."""
    given = await body(request, context, wire_tokens.VerifyCredentials)
    await ratelimit.charge_minting(request, auth.REALM, f"customer-login:{given.login_value.strip().lower()}")
    client = await customer_sessions.verify(session, caller.tenant, given.login_type, given.login_value, given.password)
    return {"data": {"customer_id": str(client.id)}}


@ENTERPRISE.post("/customers/actions/auth-token", summary="postCustomersAuthToken")
async def auth_token(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    given = await body(request, context, wire_tokens.AuthTokenRequest)
    customer_id = required_id(given.customer_id, "customer_id")
    return await issue(
        session, context, caller, customer_id, given.external_application_id, numeric=given.token_type == 2
    )


async def issue(
    session: AsyncSession, context: Context, caller: Caller, customer_id: int, application_id: str, *, numeric: bool
) -> dict[str, Any]:
    """An authentication token for the customer and application, and its answer (auth-token, the device token's
    authentication-token); its use is `redeem`."""
    issued = await auth_tokens.issue(
        session,
        context.secret_key,
        caller.tenant,
        auth.AUTH_TOKEN_REALMS,
        customer_id,
        application_id,
        numeric=numeric,
    )
    return {
        "data": {
            "authentication_token": issued.token,
            "token_request_id": issued.request_id,
            "valid_to": render_datetime(issued.valid_to, caller.tenant.time_zone),
        }
    }


async def redeem(session: AsyncSession, context: Context, caller: Caller, given: wire_tokens.RedeemAuthToken) -> int:
    """The customer an authentication token names, the token used up (verify-auth-token, authentication-token-login)."""
    return await auth_tokens.redeem(
        session,
        context.secret_key,
        caller.tenant,
        auth.AUTH_TOKEN_REALMS,
        given.application_id,
        given.token,
        given.token_request_id,
    )


@ENTERPRISE.post("/customers/actions/verify-auth-token", summary="postCustomersVerifyAuthToken")
async def verify_auth_token(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    """The customer an authentication token names; verifying uses the token up, like logging in with it."""
    given = await body(request, context, wire_tokens.RedeemAuthToken)
    await ratelimit.charge_minting(request, auth.REALM, f"auth-token:{given.application_id}")
    customer_id = await redeem(session, context, caller, given)
    return {"data": {"customer_id": str(customer_id)}}


@router.post("/customers/actions/validate-customer-data", summary="postCustomersValidateCustomerData")
async def validate_customer_data(request: Request, context: ContextDep) -> Any:
    """No authentication (spec): a registration form checks a password before it is sent. `password` is checked
    against the policy customers are held to; we keep no referral campaigns, so no referral code is valid."""
    await ratelimit.charge_address(request, auth.REALM)
    given = await body(request, context, wire_tokens.ValidateCustomerData)
    valid = given.type == "password" and check_password(given.value, RULES) is None
    return {"data": {"is_valid": valid}}
