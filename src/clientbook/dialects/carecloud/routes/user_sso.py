"""`POST /users/actions/sso-login`: a staff member arriving with a single sign-on token opens an enterprise session.

The token is the one Clientbook's single sign-on issues (a 3-minute JWT, usable once: `core/sso.py`); it must name
an account of the business whose external application id is given."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import credentials, sso
from clientbook.core.errors import InvalidSsoToken
from clientbook.edge import ratelimit
from clientbook.edge.deps import ContextDep, SessionDep

from .. import auth, mapping, wire_tokens
from ..conventions import enterprise_only, render_datetime
from ._common import body, wire_names

router = APIRouter(
    dependencies=enterprise_only("users"),
    route_class=wire_names(mapping.USER_WIRE_NAMES),
)


@router.post("/users/actions/sso-login", summary="postUserSsoLogin")
async def sso_login(request: Request, context: ContextDep, session: SessionDep) -> Any:
    given = await body(request, context, wire_tokens.SsoLogin)
    await ratelimit.charge_minting(request, auth.REALM, f"sso:{given.user_external_application_id}")
    application = await credentials.find_key(session, auth.APP_REALM, given.user_external_application_id)
    signed_in = await sso.consume(session, context.secret_key, given.sso_token)
    if application is None or not hmac.compare_digest(str(application[1].id), str(signed_in.account.business_id)):
        # The token is used up all the same: it was presented, and a single-use token is not tried twice.
        raise InvalidSsoToken("Invalid sign-in token for this application", field="sso_token")
    business = application[1]
    logged = await auth.open_bearer(
        session, context, business, ("staff", signed_in.staff.id), signed_in.account.account_name, signed_in.staff
    )
    user = {**mapping.user(signed_in.staff, business.time_zone), "login": signed_in.account.account_name}
    valid_to = render_datetime(logged.record.expires_at, business.time_zone)
    return {"data": {"bearer_token": logged.token, "valid_to": valid_to, "user": user}}
