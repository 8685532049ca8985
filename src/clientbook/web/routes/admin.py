"""Admin pages (issue 17), for a signed-in staff member whose account has the admin role: the business's staff
accounts (create, disable, reset a password) and its unmatched inbound SMS (assign to a client, or discard)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from clientbook.core import account_admin, accounts, client_search, staff, unmatched
from clientbook.core.errors import (
    AccountNotFound,
    ClientNotFound,
    Duplicate,
    MessageNotFound,
    StaffNotFound,
    ValidationFailed,
)
from clientbook.edge.deps import SessionDep

from .. import sessions
from ..pages import Pager, page, page_number, record_id, see_other
from ..sessions import CurrentUser, WebUser

router = APIRouter(prefix="/admin")
STAFF_CHOICES = 500
INBOX_PAGE = 50


async def admin_user(user: CurrentUser) -> WebUser:
    account_admin.require_admin(user.signed_in)
    return user


AdminUser = Annotated[WebUser, Depends(admin_user)]


async def _form(request: Request, user: WebUser) -> dict[str, str]:
    form = await request.form()
    sessions.check_csrf(user.csrf_token, form.get("csrf_token"))
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _message(error: ValidationFailed | Duplicate) -> str:
    return "; ".join(e.message for e in error.errors) if isinstance(error, ValidationFailed) else error.message


async def _accounts_page(
    request: Request, session: SessionDep, user: WebUser, status_code: int = 200, **values: Any
) -> Response:
    context = {
        "section": "admin",
        "accounts": await account_admin.list_accounts(session, user.tenant),
        "staff_members": await staff.list(session, user.tenant, limit=STAFF_CHOICES),
        "done": request.query_params.get("done"),
        "form": {},
        **values,
    }
    return await page(request, session, user, "admin_accounts.html", context, status_code)


@router.get("/accounts")
async def accounts_page(request: Request, session: SessionDep, user: AdminUser) -> Response:
    return await _accounts_page(request, session, user)


@router.post("/accounts")
async def create_account(request: Request, session: SessionDep, user: AdminUser) -> Response:
    form = await _form(request, user)
    staff_id = record_id(form.get("staff_id", ""), StaffNotFound)
    try:
        await accounts.create(
            session,
            user.tenant,
            staff_id,
            form.get("account_name", ""),
            form.get("password", ""),
            admin=form.get("is_admin") == "on",
        )
    except (ValidationFailed, Duplicate) as error:
        return await _accounts_page(request, session, user, 400, create_error=_message(error), form=form)
    return see_other("/admin/accounts?done=created")


@router.post("/accounts/{account_id}/disable")
async def disable_account(request: Request, session: SessionDep, user: AdminUser, account_id: str) -> Response:
    await _form(request, user)
    target = record_id(account_id, AccountNotFound)
    await account_admin.disable(session, user.tenant, target, by_account_id=user.signed_in.account.id)
    return see_other("/admin/accounts?done=disabled")


@router.post("/accounts/{account_id}/password")
async def reset_password(request: Request, session: SessionDep, user: AdminUser, account_id: str) -> Response:
    form = await _form(request, user)
    target = record_id(account_id, AccountNotFound)
    try:
        await account_admin.set_password(session, user.tenant, target, form.get("password", ""))
    except ValidationFailed as error:
        return await _accounts_page(request, session, user, 400, password_error=(target, _message(error)))
    return see_other("/admin/accounts?done=password")


@router.get("/inbox")
async def inbox(request: Request, session: SessionDep, user: AdminUser) -> Response:
    """The business's unmatched inbound SMS, newest first (paged)."""
    number = page_number(request.query_params.get("page"))
    found, total = await unmatched.page(session, user.tenant, offset=(number - 1) * INBOX_PAGE, limit=INBOX_PAGE)
    pager = Pager(number, INBOX_PAGE, total, (number - 1) * INBOX_PAGE + len(found) < total, "/admin/inbox", {})
    values = {"section": "admin", "messages": found, "total": total, "pager": pager}
    return await page(request, session, user, "admin_inbox.html", {**values, "done": request.query_params.get("done")})


@router.get("/inbox/{message_id}")
async def choose_client(request: Request, session: SessionDep, user: AdminUser, message_id: str) -> Response:
    """One unmatched message and a client search to assign it with."""
    message = await unmatched.get(session, user.tenant, record_id(message_id, MessageNotFound))
    q = (request.query_params.get("q") or "")[:200]
    result = await client_search.front_desk(session, user.tenant, q, limit=20) if q.strip() else None
    values = {"section": "admin", "message": message, "q": q, "result": result}
    return await page(request, session, user, "admin_assign.html", values)


@router.post("/inbox/{message_id}/assign")
async def assign(request: Request, session: SessionDep, user: AdminUser, message_id: str) -> Response:
    form = await _form(request, user)
    target = record_id(message_id, MessageNotFound)
    client_id = record_id(form.get("client_id", ""), ClientNotFound)
    await unmatched.assign(session, user.tenant, target, client_id)
    return see_other("/admin/inbox?done=assigned")


@router.post("/inbox/{message_id}/discard")
async def discard(request: Request, session: SessionDep, user: AdminUser, message_id: str) -> Response:
    await _form(request, user)
    await unmatched.discard(session, user.tenant, record_id(message_id, MessageNotFound))
    return see_other("/admin/inbox?done=discarded")
