"""Wired Client single sign-on (seed 000 §5–6; vendors.md W1, W2, W14).

The seed gives both calls the URI `/api/v1/clientsms`; we also serve them at distinct paths of our own invention,
`/api/v1/sso/contactlist` and `/api/v1/sso/unreadcontactlist` (W2), and answer an SSO-shaped body at
`/api/v1/clientsms` as the contact-list call (`sso_answer`). Statuses: 0; 2000 API credentials or a bad field;
1001 an unknown `business_account_number` (W7); 2001 account, password or `staff_id` (W1: 2001 means the account
here); 2003 an unknown `contact_id`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import accounts, sso, tenants
from clientbook.core import errors as core
from clientbook.edge import idempotency
from clientbook.edge.body import openapi_body, read_json_object
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.errors import within
from clientbook.edge.validation import validate

from . import auth, errors, wire

router = APIRouter(prefix="/api/v1")

SUCCESS_MESSAGE = "Success"
# Fields whose presence makes a /clientsms body a single sign-on call (W2).
SSO_FIELDS = ("account_name", "account_password", "business_account_number")


def _redirect(contact: sso.Contact | None, *, unread: bool) -> str:
    """The seed's redirect paths (§5–6); contactType is `client` or `staff` (vendors.md: values not documented)."""
    if unread:
        return "/messages/list?filter=unread"
    if contact is None:
        return "/messages/list"
    return "/messages/list?" + urlencode({"contactId": contact.id, "contactType": contact.type})


def login_url(public_url: str, token: str, redirect: str) -> str:
    """`{public}/#/user/auto-login?token=…&redirect=…`, the redirect URL-encoded inside its parameter (W14)."""
    return f"{public_url.rstrip('/')}/#/user/auto-login?" + urlencode({"token": token, "redirect": redirect})


async def _sign_on(
    request: Request, context: Context, session: AsyncSession, data: dict[str, Any], *, unread: bool
) -> wire.SsoResponse:
    pair = validate(wire.SsoCredentials, data)
    credentials = wire.Credentials.model_construct(
        api_key=pair.api_key, api_password=pair.api_password, account_number=""
    )
    owner = await auth.authenticate(request, session, context, credentials)
    tenant = auth.tenant_of(owner, credentials)
    await idempotency.claim(context, session, tenant)
    body = validate(wire.SsoRequest, data)
    tenants.check_business_number(owner.account_number, body.business_account_number, "business_account_number")
    signed_in = await accounts.authenticate(session, tenant, body.account_name, body.account_password)
    # 0 or null means "not given", as `id` 0 does on /staff and /client.
    if body.staff_id and body.staff_id != signed_in.account.staff_id:
        raise core.LoginFailed(errors.LOGIN_FAILED, field="staff_id")
    contact = None
    if body.contact_id and not unread:
        contact = await sso.find_contact(session, tenant, body.contact_id)
    issued = await sso.issue(session, context.secret_key, signed_in)
    url = login_url(context.settings.public_url, issued.token, _redirect(contact, unread=unread))
    return wire.SsoResponse(token=issued.token, login_url=url, status=errors.SUCCESS, message=SUCCESS_MESSAGE)


async def sign_on(
    request: Request, context: Context, session: AsyncSession, data: dict[str, Any] | None, *, unread: bool
) -> wire.SsoResponse:
    """Answer a single sign-on call (reading the body when `data` is None); refusals in the sign-on form, with
    the codes' sign-on meaning (`errors.SSO`)."""
    with within(errors.SSO):
        if data is None:
            data = await read_json_object(request, context.settings.max_body_bytes)
        return await _sign_on(request, context, session, data, unread=unread)


def is_sso(data: dict[str, Any]) -> bool:
    return any(field in data for field in SSO_FIELDS)


async def sso_answer(
    request: Request, context: Context, session: AsyncSession, data: dict[str, Any]
) -> JSONResponse | None:
    """For `/api/v1/clientsms`: the contact-list SSO answer when the body is SSO-shaped (W2), else None (an SMS).

    A JSONResponse, so the SMS route's response model does not apply to it.
    """
    if not is_sso(data):
        return None
    answer = await sign_on(request, context, session, data, unread=False)
    return JSONResponse(answer.model_dump())


@router.post("/sso/contactlist", response_model=wire.SsoResponse, openapi_extra=openapi_body(wire.SsoRequest))
async def contact_list(request: Request, context: ContextDep, session: SessionDep) -> wire.SsoResponse:
    """Single sign-on to the contact list (seed §5), filtered to `contact_id` when given. Path invented (W2)."""
    return await sign_on(request, context, session, None, unread=False)


@router.post("/sso/unreadcontactlist", response_model=wire.SsoResponse, openapi_extra=openapi_body(wire.SsoRequest))
async def unread_contact_list(request: Request, context: ContextDep, session: SessionDep) -> wire.SsoResponse:
    """Single sign-on to the unread contact list (seed §6). Path invented (W2)."""
    return await sign_on(request, context, session, None, unread=True)
