"""The front desk's client search and client pages, and the staff pages (issue 17)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import client_search, conversations, profiles
from clientbook.core.errors import (
    ClientNotFound,
    NoMobileNumber,
    NotFound,
    OptedOut,
    StaffNotFound,
    ValidationFailed,
)
from clientbook.core.sso import Contact, ContactType
from clientbook.core.types import Tenant
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


class _Profile(Protocol):
    """`core.profiles.client_profile` or `staff_profile`."""

    async def __call__(
        self, session: AsyncSession, tenant: Tenant, contact_id: int, /, *, mark_read: bool
    ) -> object: ...


@dataclass(frozen=True)
class _Contacts:
    """The page of one kind of contact: /clients/{id} or /staff/{id}, with its SMS composer posting to …/messages."""

    kind: ContactType
    section: str
    template: str
    missing: type[NotFound]
    profile: _Profile


CLIENTS = _Contacts("client", "clients", "client.html", ClientNotFound, profiles.client_profile)
STAFF = _Contacts("staff", "staff", "staff.html", StaffNotFound, profiles.staff_profile)


async def _profile_page(
    request: Request, session: SessionDep, user: WebUser, of: _Contacts, contact_id: int, **values: Any
) -> Response:
    status = values.pop("status_code", 200)
    profile = await of.profile(session, user.tenant, contact_id, mark_read=status == 200)
    context = {"section": of.section, "profile": profile, "sent": request.query_params.get("sent"), **values}
    return await page(request, session, user, of.template, context, status)


async def _message(request: Request, session: SessionDep, user: WebUser, of: _Contacts, raw_id: str) -> Response:
    """Queue the composer's message and go back to the page; a refusal shows the page again with the reason beside
    the form and the draft kept, having written nothing."""
    contact = Contact(of.kind, record_id(raw_id, of.missing))
    form = await request.form()
    sessions.check_csrf(user.csrf_token, form.get("csrf_token"))
    body = str(form.get("body") or "")
    try:
        sent = await conversations.reply(session, user.tenant, contact, body)
    except (ValidationFailed, NoMobileNumber, OptedOut) as error:
        return await _profile_page(
            request, session, user, of, contact.id, compose_error=error.message, draft=body, status_code=400
        )
    return see_other(f"/{of.section}/{contact.id}?sent={sent.message.id}#conversation-heading")


@router.get("/clients/{client_id}")
async def client_page(request: Request, session: SessionDep, user: CurrentUser, client_id: str) -> Response:
    """One client: contact details, tags, notes, custom fields, appointments and the SMS conversation."""
    return await _profile_page(request, session, user, CLIENTS, record_id(client_id, ClientNotFound))


@router.post("/clients/{client_id}/messages")
async def message_client(request: Request, session: SessionDep, user: CurrentUser, client_id: str) -> Response:
    """Send an SMS to the client from their page (starting a conversation or continuing one)."""
    return await _message(request, session, user, CLIENTS, client_id)


@router.get("/staff/{staff_id}")
async def staff_page(request: Request, session: SessionDep, user: CurrentUser, staff_id: str) -> Response:
    """One staff member: contact details, appointments and the SMS conversation."""
    return await _profile_page(request, session, user, STAFF, record_id(staff_id, StaffNotFound))


@router.post("/staff/{staff_id}/messages")
async def message_staff(request: Request, session: SessionDep, user: CurrentUser, staff_id: str) -> Response:
    return await _message(request, session, user, STAFF, staff_id)
