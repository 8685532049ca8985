"""Enterprise-only resources: users (staff) and the user login, logout and token verification (vendors.md §2)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from clientbook.core import credentials, staff
from clientbook.core.errors import Reason, StaffNotFound, ValidationFailed
from clientbook.edge.deps import ContextDep, SessionDep

from .. import auth, mapping, wire
from ..auth import CallerDep
from ..conventions import enterprise_only, no_content, render_datetime, text_param
from ._common import body, one, small, wire_names

router = APIRouter(
    dependencies=enterprise_only("users"),
    route_class=wire_names(mapping.USER_WIRE_NAMES),
)


@router.post("/users/actions/login", summary="postUserLogin")
async def login(request: Request, context: ContextDep, session: SessionDep) -> Any:
    """A bearer token valid 7 hours; 200 (vendors.md C4) with `user_role_ids` (C3). The login is the webservice
    login `tenant create` issued, or a staff member's account (`clientbook account create`)."""
    given = await body(request, context, wire.UserLogin)
    logged = await auth.login(
        request, session, context, given.user_external_application_id, given.login, given.password
    )
    time_zone = logged.business.time_zone
    valid_to = render_datetime(logged.record.expires_at, time_zone)
    if logged.staff is not None:
        user = {**mapping.user(logged.staff, time_zone), "login": given.login}
    else:
        user = auth.webservice_user(given.login, logged.business)
    return {"data": {"bearer_token": logged.token, "valid_to": valid_to, "user": user}}


@router.post("/users/actions/logout", summary="postUserLogout", status_code=204)
async def logout(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.UserLogout)
    revoked = await credentials.revoke_token(session, context.secret_key, caller.tenant.business_id, given.bearer_token)
    if not revoked:
        raise ValidationFailed.single("bearer_token", Reason.NOT_FOUND, "bearer_token is not a live token")
    return no_content()


@router.post("/users/actions/verify-auth-token", summary="postUserVerifyAuthToken")
async def verify_auth_token(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    given = await body(request, context, wire.VerifyAuthToken)
    token = given.auth_token or given.token
    if not token:
        raise ValidationFailed.single("auth_token", Reason.REQUIRED, "auth_token is required")
    found = await credentials.find_token(session, context.secret_key, auth.REALM, token)
    if found is None or found[0].kind != auth.ENTERPRISE or found[1].id != caller.tenant.business_id:
        raise ValidationFailed.single("auth_token", Reason.NOT_FOUND, "auth_token is not a live token")
    return {"data": {"user_id": auth.user_id_of(found[0])}}


@router.get("/users", summary="getUsers")
async def list_users(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    tz = caller.tenant.time_zone
    users = [mapping.user(member, tz) for member in await staff.list(session, caller.tenant)]
    filters = {
        "email": text_param(request, "email"),
        "phone": text_param(request, "phone"),
        "login": text_param(request, "login"),
        "first_name": text_param(request, "first_name"),
        "last_name": text_param(request, "last_name"),
        "store_id": text_param(request, "store_id"),
    }
    for key, value in filters.items():
        if value is not None:
            wanted = value.lstrip("+").lower()
            users = [u for u in users if str(u.get(key) or "").lower() == wanted]
    return listed.answer("users", users)


@router.get("/users/{user_id}", summary="getUser")
async def get_user(user_id: str, caller: CallerDep, session: SessionDep) -> Any:
    """A staff member by id, or the webservice login by the `user_id` its login answered (its login name)."""
    webservice = await auth.webservice_user_named(session, caller.tenant.business_id, user_id)
    if webservice is not None:
        return {"data": webservice}
    member = await one(session, caller.tenant, staff.get, StaffNotFound, "users", user_id)
    return {"data": mapping.user(member, caller.tenant.time_zone)}
