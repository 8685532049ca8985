"""The front desk's client search and client pages, and the staff pages (issue 17)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from clientbook.core import client_search, conversations, profiles
from clientbook.core.errors import ClientNotFound, NoMobileNumber, OptedOut, StaffNotFound, ValidationFailed
from clientbook.core.sso import Contact
from clientbook.edge.deps import SessionDep

from .. import sessions
from ..pages import Pager, page, page_number, record_id, see_other
from ..sessions import CurrentUser, WebUser

router = APIRouter()
PAGE_SIZE = 25
MAX_QUERY = 200


@router.get("/clients")
async def search(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Live clients by name; `q` searches names, e-mail and phone numbers in any format (paged, `page=N`)."""
    q = (request.query_params.get("q") or "")[:MAX_QUERY]
    number = page_number(request.query_params.get("page"))
    result = await client_search.front_desk(session, user.tenant, q, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pager = Pager(number, PAGE_SIZE, result.total, result.has_next, "/clients", {"q": q})
    values = {"section": "clients", "q": q, "result": result, "pager": pager}
    return await page(request, session, user, "clients.html", values)


async def _client_page(request: Request, session: SessionDep, user: WebUser, client_id: int, **values: Any) -> Response:
    status = values.pop("status_code", 200)
    profile = await profiles.client_profile(session, user.tenant, client_id, mark_read=status == 200)
    context = {"section": "clients", "profile": profile, "sent": request.query_params.get("sent"), **values}
    return await page(request, session, user, "client.html", context, status)


@router.get("/clients/{client_id}")
async def client_page(request: Request, session: SessionDep, user: CurrentUser, client_id: str) -> Response:
    """One client: contact details, tags, notes, custom fields, appointments and the SMS conversation."""
    return await _client_page(request, session, user, record_id(client_id, ClientNotFound))


async def _send(
    request: Request, session: SessionDep, user: WebUser, contact: Contact
) -> tuple[str, str | None, int | None]:
    """Queue the composer's message; (draft, refusal, message id). A refusal writes nothing."""
    form = await request.form()
    sessions.check_csrf(user.csrf_token, form.get("csrf_token"))
    body = str(form.get("body") or "")
    try:
        sent = await conversations.reply(session, user.tenant, contact, body)
    except (ValidationFailed, NoMobileNumber, OptedOut) as error:
        return body, error.message, None
    return body, None, sent.message.id


@router.post("/clients/{client_id}/messages")
async def message_client(request: Request, session: SessionDep, user: CurrentUser, client_id: str) -> Response:
    """Send an SMS to the client from their page (starting a conversation or continuing one)."""
    contact = Contact("client", record_id(client_id, ClientNotFound))
    draft, refusal, sent = await _send(request, session, user, contact)
    if refusal is not None:
        return await _client_page(
            request, session, user, contact.id, compose_error=refusal, draft=draft, status_code=400
        )
    return see_other(f"/clients/{contact.id}?sent={sent}#conversation-heading")


async def _staff_page(request: Request, session: SessionDep, user: WebUser, staff_id: int, **values: Any) -> Response:
    status = values.pop("status_code", 200)
    profile = await profiles.staff_profile(session, user.tenant, staff_id, mark_read=status == 200)
    context = {"section": "staff", "profile": profile, "sent": request.query_params.get("sent"), **values}
    return await page(request, session, user, "staff.html", context, status)


@router.get("/staff/{staff_id}")
async def staff_page(request: Request, session: SessionDep, user: CurrentUser, staff_id: str) -> Response:
    """One staff member: contact details, appointments and the SMS conversation."""
    return await _staff_page(request, session, user, record_id(staff_id, StaffNotFound))


@router.post("/staff/{staff_id}/messages")
async def message_staff(request: Request, session: SessionDep, user: CurrentUser, staff_id: str) -> Response:
    contact = Contact("staff", record_id(staff_id, StaffNotFound))
    draft, refusal, sent = await _send(request, session, user, contact)
    if refusal is not None:
        return await _staff_page(
            request, session, user, contact.id, compose_error=refusal, draft=draft, status_code=400
        )
    return see_other(f"/staff/{contact.id}?sent={sent}#conversation-heading")
